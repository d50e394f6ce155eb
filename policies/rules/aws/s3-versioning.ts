import { eachResource, isTrue, linkedBy, str } from "../../aws";
import { get, list } from "../../tf";
import type { Rule } from "../../types";

/** Buckets that hold backups: by name or by a Purpose tag. */
const isBackup = (body: Record<string, unknown>) =>
  /backup/i.test(`${str(body.bucket)} ${str((body.tags as Record<string, unknown> | undefined)?.Purpose)}`);

export const s3Versioning: Rule = {
  id: "AWS-046",
  title: "S3 buckets are versioned; backup buckets have Object Lock",
  severity: "error",
  controls: ["B-05"],
  explanation:
    "Versioning keeps what an overwrite or delete removed; Object Lock stops anyone (ransomware with the deploy role " +
    "included) from deleting backups before their retention ends.",
  remediation:
    'Add aws_s3_bucket_versioning { versioning_configuration { status = "Enabled" } }; for backups object_lock_enabled = true and aws_s3_bucket_object_lock_configuration with a default retention.',
  sources: ["FSBP S3.14", "FSBP S3.15", "CKV_AWS_21", "CKV_AWS_143", "TRV AWS-0090"],
  check: (doc) => {
    const versioning = linkedBy(doc, "aws_s3_bucket_versioning", "bucket");
    const locks = linkedBy(doc, "aws_s3_bucket_object_lock_configuration", "bucket");
    return eachResource(doc, "aws_s3_bucket", (b) => {
      const p: string[] = [];
      const v = versioning.get(b.address)?.[0];
      if (str(get(v?.body, "versioning_configuration", "status")) !== "Enabled" && !isTrue(get(b.body, "versioning", "enabled")))
        p.push("versioning is not enabled");
      if (isBackup(b.body)) {
        const lock = locks.get(b.address)?.[0];
        if (!isTrue(b.body.object_lock_enabled) || !lock || !list(lock.body, "rule").length)
          p.push("a backup bucket without Object Lock and a default retention");
      }
      return p;
    });
  },
};
