import { eachContainer } from "../../aws";
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
  remediation: 'Set "user": "<uid>:<gid>" (numeric, not 0) in every container definition (FargateService requires it).',
  sources: ["FSBP ECS.1", "AWSCFG ECS_TASK_DEFINITION_NONROOT_USER", "AWSCFG ECS_TASK_DEFINITION_LINUX_USER_NON_ROOT", "TRV DS-0002"],
  check: (doc) => eachContainer(doc, (c) => userProblems(c.def.user)),
};
