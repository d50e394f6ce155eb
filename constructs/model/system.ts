/**
 * The system model: one target-neutral description of the Security Multi-Agent System.
 *
 * Services, their tier, ports, writable paths, persistent volumes, the secrets each reads, and the flows
 * allowed between them. The Docker target turns flows into overlay-network memberships; the AWS target
 * (later) turns them into security-group rules. Nothing here knows about cdktf or a provider.
 */

export const SERVICE_NAMES = [
  "nginx",
  "api",
  "dashboard",
  "worker",
  "postgres",
  "redis",
  "prometheus",
  "alertmanager",
  "pushgateway",
  "blackbox",
  "grafana",
  "scanner",
] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** Services that keep state on a single volume: one replica, stop-first updates. */
export const STATEFUL_SERVICES: readonly ServiceName[] = [
  "postgres",
  "redis",
  "prometheus",
  "alertmanager",
  "pushgateway",
  "grafana",
  "scanner",
];

/**
 * The tier networks are all internal (no route out, N-02). `egress` is the one network with a route out, joined
 * only by services that must reach the outside (external APIs, registries), so no tier network is a way out.
 */
export const NETWORK_NAMES = ["frontend", "backend", "monitoring", "egress"] as const;
export type NetworkName = (typeof NETWORK_NAMES)[number];

export type Tier = "edge" | "app" | "data" | "monitoring" | "security";

/** Secrets handed to services as files. Passwords are generated; tls_* come from the certificate source. */
export const PASSWORD_SECRETS = [
  "postgres_password",
  "postgres_app_password",
  "redis_password",
  "jwt_secret",
  "grafana_admin_password",
] as const;
export type PasswordSecret = (typeof PASSWORD_SECRETS)[number];
/** Derived secret files (rendered from a password, e.g. the Redis ACL with the password's hash). */
export const DERIVED_SECRETS = ["redis_acl"] as const;
export type DerivedSecret = (typeof DERIVED_SECRETS)[number];
/** Services that serve TLS with a certificate of the internal CA (nginx's may come from files instead). */
export const TLS_SERVICES = ["nginx", "postgres", "redis", "prometheus", "alertmanager"] as const;
export type TlsService = (typeof TLS_SERVICES)[number];
export type TlsSecret = `${TlsService}_tls_cert` | `${TlsService}_tls_key` | "tls_ca";
export type SecretName = PasswordSecret | DerivedSecret | TlsSecret;

export interface SecretUse {
  readonly secret: SecretName;
  /** Environment variable that receives the file path (the *_FILE convention); omitted when the config names the path. */
  readonly fileEnv?: string;
  /** true for private keys and passwords: readable by the service's user only (0400); false: 0444. */
  readonly private: boolean;
}

export interface WritablePath {
  readonly path: string;
  readonly sizeMb: number;
  readonly why: string;
}

export interface PersistentVolume {
  readonly name: string;
  readonly path: string;
  /** Data that must survive a destroy: the volume is protected (prevent_destroy). */
  readonly protect: boolean;
}

export interface ServiceSpec {
  readonly name: ServiceName;
  readonly tier: Tier;
  readonly description: string;
  /** Ports the service listens on inside its networks. */
  readonly ports: Readonly<Record<string, number>>;
  /** Every path the process writes on an otherwise read-only root (C-02, C-15). */
  readonly writable: readonly WritablePath[];
  readonly volumes: readonly PersistentVolume[];
  readonly secrets: readonly SecretUse[];
  /** Non-secret environment, given the deployment context. Values never carry secrets (S-01). */
  readonly env: (ctx: ModelContext) => Readonly<Record<string, string>>;
  /** Reaches addresses outside the system (external APIs, registries): joins the `egress` network. */
  readonly egress: boolean;
  /**
   * Takes traffic from outside on published ports (the edge proxy). On Docker it also joins `egress`: a host-mode
   * published port reaches a task only through docker_gwbridge, which Docker attaches only to a task with a
   * non-internal network (found by the e2e tier: with internal networks only, nothing is published). Default false.
   */
  readonly published?: boolean;
  /**
   * Health probe run inside the container (exec form; CMD-SHELL only where a pipe is needed). It must reach the
   * process over loopback (127.0.0.1 or localhost), never through the service's own name: Swarm puts a task in the
   * service's DNS (and behind its virtual IP) only once it is healthy, so such a probe never passes (found by the e2e tier).
   */
  readonly healthcheck: readonly string[];
}

/** The few deployment facts the model's environment depends on. */
export interface ModelContext {
  readonly environment: string;
  readonly scanSchedule: string;
  readonly scanTools: readonly string[];
}

export interface Flow {
  readonly from: ServiceName;
  readonly to: ServiceName;
  readonly port: number;
  readonly network: NetworkName;
  readonly purpose: string;
}

