import { byAddress, eachResource, isTrue, refOf, str } from "../../aws";
import { get, list } from "../../tf";
import type { TfDocument } from "../../types";
import type { Rule } from "../../types";

/** ECS Exec is acceptable only when its sessions are KMS-protected and logged (L-04). */
function execGuarded(doc: TfDocument, clusterRef: unknown): boolean {
  const cluster = byAddress(doc, refOf(clusterRef));
  const exec = get(cluster?.body, "configuration", "execute_command_configuration");
  return !!str(get(exec, "kms_key_id")) && str(get(exec, "logging")) === "OVERRIDE";
}

export const ecsOperations: Rule = {
  id: "AWS-012",
  title: "ECS: Container Insights on, ECS Exec off, no public IP on tasks",
  severity: "error",
  controls: ["L-03", "L-04", "N-10", "C-19"],
  explanation:
    "ECS Exec opens an interactive shell in a running task (unlogged unless the cluster overrides logging and encrypts " +
    "sessions); a public IP exposes a task around the load balancer; without Container Insights there are no per-task " +
    "metrics to alert on.",
  remediation:
    'Set enable_execute_command = false and network_configuration.assign_public_ip = false on services and scheduled tasks; cluster setting containerInsights = "enabled" or "enhanced".',
  sources: [
    "FSBP ECS.12",
    "FSBP ECS.2",
    "CKV_AWS_65",
    "CKV_AWS_223",
    "CKV_AWS_224",
    "CKV_AWS_333",
    "TRV AWS-0034",
    "NAG AwsSolutions-ECS4",
  ],
  check: (doc) => [
    ...eachResource(doc, "aws_ecs_cluster", (c) =>
      list(c.body, "setting").some((s) => str(s.name) === "containerInsights" && ["enabled", "enhanced"].includes(str(s.value)))
        ? undefined
        : "Container Insights is not enabled",
    ),
    ...eachResource(doc, "aws_ecs_service", (s) => [
      ...(isTrue(s.body.enable_execute_command) && !execGuarded(doc, s.body.cluster)
        ? ["ECS Exec is on and the cluster does not log and encrypt its sessions"]
        : []),
      ...(isTrue(get(s.body, "network_configuration", "assign_public_ip")) ? ["tasks get a public IP"] : []),
    ]),
    ...eachResource(doc, "aws_scheduler_schedule", (s) => {
      const ecs = get(s.body, "target", "ecs_parameters");
      if (!ecs) return undefined;
      return [
        ...(isTrue(get(ecs, "enable_execute_command")) && !execGuarded(doc, get(s.body, "target", "arn"))
          ? ["the scheduled task has ECS Exec on"]
          : []),
        ...(isTrue(get(ecs, "network_configuration", "assign_public_ip")) ? ["the scheduled task gets a public IP"] : []),
      ];
    }),
  ],
};
