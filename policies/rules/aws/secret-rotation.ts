import { eachResource, isTrue, num, refOf, str } from "../../aws";
import { get, resources } from "../../tf";
import type { Rule } from "../../types";

export const MAX_ROTATION_DAYS = 90;

export const secretRotation: Rule = {
  id: "AWS-039",
  title: "Secrets rotate automatically within 90 days; RDS manages its master password",
  severity: "warning",
  controls: ["S-03"],
  explanation:
    "A secret that never rotates stays valid for whoever copied it. Secrets Manager rotates where AWS supports it (RDS-managed " +
    "master passwords every 7 days); a secret only the operator can change (an application signing key) is reported so its " +
    "rotation is a planned, reviewed task.",
  remediation: `Add aws_secretsmanager_secret_rotation with automatically_after_days <= ${MAX_ROTATION_DAYS} (or a schedule), use manage_master_user_password = true on RDS; otherwise document the manual rotation.`,
  sources: ["FSBP SecretsManager.1", "FSBP SecretsManager.4", "CKV2_AWS_57", "CKV_AWS_304", "NAG AwsSolutions-SMG4"],
  check: (doc) => {
    const rotations = new Map(resources(doc, "aws_secretsmanager_secret_rotation").map((r) => [refOf(r.body.secret_id), r]));
    return [
      ...eachResource(doc, "aws_secretsmanager_secret", (s) => {
        const r = rotations.get(s.address);
        if (!r) return "no automatic rotation: the value changes only when the operator puts a new one";
        const days = num(get(r.body, "rotation_rules", "automatically_after_days"));
        if (days !== undefined && days > MAX_ROTATION_DAYS) return `rotates every ${days} days, more than ${MAX_ROTATION_DAYS}`;
        if (days === undefined && !str(get(r.body, "rotation_rules", "schedule_expression"))) return "a rotation without a schedule";
        return undefined;
      }),
      ...eachResource(doc, "aws_db_instance", (db) =>
        !str(db.body.replicate_source_db) && !str(db.body.snapshot_identifier) && !isTrue(db.body.manage_master_user_password)
          ? "the master password is not managed (and rotated) by RDS"
          : undefined,
      ),
    ];
  },
};
