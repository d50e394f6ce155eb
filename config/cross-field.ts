/**
 * Cross-field rules that run even when other fields are wrong.
 *
 * zod skips an object's `superRefine` as soon as any field of it has an issue, so one type error (replicas "3")
 * used to hide every cross-field problem (digests, certificate, state backend, subnet overlaps). The contract is
 * every problem at once, each with its field path; so cross-field rules run with `when` (zod 4) and guard each
 * read with `clean(...)`: a field is read only when it parsed without an issue, so the rule sees its declared type
 * and never crashes on wrongly-typed input.
 */
import type { z } from "zod";

/** Paths of the fields a rule reads, relative to the refined object. */
export type FieldPath = readonly PropertyKey[];

/** Checks whether fields parsed cleanly; the second argument of a {@link crossField} rule. */
export type Clean = (...paths: FieldPath[]) => boolean;

/** True when one path equals or contains the other. */
function related(a: readonly PropertyKey[], b: FieldPath): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Adds a cross-field rule to `schema` that runs despite issues elsewhere. `clean(p1, p2, …)` is true when no issue
 * sits at, inside or above any of the paths; unknown-key issues do not count (the known fields keep their types).
 * Read a field only after `clean` said yes.
 */
export function crossField<S extends z.ZodType>(
  schema: S,
  rule: (value: z.output<S>, clean: Clean, ctx: z.RefinementCtx<z.output<S>>) => void,
): S {
  return schema.superRefine(
    (value, ctx) => {
      const issues = ctx.issues.filter((i) => i.code !== "unrecognized_keys");
      const clean: Clean = (...paths) => paths.every((p) => !issues.some((i) => related(i.path ?? [], p)));
      rule(value, clean, ctx);
    },
    { when: () => true },
  );
}
