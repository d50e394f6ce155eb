/** Renderer unit tests: the rendered text carries each control, and bad input is refused naming its field. */
import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { ConfigError, parseConfig } from "../../config";
import { DEFAULT_CONFIG } from "../../config/defaults";
import { FLOWS } from "../../constructs/model/system";
import { renderGrafanaDatasources, renderSecurityDashboard } from "../../constructs/render/grafana";
import { renderNginxConf } from "../../constructs/render/nginx";
import { postgresSettings, renderInitSql, renderPgHba } from "../../constructs/render/postgres";
import { prometheusArgs, securityRules } from "../../constructs/render/prometheus";
import { renderRedisAcl, renderRedisConf } from "../../constructs/render/redis";
import { renderScannerScript } from "../../constructs/render/scanner";
import { tlsPolicy } from "../../constructs/render/tls";
import { REQUIRED_HEADERS } from "../../policies/rules/docker/tls-proxy-config";
import { defaultDoc, spec } from "../helpers/synth";

function configProblems(override: unknown): string[] {
  try {
    parseConfig(override);
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.problems.map((p) => `${p.path}: ${p.message}`);
    throw e;
  }
}

const nginxBase = {
  serverName: "example.org",
  apiUpstream: "api:8000",
  dashboardUpstream: "dashboard:8501",
  certificateFile: "/c",
  keyFile: "/k",
};

describe("TLS settings (T-01, T-02, T-03)", () => {
  test("the guide's cipher list is refused: ECDHE-RSA-AES256-GCM-SHA512 does not exist and DHE is gone (E-01)", () => {
    const guide = ["ECDHE-RSA-AES256-GCM-SHA512", "DHE-RSA-AES256-GCM-SHA512", "ECDHE-RSA-AES256-GCM-SHA384", "DHE-RSA-AES256-GCM-SHA384"];
    const problems = configProblems({ tls: { tls12Ciphers: guide } });
    expect(problems).toEqual([
      expect.stringMatching(/^tls\.tls12Ciphers\.0: OpenSSL does not know "ECDHE-RSA-AES256-GCM-SHA512" \(it would be silently dropped\)/),
      expect.stringMatching(/^tls\.tls12Ciphers\.1: OpenSSL does not know/),
      expect.stringMatching(/^tls\.tls12Ciphers\.3: "DHE-RSA-AES256-GCM-SHA384" is not an ECDHE suite/),
    ]);
  });
  test("CBC suites and protocols below TLS 1.2 are refused, naming the field", () => {
    expect(configProblems({ tls: { tls12Ciphers: ["ECDHE-RSA-AES256-SHA384"] } })).toEqual([
      expect.stringMatching(/^tls\.tls12Ciphers\.0: .*not an AEAD suite/),
    ]);
    expect(configProblems({ tls: { protocols: ["TLSv1.1", "TLSv1.2"] } })).toEqual([
      "tls.protocols.0: only TLSv1.2 and TLSv1.3 are allowed (T-01)",
    ]);
    expect(configProblems({ tls: { profile: "modern", protocols: ["TLSv1.2"] } })).toEqual([
      expect.stringMatching(/^tls\.protocols: the "modern" profile is TLS 1\.3 only/),
    ]);
  });
  test("intermediate is Mozilla 6.0: TLS 1.2 + 1.3, six ECDHE AEAD suites; modern is TLS 1.3 only", () => {
    expect(tlsPolicy({})).toMatchObject({ protocols: ["TLSv1.2", "TLSv1.3"], minProtocol: "TLSv1.2" });
    expect(tlsPolicy({}).tls12Ciphers).toHaveLength(6);
    expect(tlsPolicy({ profile: "modern" })).toMatchObject({ protocols: ["TLSv1.3"], tls12Ciphers: [], minProtocol: "TLSv1.3" });
  });
});

