import { asRecord } from "../../tf";
import type { Rule } from "../../types";

/** Whether a `dynamic` key sits anywhere inside a value ("//" metadata aside); allocates nothing on clean input. */
function hasDynamic(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  if (Array.isArray(value)) return value.some(hasDynamic);
  for (const k in value) if (k === "dynamic" || (k !== "//" && hasDynamic((value as Record<string, unknown>)[k]))) return true;
  return false;
}

/** Paths ("a.b.dynamic") of every `dynamic` key inside a value, for the message (only run on a hit). */
function dynamicPaths(value: unknown, path: string): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => dynamicPaths(v, `${path}[${i}]`));
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => {
    if (k === "//") return [];
    const p = path ? `${path}.${k}` : k;
    return k === "dynamic" ? [p] : dynamicPaths(v, p);
  });
}

export const noDynamicBlocks: Rule = {
  id: "TF-001",
  title: "No Terraform dynamic blocks: every block the pack checks is written literally",
  severity: "error",
  controls: ["TS-04"],
  unsuppressible: true,
  explanation:
    "The pack checks what Terraform will apply, read from the JSON. A `dynamic` block is expanded by Terraform at plan " +
    "time, so the pack cannot see the mounts, ingress rules or settings it generates: it fails closed instead.",
  remediation:
    "Write the blocks literally (cdktf never emits dynamic blocks unless you use TerraformIterator/dynamic); " +
    "generate them in TypeScript at synth instead.",
  sources: ["Terraform: dynamic blocks (https://developer.hashicorp.com/terraform/language/expressions/dynamic-blocks)"],
  check: (doc) =>
    Object.entries(asRecord(doc.resource)).flatMap(([type, byName]) =>
      Object.entries(asRecord(byName)).flatMap(([name, body]) => {
        if (!hasDynamic(body)) return [];
        const found = dynamicPaths(body, "").join(", ");
        return [{ address: `${type}.${name}`, message: `has a dynamic block the pack cannot check (${found})` }];
      }),
    ),
};
