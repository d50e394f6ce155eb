/**
 * A small evaluator for the Terraform expressions cdktf writes into cdk.tf.json: template strings with
 * `${…}` interpolations holding references (`type.name.attr`), string literals, tuples and the few functions
 * the Docker stack uses. Anything else (another function, an operator, a conditional, a splat) throws, so an
 * expression the e2e applier cannot evaluate never turns into a silently wrong value.
 */
import { createHash } from "node:crypto";

export type Value = string | number | boolean | Value[];
/** Looks up `type.name.attr`; throws when unknown. */
export type Resolve = (ref: string) => Value;

const FUNCTIONS: Record<string, (args: Value[], now: Date) => Value> = {
  base64encode: ([s]) => Buffer.from(str(s, "base64encode"), "utf8").toString("base64"),
  sha256: ([s]) => createHash("sha256").update(str(s, "sha256"), "utf8").digest("hex"),
  join: ([sep, list]) => {
    if (!Array.isArray(list)) throw new Error("join: second argument must be a list");
    return list.map((v) => str(v, "join")).join(str(sep, "join"));
  },
  timestamp: (_args, now) => now.toISOString().replace(/\.\d{3}Z$/, "Z"),
  formatdate: ([spec, ts]) => formatdate(str(spec, "formatdate"), str(ts, "formatdate")),
};

function str(v: Value, where: string): string {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  throw new Error(`${where}: expected a string, got a list`);
}

/** Terraform's formatdate, for the numeric tokens only (YYYY MM DD hh mm ss); other tokens throw. */
function formatdate(spec: string, ts: string): string {
  const d = new Date(ts);
  if (Number.isNaN(d.getTime())) throw new Error(`formatdate: bad timestamp ${ts}`);
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  const tokens: Record<string, string> = {
    YYYY: p(d.getUTCFullYear(), 4),
    MM: p(d.getUTCMonth() + 1),
    DD: p(d.getUTCDate()),
    hh: p(d.getUTCHours()),
    mm: p(d.getUTCMinutes()),
    ss: p(d.getUTCSeconds()),
  };
  let out = "";
  for (let i = 0; i < spec.length;) {
    const t = ["YYYY", "MM", "DD", "hh", "mm", "ss"].find((k) => spec.startsWith(k, i));
    if (t) {
      out += tokens[t];
      i += t.length;
    } else if (/[A-Za-z]/.test(spec[i])) {
      throw new Error(`formatdate: unsupported token at "${spec.slice(i)}"`);
    } else out += spec[i++];
  }
  return out;
}

class Parser {
  private i = 0;
  constructor(
    private readonly s: string,
    private readonly resolve: Resolve,
    private readonly now: Date,
  ) {}

  /** A template up to `end` (a quote) or the end of input; a template that is exactly one interpolation keeps its type. */
  template(end?: string): Value {
    const parts: Value[] = [];
    let lit = "";
    while (this.i < this.s.length) {
      const c = this.s[this.i];
      if (end && c === end) break;
      if (this.s.startsWith("${", this.i)) {
        this.i += 2;
        if (lit) parts.push(lit);
        lit = "";
        this.ws();
        parts.push(this.expr());
        this.ws();
        this.expect("}");
      } else if (this.s.startsWith("$${", this.i)) {
        lit += "${";
        this.i += 3;
      } else if (end && c === "\\") {
        const n = this.s[this.i + 1];
        const esc: Record<string, string> = { n: "\n", t: "\t", r: "\r", '"': '"', "\\": "\\" };
        if (!(n in esc)) throw new Error(`unsupported escape \\${n} in ${this.s}`);
        lit += esc[n];
        this.i += 2;
      } else {
        lit += c;
        this.i++;
      }
    }
    if (lit) parts.push(lit);
    if (parts.length === 1) return parts[0];
    return parts.map((p) => str(p, "template")).join("");
  }

  private expr(): Value {
    this.ws();
    const c = this.s[this.i];
    if (c === '"') {
      this.i++;
      const v = this.template('"');
      this.expect('"');
      return v;
    }
    if (c === "[") {
      this.i++;
      const items: Value[] = [];
      this.ws();
      while (this.s[this.i] !== "]") {
        items.push(this.expr());
        this.ws();
        if (this.s[this.i] === ",") this.i++;
        this.ws();
      }
      this.i++;
      return items;
    }
    if (/[0-9]/.test(c)) {
      const m = /^\d+(\.\d+)?/.exec(this.s.slice(this.i))!;
      this.i += m[0].length;
      return Number(m[0]);
    }
    const m = /^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*/.exec(this.s.slice(this.i));
    if (!m) throw new Error(`cannot parse expression at "${this.s.slice(this.i, this.i + 40)}"`);
    this.i += m[0].length;
    this.ws();
    if (this.s[this.i] === "(") {
      const fn = FUNCTIONS[m[0]];
      if (!fn) throw new Error(`unsupported function ${m[0]}() in ${this.s}`);
      this.i++;
      const args: Value[] = [];
      this.ws();
      while (this.s[this.i] !== ")") {
        args.push(this.expr());
        this.ws();
        if (this.s[this.i] === ",") this.i++;
        this.ws();
      }
      this.i++;
      return fn(args, this.now);
    }
    if (m[0] === "true" || m[0] === "false") return m[0] === "true";
    if (m[0].split(".").length !== 3) throw new Error(`unsupported reference ${m[0]} (expected type.name.attribute)`);
    return this.resolve(m[0]);
  }

  private ws() {
    while (/\s/.test(this.s[this.i] ?? "")) this.i++;
  }

  private expect(c: string) {
    if (this.s[this.i] !== c) throw new Error(`expected "${c}" at ${this.i} in ${this.s}`);
    this.i++;
  }

  done(): boolean {
    return this.i >= this.s.length;
  }
}

/** Evaluates a string from cdk.tf.json (plain text or a template). */
export function evaluate(s: string, resolve: Resolve, now = new Date()): Value {
  if (!s.includes("${")) return s;
  const p = new Parser(s, resolve, now);
  const v = p.template();
  if (!p.done()) throw new Error(`trailing input in ${s}`);
  return v;
}
