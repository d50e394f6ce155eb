/**
 * ScheduledTask: EventBridge Scheduler runs one Fargate task definition on a cron schedule (P-02, I-06), with a
 * role that can only run that task family and pass its two roles to ECS, the schedule encrypted with the
 * monitoring key, in private subnets without a public IP.
 */
import { Construct } from "constructs";
import type { EcsCluster } from "@cdktf/provider-aws/lib/ecs-cluster";
import type { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { SchedulerSchedule } from "@cdktf/provider-aws/lib/scheduler-schedule";
import { arn, type AwsContext } from "./context";
import type { FargateService } from "./fargate-service";
import { ScopedRole } from "./iam";
import { awsCron } from "./schedule";

export interface ScheduledTaskProps {
  readonly task: FargateService;
  readonly family: string;
  readonly cron: string;
  readonly cluster: EcsCluster;
  readonly subnets: readonly string[];
  readonly securityGroup: string;
  readonly key: KmsKey;
}

export class ScheduledTask extends Construct {
  readonly schedule: SchedulerSchedule;

  constructor(scope: Construct, id: string, ctx: AwsContext, props: ScheduledTaskProps) {
    super(scope, id);
    const n = ctx.naming;
    const role = new ScopedRole(this, "role", ctx, {
      name: `${props.family}-scheduler`,
      description: `EventBridge Scheduler: run ${props.family} and nothing else`,
      service: "scheduler.amazonaws.com",
      sourceArn: arn(ctx, "scheduler", `schedule/default/${props.family}`),
      statements: [
        {
          Sid: "RunTheTask",
          Effect: "Allow",
          Action: "ecs:RunTask",
          Resource: arn(ctx, "ecs", `task-definition/${props.family}:*`),
          Condition: { ArnEquals: { "ecs:cluster": props.cluster.arn } },
        },
        {
          Sid: "PassItsRoles",
          Effect: "Allow",
          Action: "iam:PassRole",
          Resource: [props.task.executionRole.role.arn, props.task.taskRole.role.arn],
          Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
        },
      ],
    });
    this.schedule = new SchedulerSchedule(this, "schedule", {
      name: props.family,
      description: `${n.name("scanner")} on ${props.cron}`,
      scheduleExpression: awsCron(props.cron),
      scheduleExpressionTimezone: "UTC",
      kmsKeyArn: props.key.arn,
      flexibleTimeWindow: { mode: "OFF" },
      target: {
        arn: props.cluster.arn,
        roleArn: role.role.arn,
        retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 3600 },
        ecsParameters: {
          taskDefinitionArn: props.task.taskDefinition.arnWithoutRevision,
          launchType: "FARGATE",
          platformVersion: "1.4.0",
          taskCount: 1,
          enableExecuteCommand: false,
          networkConfiguration: { subnets: [...props.subnets], securityGroups: [props.securityGroup], assignPublicIp: false },
        },
      },
    });
  }
}
