/**
 * End-to-end tier: the synthesized Docker stack brought up on a real Docker Engine (Swarm, one node on loopback)
 * with locally built images, and its hardening observed at run time. `npm run test:e2e` (scripts/e2e-engine.sh run)
 * starts the engine with the rendered daemon.json and builds the images first; this file applies
 * cdktf.out.e2e/stacks/docker/cdk.tf.json (synthesized with __tests__/e2e/e2e.config.json) through the test-only
 * applier, runs the checks, prints one line per check and tears the stack down.
 *
 * Without a reachable engine it skips with a message, and fails when CI is set.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { request } from "node:https";
import { request as httpRequest } from "node:http";
import { resolve } from "node:path";
import YAML from "yaml";
import { applyStack, type Applied, type Body } from "./lib/applier";
import { docker, engineAvailable, exec, removeStack, sh, SOCKET, socketEngine } from "./lib/engine";
import { Report } from "./lib/report";

const ROOT = resolve(__dirname, "../..");
const OUT = resolve(ROOT, "cdktf.out.e2e");
const STACK = resolve(OUT, "stacks/docker/cdk.tf.json");
const CONFIG = resolve(__dirname, "e2e.config.json");
const PREFIX = "secagents-dev-";
/** Grafana is not packaged by Debian, and no image registry is reachable here: its service is mapped but not run. */
const NOT_RUN: Record<string, string> = {
  grafana: "Grafana is not packaged by Debian and no image registry is reachable, so no Grafana image can be built here",
};
const HEALTHY_WITHIN_MS = Number(process.env.E2E_HEALTHY_WITHIN_MS ?? 150000);
const OUTSIDE_NS = "secagents-e2e-out";
const OUTSIDE_IP = "198.51.100.2";
const OUTSIDE_PORT = 18080;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const report = new Report();
let engineVersion: string | undefined;
let applied: Applied | undefined;
let doc: { resource: Record<string, Record<string, Record<string, unknown>>> };
let outside: ChildProcess | undefined;
const started = Date.now();
let checksStarted = Date.now();

type Svc = { short: string; name: string; body: Body; containers: string[] };
const services = new Map<string, Svc>();

function spec(s: Svc) {
  const t = s.body.TaskTemplate as Body;
  return { task: t, container: t.ContainerSpec as Body };
}

/** Network name (e.g. "backend") of each network id the applier created. */
function networkNames(): Map<string, string> {
  const m = new Map<string, string>();
  for (const o of applied!.created.values()) if (o.kind === "networks") m.set(o.id, o.name.slice(PREFIX.length));
  return m;
}
const networksOfSvc = (s: Svc) => ((spec(s).task.Networks as { Target: string }[]) ?? []).map((n) => networkNames().get(n.Target)!);

async function runningContainers(service: string): Promise<string[]> {
  const r = await docker(["ps", "-q", "--filter", `label=com.docker.swarm.service.name=${service}`, "--filter", "status=running"]);
  return r.stdout.split("\n").filter(Boolean);
}

async function health(container: string): Promise<string> {
  const r = await docker(["inspect", "--format", "{{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}", container]);
  return r.stdout.trim();
}

/** Polls until every replica of every started service runs and is healthy, or the limit passes. */
async function waitHealthy(): Promise<Map<string, number | undefined>> {
  const t0 = Date.now();
  const healthyAt = new Map<string, number | undefined>([...services.keys()].map((k) => [k, undefined]));
  while (Date.now() - t0 < HEALTHY_WITHIN_MS && [...healthyAt.values()].some((v) => v === undefined)) {
    for (const s of services.values()) {
      if (healthyAt.get(s.short) !== undefined) continue;
      const want = ((s.body.Mode as Body).Replicated as { Replicas: number }).Replicas;
      const cs = await runningContainers(s.name);
      const states = await Promise.all(cs.map(health));
      if (cs.length === want && states.every((h) => h === "healthy")) {
        s.containers = cs;
        healthyAt.set(s.short, Date.now() - t0);
      }
    }
    await sleep(1000);
  }
  for (const s of services.values()) if (!s.containers.length) s.containers = await runningContainers(s.name);
  return healthyAt;
}

function httpsGet(
  url: string,
  ca: string,
  servername = "localhost",
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((res, rej) => {
    const req = request(url, { ca, servername, timeout: 10000 }, (r) => {
      let body = "";
      r.on("data", (c: Buffer) => (body += c.toString()));
      r.on("end", () => res({ status: r.statusCode ?? 0, headers: r.headers, body }));
    });
    req.on("error", rej);
    req.end();
  });
}

