import { eachResource, linkedBy, refOf } from "../../aws";
import { resources } from "../../tf";
import type { Rule } from "../../types";

export const s3AccessLogging: Rule = {
  id: "AWS-048",
  title: "S3 buckets log access to a separate log bucket",
  severity: "error",
  controls: ["B-07"],
  explanation:
    "Server access logs record who read or deleted what; a bucket logging into itself loops, so the log bucket is the one " +
    "bucket exempt.",
  remediation: "Add aws_s3_bucket_logging { bucket, target_bucket = <the access-log bucket>, target_prefix }.",
  sources: ["FSBP S3.9", "CKV_AWS_18", "TRV AWS-0089", "NAG AwsSolutions-S1"],
  check: (doc) => {
    const logging = linkedBy(doc, "aws_s3_bucket_logging", "bucket");
    const targets = new Set(resources(doc, "aws_s3_bucket_logging").map((l) => refOf(l.body.target_bucket)));
    return eachResource(doc, "aws_s3_bucket", (b) => {
      if (targets.has(b.address)) return undefined;
      const l = logging.get(b.address)?.[0];
      if (!l) return "no server access logging";
      return refOf(l.body.target_bucket) === b.address ? "logs into itself" : undefined;
    });
  },
};
