import { eachResource, num, str } from "../../aws";
import type { Rule } from "../../types";

export const MIN_RETENTION_DAYS = 365;

export const logGroups: Rule = {
  id: "AWS-041",
  title: "Log groups are encrypted with a customer key and kept at least a year",
  severity: "error",
  controls: ["L-02", "N-09"],
  explanation:
    "Logs hold request details, flow records and errors: a customer key controls who reads them. A group without " +
    "retention keeps everything forever (cost, exposure); one kept less than a year is gone before most incidents are " +
    "investigated.",
  remediation: `Set kms_key_id (a key whose policy allows logs.<region>.amazonaws.com) and retention_in_days >= ${MIN_RETENTION_DAYS} (or an explicit 0, never expire).`,
  sources: [
    "FSBP CloudWatch.16",
    "CKV_AWS_66",
    "CKV_AWS_338",
    "CKV_AWS_158",
    "TRV AWS-0017",
    "NAG NIST.800.53.R5-CloudWatchLogGroupEncrypted",
  ],
  check: (doc) =>
    eachResource(doc, "aws_cloudwatch_log_group", (g) => {
      const p: string[] = [];
      if (!str(g.body.kms_key_id)) p.push("not encrypted with a customer key");
      const days = num(g.body.retention_in_days);
      // 0 is an explicit "never expire" (accepted, as CKV_AWS_338 does); unset is an omission.
      if (days === undefined) p.push("no retention set: kept forever by omission");
      else if (days !== 0 && days < MIN_RETENTION_DAYS) p.push(`kept ${days} days, less than ${MIN_RETENTION_DAYS}`);
      return p;
    }),
};
