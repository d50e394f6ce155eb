import { eachResource, str } from "../../aws";
import type { Rule } from "../../types";

export const secretsManagerCmk: Rule = {
  id: "AWS-038",
  title: "Secrets Manager secrets are encrypted with a customer key",
  severity: "error",
  controls: ["S-02"],
  explanation:
    "With the AWS-managed aws/secretsmanager key, anyone allowed secretsmanager:GetSecretValue can read the secret; a " +
    "customer key adds a second, separately audited permission (kms:Decrypt via Secrets Manager, I-05).",
  remediation: "Set kms_key_id to a customer key of the secrets purpose.",
  sources: ["CKV_AWS_149", "TRV AWS-0098", "NAG NIST.800.53.R5-SecretsManagerUsingKMSKey"],
  check: (doc) =>
    eachResource(doc, "aws_secretsmanager_secret", (s) => (str(s.body.kms_key_id) ? undefined : "encrypted with the AWS-managed key")),
};
