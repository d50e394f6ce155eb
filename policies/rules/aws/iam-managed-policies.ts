import { arr, eachResource, str } from "../../aws";
import type { Rule } from "../../types";

const AWS_MANAGED = /^arn:aws[a-z-]*:iam::aws:policy\//;

export const iamManagedPolicies: Rule = {
  id: "AWS-015",
  title: "Roles avoid broad AWS-managed policies",
  severity: "warning",
  controls: ["I-03"],
  explanation:
    'AWS-managed policies are written for every customer: most grant Resource "*" and change when AWS edits them. ' +
    "Inline or customer policies with exact ARNs say what this system needs (the catalog accepts a managed policy only " +
    "when its breadth is a reviewed decision).",
  remediation: "Replace the attachment with an inline policy listing the actions and ARNs, or suppress with the reason it is accepted.",
  sources: ["NAG AwsSolutions-IAM4", "CKV2_AWS_56"],
  check: (doc) => [
    ...eachResource(doc, ["aws_iam_role_policy_attachment", "aws_iam_policy_attachment"], (r) =>
      AWS_MANAGED.test(str(r.body.policy_arn)) ? `attaches the AWS-managed ${str(r.body.policy_arn).split("/").pop()}` : undefined,
    ),
    ...eachResource(doc, "aws_iam_role", (r) =>
      arr(r.body.managed_policy_arns)
        .map(str)
        .filter((a) => AWS_MANAGED.test(a))
        .map((a) => `attaches the AWS-managed ${a.split("/").pop()}`),
    ),
  ],
};
