/**
 * The configuration schema: the one place where input is validated.
 *
 * Every object is strict (unknown keys are errors). Cross-field rules (non-overlapping subnets, digests in
 * production, insecure Docker hosts, stateful replicas) are `superRefine` checks that report the field path; they
 * run despite type errors elsewhere (config/cross-field.ts), so every problem is reported at once.
 * Types used by the rest of the code are inferred from these schemas.
 */
import { CronExpressionParser } from "cron-parser";
import { z } from "zod";
import { PASSWORD_SECRETS, SERVICE_NAMES, STATEFUL_SERVICES, type ServiceName } from "../constructs/model/system";
import { alertReceiverSchema } from "../constructs/render/alertmanager";
import { nginxTunablesShape } from "../constructs/render/nginx";
import { refineTlsSettings, tlsSettingsShape } from "../constructs/render/tls";
import { awsSchema, stateSchema } from "./aws-schema";
import { cidrsOverlap, parseCidr } from "./cidr";
import { crossField } from "./cross-field";

const DIGEST = /@sha256:[0-9a-f]{64}$/;
/** registry/name[:tag][@sha256:digest] — lower-case repository path, as Docker accepts it. */
const IMAGE_REF =
  /^(?:[a-z0-9.-]+(?::[0-9]+)?\/)?[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[0-9a-f]{64})?$/;

export const imageRef = z
  .string()
  .regex(IMAGE_REF, "must be an image reference like registry/name:tag or registry/name@sha256:<64 hex>")
  .refine((s) => !/:latest(@|$)/.test(s), "must not use the mutable tag 'latest' (C-20)")
  .refine((s) => /:[^/]+$/.test(s.replace(DIGEST, "")) || DIGEST.test(s), "must name a tag or a digest (C-20)");

/** uid:gid, both numeric, non-zero (C-01) and within the kernel's range. */
export const numericUser = z.string().superRefine((s, ctx) => {
  const m = /^([0-9]+):([0-9]+)$/.exec(s);
  if (!m) ctx.addIssue({ code: "custom", message: "must be a numeric uid:gid such as 10001:10001 (C-01)" });
  else if (Number(m[1]) === 0 || Number(m[2]) === 0) ctx.addIssue({ code: "custom", message: "uid and gid must not be 0 (root) (C-01)" });
  else if (Number(m[1]) > 2147483647 || Number(m[2]) > 2147483647)
    ctx.addIssue({ code: "custom", message: "uid and gid must be at most 2147483647" });
});

export const cidr = z.string().refine((s) => parseCidr(s) !== undefined, {
  message: "must be an IPv4 CIDR with the host bits zero, such as 172.20.1.0/24",
});

export const serviceSettings = z.strictObject({
  /** Container image. Default: see config/defaults.ts. Production demands an @sha256 digest. */
  image: imageRef,
  /** Number of tasks. Stateful services (postgres, redis, prometheus, grafana, scanner) must stay at 1. */
  replicas: z.number().int().min(1).max(20),
  /** CPU limit in cores (C-10). */
  cpus: z.number().min(0.01).max(64),
  /** Memory limit in MiB (C-09); at least 16 (Docker refuses limits below 6 MiB). */
  memoryMb: z.number().int().min(16).max(262144),
  /** Reserved share of the limits, 0 < r <= 1. Default 0.5. */
  reservationRatio: z.number().gt(0).lte(1).default(0.5),
  /** Numeric uid:gid the process runs as (C-01). Default: the image's own non-root user, see defaults.ts. */
  user: numericUser,
});
export type ServiceSettings = z.infer<typeof serviceSettings>;

