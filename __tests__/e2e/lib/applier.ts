/**
 * Test-only applier for the synthesized Docker stack (no Terraform docker provider binary exists here): reads
 * cdk.tf.json, computes the random/tls values itself (./generate), and creates networks, volumes, secrets, configs
 * and services through the Docker Engine API, in dependency order. Each block is read through Strict, so an
 * attribute without a mapping below throws (UnsupportedAttributeError) instead of being dropped: no hardening
 * setting can disappear between the synthesized JSON and the running stack.
 *
 * Mappings follow kreuzwerker/docker 3.6.2's schema to Engine API 1.41 (Docker 20.10+).
 */
import type { Value } from "./expr";
import { certRequest, locallySignedCert, privateKey, randomPassword, selfSignedCert, type Attrs } from "./generate";
import { Strict, strictly } from "./strict";

export type Body = Record<string, unknown>;
export type Kind = "networks" | "volumes" | "secrets" | "configs" | "services";

/** The few Engine calls the applier makes; the e2e test passes the real socket client, the unit test a recorder. */
export interface EngineApi {
  create(kind: Kind, body: Body): Promise<{ id: string; name: string }>;
}

export interface ApplyOptions {
  /** Service names (the `name` attribute) that are mapped (so still checked) but not created. Default none. */
  skipServices?: readonly string[];
  /**
   * Swarm's `vip` endpoint mode needs IPVS in the kernel. When the host has none, the e2e run may create `vip`
   * services as `dnsrr` (DNS round robin; same names, no virtual IP); every such change is returned in `deviations`.
   * Default false: `vip` stays `vip`.
   */
  vipAsDnsrr?: boolean;
}

export interface Applied {
  /** Created objects by resource address (`docker_service.x`). */
  created: Map<string, { kind: Kind; id: string; name: string; body: Body }>;
  /** Values computed for random/tls resources, by address. */
  generated: Map<string, Attrs>;
  /** Every place where the run differs from the synthesized JSON, with the reason. Shown in the report. */
  deviations: string[];
}

const GENERATED: Record<string, (s: Strict) => Attrs> = {
  random_password: randomPassword,
  tls_private_key: privateKey,
  tls_self_signed_cert: selfSignedCert,
  tls_cert_request: certRequest,
  tls_locally_signed_cert: locallySignedCert,
};
const DOCKER_ORDER: [string, Kind][] = [
  ["docker_network", "networks"],
  ["docker_volume", "volumes"],
  ["docker_secret", "secrets"],
  ["docker_config", "configs"],
  ["docker_service", "services"],
];
/** Top-level blocks of cdk.tf.json that Terraform (not the applier) acts on. */
const TERRAFORM_ONLY = new Set(["//", "terraform", "provider", "output"]);

/** Go duration ("30s", "1m30s", "250ms") to nanoseconds. */
export function durationNs(d: string): number {
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g;
  const unit: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
  let total = 0;
  let seen = "";
  for (const m of d.matchAll(re)) {
    total += Number(m[1]) * unit[m[2]];
    seen += m[0];
  }
  if (seen !== d || d === "") throw new Error(`not a duration: ${d}`);
  return Math.round(total);
}

/** Terraform meta-arguments and cdktf metadata: no effect on the created object. */
function terraformMeta(s: Strict): void {
  const lc = s.obj("lifecycle");
  // prevent_destroy/create_before_destroy/ignore_changes only steer Terraform's plan; a one-shot create has none.
  strictly(lc, (l) => l.ignore("prevent_destroy", "create_before_destroy", "ignore_changes"));
  s.ignore("//", "depends_on");
}

function labels(s: Strict): Record<string, string> | undefined {
  const list = s.objs("labels");
  if (!list.length) return undefined;
  return Object.fromEntries(list.map((l) => strictly(l, (x) => [x.str("label"), x.str("value")] as const)!));
}

