import { eachResource, isFalse, isTrue, num, str } from "../../aws";
import type { Rule } from "../../types";

export const MIN_BACKUP_DAYS = 7;

export const rdsResilience: Rule = {
  id: "AWS-032",
  title: "RDS: backups kept at least a week, deletion protection, a final snapshot",
  severity: "error",
  controls: ["D-04", "D-05"],
  explanation:
    "Ransomware or a bad migration is undone from backups; a destroy (or a replaced instance) without deletion protection " +
    "and a final snapshot loses the data outright.",
  remediation: `Set backup_retention_period >= ${MIN_BACKUP_DAYS}, copy_tags_to_snapshot = true, deletion_protection = true, skip_final_snapshot = false with a final_snapshot_identifier.`,
  sources: [
    "FSBP RDS.11",
    "FSBP RDS.8",
    "FSBP RDS.17",
    "CKV_AWS_133",
    "CKV_AWS_293",
    "TRV AWS-0077",
    "TRV AWS-0177",
    "NAG AwsSolutions-RDS10",
    "NAG AwsSolutions-RDS13",
  ],
  check: (doc) =>
    eachResource(doc, "aws_db_instance", (db) => {
      const p: string[] = [];
      const days = num(db.body.backup_retention_period) ?? 0;
      if (days < MIN_BACKUP_DAYS) p.push(`backups kept ${days} day(s), fewer than ${MIN_BACKUP_DAYS}`);
      if (!isTrue(db.body.copy_tags_to_snapshot)) p.push("snapshots do not copy tags");
      if (!isTrue(db.body.deletion_protection)) p.push("deletion protection is off");
      if (!isFalse(db.body.skip_final_snapshot) || !str(db.body.final_snapshot_identifier)) p.push("no final snapshot on delete");
      return p;
    }),
};
