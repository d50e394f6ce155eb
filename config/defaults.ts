/**
 * Embedded defaults: a complete `dev` configuration, so `npm run synth` needs no file and no credentials.
 * A config file (INFRA_CONFIG or --config) is merged over this object, then the result is validated.
 */
import type { InfraConfig } from "./schema";

export const DEFAULT_CONFIG: InfraConfig = {
  environment: "dev",
  project: "secagents",
  domain: "localhost",
  docker: { host: "unix:///var/run/docker.sock" },
  // The guide's subnets (172.20.1.0/24 frontend, 172.20.2.0/24 backend) plus monitoring and egress.
  networks: { frontend: "172.20.1.0/24", backend: "172.20.2.0/24", monitoring: "172.20.3.0/24", egress: "172.20.4.0/24" },
  publishedPorts: { https: 443, http: 80 },
  tls: { profile: "intermediate", certificate: { source: "generated" } },
  nginx: {
    nginxVersion: "1.29",
    clientMaxBodySize: "10m",
    rateLimits: { general: "10r/s", scan: "10r/m", auth: "5r/m" },
    authPaths: ["/api/auth/", "/api/login"],
    hsts: { maxAge: 63072000, includeSubDomains: true, preload: false },
    contentSecurityPolicy:
      "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; form-action 'self'; base-uri 'self'; object-src 'none'; frame-ancestors 'none'; upgrade-insecure-requests",
    extraServerDirectives: [],
  },
  services: {
    // Images default to the upstream non-root variants by tag; production requires @sha256 digests.
    nginx: {
      image: "docker.io/nginxinc/nginx-unprivileged:1.29-alpine",
      // Published in host mode (client addresses reach nginx): one task per node; raise with the node count.
      replicas: 1,
      cpus: 0.5,
      memoryMb: 256,
      reservationRatio: 0.5,
      user: "101:101",
    },
    api: { image: "security-agents/api:0.1.0", replicas: 2, cpus: 1, memoryMb: 2048, reservationRatio: 0.5, user: "10001:10001" },
    dashboard: {
      image: "security-agents/dashboard:0.1.0",
      replicas: 1,
      cpus: 0.5,
      memoryMb: 512,
      reservationRatio: 0.5,
      user: "10002:10002",
    },
    worker: { image: "security-agents/worker:0.1.0", replicas: 2, cpus: 1, memoryMb: 1024, reservationRatio: 0.5, user: "10003:10003" },
    postgres: {
      image: "docker.io/library/postgres:17-bookworm",
      replicas: 1,
      cpus: 1,
      memoryMb: 1024,
      reservationRatio: 0.5,
      user: "999:999",
    },
    redis: { image: "docker.io/library/redis:7.4-bookworm", replicas: 1, cpus: 0.5, memoryMb: 256, reservationRatio: 0.5, user: "999:999" },
    prometheus: {
      image: "docker.io/prom/prometheus:v3.5.0",
      replicas: 1,
      cpus: 0.5,
      memoryMb: 512,
      reservationRatio: 0.5,
      user: "65534:65534",
    },
    alertmanager: {
      image: "docker.io/prom/alertmanager:v0.28.1",
      replicas: 1,
      cpus: 0.25,
      memoryMb: 128,
      reservationRatio: 0.5,
      user: "65534:65534",
    },
    pushgateway: {
      image: "docker.io/prom/pushgateway:v1.11.1",
      replicas: 1,
      cpus: 0.25,
      memoryMb: 64,
      reservationRatio: 0.5,
      user: "65534:65534",
    },
    blackbox: {
      image: "docker.io/prom/blackbox-exporter:v0.27.0",
      replicas: 1,
      cpus: 0.25,
      memoryMb: 64,
      reservationRatio: 0.5,
      user: "65534:65534",
    },
    grafana: { image: "docker.io/grafana/grafana:12.1.0", replicas: 1, cpus: 0.5, memoryMb: 256, reservationRatio: 0.5, user: "472:472" },
    scanner: { image: "docker.io/aquasec/trivy:0.65.0", replicas: 1, cpus: 1, memoryMb: 1024, reservationRatio: 0.5, user: "10010:10010" },
  },
  // The guide's alert rules: rate(failed logins) > 10/s, increase(suspicious[10m]) > 50, critical vulns > 0.
  alerts: {
    failedLoginsPerSecond: 10,
    suspiciousEventsPer10m: 50,
    criticalVulnerabilities: 0,
    certificateExpiryDays: 14,
    scannerStaleHours: 48,
    receivers: [],
  },
  scanner: { schedule: "0 2 * * *", tools: ["trivy"] },
  redis: { persistence: "rdb" },
  postgres: { dataDirPreOwned: false },
  grafana: { plugins: [] },
  secretVersions: {},
  aws: {
    region: "eu-west-1",
    accountId: "123456789012",
    availabilityZones: ["eu-west-1a", "eu-west-1b"],
    vpcCidr: "10.40.0.0/16",
    testMode: false,
    certificate: { source: "acm-dns" },
    alarmEmails: [],
    logRetentionDays: 365,
    rds: { instanceClass: "db.t4g.medium", engineVersion: "17.5", allocatedStorageGb: 50, backupRetentionDays: 14, multiAz: true },
    elasticache: { nodeType: "cache.t4g.small", snapshotRetentionDays: 7 },
    waf: { sitePer5m: 1000, scanPerMinute: 10, authPerMinute: 10 },
  },
  state: { backend: "local" },
};