export function networkBody(s: Strict): Body {
  terraformMeta(s);
  const ipam = s
    .objs("ipam_config")
    .map((c) => strictly(c, (x) => ({ Subnet: x.str("subnet", true), Gateway: x.str("gateway", true), IPRange: x.str("ip_range", true) })));
  const body: Body = {
    Name: s.str("name"),
    Driver: s.str("driver", true) ?? "bridge",
    Internal: s.bool("internal") ?? false,
    Attachable: s.bool("attachable") ?? false,
    Ingress: s.bool("ingress") ?? false,
    EnableIPv6: s.bool("ipv6") ?? false,
    IPAM: { Driver: s.str("ipam_driver", true) ?? "default", Config: ipam },
    Options: s.map("options") ?? {},
    Labels: labels(s) ?? {},
    CheckDuplicate: true,
  };
  s.end();
  return body;
}

export function volumeBody(s: Strict): Body {
  terraformMeta(s);
  const body: Body = {
    Name: s.str("name"),
    Driver: s.str("driver", true) ?? "local",
    DriverOpts: s.map("driver_opts") ?? {},
    Labels: labels(s) ?? {},
  };
  s.end();
  return body;
}

/** docker_secret and docker_config: `data` is base64 already, as the provider expects. */
export function dataBody(s: Strict): Body {
  terraformMeta(s);
  const body: Body = { Name: s.str("name"), Data: s.str("data"), Labels: labels(s) ?? {} };
  s.end();
  return body;
}

function fileRef(x: Strict, kind: "secret" | "config"): Body {
  return {
    File: {
      Name: x.str("file_name"),
      UID: x.str("file_uid", true) ?? "0",
      GID: x.str("file_gid", true) ?? "0",
      Mode: x.num("file_mode", true) ?? 0o444,
    },
    [kind === "secret" ? "SecretID" : "ConfigID"]: x.str(`${kind}_id`),
    [kind === "secret" ? "SecretName" : "ConfigName"]: x.str(`${kind}_name`, true),
  };
}

function mountBody(m: Strict): Body {
  const type = m.str("type");
  const out: Body = { Type: type, Target: m.str("target"), Source: m.str("source", true), ReadOnly: m.bool("read_only") ?? false };
  const tmpfs = strictly(m.obj("tmpfs_options"), (t) => ({ SizeBytes: t.num("size_bytes", true), Mode: t.num("mode", true) }));
  const vol = strictly(m.obj("volume_options"), (v) => ({
    NoCopy: v.bool("no_copy") ?? false,
    Labels: labels(v),
    DriverConfig: v.has("driver_name") ? { Name: v.str("driver_name"), Options: v.map("driver_options") ?? {} } : undefined,
  }));
  if (m.has("bind_options")) throw new Error(`${m.path}.bind_options: bind mounts are refused (C-16, C-17)`);
  if (type === "tmpfs") out.TmpfsOptions = tmpfs ?? {};
  else if (tmpfs) throw new Error(`${m.path}: tmpfs_options on a ${type} mount`);
  if (type === "volume") out.VolumeOptions = vol;
  else if (vol) throw new Error(`${m.path}: volume_options on a ${type} mount`);
  if (type !== "tmpfs" && type !== "volume") throw new Error(`${m.path}.type: ${type} mounts are not applied by the e2e applier`);
  return out;
}

function containerSpecBody(c: Strict): Body {
  const env = c.map("env");
  const body: Body = {
    Image: c.str("image"),
    Command: c.strs("command"),
    Args: c.strs("args"),
    Env: env ? Object.entries(env).map(([k, v]) => `${k}=${v}`) : undefined,
    User: c.str("user", true),
    Dir: c.str("dir", true),
    Hostname: c.str("hostname", true),
    Groups: c.strs("groups"),
    ReadOnly: c.bool("read_only") ?? false,
    CapabilityDrop: c.strs("cap_drop"),
    CapabilityAdd: c.strs("cap_add"),
    StopSignal: c.str("stop_signal", true),
    StopGracePeriod: c.has("stop_grace_period") ? durationNs(c.str("stop_grace_period")) : undefined,
    Mounts: c.objs("mounts").map((m) => strictly(m, mountBody)),
    Secrets: c.objs("secrets").map((x) => strictly(x, (y) => fileRef(y, "secret"))),
    Configs: c.objs("configs").map((x) => strictly(x, (y) => fileRef(y, "config"))),
    Healthcheck: strictly(c.obj("healthcheck"), (h) => ({
      Test: h.strs("test"),
      Interval: h.has("interval") ? durationNs(h.str("interval")) : undefined,
      Timeout: h.has("timeout") ? durationNs(h.str("timeout")) : undefined,
      StartPeriod: h.has("start_period") ? durationNs(h.str("start_period")) : undefined,
      Retries: h.num("retries", true),
    })),
  };
  c.end();
  return body;
}

