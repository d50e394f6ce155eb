import { eachResource, isFalse, isTrue, num, statements, unreadablePolicy } from "../../aws";
import type { Rule } from "../../types";

export const MIN_DELETION_WINDOW = 30;

export const kmsKeys: Rule = {
  id: "AWS-037",
  title: "Customer KMS keys rotate, have an explicit policy without an open principal, and a 30-day deletion window",
  severity: "error",
  controls: ["S-05"],
  explanation:
    'Rotation bounds what one key version protects; the default key policy (or a Principal "*" Allow without a ' +
    "condition) hands the key to anyone the account's IAM lets in; a short deletion window leaves little time to notice " +
    "that a key (and every backup encrypted with it) is about to go.",
  remediation: `Set enable_key_rotation = true, deletion_window_in_days = ${MIN_DELETION_WINDOW}, an explicit policy per purpose with named principals.`,
  sources: [
    "FSBP KMS.4",
    "FSBP KMS.3",
    "FSBP KMS.5",
    "CKV_AWS_7",
    "CKV_AWS_33",
    "CKV_AWS_227",
    "CKV2_AWS_64",
    "TRV AWS-0065",
    "NAG AwsSolutions-KMS5",
  ],
  check: (doc) =>
    eachResource(doc, "aws_kms_key", (k) => {
      const p: string[] = [];
      const symmetric = !k.body.customer_master_key_spec || k.body.customer_master_key_spec === "SYMMETRIC_DEFAULT";
      if (symmetric && !isTrue(k.body.enable_key_rotation)) p.push("automatic rotation is off");
      if ((num(k.body.deletion_window_in_days) ?? MIN_DELETION_WINDOW) < MIN_DELETION_WINDOW)
        p.push(`deletion window ${num(k.body.deletion_window_in_days)} days, under ${MIN_DELETION_WINDOW}`);
      if (isFalse(k.body.is_enabled)) p.push("the key is disabled");
      if (!k.body.policy) p.push("no explicit key policy: the default policy applies");
      const unreadable = unreadablePolicy(k.body.policy);
      if (unreadable) p.push(unreadable);
      for (const s of statements(k.body.policy))
        if (s.effect === "Allow" && s.principalIsStar && Object.keys(s.condition).length === 0)
          p.push('the policy allows Principal "*" without a condition');
      return p;
    }),
};
