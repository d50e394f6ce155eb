import { get } from "../../tf";
import { eachService } from "../../rule-helpers";
import type { Rule } from "../../types";

export const dropAllCapabilities: Rule = {
  id: "DKR-003",
  title: "All capabilities dropped; any added back carries a reason",
  severity: "error",
  controls: ["C-03"],
  explanation: "Docker's default capability set includes CHOWN, DAC_OVERRIDE, SETUID, NET_RAW and more than most services need.",
  remediation: 'Set cap_drop = ["ALL"]; add back a capability only through HardenedService capAdd with a reason.',
  sources: ["CIS-D 5.4", "OWASP-D #3", "KICS-DC ce76b7d0-9e77-464d-b86f-c5c48e03e22d"],
  check: (doc) =>
    eachService(doc, (spec, service) => {
      const drop = Array.isArray(spec.cap_drop) ? spec.cap_drop.map(String) : [];
      if (!drop.some((c) => c.toUpperCase() === "ALL" || c.toUpperCase() === "CAP_ALL")) return "cap_drop does not contain ALL";
      const add = Array.isArray(spec.cap_add) ? spec.cap_add.map(String) : [];
      const reasons = (get(service.body, "//", "capabilityReasons") ?? {}) as Record<string, unknown>;
      const missing = add.filter((c) => typeof reasons[c] !== "string" || (reasons[c] as string).length < 20);
      return missing.length ? `capabilities added without a reason: ${missing.join(", ")}` : undefined;
    }),
};
