import { configTexts, directive } from "../../config-files";
import type { Rule } from "../../types";

export const redisConfig: Rule = {
  id: "DKR-024",
  title: "Redis speaks TLS only and authenticates every client by ACL",
  severity: "error",
  controls: ["R-02", "R-03"],
  explanation:
    "A plain port, missing ACL file or disabled protected mode lets anything on the network read and write the cache and queues.",
  remediation: "Render redis.conf with constructs/render/redis.ts (port 0, tls-port, aclfile, protected-mode yes).",
  sources: ["FSBP ElastiCache.5", "FSBP ElastiCache.6", "CKV_AWS_30", "CKV_AWS_31", "MOZ redis template"],
  check: (doc) =>
    configTexts(doc)
      .filter((c) => /^\s*(tls-port|aclfile|requirepass|appendonly)\s/m.test(c.text))
      .flatMap((c) => {
        const p: string[] = [];
        if (!directive(c.text, "port").includes("0")) p.push("a plain-text port is open (set port 0)");
        if (directive(c.text, "tls-port").length === 0) p.push("no tls-port");
        if (directive(c.text, "aclfile").length === 0) p.push("no ACL file: the default user is open");
        if (directive(c.text, "requirepass").length) p.push("requirepass puts the password in the config file");
        if (directive(c.text, "protected-mode").includes("no")) p.push("protected-mode is off");
        for (const v of directive(c.text, "tls-protocols"))
          if (/TLSv1(\.[01])?(\s|"|$)/.test(v.replace(/TLSv1\.[23]/g, ""))) p.push(`tls-protocols allows ${v}`);
        return p.map((message) => ({ address: c.address, message }));
      }),
};
