/**
 * KeyRing: one customer-managed KMS key per purpose (S-05), each with rotation, a 30-day deletion window and an
 * explicit key policy: the account root administers it (so IAM policies can grant use), and only the AWS service
 * that encrypts with it is allowed in, conditioned on this account.
 */
import { Construct } from "constructs";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { accountRoot, arn, type AwsContext } from "./context";
import { policyDocument, type Statement } from "./iam";

export const KEY_PURPOSES = ["logs", "secrets", "data", "storage", "registry", "monitoring"] as const;
export type KeyPurpose = (typeof KEY_PURPOSES)[number];

const DESCRIPTIONS: Record<KeyPurpose, string> = {
  logs: "CloudWatch log groups (VPC flow logs, ECS, WAF, RDS)",
  secrets: "Secrets Manager secrets (application secrets, the RDS master password)",
  data: "RDS storage, Performance Insights and ElastiCache at rest",
  storage: "S3 buckets (backups, scan results, access logs)",
  registry: "ECR repositories",
  monitoring: "Amazon Managed Prometheus, SNS alarm topic, EventBridge Scheduler",
};

/** Service principals allowed to use each key, with the condition that ties the use to this account. */
function serviceStatements(ctx: AwsContext, purpose: KeyPurpose): Statement[] {
  const use = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"];
  switch (purpose) {
    case "logs":
      return [
        {
          Sid: "CloudWatchLogs",
          Effect: "Allow",
          Principal: { Service: `logs.${ctx.region}.amazonaws.com` },
          Action: use,
          Resource: "*",
          Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": arn(ctx, "logs", "log-group:*") } },
        },
      ];
    case "monitoring":
      return [
        {
          Sid: "AlarmsAndTopics",
          Effect: "Allow",
          Principal: { Service: ["cloudwatch.amazonaws.com", "sns.amazonaws.com", "aps.amazonaws.com"] },
          Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
          Resource: "*",
          Condition: { StringEquals: { "aws:SourceAccount": ctx.accountId } },
        },
      ];
    default:
      // Secrets Manager, RDS, ElastiCache, S3 and ECR use the key through grants made for the caller's IAM identity
      // (kms:ViaService conditions in the task roles); no service principal needs the key policy.
      return [];
  }
}

export class KeyRing extends Construct {
  private readonly keys = new Map<KeyPurpose, KmsKey>();

  constructor(scope: Construct, id: string, ctx: AwsContext, purposes: readonly KeyPurpose[] = KEY_PURPOSES) {
    super(scope, id);
    for (const purpose of purposes) {
      const key = new KmsKey(this, purpose, {
        description: `${ctx.naming.name(purpose)}: ${DESCRIPTIONS[purpose]}`,
        enableKeyRotation: true,
        rotationPeriodInDays: 365,
        deletionWindowInDays: 30,
        isEnabled: true,
        policy: policyDocument([
          { Sid: "AccountAdministers", Effect: "Allow", Principal: { AWS: accountRoot(ctx) }, Action: "kms:*", Resource: "*" },
          ...serviceStatements(ctx, purpose),
        ]),
      });
      new KmsAlias(this, `${purpose}-alias`, { name: `alias/${ctx.naming.name(purpose)}`, targetKeyId: key.keyId });
      this.keys.set(purpose, key);
    }
  }

  key(purpose: KeyPurpose): KmsKey {
    const k = this.keys.get(purpose);
    if (!k) throw new Error(`KeyRing: no ${purpose} key`);
    return k;
  }
}
