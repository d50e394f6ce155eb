import { eachWorkload } from "../../workloads";
import type { Rule } from "../../types";

export const logRotation: Rule = {
  id: "DKR-009",
  title: "Container logs are bounded",
  severity: "error",
  controls: ["C-14"],
  explanation: "json-file does no rotation by default; an unbounded log fills the node's disk.",
  remediation: 'Set log_driver { name = "local" (or "json-file"), options = { max-size = "10m", max-file = "3" } }.',
  sources: ["CIS-D 2.13", "FSBP ECS.9", "https://docs.docker.com/engine/logging/configure/"],
  check: (doc) =>
    eachWorkload(doc, (w) => {
      const ld = w.logDriver;
      if (!ld) return "no log driver: the daemon default applies";
      if (ld.name === "local" || ld.name === "json-file") {
        return ld.options["max-size"] && ld.options["max-file"] ? undefined : `${ld.name} without max-size and max-file`;
      }
      return ["journald", "syslog", "fluentd", "gelf", "awslogs"].includes(ld.name)
        ? undefined
        : `log driver "${ld.name}" has no known bound`;
    }),
};