function httpGet(url: string): Promise<{ status: number; location?: string }> {
  return new Promise((res, rej) => {
    const req = httpRequest(url, { timeout: 10000 }, (r) => {
      r.resume();
      r.on("end", () => res({ status: r.statusCode ?? 0, location: r.headers.location }));
    });
    req.on("error", rej);
    req.end();
  });
}

function run(cmd: string, args: string[], input = ""): Promise<{ code: number; out: string }> {
  return new Promise((res) => {
    const p = execFile(cmd, args, { timeout: 20000 }, (err, stdout, stderr) =>
      res({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, out: String(stdout) + String(stderr) }),
    );
    p.stdin?.end(input);
  });
}

const configText = (nameStart: string): string => {
  const c = Object.values(doc.resource.docker_config).find((x) => String(x.name).startsWith(nameStart));
  if (!c) throw new Error(`no docker_config ${nameStart}*`);
  return Buffer.from(String(c.data), "base64").toString("utf8");
};
const generatedCa = (): string => {
  const [, v] = [...applied!.generated].find(([k]) => k.startsWith("tls_self_signed_cert."))!;
  return String(v.cert_pem);
};

/** A TCP connection attempt from inside a container (python3 is in every e2e image). */
const connectScript = (host: string, port: number) =>
  `python3 -c "import socket; socket.create_connection(('${host}', ${port}), timeout=3); print('connected')"`;

async function containerIp(container: string, network: string): Promise<string> {
  const r = await docker(["inspect", "--format", `{{(index .NetworkSettings.Networks "${PREFIX}${network}").IPAddress}}`, container]);
  return r.stdout.trim();
}

/** The stack's subnets, from the synthesized networks. */
const stackSubnets = () =>
  Object.values(doc.resource.docker_network).flatMap((n) => (n.ipam_config as { subnet: string }[]).map((c) => c.subnet));

/**
 * A listener in a network namespace this test creates, reachable from the host over a veth pair: "the outside".
 * The stack's subnets get `prohibit` routes on the host for the run: a container with a gateway (egress) sends
 * traffic for another network's address to the host, which would otherwise pass it on to its default gateway;
 * this keeps every probe on this machine and makes "not reachable through Docker" the only thing measured.
 */
function startOutside(): void {
  const ip = (args: string[]) => execFileSync("ip", args, { stdio: "pipe" });
  stopOutside();
  for (const net of stackSubnets()) ip(["route", "replace", "prohibit", net]);
  ip(["netns", "add", OUTSIDE_NS]);
  ip(["link", "add", "se2e-h", "type", "veth", "peer", "name", "se2e-n"]);
  ip(["link", "set", "se2e-n", "netns", OUTSIDE_NS]);
  ip(["addr", "add", "198.51.100.1/30", "dev", "se2e-h"]);
  ip(["link", "set", "se2e-h", "up"]);
  ip(["-n", OUTSIDE_NS, "addr", "add", `${OUTSIDE_IP}/30`, "dev", "se2e-n"]);
  ip(["-n", OUTSIDE_NS, "link", "set", "se2e-n", "up"]);
  ip(["-n", OUTSIDE_NS, "link", "set", "lo", "up"]);
  ip(["-n", OUTSIDE_NS, "route", "add", "default", "via", "198.51.100.1"]);
  outside = spawn("ip", ["netns", "exec", OUTSIDE_NS, "python3", "-m", "http.server", String(OUTSIDE_PORT), "--bind", OUTSIDE_IP], {
    stdio: "ignore",
  });
}

function stopOutside(): void {
  if (outside?.pid) outside.kill();
  outside = undefined;
  try {
    execFileSync("ip", ["netns", "pids", OUTSIDE_NS], { stdio: "pipe" })
      .toString()
      .split("\n")
      .filter(Boolean)
      .forEach((pid) => process.kill(Number(pid)));
  } catch {
    /* no namespace */
  }
  for (const args of [
    ["netns", "del", OUTSIDE_NS],
    ["link", "del", "se2e-h"],
    ...(doc ? stackSubnets().map((n) => ["route", "del", "prohibit", n]) : []),
  ]) {
    try {
      execFileSync("ip", args, { stdio: "pipe" });
    } catch {
      /* already gone */
    }
  }
}