function resourcesBody(r: Strict): Body {
  const part = (p: Strict) => ({ NanoCPUs: p.num("nano_cpus", true), MemoryBytes: p.num("memory_bytes", true) });
  const body = { Limits: strictly(r.obj("limits"), part), Reservations: strictly(r.obj("reservation"), part) };
  r.end();
  return body;
}

function updateBody(u: Strict): Body {
  return {
    Parallelism: u.num("parallelism", true),
    Delay: u.has("delay") ? durationNs(u.str("delay")) : undefined,
    FailureAction: u.str("failure_action", true),
    Monitor: u.has("monitor") ? durationNs(u.str("monitor")) : undefined,
    MaxFailureRatio: u.num("max_failure_ratio", true),
    Order: u.str("order", true),
  };
}

export interface ServicePlan {
  body: Body;
  /** converge_config.timeout: how long `terraform apply` would wait for every task to run (healthy). */
  convergeTimeoutMs?: number;
  deviations: string[];
}

export function serviceBody(s: Strict, opts: ApplyOptions = {}): ServicePlan {
  terraformMeta(s);
  const deviations: string[] = [];
  const name = s.str("name");
  const t = s.obj("task_spec");
  if (!t) throw new Error(`${s.path}.task_spec: required`);
  const cs = t.obj("container_spec");
  if (!cs) throw new Error(`${t.path}.container_spec: required`);
  const containerSpec = containerSpecBody(cs);
  const task: Body = {
    ContainerSpec: containerSpec,
    Resources: strictly(t.obj("resources"), resourcesBody),
    RestartPolicy: strictly(t.obj("restart_policy"), (r) => ({
      Condition: r.str("condition", true),
      Delay: r.has("delay") ? durationNs(r.str("delay")) : undefined,
      MaxAttempts: r.num("max_attempts", true),
      Window: r.has("window") ? durationNs(r.str("window")) : undefined,
    })),
    Placement: strictly(t.obj("placement"), (p) => ({ Constraints: p.strs("constraints"), MaxReplicas: p.num("max_replicas", true) })),
    LogDriver: strictly(t.obj("log_driver"), (l) => ({ Name: l.str("name"), Options: l.map("options") ?? {} })),
    Networks: t.objs("networks_advanced").map((n) => strictly(n, (x) => ({ Target: x.str("name"), Aliases: x.strs("aliases") }))),
    ForceUpdate: t.num("force_update", true),
    Runtime: t.str("runtime", true),
  };
  t.end();
  const mode = strictly(s.obj("mode"), (m) => {
    if (m.bool("global")) return { Global: {} };
    return { Replicated: { Replicas: strictly(m.obj("replicated"), (r) => r.num("replicas", true)) ?? 1 } };
  });
  const endpoint = strictly(s.obj("endpoint_spec"), (e) => {
    let m = e.str("mode", true) ?? "vip";
    if (m === "vip" && opts.vipAsDnsrr) {
      m = "dnsrr";
      deviations.push(`${name}: endpoint_spec.mode vip created as dnsrr (this kernel has no IPVS, which Swarm's virtual IPs need)`);
    }
    return {
      Mode: m,
      Ports: e.objs("ports").map((p) =>
        strictly(p, (x) => ({
          Name: x.str("name", true),
          Protocol: x.str("protocol", true) ?? "tcp",
          TargetPort: x.num("target_port"),
          PublishedPort: x.num("published_port", true),
          PublishMode: x.str("publish_mode", true) ?? "ingress",
        })),
      ),
    };
  });
  const body: Body = {
    Name: name,
    Labels: labels(s) ?? {},
    TaskTemplate: task,
    Mode: mode ?? { Replicated: { Replicas: 1 } },
    UpdateConfig: strictly(s.obj("update_config"), updateBody),
    RollbackConfig: strictly(s.obj("rollback_config"), updateBody),
    EndpointSpec: endpoint,
  };
  const convergeTimeoutMs = strictly(s.obj("converge_config"), (c) => {
    c.ignore("delay"); // polling interval of the provider's wait; the e2e run polls on its own
    return c.has("timeout") ? durationNs(c.str("timeout")) / 1e6 : undefined;
  });
  s.end();
  return { body, convergeTimeoutMs, deviations };
}

