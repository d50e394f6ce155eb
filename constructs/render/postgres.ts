/**
 * PostgreSQL configuration (pure; no cdktf): postgresql.conf, pg_hba.conf and the init script.
 *
 * - TLS required (D-02): ssl on, minimum protocol and TLS 1.2 suites from ./tls, `hostssl` only, everything else
 *   rejected; SCRAM only (D-10): password_encryption and every hba line use scram-sha-256.
 * - Logging as in the guide (connections, disconnections, checkpoints) with `log_statement = ddl` (D-07), but never
 *   statement text that can carry a password (E-12): ddl logging includes CREATE/ALTER ROLE, so the init script
 *   creates the application role from a session that turned statement logging off, and slow-statement logging
 *   (which prints the statement) stays off. Set later passwords with psql's \password (client-side SCRAM hash).
 * - The init script (run once by the image's entrypoint on an empty data directory) creates the least-privilege
 *   application role, the guide's grants on the application tables, row level security on scan_results and the
 *   audit_log table filled by a trigger the application role cannot bypass.
 */
import { z } from "zod";
import { parseProps } from "../props";
import { tlsPolicy, tlsSettingsSchema } from "./tls";

const absPath = z.string().regex(/^\/[A-Za-z0-9_./-]*$/);
const ident = z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, "must be a lower-case SQL identifier");

export const postgresOptionsSchema = z.strictObject({
  tls: tlsSettingsSchema.default({ profile: "intermediate" }),
  certFile: absPath,
  keyFile: absPath,
  caFile: absPath,
  hbaFile: absPath,
  /** Only this subnet may connect over TCP (the backend network). */
  clientCidr: z.string().regex(/^[0-9./]+$/),
  /** Unix socket directory (a tmpfs on a read-only root, B04). Default /run/postgresql. */
  socketDir: absPath.default("/run/postgresql"),
  /** Defaults 100 and 3, as in the guide. */
  maxConnections: z.number().int().min(10).max(10000).default(100),
  superuserReservedConnections: z.number().int().min(1).max(20).default(3),
  /** Database and application role. Defaults "security_agents" and "security_app", as in the guide. */
  database: ident.default("security_agents"),
  appRole: ident.default("security_app"),
  /** Connection limit of the application role. Default 50. */
  appConnectionLimit: z.number().int().min(1).default(50),
});
export type PostgresOptions = z.input<typeof postgresOptionsSchema>;
type Parsed = z.output<typeof postgresOptionsSchema>;

const parse = (o: PostgresOptions): Parsed => parseProps(postgresOptionsSchema, o, "postgres options");
const q = (v: string) => `'${v.replace(/'/g, "''")}'`;

/** postgresql.conf settings, in file order. */
export function postgresSettings(input: PostgresOptions): Record<string, string | number> {
  const o = parse(input);
  const tls = tlsPolicy(o.tls);
  return {
    listen_addresses: "*",
    port: 5432,
    max_connections: o.maxConnections,
    superuser_reserved_connections: o.superuserReservedConnections,
    unix_socket_directories: o.socketDir,
    unix_socket_permissions: "0700",
    hba_file: o.hbaFile,
    password_encryption: "scram-sha-256",
    ssl: "on",
    ssl_cert_file: o.certFile,
    ssl_key_file: o.keyFile,
    ssl_ca_file: o.caFile,
    ssl_min_protocol_version: tls.minProtocol,
    ssl_max_protocol_version: tls.maxProtocol,
    ...(tls.tls12Ciphers.length ? { ssl_ciphers: tls.tls12Ciphers.join(":") } : {}),
    ssl_prefer_server_ciphers: "off",
    log_destination: "stderr",
    log_line_prefix: "%m [%p] user=%u db=%d client=%h ",
    log_connections: "on",
    log_disconnections: "on",
    log_checkpoints: "on",
    log_statement: "ddl",
    // Slow-statement logging prints the statement text; the guide's 1000 ms could log a slow ALTER ROLE … PASSWORD.
    log_min_duration_statement: -1,
    log_min_error_statement: "error",
    row_security: "on",
  };
}

export function renderPostgresqlConf(input: PostgresOptions): string {
  const lines = Object.entries(postgresSettings(input)).map(([k, v]) => `${k} = ${typeof v === "number" ? v : q(v)}`);
  return ["# Rendered by secure-agents-infra (constructs/render/postgres.ts). Do not edit by hand.", ...lines, ""].join("\n");
}

/** The server command line for the image's entrypoint. */
export function postgresArgs(configFile: string): string[] {
  return ["postgres", "-c", `config_file=${configFile}`];
}