const dockerHost = crossField(
  z.strictObject({
    /** Docker API endpoint. Default unix:///var/run/docker.sock. ssh:// or tcp:// (TLS, port 2376) for remote hosts. */
    host: z.string(),
    /** Directory with ca.pem, cert.pem and key.pem for tcp:// (only the path reaches the synthesized JSON). */
    certPath: z.string().min(1).optional(),
    /** Extra ssh options for ssh:// hosts. Default none. */
    sshOpts: z.array(z.string()).optional(),
  }),
  (d, clean, ctx) => {
    if (clean(["sshOpts"])) {
      (d.sshOpts ?? []).forEach((o, i) => {
        if (/StrictHostKeyChecking\s*=?\s*no|UserKnownHostsFile\s*=?\s*\/dev\/null/i.test(o)) {
          ctx.addIssue({ code: "custom", path: ["sshOpts", i], message: "must not disable host-key checking (C-21)" });
        }
      });
    }
    if (!clean(["host"])) return;
    const hostIssue = (message: string) => ctx.addIssue({ code: "custom", path: ["host"], message });
    const m = /^(unix|ssh|tcp):\/\/(.*)$/.exec(d.host);
    if (!m) return hostIssue("must start with unix://, ssh:// or tcp:// (C-21)");
    const [, scheme, rest] = m;
    if (scheme === "unix" && !rest.startsWith("/")) hostIssue("unix:// needs an absolute socket path, e.g. unix:///var/run/docker.sock");
    if (scheme === "unix") return;
    const hostPort = /^([^@/\s]+@)?[A-Za-z0-9.-]+(?::(\d+))?\/?$/.exec(rest);
    if (!hostPort) {
      hostIssue(
        `${scheme}:// needs a host name, e.g. ${scheme}://${scheme === "ssh" ? "deploy@" : ""}swarm-1${scheme === "tcp" ? ":2376" : ""}`,
      );
    }
    if (scheme !== "tcp") return;
    const port = hostPort?.[2];
    if (hostPort && port === undefined) {
      hostIssue("tcp:// needs an explicit port: the TLS-protected Docker API listens on 2376, e.g. tcp://swarm-1:2376 (C-21)");
    } else if (Number(port) === 2375) {
      hostIssue("plain tcp://…:2375 is an unauthenticated Docker API; use ssh:// or tcp://…:2376 with certPath (C-21)");
    }
    if (clean(["certPath"]) && !d.certPath) {
      ctx.addIssue({
        code: "custom",
        path: ["certPath"],
        message: "a tcp:// Docker host needs TLS client material: set certPath to a folder with ca.pem, cert.pem, key.pem (C-21)",
      });
    }
  },
);

const tlsCertificate = z.discriminatedUnion("source", [
  /** A development CA and certificates made by the tls provider (keys live in Terraform state). */
  z.strictObject({ source: z.literal("generated") }),
  /** PEM files (full chain, key) read by Terraform at plan time; only the paths reach the synthesized JSON. */
  z.strictObject({
    source: z.literal("files"),
    certificateFile: z.string().min(1),
    privateKeyFile: z.string().min(1),
  }),
]);

const services = z.strictObject(
  Object.fromEntries(SERVICE_NAMES.map((n) => [n, serviceSettings])) as Record<ServiceName, typeof serviceSettings>,
);

