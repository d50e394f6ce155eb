import { eachResource, isFalse, isTrue, num, str } from "../../aws";
import type { Rule } from "../../types";

export const rdsOperations: Rule = {
  id: "AWS-034",
  title: "RDS: enhanced monitoring, Performance Insights on a customer key, automatic minor upgrades",
  severity: "error",
  controls: ["D-08", "D-09"],
  explanation:
    "Enhanced Monitoring and Performance Insights show a runaway query or an attack's load; Performance Insights stores " +
    "query text, so it needs the customer key. Minor versions carry the security fixes.",
  remediation:
    "Set monitoring_interval (e.g. 60) with monitoring_role_arn, performance_insights_enabled = true with performance_insights_kms_key_id, auto_minor_version_upgrade = true.",
  sources: ["FSBP RDS.6", "FSBP RDS.13", "CKV_AWS_118", "CKV_AWS_353", "CKV_AWS_354", "CKV_AWS_226", "TRV AWS-0133", "TRV AWS-0078"],
  check: (doc) =>
    eachResource(doc, "aws_db_instance", (db) => {
      const p: string[] = [];
      if (!(num(db.body.monitoring_interval) ?? 0) || !str(db.body.monitoring_role_arn)) p.push("enhanced monitoring is off");
      if (!isTrue(db.body.performance_insights_enabled)) p.push("Performance Insights is off");
      else if (!str(db.body.performance_insights_kms_key_id)) p.push("Performance Insights uses the AWS-managed key");
      if (isFalse(db.body.auto_minor_version_upgrade)) p.push("automatic minor upgrades are off");
      return p;
    }),
};
