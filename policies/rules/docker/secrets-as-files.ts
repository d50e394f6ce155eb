import { references, strings } from "../../tf";
import { eachService } from "../../rule-helpers";
import type { Rule } from "../../types";

const SECRET_SOURCES = /^(random_password|random_string|tls_private_key|docker_secret|aws_secretsmanager_secret_version)\./;
const SECRET_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIALS?)$/i;

export const secretsAsFiles: Rule = {
  id: "DKR-016",
  title: "Secrets reach services only as secret files",
  severity: "error",
  controls: ["S-01", "S-04"],
  explanation:
    "env, args, command and labels are plain attributes: visible in `docker inspect`, in the plan and in state " +
    "(case B11, B17). Docker secrets are mounted as files with an owner and mode.",
  remediation: "Put the value in a docker_secret, mount it under /run/secrets and pass the path in a *_FILE variable.",
  sources: ["FSBP ECS.8", "TRV AWS-0036", "TRV DS-0031", "CIS-D 4.10", "CKV_SECRET_*"],
  check: (doc) =>
    eachService(doc, (spec, s) => {
      const problems: string[] = [];
      const env = (spec.env ?? {}) as Record<string, unknown>;
      for (const [k, v] of Object.entries(env)) {
        if (SECRET_NAME.test(k)) problems.push(`env ${k} looks like a secret value; use ${k}_FILE and a secret`);
        if (strings(v).some((t) => references(t).some((r) => SECRET_SOURCES.test(r)))) problems.push(`env ${k} carries a secret value`);
      }
      for (const [where, value] of [
        ["args", spec.args],
        ["command", spec.command],
        ["labels", s.body.labels],
        ["container labels", spec.labels],
      ] as const) {
        if (strings(value).some((t) => references(t).some((r) => SECRET_SOURCES.test(r)))) problems.push(`${where} carry a secret value`);
      }
      return problems;
    }),
};
