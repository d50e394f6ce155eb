/**
 * The one secret detector of the pack: DKR-016 and AWS-010 (secrets in env, command lines, health checks) and the
 * review (masking of values nobody marked sensitive, the S-01 probes) all ask it. Three questions:
 * - `carriesSecret(value)`: does a Terraform expression reference a secret (a secret resource, a secret attribute,
 *   a secret-named variable), wrapped in functions or not?
 * - `looksSecret(name, value)`: is a literal a secret, by its name (password, token, private_key…, unless the name
 *   only points at one: *_FILE, *_ARN, *_ID…) or by its shape (PEM private key, credentials in a URL, AWS secret key,
 *   well-known token prefixes, query-string passwords, Bearer tokens, JSON with a secret key, high entropy)?
 *   Booleans, numbers, empty values, paths of words and run-time reads are never secrets (SECURE_COOKIES=true,
 *   DATABASE_PASSWORD_FILE=/run/secrets/x, "$(cat /run/secrets/x)"); a secret-named value is excused only as a
 *   secret mount path, and `$word` in env is a literal (Docker and ECS never expand env values).
 * - `secretOnCommandLine(parts)`: a secret passed as `--password x`, `--db-password=x`, `PGPASSWORD=x cmd`,
 *   `redis-cli -a x`, `mysql -px`, `curl -u user:pass`, or any secret-shaped word.
 */
import { references, strings } from "./tf";

// ---------------------------------------------------------------------------------------------------------------
// Terraform references

/** Resource types whose attributes hold secret values. */
const SECRET_TYPES =
  /^(data\.)?(random_password|random_string|tls_private_key|docker_secret|aws_secretsmanager_secret_version|aws_ssm_parameter|tls_locally_signed_cert)\./;
/** Variable or local names that carry secrets. */
const SECRET_VARIABLE = /(pass(word|wd|phrase)?|pwd|secret|token|api_?key|private_?key|credential|auth)/i;
/** Attributes of any resource that hold secret values: "${aws_db_instance.x.password}". */
const SECRET_ATTRIBUTE =
  /^(data\.)?[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+\.(password|auth_token|secret_string|secret_binary|master_password|private_key|private_key_pem|secret|value)\b/;

/** Does a value reference a secret (a secret resource or attribute, or a secret-named variable/local), wrapped in functions or not? */
export const carriesSecret = (value: unknown): boolean =>
  strings(value).some((t) => {
    if (!t.includes("${")) return false;
    for (const expr of t.matchAll(/\$\{([^}]*)\}/g)) {
      if (references(expr[0]).some((r) => SECRET_TYPES.test(r) || (/^(var|local)\./.test(r) && SECRET_VARIABLE.test(r)))) return true;
      for (const m of expr[1].matchAll(/(?<![\w.])((data\.)?[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_]+)/g))
        if (SECRET_ATTRIBUTE.test(m[1])) return true;
    }
    return false;
  });

// ---------------------------------------------------------------------------------------------------------------
// Names

/** Names whose values are secrets (env variables, Terraform attributes and variables, command-line flags). */
const SECRET_NAME =
  /(pass(word|wd|phrase)?$|passwd|password|pwd$|secret|token|private_?key|api_?key|access_?key|credential|auth$|auth_?string|signing_?key|session_?key|(encryption|master|fernet|hmac|jwt|cipher|crypto|license|app|client)_?key$|_pem$|^pem$|^result$|bcrypt|^data$|content_base64)/i;
/** Names that only point at a secret or describe one (…_FILE, …_ARN, …_ID, TOKEN_TTL…). */
const POINTER_NAME =
  /(_arns?|_ids?|_names?|_version|_versions|_stage|_type|_rotation.*|_days|_hours|_seconds|_ttl|_length|kms_key.*|_file|_path|_dir|_prefix|_enabled|_count|_id_\w+|_sha|_digest|_revision|_commit|_checksum)$/i;

const normalize = (name: string) => name.replace(/^.*\./, "").replace(/^-+/, "").replace(/-/g, "_").replace(/_{2,}/g, "_");

/** Answers for strings already judged: names and values repeat across services (bounded, so memory stays flat). */
function memo(fn: (s: string) => boolean): (s: string) => boolean {
  const seen = new Map<string, boolean>();
  return (s) => {
    let r = seen.get(s);
    if (r === undefined) {
      r = fn(s);
      if (seen.size >= 50_000) seen.clear();
      seen.set(s, r);
    }
    return r;
  };
}

export const secretName = memo((name: string): boolean => {
  const n = normalize(name);
  return SECRET_NAME.test(n) && !POINTER_NAME.test(n);
});

