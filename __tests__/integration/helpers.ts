/**
 * Integration-tier helpers: real programs from Debian packages, started on loopback only, cleaned up after.
 * A suite whose program is missing is skipped with a message on a developer machine and fails when CI is set.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, chownSync, closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Path of a program, or undefined. */
export function which(cmd: string): string | undefined {
  const r = spawnSync("sh", ["-c", `command -v ${cmd}`], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/**
 * describe() when every program exists. Otherwise: with CI set, a failing test that says what to install;
 * without, a skipped suite and a warning.
 */
export function describeWith(programs: Record<string, string>, name: string, fn: () => void): void {
  const missing = Object.entries(programs).filter(([p]) => !which(p));
  if (missing.length === 0) return describe(name, fn);
  const what = missing.map(([p, pkg]) => `${p} (Debian package ${pkg})`).join(", ");
  if (process.env.CI) {
    describe(name, () =>
      test(`needs ${what}`, () => {
        throw new Error(`missing ${what}: .ci/run installs them with apt-get`);
      }),
    );
  } else {
    console.warn(`SKIPPED integration suite "${name}": missing ${what}`);
    const skipped = describe.skip;
    skipped(`${name} [SKIPPED: missing ${what}]`, fn);
  }
}

export function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), `${prefix}-`));
  chmodSync(d, 0o755);
  return d;
}

export function removeDir(d: string): void {
  rmSync(d, { recursive: true, force: true });
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

export async function waitFor(check: () => boolean, what: () => string, timeoutMs = 20000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what()}`);
}

export function portOpen(port: number): boolean {
  return spawnSync("bash", ["-c", `exec 3<>/dev/tcp/127.0.0.1/${port}`]).status === 0;
}

/**
 * Starts a daemon with stdout and stderr in a log file (a real file, so a program that opens /dev/stdout works;
 * node's own stdio pipes are sockets, which open() refuses).
 */
export function start(
  cmd: string,
  args: string[],
  logFile: string,
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; uid?: number; gid?: number } = {},
): ChildProcess {
  const fd = openSync(logFile, "a");
  const child = spawn(cmd, args, { ...opts, stdio: ["ignore", fd, fd] });
  closeSync(fd);
  (child as ChildProcess & { logFile: string }).logFile = logFile;
  return child;
}

export function logOf(child: ChildProcess | undefined): string {
  const f = (child as (ChildProcess & { logFile?: string }) | undefined)?.logFile;
  return f && existsSync(f) ? readFileSync(f, "utf8") : "";
}

export async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    const t = setTimeout(() => {
      child.kill("SIGKILL");
      resolve();
    }, 5000);
    child.once("exit", () => {
      clearTimeout(t);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** Runs a command; returns status, stdout and stderr (never throws). */
export function run(
  cmd: string,
  args: string[],
  opts: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string; uid?: number; gid?: number; timeout?: number } = {},
) {
  const r = spawnSync(cmd, args, { encoding: "utf8", timeout: opts.timeout ?? 20000, ...opts });
  return { status: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "", out: `${r.stdout ?? ""}${r.stderr ?? ""}` };
}

export interface Pki {
  readonly dir: string;
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
}

/** A test CA and an ECDSA P-256 server certificate for localhost/127.0.0.1, made with the openssl CLI. */
export function makePki(dir: string, owner?: { uid: number; gid: number }): Pki {
  const p = (f: string) => join(dir, f);
  const ossl = (...a: string[]) => execFileSync("openssl", a, { stdio: "pipe" });
  const ecRequest = (key: string, out: string, subject: string, ...extra: string[]) =>
    ossl(
      "req",
      ...extra,
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:P-256",
      "-nodes",
      "-keyout",
      p(key),
      "-out",
      p(out),
      "-subj",
      subject,
    );
  ecRequest("ca.key", "ca.pem", "/CN=test CA", "-x509", "-days", "2");
  ecRequest("server.key", "server.csr", "/CN=localhost");
  writeFileSync(p("ext.cnf"), "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
  ossl(
    "x509",
    "-req",
    "-in",
    p("server.csr"),
    "-CA",
    p("ca.pem"),
    "-CAkey",
    p("ca.key"),
    "-CAcreateserial",
    "-out",
    p("server.pem"),
    "-days",
    "2",
    "-extfile",
    p("ext.cnf"),
  );
  chmodSync(p("server.key"), 0o600);
  if (owner) for (const f of ["server.key", "server.pem", "ca.pem"]) chownSync(p(f), owner.uid, owner.gid);
  return { dir, ca: p("ca.pem"), cert: p("server.pem"), key: p("server.key") };
}

/** uid/gid of a system user, e.g. postgres. */
export function userIds(name: string): { uid: number; gid: number } | undefined {
  const r = run("id", ["-u", name]);
  const g = run("id", ["-g", name]);
  return r.status === 0 && g.status === 0 ? { uid: Number(r.stdout), gid: Number(g.stdout) } : undefined;
}
