/**
 * Prometheus, Alertmanager and blackbox exporter configs checked by their own tools: `promtool check config`,
 * `check web-config`, `check rules`, `test rules` (a unit test for every rule, kept in promtool/), `amtool
 * check-config`, and the blackbox exporter's `--config.check`.
 */
import { copyFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_CONFIG } from "../../config/defaults";
import { renderAlertmanagerConfig } from "../../constructs/render/alertmanager";
import { renderBlackboxConfig } from "../../constructs/render/blackbox";
import { renderPrometheusConfig, renderSecurityRules, renderWebConfig, securityRules } from "../../constructs/render/prometheus";
import { describeWith, makePki, removeDir, run, tempDir, type Pki } from "./helpers";

describeWith(
  { promtool: "prometheus", amtool: "prometheus-alertmanager", openssl: "openssl" },
  "Prometheus and Alertmanager configs under their own tools",
  () => {
    let dir: string;
    let pki: Pki;
    beforeAll(() => {
      dir = tempDir("prom");
      pki = makePki(dir);
    });
    afterAll(() => removeDir(dir));

    test("promtool check rules and test rules: every rule has a unit test, and all pass", () => {
      writeFileSync(join(dir, "security.rules.yml"), renderSecurityRules(DEFAULT_CONFIG.alerts));
      copyFileSync(join(__dirname, "promtool", "security_rules_test.yml"), join(dir, "security_rules_test.yml"));
      const check = run("promtool", ["check", "rules", join(dir, "security.rules.yml")]);
      expect(check.out).toMatch(/SUCCESS: 7 rules found/);
      const tested = run("promtool", ["test", "rules", "security_rules_test.yml"], { cwd: dir });
      expect(tested.out).toMatch(/SUCCESS/);
      expect(tested.status).toBe(0);
      const testFile = run("cat", [join(dir, "security_rules_test.yml")]).stdout;
      for (const r of securityRules(DEFAULT_CONFIG.alerts)) expect(testFile).toContain(`alertname: ${r.alert}`);
    });

    test("promtool check config and check web-config accept the rendered prometheus.yml and TLS web config", () => {
      const paths = {
        rulesFile: join(dir, "security.rules.yml"),
        caFile: pki.ca,
        certFile: pki.cert,
        keyFile: pki.key,
        webConfigFile: join(dir, "web.yml"),
      };
      writeFileSync(paths.rulesFile, renderSecurityRules(DEFAULT_CONFIG.alerts));
      writeFileSync(paths.webConfigFile, renderWebConfig(pki.cert, pki.key));
      writeFileSync(
        join(dir, "prometheus.yml"),
        renderPrometheusConfig(
          [
            { job: "api", address: "api:8000", scheme: "http" },
            { job: "pushgateway", address: "pushgateway:9091", scheme: "http", honorLabels: true },
          ],
          { exporter: "blackbox:9115", targets: [{ url: "https://nginx:8443/healthz" }] },
          ["alertmanager:9093"],
          paths,
        ),
      );
      const config = run("promtool", ["check", "config", join(dir, "prometheus.yml")]);
      expect(config.out).toMatch(/SUCCESS/);
      expect(config.status).toBe(0);
      const web = run("promtool", ["check", "web-config", paths.webConfigFile]);
      expect(web.out).toMatch(/SUCCESS/);
    });

    test("amtool check-config accepts the Alertmanager config, with and without receivers", () => {
      for (const receivers of [[], [{ name: "oncall", webhookUrl: "https://alerts.example.org/hook" }]]) {
        writeFileSync(join(dir, "alertmanager.yml"), renderAlertmanagerConfig(receivers));
        const r = run("amtool", ["check-config", join(dir, "alertmanager.yml")]);
        expect(r.out).toMatch(/SUCCESS/);
        expect(r.status).toBe(0);
      }
    });
  },
);

describeWith({ "prometheus-blackbox-exporter": "prometheus-blackbox-exporter" }, "blackbox exporter config under its own tool", () => {
  test("--config.check accepts the rendered https_2xx module", () => {
    const dir = tempDir("bb");
    writeFileSync(join(dir, "ca.pem"), "");
    writeFileSync(join(dir, "blackbox.yml"), renderBlackboxConfig(join(dir, "ca.pem"), "localhost"));
    const r = run("prometheus-blackbox-exporter", [`--config.file=${join(dir, "blackbox.yml")}`, "--config.check"]);
    removeDir(dir);
    expect(r.out).toMatch(/Config file is ok|config.*ok/i);
    expect(r.status).toBe(0);
  });
});
