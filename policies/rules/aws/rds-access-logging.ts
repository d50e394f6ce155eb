import { arr, eachResource, isTrue, str } from "../../aws";
import type { Rule } from "../../types";
import { attachedParameters, isPostgres } from "./rds-params";

export const rdsAccessLogging: Rule = {
  id: "AWS-033",
  title: "RDS PostgreSQL: IAM auth, SCRAM, connection and DDL logging that never logs statement text",
  severity: "error",
  controls: ["D-06", "D-07", "D-10"],
  explanation:
    "IAM authentication gives app roles short-lived tokens instead of passwords; SCRAM replaces md5. Connections and DDL " +
    "must be logged and exported, but log_statement = all/mod (and log_min_duration_statement = 0) write every " +
    "statement's text, passwords in CREATE/ALTER ROLE included (E-12): use pgAudit ddl,role.",
  remediation:
    'Set iam_database_authentication_enabled = true, enabled_cloudwatch_logs_exports = ["postgresql", "upgrade"], and in the parameter group password_encryption = scram-sha-256, log_connections = 1, log_statement = none or ddl, pgaudit.log = ddl,role.',
  sources: [
    "FSBP RDS.10",
    "FSBP RDS.9",
    "FSBP RDS.36",
    "CKV_AWS_161",
    "CKV_AWS_129",
    "CKV2_AWS_30",
    "TRV AWS-0176",
    "CIS-PG 3.1.20",
    "CIS-PG 3.1.25",
    "CIS-PG 5.12",
  ],
  check: (doc) =>
    eachResource(doc, "aws_db_instance", (db) => {
      if (!isPostgres(db)) return undefined;
      const p: string[] = [];
      if (!isTrue(db.body.iam_database_authentication_enabled)) p.push("IAM database authentication is off");
      if (!arr(db.body.enabled_cloudwatch_logs_exports).map(str).includes("postgresql")) p.push("the postgresql log is not exported");
      const params = attachedParameters(doc, db);
      if (!params) return [...p, "no attached parameter group: logging and password hashing are engine defaults"];
      if (params.password_encryption && params.password_encryption !== "scram-sha-256")
        p.push(`password_encryption is ${params.password_encryption}`);
      if (params.log_connections !== "1" && params.log_connections !== "on") p.push("log_connections is not on");
      if (["all", "mod"].includes(params.log_statement))
        p.push(`log_statement = ${params.log_statement} logs statement text, passwords included (E-12)`);
      if (params.log_min_duration_statement === "0") p.push("log_min_duration_statement = 0 logs every statement's text (E-12)");
      const audit = (params["pgaudit.log"] ?? "").split(",").map((x) => x.trim());
      if (!["ddl", "all"].some((x) => audit.includes(x)) && params.log_statement !== "ddl")
        p.push("neither pgaudit.log nor log_statement records DDL");
      return p;
    }),
};
