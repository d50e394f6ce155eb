/**
 * `npm run review -- --base <cdktf.out | cdk.tf.json> --head <cdktf.out | cdk.tf.json> [--plan plan.json]
 *  [--format markdown|json] [--out FILE] [--max-chars N]`
 * What a change does to security, as one pull-request comment. `--plan` alone summarizes a plan without a diff.
 * Exit 0: nothing weakened at error level without a suppression; 1: something is (a required check blocks the
 * merge); 2: bad input (missing or unreadable path, not Terraform JSON, not a plan, unknown option).
 */
import { writeFileSync } from "node:fs";
import { basename, dirname } from "node:path";
import { InputError, inputFiles, parseTerraformJson, readText } from "../cli";
import { reviewDiff, type Stack } from "./diff";
import { Redactor } from "./mask";
import { PlanInputError, parsePlan, summarizePlan } from "./plan";
import { GITHUB_COMMENT_LIMIT, exitCode, renderJson, renderMarkdown, summaryOf, type Review } from "./render";

const FORMATS = ["markdown", "json"] as const;
const USAGE =
  "usage: npm run review -- --base <cdktf.out | cdk.tf.json> --head <cdktf.out | cdk.tf.json> [--plan plan.json] [--format markdown|json] [--out FILE] [--max-chars N]\n" +
  "       npm run review -- --plan plan.json [--format markdown|json] [--out FILE]   (plan summary only)";

/** A stack's name: its folder under cdktf.out/stacks, or the file's name. */
function stackName(file: string): string {
  return basename(file) === "cdk.tf.json" ? basename(dirname(file)) : basename(file).replace(/(\.tf)?\.json$/, "");
}

function readStacks(path: string): { stacks: Stack[]; single: boolean } {
  const files = inputFiles(path);
  return {
    stacks: files.map((f) => ({ name: stackName(f), doc: parseTerraformJson(f, readText(f)) })),
    single: files.length === 1 && files[0] === path,
  };
}

export function runReview(argv: readonly string[]): { code: number; output: string } {
  const args = [...argv];
  const opts: Record<string, string> = {};
  while (args.length) {
    const a = args.shift()!;
    const m = /^--(base|head|plan|format|out|max-chars)(?:=(.*))?$/.exec(a);
    if (!m) return { code: 2, output: `${a.startsWith("-") ? "unknown option" : "unexpected argument"} ${a}\n${USAGE}` };
    const value = m[2] ?? args.shift();
    if (value === undefined || value === "" || (m[2] === undefined && value.startsWith("--")))
      return { code: 2, output: `--${m[1]} needs a value\n${USAGE}` };
    opts[m[1]] = value;
  }
  const format = opts.format ?? "markdown";
  if (!(FORMATS as readonly string[]).includes(format)) return { code: 2, output: `unknown --format "${format}" (${FORMATS.join(", ")})` };
  const limit = opts["max-chars"] === undefined ? GITHUB_COMMENT_LIMIT : Number(opts["max-chars"]);
  if (!Number.isInteger(limit) || limit < 1000) return { code: 2, output: `--max-chars must be a whole number of at least 1000` };
  if (!!opts.base !== !!opts.head) return { code: 2, output: `--base and --head go together\n${USAGE}` };
  if (!opts.base && !opts.plan) return { code: 2, output: USAGE };

  const redactor = new Redactor();
  let review: Review;
  try {
    let diff;
    if (opts.base && opts.head) {
      const base = readStacks(opts.base);
      const head = readStacks(opts.head);
      // Two single files are one stack, whatever their names.
      if (base.single && head.single) base.stacks[0] = { ...base.stacks[0], name: head.stacks[0].name };
      diff = reviewDiff(base.stacks, head.stacks);
    }
    const plan = opts.plan ? summarizePlan(parsePlan(readText(opts.plan), opts.plan), redactor) : undefined;
    review = { ...(diff ? { diff } : {}), ...(plan ? { plan } : {}) };
  } catch (e) {
    if (e instanceof InputError || e instanceof PlanInputError) return { code: 2, output: e.message };
    throw e;
  }
  const report = redactor.redact(format === "json" ? renderJson(review) : renderMarkdown(review, limit));
  const code = exitCode(review);
  if (opts.out) {
    try {
      writeFileSync(opts.out, report.endsWith("\n") ? report : `${report}\n`);
    } catch (e) {
      return { code: 2, output: `cannot write ${opts.out}: ${(e as Error).message}` };
    }
    const s = summaryOf(review);
    const line =
      `review written to ${opts.out}: ${s.weakened.total} weakened (${s.weakened.errors} error, ${s.weakened.suppressed} suppressed), ` +
      `${s.strengthened} strengthened, findings ${s.findings.new} new / ${s.findings.fixed} fixed / ${s.findings.unchanged} unchanged` +
      (s.plan ? `, plan ${s.plan.create}/${s.plan.update}/${s.plan.replace}/${s.plan.destroy} create/update/replace/destroy` : "") +
      (code === 1 ? "; BLOCKS the merge" : "");
    return { code, output: redactor.redact(line) };
  }
  return { code, output: report };
}

/** The process entry: prints the review (or the input error) and sets the exit code. */
export function cliMain(argv: readonly string[]): void {
  const r = runReview(argv);
  (r.code === 2 ? process.stderr : process.stdout).write(r.output.endsWith("\n") ? r.output : r.output + "\n");
  process.exitCode = r.code;
}

if (require.main === module) cliMain(process.argv.slice(2));
