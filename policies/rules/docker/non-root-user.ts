import { eachService } from "../../rule-helpers";
import type { Rule } from "../../types";

export const nonRootUser: Rule = {
  id: "DKR-001",
  title: "Services run as a numeric non-root uid:gid",
  severity: "error",
  controls: ["C-01"],
  unsuppressible: true,
  explanation: "Without `user`, the image's USER applies, often root; a named user may map to uid 0 and hides the real uid.",
  remediation: 'Set task_spec.container_spec.user to a numeric "uid:gid" other than 0 (HardenedService requires it).',
  sources: ["CIS-D 4.1", "CKV_DOCKER_3", "CKV_DOCKER_8", "TRV DS-0002", "OWASP-D #2"],
  check: (doc) =>
    eachService(doc, (spec) => {
      const user = spec.user;
      if (typeof user !== "string") return "no user set: the image's default (often root) applies";
      const m = /^(\d+):(\d+)$/.exec(user);
      if (!m) return `user "${user}" is not a numeric uid:gid`;
      if (m[1] === "0" || m[2] === "0") return `user "${user}" is root (uid or gid 0)`;
      return undefined;
    }),
};