const configObject = z.strictObject({
  /** Deployment environment. Default "dev". Production tightens validation (digests, certificates from files). */
  environment: z.enum(["dev", "staging", "production"]),
  /** Prefix of every resource name: lower-case letters, digits and dashes. Default "secagents". */
  /** Prefix of every resource name. Up to 14 characters, so the longest Docker secret name fits Swarm's 64. */
  project: z.string().regex(/^[a-z][a-z0-9-]{1,13}$/, "must be 2-14 lower-case letters, digits or dashes, starting with a letter"),
  /** Public DNS name served by nginx. Default "localhost". */
  domain: z
    .string()
    .regex(
      /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/,
      "must be a lower-case DNS name",
    ),
  docker: dockerHost,
  /** IPAM subnets of the overlay networks; valid IPv4 CIDRs that do not overlap each other or Swarm's ingress 10.0.0.0/24. */
  networks: z.strictObject({ frontend: cidr, backend: cidr, monitoring: cidr, egress: cidr }),
  /** Host ports published by nginx (the only published service, C-19). Defaults 443 and 80. */
  publishedPorts: z.strictObject({
    https: z.number().int().min(1).max(65535),
    http: z.number().int().min(1).max(65535),
  }),
  /** TLS of every endpoint (nginx, PostgreSQL, Redis, Prometheus): Mozilla guideline 6.0 profile, optional narrower lists. */
  tls: crossField(
    z.strictObject({
      ...tlsSettingsShape,
      /** The public (nginx) certificate. Default generated by the internal dev CA; production requires files.
       *  Internal hops (PostgreSQL, Redis) always use the internal CA made by the tls provider. */
      certificate: tlsCertificate,
    }),
    (t, clean, ctx) => clean(["profile"], ["protocols"], ["tls12Ciphers"]) && refineTlsSettings(t, ctx),
  ),
  /** Proxy tunables: body size, rate limits, auth paths, HSTS, CSP, extra directives. Defaults in constructs/render/nginx.ts. */
  nginx: z.strictObject(nginxTunablesShape),
  services,
  /** Alert thresholds for the guide's rules. */
  alerts: z.strictObject({
    /** HighFailedLoginRate fires above this many failed logins per second (5 m rate). Default 10. */
    failedLoginsPerSecond: z.number().positive(),
    /** SuspiciousActivity fires above this many events in 10 minutes. Default 50. */
    suspiciousEventsPer10m: z.number().int().positive(),
    /** ContainerVulnerability fires when critical findings exceed this count. Default 0. */
    criticalVulnerabilities: z.number().int().min(0),
    /** CertificateExpiringSoon fires this many days before the edge certificate expires. Default 14. */
    certificateExpiryDays: z.number().int().min(1).max(90),
    /** ScannerResultsStale fires after this many hours without a successful scan. Default 48. */
    scannerStaleHours: z.number().int().min(1),
    /** Alertmanager receivers (https webhooks without credentials in the URL). Default [] (alerts stay in Alertmanager). */
    receivers: z
      .array(alertReceiverSchema)
      .refine((rs) => new Set(rs.map((r) => r.name)).size === rs.length, "receiver names must be unique"),
  }),
  scanner: z.strictObject({
    /** Scanners to run; the scanner image must contain each. Default ["trivy"] (the default image); add "grype" with an image that has it. */
    tools: z.array(z.enum(["trivy", "grype"])).min(1),
    /** Five-field cron schedule of the scanner job. Default "0 2 * * *" (daily at 02:00). */
    schedule: z
      .string()
      .refine(isCron, "must be five numeric cron fields (*, lists, ranges, steps; no names, ?, L, W or #) such as 0 2 * * *"),
  }),
  redis: z.strictObject({
    /** Persistence mode. Default "rdb" on the redis volume; "none" disables saving (B06). */
    persistence: z.enum(["rdb", "aof", "none"]),
  }),
  postgres: z.strictObject({
    /** Set true only when the data volume is already owned by a custom uid (B04). Default false. */
    dataDirPreOwned: z.boolean(),
  }),
  grafana: z.strictObject({
    /** Runtime plugin installs. Must stay empty: bake plugins into the image (B08). Default []. */
    plugins: z.array(z.string()).max(0, "runtime plugin installs need a writable root; bake plugins into the image (B08)"),
  }),
  /** The AWS target (ECS Fargate, RDS, ElastiCache, ALB + WAF). Defaults: a dev placeholder account in eu-west-1. */
  aws: awsSchema,
  /** Terraform state of every stack. Default local (development only); production requires the S3 backend. */
  state: stateSchema,
  /** Bump a password's version to rotate it (new value, new docker_secret). Default 1 for each; unknown names are errors. */
  secretVersions: z.partialRecord(z.enum(PASSWORD_SECRETS), z.number().int().min(1)),
});