type TfJson = Record<string, unknown> & { resource?: Record<string, Record<string, Record<string, unknown>>> };

/** Checks the document's top level: only resources are applied, and only the types mapped here. */
function resourceTypes(doc: TfJson): string[] {
  for (const k of Object.keys(doc)) {
    if (k !== "resource" && !TERRAFORM_ONLY.has(k)) throw new Error(`cdk.tf.json: top-level "${k}" is not understood by the e2e applier`);
  }
  const known = new Set([...Object.keys(GENERATED), ...DOCKER_ORDER.map(([t]) => t)]);
  const types = Object.keys(doc.resource ?? {});
  const unknown = types.filter((t) => !known.has(t));
  if (unknown.length) throw new Error(`resource type(s) ${unknown.join(", ")} not understood by the e2e applier`);
  return types;
}

/** Applies a synthesized Docker stack. Throws before creating anything if a block does not map. */
export async function applyStack(doc: TfJson, engine: EngineApi, opts: ApplyOptions = {}): Promise<Applied> {
  resourceTypes(doc);
  const res = doc.resource ?? {};
  const state = new Map<string, Attrs>();
  const resolve = (ref: string): Value => {
    const [type, name, attr] = ref.split(".");
    const v = state.get(`${type}.${name}`)?.[attr];
    if (v === undefined) throw new Error(`unresolved reference ${ref} (unknown resource or attribute, or used before it is created)`);
    return v;
  };
  const applied: Applied = { created: new Map(), generated: new Map(), deviations: [] };
  for (const [type, gen] of Object.entries(GENERATED)) {
    for (const [name, block] of Object.entries(res[type] ?? {})) {
      const s = new Strict(block, `${type}.${name}`, resolve);
      terraformMeta(s);
      const attrs = gen(s);
      s.end();
      state.set(`${type}.${name}`, attrs);
      applied.generated.set(`${type}.${name}`, attrs);
    }
  }
  const bodyOf = (kind: Kind, s: Strict): Body | ServicePlan =>
    kind === "services" ? serviceBody(s, opts) : kind === "networks" ? networkBody(s) : kind === "volumes" ? volumeBody(s) : dataBody(s);
  const blocks = (r: (ref: string) => Value) =>
    DOCKER_ORDER.flatMap(([type, kind]) =>
      Object.entries(res[type] ?? {}).map(([name, block]) => [`${type}.${name}`, kind, new Strict(block, `${type}.${name}`, r)] as const),
    );
  // Dry pass with placeholder ids: an unsupported attribute anywhere stops the run before anything is created.
  const placeholder = (ref: string): Value => (ref.startsWith("docker_") ? `<${ref}>` : resolve(ref));
  for (const [, kind, s] of blocks(placeholder)) bodyOf(kind, s);
  // Real pass, in order: networks, volumes, secrets and configs first; services refer to their ids.
  for (const [addr, kind, s] of blocks(resolve)) {
    const mapped = bodyOf(kind, s);
    let body: Body;
    if (kind === "services") {
      const plan = mapped as ServicePlan;
      applied.deviations.push(...plan.deviations);
      body = plan.body;
      if (opts.skipServices?.includes(body.Name as string)) {
        applied.deviations.push(`${body.Name as string}: not started (skipped by this run)`);
        continue;
      }
    } else body = mapped as Body;
    const made = await engine.create(kind, body);
    state.set(addr, { id: made.id, name: made.name });
    applied.created.set(addr, { kind, id: made.id, name: made.name, body });
  }
  return applied;
}
