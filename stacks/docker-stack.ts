/** DockerStack: composition only. Providers, the Docker system, the host's daemon.json, the policy pack. */
import type { Construct } from "constructs";
import { TerraformStack } from "cdktf";
import { DockerProvider } from "@cdktf/provider-docker/lib/provider";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { TlsProvider } from "@cdktf/provider-tls/lib/provider";
import type { InfraConfig } from "../config/schema";
import { DockerSystem } from "../constructs/docker/system";
import { SwarmHostHardening } from "../constructs/docker/swarm-host-hardening";
import { useStateBackend } from "../constructs/state-backend";

export class DockerStack extends TerraformStack {
  readonly system: DockerSystem;

  constructor(scope: Construct, id: string, config: InfraConfig) {
    super(scope, id);
    // State holds secret values (passwords, keys): local (development, on an encrypted disk) or the encrypted,
    // locked S3 backend of the aws-state stack (README).
    useStateBackend(this, config.state);
    new DockerProvider(this, "docker", {
      host: config.docker.host,
      certPath: config.docker.certPath,
      sshOpts: config.docker.sshOpts,
    });
    new RandomProvider(this, "random");
    new TlsProvider(this, "tls");
    this.system = new DockerSystem(this, "system", config);
    new SwarmHostHardening(this, "host");
  }
}
