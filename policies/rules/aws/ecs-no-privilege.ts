import { arr, eachContainer, isTrue, str } from "../../aws";
import { get } from "../../tf";
import type { Rule } from "../../types";
import { FORBIDDEN_CAPABILITIES } from "../docker/no-root-capabilities";

export const ecsNoPrivilege: Rule = {
  id: "AWS-004",
  title: "ECS tasks are not privileged and share no host namespace",
  severity: "error",
  controls: ["C-05", "C-06", "C-07", "C-08", "C-18", "C-03"],
  unsuppressible: true,
  explanation:
    "A privileged container, the host's network, PID or IPC namespace, an unconfined seccomp/AppArmor profile or a " +
    `root-equivalent capability (${FORBIDDEN_CAPABILITIES.join(", ")}) each hand the container the host. ` +
    "No reason makes them acceptable (Checkov CKV_AWS_334/335 miss two of these, E-14).",
  remediation:
    'Remove "privileged" (or set false), never network_mode "host" (Fargate: "awsvpc"), leave pid_mode/ipc_mode unset (or "task"), drop dockerSecurityOptions and the capability.',
  sources: ["FSBP ECS.4", "FSBP ECS.3", "FSBP ECS.1", "CKV_AWS_334", "CKV_AWS_335", "CIS-D 5.5", "CIS-D 5.16", "CIS-D 5.17", "CIS-D 5.2"],
  check: (doc) =>
    eachContainer(doc, (c) => {
      const p: string[] = [];
      const t = c.task.body;
      if (isTrue(c.def.privileged)) p.push("privileged is true");
      if (str(t.network_mode) === "host") p.push('network_mode is "host"');
      if (str(t.pid_mode) === "host") p.push('pid_mode is "host"');
      if (str(t.ipc_mode) === "host") p.push('ipc_mode is "host"');
      const opts = arr(c.def.dockerSecurityOptions).map(str);
      const unconfined = opts.filter((o) => /unconfined|no-new-privileges[:=]false/i.test(o));
      if (unconfined.length) p.push(`dockerSecurityOptions weaken confinement: ${unconfined.join(", ")}`);
      const add = arr(get(c.def, "linuxParameters", "capabilities", "add")).map((x) => str(x).toUpperCase().replace(/^CAP_/, ""));
      const bad = add.filter((x) => FORBIDDEN_CAPABILITIES.includes(x));
      if (bad.length) p.push(`adds root-equivalent capabilities: ${bad.join(", ")}`);
      if (arr(get(c.def, "linuxParameters", "devices")).length) p.push("maps host devices into the container");
      return p;
    }),
};