// ---------------------------------------------------------------------------------------------------------------
// Values

/** A generated piece of a value (between the separators identifiers use): long, letters and digits mixed, high entropy. */
const tokenPiece = (p: string): boolean => p.length >= 16 && /\d/.test(p) && /[A-Za-z]/.test(p) && entropy(p) >= 3.5;

/** Where Docker and ECS mount secret files: a secret-named variable may point there (DB_PASSWORD=/run/secrets/db). */
const SECRET_MOUNT = /^\/run\/secrets\/[\w.-]+$/;
/** The run-time reads of a secret file a shell performs: "$(cat /run/secrets/x)", "$(< /run/secrets/x)". */
const RUNTIME_READ = /^\$\(\s*(cat\s+|<\s*)[\w./-]+\s*\)$/;

/**
 * Values that are never secrets: empty, booleans, numbers, file paths whose segments are words (not generated
 * tokens), run-time reads of a secret file, Terraform expressions (judged by carriesSecret). Under a secret name
 * (`secretNamed`) only a secret mount path is excused: DATABASE_PASSWORD=/notapath-hunter2 is a password. Docker
 * and ECS never expand env values, so `$word` is a literal unless `shell` says a shell reads it (CMD-SHELL, sh -c).
 */
export function harmlessValue(value: string, secretNamed = false, shell = false): boolean {
  const v = value.trim().replace(/^["']|["']$/g, "");
  if (v === "" || /^(true|false|yes|no|on|off|none|null)$/i.test(v) || /^-?\d+(\.\d+)?$/.test(v)) return true;
  if (RUNTIME_READ.test(v) || /^\$\{[^}]*\}$/.test(v) || (shell && /^\$(\(|\{?[A-Za-z_])/.test(v))) return true;
  if (secretNamed) return SECRET_MOUNT.test(v);
  return /^(\.{0,2}\/|file:\/\/\/?|@\/)[^\s]*$/.test(v) && !v.split(/[-_./:@]/).some(tokenPiece); // /run/secrets/x, ./x, file:///x
}

const TOKEN_SHAPES: readonly RegExp[] = [
  /-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----/, // PEM and PGP private keys
  /\bAKIA[0-9A-Z]{16}\b/, // AWS access key id
  /(?<![A-Za-z0-9/+])(?=[A-Za-z0-9/+]{0,39}[A-Z])(?=[A-Za-z0-9/+]{0,39}[a-z])(?=[A-Za-z0-9/+]{0,39}[0-9])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/, // AWS secret access key
  /\bgh[pousr]_[A-Za-z0-9]{30,}\b/, // GitHub tokens
  /\bgithub_pat_[A-Za-z0-9_]{30,}/, // GitHub fine-grained tokens
  /\bglpat-[A-Za-z0-9_-]{20,}/, // GitLab tokens
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/, // Slack tokens
  /\bsk-(proj-|ant-|live_|test_)?[A-Za-z0-9_-]{32,}/, // API keys in the sk- style
  /\bAIza[0-9A-Za-z_-]{35}\b/, // Google API keys
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\./, // JWT
  /\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/]*:(?!\$)[^\s@/]+@/i, // URL with user:password@ (not a $VAR placeholder)
  /[?&](password|passwd|pwd|secret|token|api_?key|access_token)=(?![$&#\s])[^&#\s]+/i, // password in a URL query string
  /\bBearer\s+(?=[A-Za-z0-9._~+/-]*\d)[A-Za-z0-9._~+/-]{8,}/i, // an HTTP bearer token
];

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) h -= (n / s.length) * Math.log2(n / s.length);
  return h;
}

/** Longer than this, a value is data (a base64 config file), not a password or token: its shape is checked, not its entropy. */
const MAX_TOKEN_LENGTH = 256;

/**
 * A generated password, key or token: a long piece (between the separators identifiers use) mixing letters and
 * digits with high entropy, or a string mixing four character classes including symbols identifiers do not use.
 * Identifiers people read (ELBSecurityPolicy-TLS13-1-2-Res-2021-06, ARNs, URLs without credentials, UUIDs) and
 * content digests (sha256:…) are not.
 */
export function highEntropy(s: string): boolean {
  if (s.length < 16 || s.length > MAX_TOKEN_LENGTH || /\s/.test(s) || s.includes("${")) return false;
  const t = s.replace(/\bsha(1|256|384|512):[0-9a-f]+/gi, "");
  if (t.split(/[-_./:@?&=,;+]/).some(tokenPiece)) return true;
  if (t.includes("://")) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9\-_./:]/].filter((r) => r.test(t)).length;
  return classes === 4 && entropy(t) >= 3.5;
}

