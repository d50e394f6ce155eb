import { eachWorkload } from "../../workloads";
import type { Rule } from "../../types";

export const restartPolicy: Rule = {
  id: "DKR-008",
  title: "Restarts are bounded",
  severity: "error",
  controls: ["C-13"],
  explanation:
    "An unbounded restart loop hides a crashing service and can be used to exhaust the host. Swarm's default " +
    "condition is any; max_attempts counts only within `window`, so a window makes the bound per window, not total.",
  remediation:
    'Set restart_policy { condition = "on-failure", max_attempts = 5, window = "0s" } (docker_container: restart = "on-failure", max_retry_count = 5).',
  sources: ["CIS-D 5.15"],
  check: (doc) =>
    eachWorkload(doc, (w) => {
      const r = w.restart;
      if (!r.condition) return "no restart condition: Swarm restarts on any exit, forever";
      if (r.condition === "any") return 'restart condition "any" restarts even after a clean exit';
      if (r.condition === "none") return undefined;
      if (!(r.maxAttempts && r.maxAttempts > 0)) return "max_attempts is not bounded";
      if (r.window && !/^0+[smh]?$/.test(r.window))
        return `max_attempts only counts restarts within window ${r.window}: the total is unbounded`;
      return undefined;
    }),
};