beforeAll(async () => {
  engineVersion = await engineAvailable();
  if (!engineVersion) return;
  const t0 = Date.now();
  if (process.env.E2E_SYNTHESIZED !== "1" || !existsSync(STACK)) {
    execFileSync("npx", ["tsx", "main.ts"], { cwd: ROOT, env: { ...process.env, CDKTF_OUTDIR: OUT, INFRA_CONFIG: CONFIG }, stdio: "pipe" });
  }
  doc = JSON.parse(readFileSync(STACK, "utf8"));
  const left = await removeStack(PREFIX);
  if (left.length) throw new Error(`could not remove a previous run's ${left.join(", ")}`);
  const t1 = Date.now();
  report.time("synth + cleanup of a previous run", t1 - t0);
  const ipvs = existsSync("/proc/net/ip_vs");
  applied = await applyStack(doc, socketEngine, {
    skipServices: Object.keys(NOT_RUN).map((n) => `${PREFIX}${n}`),
    vipAsDnsrr: !ipvs,
  });
  for (const [short, why] of Object.entries(NOT_RUN)) report.notes.push(`${short}: not run: ${why}`);
  const vip = applied.deviations.filter((d) => d.includes("dnsrr"));
  if (vip.length)
    report.notes.push(`endpoint mode vip created as dnsrr for ${vip.length} services: this kernel has no IPVS (Swarm virtual IPs)`);
  for (const o of applied.created.values()) {
    if (o.kind !== "services") continue;
    services.set(o.name.slice(PREFIX.length), { short: o.name.slice(PREFIX.length), name: o.name, body: o.body, containers: [] });
  }
  startOutside();
  const healthyAt = await waitHealthy();
  report.time("apply + all replicas healthy (bring-up)", Date.now() - t1);
  checksStarted = Date.now();
  for (const [short, ms] of healthyAt) {
    const want = ((services.get(short)!.body.Mode as Body).Replicated as { Replicas: number }).Replicas;
    report.add(
      "C-12",
      `${short}: ${want} replica(s) running and healthy within ${HEALTHY_WITHIN_MS / 1000} s`,
      ms !== undefined,
      ms !== undefined ? `after ${(ms / 1000).toFixed(0)} s` : `${services.get(short)!.containers.length} running`,
      short,
    );
  }
}, 600000);

afterAll(async () => {
  if (!engineVersion) return;
  const logs = new Map<string, string>();
  for (const short of report.failedServices()) {
    const r = await docker(["service", "logs", "--raw", "--tail", "60", `${PREFIX}${short}`]);
    logs.set(short, r.stdout + r.stderr);
    const ps = await docker(["service", "ps", "--no-trunc", "--format", "{{.Name}} {{.CurrentState}} {{.Error}}", `${PREFIX}${short}`]);
    logs.set(short, `${ps.stdout}${logs.get(short)}`);
  }
  stopOutside();
  const t = Date.now();
  if (process.env.E2E_KEEP_STACK !== "1") {
    const left = await removeStack(PREFIX);
    report.add("teardown", "every service, secret, config, network and volume of the run removed", left.length === 0, left.join(", "));
  }
  report.time("teardown", Date.now() - t);
  report.time("e2e test total (without engine start and image build)", Date.now() - started);
  process.stdout.write(report.write(resolve(OUT, "e2e-report.txt"), logs));
}, 120000);

const engineMissing = () => {
  const msg = `no Docker Engine at ${SOCKET}: start it with scripts/e2e-engine.sh start (root), or run npm run test:e2e`;
  if (process.env.CI) throw new Error(`${msg} (CI is set: the e2e tier must run)`);
  process.stderr.write(`\nSKIPPED e2e tier: ${msg}\n`);
};

/** Runs `fn` per service (per container); one report line per call of `line`. Fails the jest test on any FAIL. */
async function perContainer(
  area: string,
  fn: (s: Svc, c: string, line: (check: string, ok: boolean, detail?: string) => void) => Promise<void>,
) {
  if (!engineVersion) return engineMissing();
  const before = report.failures(area).length;
  for (const s of services.values()) {
    if (!s.containers.length) {
      report.add(area, `${s.short}: no running container to observe`, false, "", s.short);
      continue;
    }
    for (const [i, c] of s.containers.entries()) {
      const tag = s.containers.length > 1 ? `${s.short}.${i + 1}` : s.short;
      await fn(s, c, (check, ok, detail = "") => report.add(area, `${tag}: ${check}`, ok, detail, s.short));
    }
  }
  expect(report.failuresSince(area, before)).toEqual([]);
}

