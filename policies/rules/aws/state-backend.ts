import { isTrue, str } from "../../aws";
import { asRecord } from "../../tf";
import type { Rule } from "../../types";

export const stateBackend: Rule = {
  id: "AWS-049",
  title: "The S3 state backend is encrypted with a customer key and locked with a lockfile",
  severity: "error",
  controls: ["TS-01", "TS-02"],
  explanation:
    "State holds every secret Terraform saw: the backend must encrypt it with a customer key (in a versioned, private " +
    "bucket: the aws-state stack's, checked by the B-* rules) and lock it so two applies cannot corrupt it. DynamoDB locking " +
    "is deprecated in favour of use_lockfile (E-23).",
  remediation: 'terraform { backend "s3" { encrypt = true, kms_key_id = <state key ARN>, use_lockfile = true } } (drop dynamodb_table).',
  sources: ["https://developer.hashicorp.com/terraform/language/backend/s3", "hashicorp/terraform-cdk#3834"],
  check: (doc) => {
    const s3 = asRecord(asRecord(asRecord(doc.terraform).backend).s3);
    if (Object.keys(s3).length === 0) return [];
    const p: string[] = [];
    if (!isTrue(s3.encrypt)) p.push("state is not encrypted (encrypt is not true)");
    if (!str(s3.kms_key_id)) p.push("state is encrypted with the S3-managed key, not a customer key");
    if (!isTrue(s3.use_lockfile)) p.push("no use_lockfile: applies are not locked");
    if (str(s3.dynamodb_table)) p.push("DynamoDB locking is deprecated (E-23); use use_lockfile");
    return p.map((message) => ({ address: "terraform.backend.s3", message }));
  },
};
