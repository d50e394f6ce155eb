import { eachResource, isTrue, linkedBy, str } from "../../aws";
import { get } from "../../tf";
import type { Rule } from "../../types";

const BLOCKS = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"];

export const s3Private: Rule = {
  id: "AWS-043",
  title: "S3 buckets block public access and disable ACLs",
  severity: "error",
  controls: ["B-01", "B-02"],
  explanation:
    "Without all four public-access blocks one policy or ACL edit publishes the bucket; with ACLs enabled objects written " +
    "by another account stay theirs and may carry public ACLs. BucketOwnerEnforced turns ACLs off.",
  remediation:
    'Add aws_s3_bucket_public_access_block with all four settings true and aws_s3_bucket_ownership_controls { rule { object_ownership = "BucketOwnerEnforced" } }; never a public aws_s3_bucket_acl.',
  sources: [
    "FSBP S3.1",
    "FSBP S3.8",
    "FSBP S3.12",
    "CKV_AWS_53",
    "CKV_AWS_54",
    "CKV_AWS_55",
    "CKV_AWS_56",
    "CKV2_AWS_6",
    "CKV2_AWS_65",
    "TRV AWS-0086",
    "TRV AWS-0087",
    "TRV AWS-0091",
    "TRV AWS-0093",
    "TRV AWS-0094",
    "NAG AwsSolutions-S2",
  ],
  check: (doc) => {
    const blocks = linkedBy(doc, "aws_s3_bucket_public_access_block", "bucket");
    const ownership = linkedBy(doc, "aws_s3_bucket_ownership_controls", "bucket");
    const acls = linkedBy(doc, "aws_s3_bucket_acl", "bucket");
    return eachResource(doc, "aws_s3_bucket", (b) => {
      const p: string[] = [];
      const block = blocks.get(b.address)?.[0];
      if (!block) p.push("no public access block");
      else {
        const off = BLOCKS.filter((k) => !isTrue(block.body[k]));
        if (off.length) p.push(`public access block leaves ${off.join(", ")} off`);
      }
      const own = ownership.get(b.address)?.[0];
      if (str(get(own?.body, "rule", "object_ownership")) !== "BucketOwnerEnforced") p.push("ACLs are not disabled (BucketOwnerEnforced)");
      for (const a of acls.get(b.address) ?? []) if (/public|authenticated/.test(str(a.body.acl))) p.push(`a ${str(a.body.acl)} ACL`);
      if (/public|authenticated/.test(str(b.body.acl))) p.push(`a ${str(b.body.acl)} ACL`);
      return p;
    });
  },
};
