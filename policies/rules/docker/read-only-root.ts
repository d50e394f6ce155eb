import { SYSTEM_PATHS, eachWorkload, under } from "../../workloads";
import type { Rule } from "../../types";

export const readOnlyRoot: Rule = {
  id: "DKR-002",
  title: "Root filesystem is read-only",
  severity: "error",
  controls: ["C-02"],
  explanation:
    "A writable root lets an attacker alter binaries and configuration; a writable mount over / or a system " +
    "directory (/etc, /usr, /bin…) undoes a read-only root. Writable paths should be explicit data or tmpfs mounts.",
  remediation: "Set read_only = true and mount a tmpfs or volume on each path the process writes (never over system directories).",
  sources: ["CIS-D 5.13", "FSBP ECS.5", "CKV_AWS_336", "OWASP-D #8"],
  check: (doc) =>
    eachWorkload(doc, (w) => [
      ...(w.readOnly ? [] : ["read_only is not true: the root filesystem is writable"]),
      ...w.mounts.filter((m) => !m.readOnly && under(m.target, SYSTEM_PATHS)).map((m) => `a writable ${m.type} mount covers ${m.target}`),
    ]),
};
