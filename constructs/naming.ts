/**
 * The one naming helper. Every deployed object is named `<project>-<environment>-<part>[-<part>…]`, so two
 * environments can share a Docker host or an AWS account without collisions.
 */
import { createHash } from "node:crypto";

export class Naming {
  constructor(
    readonly project: string,
    readonly environment: string,
  ) {
    if (!/^[a-z][a-z0-9-]*$/.test(project) || !/^[a-z][a-z0-9-]*$/.test(environment)) {
      throw new Error(`Naming: project and environment must be lower-case names, got "${project}", "${environment}"`);
    }
  }

  /** `<project>-<environment>-<parts joined by ->`; parts may contain [a-z0-9_-]. */
  name(...parts: string[]): string {
    return this.withSuffixRoom(0, ...parts);
  }

  /** Like name(), leaving room for a suffix of `reserve` characters added later (Docker names stop at 64). */
  withSuffixRoom(reserve: number, ...parts: string[]): string {
    for (const p of parts) {
      if (!/^[a-z0-9][a-z0-9_-]*$/.test(p)) throw new Error(`Naming: invalid name part "${p}"`);
    }
    const n = [this.project, this.environment, ...parts].join("-");
    if (n.length + reserve > 63)
      throw new Error(`Naming: "${n}" leaves no room for a ${reserve}-character suffix within 63 characters; shorten the project name`);
    return n;
  }

  /** A name that changes with the content, for immutable objects such as Docker configs. */
  versioned(content: string, ...parts: string[]): string {
    return this.name(...parts, contentHash(content));
  }
}

/** First 10 hex digits of the SHA-256 of the content. */
export function contentHash(content: string): string {
  return createHash("sha256").update(content).digest("hex").slice(0, 10);
}