describe("nginx (T-04, T-08, H-01 … H-10, E-11)", () => {
  const conf = renderNginxConf(nginxBase);
  test("E-11 every block that adds a header carries the whole header set, with always", () => {
    const blocks = conf.split(/\n\s*location /).slice(1);
    expect(blocks.length).toBeGreaterThanOrEqual(5);
    for (const b of blocks) {
      for (const h of REQUIRED_HEADERS) {
        expect(b).toMatch(new RegExp(`add_header ${h} "[^"]+" always;`));
      }
    }
  });
  test("H-07 H-10 T-08 no X-XSS-Protection 1, no dead headers, no OCSP stapling, no HSTS preload by default (E-10)", () => {
    expect(conf).toContain('add_header X-XSS-Protection "0" always;');
    expect(conf).not.toMatch(/mode=block|add_header (Expect-CT|Public-Key-Pins|Feature-Policy)|ssl_stapling|preload/);
    // Headers the proxy owns are hidden from upstream responses, so an upstream cannot send its own first.
    expect(conf).toMatch(/proxy_hide_header Strict-Transport-Security;/);
    expect(conf).toMatch(/server_tokens off;/);
    expect(conf).toMatch(/proxy_hide_header X-Powered-By;/);
    expect(conf).toMatch(/ssl_prefer_server_ciphers off;/);
  });
  test("extra directives are validated: managed ones refused, naming the field; simple ones rendered", () => {
    expect(
      configProblems({
        nginx: { extraServerDirectives: ["add_header X-Debug 1;", "ssl_stapling on;", "proxy_read_timeout 120s;", "location / { }"] },
      }),
    ).toEqual([
      expect.stringMatching(/^nginx\.extraServerDirectives\.0: directive "add_header" is not allowed here \(headers are rendered/),
      expect.stringMatching(
        /^nginx\.extraServerDirectives\.1: directive "ssl_stapling" is not allowed here \(OCSP stapling is off \(T-08\)\)/,
      ),
      expect.stringMatching(/^nginx\.extraServerDirectives\.3: must be one simple directive/),
    ]);
    expect(renderNginxConf({ ...nginxBase, extraServerDirectives: ["proxy_read_timeout 120s;"] })).toMatch(
      /^\s+proxy_read_timeout 120s;$/m,
    );
  });
  test("extra directives that would weaken a control are refused (allow-list; no variables, comments or escapes)", () => {
    const bad = [
      "set $api_upstream http://10.0.0.1;",
      "limit_req_dry_run on;",
      "set_real_ip_from 0.0.0.0/0;",
      "client_max_body_size 0;",
      "proxy_pass_header Server;",
      "index x #;",
      "index x \\;",
      "return 200;",
      "resolver 8.8.8.8;",
    ];
    const problems = configProblems({ nginx: { extraServerDirectives: bad } });
    expect(problems.map((p) => p.split(":")[0])).toEqual(bad.map((_, i) => `nginx.extraServerDirectives.${i}`));
  });
  test("header, path and size options that would break nginx.conf are refused, naming the field", () => {
    expect(configProblems({ nginx: { contentSecurityPolicy: "default-src 'self'; frame-ancestors 'none' \\" } })[0]).toMatch(
      /^nginx\.contentSecurityPolicy: only printable ASCII/,
    );
    expect(configProblems({ nginx: { contentSecurityPolicy: "frame-ancestors 'none'; script-src $foo" } })[0]).toMatch(
      /^nginx\.contentSecurityPolicy/,
    );
    expect(configProblems({ nginx: { contentSecurityPolicy: "frame-ancestors 'none';\r" } })[0]).toMatch(/^nginx\.contentSecurityPolicy/);
    expect(configProblems({ nginx: { authPaths: ["/api/"] } })[0]).toMatch(/^nginx\.authPaths\.0: must be a path under \/api\//);
    expect(configProblems({ nginx: { authPaths: ["/api/login", "/api/login"] } })[0]).toMatch(/^nginx\.authPaths: paths must be unique/);
    expect(configProblems({ nginx: { clientMaxBodySize: "99999999999999999999m" } })[0]).toMatch(/^nginx\.clientMaxBodySize/);
    expect(configProblems({ nginx: { clientMaxBodySize: "0" } })[0]).toMatch(/^nginx\.clientMaxBodySize/);
  });
  test('alert receivers: unique, not "null", https without credentials, query, fragment or token-like path', () => {
    const hook = (webhookUrl: string, name = "oncall") => ({ alerts: { receivers: [{ name, webhookUrl }] } });
    for (const u of [
      "http://alerts.example.org/hook",
      "https://SECRETTOKEN@alerts.example.org/",
      "https://alerts.example.org/hook?access_token=x",
      "https://alerts.example.org/hook#token=x",
      "https://hooks.slack.com/services/T0000000/B0000000/XXXXXXXXXXXXXXXXXXXXXXXX1",
    ]) {
      expect(`${u} → ${configProblems(hook(u)).join("; ")}`).toMatch(/alerts\.receivers\.0\.webhookUrl: /);
    }
    expect(configProblems(hook("https://alerts.example.org/relay", "null"))[0]).toMatch(/^alerts\.receivers\.0\.name/);
    expect(
      configProblems({
        alerts: {
          receivers: [
            { name: "a", webhookUrl: "https://x.example.org/a" },
            { name: "a", webhookUrl: "https://x.example.org/b" },
          ],
        },
      })[0],
    ).toMatch(/^alerts\.receivers: receiver names must be unique/);
  });
  test("TLS narrowing only picks from Mozilla's lists, so every endpoint (nginx, PostgreSQL, Redis, Go) applies it", () => {
    expect(configProblems({ tls: { tls12Ciphers: ["ECDHE-ECDSA-ARIA128-GCM-SHA256"] } })[0]).toMatch(
      /not one of Mozilla's intermediate suites/,
    );
    expect(configProblems({ tls: { tls12Ciphers: ["ECDHE-ECDSA-AES128-CCM8"] } })[0]).toMatch(/^tls\.tls12Ciphers\.0/);
    expect(configProblems({ tls: { tls13Ciphersuites: ["TLS_AES_128_CCM_8_SHA256"] } })[0]).toMatch(
      /^tls\.tls13Ciphersuites: must be Mozilla's/,
    );
    expect(configProblems({ tls: { tls12Ciphers: ["ECDHE-RSA-AES128-GCM-SHA256"] } })).toEqual([]);
  });
  test("the guide's rate limits: 10/minute on /api/scan, a general zone, a tighter one on auth paths", () => {
    expect(conf).toMatch(/zone=scan:10m rate=10r\/m;/);
    expect(conf).toMatch(/zone=auth:10m rate=5r\/m;/);
    expect(conf).toMatch(/location \/api\/auth\/ \{\n\s+limit_req zone=auth/);
  });
});

describe("PostgreSQL (D-02, D-07, D-10, E-12)", () => {
  const opts = { certFile: "/c", keyFile: "/k", caFile: "/ca", hbaFile: "/h", clientCidr: "172.20.2.0/24" };
  test("TLS required with a TLS 1.2 minimum, SCRAM, DDL logging without statement text of slow queries", () => {
    expect(postgresSettings(opts)).toMatchObject({
      ssl: "on",
      ssl_min_protocol_version: "TLSv1.2",
      password_encryption: "scram-sha-256",
      log_connections: "on",
      log_disconnections: "on",
      log_statement: "ddl",
      log_min_duration_statement: -1,
    });
    expect(
      renderPgHba(opts)
        .split("\n")
        .filter((l) => /^(host|local)/.test(l)),
    ).toEqual([
      "local     all       all                       scram-sha-256",
      "hostssl   security_agents security_app 172.20.2.0/24 scram-sha-256",
      "host      all       all   0.0.0.0/0           reject",
      "host      all       all   ::/0                reject",
    ]);
  });
  test("E-12 the init SQL silences statement logging before the role's password is sent", () => {
    const sql = renderInitSql(opts);
    expect(sql.indexOf("SET log_statement = 'none';")).toBeLessThan(sql.indexOf("PASSWORD :'app_password'"));
    expect(sql).toMatch(/REVOKE CREATE ON SCHEMA public FROM PUBLIC;/);
    expect(sql).toMatch(/FORCE ROW LEVEL SECURITY/);
    expect(sql).not.toMatch(/ON ALL TABLES/);
  });
});

describe("Redis (R-02, R-03)", () => {
  test("TLS-only port with Mozilla protocols; ACL with the default user off and no dangerous commands", () => {
    const conf = renderRedisConf({ certFile: "/c", keyFile: "/k", caFile: "/ca", aclFile: "/a", dataDir: "/data" });
    expect(conf).toMatch(/^port 0$/m);
    expect(conf).toMatch(/^tls-port 6379$/m);
    expect(conf).toMatch(/^tls-protocols "TLSv1.2 TLSv1.3"$/m);
    expect(conf).toMatch(/^protected-mode yes$/m);
    const acl = renderRedisAcl("ab".repeat(32));
    expect(acl).toMatch(/^user default off /m);
    expect(acl).toMatch(/^user app on #(ab){32} resetkeys ~app:\* .* -@dangerous -@admin -@scripting -select$/m);
  });
});

describe("Prometheus and Grafana", () => {
  test("scrape jobs are exactly the model's flows from Prometheus; admin and lifecycle APIs stay off", () => {
    const doc = defaultDoc();
    const conf = Object.values(doc.resource.docker_config).find((c) => String(c.name).startsWith("secagents-dev-prometheus-conf-"))!;
    const yml = parseYaml(Buffer.from(String(conf.data), "base64").toString("utf8"));
    const direct = yml.scrape_configs
      .filter((j: { job_name: string }) => j.job_name !== "tls-probe")
      .map((j: { static_configs: { targets: string[] }[] }) => j.static_configs[0].targets[0]);
    const expected = FLOWS.filter((f) => f.from === "prometheus" && !["blackbox", "alertmanager"].includes(f.to)).map(
      (f) => `${f.to}:${f.port}`,
    );
    expect(direct.sort()).toEqual(expected.sort());
    expect(yml.alerting.alertmanagers[0]).toMatchObject({ scheme: "https", tls_config: { ca_file: "/run/secrets/tls_ca" } });
    const args = spec(doc, "prometheus").args as string[];
    expect(args).toEqual(prometheusArgs("/etc/prometheus/prometheus.yml", "/etc/prometheus/web.yml", "/prometheus"));
    expect(args.join(" ")).not.toMatch(/enable-admin-api|enable-lifecycle/);
  });
  test("every rule has summary, description and a runbook section that exists in docs/runbooks.md", () => {
    const runbooks = readFileSync(join(__dirname, "../../docs/runbooks.md"), "utf8");
    for (const r of securityRules(DEFAULT_CONFIG.alerts)) {
      expect(r.annotations.summary.length).toBeGreaterThan(10);
      expect(r.annotations.description.length).toBeGreaterThan(10);
      const anchor = r.annotations.runbook_url.split("#")[1];
      expect(runbooks).toMatch(new RegExp(`^## ${r.alert}$`, "m"));
      expect(anchor).toBe(r.alert.toLowerCase());
    }
  });
  test("Grafana's datasource uses TLS verified against the CA file; the dashboard has the guide's panels", () => {
    const ds = parseYaml(renderGrafanaDatasources("https://prometheus:9090", "/run/secrets/tls_ca")).datasources[0];
    expect(ds).toMatchObject({
      url: "https://prometheus:9090",
      jsonData: { tlsAuthWithCACert: true, tlsSkipVerify: false },
      secureJsonData: { tlsCACert: "$__file{/run/secrets/tls_ca}" },
    });
    const dash = JSON.parse(renderSecurityDashboard());
    expect(dash.panels.map((p: { targets: { expr: string }[] }) => p.targets[0].expr).join(" ")).toMatch(
      /security_failed_logins_total.*security_suspicious_activity_total/,
    );
  });
});

test("B09 the scanner script scans with fake trivy, counts severities and pushes container_vulnerability_count", () => {
  const dir = mkdtempSync(join(tmpdir(), "scan-"));
  try {
    const bin = join(dir, "bin");
    execFileSync("mkdir", ["-p", bin, join(dir, "results"), join(dir, "pushed"), join(dir, "cache")]);
    const fake = (name: string, body: string) => {
      writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
      chmodSync(join(bin, name), 0o755);
    };
    fake(
      "trivy",
      `case "$1" in image) while [ $# -gt 0 ]; do [ "$1" = --output ] && out=$2; shift; done; printf '{"Results":[{"Vulnerabilities":[{"Severity": "CRITICAL"},{"Severity": "CRITICAL"},{"Severity": "HIGH"}]}]}' > "$out";; *) exit 0;; esac`,
    );
    fake(
      "wget",
      `for a; do case "$a" in --post-file=*) f=\${a#--post-file=};; http*) url=$a;; esac; done; cp "$f" "${dir}/pushed/$(echo "$url" | tr '/:@' '___')"`,
    );
    const script = renderScannerScript().replace(/\nwhile true; do[\s\S]*$/, "\nscan_all\n");
    writeFileSync(join(dir, "run.sh"), script);
    execFileSync("sh", [join(dir, "run.sh")], {
      env: {
        PATH: `${bin}:${process.env.PATH}`,
        SCAN_SCHEDULE: "* * * * *",
        SCAN_IMAGES: "registry.example.com/api:1.0",
        SCAN_TOOLS: "trivy",
        SCAN_RESULTS_DIR: join(dir, "results"),
        TRIVY_CACHE_DIR: join(dir, "cache"),
        PUSHGATEWAY_URL: "http://pushgateway:9091",
        TMPDIR: dir,
      },
    });
    const pushed = readdirSync(join(dir, "pushed"))
      .map((f) => readFileSync(join(dir, "pushed", f), "utf8"))
      .join("\n");
    expect(pushed).toContain('container_vulnerability_count{image="registry.example.com/api:1.0",severity="critical",scanner="trivy"} 2');
    expect(pushed).toContain('container_vulnerability_count{image="registry.example.com/api:1.0",severity="high",scanner="trivy"} 1');
    expect(pushed).toMatch(/^scanner_last_success_timestamp_seconds \d+$/m);
    const metricsFile = readdirSync(join(dir, "pushed")).find((f) => f.includes("image_base64"));
    expect(metricsFile).toBeDefined();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
