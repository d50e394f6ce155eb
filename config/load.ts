/**
 * The configuration boundary: read an optional file, merge it over the embedded defaults, validate once.
 * Errors list every problem with its field path; nothing else in the program validates config again.
 */
import { readFileSync } from "node:fs";
import type { z } from "zod";
import { DEFAULT_CONFIG } from "./defaults";
import { ConfigError, type ConfigProblem } from "./errors";
import { configSchema, type InfraConfig } from "./schema";

export interface ConfigSource {
  /** Command-line arguments (after the script name); `--config FILE` or `--config=FILE`. */
  readonly argv?: readonly string[];
  /** Environment; INFRA_CONFIG names a file when --config is absent. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Which file, if any, the user asked for. */
export function configPath(src: ConfigSource): string | undefined {
  const argv = src.argv ?? [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--config") return argv[i + 1] ?? "";
    if (argv[i].startsWith("--config=")) return argv[i].slice("--config=".length);
  }
  return src.env?.INFRA_CONFIG || undefined;
}

/** Loads and validates the configuration; throws ConfigError listing every problem. */
export function loadConfig(src: ConfigSource = {}): InfraConfig {
  const file = configPath(src);
  if (file === undefined) return parseConfig({}, "embedded defaults");
  if (file === "") throw new ConfigError("--config", [{ path: "(file)", message: "--config needs a file path" }]);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new ConfigError(file, [{ path: "(file)", message: `cannot read: ${(e as Error).message}` }]);
  }
  if (text.trim() === "")
    throw new ConfigError(file, [{ path: "(file)", message: "the file is empty; put a JSON object in it ({} keeps every default)" }]);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(file, [{ path: "(file)", message: `not valid JSON: ${(e as Error).message}` }]);
  }
  return parseConfig(data, file);
}

/** Merges an override object over the defaults and validates the result. */
export function parseConfig(override: unknown, source = "inline"): InfraConfig {
  if (typeof override !== "object" || override === null || Array.isArray(override)) {
    throw new ConfigError(source, [{ path: "(file)", message: "must be a JSON object" }]);
  }
  const forbidden = prototypeKeys(override);
  if (forbidden.length)
    throw new ConfigError(
      source,
      forbidden.map((path) => ({ path, message: "unknown key" })),
    );
  const merged = deepMerge(DEFAULT_CONFIG, override);
  const result = configSchema.safeParse(merged);
  if (!result.success) throw new ConfigError(source, toProblems(result.error));
  return result.data;
}

function toProblems(error: z.ZodError): ConfigProblem[] {
  return error.issues.flatMap((issue) => {
    const base = issue.path.map(String).join(".");
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((k) => ({ path: base ? `${base}.${k}` : k, message: "unknown key" }));
    }
    return [{ path: base || "(root)", message: issue.message }];
  });
}

/** Paths of keys that would reach an object's prototype when merged (JSON.parse keeps "__proto__" as a key). */
function prototypeKeys(value: unknown, path = ""): string[] {
  if (typeof value !== "object" || value === null) return [];
  return Object.keys(value).flatMap((k) => {
    const p = path ? `${path}.${k}` : k;
    return ["__proto__", "constructor", "prototype"].includes(k) ? [p] : prototypeKeys((value as Record<string, unknown>)[k], p);
  });
}

/** Objects merge key by key; anything else (arrays, scalars) replaces. */
function deepMerge(base: unknown, over: unknown): unknown {
  if (isPlainObject(base) && isPlainObject(over)) {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(over)) out[k] = k in base ? deepMerge(base[k], v) : v;
    return out;
  }
  return over;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
