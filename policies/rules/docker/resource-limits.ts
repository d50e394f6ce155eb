import { get } from "../../tf";
import { eachService } from "../../rule-helpers";
import type { Rule } from "../../types";

export const resourceLimits: Rule = {
  id: "DKR-006",
  title: "Memory and CPU limits set",
  severity: "error",
  controls: ["C-09", "C-10"],
  explanation: "Without limits one service can exhaust the node's memory or CPU and take the others down.",
  remediation: "Set task_spec.resources.limits.memory_bytes and nano_cpus (and reservations).",
  sources: ["CIS-D 5.11", "CIS-D 5.12", "OWASP-D #7"],
  check: (doc) =>
    eachService(doc, (_spec, s) => {
      const limits = get(s.body, "task_spec", "resources", "limits") as Record<string, unknown> | undefined;
      const missing = ["memory_bytes", "nano_cpus"].filter((k) => !(typeof limits?.[k] === "number" && (limits[k] as number) > 0));
      return missing.length ? `no limit: ${missing.join(", ")}` : undefined;
    }),
};
