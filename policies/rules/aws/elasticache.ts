import { arr, byAddress, eachResource, isFalse, isTrue, num, refOf, str } from "../../aws";
import type { Rule } from "../../types";

export const elasticache: Rule = {
  id: "AWS-036",
  title: "ElastiCache: customer-key encryption, TLS required, authenticated least-privilege users, backups and failover",
  severity: "error",
  controls: ["R-01", "R-02", "R-03", "R-04"],
  explanation:
    'Without transit encryption "required" (not "preferred") clients may talk in clear text; without RBAC or a token any ' +
    "host in the security group runs any command, FLUSHALL and CONFIG included; an enabled default user without a password " +
    "undoes RBAC. Snapshots, failover and minor upgrades keep the cache's data and patches.",
  remediation:
    'Set at_rest_encryption_enabled with kms_key_id, transit_encryption_enabled = true with transit_encryption_mode = "required", user_group_ids (default user "off …"), snapshot_retention_limit >= 1, automatic_failover_enabled and multi_az_enabled, auto_minor_version_upgrade.',
  sources: [
    "FSBP ElastiCache.1",
    "FSBP ElastiCache.2",
    "FSBP ElastiCache.3",
    "FSBP ElastiCache.4",
    "FSBP ElastiCache.5",
    "FSBP ElastiCache.6",
    "CKV_AWS_29",
    "CKV_AWS_30",
    "CKV_AWS_31",
    "CKV_AWS_191",
    "CKV_AWS_134",
    "TRV AWS-0045",
    "TRV AWS-0051",
    "TRV AWS-0050",
    "NAG AwsSolutions-AEC3",
    "NAG AwsSolutions-AEC6",
  ],
  check: (doc) =>
    eachResource(doc, "aws_elasticache_replication_group", (g) => {
      const b = g.body;
      const p: string[] = [];
      if (!isTrue(b.at_rest_encryption_enabled)) p.push("not encrypted at rest");
      else if (!str(b.kms_key_id)) p.push("encrypted at rest with the AWS-managed key, not a customer key");
      if (!isTrue(b.transit_encryption_enabled)) p.push("transit encryption is off");
      else if (str(b.transit_encryption_mode) === "preferred")
        p.push('transit_encryption_mode is "preferred": clear-text clients are accepted');
      const groups = arr(b.user_group_ids);
      if (!groups.length && !str(b.auth_token)) p.push("no authentication: neither user_group_ids (RBAC) nor an auth token");
      for (const ref of groups) {
        const group = byAddress(doc, refOf(ref));
        for (const u of arr(group?.body.user_ids).map((x) => byAddress(doc, refOf(x)))) {
          if (!u) continue;
          const access = str(u.body.access_string);
          if (
            /^on\b/.test(access) &&
            (isTrue(u.body.no_password_required) || str(u.body.user_name) === "default") &&
            str((u.body.authentication_mode as Record<string, unknown> | undefined)?.type) !== "iam"
          )
            p.push(`user ${str(u.body.user_name)} is enabled without authentication`);
          if (/^on\b/.test(access) && /(^|\s)\+@all\b/.test(access) && !/-@dangerous/.test(access))
            p.push(`user ${str(u.body.user_name)} may run every command`);
        }
      }
      if ((num(b.snapshot_retention_limit) ?? 0) < 1) p.push("no automatic snapshots");
      if (!isTrue(b.automatic_failover_enabled) || !isTrue(b.multi_az_enabled)) p.push("no Multi-AZ automatic failover");
      if (isFalse(b.auto_minor_version_upgrade)) p.push("automatic minor upgrades are off");
      return p;
    }),
};