export const configSchema = crossField(configObject, (c, clean, ctx) => {
  // Subnets: no overlap between networks, nor with Swarm's default ingress network.
  const nets = configObject.shape.networks
    .keyof()
    .options.filter((n) => clean(["networks", n]))
    .map((n) => [n, c.networks[n]] as const);
  const ingress = "10.0.0.0/24";
  nets.forEach(([a, ca], i) => {
    if (cidrsOverlap(ca, ingress)) {
      ctx.addIssue({ code: "custom", path: ["networks", a], message: `overlaps Swarm's ingress network ${ingress}` });
    }
    for (const [b, cb] of nets.slice(i + 1)) {
      if (cidrsOverlap(ca, cb)) ctx.addIssue({ code: "custom", path: ["networks", b], message: `overlaps networks.${a} (${ca})` });
    }
  });
  if (clean(["publishedPorts", "http"], ["publishedPorts", "https"]) && c.publishedPorts.http === c.publishedPorts.https) {
    ctx.addIssue({ code: "custom", path: ["publishedPorts", "http"], message: "must differ from publishedPorts.https" });
  }
  const production = clean(["environment"]) && c.environment === "production";
  for (const name of SERVICE_NAMES) {
    if (production && clean(["services", name, "image"]) && !DIGEST.test(c.services[name].image)) {
      ctx.addIssue({
        code: "custom",
        path: ["services", name, "image"],
        message: "production images must be pinned by digest (name@sha256:<64 hex>) (C-20)",
      });
    }
    if (STATEFUL_SERVICES.includes(name) && clean(["services", name, "replicas"]) && c.services[name].replicas !== 1) {
      ctx.addIssue({
        code: "custom",
        path: ["services", name, "replicas"],
        message: `${name} keeps state on one volume and must run exactly 1 replica`,
      });
    }
  }
  if (production && clean(["tls", "certificate"]) && c.tls.certificate.source !== "files") {
    ctx.addIssue({
      code: "custom",
      path: ["tls", "certificate", "source"],
      message: 'production needs a real certificate: set source "files" with certificateFile and privateKeyFile',
    });
  }
  if (production && clean(["state", "backend"]) && c.state.backend !== "s3") {
    ctx.addIssue({
      code: "custom",
      path: ["state", "backend"],
      message: 'production state holds secrets: use backend "s3" (the bucket and key made by the aws-state stack) (TS-01)',
    });
  }
  if (production && clean(["aws", "testMode"]) && c.aws.testMode) {
    ctx.addIssue({ code: "custom", path: ["aws", "testMode"], message: "test mode skips credential checks; never in production" });
  }
  // B04: initdb needs the data directory owned by the image's postgres uid.
  if (clean(["services", "postgres", "image"], ["services", "postgres", "user"], ["postgres", "dataDirPreOwned"])) {
    const pg = c.services.postgres;
    const pgUid = pg.image.includes("alpine") ? "70" : "999";
    if (!c.postgres.dataDirPreOwned && pg.user.split(":")[0] !== pgUid) {
      ctx.addIssue({
        code: "custom",
        path: ["services", "postgres", "user"],
        message: `must be the image's postgres uid ${pgUid} (initdb needs the data directory owned by it), or set postgres.dataDirPreOwned (B04)`,
      });
    }
  }
});

export type InfraConfig = z.infer<typeof configSchema>;
/** What a config file may contain: any subset of the full config; it is merged over the defaults. */
export type InfraConfigInput = z.input<typeof configSchema>;

/** Five numeric fields: what the scanner's scheduler (constructs/render/scanner.ts) implements. */
function isCron(s: string): boolean {
  const fields = s.trim().split(/\s+/);
  if (fields.length !== 5 || !fields.every((f) => /^[0-9*,/-]+$/.test(f))) return false;
  try {
    CronExpressionParser.parse(s);
    return true;
  } catch {
    return false;
  }
}