export interface NetworkSpec {
  readonly name: NetworkName;
  readonly description: string;
}

const tmp = (sizeMb = 64): WritablePath => ({ path: "/tmp", sizeMb, why: "temporary files (TMPDIR)" });

/** The nine services of the seed's architecture. */
export const SERVICES: Readonly<Record<ServiceName, ServiceSpec>> = {
  nginx: {
    name: "nginx",
    tier: "edge",
    description: "TLS reverse proxy in front of the API and the dashboard; the only published service",
    ports: { https: 8443, http: 8080 },
    // B01/B02: pid and every *_temp_path are rendered under /tmp; /var/cache/nginx is nginx's compiled-in prefix.
    writable: [tmp(64), { path: "/var/cache/nginx", sizeMb: 16, why: "nginx compiled-in temp prefix (B01)" }],
    volumes: [],
    secrets: [
      { secret: "nginx_tls_cert", private: false },
      { secret: "nginx_tls_key", private: true },
    ],
    env: () => ({}),
    egress: false,
    published: true,
    healthcheck: ["CMD", "curl", "-fsk", "-o", "/dev/null", "https://127.0.0.1:8443/healthz"],
  },
  api: {
    name: "api",
    tier: "app",
    description: "FastAPI application; calls external threat-intelligence APIs",
    ports: { http: 8000 },
    writable: [tmp(100)],
    volumes: [],
    secrets: [
      { secret: "postgres_app_password", fileEnv: "DATABASE_PASSWORD_FILE", private: true },
      { secret: "redis_password", fileEnv: "REDIS_PASSWORD_FILE", private: true },
      { secret: "jwt_secret", fileEnv: "JWT_SECRET_FILE", private: true },
      { secret: "tls_ca", fileEnv: "SSL_CA_FILE", private: false },
    ],
    env: (ctx) => ({
      ENVIRONMENT: ctx.environment,
      DEBUG: "false",
      SECURE_COOKIES: "true",
      SESSION_TIMEOUT_HOURS: "1",
      DATABASE_URL: "postgresql://security_app@postgres:5432/security_agents?sslmode=verify-full&sslrootcert=/run/secrets/tls_ca",
      REDIS_URL: "rediss://app@redis:6379/0",
      TMPDIR: "/tmp",
    }),
    egress: true,
    healthcheck: ["CMD", "python3", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=3)"],
  },
  dashboard: {
    name: "dashboard",
    tier: "app",
    description: "Streamlit dashboard; reads from the API",
    ports: { http: 8501 },
    writable: [tmp(100)],
    volumes: [],
    secrets: [],
    env: () => ({
      API_URL: "http://api:8000",
      HOME: "/tmp",
      TMPDIR: "/tmp",
      STREAMLIT_SERVER_HEADLESS: "true",
      STREAMLIT_BROWSER_GATHER_USAGE_STATS: "false",
    }),
    egress: false,
    healthcheck: [
      "CMD",
      "python3",
      "-c",
      "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=3)",
    ],
  },
  worker: {
    name: "worker",
    tier: "app",
    description: "Background workers: take jobs from Redis, write results to PostgreSQL",
    ports: { metrics: 9100 },
    writable: [tmp(100)],
    volumes: [],
    secrets: [
      { secret: "postgres_app_password", fileEnv: "DATABASE_PASSWORD_FILE", private: true },
      { secret: "redis_password", fileEnv: "REDIS_PASSWORD_FILE", private: true },
      { secret: "tls_ca", fileEnv: "SSL_CA_FILE", private: false },
    ],
    env: (ctx) => ({
      ENVIRONMENT: ctx.environment,
      DATABASE_URL: "postgresql://security_app@postgres:5432/security_agents?sslmode=verify-full&sslrootcert=/run/secrets/tls_ca",
      REDIS_URL: "rediss://app@redis:6379/0",
      TMPDIR: "/tmp",
      HEARTBEAT_FILE: "/tmp/worker.heartbeat",
    }),
    egress: false,
    healthcheck: ["CMD-SHELL", "test $(( $(date +%s) - $(stat -c %Y /tmp/worker.heartbeat) )) -lt 60"],
  },
  postgres: {
    name: "postgres",
    tier: "data",
    description: "PostgreSQL with TLS required",
    ports: { postgres: 5432 },
    // B04: the socket/lock dir and /tmp must be writable; PGDATA is a subdirectory of the volume.
    writable: [tmp(64), { path: "/run/postgresql", sizeMb: 1, why: "unix socket and lock files (B04)" }],
    volumes: [{ name: "pgdata", path: "/var/lib/postgresql/data", protect: true }],
    secrets: [
      { secret: "postgres_password", fileEnv: "POSTGRES_PASSWORD_FILE", private: true },
      { secret: "postgres_app_password", fileEnv: "APP_DB_PASSWORD_FILE", private: true },
      { secret: "postgres_tls_cert", private: false },
      { secret: "postgres_tls_key", private: true },
      { secret: "tls_ca", private: false },
    ],
    env: () => ({
      PGDATA: "/var/lib/postgresql/data/pgdata",
      POSTGRES_DB: "security_agents",
      POSTGRES_INITDB_ARGS: "--auth-host=scram-sha-256 --auth-local=scram-sha-256",
    }),
    egress: false,
    healthcheck: ["CMD", "pg_isready", "-h", "/run/postgresql", "-p", "5432", "-d", "security_agents"],
  },
  redis: {
    name: "redis",
    tier: "data",
    description: "Redis with TLS only and ACL users",
    ports: { redis: 6379 },
    writable: [tmp(16)],
    volumes: [{ name: "redisdata", path: "/data", protect: true }],
    secrets: [
      { secret: "redis_acl", private: true },
      { secret: "redis_password", private: true },
      { secret: "redis_tls_cert", private: false },
      { secret: "redis_tls_key", private: true },
      { secret: "tls_ca", private: false },
    ],
    env: () => ({}),
    // REDISCLI_AUTH keeps the password off the command line (visible in /proc and `docker inspect`).
    egress: false,
    healthcheck: [
      "CMD-SHELL",
      'REDISCLI_AUTH="$(cat /run/secrets/redis_password)" redis-cli --tls --cacert /run/secrets/tls_ca -h 127.0.0.1 -p 6379 --user app --no-auth-warning ping | grep -q PONG',
    ],
  },
  prometheus: {
    name: "prometheus",
    tier: "monitoring",
    description: "Prometheus with the security alert rules; scrapes exactly the model's flows; TLS on its web endpoint",
    ports: { https: 9090 },
    writable: [tmp(16)],
    volumes: [{ name: "prometheus", path: "/prometheus", protect: true }],
    secrets: [
      { secret: "prometheus_tls_cert", private: false },
      { secret: "prometheus_tls_key", private: true },
      { secret: "tls_ca", private: false },
    ],
    env: () => ({}),
    egress: false,
    healthcheck: ["CMD", "wget", "-q", "-O", "/dev/null", "--ca-certificate=/run/secrets/tls_ca", "https://localhost:9090/-/healthy"],
  },
  alertmanager: {
    name: "alertmanager",
    tier: "monitoring",
    description: "Alertmanager: routes Prometheus alerts to the configured receivers; TLS on its web endpoint",
    ports: { https: 9093 },
    writable: [tmp(16)],
    volumes: [{ name: "alertmanager", path: "/alertmanager", protect: true }],
    secrets: [
      { secret: "alertmanager_tls_cert", private: false },
      { secret: "alertmanager_tls_key", private: true },
      { secret: "tls_ca", private: false },
    ],
    env: () => ({}),
    egress: true,
    healthcheck: ["CMD", "wget", "-q", "-O", "/dev/null", "--ca-certificate=/run/secrets/tls_ca", "https://localhost:9093/-/healthy"],
  },
  pushgateway: {
    name: "pushgateway",
    tier: "monitoring",
    description: "Pushgateway: holds the scanner's vulnerability counts for Prometheus (plain HTTP on the encrypted, internal overlay)",
    ports: { http: 9091 },
    writable: [tmp(16)],
    volumes: [{ name: "pushgateway", path: "/pushgateway", protect: false }],
    secrets: [],
    env: () => ({}),
    egress: false,
    healthcheck: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:9091/-/healthy"],
  },
  blackbox: {
    name: "blackbox",
    tier: "monitoring",
    description: "Blackbox exporter: probes the proxy's certificate and TLS for the expiry alert",
    ports: { http: 9115 },
    writable: [tmp(16)],
    volumes: [],
    secrets: [{ secret: "tls_ca", private: false }],
    env: () => ({}),
    egress: false,
    healthcheck: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:9115/-/healthy"],
  },
  grafana: {
    name: "grafana",
    tier: "monitoring",
    description: "Grafana dashboards over Prometheus",
    ports: { http: 3000 },
    writable: [tmp(64)],
    volumes: [{ name: "grafana", path: "/var/lib/grafana", protect: true }],
    secrets: [
      { secret: "grafana_admin_password", fileEnv: "GF_SECURITY_ADMIN_PASSWORD__FILE", private: true },
      { secret: "tls_ca", private: false },
    ],
    env: () => ({
      GF_ANALYTICS_REPORTING_ENABLED: "false",
      GF_ANALYTICS_CHECK_FOR_UPDATES: "false",
      GF_USERS_ALLOW_SIGN_UP: "false",
      GF_AUTH_ANONYMOUS_ENABLED: "false",
      GF_SECURITY_COOKIE_SECURE: "true",
      GF_SECURITY_DISABLE_GRAVATAR: "true",
      GF_PATHS_DATA: "/var/lib/grafana",
      TMPDIR: "/tmp",
    }),
    egress: false,
    healthcheck: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:3000/api/health"],
  },
  scanner: {
    name: "scanner",
    tier: "security",
    description: "Scheduled Trivy scans of every deployed image, pulled from the registry (no Docker socket)",
    ports: {},
    // B09: HOME and the cache dir must be writable by the (passwd-less) uid, so trivy does not try /.cache.
    writable: [tmp(256)],
    volumes: [{ name: "scanner-cache", path: "/var/cache/scanner", protect: false }],
    secrets: [],
    env: (ctx) => ({
      HOME: "/tmp",
      TMPDIR: "/tmp",
      TRIVY_CACHE_DIR: "/var/cache/scanner/trivy",
      GRYPE_DB_CACHE_DIR: "/var/cache/scanner/grype",
      TRIVY_IMAGE_SRC: "remote",
      SCAN_SCHEDULE: ctx.scanSchedule,
      SCAN_TOOLS: ctx.scanTools.join(" "),
      PUSHGATEWAY_URL: "http://pushgateway:9091",
      SCAN_RESULTS_DIR: "/var/cache/scanner/results",
    }),
    egress: true,
    healthcheck: ["CMD-SHELL", "test -d /var/cache/scanner/results"],
  },
};

