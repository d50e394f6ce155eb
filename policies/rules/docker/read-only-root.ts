import { list } from "../../tf";
import { eachService } from "../../rule-helpers";
import type { Rule } from "../../types";

export const readOnlyRoot: Rule = {
  id: "DKR-002",
  title: "Root filesystem is read-only",
  severity: "error",
  controls: ["C-02"],
  explanation: "A writable root lets an attacker alter binaries and configuration; writable paths should be explicit mounts.",
  remediation: "Set container_spec.read_only = true and mount a tmpfs or volume on each path the process writes.",
  sources: ["CIS-D 5.13", "FSBP ECS.5", "CKV_AWS_336", "OWASP-D #8"],
  check: (doc) =>
    eachService(doc, (spec) => {
      if (spec.read_only !== true) return "read_only is not true: the root filesystem is writable";
      if (list(spec, "mounts").some((m) => m.target === "/" && m.read_only !== true)) return "a writable mount covers /";
      return undefined;
    }),
};
