/**
 * RedisCache: ElastiCache for Redis OSS in the isolated subnets (R-01 … R-04): TLS required in transit, encrypted
 * at rest with the data key, RBAC users (the default user switched off, the application user authenticated by IAM,
 * so no password exists anywhere), Multi-AZ with automatic failover, snapshots, minor upgrades, its own subnet group.
 */
import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { ElasticacheReplicationGroup } from "@cdktf/provider-aws/lib/elasticache-replication-group";
import { ElasticacheSubnetGroup } from "@cdktf/provider-aws/lib/elasticache-subnet-group";
import { ElasticacheUser } from "@cdktf/provider-aws/lib/elasticache-user";
import { ElasticacheUserGroup } from "@cdktf/provider-aws/lib/elasticache-user-group";
import type { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import type { AwsConfig } from "../../config/aws-schema";
import { arn, type AwsContext } from "./context";

/** What the API and the workers need: their key space, read/write, no admin, no scripting, no dangerous commands. */
export const APP_ACCESS_STRING =
  "on ~app:* &app:* +@read +@write +@list +@hash +@set +@sortedset +@stream +@pubsub +@connection -@dangerous -@admin -@scripting";

export interface RedisCacheProps {
  readonly settings: AwsConfig["elasticache"];
  readonly isolatedSubnets: readonly string[];
  readonly securityGroup: string;
  readonly dataKey: KmsKey;
  readonly logsKey: KmsKey;
  readonly logRetentionDays: number;
}

export class RedisCache extends Construct {
  readonly group: ElasticacheReplicationGroup;
  readonly appUser: ElasticacheUser;

  constructor(scope: Construct, id: string, ctx: AwsContext, props: RedisCacheProps) {
    super(scope, id);
    const n = ctx.naming;
    const subnets = new ElasticacheSubnetGroup(this, "subnets", {
      name: n.name("redis"),
      description: "Isolated subnets: no route out",
      subnetIds: [...props.isolatedSubnets],
    });
    // RBAC: a user group must contain a user named "default"; this one is switched off.
    const off = new ElasticacheUser(this, "default-user", {
      userId: n.name("redis-default-off"),
      userName: "default",
      engine: "REDIS",
      accessString: "off -@all",
      authenticationMode: { type: "no-password-required" },
    });
    this.appUser = new ElasticacheUser(this, "app-user", {
      userId: n.name("redis-app"),
      userName: "app",
      engine: "REDIS",
      accessString: APP_ACCESS_STRING,
      authenticationMode: { type: "iam" },
    });
    const users = new ElasticacheUserGroup(this, "users", {
      userGroupId: n.name("redis-users"),
      engine: "REDIS",
      userIds: [off.userId, this.appUser.userId],
    });
    const slowLog = new CloudwatchLogGroup(this, "slow-log", {
      name: `/${n.project}/${n.environment}/elasticache/redis`,
      kmsKeyId: props.logsKey.arn,
      retentionInDays: props.logRetentionDays,
    });
    this.group = new ElasticacheReplicationGroup(this, "group", {
      replicationGroupId: n.name("redis"),
      description: "Cache and job queue of the API and the workers",
      engine: "redis",
      engineVersion: "7.1",
      nodeType: props.settings.nodeType,
      numCacheClusters: 2,
      port: 6379,
      automaticFailoverEnabled: true,
      multiAzEnabled: true,
      transitEncryptionEnabled: true,
      transitEncryptionMode: "required",
      atRestEncryptionEnabled: "true",
      kmsKeyId: props.dataKey.arn,
      userGroupIds: [users.userGroupId],
      subnetGroupName: subnets.name,
      securityGroupIds: [props.securityGroup],
      snapshotRetentionLimit: props.settings.snapshotRetentionDays,
      snapshotWindow: "03:00-04:00",
      maintenanceWindow: "sun:04:30-sun:05:30",
      autoMinorVersionUpgrade: "true",
      finalSnapshotIdentifier: n.name("redis", "final"),
      logDeliveryConfiguration: [{ destination: slowLog.name, destinationType: "cloudwatch-logs", logFormat: "json", logType: "slow-log" }],
      lifecycle: { preventDestroy: true },
    });
  }

  /** The IAM resources an application connects with (elasticache:Connect on the group and its user). */
  connectArns(ctx: AwsContext): string[] {
    return [
      arn(ctx, "elasticache", `replicationgroup:${this.group.replicationGroupId}`),
      arn(ctx, "elasticache", `user:${this.appUser.userId}`),
    ];
  }
}