/** One exec per container collects what the container checks need. */
const PROBE = `
echo @@status; cat /proc/1/status
echo @@mounts; cat /proc/1/mounts
echo @@rootwrite; if touch /.e2e-probe 2>/dev/null; then rm -f /.e2e-probe; echo WRITABLE; else echo refused; fi
echo @@cgroup
for f in /sys/fs/cgroup/memory.max /sys/fs/cgroup/cpu.max /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/cpu/cpu.cfs_quota_us /sys/fs/cgroup/cpu/cpu.cfs_period_us; do
  [ -r "$f" ] && echo "$f $(cat "$f")"
done
echo @@end`;
const probes = new Map<string, Record<string, string>>();
async function probe(c: string): Promise<Record<string, string>> {
  if (!probes.has(c)) {
    const r = await sh(c, PROBE);
    const parts: Record<string, string> = {};
    let key = "";
    for (const line of r.stdout.split("\n")) {
      if (line.startsWith("@@")) key = line.slice(2);
      else parts[key] = (parts[key] ?? "") + line + "\n";
    }
    probes.set(c, parts);
  }
  return probes.get(c)!;
}
const statusField = (p: Record<string, string>, k: string) => new RegExp(`^${k}:\\s*(.*)$`, "m").exec(p.status ?? "")?.[1]?.trim() ?? "";

describe("container hardening observed in every running service", () => {
  test("C-01: the main process runs as the configured non-root uid", () =>
    perContainer("C-01", async (s, c, line) => {
      const p = await probe(c);
      const uids = statusField(p, "Uid").split(/\s+/);
      const want = String(spec(s).container.User).split(":")[0];
      line(`uid ${uids.join("/")} (want ${want}, never 0)`, uids.length === 4 && uids.every((u) => u === want && u !== "0"));
    }));

  test("C-02: writing to / fails (read-only root)", () =>
    perContainer("C-02", async (_s, c, line) => {
      const p = await probe(c);
      line("write to / refused", (p.rootwrite ?? "").trim() === "refused", (p.rootwrite ?? "").trim());
    }));

  test("C-03: CapEff is 0, or exactly the added capabilities; bounding set the same", () =>
    perContainer("C-03", async (s, c, line) => {
      const p = await probe(c);
      const added = (spec(s).container.CapabilityAdd as string[] | undefined) ?? [];
      const eff = statusField(p, "CapEff");
      const bnd = statusField(p, "CapBnd");
      const ok = added.length === 0 ? /^0+$/.test(eff) && /^0+$/.test(bnd) : eff !== "" && !/^0+$/.test(eff);
      line(`CapEff ${eff} CapBnd ${bnd}${added.length ? ` (added: ${added.join(",")})` : ""}`, ok);
    }));

  test("C-04: NoNewPrivs is 1 (daemon.json no-new-privileges)", () =>
    perContainer("C-04", async (_s, c, line) => {
      const p = await probe(c);
      line("NoNewPrivs 1", statusField(p, "NoNewPrivs") === "1", `NoNewPrivs ${statusField(p, "NoNewPrivs")}`);
    }));

  test("C-15: each declared tmpfs is mounted with its size, nosuid,nodev,noexec, and writable by the service's uid", () =>
    perContainer("C-15", async (s, c, line) => {
      const p = await probe(c);
      const mounts = (p.mounts ?? "").split("\n").map((l) => l.split(" "));
      for (const m of (spec(s).container.Mounts as Body[]).filter((x) => x.Type === "tmpfs")) {
        const want = m.TmpfsOptions as { SizeBytes: number };
        const row = mounts.find((r) => r[1] === m.Target);
        const opts = row?.[3]?.split(",") ?? [];
        const sizeOk = opts.includes(`size=${want.SizeBytes / 1024}k`);
        const flagsOk = ["nosuid", "nodev", "noexec"].every((f) => opts.includes(f));
        const w = await sh(c, `touch '${m.Target as string}/.e2e-probe' && rm -f '${m.Target as string}/.e2e-probe'`);
        line(
          `tmpfs ${m.Target as string} size ${want.SizeBytes / 1048576} MiB, nosuid,nodev,noexec, writable`,
          row?.[2] === "tmpfs" && sizeOk && flagsOk && w.code === 0,
          row ? `${row[2]} ${row[3]}${w.code ? `; write: ${w.stderr.trim()}` : ""}` : "not mounted",
        );
      }
    }));

  test("C-09, C-10: memory and CPU limits in effect (cgroup)", () =>
    perContainer("C-09/C-10", async (s, c, line) => {
      const p = await probe(c);
      const limits = (spec(s).task.Resources as { Limits: { NanoCPUs: number; MemoryBytes: number } }).Limits;
      const cg = Object.fromEntries(
        (p.cgroup ?? "")
          .split("\n")
          .filter(Boolean)
          .map((l) => [l.split(" ")[0], l.split(" ").slice(1).join(" ")]),
      );
      const mem = cg["/sys/fs/cgroup/memory.max"] ?? cg["/sys/fs/cgroup/memory/memory.limit_in_bytes"];
      let cpus: number | undefined;
      if (cg["/sys/fs/cgroup/cpu.max"]) {
        const [q, per] = cg["/sys/fs/cgroup/cpu.max"].split(" ").map(Number);
        cpus = q / per;
      } else if (cg["/sys/fs/cgroup/cpu/cpu.cfs_quota_us"]) {
        cpus = Number(cg["/sys/fs/cgroup/cpu/cpu.cfs_quota_us"]) / Number(cg["/sys/fs/cgroup/cpu/cpu.cfs_period_us"]);
      }
      line(`memory limit ${limits.MemoryBytes} bytes`, Number(mem) === limits.MemoryBytes, `cgroup: ${mem}`);
      line(
        `CPU limit ${limits.NanoCPUs / 1e9} cores`,
        cpus !== undefined && Math.abs(cpus - limits.NanoCPUs / 1e9) < 1e-6,
        `cgroup: ${cpus}`,
      );
    }));

  test("S-01: secret and config files have the owner and mode the stack sets", () =>
    perContainer("S-01", async (s, c, line) => {
      const files = [...((spec(s).container.Secrets as Body[]) ?? []), ...((spec(s).container.Configs as Body[]) ?? [])].map(
        (x) => x.File as { Name: string; UID: string; GID: string; Mode: number },
      );
      if (!files.length) return;
      const r = await exec(c, ["stat", "-c", "%n %u %g %a", ...files.map((f) => f.Name)]);
      const got = new Map(
        r.stdout
          .split("\n")
          .filter(Boolean)
          .map((l) => [l.split(" ")[0], l.split(" ").slice(1).join(" ")]),
      );
      const bad = files.filter((f) => got.get(f.Name) !== `${f.UID} ${f.GID} ${f.Mode.toString(8)}`);
      line(
        `${files.length} secret/config files owned ${files[0].UID}:${files[0].GID} with their modes`,
        bad.length === 0,
        bad.map((f) => `${f.Name}: ${got.get(f.Name) ?? "missing"}`).join("; "),
      );
    }));
});

