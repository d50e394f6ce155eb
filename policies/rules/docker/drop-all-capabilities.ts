import { eachWorkload } from "../../workloads";
import type { Rule } from "../../types";

export const dropAllCapabilities: Rule = {
  id: "DKR-003",
  title: "All capabilities dropped; any added back needs a suppression with its reason",
  severity: "error",
  controls: ["C-03"],
  explanation:
    "Docker's default capability set includes CHOWN, DAC_OVERRIDE, SETUID, NET_RAW and more than most services need. " +
    "Adding one back is an exception a reviewer must see: it needs a suppression with the reason (HardenedService capAdd records one).",
  remediation:
    'Set cap_drop = ["ALL"]; add back a capability only through HardenedService capAdd (or suppress(resource, "DKR-003", reason)).',
  sources: ["CIS-D 5.4", "OWASP-D #3", "KICS-DC ce76b7d0-9e77-464d-b86f-c5c48e03e22d"],
  check: (doc) =>
    eachWorkload(doc, (w) => {
      const problems: string[] = [];
      if (!w.capDrop.map((c) => c.toUpperCase().replace(/^CAP_/, "")).includes("ALL")) problems.push("cap_drop does not contain ALL");
      if (w.capAdd.length) problems.push(`adds capabilities back: ${w.capAdd.join(", ")}`);
      return problems;
    }),
};