/** The flows allowed by the model; everything else is denied. */
export const FLOWS: readonly Flow[] = [
  { from: "nginx", to: "api", port: 8000, network: "frontend", purpose: "proxy /api" },
  { from: "nginx", to: "dashboard", port: 8501, network: "frontend", purpose: "proxy the dashboard (websocket)" },
  { from: "dashboard", to: "api", port: 8000, network: "frontend", purpose: "dashboard reads the API" },
  { from: "api", to: "postgres", port: 5432, network: "backend", purpose: "application data (TLS)" },
  { from: "api", to: "redis", port: 6379, network: "backend", purpose: "cache and job queue (TLS)" },
  { from: "worker", to: "postgres", port: 5432, network: "backend", purpose: "write results (TLS)" },
  { from: "worker", to: "redis", port: 6379, network: "backend", purpose: "job queue (TLS)" },
  { from: "prometheus", to: "api", port: 8000, network: "frontend", purpose: "scrape /metrics" },
  { from: "prometheus", to: "worker", port: 9100, network: "backend", purpose: "scrape /metrics" },
  { from: "prometheus", to: "alertmanager", port: 9093, network: "monitoring", purpose: "send alerts (TLS)" },
  { from: "prometheus", to: "pushgateway", port: 9091, network: "monitoring", purpose: "collect the scanner's results" },
  { from: "prometheus", to: "blackbox", port: 9115, network: "monitoring", purpose: "run the certificate probe" },
  { from: "blackbox", to: "nginx", port: 8443, network: "frontend", purpose: "probe the edge certificate and TLS" },
  { from: "scanner", to: "pushgateway", port: 9091, network: "monitoring", purpose: "push vulnerability counts" },
  { from: "grafana", to: "prometheus", port: 9090, network: "monitoring", purpose: "query metrics (TLS)" },
];

