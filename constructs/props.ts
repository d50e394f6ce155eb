/** Construct props validation: one zod parse at the construct boundary, every problem reported with its path. */
import type { z } from "zod";

export class PropsError extends Error {
  constructor(
    readonly constructPath: string,
    readonly problems: readonly { path: string; message: string }[],
  ) {
    super(`Invalid props for ${constructPath}:\n` + problems.map((p) => `  - ${p.path}: ${p.message}`).join("\n"));
    this.name = "PropsError";
  }
}

export function parseProps<S extends z.ZodType>(schema: S, props: unknown, constructPath: string): z.output<S> {
  const r = schema.safeParse(props);
  if (r.success) return r.data;
  throw new PropsError(
    constructPath,
    r.error.issues.map((i) => ({
      path: [...i.path.map(String), ...(i.code === "unrecognized_keys" ? [i.keys.join(",")] : [])].join(".") || "(props)",
      message: i.code === "unrecognized_keys" ? "unknown key" : i.message,
    })),
  );
}
