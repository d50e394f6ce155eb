/**
 * Keeps secrets out of review output. Two layers:
 * 1. `looksSecret(name, value)`: a heuristic for values nobody marked sensitive (names such as password/token/
 *    private_key, PEM blocks, well-known token shapes, long high-entropy strings);
 * 2. `Redactor`: every value a plan marks sensitive is collected, and any occurrence of it in the finished report
 *    (in any format) is replaced, so a sensitive value that also appears in a non-sensitive place never gets out.
 */

export const SENSITIVE = "(sensitive)";
export const MASKED = "(masked: looks like a secret)";

/** Attribute or variable names whose values are secrets. Names that only point at a secret (…_arn, …_id) are not. */
const SECRET_NAME =
  /(pass(word|wd|phrase)?$|passwd|password|secret|token|private_?key|api_?key|access_?key|credential|auth_?string|cookie|signing_?key|session_?key|client_?secret|_pem$|^pem$|^result$|bcrypt|^data$|content_base64)/i;
const POINTER_NAME =
  /(_arns?|_ids?|_names?|_version|_versions|_stage|_type|_rotation.*|_days|_length|kms_key.*|_file|_path|_prefix|_enabled|_count|_id_\w+)$/i;

export function secretName(name: string): boolean {
  const n = name.replace(/^.*\./, "");
  return SECRET_NAME.test(n) && !POINTER_NAME.test(n);
}

const TOKEN_SHAPES: readonly RegExp[] = [
  /-----BEGIN [A-Z0-9 ]*-----/, // PEM (keys, certificates)
  /\bAKIA[0-9A-Z]{16}\b/, // AWS access key id
  /\bgh[pousr]_[A-Za-z0-9]{30,}\b/, // GitHub tokens
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/, // Slack tokens
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\./, // JWT
  /\b(postgres(ql)?|mysql|redis|rediss|amqp|mongodb(\+srv)?):\/\/[^\s:@/]+:[^\s@/]+@/i, // URL with user:password@
];

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) h -= (n / s.length) * Math.log2(n / s.length);
  return h;
}

/**
 * A generated password, key or token: a long piece (between the separators identifiers use) mixing letters and
 * digits with high entropy, or a string mixing four character classes including symbols identifiers do not use.
 * Identifiers people read (ELBSecurityPolicy-TLS13-1-2-Res-2021-06, ARNs, URLs without credentials, UUIDs) are not.
 */
export function highEntropy(s: string): boolean {
  if (s.length < 16 || /\s/.test(s) || s.includes("${")) return false;
  const piece = s.split(/[-_./:@?&=,;+]/).some((p) => p.length >= 16 && /\d/.test(p) && /[A-Za-z]/.test(p) && entropy(p) >= 3.5);
  if (piece) return true;
  if (s.includes("://")) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9\-_./:]/].filter((r) => r.test(s)).length;
  return classes === 4 && entropy(s) >= 3.5;
}

export function looksSecret(name: string, value: unknown): boolean {
  if (value === null || value === undefined || typeof value === "boolean" || typeof value === "number") return false;
  if (typeof value !== "string") return secretName(name);
  if (value === "") return false;
  return secretName(name) || TOKEN_SHAPES.some((r) => r.test(value)) || highEntropy(value);
}

/** Collects the sensitive values of a plan and removes them from any text. */
export class Redactor {
  private readonly values = new Set<string>();

  add(value: unknown): void {
    if (typeof value === "string") {
      if (value.length >= 4) this.values.add(value);
      // The same value as it appears inside a JSON string.
      const escaped = JSON.stringify(value).slice(1, -1);
      if (escaped !== value && escaped.length >= 4) this.values.add(escaped);
    } else if (typeof value === "number" && String(value).length >= 6) this.values.add(String(value));
    else if (Array.isArray(value)) value.forEach((v) => this.add(v));
    else if (typeof value === "object" && value !== null) Object.values(value).forEach((v) => this.add(v));
  }

  get size(): number {
    return this.values.size;
  }

  redact(text: string): string {
    let out = text;
    // Longest first, so a value that contains another is replaced whole.
    for (const v of [...this.values].sort((a, b) => b.length - a.length)) out = out.split(v).join(SENSITIVE);
    return out;
  }
}
