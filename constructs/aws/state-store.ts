/**
 * StateStore: the Terraform state bucket (SecureBucket: versioned, SSE-KMS with its own customer key, TLS-only,
 * public access blocked, access-logged) and its key. Outputs are what `state` in the config needs.
 */
import { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import type { InfraConfig } from "../../config/schema";
import { awsContext } from "./context";
import { KeyRing } from "./keys";
import { SecureBucket } from "./secure-bucket";

export class StateStore extends Construct {
  readonly bucket: SecureBucket;

  constructor(scope: Construct, id: string, config: InfraConfig) {
    super(scope, id);
    const a = config.aws;
    const ctx = awsContext(config.project, config.environment, a.region, a.accountId);
    const keys = new KeyRing(this, "keys", ctx, ["storage"]);
    const name = (p: string) => `${ctx.naming.name(p)}-${a.accountId}-${a.region}`;
    const logs = new SecureBucket(this, "state-access-logs", {
      name: name("state-logs"),
      encryption: { kind: "sse-s3", reason: "S3 server access logs can only be delivered to a bucket with SSE-S3 default encryption" },
      statements: [
        {
          Sid: "S3ServerAccessLogs",
          Effect: "Allow",
          Principal: { Service: "logging.s3.amazonaws.com" },
          Action: "s3:PutObject",
          Resource: `arn:${ctx.partition}:s3:::${name("state-logs")}/s3/*`,
          Condition: { StringEquals: { "aws:SourceAccount": a.accountId } },
        },
      ],
    });
    this.bucket = new SecureBucket(this, "state", {
      name: name("tfstate"),
      encryption: { kind: "kms", key: keys.key("storage") },
      logBucket: logs.bucket,
      noncurrentDays: 365,
    });
    new TerraformOutput(this, "state_bucket", { value: this.bucket.bucket.bucket });
    new TerraformOutput(this, "state_kms_key_arn", { value: keys.key("storage").arn });
  }
}
