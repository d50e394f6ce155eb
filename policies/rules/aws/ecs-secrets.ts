import { eachContainer, str } from "../../aws";
import { list, strings } from "../../tf";
import type { Rule } from "../../types";
import { carriesSecret, looksSecret, secretOnCommandLine } from "../../secrets";

export const ecsSecrets: Rule = {
  id: "AWS-010",
  title: "Secrets reach ECS containers only through Secrets Manager references",
  severity: "error",
  controls: ["S-01"],
  explanation:
    "environment, command and health-check values are plain text in the task definition: readable with " +
    "ecs:DescribeTaskDefinition, in the plan and in state. A secret interpolated there, even wrapped in a function, " +
    'leaks; "secrets" with a Secrets Manager or SSM ARN is resolved by the agent at start and never stored.',
  remediation: 'Move the value to Secrets Manager (CMK, S-02) and reference it in "secrets": [{"name", "valueFrom": "<secret-arn>"}].',
  sources: ["FSBP ECS.8", "TRV AWS-0036", "NAG AwsSolutions-ECS2", "AWSCFG ECS_NO_ENVIRONMENT_SECRETS", "CIS-D 4.10"],
  check: (doc) =>
    eachContainer(doc, (c) => {
      const p: string[] = [];
      for (const [k, v] of Object.entries(c.env)) {
        if (carriesSecret(v)) p.push(`environment ${k} carries a secret value`);
        else if (looksSecret(k, v)) p.push(`environment ${k} looks like a secret value; use "secrets"`);
      }
      for (const key of ["command", "entryPoint", "healthCheck", "dockerLabels", "environmentFiles"])
        if (carriesSecret(c.def[key]) || secretOnCommandLine(strings(c.def[key]))) p.push(`${key} carries a secret value`);
      for (const s of list(c.def, "secrets")) {
        const from = str(s.valueFrom);
        if (
          !/^(\$\{(aws_secretsmanager_secret|aws_ssm_parameter|data\.aws_secretsmanager_secret|data\.aws_ssm_parameter)\.|arn:aws[a-z-]*:(secretsmanager|ssm):)/.test(
            from,
          )
        )
          p.push(`secret ${str(s.name)} is not a Secrets Manager or SSM reference: ${from.slice(0, 60)}`);
      }
      return p;
    }),
};
