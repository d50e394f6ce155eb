/**
 * ConfigFile: a non-secret file (nginx.conf, Prometheus rules…) as a Swarm `docker_config`.
 * Configs are immutable, so the name carries a hash of the content: a change creates a new config and rolls the
 * service, and create_before_destroy keeps the old one until the service has moved.
 */
import { Construct } from "constructs";
import { Config } from "@cdktf/provider-docker/lib/config";
import { z } from "zod";
import type { Naming } from "../naming";
import { parseProps } from "../props";

export const configFileProps = z.strictObject({
  /** Name parts after the project/environment prefix, e.g. ["nginx", "conf"]. */
  nameParts: z.array(z.string()).min(1),
  /** File content, rendered in TypeScript (base64-encoded here, not with Fn.base64encode). */
  content: z.string(),
});
export type ConfigFileProps = z.input<typeof configFileProps>;

export class ConfigFile extends Construct {
  readonly config: Config;
  constructor(scope: Construct, id: string, naming: Naming, props: ConfigFileProps) {
    // Validate before joining the tree: bad props leave the construct tree unchanged.
    const p = parseProps(configFileProps, props, `${scope.node.path}/${id}`);
    super(scope, id);
    this.config = new Config(this, "config", {
      name: naming.versioned(p.content, ...p.nameParts),
      data: Buffer.from(p.content, "utf8").toString("base64"),
      lifecycle: { createBeforeDestroy: true },
    });
  }
}