describe("network segmentation", () => {
  test("N-01, N-03: postgres and redis are unreachable from every service outside backend (and reachable from api)", async () => {
    if (!engineVersion) return engineMissing();
    const before = report.failures("N-03").length;
    const targets: [string, number][] = [
      ["postgres", 5432],
      ["redis", 6379],
    ];
    const addr = new Map<string, string>();
    for (const [t] of targets) addr.set(t, await containerIp(services.get(t)!.containers[0], "backend"));
    for (const s of services.values()) {
      if (["postgres", "redis"].includes(s.short) || !s.containers.length) continue;
      const onBackend = networksOfSvc(s).includes("backend");
      for (const [t, port] of targets) {
        const dns = await sh(s.containers[0], `timeout 3 getent hosts ${t}`);
        const tcp = await sh(s.containers[0], connectScript(addr.get(t)!, port));
        const reached = tcp.code === 0;
        if (onBackend) {
          if (s.short === "api")
            report.add(
              "N-03",
              `api (backend) reaches ${t} ${addr.get(t)}:${port} (control)`,
              reached,
              tcp.stderr.trim().split("\n").pop(),
              s.short,
            );
          continue;
        }
        report.add(
          "N-03",
          `${s.short} (${networksOfSvc(s).join(",")}) cannot resolve or reach ${t} ${addr.get(t)}:${port}`,
          dns.code !== 0 && !reached,
          `dns ${dns.code === 0 ? dns.stdout.trim() : "no answer"}; tcp ${reached ? "CONNECTED" : "refused/unreachable"}`,
          s.short,
        );
      }
    }
    expect(report.failuresSince("N-03", before)).toEqual([]);
  });

  test("N-02: only services on egress reach an outside listener (a netns of this test); nothing on internal networks does", async () => {
    if (!engineVersion) return engineMissing();
    const before = report.failures("N-02").length;
    for (const s of services.values()) {
      if (!s.containers.length) continue;
      const egress = networksOfSvc(s).includes("egress");
      const r = await sh(s.containers[0], connectScript(OUTSIDE_IP, OUTSIDE_PORT));
      const reached = r.code === 0;
      report.add(
        "N-02",
        `${s.short} (${networksOfSvc(s).join(",")}) ${egress ? "reaches" : "cannot reach"} ${OUTSIDE_IP}:${OUTSIDE_PORT} outside${egress ? " (control)" : ""}`,
        reached === egress,
        reached ? "connected" : (r.stderr.trim().split("\n").pop() ?? ""),
        s.short,
      );
    }
    expect(report.failuresSince("N-02", before)).toEqual([]);
  });
});

