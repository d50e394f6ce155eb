/**
 * Redis started with the rendered redis.conf and ACL on a loopback TLS port (R-02, R-03, B06): plain TCP refused,
 * unauthenticated and default-user commands refused, the application user allowed what it needs and denied
 * FLUSHALL/CONFIG/KEYS; the model's healthcheck authenticates without the password on a command line and fails
 * with a wrong password.
 */
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ChildProcess } from "node:child_process";
import { SERVICES } from "../../constructs/model/system";
import { renderRedisAcl, renderRedisConf } from "../../constructs/render/redis";
import { describeWith, freePort, logOf, makePki, portOpen, removeDir, run, start, stop, tempDir, waitFor, type Pki } from "./helpers";

describeWith(
  { "redis-server": "redis-server", "redis-cli": "redis-tools", openssl: "openssl" },
  "Redis: rendered config under the real server",
  () => {
    const password = `RedisSentinel${Math.random().toString(36).slice(2)}`;
    let dir: string;
    let pki: Pki;
    let server: ChildProcess | undefined;
    let port: number;

    const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
      run("redis-cli", ["--tls", "--cacert", pki.ca, "-h", "127.0.0.1", "-p", String(port), "--no-auth-warning", ...args], {
        env: { ...process.env, ...env },
      });
    const app = (...cmd: string[]) => cli(["--user", "app", ...cmd], { REDISCLI_AUTH: password });

    beforeAll(async () => {
      dir = tempDir("redis");
      pki = makePki(dir);
      port = await freePort();
      writeFileSync(join(dir, "users.acl"), renderRedisAcl(createHash("sha256").update(password).digest("hex")), { mode: 0o600 });
      writeFileSync(join(dir, "redis_password"), password, { mode: 0o600 });
      writeFileSync(
        join(dir, "redis.conf"),
        renderRedisConf({
          port,
          certFile: pki.cert,
          keyFile: pki.key,
          caFile: pki.ca,
          aclFile: join(dir, "users.acl"),
          dataDir: dir,
          persistence: "rdb",
        }),
      );
      // Loopback only for the test; everything else as rendered.
      server = start("redis-server", [join(dir, "redis.conf"), "--bind", "127.0.0.1"], join(dir, "redis.log"));
      await waitFor(
        () => portOpen(port),
        () => `redis on ${port}: ${logOf(server)}`,
      );
    });

    afterAll(async () => {
      await stop(server);
      removeDir(dir);
    });

    test("R-02 plain TCP is refused: the only port speaks TLS", () => {
      const r = run("redis-cli", ["-h", "127.0.0.1", "-p", String(port), "PING"]);
      expect(r.out).not.toMatch(/PONG/);
    });

    test("R-03 unauthenticated and default-user commands are refused", () => {
      expect(cli(["PING"]).out).toMatch(/NOAUTH/);
      expect(cli(["--user", "default", "--pass", "anything", "PING"]).out).toMatch(/WRONGPASS|NOAUTH|disabled/);
      expect(cli(["--user", "app", "--pass", "wrong", "PING"]).out).toMatch(/WRONGPASS/);
    });

    test("R-03 the application user may use its keys and queues, and nothing dangerous", () => {
      expect(app("PING").stdout.trim()).toBe("PONG");
      expect(app("SET", "app:greeting", "hello").stdout.trim()).toBe("OK");
      expect(app("LPUSH", "queue:scans", "job-1").stdout.trim()).toBe("1");
      expect(app("GET", "app:greeting").stdout.trim()).toBe("hello");
      for (const denied of [
        ["SET", "other:key", "1"],
        ["FLUSHALL"],
        ["CONFIG", "GET", "dir"],
        ["KEYS", "*"],
        ["DEBUG", "SLEEP", "0"],
        ["ACL", "LIST"],
        ["SHUTDOWN"],
      ]) {
        expect(`${denied.join(" ")}: ${app(...denied).out}`).toMatch(/NOPERM|no permissions|DEBUG command not allowed/);
      }
    });

    test("B06 the server started with its data dir on the (writable) volume path, and saving is not the application's to force", () => {
      expect(logOf(server)).toMatch(/Ready to accept connections/);
      expect(app("BGSAVE").out).toMatch(/NOPERM/);
    });

    test("the model's healthcheck passes with the password file and fails when authentication fails", () => {
      const [kind, script] = SERVICES.redis.healthcheck;
      expect(kind).toBe("CMD-SHELL");
      const local = script
        .replace("/run/secrets/redis_password", join(dir, "redis_password"))
        .replace("/run/secrets/tls_ca", pki.ca)
        .replace("-p 6379", `-p ${port}`);
      expect(local).not.toContain(password);
      expect(run("sh", ["-c", local]).status).toBe(0);
      writeFileSync(join(dir, "wrong_password"), "not-it");
      expect(run("sh", ["-c", local.replace(join(dir, "redis_password"), join(dir, "wrong_password"))]).status).not.toBe(0);
    });
  },
);
