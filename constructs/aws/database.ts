/**
 * PostgresDatabase: RDS for PostgreSQL in the isolated subnets (D-01 … D-11).
 * Not public; encrypted with the data key; a custom parameter group attached explicitly (E-16) with
 * rds.force_ssl = 1 and TLS 1.2 minimum (D-02), SCRAM (D-10), and the Docker target's logging choices (connections,
 * disconnections, DDL through pgAudit with passwords redacted, never statement text: D-07, E-12); the master password
 * managed by RDS in Secrets Manager with the secrets key (S-03, S-04); IAM authentication for the application role
 * (D-06); backups, deletion protection and a final snapshot (D-04, D-05); enhanced monitoring and Performance
 * Insights on the data key (D-08); minor upgrades (D-09); Multi-AZ (D-11); an explicit CA (T-09).
 */
import { Construct } from "constructs";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import type { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import type { AwsConfig } from "../../config/aws-schema";
import { arn, type AwsContext } from "./context";
import { ScopedRole } from "./iam";

export const RDS_CA = "rds-ca-ecc384-g1";
export const APP_DB_USER = "security_app";
export const APP_DB_NAME = "security_agents";

export interface PostgresDatabaseProps {
  readonly settings: AwsConfig["rds"];
  readonly isolatedSubnets: readonly string[];
  readonly securityGroup: string;
  readonly dataKey: KmsKey;
  readonly secretsKey: KmsKey;
  readonly logRetentionDays: number;
}

export class PostgresDatabase extends Construct {
  readonly instance: DbInstance;
  readonly parameterGroup: DbParameterGroup;

  constructor(scope: Construct, id: string, ctx: AwsContext, props: PostgresDatabaseProps) {
    super(scope, id);
    const n = ctx.naming;
    const s = props.settings;
    const major = s.engineVersion.split(".")[0];
    const subnets = new DbSubnetGroup(this, "subnets", {
      name: n.name("postgres"),
      description: "Isolated subnets: no route out",
      subnetIds: [...props.isolatedSubnets],
    });
    // Static parameters need a reboot to apply (B19): pending-reboot says so instead of failing the apply.
    const param = (name: string, value: string, applyMethod: "immediate" | "pending-reboot" = "immediate") => ({
      name,
      value,
      applyMethod,
    });
    this.parameterGroup = new DbParameterGroup(this, "parameters", {
      name: n.name("postgres", major),
      family: `postgres${major}`,
      description: "TLS required, SCRAM, connection and DDL logging without statement text",
      parameter: [
        param("rds.force_ssl", "1", "pending-reboot"),
        param("ssl_min_protocol_version", "TLSv1.2"),
        param("password_encryption", "scram-sha-256"),
        param("log_connections", "1"),
        param("log_disconnections", "1"),
        // Statement text can carry passwords (E-12): none here; pgAudit logs DDL and role changes with passwords redacted.
        param("log_statement", "none"),
        param("log_min_duration_statement", "-1"),
        param("shared_preload_libraries", "pgaudit,pg_stat_statements", "pending-reboot"),
        param("pgaudit.log", "ddl,role"),
        param("pgaudit.log_parameter", "0"),
        param("idle_in_transaction_session_timeout", "600000"),
      ],
      lifecycle: { createBeforeDestroy: true },
    });
    const monitoring = new ScopedRole(this, "monitoring-role", ctx, {
      name: n.name("rds-monitoring"),
      description: "RDS enhanced monitoring writes OS metrics to its log group",
      service: "monitoring.rds.amazonaws.com",
      statements: [
        {
          Effect: "Allow",
          Action: ["logs:CreateLogGroup", "logs:PutRetentionPolicy"],
          Resource: arn(ctx, "logs", "log-group:RDS*"),
        },
        {
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams", "logs:GetLogEvents"],
          Resource: arn(ctx, "logs", "log-group:RDSOSMetrics:log-stream:*"),
        },
      ],
    });
    this.instance = new DbInstance(this, "instance", {
      identifier: n.name("postgres"),
      engine: "postgres",
      engineVersion: s.engineVersion,
      instanceClass: s.instanceClass,
      allocatedStorage: s.allocatedStorageGb,
      maxAllocatedStorage: s.allocatedStorageGb * 4,
      storageType: "gp3",
      storageEncrypted: true,
      kmsKeyId: props.dataKey.arn,
      dbName: APP_DB_NAME,
      username: "postgres_admin",
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: props.secretsKey.arn,
      iamDatabaseAuthenticationEnabled: true,
      parameterGroupName: this.parameterGroup.name,
      dbSubnetGroupName: subnets.name,
      vpcSecurityGroupIds: [props.securityGroup],
      publiclyAccessible: false,
      multiAz: s.multiAz,
      caCertIdentifier: RDS_CA,
      backupRetentionPeriod: s.backupRetentionDays,
      copyTagsToSnapshot: true,
      deleteAutomatedBackups: false,
      deletionProtection: true,
      skipFinalSnapshot: false,
      finalSnapshotIdentifier: n.name("postgres", "final"),
      autoMinorVersionUpgrade: true,
      allowMajorVersionUpgrade: false,
      enabledCloudwatchLogsExports: ["postgresql", "upgrade"],
      monitoringInterval: 60,
      monitoringRoleArn: monitoring.role.arn,
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: props.dataKey.arn,
      performanceInsightsRetentionPeriod: 7,
      lifecycle: { preventDestroy: true },
    });
  }

  /** The IAM resource an application role connects as (rds-db:connect, D-06). */
  connectArn(ctx: AwsContext, user = APP_DB_USER): string {
    return arn(ctx, "rds-db", `dbuser:${this.instance.resourceId}/${user}`);
  }
}
