/**
 * nginx with the rendered config, started on loopback: `nginx -t`, then probed with openssl s_client and HTTP
 * requests (T-01, T-02, T-03, T-04, H-01 … H-10, cases B01/B02). Every cipher string is checked with `openssl ciphers`.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { request } from "node:https";
import { get as httpGet } from "node:http";
import { join } from "node:path";
import type { ChildProcess } from "node:child_process";
import { renderNginxConf } from "../../constructs/render/nginx";
import { tlsPolicy } from "../../constructs/render/tls";
import { OPENSSL_TLS12_CIPHERS } from "../../constructs/render/openssl-ciphers";
import { describeWith, freePort, logOf, makePki, portOpen, removeDir, run, start, stop, tempDir, waitFor, type Pki } from "./helpers";

interface Response {
  status: number;
  headers: Record<string, string | string[] | undefined>;
}

function httpsGet(port: number, path: string, ca: string): Promise<Response> {
  return new Promise((resolve, reject) => {
    // A client-supplied X-Forwarded-For must not reach the upstream (the edge is the first hop).
    const headers = { "X-Forwarded-For": "6.6.6.6" };
    const req = request({ host: "127.0.0.1", port, path, servername: "localhost", ca: readFileSync(ca), method: "GET", headers }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** Which protocol/cipher openssl s_client negotiates, or undefined when the handshake fails. */
function handshake(port: number, args: string[]): string | undefined {
  const r = run("openssl", ["s_client", "-connect", `127.0.0.1:${port}`, "-servername", "localhost", ...args], {
    input: "",
    timeout: 10000,
  });
  const m = /Protocol\s*:\s*(\S+)[\s\S]*?Cipher\s*:\s*(\S+)/.exec(r.out) ?? /New, (\S+), Cipher is (\S+)/.exec(r.out);
  if (!m || m[2] === "0000" || m[2] === "(NONE)") return undefined;
  return `${m[1]} ${m[2]}`;
}

