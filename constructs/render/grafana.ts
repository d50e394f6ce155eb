/**
 * Grafana provisioning (pure; no cdktf): the Prometheus datasource over TLS (verified against the internal CA, read
 * from the secret file with Grafana's $__file{} expansion) and the guide's security dashboard.
 */
import { stringify } from "yaml";

export function renderGrafanaDatasources(prometheusUrl: string, caFile: string): string {
  return `# Rendered by secure-agents-infra (constructs/render/grafana.ts).\n${stringify({
    apiVersion: 1,
    datasources: [
      {
        name: "Prometheus",
        uid: "prometheus",
        type: "prometheus",
        access: "proxy",
        url: prometheusUrl,
        isDefault: true,
        editable: false,
        jsonData: { tlsAuthWithCACert: true, tlsSkipVerify: false, httpMethod: "POST" },
        secureJsonData: { tlsCACert: `$__file{${caFile}}` },
      },
    ],
  })}`;
}

export function renderGrafanaDashboardProvider(dashboardsDir: string): string {
  return `# Rendered by secure-agents-infra (constructs/render/grafana.ts).\n${stringify({
    apiVersion: 1,
    providers: [
      {
        name: "security",
        folder: "Security",
        type: "file",
        disableDeletion: true,
        allowUiUpdates: false,
        options: { path: dashboardsDir },
      },
    ],
  })}`;
}

/** The guide's "Security Monitoring" dashboard, plus vulnerabilities by severity and scan freshness. */
export function renderSecurityDashboard(): string {
  const panel = (id: number, title: string, type: string, expr: string, x: number, y: number) => ({
    id,
    title,
    type,
    datasource: { type: "prometheus", uid: "prometheus" },
    gridPos: { h: 8, w: 12, x, y },
    targets: [{ refId: "A", expr, datasource: { type: "prometheus", uid: "prometheus" } }],
  });
  const dashboard = {
    uid: "security-monitoring",
    title: "Security Monitoring",
    tags: ["security"],
    timezone: "utc",
    schemaVersion: 39,
    refresh: "1m",
    time: { from: "now-24h", to: "now" },
    panels: [
      panel(1, "Failed Login Attempts", "stat", "sum(rate(security_failed_logins_total[5m]))", 0, 0),
      panel(2, "Suspicious Activity", "timeseries", "sum(increase(security_suspicious_activity_total[10m]))", 12, 0),
      panel(3, "Vulnerabilities by severity", "timeseries", "sum by (severity) (container_vulnerability_count)", 0, 8),
      panel(4, "Hours since last successful scan", "stat", "(time() - max(scanner_last_success_timestamp_seconds)) / 3600", 12, 8),
    ],
  };
  return JSON.stringify(dashboard, null, 2) + "\n";
}
