import { eachWorkload } from "../../workloads";
import type { Rule } from "../../types";

/** Group names that are root-equivalent on a Docker host or in common images. */
const PRIVILEGED_GROUPS = new Set(["0", "root", "docker", "wheel", "sudo", "adm", "disk", "shadow"]);

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
  check: (doc) =>
    eachWorkload(doc, (w) => {
      const problems: string[] = [];
      const user = w.user;
      if (typeof user !== "string" || user === "") problems.push("no user set: the image's default (often root) applies");
      else {
        const m = /^(\d+):(\d+)$/.exec(user);
        if (!m) problems.push(`user "${user}" is not a numeric uid:gid`);
        else if (Number(m[1]) === 0 || Number(m[2]) === 0) problems.push(`user "${user}" is root (uid or gid 0)`);
        else if (Number(m[1]) > 2147483647 || Number(m[2]) > 2147483647) problems.push(`user "${user}" is out of range`);
      }
      const bad = w.groups.filter((g) => PRIVILEGED_GROUPS.has(g.trim()) || /^0+$/.test(g.trim()));
      if (bad.length) problems.push(`privileged supplementary groups: ${bad.join(", ")}`);
      return problems;
    }),
};
