import { eachResource, refOf, str } from "../../aws";
import { resources } from "../../tf";
import type { Rule } from "../../types";

export const ecsTaskRoles: Rule = {
  id: "AWS-013",
  title: "Each ECS task family has its own task role, separate from its execution role",
  severity: "error",
  controls: ["I-01"],
  explanation:
    "The execution role (image pull, logs, secrets) belongs to the ECS agent; the task role is what the application's code " +
    "can do. One role for both, or one task role shared by several services, gives each process the others' rights.",
  remediation: "Give every task definition an execution_role_arn and a different task_role_arn, one task role per family.",
  sources: ["CKV_AWS_249"],
  check: (doc) => {
    const families = new Map<string, Set<string>>();
    for (const t of resources(doc, "aws_ecs_task_definition")) {
      const role = refOf(t.body.task_role_arn) ?? str(t.body.task_role_arn);
      if (!role) continue;
      families.set(role, new Set([...(families.get(role) ?? []), str(t.body.family) || t.address]));
    }
    return eachResource(doc, "aws_ecs_task_definition", (t) => {
      const exec = refOf(t.body.execution_role_arn) ?? str(t.body.execution_role_arn);
      const task = refOf(t.body.task_role_arn) ?? str(t.body.task_role_arn);
      const p: string[] = [];
      if (!exec) p.push("no execution_role_arn");
      if (!task) p.push("no task_role_arn: the application gets no identity of its own");
      if (exec && task && exec === task) p.push("the execution role is also the task role");
      const shared = task ? [...(families.get(task) ?? [])] : [];
      if (shared.length > 1) p.push(`the task role is shared by the families ${shared.join(", ")}`);
      return p;
    });
  },
};