export const NETWORKS: Readonly<Record<NetworkName, NetworkSpec>> = {
  frontend: { name: "frontend", description: "edge proxy to the application services" },
  backend: { name: "backend", description: "application services to the data stores; no route out" },
  monitoring: { name: "monitoring", description: "Prometheus, Grafana and the scanner" },
  egress: { name: "egress", description: "the only route out, for services that call external APIs or registries" },
};

/**
 * The networks a service must join on Docker: exactly those its flows use, plus `egress` for a service that reaches
 * outside or publishes ports (see ServiceSpec.published) (N-03).
 */
export function networksOf(service: ServiceName, flows: readonly Flow[] = FLOWS): NetworkName[] {
  const used = new Set(flows.filter((f) => f.from === service || f.to === service).map((f) => f.network));
  if (SERVICES[service].egress || SERVICES[service].published) used.add("egress");
  return NETWORK_NAMES.filter((n) => used.has(n));
}

/** Members of a network, derived from the flows. */
export function membersOf(network: NetworkName, flows: readonly Flow[] = FLOWS): ServiceName[] {
  return SERVICE_NAMES.filter((s) => networksOf(s, flows).includes(network));
}

/** Every network but `egress` is internal: no route out (N-02). */
export function isInternal(network: NetworkName): boolean {
  return network !== "egress";
}

/** Unique secrets used by any service. */
export function secretsInUse(): SecretName[] {
  return [...new Set(SERVICE_NAMES.flatMap((s) => SERVICES[s].secrets.map((u) => u.secret)))];
}
