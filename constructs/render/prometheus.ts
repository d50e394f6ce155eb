/**
 * prometheus.yml and the seed guide's security alert rules (pure; no cdktf).
 * Scrape jobs come from the system model's flows, so Prometheus scrapes exactly what the model allows.
 * Output is JSON, which is valid YAML and is what Prometheus reads.
 */

export interface ScrapeTarget {
  readonly job: string;
  readonly address: string;
}

export interface AlertThresholds {
  readonly failedLoginsPerSecond: number;
  readonly suspiciousEventsPer10m: number;
  readonly criticalVulnerabilities: number;
}

export const RULES_PATH = "/etc/prometheus/rules/security.rules.yml";

export function renderPrometheusConfig(targets: readonly ScrapeTarget[]): string {
  const config = {
    global: { scrape_interval: "15s", evaluation_interval: "15s" },
    rule_files: [RULES_PATH],
    scrape_configs: targets.map((t) => ({ job_name: t.job, metrics_path: "/metrics", static_configs: [{ targets: [t.address] }] })),
  };
  return JSON.stringify(config, null, 2) + "\n";
}

/** The guide's three rules with its metric names; thresholds from config. */
export function renderSecurityRules(t: AlertThresholds): string {
  const rules = {
    groups: [
      {
        name: "security",
        rules: [
          {
            alert: "HighFailedLoginRate",
            expr: `rate(security_failed_logins_total[5m]) > ${t.failedLoginsPerSecond}`,
            for: "2m",
            labels: { severity: "warning" },
            annotations: {
              summary: "High rate of failed login attempts",
              description: "{{ $value }} failed login attempts per second",
            },
          },
          {
            alert: "SuspiciousActivity",
            expr: `increase(security_suspicious_activity_total[10m]) > ${t.suspiciousEventsPer10m}`,
            for: "1m",
            labels: { severity: "critical" },
            annotations: {
              summary: "Suspicious activity detected",
              description: "{{ $value }} suspicious events in the last 10 minutes",
            },
          },
          {
            alert: "ContainerVulnerability",
            expr: `container_vulnerability_count{severity="critical"} > ${t.criticalVulnerabilities}`,
            for: "0m",
            labels: { severity: "critical" },
            annotations: {
              summary: "Critical vulnerability detected in container",
              description: "Image {{ $labels.image }} has {{ $value }} critical vulnerabilities",
            },
          },
        ],
      },
    ],
  };
  return JSON.stringify(rules, null, 2) + "\n";
}
