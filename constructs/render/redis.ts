/**
 * Redis server arguments and ACL file (pure; no cdktf). TLS-only port, the default user off and an
 * application user without dangerous commands, persistence on the data volume or off (B06).
 */

export type RedisPersistence = "rdb" | "aof" | "none";

export interface RedisOptions {
  readonly port: number;
  readonly certFile: string;
  readonly keyFile: string;
  readonly caFile: string;
  readonly aclFile: string;
  readonly dataDir: string;
  readonly persistence: RedisPersistence;
}

export function redisArgs(o: RedisOptions): string[] {
  const persistence =
    o.persistence === "none"
      ? ["--save", "", "--appendonly", "no"]
      : o.persistence === "aof"
        ? ["--appendonly", "yes", "--appendfsync", "everysec"]
        : ["--save", "900 1 300 10 60 10000", "--appendonly", "no"];
  return [
    "redis-server",
    "--port",
    "0",
    "--tls-port",
    String(o.port),
    "--tls-cert-file",
    o.certFile,
    "--tls-key-file",
    o.keyFile,
    "--tls-ca-cert-file",
    o.caFile,
    "--tls-auth-clients",
    "no",
    "--tls-protocols",
    "TLSv1.2 TLSv1.3",
    "--aclfile",
    o.aclFile,
    "--protected-mode",
    "yes",
    "--dir",
    o.dataDir,
    ...persistence,
  ];
}

/**
 * The ACL file, given the SHA-256 hex of the application password (so the password itself is not in the file).
 * `passwordSha256` may be a Terraform expression; the text has no quotes, so Fn.base64encode accepts it.
 */
export function renderRedisAcl(passwordSha256: string): string {
  return ["user default off", `user app on #${passwordSha256} ~* &* +@all -@dangerous`, ""].join("\n");
}
