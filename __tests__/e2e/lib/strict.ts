/**
 * Strict reading of one resource block of cdk.tf.json: every key must be taken by the mapping code, and `end()`
 * throws for any key that was not, naming its full path. This is what makes the e2e applier refuse an attribute it
 * does not understand instead of dropping it (a dropped `read_only` or `cap_drop` would make the run look hardened
 * when it is not).
 */
import { evaluate, type Resolve, type Value } from "./expr";

export class UnsupportedAttributeError extends Error {}

type Json = unknown;

export class Strict {
  private readonly used = new Set<string>();
  constructor(
    private readonly data: Record<string, Json>,
    readonly path: string,
    private readonly resolve: Resolve,
  ) {
    if (typeof data !== "object" || data === null || Array.isArray(data)) throw new Error(`${path}: expected an object`);
  }

  has(key: string): boolean {
    return this.data[key] !== undefined && this.data[key] !== null;
  }

  /** Marks keys as understood without using them (Terraform-only meta-arguments), with the reason in the caller. */
  ignore(...keys: string[]): void {
    for (const k of keys) this.used.add(k);
  }

  private raw(key: string): Json {
    this.used.add(key);
    return this.data[key];
  }

  private eval(key: string, v: Json): Value {
    if (typeof v === "string") return evaluate(v, this.resolve);
    if (typeof v === "number" || typeof v === "boolean") return v;
    if (Array.isArray(v)) return v.map((x, i) => this.eval(`${key}[${i}]`, x));
    throw new Error(`${this.path}.${key}: expected a value, got ${JSON.stringify(v)}`);
  }

  str(key: string): string;
  str(key: string, optional: true): string | undefined;
  str(key: string, optional?: true): string | undefined {
    const v = this.raw(key);
    if (v === undefined || v === null) {
      if (optional) return undefined;
      throw new Error(`${this.path}.${key}: required`);
    }
    const e = this.eval(key, v);
    if (Array.isArray(e)) throw new Error(`${this.path}.${key}: expected a string`);
    return String(e);
  }

  num(key: string): number;
  num(key: string, optional: true): number | undefined;
  num(key: string, optional?: true): number | undefined {
    const s = this.str(key, true);
    if (s === undefined) {
      if (optional) return undefined;
      throw new Error(`${this.path}.${key}: required`);
    }
    const n = Number(s);
    if (!Number.isFinite(n)) throw new Error(`${this.path}.${key}: not a number: ${s}`);
    return n;
  }

  bool(key: string): boolean | undefined {
    const s = this.str(key, true);
    if (s === undefined) return undefined;
    if (s !== "true" && s !== "false") throw new Error(`${this.path}.${key}: not a boolean: ${s}`);
    return s === "true";
  }

  strs(key: string): string[] | undefined {
    const v = this.raw(key);
    if (v === undefined || v === null) return undefined;
    const e = this.eval(key, v);
    if (!Array.isArray(e)) throw new Error(`${this.path}.${key}: expected a list`);
    return e.map(String);
  }

  /** A map of plain strings (env, options). */
  map(key: string): Record<string, string> | undefined {
    const v = this.raw(key);
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "object" || Array.isArray(v)) throw new Error(`${this.path}.${key}: expected a map`);
    return Object.fromEntries(Object.entries(v as Record<string, Json>).map(([k, x]) => [k, String(this.eval(`${key}.${k}`, x))]));
  }

  /** A nested block (cdktf writes single blocks as an object, sometimes as a one-element list). */
  obj(key: string): Strict | undefined {
    const v = this.raw(key);
    if (v === undefined || v === null) return undefined;
    const o = Array.isArray(v) ? (v.length === 1 ? v[0] : undefined) : v;
    if (o === undefined) throw new Error(`${this.path}.${key}: expected one block, got ${(v as Json[]).length}`);
    return new Strict(o as Record<string, Json>, `${this.path}.${key}`, this.resolve);
  }

  /** A list of nested blocks. */
  objs(key: string): Strict[] {
    const v = this.raw(key);
    if (v === undefined || v === null) return [];
    const list = Array.isArray(v) ? v : [v];
    return list.map((o, i) => new Strict(o as Record<string, Json>, `${this.path}.${key}[${i}]`, this.resolve));
  }

  /** Throws for every key no mapping took. Call last, after reading everything. */
  end(): void {
    const unknown = Object.keys(this.data).filter((k) => !this.used.has(k));
    if (unknown.length) {
      throw new UnsupportedAttributeError(
        `${unknown.map((k) => `${this.path}.${k}`).join(", ")}: not understood by the e2e applier; ` +
          "map it in __tests__/e2e/lib/applier.ts (and assert it in applier.test.ts) rather than dropping it",
      );
    }
  }
}

/** Reads a block with `fn` and checks that every key was understood. */
export function strictly<T>(s: Strict | undefined, fn: (s: Strict) => T): T | undefined {
  if (!s) return undefined;
  const out = fn(s);
  s.end();
  return out;
}
