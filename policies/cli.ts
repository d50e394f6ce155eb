/**
 * `npm run check -- <cdktf.out dir | cdk.tf.json> [--format text|json] [--out FILE]`
 * Runs the policy pack over synthesized Terraform JSON from any tool.
 * Exit 0: no error-level finding; 1: findings; 2: unreadable input, invalid JSON, or JSON that is not Terraform JSON.
 */
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { evaluate, formatText, hasErrors } from "./engine";
import { structuralProblems } from "./tf";
import type { Finding, TfDocument } from "./types";

class InputError extends Error {}

const TF_KEYS = ["resource", "provider", "terraform", "output", "data", "variable", "locals", "module"];

/** The cdk.tf.json files a path names: the file itself, or every stacks/<name>/cdk.tf.json under a cdktf.out dir. */
export function inputFiles(path: string): string[] {
  if (!existsSync(path)) throw new InputError(`${path}: no such file or directory`);
  if (statSync(path).isFile()) return [path];
  const stacks = join(path, "stacks");
  const files = existsSync(stacks)
    ? readdirSync(stacks)
        .map((s) => join(stacks, s, "cdk.tf.json"))
        .filter((f) => existsSync(f))
    : [join(path, "cdk.tf.json")].filter((f) => existsSync(f));
  if (files.length === 0) throw new InputError(`${path}: no stacks/*/cdk.tf.json or cdk.tf.json inside; run \`npm run synth\` first`);
  return files;
}

export function readTerraformJson(file: string): TfDocument {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new InputError(`${file}: not valid JSON (${(e as Error).message})`);
  }
  if (typeof data !== "object" || data === null || Array.isArray(data) || !Object.keys(data).some((k) => TF_KEYS.includes(k))) {
    throw new InputError(`${file}: valid JSON but not Terraform JSON (no top-level ${TF_KEYS.slice(0, 4).join("/")} block)`);
  }
  const problems = structuralProblems(data);
  if (problems.length) throw new InputError(`${file}: malformed Terraform JSON: ${problems.slice(0, 5).join("; ")}`);
  return data as TfDocument;
}

export function runCheck(argv: readonly string[]): { code: number; output: string } {
  const args = [...argv];
  let format = "text";
  let out: string | undefined;
  const paths: string[] = [];
  const usage = "usage: npm run check -- <cdktf.out dir | cdk.tf.json> [--format text|json] [--out FILE]";
  while (args.length) {
    const a = args.shift()!;
    if (a === "--format") format = args.shift() ?? "";
    else if (a.startsWith("--format=")) format = a.slice(9);
    else if (a === "--out") out = args.shift() ?? "";
    else if (a.startsWith("--out=")) out = a.slice(6);
    else if (a.startsWith("-")) return { code: 2, output: `unknown option ${a}\n${usage}` };
    else paths.push(a);
  }
  if (out === "") return { code: 2, output: `--out needs a file path\n${usage}` };
  if (!["text", "json"].includes(format)) return { code: 2, output: `unknown --format "${format}" (text or json)` };
  if (paths.length !== 1)
    return { code: 2, output: "usage: npm run check -- <cdktf.out dir | cdk.tf.json> [--format text|json] [--out FILE]" };
  let results: { file: string; findings: Finding[] }[];
  try {
    results = inputFiles(paths[0]).map((file) => ({ file, findings: evaluate(readTerraformJson(file)) }));
  } catch (e) {
    if (e instanceof InputError) return { code: 2, output: e.message };
    throw e;
  }
  const findings = results.flatMap((r) => r.findings);
  const report =
    format === "json"
      ? JSON.stringify({ files: results }, null, 2)
      : results.map((r) => `${r.file}\n${formatText(r.findings)}`).join("\n\n");
  if (out) {
    try {
      writeFileSync(out, report + "\n");
    } catch (e) {
      return { code: 2, output: `cannot write ${out}: ${(e as Error).message}` };
    }
  }
  return { code: hasErrors(findings) ? 1 : 0, output: out ? `report written to ${out} (${findings.length} finding(s))` : report };
}

if (require.main === module) {
  const r = runCheck(process.argv.slice(2));
  (r.code === 2 ? process.stderr : process.stdout).write(r.output + "\n");
  process.exitCode = r.code;
}
