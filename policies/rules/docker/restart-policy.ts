import { get } from "../../tf";
import { eachService } from "../../rule-helpers";
import type { Rule } from "../../types";

export const restartPolicy: Rule = {
  id: "DKR-008",
  title: "Restarts are bounded",
  severity: "error",
  controls: ["C-13"],
  explanation: "An unbounded restart loop hides a crashing service and can be used to exhaust the host.",
  remediation: 'Set task_spec.restart_policy { condition = "on-failure", max_attempts = 5 }.',
  sources: ["CIS-D 5.15"],
  check: (doc) =>
    eachService(doc, (_spec, s) => {
      const rp = get(s.body, "task_spec", "restart_policy") as Record<string, unknown> | undefined;
      if (!rp) return "no restart_policy (Swarm's default restarts forever)";
      if (rp.condition === "any") return 'restart_policy.condition = "any" restarts even after a clean exit';
      if (!(typeof rp.max_attempts === "number" && rp.max_attempts > 0)) return "restart_policy.max_attempts is not bounded";
      return undefined;
    }),
};
