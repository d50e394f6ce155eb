import { eachResource, sgRules, str } from "../../aws";
import type { Rule } from "../../types";

export const sgDescribed: Rule = {
  id: "AWS-021",
  title: "Every security group and rule is described",
  severity: "error",
  controls: ["N-07"],
  explanation:
    "A reviewer decides whether a rule is still needed from its description; an undescribed rule outlives its reason. " +
    'Terraform\'s default group description ("Managed by Terraform") says nothing.',
  remediation: "Give each aws_security_group and each rule (inline or separate) a description naming the flow and its purpose.",
  sources: ["CKV_AWS_23", "TRV AWS-0099", "TRV AWS-0124", "NAG AwsSolutions-EC27"],
  check: (doc) => [
    ...eachResource(doc, "aws_security_group", (g) => {
      const d = str(g.body.description).trim();
      return !d || d === "Managed by Terraform" ? "the security group has no description" : undefined;
    }),
    ...sgRules(doc)
      .filter((r) => !r.description.trim())
      .map((r) => ({ address: r.address, message: `a ${r.direction} rule without a description` })),
  ],
};
