import { eachResource, isTrue } from "../../aws";
import type { Rule } from "../../types";

export const rdsMultiAz: Rule = {
  id: "AWS-035",
  title: "RDS runs Multi-AZ",
  severity: "warning",
  controls: ["D-11"],
  explanation: "A single-AZ instance is down for the length of an AZ outage or a maintenance reboot (availability, not confidentiality).",
  remediation: "Set multi_az = true (or suppress with the reason, e.g. a throw-away environment).",
  sources: ["FSBP RDS.5", "CKV_AWS_157", "NAG AwsSolutions-RDS3"],
  check: (doc) => eachResource(doc, "aws_db_instance", (db) => (isTrue(db.body.multi_az) ? undefined : "single-AZ")),
};
