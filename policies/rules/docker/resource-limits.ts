import { eachWorkload } from "../../workloads";
import type { Rule } from "../../types";

export const resourceLimits: Rule = {
  id: "DKR-006",
  title: "Memory and CPU limits set",
  severity: "error",
  controls: ["C-09", "C-10"],
  explanation: "Without limits one service can exhaust the node's memory or CPU and take the others down.",
  remediation: "Set task_spec.resources.limits.memory_bytes and nano_cpus (docker_container: memory and cpus).",
  sources: ["CIS-D 5.11", "CIS-D 5.12", "OWASP-D #7"],
  check: (doc) =>
    eachWorkload(doc, (w) => {
      const missing = [...(w.memoryLimit && w.memoryLimit > 0 ? [] : ["memory"]), ...(w.cpuLimit && w.cpuLimit > 0 ? [] : ["cpu"])];
      return missing.length ? `no limit: ${missing.join(", ")}` : undefined;
    }),
};