export function renderPgHba(input: PostgresOptions): string {
  const o = parse(input);
  return [
    "# Rendered by secure-agents-infra (constructs/render/postgres.ts). TLS and SCRAM only.",
    "# TYPE    DATABASE  USER  ADDRESS             METHOD",
    "local     all       all                       scram-sha-256",
    // Over the network only the application role, only to its database, only with TLS; the superuser is local-only.
    `hostssl   ${o.database.padEnd(9)} ${o.appRole} ${o.clientCidr} scram-sha-256`,
    "host      all       all   0.0.0.0/0           reject",
    "host      all       all   ::/0                reject",
    "",
  ].join("\n");
}

/** SQL run once at initialization, as the superuser. `:'app_password'` is set by the calling script. */
export function renderInitSql(input: PostgresOptions): string {
  const o = parse(input);
  const app = o.appRole;
  return `-- Rendered by secure-agents-infra (constructs/render/postgres.ts).
-- The role's password must not reach the log (log_statement = ddl would print it): silence this session first.
SET log_statement = 'none';
SET log_min_error_statement = 'panic';
CREATE ROLE ${app} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT
  CONNECTION LIMIT ${o.appConnectionLimit} PASSWORD :'app_password';
RESET log_statement;
RESET log_min_error_statement;
-- The role cannot run DDL, so statement logging of its sessions would only ever catch its own password changes.
ALTER ROLE ${app} SET log_statement = 'none';

-- Nobody but the owner creates objects in public (PostgreSQL 15+ default, made explicit) (D-10).
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
REVOKE ALL ON DATABASE ${o.database} FROM PUBLIC;
REVOKE CONNECT, TEMPORARY ON DATABASE postgres FROM PUBLIC;
REVOKE CONNECT, TEMPORARY ON DATABASE template1 FROM PUBLIC;
GRANT CONNECT ON DATABASE ${o.database} TO ${app};
GRANT USAGE ON SCHEMA public TO ${app};

CREATE TABLE scan_results (
    id         bigserial PRIMARY KEY,
    user_id    bigint      NOT NULL,
    target     text        NOT NULL,
    result     jsonb,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- The guide's audit trail; filled only by the trigger below. The application role has no privilege on it.
CREATE TABLE audit_log (
    id         bigserial PRIMARY KEY,
    table_name varchar(50),
    operation  varchar(10),
    old_values jsonb,
    new_values jsonb,
    user_name  varchar(50),
    "timestamp" timestamptz NOT NULL DEFAULT now()
);

-- The guide's current_user_id(): the application sets app.user_id per transaction (SET LOCAL app.user_id = …).
CREATE FUNCTION current_user_id() RETURNS bigint LANGUAGE sql STABLE
    AS $$ SELECT nullif(current_setting('app.user_id', true), '')::bigint $$;

ALTER TABLE scan_results ENABLE ROW LEVEL SECURITY;
ALTER TABLE scan_results FORCE ROW LEVEL SECURITY;
CREATE POLICY scan_results_policy ON scan_results FOR ALL TO ${app}
    USING (user_id = current_user_id()) WITH CHECK (user_id = current_user_id());

CREATE FUNCTION audit_trigger() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, public AS $$
BEGIN
    INSERT INTO public.audit_log (table_name, operation, old_values, new_values, user_name)
    VALUES (TG_TABLE_NAME, TG_OP,
            CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END,
            CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END,
            session_user);
    RETURN COALESCE(NEW, OLD);
END $$;
REVOKE ALL ON FUNCTION audit_trigger() FROM PUBLIC;
CREATE TRIGGER scan_results_audit AFTER INSERT OR UPDATE OR DELETE ON scan_results
    FOR EACH ROW EXECUTE FUNCTION audit_trigger();

-- The guide grants on ALL TABLES; that would let the application rewrite its own audit trail. Grant per table.
GRANT SELECT, INSERT, UPDATE, DELETE ON scan_results TO ${app};
GRANT USAGE ON SEQUENCE scan_results_id_seq TO ${app};
`;
}

/**
 * The init script for /docker-entrypoint-initdb.d/ (sourced by the entrypoint, so no `set` changes). The password
 * is read inside psql with a backtick command, so it never appears on a command line or in the environment.
 */
export function renderInitScript(input: PostgresOptions, passwordFile: string, sqlFile: string): string {
  const o = parse(input);
  if (!/^\/[A-Za-z0-9_./-]+$/.test(passwordFile) || !/^\/[A-Za-z0-9_./-]+$/.test(sqlFile))
    throw new Error("init script: absolute paths only");
  return `#!/bin/sh
# Rendered by secure-agents-infra (constructs/render/postgres.ts). Run once by the entrypoint on a new data directory.
psql -v ON_ERROR_STOP=1 --no-psqlrc --username "$POSTGRES_USER" --dbname ${o.database} <<'PSQL'
\\set app_password \`cat ${passwordFile}\`
\\i ${sqlFile}
PSQL
`;
}
