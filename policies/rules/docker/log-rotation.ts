import { get } from "../../tf";
import { eachService } from "../../rule-helpers";
import type { Rule } from "../../types";

export const logRotation: Rule = {
  id: "DKR-009",
  title: "Container logs are bounded",
  severity: "error",
  controls: ["C-14"],
  explanation: "json-file does no rotation by default; an unbounded log fills the node's disk.",
  remediation: 'Set task_spec.log_driver { name = "local" (or "json-file"), options = { max-size = "10m", max-file = "3" } }.',
  sources: ["CIS-D 2.13", "FSBP ECS.9", "https://docs.docker.com/engine/logging/configure/"],
  check: (doc) =>
    eachService(doc, (_spec, s) => {
      const ld = get(s.body, "task_spec", "log_driver") as Record<string, unknown> | undefined;
      if (!ld) return "no log_driver: the daemon default applies";
      const opts = (ld.options ?? {}) as Record<string, unknown>;
      if (ld.name === "local" || ld.name === "json-file") {
        return opts["max-size"] && opts["max-file"] ? undefined : `${String(ld.name)} without max-size and max-file`;
      }
      return ["journald", "syslog", "fluentd", "gelf", "awslogs"].includes(String(ld.name))
        ? undefined
        : `log driver "${String(ld.name)}" has no known bound`;
    }),
};
