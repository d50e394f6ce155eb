import { actionMatches, byAddress, conditionValue, eachResource, linkedBy, refOf, statements, str } from "../../aws";
import { get } from "../../tf";
import type { Rule } from "../../types";

const ALLOWED = ["ecs:RunTask", "iam:PassRole"];

export const schedulerScoped: Rule = {
  id: "AWS-017",
  title: "Scheduled tasks: an encrypted schedule whose role can only run that task",
  severity: "error",
  controls: ["I-06", "P-02"],
  explanation:
    "The scheduler's role is a standing credential: if it can run any task definition or pass any role, whoever edits " +
    "the schedule runs arbitrary code with arbitrary rights. The schedule's target input is stored with its key.",
  remediation:
    "Give the schedule kms_key_arn; its role only ecs:RunTask on the task-definition family ARN and iam:PassRole on the task's two roles with iam:PassedToService = ecs-tasks.amazonaws.com.",
  sources: ["CKV_AWS_297", "TRV AWS-0342"],
  check: (doc) => {
    const policiesOf = linkedBy(doc, "aws_iam_role_policy", "role");
    return eachResource(doc, "aws_scheduler_schedule", (s) => {
      const p: string[] = [];
      if (!str(s.body.kms_key_arn)) p.push("no kms_key_arn: the schedule is encrypted with an AWS-owned key");
      if (!get(s.body, "target", "ecs_parameters")) return p;
      const role = refOf(get(s.body, "target", "role_arn"));
      const policies = (role && policiesOf.get(role)) || [];
      if (!role || !byAddress(doc, role)) p.push("the target role is not defined in this stack: its rights cannot be checked");
      for (const st of policies.flatMap((x) => statements(x.body.policy)).filter((x) => x.effect === "Allow")) {
        const extra = st.actions.filter((a) => !ALLOWED.some((al) => al.toLowerCase() === a.toLowerCase()));
        if (extra.length) p.push(`the role may also ${extra.join(", ")}`);
        const runs = st.actions.some((a) => actionMatches(a, "ecs:RunTask"));
        if (runs && st.resources.some((r) => r === "*" || !/:task-definition\/[^*]+/.test(r) || /:task-definition\/\*/.test(r)))
          p.push("ecs:RunTask is not limited to the scanner's task-definition family");
        const passes = st.actions.some((a) => actionMatches(a, "iam:PassRole"));
        if (
          passes &&
          (st.resources.includes("*") || !conditionValue(st, "iam:PassedToService").map(String).includes("ecs-tasks.amazonaws.com"))
        )
          p.push("iam:PassRole is not limited to the task's roles and ecs-tasks.amazonaws.com");
      }
      return p;
    });
  },
};