describeWith({ nginx: "nginx-light", openssl: "openssl" }, "nginx: rendered config under the real server", () => {
  let dir: string;
  let pki: Pki;
  let nginx: ChildProcess | undefined;
  let upstream: Server;
  let https: number;
  let http: number;
  let conf: string;

  beforeAll(async () => {
    dir = tempDir("nginx");
    pki = makePki(dir);
    upstream = createServer((req, res) => {
      res.setHeader("Server", "uvicorn");
      res.setHeader("X-Powered-By", "FastAPI");
      // An upstream trying to switch HSTS off and to relax framing: the proxy's own headers must win.
      res.setHeader("Strict-Transport-Security", "max-age=0");
      res.setHeader("X-Frame-Options", "ALLOWALL");
      res.setHeader("X-Seen-Forwarded-For", String(req.headers["x-forwarded-for"] ?? ""));
      res.writeHead(req.url?.includes("missing") ? 404 : 200, { "Content-Type": "text/plain" });
      res.end("upstream\n");
    });
    const upstreamPort = await freePort();
    await new Promise<void>((r) => upstream.listen(upstreamPort, "127.0.0.1", r));
    https = await freePort();
    http = await freePort();
    const version = /nginx\/(\d+\.\d+\.\d+)/.exec(run("nginx", ["-v"]).out)?.[1] ?? "1.22.1";
    mkdirSync(join(dir, "tmp"));
    conf = renderNginxConf({
      serverName: "localhost",
      listenAddress: "127.0.0.1",
      httpsPort: https,
      httpPort: http,
      apiUpstream: `127.0.0.1:${upstreamPort}`,
      dashboardUpstream: `127.0.0.1:${upstreamPort}`,
      certificateFile: pki.cert,
      keyFile: pki.key,
      nginxVersion: version,
      writablePaths: [join(dir, "tmp")],
      pidPath: join(dir, "tmp", "nginx.pid"),
    });
    writeFileSync(join(dir, "nginx.conf"), conf);
  });

  afterAll(async () => {
    await stop(nginx);
    await new Promise((r) => upstream?.close(r));
    removeDir(dir);
  });

  test("B01/B02 nginx -t accepts the rendered config (pid and temp paths on the writable dir, no user directive)", () => {
    // stdout/stderr as a file: nginx opens /dev/stdout for access_log, which node's socket pipes refuse.
    const r = run("sh", ["-c", `nginx -t -c ${join(dir, "nginx.conf")} > ${join(dir, "t.log")} 2>&1; cat ${join(dir, "t.log")}`]);
    expect(r.out).toMatch(/syntax is ok/);
    expect(r.out).toMatch(/test is successful/);
  });

  test("T-02 every cipher string names only suites OpenSSL knows (none silently dropped)", () => {
    const list = /ssl_ciphers (\S+);/.exec(conf)![1].split(":");
    const r = run("openssl", ["ciphers", "-v", list.join(":")]);
    expect(r.status).toBe(0);
    expect(
      r.stdout
        .trim()
        .split("\n")
        .filter((l) => !/TLSv1\.3/.test(l)),
    ).toHaveLength(list.length);
    const suites = /Ciphersuites (\S+);/.exec(conf)![1];
    expect(run("openssl", ["ciphers", "-ciphersuites", suites, "-s", "-tls1_3"]).stdout.trim().split(":").sort()).toEqual(
      suites.split(":").sort(),
    );
  });

  describe("running", () => {
    beforeAll(async () => {
      nginx = start("nginx", ["-c", join(dir, "nginx.conf"), "-e", "stderr", "-g", "daemon off;"], join(dir, "nginx.log"));
      await waitFor(
        () => portOpen(https) && portOpen(http),
        () => `nginx on ${https}/${http}: ${logOf(nginx)}`,
      );
    });

    test("T-01 TLS 1.0 and 1.1 are refused; TLS 1.2 and 1.3 are accepted", () => {
      expect(handshake(https, ["-tls1", "-cipher", "DEFAULT@SECLEVEL=0"])).toBeUndefined();
      expect(handshake(https, ["-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0"])).toBeUndefined();
      expect(handshake(https, ["-tls1_2"])).toMatch(/^TLSv1\.2 ECDHE-/);
      expect(handshake(https, ["-tls1_3"])).toMatch(/^TLSv1\.3 TLS_/);
    });

    test("T-02 every TLS 1.2 suite the server accepts is ECDHE with AEAD (each suite OpenSSL has, tried one by one)", () => {
      const all = run("openssl", ["ciphers", "ALL:COMPLEMENTOFALL:@SECLEVEL=0"])
        .stdout.trim()
        .split(":")
        .filter((c) => OPENSSL_TLS12_CIPHERS[c]);
      const accepted = all.filter((c) => handshake(https, ["-tls1_2", "-cipher", `${c}@SECLEVEL=0`]) !== undefined);
      console.log(`nginx accepted TLS 1.2 suites (ECDSA certificate): ${accepted.join(", ")}`);
      expect(accepted.length).toBeGreaterThan(0);
      for (const c of accepted) expect(OPENSSL_TLS12_CIPHERS[c]).toMatchObject({ kx: "ECDH", mac: "AEAD" });
      expect(accepted.sort()).toEqual(
        tlsPolicy({})
          .tls12Ciphers.filter((c) => c.startsWith("ECDHE-ECDSA"))
          .sort(),
      );
    });

    test("T-04 H-01…H-10 security headers on a 200 and on a 404, no version or upstream fingerprint", async () => {
      for (const [path, status] of [
        ["/healthz", 200],
        ["/api/missing", 404],
      ] as const) {
        const r = await httpsGet(https, path, pki.ca);
        expect(r.status).toBe(status);
        expect(r.headers).toMatchObject({
          "strict-transport-security": "max-age=63072000; includeSubDomains",
          "x-content-type-options": "nosniff",
          "x-frame-options": "DENY",
          "referrer-policy": "no-referrer",
          "cross-origin-opener-policy": "same-origin",
          "x-xss-protection": "0",
          "cache-control": "no-store, max-age=0",
        });
        expect(r.headers["content-security-policy"]).toMatch(/frame-ancestors 'none'/);
        expect(r.headers["permissions-policy"]).toMatch(/camera=\(\)/);
        expect(r.headers.server).toBe("nginx");
        expect(r.headers["x-seen-forwarded-for"]).toBe(path === "/healthz" ? undefined : "127.0.0.1");
        expect(r.headers["x-powered-by"]).toBeUndefined();
        for (const dead of ["expect-ct", "public-key-pins", "feature-policy"]) expect(r.headers[dead]).toBeUndefined();
      }
    });

    test("T-04 plain HTTP is redirected to HTTPS with 308", async () => {
      const r = await new Promise<Response>((resolve, reject) =>
        httpGet({ host: "127.0.0.1", port: http, path: "/api/x?y=1", headers: { Host: "example.org" } }, (res) => {
          res.resume();
          resolve({ status: res.statusCode ?? 0, headers: res.headers });
        }).on("error", reject),
      );
      expect(r.status).toBe(308);
      expect(r.headers.location).toBe("https://example.org/api/x?y=1");
    });

    test("the guide's rate limit: /api/scan answers 429 after its burst", async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 10; i++) statuses.push((await httpsGet(https, "/api/scan", pki.ca)).status);
      expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(6);
      expect(statuses).toContain(429);
    });
  });
});
