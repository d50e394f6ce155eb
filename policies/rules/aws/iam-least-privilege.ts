import { actionMatches, arr, conditionValue, eachResource, refOf, statements, str, unreadablePolicy, type Statement } from "../../aws";
import { resources } from "../../tf";
import type { Rule } from "../../types";

/** Actions that accept no resource-level restriction: "*" is the only Resource they take. */
const RESOURCELESS = [
  "ecr:GetAuthorizationToken",
  "sts:GetCallerIdentity",
  "logs:DescribeLogGroups",
  "cloudwatch:PutMetricData",
  "xray:PutTraceSegments",
  "xray:PutTelemetryRecords",
];
/** Policies that amount to administrator or IAM management. */
const ADMIN_POLICY = /:policy\/(AdministratorAccess|IAMFullAccess|PowerUserAccess)$/;
/** Actions that manage identities or escalate privileges. */
const ESCALATION = ["iam:*", "sts:AssumeRole", "organizations:*", "kms:CreateGrant", "kms:PutKeyPolicy"];
/** Actions that read secret values or decrypt; they need exact resources (I-05). */
const SECRET_READ = ["secretsmanager:GetSecretValue", "kms:Decrypt", "ssm:GetParameter*"];

function statementProblems(s: Statement): string[] {
  if (s.effect !== "Allow") return [];
  const p: string[] = [];
  if (s.notActions.length) p.push("an Allow with NotAction grants everything else");
  for (const a of s.actions) {
    if (a === "*" || /^[a-z0-9-]+:\*$/i.test(a)) p.push(`grants ${a}`);
  }
  const starResource = s.resources.length === 0 || s.resources.includes("*");
  if (starResource) {
    const scoped = s.actions.filter((a) => !RESOURCELESS.some((r) => a.toLowerCase() === r.toLowerCase()));
    if (scoped.length) p.push(`Resource "*" for ${scoped.join(", ")}`);
  }
  const escalates = s.actions.filter((a) => ESCALATION.some((e) => actionMatches(e, a) || actionMatches(a, e)));
  const passRoleScoped = conditionValue(s, "iam:PassedToService").length > 0 && !starResource;
  const unscoped = escalates.filter((a) => !(a.toLowerCase() === "iam:passrole" && passRoleScoped));
  if (unscoped.length) p.push(`grants identity management or escalation: ${unscoped.join(", ")}`);
  const reads = s.actions.filter((a) => SECRET_READ.some((r) => actionMatches(r, a) || actionMatches(a, r)));
  const wide = s.resources.filter((r) => r !== "*" && /[:/]\*$/.test(r));
  if (reads.length && wide.length) p.push(`${reads.join(", ")} on every key/secret matching ${wide.join(", ")}`);
  return p;
}

export const iamLeastPrivilege: Rule = {
  id: "AWS-014",
  title: "IAM policies name exact actions and resources and grant no administration",
  severity: "error",
  controls: ["I-02", "I-05"],
  explanation:
    'A "*" action, Resource "*" where the action takes a resource, NotAction, iam:* / PassRole without a service condition, ' +
    "or an administrator policy turns one compromised task into the account. Secret reads and kms:Decrypt need the exact " +
    "secret and key ARNs (kms:Decrypt via Secrets Manager only).",
  remediation: "List the actions the code calls and the ARNs it calls them on; scope iam:PassRole with iam:PassedToService.",
  sources: [
    "FSBP IAM.1",
    "FSBP IAM.21",
    "FSBP KMS.1",
    "FSBP KMS.2",
    "CKV_AWS_1",
    "CKV_AWS_62",
    "CKV_AWS_49",
    "CKV_AWS_63",
    "CKV_AWS_355",
    "CKV_AWS_356",
    "CKV_AWS_286",
    "CKV_AWS_290",
    "CKV2_AWS_40",
    "TRV AWS-0057",
    "NAG AwsSolutions-IAM5",
  ],
  check: (doc) => [
    ...eachResource(doc, ["aws_iam_role_policy", "aws_iam_policy", "aws_iam_user_policy", "aws_iam_group_policy"], (r) => [
      ...statements(r.body.policy).flatMap(statementProblems),
      ...[unreadablePolicy(r.body.policy)].filter((x): x is string => !!x),
    ]),
    ...eachResource(doc, "aws_iam_role", (r) => [
      ...arr(r.body.inline_policy).flatMap((ip) => statements((ip as Record<string, unknown>).policy).flatMap(statementProblems)),
      ...arr(r.body.managed_policy_arns)
        .map(str)
        .filter((a) => ADMIN_POLICY.test(a))
        .map((a) => `attaches ${a}`),
    ]),
    ...eachResource(
      doc,
      ["aws_iam_role_policy_attachment", "aws_iam_policy_attachment", "aws_iam_user_policy_attachment", "aws_iam_group_policy_attachment"],
      (r) => (ADMIN_POLICY.test(str(r.body.policy_arn)) ? `attaches ${str(r.body.policy_arn)}` : undefined),
    ),
    ...(resources(doc, "aws_iam_user").length
      ? eachResource(doc, "aws_iam_user", () => "an IAM user: long-lived credentials; use roles")
      : []),
    ...eachResource(doc, "aws_iam_role_policy", (r) => (refOf(r.body.role) || str(r.body.role) ? undefined : "a policy without a role")),
  ],
};
