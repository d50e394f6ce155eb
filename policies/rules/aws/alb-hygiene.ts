import { eachResource, isTrue, str } from "../../aws";
import { get } from "../../tf";
import type { Rule } from "../../types";

export const albHygiene: Rule = {
  id: "AWS-027",
  title: "Application load balancers drop invalid headers, mitigate desync, are protected and log access",
  severity: "error",
  controls: ["T-06"],
  explanation:
    "Invalid header fields and ambiguous requests are how request smuggling reaches the application behind the ALB; " +
    "deletion protection keeps the public entry point from vanishing with a stray destroy; access logs are the record " +
    "of who called what.",
  remediation:
    'Set drop_invalid_header_fields = true, desync_mitigation_mode = "defensive" (or "strictest"), enable_deletion_protection = true and access_logs { bucket, enabled = true }.',
  sources: [
    "FSBP ELB.4",
    "FSBP ELB.12",
    "FSBP ELB.6",
    "FSBP ELB.5",
    "CKV_AWS_131",
    "CKV_AWS_328",
    "CKV_AWS_150",
    "CKV_AWS_91",
    "TRV AWS-0052",
    "NAG AwsSolutions-ELB2",
  ],
  check: (doc) =>
    eachResource(doc, ["aws_lb", "aws_alb"], (lb) => {
      if (!["", "application"].includes(str(lb.body.load_balancer_type))) return undefined;
      const p: string[] = [];
      if (!isTrue(lb.body.drop_invalid_header_fields)) p.push("invalid header fields are not dropped");
      const desync = str(lb.body.desync_mitigation_mode) || "defensive";
      if (!["defensive", "strictest"].includes(desync)) p.push(`desync_mitigation_mode is ${desync}`);
      if (!isTrue(lb.body.enable_deletion_protection)) p.push("deletion protection is off");
      if (!isTrue(get(lb.body, "access_logs", "enabled")) || !str(get(lb.body, "access_logs", "bucket"))) p.push("access logs are off");
      return p;
    }),
};
