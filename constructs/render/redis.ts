/**
 * Redis configuration (pure; no cdktf): redis.conf and the ACL file.
 *
 * - TLS-only port: `port 0`, TLS protocols and suites from ./tls; clients authenticate with ACL passwords.
 * - ACL: the default user off; the application user limited to its key prefixes and to the command
 *   categories the API and workers need, dangerous and admin commands denied (FLUSHALL, CONFIG, KEYS, DEBUG…);
 *   the ACL file holds the SHA-256 of the password, not the password.
 * - protected mode, no DEBUG/MODULE commands, persistence on the data volume or off (B06).
 */
import { z } from "zod";
import { parseProps } from "../props";
import { tlsPolicy, tlsSettingsSchema } from "./tls";

export const REDIS_PERSISTENCE = ["rdb", "aof", "none"] as const;
export type RedisPersistence = (typeof REDIS_PERSISTENCE)[number];

const absPath = z.string().regex(/^\/[A-Za-z0-9_./-]*$/);

export const redisOptionsSchema = z.strictObject({
  tls: tlsSettingsSchema.default({ profile: "intermediate" }),
  /** TLS port. Default 6379. */
  port: z.number().int().min(1).max(65535).default(6379),
  certFile: absPath,
  keyFile: absPath,
  caFile: absPath,
  aclFile: absPath,
  dataDir: absPath,
  /** Default "rdb"; "none" disables saving (B06). */
  persistence: z.enum(REDIS_PERSISTENCE).default("rdb"),
  /** Memory cap and eviction. Default 192mb, noeviction (a queue must not lose jobs silently). */
  maxMemory: z
    .string()
    .regex(/^\d+(kb|mb|gb)$/)
    .default("192mb"),
});
export type RedisOptions = z.input<typeof redisOptionsSchema>;

export function renderRedisConf(input: RedisOptions): string {
  const o = parseProps(redisOptionsSchema, input, "redis options");
  const tls = tlsPolicy(o.tls);
  const persistence =
    o.persistence === "none"
      ? ['save ""', "appendonly no"]
      : o.persistence === "aof"
        ? ['save ""', "appendonly yes", "appendfsync everysec"]
        : ["save 900 1 300 10 60 10000", "appendonly no"];
  return [
    "# Rendered by secure-agents-infra (constructs/render/redis.ts). Do not edit by hand.",
    "bind * -::*",
    "protected-mode yes",
    "port 0",
    `tls-port ${o.port}`,
    `tls-cert-file ${o.certFile}`,
    `tls-key-file ${o.keyFile}`,
    `tls-ca-cert-file ${o.caFile}`,
    "tls-auth-clients no",
    `tls-protocols "${tls.protocols.join(" ")}"`,
    ...(tls.tls12Ciphers.length ? [`tls-ciphers ${tls.tls12Ciphers.join(":")}`] : []),
    `tls-ciphersuites ${tls.tls13Suites.join(":")}`,
    "tls-prefer-server-ciphers no",
    "tls-session-caching yes",
    `aclfile ${o.aclFile}`,
    "enable-debug-command no",
    "enable-module-command no",
    "enable-protected-configs no",
    `dir ${o.dataDir}`,
    ...persistence,
    `maxmemory ${o.maxMemory}`,
    "maxmemory-policy noeviction",
    "",
  ].join("\n");
}

/** The command line: the image's entrypoint runs redis-server with the rendered file. */
export function redisArgs(configFile: string): string[] {
  return ["redis-server", configFile];
}

/** Key prefixes and command categories of the application user. */
export const REDIS_APP_KEYS = ["app:*", "queue:*", "cache:*", "session:*"] as const;
export const REDIS_APP_CATEGORIES = [
  "+@read",
  "+@write",
  "+@keyspace",
  "+@string",
  "+@hash",
  "+@list",
  "+@set",
  "+@sortedset",
  "+@stream",
  "+@pubsub",
  "+@transaction",
  "+@connection",
];

/**
 * The ACL file, given the SHA-256 hex of the application password (so the password itself is not in the file).
 * `passwordSha256` may be a Terraform expression; the text has no quotes, so Fn.base64encode accepts it.
 */
export function renderRedisAcl(passwordSha256: string, user = "app"): string {
  const keys = REDIS_APP_KEYS.map((k) => `~${k}`).join(" ");
  return [
    "user default off resetkeys resetchannels -@all",
    `user ${user} on #${passwordSha256} resetkeys ${keys} resetchannels &app:* -@all ${REDIS_APP_CATEGORIES.join(" ")} -@dangerous -@admin -@scripting -select`,
    "",
  ].join("\n");
}
