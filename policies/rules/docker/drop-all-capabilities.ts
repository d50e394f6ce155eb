import { get } from "../../tf";
import { eachWorkload } from "../../workloads";
import type { Rule } from "../../types";

/** Capabilities that amount to root on the host or break isolation: never added back, whatever the reason. */
export const FORBIDDEN_CAPABILITIES = [
  "ALL",
  "SYS_ADMIN",
  "NET_ADMIN",
  "SYS_PTRACE",
  "SYS_MODULE",
  "SYS_RAWIO",
  "SYS_BOOT",
  "SYS_TIME",
  "DAC_READ_SEARCH",
  "DAC_OVERRIDE",
  "MAC_ADMIN",
  "MAC_OVERRIDE",
  "BPF",
  "PERFMON",
  "SYSLOG",
  "NET_RAW",
  "SETFCAP",
  "LINUX_IMMUTABLE",
];

const norm = (c: string) => c.toUpperCase().replace(/^CAP_/, "");

export const dropAllCapabilities: Rule = {
  id: "DKR-003",
  title: "All capabilities dropped; only harmless ones added back, each with a reason",
  severity: "error",
  controls: ["C-03"],
  explanation:
    "Docker's default capability set includes CHOWN, DAC_OVERRIDE, SETUID, NET_RAW and more than most services need. " +
    `Some capabilities are root-equivalent and are never acceptable: ${FORBIDDEN_CAPABILITIES.join(", ")}.`,
  remediation: 'Set cap_drop = ["ALL"]; add back a capability only through HardenedService capAdd, with a reason.',
  sources: ["CIS-D 5.4", "OWASP-D #3", "KICS-DC ce76b7d0-9e77-464d-b86f-c5c48e03e22d"],
  check: (doc) =>
    eachWorkload(doc, (w) => {
      const problems: string[] = [];
      if (!w.capDrop.map(norm).includes("ALL")) problems.push("cap_drop does not contain ALL");
      const forbidden = w.capAdd.map(norm).filter((c) => FORBIDDEN_CAPABILITIES.includes(c));
      if (forbidden.length) problems.push(`adds root-equivalent capabilities: ${forbidden.join(", ")}`);
      const reasons = (get(w.resource.body, "//", "capabilityReasons") ?? {}) as Record<string, unknown>;
      const missing = w.capAdd.filter((c) => typeof reasons[c] !== "string" || (reasons[c] as string).length < 20);
      if (missing.length) problems.push(`capabilities added without a reason: ${missing.join(", ")}`);
      return problems;
    }),
};
