/**
 * A normalized view of everything that runs a container: Swarm `docker_service`s and plain `docker_container`s.
 * Rules read workloads, so one rule covers both resource types and every way an attribute can be written
 * (a host path as a bind mount, a container volume, or a volume whose driver options bind a host device).
 * Readers tolerate malformed input (null, scalars where blocks belong) and report it as absent.
 */
import { num, str } from "./aws";
import { asRecord, get, isTrue, list, resources, strings } from "./tf";
import type { TfDocument, TfResource } from "./types";

export interface WorkloadMount {
  readonly type: string;
  readonly source: string;
  readonly target: string;
  readonly readOnly: boolean;
  readonly tmpfsSizeBytes?: number;
  /** Host path the mount exposes, however it is expressed (bind, host_path, local driver `device`). */
  readonly hostPath?: string;
}

export interface Workload {
  readonly kind: "service" | "container";
  readonly resource: TfResource;
  readonly address: string;
  readonly user: unknown;
  readonly groups: string[];
  /** read_only, as Terraform reads it (true or "true"). */
  readonly readOnly: boolean;
  readonly capDrop: string[];
  readonly capAdd: string[];
  readonly mounts: WorkloadMount[];
  readonly env: Record<string, string>;
  /** Command, args, entrypoint and healthcheck strings. */
  readonly commandLine: string[];
  readonly healthcheckTest: string[];
  readonly labels: Record<string, string>;
  readonly publishedPorts: { published?: number; target?: number }[];
  readonly image: string;
  readonly memoryLimit?: number;
  readonly cpuLimit?: number;
  readonly restart: { condition?: string; maxAttempts?: number; window?: string };
  readonly logDriver?: { name: string; options: Record<string, unknown> };
}

const strList = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x) => x !== null && x !== undefined).map(String) : []);

/** Host devices that named docker_volumes bind (local driver with o=bind / type=none and a device). */
function volumeDevices(doc: TfDocument): Map<string, string> {
  const out = new Map<string, string>();
  for (const v of resources(doc, "docker_volume")) {
    const opts = asRecord(v.body.driver_opts);
    const device = str(opts.device);
    if (device) {
      out.set(v.address, device);
      if (typeof v.body.name === "string") out.set(v.body.name, device);
    }
  }
  return out;
}

