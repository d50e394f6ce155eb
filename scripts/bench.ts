/**
 * `npm run bench`: the policy check over generated Terraform JSON of 1,000 to 10,000 resources, through the same
 * CLI path as `npm run check` (read, parse, evaluate, report). Prints wall-clock medians of 5 runs and the cost per
 * 1,000 resources, and the full `npm run check` process time at 10,000 resources.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { parseConfig } from "../config/load";
import { buildApp } from "../stacks/app";
import { runCheck } from "../policies/cli";
import type { TfDocument } from "../policies/types";
import { Testing } from "cdktf";

/** The default stack with its docker_service resources cloned until the document holds `n` resources. */
function generate(base: TfDocument & { resource: Record<string, Record<string, unknown>> }, n: number): unknown {
  const doc = structuredClone(base);
  const count = () => Object.values(doc.resource).reduce((a, r) => a + Object.keys(r).length, 0);
  const services = doc.resource.docker_service as Record<string, unknown>;
  // Copies of the services that publish no port, so the generated stack stays compliant (one edge only).
  const templates = Object.entries(base.resource.docker_service as Record<string, unknown>).filter(
    ([, b]) => !JSON.stringify((b as { endpoint_spec?: unknown }).endpoint_spec ?? {}).includes("published_port"),
  );
  for (let i = 0; count() < n; i++) {
    const [name, body] = templates[i % templates.length];
    services[`${name}_copy${i}`] = { ...(body as object), name: `copy-${i}` };
  }
  return doc;
}

/** The default AWS stack with every resource cloned (references kept) until the document holds `n` resources. */
function generateAws(base: TfDocument & { resource: Record<string, Record<string, unknown>> }, n: number): unknown {
  const doc = structuredClone(base);
  const total = Object.values(base.resource).reduce((a, r) => a + Object.keys(r).length, 0);
  for (let i = 0; i * total < n - total; i++)
    for (const [type, byName] of Object.entries(base.resource))
      for (const [name, body] of Object.entries(byName)) doc.resource[type][`${name}_copy${i}`] = structuredClone(body);
  return doc;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const built = buildApp(parseConfig({}), mkdtempSync(join(tmpdir(), "bench-out-")));
const base = JSON.parse(Testing.synth(built.docker)) as TfDocument & { resource: Record<string, Record<string, unknown>> };
const awsBase = JSON.parse(Testing.synth(built.aws)) as TfDocument & { resource: Record<string, Record<string, unknown>> };
const dir = mkdtempSync(join(tmpdir(), "bench-"));
const rows: { n: number; ms: number; mb: number }[] = [];
try {
  for (const n of [1000, 2000, 5000, 10000]) {
    const file = join(dir, `stack-${n}.tf.json`);
    const text = JSON.stringify(generate(base, n), null, 2);
    writeFileSync(file, text);
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      const r = runCheck([file, "--format", "sarif", "--out", join(dir, "out.sarif")]);
      times.push(performance.now() - t0);
      if (r.code === 2) throw new Error(r.output);
    }
    rows.push({ n, ms: median(times), mb: text.length / 1e6 });
  }
  console.log("resources  size(MB)  check(ms, median of 5)  ms per 1,000");
  for (const r of rows)
    console.log(
      `${String(r.n).padStart(9)}  ${r.mb.toFixed(1).padStart(8)}  ${r.ms.toFixed(0).padStart(22)}  ${(r.ms / (r.n / 1000)).toFixed(1).padStart(11)}`,
    );
  const ratio = rows[rows.length - 1].ms / rows[0].ms;
  console.log(`growth 1,000 → 10,000: x${ratio.toFixed(1)} (linear would be x10)`);
  const launcher = join(__dirname, "compiled.js");
  const whole: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    try {
      execFileSync("node", [launcher, "policies/cli", join(dir, "stack-10000.tf.json")], { stdio: "pipe" });
    } catch {
      // exit code 1 (findings) is not expected on copies of a compliant stack, but the timing is what matters here
    }
    whole.push(performance.now() - t0);
  }
  console.log(
    `the check process (node scripts/compiled.js policies/cli, as npm run check runs it) at 10,000 resources: ${median(whole).toFixed(0)} ms median of 5`,
  );
  // The AWS stack: every resource type cloned, so each AWS rule sees 10,000 resources' worth of its input.
  const awsFile = join(dir, "aws-10000.tf.json");
  writeFileSync(awsFile, JSON.stringify(generateAws(awsBase, 10000), null, 2));
  const awsTimes: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    runCheck([awsFile, "--format", "sarif", "--out", join(dir, "out.sarif")]);
    awsTimes.push(performance.now() - t0);
  }
  const awsWhole: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    try {
      execFileSync("node", [launcher, "policies/cli", awsFile], { stdio: "pipe" });
    } catch {
      // copies keep the default stack's suppressions out (Testing.synth strips "//"), so AWS-044 reports: timing only
    }
    awsWhole.push(performance.now() - t0);
  }
  console.log(
    `AWS stack cloned to 10,000 resources: check ${median(awsTimes).toFixed(0)} ms in process, ${median(awsWhole).toFixed(0)} ms as a process (median of 5)`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
