import { eachWorkload, userProblems } from "../../workloads";
import type { Rule } from "../../types";

export const nonRootUser: Rule = {
  id: "DKR-001",
  title: "Services run as a numeric non-root uid:gid",
  severity: "error",
  controls: ["C-01"],
  unsuppressible: true,
  explanation:
    'Without `user`, the image\'s USER applies, often root; a name may map to uid 0, and "00" is uid 0 to runc. ' +
    "Supplementary groups such as 0, docker or disk give root-equivalent access too.",
  remediation: 'Set a numeric "uid:gid" other than 0 (HardenedService requires it) and no privileged supplementary groups.',
  sources: ["CIS-D 4.1", "CKV_DOCKER_3", "CKV_DOCKER_8", "TRV DS-0002", "OWASP-D #2", "FSBP ECS.1"],
  check: (doc) => eachWorkload(doc, (w) => userProblems(w.user, w.groups)),
};