function hostPathOfVolume(source: string, driverOptions: Record<string, unknown>, devices: Map<string, string>): string | undefined {
  const device = str(driverOptions.device);
  if (device) return device;
  const ref = /\$\{(docker_volume\.[A-Za-z0-9_-]+)\./.exec(source)?.[1];
  return devices.get(ref ?? source);
}

/** A `mounts` block (docker_service or docker_container), with the host path it exposes, if any. */
function mountOf(m: Record<string, unknown>, devices: Map<string, string>): WorkloadMount {
  const type = str(m.type);
  const source = str(m.source);
  return {
    type,
    source,
    target: str(m.target),
    readOnly: isTrue(m.read_only),
    tmpfsSizeBytes: num(get(m, "tmpfs_options", "size_bytes")),
    hostPath:
      type === "bind"
        ? source
        : type === "volume"
          ? hostPathOfVolume(source, asRecord(get(m, "volume_options", "driver_options")), devices)
          : undefined,
  };
}

function serviceWorkload(s: TfResource, devices: Map<string, string>): Workload {
  const spec = asRecord(get(s.body, "task_spec", "container_spec"));
  const mounts = list(spec, "mounts").map((m) => mountOf(m, devices));
  const env = Object.fromEntries(Object.entries(asRecord(spec.env)).map(([k, v]) => [k, str(v)]));
  const limits = asRecord(get(s.body, "task_spec", "resources", "limits"));
  const rp = asRecord(get(s.body, "task_spec", "restart_policy"));
  const ld = asRecord(get(s.body, "task_spec", "log_driver"));
  const hc = asRecord(spec.healthcheck ?? get(spec, "healthcheck"));
  return {
    kind: "service",
    resource: s,
    address: s.address,
    user: spec.user,
    groups: strList(spec.groups),
    readOnly: isTrue(spec.read_only),
    capDrop: strList(spec.cap_drop),
    capAdd: strList(spec.cap_add),
    mounts,
    env,
    commandLine: [...strList(spec.command), ...strList(spec.args)],
    healthcheckTest: strList(hc.test),
    labels: Object.fromEntries(list(s.body, "labels").map((l) => [str(l.label), str(l.value)])),
    publishedPorts: list(s.body, "endpoint_spec", "ports").map((p) => ({ published: num(p.published_port), target: num(p.target_port) })),
    image: str(spec.image),
    memoryLimit: num(limits.memory_bytes),
    cpuLimit: num(limits.nano_cpus),
    restart: Object.keys(rp).length
      ? { condition: rp.condition as string | undefined, maxAttempts: num(rp.max_attempts), window: rp.window as string | undefined }
      : {},
    logDriver: Object.keys(ld).length ? { name: str(ld.name), options: asRecord(ld.options) } : undefined,
  };
}

function containerWorkload(c: TfResource, devices: Map<string, string>): Workload {
  const b = c.body;
  const caps = asRecord(get(b, "capabilities"));
  const mounts: WorkloadMount[] = [
    ...list(b, "mounts").map((m) => mountOf(m, devices)),
    ...list(b, "volumes").map((v): WorkloadMount => {
      const source = str(v.host_path || v.volume_name || v.from_container);
      return {
        type: v.host_path ? "bind" : "volume",
        source,
        target: str(v.container_path),
        readOnly: isTrue(v.read_only),
        hostPath: v.host_path ? str(v.host_path) : hostPathOfVolume(source, {}, devices),
      };
    }),
    ...Object.entries(asRecord(b.tmpfs)).map(([target, opts]): WorkloadMount => {
      const size = /size=(\d+)([kmg]?)/i.exec(str(opts));
      const mult = { "": 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(size?.[2] ?? "").toLowerCase() as "" | "k" | "m" | "g"];
      return { type: "tmpfs", source: "", target, readOnly: false, tmpfsSizeBytes: size ? Number(size[1]) * mult : undefined };
    }),
  ];
  const env = Object.fromEntries(
    strList(b.env).map((e) => {
      const i = e.indexOf("=");
      return i < 0 ? [e, ""] : [e.slice(0, i), e.slice(i + 1)];
    }),
  );
  const restart = str(b.restart);
  const hc = asRecord(get(b, "healthcheck"));
  return {
    kind: "container",
    resource: c,
    address: c.address,
    user: b.user,
    groups: strList(b.group_add),
    readOnly: isTrue(b.read_only),
    capDrop: strList(caps.drop),
    capAdd: strList(caps.add),
    mounts,
    env,
    commandLine: [...strList(b.entrypoint), ...strList(b.command)],
    healthcheckTest: strList(hc.test),
    labels: Object.fromEntries(list(b, "labels").map((l) => [str(l.label), str(l.value)])),
    publishedPorts: [
      ...list(b, "ports").map((p) => ({ published: num(p.external) ?? num(p.internal), target: num(p.internal) })),
      ...(isTrue(b.publish_all_ports) ? [{}] : []),
    ],
    image: str(b.image),
    memoryLimit: num(b.memory) !== undefined ? num(b.memory)! * 1024 * 1024 : undefined,
    cpuLimit: b.cpus !== undefined ? Number(b.cpus) * 1e9 || undefined : undefined,
    restart: restart
      ? { condition: restart === "always" || restart === "unless-stopped" ? "any" : restart, maxAttempts: num(b.max_retry_count) }
      : {},
    logDriver: b.log_driver ? { name: str(b.log_driver), options: asRecord(b.log_opts) } : undefined,
  };
}

const cache = new WeakMap<TfDocument, Workload[]>();

/** The workloads of a document, computed once per document object (rules are pure: they never mutate it). */
export function workloads(doc: TfDocument): Workload[] {
  let ws = cache.get(doc);
  if (!ws) {
    const devices = volumeDevices(doc);
    ws = [
      ...resources(doc, "docker_service").map((s) => serviceWorkload(s, devices)),
      ...resources(doc, "docker_container").map((c) => containerWorkload(c, devices)),
    ];
    cache.set(doc, ws);
  }
  return ws;
}

/** Every string a workload's resource carries, for reference scans. */
export function allStrings(w: Workload): string[] {
  return strings(w.resource.body);
}

export type Violation = { address: string; message: string };

/** Runs `check` on every workload; it returns the problem(s) for that workload, or nothing. */
export function eachWorkload(
  doc: TfDocument,
  check: (w: Workload) => string | string[] | undefined,
  kinds?: Workload["kind"][],
): Violation[] {
  return workloads(doc)
    .filter((w) => !kinds || kinds.includes(w.kind))
    .flatMap((w) => {
      const r = check(w);
      return (r === undefined ? [] : Array.isArray(r) ? r : [r]).map((message) => ({ address: w.address, message }));
    });
}

/** Paths whose writable mount is as good as a writable root (C-02). */
export const SYSTEM_PATHS = ["/", "/etc", "/usr", "/bin", "/sbin", "/lib", "/lib64", "/boot", "/root", "/var/lib/dpkg", "/opt"];

/** Does the path equal or sit under one of the prefixes? */
export function under(path: string, prefixes: readonly string[]): boolean {
  const p = path.replace(/\/+$/, "") || "/";
  return prefixes.some((x) => p === x || (x === "/" ? false : p.startsWith(`${x}/`)));
}

/** Group names that are root-equivalent on a Docker host or in common images. */
const PRIVILEGED_GROUPS = new Set(["0", "root", "docker", "wheel", "sudo", "adm", "disk", "shadow"]);

/** Why a user (and supplementary groups) is not a numeric non-root uid:gid (C-01); [] when it is. */
export function userProblems(user: unknown, groups: readonly string[] = []): string[] {
  const problems: string[] = [];
  if (typeof user !== "string" || user === "") problems.push("no user set: the image's default (often root) applies");
  else {
    const m = /^(\d+):(\d+)$/.exec(user);
    if (!m) problems.push(`user "${user}" is not a numeric uid:gid`);
    else if (Number(m[1]) === 0 || Number(m[2]) === 0) problems.push(`user "${user}" is root (uid or gid 0)`);
    else if (Number(m[1]) > 2147483647 || Number(m[2]) > 2147483647) problems.push(`user "${user}" is out of range`);
  }
  const bad = groups.filter((g) => PRIVILEGED_GROUPS.has(g.trim()) || /^0+$/.test(g.trim()));
  if (bad.length) problems.push(`privileged supplementary groups: ${bad.join(", ")}`);
  return problems;
}
