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

export const noRootCapabilities: Rule = {
  id: "DKR-020",
  title: "No root-equivalent capability is ever added",
  severity: "error",
  controls: ["C-03", "C-05"],
  unsuppressible: true,
  explanation: `Some capabilities are root on the host or break isolation outright: ${FORBIDDEN_CAPABILITIES.join(", ")}. No reason makes them acceptable.`,
  remediation: "Remove the capability; redesign the service so it does not need it (e.g. bind high ports, drop raw sockets).",
  sources: ["CIS-D 5.4", "CIS-D 5.5", "OWASP-D #3"],
  check: (doc) =>
    eachWorkload(doc, (w) => {
      const bad = w.capAdd.map((c) => c.toUpperCase().replace(/^CAP_/, "")).filter((c) => FORBIDDEN_CAPABILITIES.includes(c));
      return bad.length ? `adds root-equivalent capabilities: ${bad.join(", ")}` : undefined;
    }),
};
