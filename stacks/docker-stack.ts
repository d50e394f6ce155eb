/** DockerStack: composition only. Providers, the Docker system, the host's daemon.json, the policy pack. */
import type { Construct } from "constructs";
import { LocalBackend, TerraformStack } from "cdktf";
import { DockerProvider } from "@cdktf/provider-docker/lib/provider";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { TlsProvider } from "@cdktf/provider-tls/lib/provider";
import type { InfraConfig } from "../config/schema";
import { DockerSystem } from "../constructs/docker/system";
import { SwarmHostHardening } from "../constructs/docker/swarm-host-hardening";

export class DockerStack extends TerraformStack {
  readonly system: DockerSystem;

  constructor(scope: Construct, id: string, config: InfraConfig) {
    super(scope, id);
    // State holds secret values (passwords, keys): keep it out of cdktf.out (replaced on every synth), at the
    // project root, relative to the stack folder so the synthesized JSON has no machine-specific path.
    // Store it on an encrypted disk, or move to an encrypted remote backend (see README).
    new LocalBackend(this, { path: `../../../terraform.${id}.tfstate` });
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
