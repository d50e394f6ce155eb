import { arr, eachContainer, isFalse, str } from "../../aws";
import { get } from "../../tf";
import type { Rule } from "../../types";

export const ecsHealthCheck: Rule = {
  id: "AWS-006",
  title: "ECS containers are essential and have a health check",
  severity: "error",
  controls: ["C-12", "C-13"],
  explanation:
    "ECS replaces a task only when an essential container stops or fails its health check; without one a hung process " +
    "keeps serving errors, and a non-essential container may die unnoticed.",
  remediation: 'Set "essential": true and "healthCheck": {"command": ["CMD", …], "interval", "timeout", "retries"}.',
  sources: ["CIS-D 4.6", "CIS-D 5.27", "CKV_DOCKER_2", "TRV DS-0026", "CIS-D 5.15"],
  check: (doc) =>
    eachContainer(doc, (c) => {
      const p: string[] = [];
      if (isFalse(c.def.essential)) p.push("essential is false: ECS does not replace the task when it stops");
      const cmd = arr(get(c.def, "healthCheck", "command")).map(str);
      if (cmd.length < 2 || !/^CMD(-SHELL)?$/.test(cmd[0]) || cmd[0] === "NONE") p.push("no health check command");
      return p;
    }),
};
