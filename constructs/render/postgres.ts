/**
 * PostgreSQL server settings and pg_hba.conf (pure; no cdktf). TLS required (D-02), SCRAM only (D-10),
 * connections and DDL logged (D-07). `log_statement = ddl` includes CREATE/ALTER ROLE, so a password sent in SQL
 * would be logged in cleartext (E-12): passwords must only reach the server as SCRAM verifiers (psql \password),
 * or from a session that turned statement logging off first, as the init script does.
 */

export interface PostgresOptions {
  readonly certFile: string;
  readonly keyFile: string;
  readonly caFile: string;
  readonly hbaFile: string;
  /** Only this subnet may connect over TCP (the backend network). */
  readonly clientCidr: string;
  readonly socketDir: string;
}

/** `postgres -c key=value` settings. */
export function postgresSettings(o: PostgresOptions): Record<string, string> {
  return {
    ssl: "on",
    ssl_cert_file: o.certFile,
    ssl_key_file: o.keyFile,
    ssl_ca_file: o.caFile,
    ssl_min_protocol_version: "TLSv1.2",
    password_encryption: "scram-sha-256",
    hba_file: o.hbaFile,
    unix_socket_directories: o.socketDir,
    listen_addresses: "*",
    max_connections: "100",
    superuser_reserved_connections: "3",
    log_connections: "on",
    log_disconnections: "on",
    log_checkpoints: "on",
    // The guide's log_statement=all logs every statement; ddl still logs role DDL, see the header (E-12).
    log_statement: "ddl",
    log_min_duration_statement: "-1",
  };
}

/** The server command line: the image's entrypoint runs `postgres` with these arguments. */
export function postgresArgs(o: PostgresOptions): string[] {
  return ["postgres", ...Object.entries(postgresSettings(o)).flatMap(([k, v]) => ["-c", `${k}=${v}`])];
}

export function renderPgHba(o: PostgresOptions): string {
  return [
    "# Rendered by secure-agents-infra (constructs/render/postgres.ts). TLS and SCRAM only.",
    "# TYPE    DATABASE  USER  ADDRESS             METHOD",
    "local     all       all                       scram-sha-256",
    `hostssl   all       all   ${o.clientCidr.padEnd(19)} scram-sha-256`,
    "host      all       all   0.0.0.0/0           reject",
    "host      all       all   ::/0                reject",
    "",
  ].join("\n");
}
