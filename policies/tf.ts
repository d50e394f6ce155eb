/** Small readers for Terraform JSON, shared by the rules. */
import type { TfDocument, TfResource } from "./types";

export function resources(doc: TfDocument, type: string): TfResource[] {
  const byName = doc.resource?.[type] ?? {};
  return Object.entries(byName).map(([name, body]) => ({ type, name, address: `${type}.${name}`, body }));
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

/** A list attribute (absent → []). A single object is treated as a one-item list. */
export function list(value: unknown, ...path: string[]): Record<string, unknown>[] {
  let v: unknown = value;
  for (let i = 0; i < path.length; i++) {
    if (Array.isArray(v) && v.length === 1) v = v[0];
    if (typeof v !== "object" || v === null) return [];
    v = (v as Record<string, unknown>)[path[i]];
  }
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]) as Record<string, unknown>[];
}

/** The container spec of a docker_service. */
export function containerSpec(service: TfResource): Record<string, unknown> {
  return (get(service.body, "task_spec", "container_spec") as Record<string, unknown>) ?? {};
}

/** Labels of a docker_service/docker_network as a map. */
export function labels(body: unknown): Record<string, string> {
  return Object.fromEntries(list(body, "labels").map((l) => [String(l.label), String(l.value)]));
}

/** The resource addresses referenced by "${type.name.attr}" expressions inside a string. */
export function references(text: string): string[] {
  return [...text.matchAll(/\$\{([a-z0-9_]+\.[A-Za-z0-9_-]+)(?:\.[^}]*)?\}/g)].map((m) => m[1]);
}

/** Every string anywhere inside a value. */
export function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (typeof value === "object" && value !== null) return Object.values(value).flatMap(strings);
  return [];
}
