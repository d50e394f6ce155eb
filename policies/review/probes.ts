/**
 * The security classifier's table: for each resource type, the hardening-relevant attributes ("probes"), each
 * read into observations with a rank (higher = stronger). A change that lowers a rank weakens the probe's catalog
 * control, one that raises it strengthens it. The table stands on its own: it does not depend on which policy
 * rules exist, so a change is classified even where no rule looks (yet).
 *
 * Severity: a weakening to a value below the probe's floor (insecure in absolute terms) has the probe's severity;
 * a weakening that stays at or above the floor (e.g. a stronger ELB policy for a weaker one the pack still accepts) is a warning.
 * A new resource is weakened where a value is below the floor (a service added without a health check).
 */
import { CURRENT_TLS_POLICIES } from "../rules/aws/alb-tls-policy";
import { asRecord, containerSpec, get, labels, list } from "../tf";
import type { Severity, TfDocument, TfResource } from "../types";
import { internetReachable } from "../../config/cidr";
import { carriesSecret, looksSecret } from "../secrets";

export interface Observation {
  /** Distinguishes items of one probe on one resource (a container, a capability, a port); "" for a single value. */
  readonly key: string;
  /** What a reviewer reads; never a secret value. */
  readonly value: string;
  readonly rank: number;
  /** Overrides the probe's control for this item (a port on a data-tier service is N-02, elsewhere C-19). */
  readonly control?: string;
}

export interface Probe {
  readonly id: string;
  readonly types: readonly string[];
  readonly attribute: string;
  readonly control: string;
  readonly severity: Severity;
  /** Values ranked below this are insecure on their own. */
  readonly floor: number;
  /** How an item absent on one side reads (a capability not added, a port not published). */
  readonly absent: { readonly value: string; readonly rank: number };
  observe(r: TfResource, doc: TfDocument): Observation[];
}

const one = (value: string, rank: number, control?: string): Observation[] => [{ key: "", value, rank, ...(control ? { control } : {}) }];
const truthy = (v: unknown): boolean => v === true || v === "true" || v === 1 || v === "1";
const shown = (v: unknown): string => (v === undefined || v === null ? "(unset)" : typeof v === "string" ? v : JSON.stringify(v));

/** A boolean attribute where `good` is the secure value; unset reads as `unset` (the provider default). */
function flag(
  id: string,
  types: string[],
  attribute: string,
  control: string,
  severity: Severity,
  read: (body: Record<string, unknown>) => unknown,
  good: boolean,
  unset: boolean,
): Probe {
  return {
    id,
    types,
    attribute,
    control,
    severity,
    floor: 1,
    absent: { value: "(unset)", rank: unset === good ? 1 : 0 },
    observe: (r) => {
      const v = read(r.body);
      const b = v === undefined || v === null ? unset : truthy(v);
      return one(v === undefined || v === null ? `(unset: ${unset})` : String(b), b === good ? 1 : 0);
    },
  };
}

