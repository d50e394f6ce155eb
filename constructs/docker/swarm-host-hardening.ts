/**
 * SwarmHostHardening: the host settings a Swarm stack relies on but cannot apply through the Docker API.
 * Renders daemon.json (no-new-privileges for every container, C-04; bounded logs, C-14) next to the synthesized
 * stack, and as the output `docker_daemon_json` so the policy pack (and reviewers) can check it in the JSON.
 */
import { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import { DAEMON_JSON_OUTPUT } from "../../policies/rules/docker/daemon-no-new-privileges";
import { daemonJsonText, type DaemonJsonOptions } from "../render/daemon-json";
import { HostArtifact } from "./host-artifact";

export class SwarmHostHardening extends Construct {
  /** The rendered daemon.json text. */
  readonly daemonJson: string;

  constructor(scope: Construct, id: string, options: DaemonJsonOptions = {}) {
    super(scope, id);
    this.daemonJson = daemonJsonText(options);
    new HostArtifact(this, "daemon-json", { fileName: "daemon.json", content: this.daemonJson });
    const output = new TerraformOutput(this, "output", {
      value: this.daemonJson,
      description: "Install as /etc/docker/daemon.json on every Swarm node, then restart dockerd (C-04, C-14).",
    });
    output.overrideLogicalId(DAEMON_JSON_OUTPUT);
  }
}