describe("nginx, the only published service", () => {
  const area = "T/H";

  test("T-01: TLS 1.2 and 1.3 accepted, TLS 1.0 and 1.1 refused on the published port", async () => {
    if (!engineVersion) return engineMissing();
    const before = report.failures(area).length;
    for (const [flag, want] of [
      ["-tls1", false],
      ["-tls1_1", false],
      ["-tls1_2", true],
      ["-tls1_3", true],
    ] as const) {
      const args = ["s_client", "-connect", "127.0.0.1:443", "-servername", "localhost", flag];
      if (!want) args.push("-cipher", "DEFAULT@SECLEVEL=0");
      const r = await run("openssl", args);
      const proto = /^New, (\S+), Cipher is (\S+)/m.exec(r.out)?.[1];
      const ok = want ? r.code === 0 && !!proto && proto !== "(NONE)" : r.code !== 0 || !proto || proto === "(NONE)";
      const label = { "-tls1": "TLS 1.0", "-tls1_1": "TLS 1.1", "-tls1_2": "TLS 1.2", "-tls1_3": "TLS 1.3" }[flag];
      report.add(area, `nginx: ${label} ${want ? "accepted" : "refused"}`, ok, proto ? `negotiated ${proto}` : "no session", "nginx");
    }
    expect(report.failuresSince(area, before)).toEqual([]);
  });

  test("H-01: every rendered security header is on the responses; HTTP redirects to HTTPS; api and dashboard reachable through nginx", async () => {
    if (!engineVersion) return engineMissing();
    const before = report.failures(area).length;
    const ca = generatedCa();
    const conf = configText(`${PREFIX}nginx-conf-`);
    const expected = [...new Set([...conf.matchAll(/add_header (\S+) /g)].map((m) => m[1].toLowerCase()))];
    for (const path of ["/", "/api/health"]) {
      const r = await httpsGet(`https://127.0.0.1${path}`, ca);
      const missing = expected.filter((h) => !(h in r.headers));
      report.add(
        area,
        `nginx: GET ${path} carries the ${expected.length} rendered headers`,
        missing.length === 0,
        missing.length ? `missing ${missing.join(", ")}` : "",
        "nginx",
      );
      if (path === "/api/health")
        report.add(
          area,
          "nginx: /api/ reaches the api service",
          r.status === 200 && r.body.includes("api stand-in"),
          `${r.status} ${r.body.trim()}`,
          "nginx",
        );
      else
        report.add(
          area,
          "nginx: / reaches the dashboard service",
          r.status === 200 && r.body.includes("dashboard stand-in"),
          `${r.status} ${r.body.trim()}`,
          "nginx",
        );
    }
    const hsts = (await httpsGet("https://127.0.0.1/", ca)).headers["strict-transport-security"];
    report.add(
      area,
      "nginx: HSTS max-age at least a year",
      /max-age=(\d+)/.test(String(hsts)) && Number(/max-age=(\d+)/.exec(String(hsts))![1]) >= 31536000,
      String(hsts),
      "nginx",
    );
    const red = await httpGet("http://127.0.0.1/some/path?q=1");
    report.add(
      area,
      "nginx: plain HTTP redirected to HTTPS (308, same path)",
      [301, 308].includes(red.status) && red.location === "https://127.0.0.1/some/path?q=1",
      `${red.status} ${red.location}`,
      "nginx",
    );
    expect(report.failuresSince(area, before)).toEqual([]);
  });
});