/** Present (secure) or absent (insecure), e.g. a KMS key reference, a health check. */
function present(
  id: string,
  types: string[],
  attribute: string,
  control: string,
  severity: Severity,
  read: (body: Record<string, unknown>) => unknown,
  describe: (v: unknown) => string = shown,
): Probe {
  return {
    id,
    types,
    attribute,
    control,
    severity,
    floor: 1,
    absent: { value: "(unset)", rank: 0 },
    observe: (r) => {
      const v = read(r.body);
      const set = v !== undefined && v !== null && v !== "" && !(Array.isArray(v) && v.length === 0);
      return one(set ? describe(v) : "(unset)", set ? 1 : 0);
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Shared readers

/** Non-root numeric UID 2, a named user 1 (cannot be checked), root or unset (the image's choice, often root) 0. */
function userRank(user: unknown): Observation {
  const u = typeof user === "string" ? user.trim() : typeof user === "number" ? String(user) : "";
  const uid = u.split(":")[0];
  const rank = u === "" || uid === "0" || uid === "root" ? 0 : /^\d+$/.test(uid) ? 2 : 1;
  return { key: "", value: u || "(unset: image default)", rank };
}

const capName = (c: unknown) => String(c).toUpperCase().replace(/^CAP_/, "");

/** An environment variable that holds a secret: by reference, by name (not a *_FILE pointer, not a flag) or by its shape. */
export function secretInEnv(name: string, value: unknown): boolean {
  return carriesSecret(value) || looksSecret(name, typeof value === "string" ? value : "");
}

// ---------------------------------------------------------------------------------------------------------------
// Docker (kreuzwerker/docker 3.6.2, Swarm services)

const tier = (r: TfResource) => labels(r.body)["org.secagents.tier"] ?? labels(r.body)["tier"] ?? "";
const SERVICE = ["docker_service"];

function networkOf(doc: TfDocument, ref: unknown): { name: string; body: Record<string, unknown> } {
  const m = /\$\{docker_network\.([\w-]+)\.(id|name)\}/.exec(String(ref));
  const byName = asRecord(asRecord(doc.resource).docker_network);
  if (m) {
    const body = asRecord(byName[m[1]]);
    return { name: String(body.name ?? m[1]), body };
  }
  const literal = String(ref);
  const found = Object.values(byName).find((b) => asRecord(b).name === literal);
  return { name: literal, body: asRecord(found) };
}

const dockerProbes: Probe[] = [
  {
    id: "docker.user",
    types: SERVICE,
    attribute: "container_spec.user",
    control: "C-01",
    severity: "error",
    floor: 2,
    absent: { value: "(unset)", rank: 0 },
    observe: (r) => [userRank(containerSpec(r).user)],
  },
  flag(
    "docker.read_only",
    SERVICE,
    "container_spec.read_only",
    "C-02",
    "error",
    (b) => get(b, "task_spec", "container_spec", "read_only"),
    true,
    false,
  ),
  {
    id: "docker.cap_drop",
    types: SERVICE,
    attribute: "container_spec.cap_drop",
    control: "C-03",
    severity: "error",
    floor: 1,
    absent: { value: "(unset)", rank: 0 },
    observe: (r) => {
      const drop = (containerSpec(r).cap_drop as unknown[] | undefined) ?? [];
      return one(drop.length ? drop.map(capName).join(", ") : "(nothing dropped)", drop.map(capName).includes("ALL") ? 1 : 0);
    },
  },
  {
    id: "docker.cap_add",
    types: SERVICE,
    attribute: "container_spec.cap_add",
    control: "C-03",
    severity: "error",
    floor: 1,
    absent: { value: "not added", rank: 1 },
    observe: (r) =>
      ((containerSpec(r).cap_add as unknown[] | undefined) ?? []).map((c) => ({ key: capName(c), value: `${capName(c)} added`, rank: 0 })),
  },
  present(
    "docker.healthcheck",
    SERVICE,
    "container_spec.healthcheck",
    "C-12",
    "error",
    (b) => {
      const h = get(b, "task_spec", "container_spec", "healthcheck");
      const test = get(h, "test") as unknown[] | undefined;
      return Array.isArray(test) && test.length && !["NONE"].includes(String(test[0])) ? h : undefined;
    },
    () => "set",
  ),
  {
    id: "docker.published_ports",
    types: SERVICE,
    attribute: "endpoint_spec.ports",
    control: "C-19",
    severity: "error",
    floor: 1,
    absent: { value: "not published", rank: 1 },
    observe: (r) => {
      const t = tier(r);
      return list(r.body, "endpoint_spec", "ports").map((p) => {
        const port = Number(p.published_port ?? p.target_port);
        const key = `${port}/${String(p.protocol ?? "tcp")}`;
        const value = `${key} published → ${String(p.target_port)} (${String(p.publish_mode ?? "ingress")} mode, ${t || "no"} tier)`;
        // Only the edge proxy publishes, and only 443 (and 80 to redirect); a data-tier service must not be reachable at all.
        if (t === "data") return { key, value, rank: 0, control: "N-02" };
        return { key, value, rank: t === "edge" && (port === 443 || port === 80) ? 1 : 0 };
      });
    },
  },
  {
    id: "docker.networks",
    types: SERVICE,
    attribute: "task_spec.networks_advanced",
    control: "N-03",
    severity: "error",
    floor: 1,
    absent: { value: "not joined", rank: 2 },
    observe: (r, doc) =>
      list(r.body, "task_spec", "networks_advanced").map((n) => {
        const net = networkOf(doc, n.name);
        if (net.name === "host") return { key: net.name, value: "joined (host network)", rank: 0, control: "C-06" };
        const internal = truthy(net.body.internal);
        const value = `joined (${internal ? "internal" : "has a route out"})`;
        // A data-tier service on a network with a route out breaks N-02; other memberships are least-privilege paths (N-03).
        return tier(r) === "data" && !internal ? { key: net.name, value, rank: 0, control: "N-02" } : { key: net.name, value, rank: 2 };
      }),
  },
  {
    id: "docker.env_secrets",
    types: SERVICE,
    attribute: "container_spec.env",
    control: "S-01",
    severity: "error",
    floor: 1,
    absent: { value: "not in env", rank: 1 },
    observe: (r) =>
      Object.entries(asRecord(containerSpec(r).env))
        .filter(([k, v]) => secretInEnv(k, v))
        .map(([k]) => ({ key: k, value: "secret in plaintext env (value hidden)", rank: 0 })),
  },
  {
    id: "docker.mounts",
    types: SERVICE,
    attribute: "container_spec.mounts",
    control: "C-17",
    severity: "error",
    floor: 1,
    absent: { value: "not mounted", rank: 1 },
    observe: (r) =>
      list(containerSpec(r), "mounts")
        .filter((m) => m.type === "bind" || (m.type === "volume" && get(m, "volume_options", "driver_options", "o") !== undefined))
        .map((m) => {
          const src = String(m.source ?? get(m, "volume_options", "driver_options", "device") ?? "");
          const key = String(m.target);
          if (src.includes("docker.sock")) return { key, value: `host ${src} mounted`, rank: 0, control: "C-16" };
          return { key, value: `host path ${src} mounted${truthy(m.read_only) ? " read-only" : ""}`, rank: 0 };
        }),
  },
  {
    id: "docker.image",
    types: SERVICE,
    attribute: "container_spec.image",
    control: "C-20",
    severity: "warning",
    floor: 1,
    absent: { value: "(unset)", rank: 0 },
    observe: (r) => {
      const image = String(containerSpec(r).image ?? "");
      const rank = image.includes("@sha256:") ? 2 : /:[^/]+$/.test(image) && !image.endsWith(":latest") ? 1 : 0;
      return one(image, rank);
    },
  },
  present("docker.memory_limit", SERVICE, "resources.limits.memory_bytes", "C-09", "error", (b) =>
    get(b, "task_spec", "resources", "limits", "memory_bytes"),
  ),
  present("docker.cpu_limit", SERVICE, "resources.limits.nano_cpus", "C-10", "error", (b) =>
    get(b, "task_spec", "resources", "limits", "nano_cpus"),
  ),
  {
    id: "docker.log_driver",
    types: SERVICE,
    attribute: "task_spec.log_driver",
    control: "C-14",
    severity: "error",
    floor: 1,
    absent: { value: "(unset)", rank: 0 },
    observe: (r) => {
      const d = asRecord(get(r.body, "task_spec", "log_driver"));
      const name = String(d.name ?? "");
      const rotated = name === "local" || asRecord(d.options)["max-size"] !== undefined;
      return one(name ? `${name}${rotated ? " (rotated)" : " (unbounded)"}` : "(daemon default)", rotated ? 1 : 0);
    },
  },
  {
    id: "docker.network_internal",
    types: ["docker_network"],
    attribute: "internal",
    control: "N-02",
    severity: "error",
    floor: 1,
    absent: { value: "(unset)", rank: 0 },
    observe: (r) => {
      // The model's one egress network is meant to have a route out; every tier network must not.
      const egress = labels(r.body).tier === "egress";
      return one(truthy(r.body.internal) ? "true" : "false", truthy(r.body.internal) || egress ? 1 : 0);
    },
  },
  flag(
    "docker.network_encrypted",
    ["docker_network"],
    "options.encrypted",
    "T-09",
    "error",
    (b) => asRecord(b.options).encrypted,
    true,
    false,
  ),
  flag("docker.network_attachable", ["docker_network"], "attachable", "N-03", "error", (b) => b.attachable, false, false),
  {
    id: "docker.network_driver",
    types: ["docker_network"],
    attribute: "driver",
    control: "N-01",
    severity: "error",
    floor: 1,
    absent: { value: "(unset)", rank: 1 },
    observe: (r) => one(String(r.body.driver ?? "(default)"), ["host", "none"].includes(String(r.body.driver)) ? 0 : 1),
  },
  {
    id: "docker.secret_literal",
    types: ["docker_secret"],
    attribute: "data",
    control: "S-04",
    severity: "error",
    floor: 1,
    absent: { value: "(unset)", rank: 1 },
    observe: (r) => {
      const literal = typeof r.body.data === "string" && !r.body.data.includes("${");
      return one(literal ? "literal value in the synthesized JSON (hidden)" : "generated at apply time (reference)", literal ? 0 : 1);
    },
  },
  {
    id: "docker.config_secret",
    types: ["docker_config"],
    attribute: "data",
    control: "S-04",
    severity: "error",
    floor: 1,
    absent: { value: "(unset)", rank: 1 },
    observe: (r) => {
      const data = typeof r.body.data === "string" ? r.body.data : "";
      const text = /^[A-Za-z0-9+/=\s]+$/.test(data) ? Buffer.from(data, "base64").toString("utf8") : data;
      const secret = /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text);
      return one(secret ? "holds a private key (hidden)" : "no private key", secret ? 0 : 1);
    },
  },
];

// ---------------------------------------------------------------------------------------------------------------
// AWS (hashicorp/aws 5.100.0)

interface ContainerDef {
  name?: string;
  user?: string;
  readonlyRootFilesystem?: boolean;
  privileged?: boolean;
  linuxParameters?: { capabilities?: { add?: string[]; drop?: string[] } };
  environment?: { name?: string; value?: string }[];
  secrets?: { name?: string; valueFrom?: string }[];
  healthCheck?: unknown;
  logConfiguration?: { logDriver?: string };
}

const objects = <T>(v: unknown): T[] =>
  (Array.isArray(v) ? v : []).filter((x) => typeof x === "object" && x !== null && !Array.isArray(x)) as T[];

/**
 * The container definitions of a task (a JSON string or an already-parsed list). Malformed parts are dropped, never
 * thrown on: non-object containers, environment/secrets entries that are not objects, capability lists that are not lists.
 */
export function containers(r: TfResource): ContainerDef[] {
  const raw = r.body.container_definitions;
  let parsed: unknown = raw;
  if (typeof raw === "string") {
    try {
      parsed = JSON.parse(raw);
    } catch {
      return [];
    }
  }
  return objects<ContainerDef>(parsed).map((c) => {
    const caps = asRecord(asRecord(c.linuxParameters).capabilities);
    const names = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : undefined);
    return {
      ...c,
      name: c.name === undefined || c.name === null ? undefined : String(c.name),
      environment: objects(c.environment),
      secrets: objects(c.secrets),
      linuxParameters: { capabilities: { add: names(caps.add), drop: names(caps.drop) } },
      logConfiguration: asRecord(c.logConfiguration) as ContainerDef["logConfiguration"],
    };
  });
}

const TASK = ["aws_ecs_task_definition"];
function perContainer(
  id: string,
  attribute: string,
  control: string,
  severity: Severity,
  read: (c: ContainerDef) => { value: string; rank: number },
  floor = 1,
): Probe {
  return {
    id,
    types: TASK,
    attribute,
    control,
    severity,
    floor,
    absent: { value: "(no such container)", rank: floor },
    observe: (r) => containers(r).map((c) => ({ key: String(c.name ?? "?"), ...read(c) })),
  };
}

/** Sources: public (any internet-reachable CIDR, as AWS-018 judges it) on a non-web port 0, public on 80/443 1, a CIDR 2, a security group or prefix list 3; wide port ranges lower it. */
function ingressRank(source: string, from: number, to: number, protocol: string): { rank: number; control: string } {
  const publicSource = internetReachable(source);
  const allPorts = protocol === "-1" || protocol === "all" || to - from > 0;
  const web = !allPorts && (from === 443 || from === 80);
  const base = publicSource ? (web ? 1 : 0) : /^[\d.:a-f]+\/\d+$/i.test(source) ? 2 : 3;
  return { rank: base - (allPorts && base > 0 ? 0.5 : 0), control: base <= 1 ? "N-05" : "N-03" };
}

function ruleObservations(rules: Record<string, unknown>[], egress: boolean): Observation[] {
  return rules.flatMap((x) => {
    const protocol = String(x.ip_protocol ?? x.protocol ?? "tcp");
    const from = Number(x.from_port ?? 0);
    const to = Number(x.to_port ?? x.from_port ?? 0);
    const sources = [
      ...((x.cidr_blocks as string[] | undefined) ?? []),
      ...((x.ipv6_cidr_blocks as string[] | undefined) ?? []),
      ...[x.cidr_ipv4, x.cidr_ipv6].filter((s): s is string => typeof s === "string"),
      ...((x.security_groups as string[] | undefined) ?? []),
      ...[x.referenced_security_group_id, x.source_security_group_id, x.prefix_list_id].filter((s): s is string => typeof s === "string"),
      ...(x.self === true ? ["self"] : []),
    ];
    const ports = protocol === "-1" ? "all" : from === to ? `${from}` : `${from}-${to}`;
    return sources.map((s) => {
      const label = s.startsWith("${") ? s.replace(/^\$\{([\w-]+\.[\w-]+).*$/, "$1") : s;
      const key = `${protocol}:${ports}`;
      if (egress) {
        const pub = internetReachable(s);
        return { key, value: `${protocol}/${ports} to ${label}`, rank: pub ? (ports === "all" ? 0 : 1) : 2 };
      }
      const { rank, control } = ingressRank(s, from, to, protocol);
      return { key, value: `${protocol}/${ports} from ${label}`, rank, control };
    });
  });
}

const openAbsent = { value: "no such rule", rank: 3 };

/** ELB security policies ordered by strength, from their names: minimum TLS version, cipher breadth, TLS 1.3, PQ. */
export function tlsPolicyRank(policy: string | undefined): number {
  const p = policy ?? "ELBSecurityPolicy-2016-08";
  if (!/^ELBSecurityPolicy-/.test(p)) return -1;
  const min = /TLS13-1-3/.test(p) ? 3 : /(TLS13-1-2|TLS-1-2|FS-1-2)/.test(p) ? 2 : /(TLS13-1-1|TLS-1-1|FS-1-1)/.test(p) ? 1 : 0;
  const ciphers = /-Res-/.test(p)
    ? 4
    : /-Ext2-/.test(p)
      ? 1
      : /-Ext1-/.test(p)
        ? 2
        : /-Ext0?-/.test(p)
          ? 2.5
          : /TLS13-/.test(p)
            ? 3
            : /FS-/.test(p)
              ? 2.5
              : 1.5;
  const tls13 = /TLS13-/.test(p) ? 1 : 0;
  const pq = /-PQ-/.test(p) ? 1 : 0;
  const year = Number(/(\d{4})-\d{2}$/.exec(p)?.[1] ?? 2000);
  return min * 1000 + ciphers * 100 + tls13 * 50 + pq * 20 + (year - 2000) / 100;
}
/** T-05's lowest acceptable policy: the weaker of the policies the pack accepts (AWS-025: Mozilla's two mappings). */
export const TLS_POLICY_FLOOR = Math.min(...CURRENT_TLS_POLICIES.map(tlsPolicyRank));

function parameter(b: Record<string, unknown>, name: string): string | undefined {
  const p = list(b, "parameter").find((x) => x.name === name);
  return p === undefined ? undefined : String(p.value);
}

const TLS_VERSIONS = ["TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"];
const PARAM_GROUPS = ["aws_db_parameter_group", "aws_rds_cluster_parameter_group"];
const DB = ["aws_db_instance", "aws_rds_cluster"];

const awsProbes: Probe[] = [
  perContainer("ecs.user", "container user", "C-01", "error", (c) => userRank(c.user), 2),
  perContainer("ecs.read_only", "readonlyRootFilesystem", "C-02", "error", (c) => ({
    value: String(c.readonlyRootFilesystem ?? "(unset: false)"),
    rank: c.readonlyRootFilesystem === true ? 1 : 0,
  })),
  perContainer("ecs.privileged", "privileged", "C-05", "error", (c) => ({
    value: String(c.privileged ?? "(unset: false)"),
    rank: c.privileged === true ? 0 : 1,
  })),
  perContainer("ecs.cap_drop", "linuxParameters.capabilities.drop", "C-03", "error", (c) => {
    const drop = (c.linuxParameters?.capabilities?.drop ?? []).map(capName);
    return { value: drop.length ? drop.join(", ") : "(nothing dropped)", rank: drop.includes("ALL") ? 1 : 0 };
  }),
  {
    id: "ecs.cap_add",
    types: TASK,
    attribute: "linuxParameters.capabilities.add",
    control: "C-03",
    severity: "error",
    floor: 1,
    absent: { value: "not added", rank: 1 },
    observe: (r) =>
      containers(r).flatMap((c) =>
        (c.linuxParameters?.capabilities?.add ?? []).map((cap) => ({
          key: `${c.name}: ${capName(cap)}`,
          value: `${capName(cap)} added`,
          rank: 0,
        })),
      ),
  },
  {
    id: "ecs.env_secrets",
    types: TASK,
    attribute: "environment / secrets",
    control: "S-01",
    severity: "error",
    floor: 1,
    absent: { value: "not set", rank: 1 },
    observe: (r) =>
      containers(r).flatMap((c) => {
        const secrets = new Set((c.secrets ?? []).map((s) => String(s.name)));
        return [
          ...(c.secrets ?? []).map((s) => ({ key: `${c.name}: ${s.name}`, value: "from Secrets Manager (secrets)", rank: 1 })),
          // A name the secrets list also holds would be shadowed; any secret-looking plaintext value is S-01 too.
          ...(c.environment ?? [])
            .filter((e) => secretInEnv(String(e.name), e.value) || secrets.has(String(e.name)))
            .map((e) => ({ key: `${c.name}: ${e.name}`, value: "plaintext in environment (value hidden)", rank: 0 })),
        ];
      }),
  },
  perContainer("ecs.healthcheck", "healthCheck", "C-12", "error", (c) => ({
    value: c.healthCheck ? "set" : "(unset)",
    rank: c.healthCheck ? 1 : 0,
  })),
  perContainer("ecs.logs", "logConfiguration", "L-01", "error", (c) => ({
    value: c.logConfiguration?.logDriver ?? "(unset)",
    rank: c.logConfiguration?.logDriver ? 1 : 0,
  })),
  {
    id: "ecs.namespaces",
    types: TASK,
    attribute: "network_mode / pid_mode / ipc_mode",
    control: "C-06",
    severity: "error",
    floor: 1,
    absent: { value: "(unset)", rank: 1 },
    observe: (r) =>
      (
        [
          ["network_mode", "C-06"],
          ["pid_mode", "C-07"],
          ["ipc_mode", "C-08"],
        ] as const
      ).map(([a, control]) => ({ key: a, value: `${a} = ${shown(r.body[a])}`, rank: r.body[a] === "host" ? 0 : 1, control })),
  },
  flag(
    "ecs.public_ip",
    ["aws_ecs_service"],
    "network_configuration.assign_public_ip",
    "N-10",
    "error",
    (b) => get(b, "network_configuration", "assign_public_ip"),
    false,
    false,
  ),
  flag("ecs.exec", ["aws_ecs_service"], "enable_execute_command", "L-04", "warning", (b) => b.enable_execute_command, false, false),
  {
    id: "sg.ingress",
    types: ["aws_security_group", "aws_vpc_security_group_ingress_rule", "aws_security_group_rule"],
    attribute: "ingress",
    control: "N-03",
    severity: "error",
    floor: 1,
    absent: openAbsent,
    observe: (r) => {
      if (r.type === "aws_security_group") return ruleObservations(list(r.body, "ingress"), false);
      if (r.type === "aws_security_group_rule" && r.body.type !== "ingress") return [];
      return ruleObservations([r.body as Record<string, unknown>], false);
    },
  },
  {
    id: "sg.egress",
    types: ["aws_security_group", "aws_vpc_security_group_egress_rule", "aws_security_group_rule"],
    attribute: "egress",
    control: "N-06",
    severity: "warning",
    floor: 1,
    absent: { value: "no such rule", rank: 3 },
    observe: (r) => {
      if (r.type === "aws_security_group") return ruleObservations(list(r.body, "egress"), true);
      if (r.type === "aws_security_group_rule" && r.body.type !== "egress") return [];
      return ruleObservations([r.body as Record<string, unknown>], true);
    },
  },
  {
    id: "lb.ssl_policy",
    types: ["aws_lb_listener", "aws_alb_listener"],
    attribute: "ssl_policy",
    control: "T-05",
    severity: "error",
    floor: TLS_POLICY_FLOOR,
    absent: { value: "(no listener)", rank: TLS_POLICY_FLOOR },
    observe: (r) => {
      if (!["HTTPS", "TLS"].includes(String(r.body.protocol))) return [];
      const p = typeof r.body.ssl_policy === "string" ? r.body.ssl_policy : undefined;
      return one(p ?? "(unset: API default ELBSecurityPolicy-2016-08)", tlsPolicyRank(p));
    },
  },
  {
    id: "lb.protocol",
    types: ["aws_lb_listener", "aws_alb_listener"],
    attribute: "protocol / default_action",
    control: "T-04",
    severity: "error",
    floor: 1,
    absent: { value: "(no listener)", rank: 1 },
    observe: (r) => {
      const protocol = String(r.body.protocol ?? "HTTP");
      const redirects = list(r.body, "default_action").every((a) => a.type === "redirect" || a.type === "fixed-response");
      const rank = protocol === "HTTP" && !redirects ? 0 : 1;
      return one(`${protocol}${protocol === "HTTP" ? (redirects ? " (redirect only)" : " (serves plaintext)") : ""}`, rank);
    },
  },
  flag(
    "lb.drop_invalid_headers",
    ["aws_lb", "aws_alb"],
    "drop_invalid_header_fields",
    "T-06",
    "error",
    (b) => b.drop_invalid_header_fields,
    true,
    false,
  ),
  present(
    "lb.access_logs",
    ["aws_lb", "aws_alb"],
    "access_logs.enabled",
    "T-06",
    "warning",
    (b) => (truthy(get(b, "access_logs", "enabled")) ? true : undefined),
    () => "enabled",
  ),
  {
    id: "rds.force_ssl",
    types: PARAM_GROUPS,
    attribute: "parameter rds.force_ssl",
    control: "D-02",
    severity: "error",
    floor: 1,
    absent: { value: "(unset)", rank: 0 },
    observe: (r) => {
      if (!/postgres/.test(String(r.body.family ?? "postgres"))) return [];
      const v = parameter(r.body, "rds.force_ssl");
      return one(v === undefined ? "(unset: not enforced by this group)" : v, v === "1" ? 1 : 0);
    },
  },
  {
    id: "rds.ssl_min_protocol_version",
    types: PARAM_GROUPS,
    attribute: "parameter ssl_min_protocol_version",
    control: "D-02",
    severity: "error",
    floor: 2,
    absent: { value: "(unset)", rank: 2 },
    observe: (r) => {
      const v = parameter(r.body, "ssl_min_protocol_version");
      return v === undefined ? [] : one(v, TLS_VERSIONS.indexOf(v));
    },
  },
  {
    id: "rds.log_statement",
    types: PARAM_GROUPS,
    attribute: "parameter log_statement",
    control: "D-07",
    severity: "error",
    floor: 1,
    absent: { value: "(unset)", rank: 1 },
    observe: (r) => {
      const v = parameter(r.body, "log_statement");
      // log_statement=all (and mod) writes statement text, including passwords in ALTER ROLE, to the log.
      return v === undefined ? [] : one(v, v === "all" || v === "mod" ? 0 : 1);
    },
  },
  {
    id: "rds.password_encryption",
    types: PARAM_GROUPS,
    attribute: "parameter password_encryption",
    control: "D-10",
    severity: "error",
    floor: 1,
    absent: { value: "(unset)", rank: 1 },
    observe: (r) => {
      const v = parameter(r.body, "password_encryption");
      return v === undefined ? [] : one(v, v === "md5" ? 0 : 1);
    },
  },
  flag("db.storage_encrypted", DB, "storage_encrypted", "D-01", "error", (b) => b.storage_encrypted, true, false),
  present(
    "db.kms_key",
    DB,
    "kms_key_id",
    "D-01",
    "warning",
    (b) => b.kms_key_id,
    () => "customer-managed key",
  ),
  flag("db.publicly_accessible", DB, "publicly_accessible", "D-03", "error", (b) => b.publicly_accessible, false, false),
  flag("db.deletion_protection", DB, "deletion_protection", "D-05", "error", (b) => b.deletion_protection, true, false),
  flag(
    "db.iam_auth",
    DB,
    "iam_database_authentication_enabled",
    "D-06",
    "warning",
    (b) => b.iam_database_authentication_enabled,
    true,
    false,
  ),
  {
    id: "db.backup_retention",
    types: DB,
    attribute: "backup_retention_period",
    control: "D-04",
    severity: "error",
    floor: 7,
    absent: { value: "(unset)", rank: 1 },
    observe: (r) => {
      const v = r.body.backup_retention_period;
      return one(shown(v ?? "(unset: 1 day)"), v === undefined ? 1 : Math.min(Number(v), 35));
    },
  },
  flag(
    "cache.at_rest",
    ["aws_elasticache_replication_group"],
    "at_rest_encryption_enabled",
    "R-01",
    "error",
    (b) => b.at_rest_encryption_enabled,
    true,
    false,
  ),
  present(
    "cache.kms_key",
    ["aws_elasticache_replication_group"],
    "kms_key_id",
    "R-01",
    "warning",
    (b) => b.kms_key_id,
    () => "customer-managed key",
  ),
  flag(
    "cache.transit",
    ["aws_elasticache_replication_group"],
    "transit_encryption_enabled",
    "R-02",
    "error",
    (b) => b.transit_encryption_enabled,
    true,
    false,
  ),
  {
    id: "cache.transit_mode",
    types: ["aws_elasticache_replication_group"],
    attribute: "transit_encryption_mode",
    control: "R-02",
    severity: "error",
    floor: 1,
    absent: { value: "(unset)", rank: 1 },
    observe: (r) =>
      r.body.transit_encryption_mode === undefined
        ? []
        : one(String(r.body.transit_encryption_mode), r.body.transit_encryption_mode === "required" ? 1 : 0),
  },
  present(
    "cache.auth",
    ["aws_elasticache_replication_group"],
    "user_group_ids / auth_token",
    "R-03",
    "error",
    (b) =>
      Array.isArray(b.user_group_ids) && b.user_group_ids.length
        ? "RBAC user group"
        : b.auth_token !== undefined
          ? "AUTH token"
          : undefined,
    String,
  ),
  {
    id: "s3.sse",
    types: ["aws_s3_bucket_server_side_encryption_configuration"],
    attribute: "sse_algorithm",
    control: "B-03",
    severity: "error",
    floor: 1,
    absent: { value: "(unset)", rank: 0 },
    observe: (r) => {
      const d = asRecord(get(r.body, "rule", "apply_server_side_encryption_by_default"));
      const alg = String(d.sse_algorithm ?? "");
      const rank = alg.startsWith("aws:kms") ? (d.kms_master_key_id ? 3 : 2) : alg === "AES256" ? 1 : 0;
      return one(alg ? `${alg}${d.kms_master_key_id ? " with a customer key" : ""}` : "(unset)", rank);
    },
  },
  ...(["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"] as const).map((a) =>
    flag(`s3.${a}`, ["aws_s3_bucket_public_access_block"], a, "B-01", "error", (b) => b[a], true, false),
  ),
  {
    id: "s3.acl",
    types: ["aws_s3_bucket_acl", "aws_s3_bucket"],
    attribute: "acl",
    control: "B-02",
    severity: "error",
    floor: 1,
    absent: { value: "(unset)", rank: 1 },
    observe: (r) => (r.body.acl === undefined ? [] : one(String(r.body.acl), /public/.test(String(r.body.acl)) ? 0 : 1)),
  },
  flag("kms.rotation", ["aws_kms_key"], "enable_key_rotation", "S-05", "error", (b) => b.enable_key_rotation, true, false),
  flag("kms.enabled", ["aws_kms_key"], "is_enabled", "S-05", "warning", (b) => b.is_enabled, true, true),
  {
    id: "kms.policy",
    types: ["aws_kms_key"],
    attribute: "policy Principal",
    control: "S-05",
    severity: "error",
    floor: 1,
    absent: { value: "(unset)", rank: 1 },
    observe: (r) => {
      const p = String(r.body.policy ?? "");
      const open = /"Principal"\s*:\s*("\*"|\{\s*"AWS"\s*:\s*"\*"\s*\})/.test(p);
      return one(open ? 'a statement allows Principal "*"' : "no wildcard principal", open ? 0 : 1);
    },
  },
  present(
    "secret.kms_key",
    ["aws_secretsmanager_secret"],
    "kms_key_id",
    "S-02",
    "error",
    (b) => b.kms_key_id,
    () => "customer-managed key",
  ),
  present(
    "logs.kms_key",
    ["aws_cloudwatch_log_group"],
    "kms_key_id",
    "L-02",
    "error",
    (b) => b.kms_key_id,
    () => "customer-managed key",
  ),
  {
    id: "logs.retention",
    types: ["aws_cloudwatch_log_group"],
    attribute: "retention_in_days",
    control: "L-02",
    severity: "warning",
    floor: 1,
    absent: { value: "(unset)", rank: 100000 },
    observe: (r) => {
      const d = r.body.retention_in_days;
      return one(d === undefined || d === 0 ? "never expire" : String(d), d === undefined || d === 0 ? 100000 : Number(d));
    },
  },
  flag(
    "ecr.immutable",
    ["aws_ecr_repository"],
    "image_tag_mutability",
    "RG-02",
    "error",
    (b) => (b.image_tag_mutability === undefined ? undefined : b.image_tag_mutability === "IMMUTABLE"),
    true,
    false,
  ),
  flag(
    "ecr.scan_on_push",
    ["aws_ecr_repository"],
    "image_scanning_configuration.scan_on_push",
    "RG-01",
    "error",
    (b) => get(b, "image_scanning_configuration", "scan_on_push"),
    true,
    false,
  ),
  present("ecr.kms", ["aws_ecr_repository"], "encryption_configuration", "RG-03", "warning", (b) =>
    get(b, "encryption_configuration", "encryption_type") === "KMS" ? "KMS" : undefined,
  ),
  flag("subnet.public_ip", ["aws_subnet"], "map_public_ip_on_launch", "N-10", "error", (b) => b.map_public_ip_on_launch, false, false),
  flag("ebs.encrypted", ["aws_ebs_volume", "aws_efs_file_system"], "encrypted", "D-01", "error", (b) => b.encrypted, true, false),
  {
    id: "iam.wildcard",
    types: ["aws_iam_role_policy", "aws_iam_policy"],
    attribute: "policy Action",
    control: "I-02",
    severity: "error",
    floor: 1,
    absent: { value: "(unset)", rank: 1 },
    observe: (r) => {
      const p = String(r.body.policy ?? "");
      const wildcard = /"Action"\s*:\s*(\[\s*)?"(\*|[a-z0-9-]+:\*)"/.test(p) && /"Effect"\s*:\s*"Allow"/.test(p);
      return one(wildcard ? "allows a wildcard action" : "explicit actions", wildcard ? 0 : 1);
    },
  },
];

export const PROBES: readonly Probe[] = [...dockerProbes, ...awsProbes];

/**
 * Resources whose removal weakens a control (the protection is gone, not changed). Removing an ingress rule or a
 * published port strengthens instead; that the probes already say.
 */
export const PROTECTIVE: Readonly<Record<string, { control: string; severity: Severity }>> = {
  aws_s3_bucket_public_access_block: { control: "B-01", severity: "error" },
  aws_s3_account_public_access_block: { control: "B-01", severity: "error" },
  aws_s3_bucket_ownership_controls: { control: "B-02", severity: "error" },
  aws_s3_bucket_server_side_encryption_configuration: { control: "B-03", severity: "error" },
  aws_s3_bucket_policy: { control: "B-04", severity: "error" },
  aws_s3_bucket_versioning: { control: "B-05", severity: "error" },
  aws_s3_bucket_object_lock_configuration: { control: "B-05", severity: "error" },
  aws_s3_bucket_lifecycle_configuration: { control: "B-06", severity: "warning" },
  aws_s3_bucket_logging: { control: "B-07", severity: "warning" },
  aws_wafv2_web_acl: { control: "W-01", severity: "error" },
  aws_wafv2_web_acl_association: { control: "W-01", severity: "error" },
  aws_wafv2_web_acl_logging_configuration: { control: "W-04", severity: "warning" },
  aws_flow_log: { control: "N-09", severity: "error" },
  aws_default_security_group: { control: "N-08", severity: "error" },
  aws_network_acl: { control: "N-11", severity: "warning" },
  aws_db_parameter_group: { control: "D-02", severity: "error" },
  aws_secretsmanager_secret_rotation: { control: "S-03", severity: "warning" },
  aws_ecr_registry_scanning_configuration: { control: "RG-01", severity: "error" },
  aws_ecr_lifecycle_policy: { control: "RG-04", severity: "warning" },
  aws_cloudwatch_metric_alarm: { control: "L-05", severity: "warning" },
  aws_prometheus_rule_group_namespace: { control: "P-01", severity: "error" },
  aws_acm_certificate_validation: { control: "T-07", severity: "warning" },
};

const byType = new Map<string, Probe[]>();
for (const p of PROBES) for (const t of p.types) byType.set(t, [...(byType.get(t) ?? []), p]);

export function probesFor(type: string): readonly Probe[] {
  return byType.get(type) ?? [];
}