/** A value whose shape is a secret's, whatever its name; base64 data is decoded and its text checked too. */
export const secretShaped = memo((value: string): boolean => {
  if (value.length < 8) return false;
  if (TOKEN_SHAPES.some((r) => r.test(value))) return true;
  if (value.length >= 64 && value.length % 4 === 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(value)) {
    const text = Buffer.from(value, "base64").toString("utf8");
    return TOKEN_SHAPES.some((r) => r.test(text));
  }
  return false;
});

/** Is this literal (named `name`) a secret? Objects and arrays are judged by their name only. */
export function looksSecret(name: string, value: unknown): boolean {
  if (value === null || value === undefined || typeof value === "boolean" || typeof value === "number") return false;
  if (typeof value !== "string") return secretName(name);
  const named = secretName(name);
  if (harmlessValue(value, named)) return false;
  return named || secretShaped(value) || (!POINTER_NAME.test(normalize(name)) && highEntropy(value)) || jsonSecret(value);
}

/** A JSON document (APP_CONFIG_JSON='{"password":"…"}') holding a secret: each string judged under its key; {name, value} pairs under the name. */
function jsonSecret(value: string): boolean {
  if (!/^\s*[{[]/.test(value) || value.length > 1_000_000) return false;
  let doc: unknown;
  try {
    doc = JSON.parse(value);
  } catch {
    return false;
  }
  const walk = (key: string, v: unknown): boolean => {
    if (typeof v === "string") return looksSecret(key, v);
    if (Array.isArray(v)) return v.some((x) => walk(key, x));
    if (v === null || typeof v !== "object") return false;
    const o = v as Record<string, unknown>;
    if (typeof o.name === "string" && typeof o.value === "string" && looksSecret(o.name, o.value)) return true;
    return Object.entries(o).some(([k, x]) => k !== "name" && k !== "value" && walk(k, x));
  };
  return walk("", doc);
}

// ---------------------------------------------------------------------------------------------------------------
// Command lines

/** A secret in a command line (exec form or shell strings): `--password x`, `--db-password=x`, `PGPASSWORD=x cmd`, a secret-shaped word. */
export function secretOnCommandLine(parts: readonly string[]): boolean {
  return parts.length > 0 && commandLineMemo(parts.join("\0"));
}

/** Programs whose short flags carry a password: `redis-cli -a x`, `mysql -px`, `curl -u user:pass`. */
const PROGRAM = /^(?:.*\/)?(redis-cli|mysql|mysqladmin|mysqldump|curl)$/;

const commandLineMemo = memo((joined: string): boolean => {
  const parts = joined.split("\0");
  if (parts.some(secretShaped)) return true;
  const shell =
    parts[0] === "CMD-SHELL" ||
    parts.some((p) => /\s/.test(p.trim())) ||
    parts.some((p, i) => p === "-c" && /(^|\/)(ba|da|a)?sh$/.test(parts[i - 1] ?? ""));
  const words = parts.flatMap((p) => p.split(/\s+/)).filter((w) => w !== "");
  let program = "";
  return words.some((w, i) => {
    if (/^(;|&&|\|\|?)$/.test(w)) program = "";
    const prog = PROGRAM.exec(w.replace(/^["']|["']$/g, ""));
    if (prog) program = prog[1];
    if (w.includes("${")) return false; // Terraform expressions: carriesSecret
    const next = words[i + 1];
    const literal = (v: string | undefined) => v !== undefined && !harmlessValue(v, true, shell);
    if (program === "redis-cli" && w === "-a") return literal(next);
    if (program.startsWith("mysql") && /^-p./.test(w)) return literal(w.slice(2));
    if (program === "curl") {
      const user = w === "-u" || w === "--user" ? next : /^(-u|--user=)(.+)$/.exec(w)?.[2];
      const pass = user
        ?.replace(/^["']|["']$/g, "")
        .split(":")
        .slice(1)
        .join(":");
      if (pass) return literal(pass);
    }
    const assignment = /^(--?[A-Za-z][\w.-]*|[A-Za-z_]\w*)=(.*)$/.exec(w);
    if (assignment) return secretName(assignment[1]) && !harmlessValue(assignment[2], true, shell);
    return (
      /^--[A-Za-z][\w.-]*$/.test(w) && secretName(w) && next !== undefined && !next.startsWith("-") && !harmlessValue(next, true, shell)
    );
  });
});
