import { eachResource, isTrue, linkedBy, str } from "../../aws";
import { get, list } from "../../tf";
import type { Rule } from "../../types";

export const s3Encryption: Rule = {
  id: "AWS-044",
  title: "S3 buckets default to SSE-KMS with a customer key and a bucket key",
  severity: "error",
  controls: ["B-03"],
  explanation:
    "Every new object is SSE-S3 encrypted anyway (E-25); what matters is a customer key, so that reading an object also " +
    "needs kms:Decrypt under a key policy you control. A bucket key cuts the KMS calls. Buckets that AWS log delivery " +
    "writes to (ALB and S3 access logs) only support SSE-S3: suppress with that reason.",
  remediation:
    'aws_s3_bucket_server_side_encryption_configuration { rule { apply_server_side_encryption_by_default { sse_algorithm = "aws:kms", kms_master_key_id } bucket_key_enabled = true } }.',
  sources: ["FSBP S3.17", "CKV_AWS_145", "TRV AWS-0088", "TRV AWS-0132", "NAG NIST.800.53.R5-S3DefaultEncryptionKMS"],
  check: (doc) => {
    const enc = linkedBy(doc, "aws_s3_bucket_server_side_encryption_configuration", "bucket");
    return eachResource(doc, "aws_s3_bucket", (b) => {
      const rules = (enc.get(b.address) ?? []).flatMap((e) => list(e.body, "rule"));
      const kms = rules.find((r) => str(get(r, "apply_server_side_encryption_by_default", "sse_algorithm")).startsWith("aws:kms"));
      if (!kms)
        return rules.length
          ? "default encryption is SSE-S3 (AWS-owned key), not SSE-KMS with a customer key"
          : "no default encryption configuration (SSE-S3 applies)";
      const p: string[] = [];
      if (!str(get(kms, "apply_server_side_encryption_by_default", "kms_master_key_id")))
        p.push("SSE-KMS with the AWS-managed aws/s3 key, not a customer key");
      if (!isTrue(kms.bucket_key_enabled)) p.push("no bucket key");
      return p;
    });
  },
};
