/**
 * Prometheus configuration (pure; no cdktf): prometheus.yml, the web config (TLS), and the security alert rules.
 *
 * - Scrape jobs are exactly the flows of the system model that start at Prometheus (passed in as targets).
 * - The web endpoint serves TLS only (min TLS 1.2, Mozilla suites); admin and lifecycle APIs stay off (they are
 *   only on with --web.enable-admin-api / --web.enable-lifecycle, which prometheusArgs never passes).
 * - Rules: the guide's three, with its metric names and thresholds from config, plus what a team running this
 *   would want: certificate expiry (blackbox exporter), scanner results stale, scrape target down. Every rule has
 *   summary, description and runbook annotations, and a promtool unit test (__tests__/integration/promtool/).
 */
import { stringify } from "yaml";
import { GO_CIPHER_NAMES, tlsPolicy, type TlsSettingsInput } from "./tls";

export interface ScrapeTarget {
  readonly job: string;
  /** host:port */
  readonly address: string;
  /** https with the CA file, or plain http on the encrypted overlay. */
  readonly scheme: "http" | "https";
  readonly metricsPath?: string;
  /** Keep the labels pushed by clients (Pushgateway). */
  readonly honorLabels?: boolean;
}

export interface ProbeTarget {
  /** URL probed by the blackbox exporter (certificate expiry, TLS). */
  readonly url: string;
}

export interface AlertThresholds {
  readonly failedLoginsPerSecond: number;
  readonly suspiciousEventsPer10m: number;
  readonly criticalVulnerabilities: number;
  /** Days before expiry when CertificateExpiringSoon fires. */
  readonly certificateExpiryDays: number;
  /** Hours without a successful scan before ScannerResultsStale fires. */
  readonly scannerStaleHours: number;
}

export interface PrometheusPaths {
  readonly rulesFile: string;
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
  readonly webConfigFile: string;
}

/** Where each alert's runbook section lives (docs/runbooks.md in this repository). */
export const RUNBOOK_BASE = "docs/runbooks.md";

export function renderPrometheusConfig(
  targets: readonly ScrapeTarget[],
  probes: { exporter: string; targets: readonly ProbeTarget[] },
  alertmanagers: readonly string[],
  paths: PrometheusPaths,
): string {
  const tlsConfig = { ca_file: paths.caFile, min_version: "TLS12" };
  const config = {
    global: { scrape_interval: "15s", evaluation_interval: "15s", scrape_timeout: "10s" },
    alerting: { alertmanagers: [{ scheme: "https", tls_config: tlsConfig, static_configs: [{ targets: [...alertmanagers] }] }] },
    rule_files: [paths.rulesFile],
    scrape_configs: scrapeConfigs(targets, probes, tlsConfig),
  };
  return `# Rendered by secure-agents-infra (constructs/render/prometheus.ts). Do not edit by hand.\n${stringify(config)}`;
}

/**
 * Prometheus in agent mode (the AWS target): scrapes the same flows and remote-writes them to Amazon Managed
 * Prometheus with SigV4 (the task role's credentials); rules and alerting run in the workspace, from the same rule file.
 */
export function renderPrometheusAgentConfig(
  targets: readonly ScrapeTarget[],
  probes: { exporter: string; targets: readonly ProbeTarget[] },
  remoteWrite: { url: string; region: string },
): string {
  const config = {
    global: { scrape_interval: "15s", scrape_timeout: "10s" },
    scrape_configs: scrapeConfigs(targets, probes, { min_version: "TLS12" }),
    remote_write: [{ url: remoteWrite.url, sigv4: { region: remoteWrite.region }, queue_config: { max_samples_per_send: 1000 } }],
  };
  return `# Rendered by secure-agents-infra (constructs/render/prometheus.ts). Do not edit by hand.\n${stringify(config)}`;
}

function scrapeConfigs(
  targets: readonly ScrapeTarget[],
  probes: { exporter: string; targets: readonly ProbeTarget[] },
  tlsConfig: Record<string, string>,
): Record<string, unknown>[] {
  return [
    ...targets.map((t) => ({
      job_name: t.job,
      scheme: t.scheme,
      metrics_path: t.metricsPath ?? "/metrics",
      ...(t.honorLabels ? { honor_labels: true } : {}),
      ...(t.scheme === "https" ? { tls_config: tlsConfig } : {}),
      static_configs: [{ targets: [t.address] }],
    })),
    ...(probes.targets.length === 0
      ? []
      : [
          {
            job_name: "tls-probe",
            metrics_path: "/probe",
            params: { module: ["https_2xx"] },
            static_configs: [{ targets: probes.targets.map((p) => p.url) }],
            relabel_configs: [
              { source_labels: ["__address__"], target_label: "__param_target" },
              { source_labels: ["__param_target"], target_label: "instance" },
              { target_label: "__address__", replacement: probes.exporter },
            ],
          },
        ]),
  ];
}

