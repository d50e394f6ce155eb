/** Small readers for Terraform JSON, shared by the rules. They tolerate malformed input and report it as absent. */
import type { TfDocument, TfResource } from "./types";

/** A Terraform boolean attribute: Terraform converts the strings "true"/"false" to bool, so both forms count. */
export const isTrue = (v: unknown): boolean => v === true || v === "true";
export const isFalse = (v: unknown): boolean => v === false || v === "false";

/** A value as a plain object ({} for anything else). */
export function asRecord(v: unknown): Record<string, unknown> {
  if (Array.isArray(v) && v.length === 1) v = v[0];
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** The resources of one type (bodies that are not objects are skipped); one pass, one array. */
export function resources(doc: TfDocument, type: string): TfResource[] {
  const byName = asRecord(asRecord(doc.resource)[type]);
  const out: TfResource[] = [];
  for (const name in byName) {
    const body = byName[name];
    if (typeof body === "object" && body !== null && !Array.isArray(body))
      out.push({ type, name, address: `${type}.${name}`, body: body as Record<string, unknown> });
  }
  return out;
}

/** Reads a nested attribute; a single-item list (HCL block rendered as a list) is unwrapped on the way. */
export function get(value: unknown, ...path: string[]): unknown {
  let v: unknown = value;
  for (const key of path) {
    if (Array.isArray(v) && v.length === 1) v = v[0];
    if (typeof v !== "object" || v === null) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return Array.isArray(v) && v.length === 1 && typeof v[0] === "object" ? v[0] : v;
}

/** A list of blocks (absent → []); a single object is a one-item list; non-objects are dropped. */
export function list(value: unknown, ...path: string[]): Record<string, unknown>[] {
  let v: unknown = value;
  for (let i = 0; i < path.length; i++) {
    if (Array.isArray(v) && v.length === 1) v = v[0];
    if (typeof v !== "object" || v === null) return [];
    v = (v as Record<string, unknown>)[path[i]];
  }
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).filter((x): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x));
}

/** The container spec of a docker_service. */
export function containerSpec(service: TfResource): Record<string, unknown> {
  return asRecord(get(service.body, "task_spec", "container_spec"));
}

/** Labels of a docker_service/docker_network as a map. */
export function labels(body: unknown): Record<string, string> {
  return Object.fromEntries(list(body, "labels").map((l) => [String(l.label), String(l.value)]));
}

/**
 * Addresses referenced inside "${…}" expressions, wrapped in functions or not: "random_password.db",
 * "var.db_password", "local.x", "data.x.y" (as "x.y" with the data prefix kept: "data.x.y" → "data.x").
 */
export function references(text: string): string[] {
  if (!text.includes("${")) return [];
  const out: string[] = [];
  for (const expr of text.matchAll(/\$\{([^}]*)\}/g)) {
    for (const m of expr[1].matchAll(/(?<![\w.])(data\.)?([a-z][a-z0-9]*_[a-z0-9_]+|var|local)\.([A-Za-z0-9_-]+)/g)) {
      out.push(`${m[1] ?? ""}${m[2]}.${m[3]}`);
    }
  }
  return out;
}

/** Every string anywhere inside a value (one accumulator: no array per level, which the 10,000-resource budget feels). */
export function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (typeof value === "object" && value !== null) for (const k in value) strings((value as Record<string, unknown>)[k], out);
  return out;
}

/** Problems that make a document unusable as Terraform JSON (for the CLI's exit code 2); [] when well formed. */
export function structuralProblems(doc: unknown): string[] {
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) return ["the document is not a JSON object"];
  const problems: string[] = [];
  const d = doc as Record<string, unknown>;
  for (const block of ["resource", "data"]) {
    if (!(block in d)) continue;
    const types = d[block];
    if (typeof types !== "object" || types === null || Array.isArray(types)) {
      problems.push(`"${block}" is not an object of resource types`);
      continue;
    }
    for (const [type, byName] of Object.entries(types)) {
      if (typeof byName !== "object" || byName === null || Array.isArray(byName)) {
        problems.push(`${block}.${type} is not an object of named resources`);
        continue;
      }
      for (const [name, body] of Object.entries(byName)) {
        if (typeof body !== "object" || body === null || Array.isArray(body)) problems.push(`${block}.${type}.${name} is not an object`);
      }
    }
  }
  for (const block of ["provider", "output", "variable"]) {
    if (block in d && (typeof d[block] !== "object" || d[block] === null || Array.isArray(d[block])))
      problems.push(`"${block}" is not an object`);
  }
  return problems;
}
