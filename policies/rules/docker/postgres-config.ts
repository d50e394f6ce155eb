import { configTexts, directive } from "../../config-files";
import type { Rule } from "../../types";

export const postgresConfig: Rule = {
  id: "DKR-023",
  title: "PostgreSQL requires TLS and SCRAM and never logs statement text with passwords",
  severity: "error",
  controls: ["D-02", "D-07", "D-10"],
  explanation:
    "ssl must be on with TLS 1.2+, pg_hba must accept only hostssl with scram-sha-256 (md5, password and trust are " +
    "weaker or none), and log_statement = all (or a 0 ms slow-statement log) writes CREATE/ALTER ROLE … PASSWORD in cleartext (E-12).",
  remediation: "Render postgresql.conf and pg_hba.conf with constructs/render/postgres.ts.",
  sources: ["FSBP RDS.38", "CIS-PG 5.8", "CIS-PG 6.8", "CIS-PG 5.12", "CIS-PG 3.1.25", "CKV2_AWS_69", "CKV2_AWS_30"],
  check: (doc) =>
    configTexts(doc).flatMap((c) => {
      const p: string[] = [];
      if (/^\s*password_encryption\s*=/m.test(c.text) || /^\s*ssl_cert_file\s*=/m.test(c.text)) {
        if (!directive(c.text, "ssl").includes("on")) p.push("ssl is not on");
        const min = directive(c.text, "ssl_min_protocol_version")[0];
        if (!min || !["TLSv1.2", "TLSv1.3"].includes(min))
          p.push(`ssl_min_protocol_version is ${min ?? "unset (TLSv1.2 default only on 14+)"}`);
        if (!directive(c.text, "password_encryption").includes("scram-sha-256")) p.push("password_encryption is not scram-sha-256");
        if (directive(c.text, "log_statement").includes("all") || directive(c.text, "log_statement").includes("mod"))
          p.push("log_statement logs statement text with passwords (E-12)");
        if (directive(c.text, "log_min_duration_statement").some((v) => v !== "-1"))
          p.push("slow-statement logging prints statement text (E-12)");
      }
      const hba = c.text.split("\n").filter((l) => /^\s*(local|host|hostssl|hostnossl|hostgssenc|hostnogssenc)\s/.test(l));
      if (hba.length) {
        for (const l of hba) {
          const f = l.trim().split(/\s+/);
          const method = f[f.length - 1];
          if (method === "reject") continue;
          if (f[0] !== "hostssl" && f[0] !== "local") p.push(`pg_hba: "${l.trim()}" accepts connections without TLS`);
          if (method !== "scram-sha-256") p.push(`pg_hba: "${l.trim()}" uses ${method}, not scram-sha-256`);
        }
      }
      return p.map((message) => ({ address: c.address, message }));
    }),
};
