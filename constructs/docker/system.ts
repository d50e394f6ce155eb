/**
 * DockerSystem: the whole Security Multi-Agent System on Docker Swarm, generated from the system model and a
 * validated config. Networks from the model's flows, secrets from the SecretStore, configs from the renderers,
 * one HardenedService per service.
 */
import { Construct } from "constructs";
import { Fn } from "cdktf";
import type { InfraConfig } from "../../config/schema";
import {
  FLOWS,
  NETWORK_NAMES,
  PASSWORD_SECRETS,
  SERVICE_NAMES,
  SERVICES,
  STATEFUL_SERVICES,
  TLS_SERVICES,
  isInternal,
  networksOf,
  type ServiceName,
} from "../model/system";
import { Naming } from "../naming";
import { alertmanagerArgs, renderAlertmanagerConfig } from "../render/alertmanager";
import { renderBlackboxConfig } from "../render/blackbox";
import { renderGrafanaDashboardProvider, renderGrafanaDatasources, renderSecurityDashboard } from "../render/grafana";
import { renderNginxConf } from "../render/nginx";
import { postgresArgs, renderInitScript, renderInitSql, renderPgHba, renderPostgresqlConf, type PostgresOptions } from "../render/postgres";
import { prometheusArgs, renderPrometheusConfig, renderSecurityRules, renderWebConfig } from "../render/prometheus";
import { redisArgs, renderRedisAcl, renderRedisConf } from "../render/redis";
import { renderScannerScript } from "../render/scanner";
import { ConfigFile } from "./config-file";
import { DataVolume } from "./data-volume";
import { HardenedService, type HardenedServiceProps } from "./hardened-service";
import { SecretStore } from "./secret-store";
import { SegmentedNetwork } from "./segmented-network";

const secretPath = (name: string) => `/run/secrets/${name}`;

/** Per-service command line, config files and published ports: what the model leaves to the target. */
interface ServiceWiring {
  command?: string[];
  args?: string[];
  configs?: { key: string; path: string; content: string }[];
  publishedPorts?: { target: number; published: number }[];
  env?: Record<string, string>;
}

export class DockerSystem extends Construct {
  readonly naming: Naming;
  readonly networks: SegmentedNetwork;
  readonly secrets: SecretStore;
  readonly services: Readonly<Record<ServiceName, HardenedService>>;

  constructor(scope: Construct, id: string, config: InfraConfig) {
    super(scope, id);
    const naming = (this.naming = new Naming(config.project, config.environment));

    this.networks = new SegmentedNetwork(this, "networks", {
      networks: NETWORK_NAMES.map((n) => ({
        key: n,
        name: naming.name(n),
        subnet: config.networks[n],
        internal: isInternal(n),
      })),
    });

    const secrets = (this.secrets = new SecretStore(this, "secrets", naming, { versions: config.secretVersions }));
    for (const pw of PASSWORD_SECRETS) secrets.addPassword(pw);
    secrets.internalCa();
    // "localhost" lets the health probes verify the certificate over loopback (see ServiceSpec.healthcheck).
    for (const s of TLS_SERVICES.filter((t) => t !== "nginx")) secrets.addServerCertificate(s, [s, naming.name(s), "localhost"]);
    const cert = config.tls.certificate;
    if (cert.source === "files") secrets.addCertificateFiles("nginx", cert.certificateFile, cert.privateKeyFile);
    else secrets.addServerCertificate("nginx", [config.domain, "nginx", naming.name("nginx")]);
    secrets.addDerived("redis_acl", Fn.base64encode(renderRedisAcl(Fn.sha256(secrets.passwordValue("redis_password")))));

    const wiring = this.wiring(config);
    const built: Partial<Record<ServiceName, HardenedService>> = {};
    for (const name of SERVICE_NAMES) {
      const spec = SERVICES[name];
      const settings = config.services[name];
      const w = wiring[name];
      const props: HardenedServiceProps = {
        name: naming.name(name),
        tier: spec.tier,
        image: settings.image,
        user: settings.user,
        command: w.command,
        args: w.args,
        env: {
          ...spec.env({ environment: config.environment, scanSchedule: config.scanner.schedule, scanTools: config.scanner.tools }),
          ...w.env,
        },
        replicas: settings.replicas,
        cpus: settings.cpus,
        memoryMb: settings.memoryMb,
        reservationRatio: settings.reservationRatio,
        tmpfs: spec.writable.map((p) => ({ path: p.path, sizeMb: p.sizeMb })),
        volumes: spec.volumes.map((v) => ({
          source: new DataVolume(this, `volume-${v.name}`, { name: naming.name(v.name), protect: v.protect }).volume.name,
          target: v.path,
        })),
        secrets: spec.secrets.map((u) => {
          const ref = secrets.secret(u.secret);
          return { secretId: ref.id, secretName: ref.name, fileName: u.secret, private: u.private, fileEnv: u.fileEnv };
        }),
        configs: (w.configs ?? []).map((c) => {
          const file = new ConfigFile(this, `config-${name}-${c.key}`, naming, { nameParts: [name, c.key], content: c.content });
          return { configId: file.config.id, configName: file.config.name, path: c.path };
        }),
        networks: networksOf(name).map((n) => ({ id: this.networks.network(n).id, aliases: [name] })),
        publishedPorts: w.publishedPorts ?? [],
        healthcheck: { test: [...spec.healthcheck] },
        stateful: STATEFUL_SERVICES.includes(name),
        labels: { "service.name": name, "service.environment": config.environment },
      };
      built[name] = new HardenedService(this, name, props);
    }
    this.services = built as Record<ServiceName, HardenedService>;
  }

