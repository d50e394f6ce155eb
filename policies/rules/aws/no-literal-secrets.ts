import { eachResource, isTrue, str } from "../../aws";
import { asRecord, list } from "../../tf";
import type { Rule } from "../../types";

/** Arguments that hold a secret value, by resource type (a literal lands in cdk.tf.json, the plan and state). */
const SECRET_ARGUMENTS: Readonly<Record<string, readonly string[]>> = {
  aws_db_instance: ["password"],
  aws_rds_cluster: ["master_password"],
  aws_elasticache_replication_group: ["auth_token"],
  aws_secretsmanager_secret_version: ["secret_string", "secret_binary"],
  aws_ssm_parameter: ["value"],
  aws_iam_access_key: [],
  aws_iam_user_login_profile: [],
  aws_acm_certificate: ["private_key"],
};

export const noLiteralSecrets: Rule = {
  id: "AWS-011",
  title: "No secret values or static cloud credentials in the Terraform artifacts",
  severity: "error",
  controls: ["S-04", "S-06"],
  explanation:
    "A password, auth token or private key given to Terraform lives in cdk.tf.json (when literal), the plan and the state. " +
    "RDS-managed master passwords, IAM-authenticated cache users and values put into Secrets Manager out of band keep them " +
    "out; static keys in the provider block are long-lived credentials in the repository.",
  remediation:
    "Use manage_master_user_password, ElastiCache RBAC with IAM authentication, write-only *_wo arguments or put secret values " +
    "with the CLI; configure the provider from the environment or an assumed role, never access_key/secret_key.",
  sources: ["CKV_AWS_41", "TRV AWS-0134", "https://developer.hashicorp.com/terraform/language/manage-sensitive-data/write-only"],
  check: (doc) => [
    ...eachResource(doc, Object.keys(SECRET_ARGUMENTS), (r) => {
      const p: string[] = [];
      if (r.type === "aws_iam_access_key") p.push("creates a static access key (its secret lands in state)");
      if (r.type === "aws_iam_user_login_profile") p.push("creates a console password (it lands in state)");
      if (r.type === "aws_ssm_parameter" && str(r.body.type) !== "SecureString") return p;
      for (const a of SECRET_ARGUMENTS[r.type])
        if (r.body[a] !== undefined && r.body[a] !== null) p.push(`sets ${a}: the value lands in state and the plan`);
      return p;
    }),
    ...eachResource(doc, "aws_elasticache_user", (u) =>
      list(u.body, "authentication_mode").some((m) => str(m.type) === "password") || list(u.body, "passwords").length || u.body.passwords
        ? "a password-authenticated cache user: the passwords land in state (use IAM authentication)"
        : isTrue(u.body.no_password_required) && !/^off\b/.test(str(u.body.access_string))
          ? "an enabled cache user without a password"
          : undefined,
    ),
    ...Object.entries(asRecord(doc.provider))
      .filter(([name]) => name === "aws")
      .flatMap(([, cfgs]) => (Array.isArray(cfgs) ? cfgs : [cfgs]).map(asRecord))
      .filter((cfg) => cfg.access_key !== undefined || cfg.secret_key !== undefined || cfg.token !== undefined)
      .map(() => ({ address: "provider.aws", message: "static credentials (access_key/secret_key/token) in the provider block" })),
  ],
};
