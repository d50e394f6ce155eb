import { get, isTrue, resources, strings } from "../../tf";
import type { Rule } from "../../types";

export const defaultSecurityProfiles: Rule = {
  id: "DKR-019",
  title: "Default seccomp, AppArmor and SELinux confinement stay on",
  severity: "error",
  controls: ["C-18"],
  explanation: "Turning confinement off re-opens hundreds of syscalls and kernel interfaces to the container.",
  remediation: "Remove seccomp=unconfined / apparmor=unconfined / label=disable and privileges.se_linux_context.disable.",
  sources: ["CIS-D 5.2", "CIS-D 5.22", "OWASP-D #6"],
  check: (doc) => [
    ...resources(doc, "docker_container")
      .filter((c) => strings(c.body.security_opts).some((o) => /unconfined|label[:=]disable/.test(o)))
      .map((c) => ({ address: c.address, message: "security_opts disable confinement" })),
    ...resources(doc, "docker_service")
      .filter((s) => isTrue(get(s.body, "task_spec", "container_spec", "privileges", "se_linux_context", "disable")))
      .map((s) => ({ address: s.address, message: "SELinux confinement disabled" })),
  ],
};
