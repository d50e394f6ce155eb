/** Helpers that keep each rule file to its logic. */
import { containerSpec, resources } from "./tf";
import type { TfDocument, TfResource } from "./types";

export type Violation = { address: string; message: string };

/** Runs `check` on every docker_service; it returns the problem (or nothing) for that service. */
export function eachService(
  doc: TfDocument,
  check: (spec: Record<string, unknown>, service: TfResource) => string | string[] | undefined,
): Violation[] {
  return resources(doc, "docker_service").flatMap((s) => {
    const r = check(containerSpec(s), s);
    return (r === undefined ? [] : Array.isArray(r) ? r : [r]).map((message) => ({ address: s.address, message }));
  });
}
