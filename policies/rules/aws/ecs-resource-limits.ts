import { eachContainer, num } from "../../aws";
import type { Rule } from "../../types";

export const ecsResourceLimits: Rule = {
  id: "AWS-005",
  title: "ECS tasks and containers have memory and CPU limits",
  severity: "error",
  controls: ["C-09", "C-10"],
  explanation:
    "Without a hard memory limit a container can exhaust its task (and on EC2 its host); without a CPU share it starves " +
    "its neighbours. Fargate needs task-level cpu and memory; the container limits bound each process inside it.",
  remediation: 'Set task cpu and memory (a Fargate size) and container "memory" (hard limit) and "cpu" within them.',
  sources: ["CIS-D 5.11", "CIS-D 5.12", "OWASP-D #7", "KICS-DC bb9ac4f7-e13b-423d-a010-c74a1bfbe492"],
  check: (doc) =>
    eachContainer(doc, (c) => {
      const p: string[] = [];
      const taskMem = num(c.task.body.memory);
      const taskCpu = num(c.task.body.cpu);
      const mem = num(c.def.memory);
      const cpu = num(c.def.cpu);
      if (mem === undefined || mem <= 0) p.push('no container "memory" hard limit');
      if (cpu === undefined || cpu <= 0) p.push('no container "cpu" units');
      if (taskMem === undefined) p.push("no task memory");
      if (taskCpu === undefined) p.push("no task cpu");
      if (mem !== undefined && taskMem !== undefined && mem > taskMem) p.push(`container memory ${mem} exceeds the task's ${taskMem}`);
      if (cpu !== undefined && taskCpu !== undefined && cpu > taskCpu) p.push(`container cpu ${cpu} exceeds the task's ${taskCpu}`);
      return p;
    }),
};
