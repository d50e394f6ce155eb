/**
 * `npm run check -- <cdktf.out dir | cdk.tf.json> [--format text|json|sarif|markdown] [--out FILE]`
 * Runs the policy pack over synthesized Terraform JSON from any tool.
 * Exit 0: no error-level finding; 1: findings; 2: unreadable input, invalid JSON, or JSON that is not Terraform JSON.
 */
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { evaluate, hasErrors } from "./engine";
import { REPORT_FORMATS, render, summary, type FileFindings, type ReportFormat } from "./report";
import { structuralProblems } from "./tf";
import type { TfDocument } from "./types";

export class InputError extends Error {}

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

/** Largest input read (a synthesized stack of 10,000 resources is about 20 MB). */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024;

/** The text of a JSON input file; InputError (exit 2) when it is missing, unreadable, too large or empty. */
export function readText(file: string): string {
  if (!existsSync(file)) throw new InputError(`${file}: no such file or directory`);
  let text: string;
  try {
    const size = statSync(file).size;
    if (size > MAX_INPUT_BYTES) throw new InputError(`${file}: ${size} bytes is larger than the ${MAX_INPUT_BYTES}-byte limit`);
    text = readFileSync(file, "utf8");
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`${file}: cannot read (${(e as Error).message})`);
  }
  if (!/\S/.test(text))
    throw new InputError(`${file}: the file is empty; expected JSON (is the path right, did the step that writes it run?)`);
  return text;
}

export function readTerraformJson(file: string): TfDocument {
  return parseTerraformJson(file, readText(file));
}

export function parseTerraformJson(file: string, text: string): TfDocument {
  let data: unknown;
  try {
    data = JSON.parse(text);
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
  const usage = `usage: npm run check -- <cdktf.out dir | cdk.tf.json> [--format ${REPORT_FORMATS.join("|")}] [--out FILE]`;
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
  if (!(REPORT_FORMATS as readonly string[]).includes(format))
    return { code: 2, output: `unknown --format "${format}" (${REPORT_FORMATS.join(", ")})` };
  if (paths.length !== 1) return { code: 2, output: usage };
  let results: FileFindings[];
  try {
    results = inputFiles(paths[0]).map((file) => {
      const text = readText(file);
      return { file: relative(process.cwd(), file) || file, text, findings: evaluate(parseTerraformJson(file, text)) };
    });
  } catch (e) {
    if (e instanceof InputError) return { code: 2, output: e.message };
    throw e;
  }
  const report = render(format as ReportFormat, results);
  const findings = results.flatMap((r) => r.findings);
  if (out) {
    try {
      writeFileSync(out, report.endsWith("\n") ? report : `${report}\n`);
    } catch (e) {
      return { code: 2, output: `cannot write ${out}: ${(e as Error).message}` };
    }
  }
  const s = summary(results);
  const line = `${s.errors} error(s), ${s.warnings} warning(s), ${s.suppressed} suppressed in ${results.length} file(s)`;
  return { code: hasErrors(findings) ? 1 : 0, output: out ? `report written to ${out}: ${line}` : report };
}

/** The process entry: prints the report (or the input error) and sets the exit code. */
export function cliMain(argv: readonly string[]): void {
  const r = runCheck(argv);
  (r.code === 2 ? process.stderr : process.stdout).write(r.output + "\n");
  process.exitCode = r.code;
}

if (require.main === module) cliMain(process.argv.slice(2));
