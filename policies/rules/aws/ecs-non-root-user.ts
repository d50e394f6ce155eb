import { eachContainer, unreadableTasks } from "../../aws";
import { userProblems } from "../../workloads";
import type { Rule } from "../../types";

export const ecsNonRootUser: Rule = {
  id: "AWS-001",
  title: "ECS containers run as a numeric non-root uid:gid",
  severity: "error",
  controls: ["C-01"],
  unsuppressible: true,
  explanation:
    'Without "user" in the container definition, the image\'s USER applies, often root; a name may map to uid 0. ' +
    "Fargate has no user namespaces: root in the container is root in the task.",
  remediation:
    'Set "user": "<uid>:<gid>" (numeric, not 0) in every container definition (FargateService requires it); render container_definitions as literal JSON.',
  sources: ["FSBP ECS.1", "AWSCFG ECS_TASK_DEFINITION_NONROOT_USER", "AWSCFG ECS_TASK_DEFINITION_LINUX_USER_NON_ROOT", "TRV DS-0002"],
  check: (doc) => [
    ...eachContainer(doc, (c) => userProblems(c.def.user)),
    // A container list the pack cannot read proves nothing: none of the container rules could look at it.
    ...unreadableTasks(doc).map((t) => ({
      address: t.address,
      message: "container_definitions is not literal JSON (an expression?): no container control can be checked",
    })),
  ],
};
