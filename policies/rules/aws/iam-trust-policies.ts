import { conditionValue, eachResource, statements } from "../../aws";
import type { Rule } from "../../types";

export const iamTrustPolicies: Rule = {
  id: "AWS-016",
  title: "Role trust policies name one service principal and pin the account",
  severity: "error",
  controls: ["I-04"],
  explanation:
    'A trust policy with Principal "*" (or any AWS account) lets strangers assume the role; a service principal without ' +
    "aws:SourceAccount / aws:SourceArn lets that service assume it on another customer's behalf (confused deputy).",
  remediation:
    'Trust exactly one service ("ecs-tasks.amazonaws.com", "scheduler.amazonaws.com", …) with a Condition on aws:SourceAccount (and aws:SourceArn where the service sets it).',
  sources: ["CKV_AWS_60", "CKV_AWS_61", "prowler iam_role_cross_service_confused_deputy_prevention"],
  check: (doc) =>
    eachResource(doc, "aws_iam_role", (r) => {
      const p: string[] = [];
      const allows = statements(r.body.assume_role_policy).filter((s) => s.effect === "Allow");
      if (allows.length === 0) p.push("no trust statement");
      for (const s of allows) {
        const service = (s.raw.Principal as Record<string, unknown> | undefined)?.Service;
        if (s.principalIsStar) p.push('trusts Principal "*"');
        else if (!service) p.push("trusts an AWS account or federated principal instead of a service");
        else if (Array.isArray(service) && service.length > 1) p.push(`trusts several services: ${service.join(", ")}`);
        if (
          !s.principalIsStar &&
          service &&
          conditionValue(s, "aws:SourceAccount").length + conditionValue(s, "aws:SourceArn").length === 0
        )
          p.push(`trusts ${String(service)} without an aws:SourceAccount or aws:SourceArn condition`);
      }
      return p;
    }),
};