describe("data stores", () => {
  const pg = (conn: string, sql: string) =>
    `PGPASSWORD="$(cat "$DATABASE_PASSWORD_FILE")" PGCONNECT_TIMEOUT=5 psql "${conn}" -v ON_ERROR_STOP=1 -tAX -c "${sql}"`;
  const tlsConn = "host=postgres port=5432 dbname=security_agents user=security_app sslmode=verify-full sslrootcert=/run/secrets/tls_ca";

  test("D-02, D-10: PostgreSQL refuses non-TLS, the app role works over verified TLS with RLS, the superuser is refused over the network", async () => {
    if (!engineVersion) return engineMissing();
    const before = report.failures("D").length;
    const api = services.get("api")!.containers[0];
    const plain = await sh(api, pg("host=postgres port=5432 dbname=security_agents user=security_app sslmode=disable", "select 1"));
    report.add(
      "D",
      "postgres: a connection without TLS is refused",
      plain.code !== 0 && /no encryption|pg_hba/.test(plain.stderr),
      plain.stderr.trim().split("\n")[0],
      "postgres",
    );
    const app = await sh(
      api,
      pg(
        tlsConn,
        "SET app.user_id = 4242; INSERT INTO scan_results (user_id, target) VALUES (4242, 'e2e'); SELECT count(*) FROM scan_results; SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid();",
      ),
    );
    const out = app.stdout.trim().split("\n");
    report.add(
      "D",
      "postgres: security_app connects with sslmode=verify-full, inserts and reads its rows",
      app.code === 0 && out.includes("t"),
      app.code ? app.stderr.trim() : `rows ${out[out.length - 2]}, ssl ${out[out.length - 1]}`,
      "postgres",
    );
    const other = await sh(api, pg(tlsConn, "SET app.user_id = 1; SELECT count(*) FROM scan_results WHERE user_id = 4242;"));
    report.add(
      "D",
      "postgres: row level security hides other users' rows",
      other.code === 0 && other.stdout.trim().split("\n").pop() === "0",
      other.stdout.trim() || other.stderr.trim(),
      "postgres",
    );
    const audit = await sh(api, pg(tlsConn, "SELECT count(*) FROM audit_log;"));
    report.add(
      "D",
      "postgres: the app role cannot read the audit log",
      audit.code !== 0 && /permission denied/.test(audit.stderr),
      audit.stderr.trim().split("\n")[0],
      "postgres",
    );
    const su = await sh(api, pg(tlsConn.replace("user=security_app", "user=postgres"), "select 1"));
    report.add(
      "D",
      "postgres: the superuser is refused over the network",
      su.code !== 0 && /pg_hba|reject/.test(su.stderr),
      su.stderr.trim().split("\n")[0],
      "postgres",
    );
    expect(report.failuresSince("D", before)).toEqual([]);
  });

  test("D-05: Redis refuses unauthenticated and plain-TCP clients; the app user works within its ACL", async () => {
    if (!engineVersion) return engineMissing();
    const before = report.failures("D").length;
    const api = services.get("api")!.containers[0];
    const cli = "redis-cli --tls --cacert /run/secrets/tls_ca -h redis -p 6379 --no-auth-warning";
    const anon = await sh(api, `${cli} ping`);
    report.add(
      "D",
      "redis: an unauthenticated TLS client is refused",
      !/PONG/.test(anon.stdout) && /NOAUTH|WRONGPASS|NOPERM|ERR/.test(anon.stdout + anon.stderr),
      (anon.stdout + anon.stderr).trim(),
      "redis",
    );
    const plain = await sh(api, `timeout 5 redis-cli -h redis -p 6379 ping`);
    report.add(
      "D",
      "redis: a plain-TCP (no TLS) client gets no answer",
      !/PONG/.test(plain.stdout),
      (plain.stdout + plain.stderr).trim() || `exit ${plain.code}`,
      "redis",
    );
    const auth = `REDISCLI_AUTH="$(cat "$REDIS_PASSWORD_FILE")" ${cli} --user app`;
    const ok = await sh(api, `${auth} set app:e2e 1 && ${auth} get app:e2e`);
    report.add(
      "D",
      "redis: the app user sets and gets its own keys",
      ok.code === 0 && /OK/.test(ok.stdout) && /1/.test(ok.stdout),
      (ok.stdout + ok.stderr).trim(),
      "redis",
    );
    const admin = await sh(api, `${auth} config get maxmemory`);
    report.add(
      "D",
      "redis: the app user may not run admin commands (CONFIG)",
      /NOPERM|no permissions/i.test(admin.stdout + admin.stderr),
      (admin.stdout + admin.stderr).trim(),
      "redis",
    );
    const dflt = await sh(api, `REDISCLI_AUTH=x ${cli} --user default ping`);
    report.add("D", "redis: the default user is off", !/PONG/.test(dflt.stdout), (dflt.stdout + dflt.stderr).trim(), "redis");
    expect(report.failuresSince("D", before)).toEqual([]);
  });
});

