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
  isInternal,
  networksOf,
  type ServiceName,
} from "../model/system";
import { Naming } from "../naming";
import { renderNginxConf } from "../render/nginx";
import { postgresArgs, renderPgHba, type PostgresOptions } from "../render/postgres";
import { RULES_PATH, renderPrometheusConfig, renderSecurityRules } from "../render/prometheus";
import { redisArgs, renderRedisAcl } from "../render/redis";
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
    for (const s of ["postgres", "redis"] as const) secrets.addServerCertificate(s, [s, naming.name(s)]);
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
        env: { ...spec.env({ environment: config.environment, scanSchedule: config.scanner.schedule }), ...w.env },
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
    const nginxPorts = SERVICES.nginx.ports;
    const pg: PostgresOptions = {
      certFile: secretPath("postgres_tls_cert"),
      keyFile: secretPath("postgres_tls_key"),
      caFile: secretPath("tls_ca"),
      hbaFile: "/etc/postgresql/pg_hba.conf",
      clientCidr: config.networks.backend,
      socketDir: "/run/postgresql",
    };
    const scrape = FLOWS.filter((f) => f.from === "prometheus").map((f) => ({ job: f.to, address: `${f.to}:${f.port}` }));
    return {
      nginx: {
        configs: [
          {
            key: "conf",
            path: "/etc/nginx/nginx.conf",
            content: renderNginxConf({
              serverName: config.domain,
              profile: config.tls.profile,
              httpsPort: nginxPorts.https,
              httpPort: nginxPorts.http,
              apiUpstream: `api:${SERVICES.api.ports.http}`,
              dashboardUpstream: `dashboard:${SERVICES.dashboard.ports.http}`,
              certificateFile: secretPath("nginx_tls_cert"),
              keyFile: secretPath("nginx_tls_key"),
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
      postgres: { args: postgresArgs(pg), configs: [{ key: "hba", path: pg.hbaFile, content: renderPgHba(pg) }] },
      redis: {
        args: redisArgs({
          port: SERVICES.redis.ports.redis,
          certFile: secretPath("redis_tls_cert"),
          keyFile: secretPath("redis_tls_key"),
          caFile: secretPath("tls_ca"),
          aclFile: secretPath("redis_acl"),
          dataDir: "/data",
          persistence: config.redis.persistence,
        }),
      },
      prometheus: {
        args: ["--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus", "--web.listen-address=:9090"],
        configs: [
          { key: "conf", path: "/etc/prometheus/prometheus.yml", content: renderPrometheusConfig(scrape) },
          { key: "rules", path: RULES_PATH, content: renderSecurityRules(config.alerts) },
        ],
      },
      grafana: {},
      scanner: {
        command: ["/bin/sh", "/etc/scanner/run.sh"],
        configs: [{ key: "script", path: "/etc/scanner/run.sh", content: renderScannerScript() }],
        env: { SCAN_IMAGES: SERVICE_NAMES.map((n) => config.services[n].image).join(" ") },
      },
    };
  }
}
