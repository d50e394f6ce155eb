/**
 * Docker Engine access for the e2e tier: the Engine API over the unix socket (node:http, no client library) for
 * creating and reading objects, and Debian's docker CLI (/usr/bin/docker) for exec and logs.
 */
import { execFile } from "node:child_process";
import { request } from "node:http";
import type { Body, EngineApi, Kind } from "./applier";

export const SOCKET = process.env.E2E_DOCKER_SOCKET ?? "/var/lib/secagents-e2e/docker.sock";
export const DOCKER_CLI = process.env.E2E_DOCKER_CLI ?? "/usr/bin/docker";
const API = "/v1.41";

export function api<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      {
        socketPath: SOCKET,
        path: `${API}${path}`,
        method,
        headers: data ? { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(data) } : {},
        timeout: 30000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          if ((res.statusCode ?? 500) >= 300) return reject(new Error(`${method} ${path}: ${res.statusCode} ${text.trim()}`));
          try {
            resolve((text ? JSON.parse(text) : undefined) as T);
          } catch {
            resolve(text as T);
          }
        });
      },
    );
    req.on("error", reject);
    req.on("timeout", () => req.destroy(new Error(`${method} ${path}: timeout`)));
    if (data) req.write(data);
    req.end();
  });
}

export async function engineAvailable(): Promise<string | undefined> {
  try {
    const v = await api<{ Version: string }>("GET", "/version");
    return v.Version;
  } catch {
    return undefined;
  }
}

/** The applier's view of the engine: create an object, return its id and name. */
export const socketEngine: EngineApi = {
  async create(kind: Kind, body: Body) {
    const r = await api<{ Id?: string; ID?: string; Name?: string }>("POST", `/${kind}/create`, body);
    const id = r.Id ?? r.ID ?? r.Name;
    if (!id) throw new Error(`${kind}/create returned no id`);
    return { id, name: body.Name as string };
  },
};

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the docker CLI against the e2e engine; never throws on a non-zero exit. */
export function docker(args: string[], timeoutMs = 30000): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      DOCKER_CLI,
      args,
      { env: { ...process.env, DOCKER_HOST: `unix://${SOCKET}` }, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === "number" ? (err as { code: number }).code : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

/** `docker exec` in a container (as the container's own user, like every process of the service). */
export const exec = (container: string, cmd: string[], timeoutMs = 30000) => docker(["exec", container, ...cmd], timeoutMs);
export const sh = (container: string, script: string, timeoutMs = 30000) => exec(container, ["sh", "-c", script], timeoutMs);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Removes every service, secret, config, network and volume whose name starts with `prefix` (a previous run's or
 * this run's), waiting for the services' containers to go first. Returns what it could not remove.
 */
export async function removeStack(prefix: string, timeoutMs = 60000): Promise<string[]> {
  const named = async (kind: string) => {
    const list = await api<{ ID?: string; Id?: string; Name?: string; Spec?: { Name: string } }[]>("GET", `/${kind}`);
    return list
      .map((o) => ({ id: (o.ID ?? o.Id ?? o.Name)!, name: o.Spec?.Name ?? o.Name ?? "" }))
      .filter((o) => o.name.startsWith(prefix));
  };
  for (const s of await named("services")) await api("DELETE", `/services/${s.id}`).catch(() => undefined);
  const deadline = Date.now() + timeoutMs;
  const filters = encodeURIComponent(JSON.stringify({ label: ["com.docker.swarm.service.name"] }));
  while (Date.now() < deadline) {
    const left = await api<{ Names: string[] }[]>("GET", `/containers/json?all=1&filters=${filters}`);
    if (!left.some((c) => c.Names.some((n) => n.startsWith(`/${prefix}`)))) break;
    await sleep(500);
  }
  const failed: string[] = [];
  for (const kind of ["secrets", "configs", "networks"]) {
    for (const o of await named(kind)) {
      let ok = false;
      for (let i = 0; i < 20 && !ok; i++) {
        ok = await api("DELETE", `/${kind}/${o.id}`).then(
          () => true,
          () => false,
        );
        if (!ok) await sleep(500);
      }
      if (!ok) failed.push(`${kind}/${o.name}`);
    }
  }
  const vols = (await api<{ Volumes: { Name: string }[] | null }>("GET", "/volumes")).Volumes ?? [];
  for (const v of vols.filter((x) => x.Name.startsWith(prefix))) {
    await api("DELETE", `/volumes/${v.Name}?force=1`).catch(() => failed.push(`volumes/${v.Name}`));
  }
  return failed;
}