describe("monitoring and the scanner", () => {
  const prom = async (path: string) => {
    const c = services.get("prometheus")!.containers[0];
    const r = await exec(c, ["wget", "-qO-", "--ca-certificate=/run/secrets/tls_ca", `https://localhost:9090${path}`]);
    if (r.code !== 0) throw new Error(`prometheus ${path}: ${r.stderr}`);
    return JSON.parse(r.stdout) as { data: Record<string, unknown> & { result?: unknown[] } };
  };
  const poll = async <T>(fn: () => Promise<T | undefined>, ms: number): Promise<T | undefined> => {
    const t0 = Date.now();
    for (;;) {
      const v = await fn().catch(() => undefined);
      if (v !== undefined || Date.now() - t0 > ms) return v;
      await sleep(2000);
    }
  };

  test("M-01: Prometheus loaded every rendered rule, sees its Alertmanager, and every scrape target is up", async () => {
    if (!engineVersion) return engineMissing();
    const before = report.failures("M").length;
    const rendered = YAML.parse(configText(`${PREFIX}prometheus-rules-`)) as { groups: { rules: unknown[] }[] };
    const want = rendered.groups.reduce((n, g) => n + g.rules.length, 0);
    const rules = (await prom("/api/v1/rules")).data.groups as { rules: unknown[] }[];
    const got = rules.reduce((n, g) => n + g.rules.length, 0);
    report.add("M", `prometheus: the ${want} rendered alert rules are loaded`, got === want, `loaded ${got}`, "prometheus");
    const am = (await prom("/api/v1/alertmanagers")).data.activeAlertmanagers as unknown[];
    report.add("M", "prometheus: Alertmanager discovered (TLS)", am.length >= 1, JSON.stringify(am), "prometheus");
    type Target = { labels: { job: string; instance: string }; health: string; lastError: string };
    const targets = await poll(async () => {
      const t = (await prom("/api/v1/targets")).data.activeTargets as Target[];
      return t.length && t.every((x) => x.health === "up") ? t : undefined;
    }, 60000);
    const last = targets ?? ((await prom("/api/v1/targets")).data.activeTargets as Target[]);
    for (const t of last)
      report.add("M", `prometheus: target ${t.labels.job} ${t.labels.instance} up`, t.health === "up", t.lastError, "prometheus");
    expect(report.failuresSince("M", before)).toEqual([]);
  }, 120000);

  test("B09: a scanner run completes as non-root and its metric reaches Prometheus", async () => {
    if (!engineVersion) return engineMissing();
    const before = report.failures("M").length;
    const c = services.get("scanner")!.containers[0];
    const env = Object.fromEntries(
      ((spec(services.get("scanner")!).container.Env as string[]) ?? []).map((e) => e.split(/=(.*)/s).slice(0, 2)),
    );
    const dir = env.SCAN_RESULTS_DIR;
    const done = await poll(async () => ((await exec(c, ["test", "-s", `${dir}/last-run`])).code === 0 ? true : undefined), 90000);
    report.add(
      "M",
      "scanner: a scheduled run completed (last-run written)",
      done === true,
      done ? "" : "no last-run after 90 s",
      "scanner",
    );
    const files = await sh(c, `stat -c '%n %u' ${dir}/*.json | head -3; cat ${dir}/*.trivy.json | head -c 400`);
    const owners = [...files.stdout.matchAll(/\.json (\d+)/g)].map((m) => m[1]);
    const uid = /"ScannedByUid": (\d+)/.exec(files.stdout)?.[1];
    report.add(
      "M",
      "scanner: the scan ran and wrote its results as the non-root uid",
      owners.length > 0 && owners.every((o) => o !== "0") && uid !== undefined && uid !== "0",
      `files owned by ${owners.join(",")}, scanned as uid ${uid}`,
      "scanner",
    );
    const series = await poll(async () => {
      const r = (await prom("/api/v1/query?query=container_vulnerability_count")).data.result as unknown[];
      return r.length ? r : undefined;
    }, 90000);
    report.add(
      "M",
      "scanner: container_vulnerability_count reached Prometheus (through the Pushgateway)",
      !!series?.length,
      `${series?.length ?? 0} series`,
      "scanner",
    );
    expect(report.failuresSince("M", before)).toEqual([]);
  }, 200000);
});

test("the run is reported: deviations from the synthesized JSON are only the documented ones", () => {
  if (!engineVersion) return engineMissing();
  const unexpected = applied!.deviations.filter(
    (d) => !d.includes("dnsrr") && !Object.keys(NOT_RUN).some((n) => d.startsWith(`${PREFIX}${n}:`)),
  );
  expect(unexpected).toEqual([]);
  report.time("checks", Date.now() - checksStarted);
});
