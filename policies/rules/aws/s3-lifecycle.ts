import { eachResource, linkedBy, str } from "../../aws";
import { list } from "../../tf";
import type { Rule } from "../../types";

export const s3Lifecycle: Rule = {
  id: "AWS-047",
  title: "S3 lifecycle expires noncurrent versions and aborts stale multipart uploads",
  severity: "error",
  controls: ["B-06"],
  explanation:
    "With versioning on, deleted and overwritten objects stay forever unless noncurrent versions expire; incomplete " +
    "multipart uploads are invisible, billed data.",
  remediation:
    "Add aws_s3_bucket_lifecycle_configuration with an Enabled rule holding noncurrent_version_expiration and abort_incomplete_multipart_upload.",
  sources: ["FSBP S3.13", "FSBP S3.10", "CKV2_AWS_61", "CKV_AWS_300"],
  check: (doc) => {
    const lifecycles = linkedBy(doc, "aws_s3_bucket_lifecycle_configuration", "bucket");
    return eachResource(doc, "aws_s3_bucket", (b) => {
      const rules = (lifecycles.get(b.address) ?? []).flatMap((l) => list(l.body, "rule")).filter((r) => str(r.status) === "Enabled");
      const p: string[] = [];
      if (!rules.some((r) => list(r, "noncurrent_version_expiration").length)) p.push("noncurrent versions never expire");
      if (!rules.some((r) => list(r, "abort_incomplete_multipart_upload").length)) p.push("incomplete multipart uploads are never aborted");
      return p;
    });
  },
};
