/**
 * PostgreSQL started with the rendered postgresql.conf, pg_hba.conf and init SQL on a loopback port (D-02, D-07,
 * D-10, E-12): non-TLS refused, TLS + SCRAM accepted, the application role cannot create objects in public,
 * row level security holds, an update lands in audit_log, and the role's password never reaches the server log.
 */
import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ChildProcess } from "node:child_process";
import { renderInitScript, renderInitSql, renderPgHba, renderPostgresqlConf } from "../../constructs/render/postgres";
import {
  describeWith,
  freePort,
  logOf,
  makePki,
  portOpen,
  removeDir,
  run,
  start,
  stop,
  tempDir,
  userIds,
  waitFor,
  type Pki,
} from "./helpers";

const binDir = (() => {
  const base = "/usr/lib/postgresql";
  if (!existsSync(base)) return undefined;
  const v = readdirSync(base).sort().pop();
  return v ? join(base, v, "bin") : undefined;
})();
const pgBin = (name: string) => join(binDir ?? "/nonexistent", name);

describeWith(
  { psql: "postgresql-15", [pgBin("initdb")]: "postgresql-15", openssl: "openssl" },
  "PostgreSQL: rendered config under the real server",
  () => {
    const superPassword = `super-${Math.random().toString(36).slice(2)}`;
    const appPassword = `Sentinel${Math.random().toString(36).slice(2)}Pw`;
    let dir: string;
    let pki: Pki;
    let server: ChildProcess | undefined;
    let port: number;
    let owner: { uid: number; gid: number };

    const psql = (conn: string, sql: string, env: NodeJS.ProcessEnv = {}) =>
      run("psql", [conn, "-X", "-v", "ON_ERROR_STOP=1", "-At", "-c", sql], { env: { ...process.env, ...env } });
    const tls = (user: string, password: string, sslmode = "verify-full", dbname = "security_agents") =>
      `host=localhost hostaddr=127.0.0.1 port=${port} dbname=${dbname} user=${user} password=${password} sslmode=${sslmode} sslrootcert=${pki.ca}`;
    /** The superuser only over the local socket, as the postgres OS user (pg_hba gives it no network access). */
    let socketDir: string;
    const superuser = (sql: string) =>
      run("psql", ["-X", "-At", "-U", "postgres", "-d", "security_agents", "-c", sql], {
        env: { ...process.env, PGHOST: socketDir, PGPORT: String(port), PGPASSWORD: superPassword },
        uid: owner.uid,
        gid: owner.gid,
      });

    beforeAll(async () => {
      owner = userIds("postgres")!;
      dir = tempDir("pg");
      chownSync(dir, owner.uid, owner.gid);
      pki = makePki(dir, owner);
      port = await freePort();
      socketDir = join(dir, "run");
      mkdirSync(socketDir);
      chownSync(socketDir, owner.uid, owner.gid);
      const opts = {
        certFile: pki.cert,
        keyFile: pki.key,
        caFile: pki.ca,
        hbaFile: join(dir, "pg_hba.conf"),
        clientCidr: "127.0.0.1/32",
        socketDir,
      };
      const files: Record<string, string> = {
        "postgresql.conf": renderPostgresqlConf(opts),
        "pg_hba.conf": renderPgHba(opts),
        "app.sql": renderInitSql(opts),
        "init.sh": renderInitScript(opts, join(dir, "app_password"), join(dir, "app.sql")),
        app_password: `${appPassword}\n`,
        super_password: `${superPassword}\n`,
      };
      for (const [f, c] of Object.entries(files)) {
        writeFileSync(join(dir, f), c, { mode: 0o600 });
        chownSync(join(dir, f), owner.uid, owner.gid);
      }
      const asPg = { uid: owner.uid, gid: owner.gid, cwd: dir, timeout: 60000 };
      const init = run(
        pgBin("initdb"),
        [
          "-D",
          join(dir, "data"),
          "-U",
          "postgres",
          "--auth-host=scram-sha-256",
          "--auth-local=scram-sha-256",
          `--pwfile=${join(dir, "super_password")}`,
        ],
        asPg,
      );
      if (init.status !== 0) throw new Error(`initdb failed: ${init.out}`);
      // The rendered config with the test's port, loopback address and log file; everything else as rendered.
      server = start(
        pgBin("postgres"),
        [
          "-D",
          join(dir, "data"),
          "-c",
          `config_file=${join(dir, "postgresql.conf")}`,
          "-p",
          String(port),
          "-c",
          "listen_addresses=127.0.0.1",
        ],
        join(dir, "server.log"),
        { uid: owner.uid, gid: owner.gid, cwd: dir },
      );
      await waitFor(
        () => portOpen(port),
        () => `postgres on ${port}: ${logOf(server)}`,
      );
      const local = { PGHOST: socketDir, PGPORT: String(port), PGPASSWORD: superPassword };
      const created = run("createdb", ["-U", "postgres", "security_agents"], {
        env: { ...process.env, ...local },
        uid: owner.uid,
        gid: owner.gid,
      });
      if (created.status !== 0) throw new Error(`createdb: ${created.out}`);
      // The init script exactly as the image's entrypoint runs it (POSTGRES_USER set, socket connection).
      const r = run("sh", [join(dir, "init.sh")], {
        env: { ...process.env, ...local, POSTGRES_USER: "postgres" },
        uid: owner.uid,
        gid: owner.gid,
        cwd: dir,
      });
      if (r.status !== 0) throw new Error(`init script failed: ${r.out}\n${logOf(server)}`);
    });

    afterAll(async () => {
      await stop(server);
      removeDir(dir);
    });

    test("D-02 a connection without TLS is refused by pg_hba (hostssl only)", () => {
      const r = psql(tls("security_app", appPassword, "disable"), "select 1");
      expect(r.status).not.toBe(0);
      expect(r.out).toMatch(/no pg_hba\.conf entry|rejects connection/);
    });

    test("D-02 D-10 a TLS connection with SCRAM is accepted, verified against the CA (verify-full)", () => {
      const r = psql(tls("security_app", appPassword), "select ssl, version from pg_stat_ssl where pid = pg_backend_pid()");
      expect(r.stderr).toBe("");
      expect(r.stdout.trim()).toMatch(/^t\|TLSv1\.[23]$/);
      expect(superuser("select rolpassword like 'SCRAM-SHA-256$%' from pg_authid where rolname = 'security_app'").stdout.trim()).toBe("t");
      expect(psql(tls("security_app", "wrong-password"), "select 1").out).toMatch(/password authentication failed/);
    });

    test("D-03 D-10 over the network only the application role reaches only its database: the superuser and other databases are refused", () => {
      expect(psql(tls("postgres", superPassword), "select 1").out).toMatch(/no pg_hba\.conf entry|pg_hba\.conf rejects connection/);
      expect(psql(tls("security_app", appPassword, "verify-full", "postgres"), "select 1").out).toMatch(
        /no pg_hba\.conf entry|pg_hba\.conf rejects connection/,
      );
      expect(superuser("select has_database_privilege('security_app', 'postgres', 'CONNECT')").stdout.trim()).toBe("f");
    });

    test("D-10 the application role cannot create objects in public", () => {
      const r = psql(tls("security_app", appPassword), "create table intruder (id int)");
      expect(r.status).not.toBe(0);
      expect(r.out).toMatch(/permission denied for schema public/);
    });

    test("row level security: the application sees and writes only its user's rows; an update lands in audit_log", () => {
      const app = tls("security_app", appPassword);
      const r = psql(
        app,
        "set app.user_id = 7; insert into scan_results (user_id, target) values (7, 'a.example'); update scan_results set target = 'b.example' where user_id = 7; select count(*) from scan_results",
      );
      expect(r.stderr).toBe("");
      expect(r.stdout.trim().split("\n").pop()).toBe("1");
      expect(psql(app, "set app.user_id = 8; select count(*) from scan_results").stdout.trim().split("\n").pop()).toBe("0");
      expect(psql(app, "set app.user_id = 8; insert into scan_results (user_id, target) values (7, 'x')").out).toMatch(
        /row-level security/,
      );
      const audit = superuser("select operation || ':' || user_name from audit_log order by id").stdout.trim().split("\n");
      expect(audit).toEqual(["INSERT:security_app", "UPDATE:security_app"]);
      expect(psql(app, "select count(*) from audit_log").out).toMatch(/permission denied for table audit_log/);
    });

    test("E-12 D-07 connections and DDL are logged, the role's password never", () => {
      superuser("create table ddl_probe (id int); drop table ddl_probe");
      const log = readFileSync(join(dir, "server.log"), "utf8");
      expect(log).toMatch(/connection authorized: user=security_app/);
      expect(log).toMatch(/statement: create table ddl_probe/);
      expect(log).not.toContain(appPassword);
      expect(log).not.toContain(superPassword);
    });
  },
);
