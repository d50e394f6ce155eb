/**
 * StateStore: the Terraform state bucket (SecureBucket: versioned, SSE-KMS with its own customer key, TLS-only,
 * public access blocked, access-logged) and its key. Outputs are what `state` in the config needs.
 */
import { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import type { InfraConfig } from "../../config/schema";
import { awsContext } from "./context";
import { KeyRing } from "./keys";
import { accessLogBucket, SecureBucket } from "./secure-bucket";

export class StateStore extends Construct {
  readonly bucket: SecureBucket;

  constructor(scope: Construct, id: string, config: InfraConfig) {
    super(scope, id);
    const a = config.aws;
    const ctx = awsContext(config.project, config.environment, a.region, a.accountId);
    const keys = new KeyRing(this, "keys", ctx, ["storage"]);
    const name = (p: string) => `${ctx.naming.name(p)}-${a.accountId}-${a.region}`;
    const logs = accessLogBucket(this, "state-access-logs", ctx, name("state-logs"));
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