/** exporter-toolkit web config: TLS on the web endpoint (Prometheus, Alertmanager). */
export function renderWebConfig(certFile: string, keyFile: string, tls: TlsSettingsInput = {}): string {
  const p = tlsPolicy(tls);
  const config = {
    tls_server_config: {
      cert_file: certFile,
      key_file: keyFile,
      min_version: p.minProtocol === "TLSv1.3" ? "TLS13" : "TLS12",
      max_version: p.maxProtocol === "TLSv1.3" ? "TLS13" : "TLS12",
      // Validation only admits Mozilla's suites, all of which Go implements: nothing is dropped here.
      ...(p.tls12Ciphers.length ? { cipher_suites: p.tls12Ciphers.map((c) => GO_CIPHER_NAMES[c as keyof typeof GO_CIPHER_NAMES]) } : {}),
      prefer_server_cipher_suites: false,
    },
    http_server_config: {
      headers: { "X-Content-Type-Options": "nosniff", "X-Frame-Options": "deny", "Strict-Transport-Security": "max-age=63072000" },
    },
  };
  return `# Rendered by secure-agents-infra (constructs/render/prometheus.ts).\n${stringify(config)}`;
}

/** Server arguments; admin and lifecycle APIs stay off. */
export function prometheusArgs(configFile: string, webConfigFile: string, storagePath: string): string[] {
  return [
    `--config.file=${configFile}`,
    `--web.config.file=${webConfigFile}`,
    `--storage.tsdb.path=${storagePath}`,
    "--storage.tsdb.retention.time=15d",
    "--web.listen-address=:9090",
  ];
}

interface AlertRule {
  alert: string;
  expr: string;
  for: string;
  labels: { severity: "warning" | "critical" };
  annotations: { summary: string; description: string; runbook_url: string };
}

export function securityRules(t: AlertThresholds): AlertRule[] {
  const rule = (
    alert: string,
    expr: string,
    forDuration: string,
    severity: "warning" | "critical",
    summary: string,
    description: string,
  ): AlertRule => ({
    alert,
    expr,
    for: forDuration,
    labels: { severity },
    annotations: { summary, description, runbook_url: `${RUNBOOK_BASE}#${alert.toLowerCase()}` },
  });
  return [
    rule(
      "HighFailedLoginRate",
      `rate(security_failed_logins_total[5m]) > ${t.failedLoginsPerSecond}`,
      "2m",
      "warning",
      "High rate of failed login attempts",
      "{{ $value | humanize }} failed login attempts per second on {{ $labels.instance }}",
    ),
    rule(
      "SuspiciousActivity",
      `increase(security_suspicious_activity_total[10m]) > ${t.suspiciousEventsPer10m}`,
      "1m",
      "critical",
      "Suspicious activity detected",
      "{{ $value | humanize }} suspicious events in the last 10 minutes on {{ $labels.instance }}",
    ),
    rule(
      "ContainerVulnerability",
      `container_vulnerability_count{severity="critical"} > ${t.criticalVulnerabilities}`,
      "0m",
      "critical",
      "Critical vulnerability detected in container image",
      "Image {{ $labels.image }} has {{ $value }} critical vulnerabilities (scanner {{ $labels.scanner }})",
    ),
    rule(
      "CertificateExpiringSoon",
      `probe_ssl_earliest_cert_expiry - time() < ${t.certificateExpiryDays} * 86400`,
      "1h",
      "warning",
      "TLS certificate expires soon",
      "The certificate served at {{ $labels.instance }} expires in {{ $value | humanizeDuration }}",
    ),
    rule(
      "ProbeFailed",
      "probe_success == 0",
      "10m",
      "critical",
      "TLS probe of the public endpoint fails",
      "The probe of {{ $labels.instance }} fails (certificate not trusted, expired, wrong name or endpoint down); certificate expiry is not being watched",
    ),
    rule(
      "ScannerResultsStale",
      `time() - max by (job) (scanner_last_success_timestamp_seconds) > ${t.scannerStaleHours} * 3600 or absent(scanner_last_success_timestamp_seconds)`,
      "1h",
      "warning",
      "Vulnerability scan results are stale",
      `No successful image scan for more than ${t.scannerStaleHours} hours; ContainerVulnerability cannot fire on stale data`,
    ),
    rule(
      "TargetDown",
      "up == 0",
      "5m",
      "critical",
      "Scrape target down",
      "{{ $labels.job }} at {{ $labels.instance }} has not answered scrapes for 5 minutes",
    ),
  ];
}

export function renderSecurityRules(t: AlertThresholds): string {
  return `# Rendered by secure-agents-infra (constructs/render/prometheus.ts). Do not edit by hand.\n${stringify({ groups: [{ name: "security", rules: securityRules(t) }] })}`;
}