  private wiring(config: InfraConfig): Record<ServiceName, ServiceWiring> {
    const tls = {
      profile: config.tls.profile,
      protocols: config.tls.protocols,
      tls12Ciphers: config.tls.tls12Ciphers,
      tls13Ciphersuites: config.tls.tls13Ciphersuites,
    };
    const nginxPorts = SERVICES.nginx.ports;
    const pg: PostgresOptions = {
      tls,
      certFile: secretPath("postgres_tls_cert"),
      keyFile: secretPath("postgres_tls_key"),
      caFile: secretPath("tls_ca"),
      hbaFile: "/etc/postgresql/pg_hba.conf",
      clientCidr: config.networks.backend,
      socketDir: "/run/postgresql",
    };
    const promPaths = {
      rulesFile: "/etc/prometheus/rules/security.rules.yml",
      caFile: secretPath("tls_ca"),
      certFile: secretPath("prometheus_tls_cert"),
      keyFile: secretPath("prometheus_tls_key"),
      webConfigFile: "/etc/prometheus/web.yml",
    };
    // Scrape jobs: exactly the model's flows from Prometheus (the blackbox exporter is reached through the probe job).
    const scrape = FLOWS.filter((f) => f.from === "prometheus" && f.to !== "blackbox" && f.to !== "alertmanager").map((f) => ({
      job: f.to,
      address: `${f.to}:${f.port}`,
      scheme: "http" as const,
      honorLabels: f.to === "pushgateway",
    }));
    const probes = FLOWS.filter((f) => f.from === "blackbox").map((f) => ({ url: `https://${f.to}:${f.port}/healthz` }));
    return {
      nginx: {
        configs: [
          {
            key: "conf",
            path: "/etc/nginx/nginx.conf",
            content: renderNginxConf({
              serverName: config.domain,
              tls,
              httpsPort: nginxPorts.https,
              httpsPublicPort: config.publishedPorts.https,
              httpPort: nginxPorts.http,
              apiUpstream: `api:${SERVICES.api.ports.http}`,
              dashboardUpstream: `dashboard:${SERVICES.dashboard.ports.http}`,
              certificateFile: secretPath("nginx_tls_cert"),
              keyFile: secretPath("nginx_tls_key"),
              writablePaths: SERVICES.nginx.writable.map((w) => w.path),
              ...config.nginx,
            }),
          },
        ],
        publishedPorts: [
          { target: nginxPorts.https, published: config.publishedPorts.https },
          { target: nginxPorts.http, published: config.publishedPorts.http },
        ],
      },
      api: {},
      dashboard: {},
      worker: {},
      postgres: {
        args: postgresArgs("/etc/postgresql/postgresql.conf"),
        configs: [
          { key: "conf", path: "/etc/postgresql/postgresql.conf", content: renderPostgresqlConf(pg) },
          { key: "hba", path: pg.hbaFile, content: renderPgHba(pg) },
          { key: "initsql", path: "/etc/postgresql/init/app.sql", content: renderInitSql(pg) },
          {
            key: "init",
            path: "/docker-entrypoint-initdb.d/10-app.sh",
            content: renderInitScript(pg, secretPath("postgres_app_password"), "/etc/postgresql/init/app.sql"),
          },
        ],
      },
      redis: {
        args: redisArgs("/etc/redis/redis.conf"),
        configs: [
          {
            key: "conf",
            path: "/etc/redis/redis.conf",
            content: renderRedisConf({
              tls,
              port: SERVICES.redis.ports.redis,
              certFile: secretPath("redis_tls_cert"),
              keyFile: secretPath("redis_tls_key"),
              caFile: secretPath("tls_ca"),
              aclFile: secretPath("redis_acl"),
              dataDir: "/data",
              persistence: config.redis.persistence,
            }),
          },
        ],
      },
      prometheus: {
        args: prometheusArgs("/etc/prometheus/prometheus.yml", promPaths.webConfigFile, "/prometheus"),
        configs: [
          {
            key: "conf",
            path: "/etc/prometheus/prometheus.yml",
            content: renderPrometheusConfig(
              scrape,
              { exporter: `blackbox:${SERVICES.blackbox.ports.http}`, targets: probes },
              [`alertmanager:${SERVICES.alertmanager.ports.https}`],
              promPaths,
            ),
          },
          { key: "web", path: promPaths.webConfigFile, content: renderWebConfig(promPaths.certFile, promPaths.keyFile, tls) },
          { key: "rules", path: promPaths.rulesFile, content: renderSecurityRules(config.alerts) },
        ],
      },
      alertmanager: {
        args: alertmanagerArgs("/etc/alertmanager/alertmanager.yml", "/etc/alertmanager/web.yml", "/alertmanager"),
        configs: [
          { key: "conf", path: "/etc/alertmanager/alertmanager.yml", content: renderAlertmanagerConfig(config.alerts.receivers) },
          {
            key: "web",
            path: "/etc/alertmanager/web.yml",
            content: renderWebConfig(secretPath("alertmanager_tls_cert"), secretPath("alertmanager_tls_key"), tls),
          },
        ],
      },
      pushgateway: {
        args: ["--persistence.file=/pushgateway/metrics", "--persistence.interval=1m", "--web.listen-address=:9091"],
      },
      blackbox: {
        args: ["--config.file=/etc/blackbox/blackbox.yml", "--web.listen-address=:9115"],
        configs: [
          {
            key: "conf",
            path: "/etc/blackbox/blackbox.yml",
            // A generated certificate is checked against the internal CA; a real one (files) against the system roots.
            content: renderBlackboxConfig(config.tls.certificate.source === "generated" ? secretPath("tls_ca") : undefined, config.domain),
          },
        ],
      },
      grafana: {
        configs: [
          {
            key: "datasources",
            path: "/etc/grafana/provisioning/datasources/prometheus.yml",
            content: renderGrafanaDatasources(`https://prometheus:${SERVICES.prometheus.ports.https}`, secretPath("tls_ca")),
          },
          {
            key: "dashboards",
            path: "/etc/grafana/provisioning/dashboards/security.yml",
            content: renderGrafanaDashboardProvider("/etc/grafana/dashboards"),
          },
          { key: "dashboard-security", path: "/etc/grafana/dashboards/security.json", content: renderSecurityDashboard() },
        ],
      },
      scanner: {
        command: ["/bin/sh", "/etc/scanner/run.sh"],
        configs: [{ key: "script", path: "/etc/scanner/run.sh", content: renderScannerScript() }],
        env: { SCAN_IMAGES: SERVICE_NAMES.map((n) => config.services[n].image).join(" ") },
      },
    };
  }
}
