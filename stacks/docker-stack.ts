/** DockerStack: composition only. Providers, the Docker system, the host's daemon.json, the policy pack. */
import type { Construct } from "constructs";
import { TerraformOutput, TerraformStack } from "cdktf";
import { DockerProvider } from "@cdktf/provider-docker/lib/provider";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { TlsProvider } from "@cdktf/provider-tls/lib/provider";
import type { InfraConfig } from "../config/schema";
import { DockerSystem } from "../constructs/docker/system";
import { HostArtifact } from "../constructs/docker/host-artifact";
import { daemonJsonText } from "../constructs/render/daemon-json";

export class DockerStack extends TerraformStack {
  readonly system: DockerSystem;

  constructor(scope: Construct, id: string, config: InfraConfig) {
    super(scope, id);
    new DockerProvider(this, "docker", {
      host: config.docker.host,
      certPath: config.docker.certPath,
      sshOpts: config.docker.sshOpts,
    });
    new RandomProvider(this, "random");
    new TlsProvider(this, "tls");
    this.system = new DockerSystem(this, "system", config);
    const daemonJson = daemonJsonText();
    new HostArtifact(this, "daemon-json", { fileName: "daemon.json", content: daemonJson });
    new TerraformOutput(this, "docker_daemon_json", {
      value: daemonJson,
      description: "Install as /etc/docker/daemon.json on every Swarm node (no-new-privileges, log limits; C-04).",
    });
  }
}
