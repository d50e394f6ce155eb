/** Typed configuration errors: every problem, each with the field path it concerns. */

export interface ConfigProblem {
  /** Dotted field path, e.g. "services.api.image"; "(file)" for problems with the file itself. */
  readonly path: string;
  readonly message: string;
}

export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(
      `Invalid configuration (${source}): ${problems.length} problem${problems.length === 1 ? "" : "s"}\n` +
        problems.map((p) => `  - ${p.path}: ${p.message}`).join("\n") +
        "\nFix the fields above and run again; nothing was synthesized.",
    );
    this.name = "ConfigError";
  }
}
