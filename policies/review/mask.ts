/**
 * Keeps secrets out of review output. Two layers:
 * 1. `looksSecret(name, value)` (policies/secrets.ts, the detector the rules use too): a heuristic for values nobody
 *    marked sensitive (names such as password/token/private_key, private keys, well-known token shapes, credentials
 *    in URLs, high-entropy strings);
 * 2. `Redactor`: every value a plan marks sensitive is collected, and any occurrence of it in the finished report
 *    (in any format) is replaced, so a sensitive value that also appears in a non-sensitive place never gets out.
 */

export const SENSITIVE = "(sensitive)";
export const MASKED = "(masked: looks like a secret)";

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
