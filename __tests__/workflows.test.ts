/**
 * The GitHub workflows (.github/workflows/pr-review.yml, security-scan.yml): they parse, pass a workflow linter
 * (@action-validator/core, the GitHub workflow schema, from the npm registry), run only npm scripts that exist,
 * grant each job only the permissions its steps need, pin every action by commit SHA, and never upload state, plan
 * files or cdktf.out.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

const root = join(__dirname, "..");
const scripts = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  if?: string;
}
interface Job {
  permissions?: Record<string, string> | string;
  steps: Step[];
  if?: string;
  needs?: string | string[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: unknown;
  jobs: Record<string, Job>;
}

const FILES = ["pr-review.yml", "security-scan.yml"];
const text = (f: string) => readFileSync(join(root, ".github/workflows", f), "utf8");
const workflow = (f: string) => parse(text(f)) as Workflow;

/** The write permissions an action needs, and the read ones that go with it. */
const NEEDS: Record<string, Record<string, string>> = {
  "github/codeql-action/upload-sarif": { "security-events": "write", actions: "read", contents: "read" },
  "marocchino/sticky-pull-request-comment": { "pull-requests": "write" },
  "aws-actions/configure-aws-credentials": { "id-token": "write" },
  "actions/checkout": { contents: "read" },
};

describe.each(FILES)("%s", (file) => {
  test("parses as YAML, and the workflow linter (action-validator, GitHub's workflow schema) reports nothing", () => {
    const wf = workflow(file);
    expect(Object.keys(wf.jobs).length).toBeGreaterThan(0);
    let validator: { validateWorkflow(src: string): { errors: unknown[] } } | undefined;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      validator = require("@action-validator/core");
    } catch (e) {
      if (process.env.CI) throw new Error(`@action-validator/core is missing (a devDependency): run npm ci. ${(e as Error).message}`);
      console.warn("SKIPPED workflow linter: @action-validator/core is not installed; run npm ci");
      return;
    }
    expect(validator!.validateWorkflow(text(file)).errors).toEqual([]);
    // The linter is real: it rejects a job without runs-on.
    expect(validator!.validateWorkflow("on: push\njobs:\n  x:\n    steps:\n      - run: echo\n").errors.length).toBeGreaterThan(0);
  });

  test("least privilege: nothing at the top level, each job exactly what its actions need", () => {
    const wf = workflow(file);
    expect(wf.permissions).toEqual({});
    for (const [name, job] of Object.entries(wf.jobs)) {
      expect({ name, permissions: typeof job.permissions }).toEqual({ name, permissions: "object" });
      const needed: Record<string, string> = {};
      for (const s of job.steps) {
        const action = s.uses?.split("@")[0] ?? "";
        for (const [scope, level] of Object.entries(NEEDS[action] ?? {})) if (needed[scope] !== "write") needed[scope] = level;
      }
      // A job that runs the project's code reads the repository even without its own checkout.
      if (job.steps.some((s) => s.run?.includes("npm ")) && !needed.contents) needed.contents = "read";
      expect({ name, permissions: job.permissions }).toEqual({ name, permissions: needed });
    }
  });

  test("every action is pinned by a full commit SHA with its version in a comment", () => {
    const uses = text(file)
      .split("\n")
      .filter((l) => /^\s*(- )?uses:/.test(l));
    expect(uses.length).toBeGreaterThan(0);
    for (const line of uses) expect(line).toMatch(/uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$/);
  });

  test("run steps call only npm scripts that exist, and nothing uploads state, plans or cdktf.out", () => {
    const wf = workflow(file);
    for (const job of Object.values(wf.jobs))
      for (const s of job.steps) {
        for (const m of (s.run ?? "").matchAll(/npm run (?:-s )?([\w:-]+)/g))
          expect({ script: m[1], exists: m[1] in scripts }).toEqual({ script: m[1], exists: true });
        if (s.uses?.startsWith("actions/upload-artifact")) {
          expect(String(s.with?.path)).not.toMatch(/cdktf\.out|tfstate|tfplan|plan\.json|\.terraform|^\.$/);
          expect(Number(s.with?.["retention-days"])).toBeLessThanOrEqual(7);
        }
      }
    expect(text(file)).not.toMatch(/pull_request_target/);
  });
});

test("pr-review: runs on pull requests; the review job is the blocking check; SARIF, comment and plan as the issue says", () => {
  const wf = workflow("pr-review.yml");
  expect(Object.keys(wf.on)).toEqual(["pull_request"]);
  const review = wf.jobs.review;
  const runs = review.steps.map((s) => s.run ?? "").join("\n");
  expect(runs).toMatch(/npm run synth/);
  expect(runs).toMatch(/npm run check -- cdktf\.out --format sarif/);
  expect(runs).toMatch(/npm run review -- --base \.\.\/base\/cdktf\.out --head cdktf\.out --format markdown/);
  expect(review.steps.at(-1)!.if).toMatch(/steps\.review\.outputs\.code != '0'/);
  expect(wf.jobs["code-scanning"].steps.some((s) => s.uses?.startsWith("github/codeql-action/upload-sarif"))).toBe(true);
  expect(wf.jobs.comment.steps.some((s) => s.uses?.startsWith("marocchino/sticky-pull-request-comment"))).toBe(true);
  // Only when a repository variable names the role, and never for forks (no OIDC token, no secrets there).
  expect(wf.jobs.plan.if).toMatch(/vars\.AWS_PLAN_ROLE_ARN != ''/);
  expect(wf.jobs.plan.if).toMatch(/head\.repo\.full_name == github\.repository/);
  const planRun = wf.jobs.plan.steps.map((s) => s.run ?? "").join("\n");
  expect(planRun).toMatch(/terraform -chdir=cdktf\.out\/stacks\/aws show -json/);
  expect(planRun).toMatch(/npm run review -- --plan/);
  expect(wf.jobs.plan.steps.find((s) => s.run?.includes("rm -f"))?.if).toBe("always()");
});

test("security-scan: nightly at 02:00 UTC and on pushes to main; Trivy fs, config and image scans to SARIF", () => {
  const wf = workflow("security-scan.yml");
  expect(wf.on.schedule).toEqual([{ cron: "0 2 * * *" }]);
  expect(wf.on.push).toEqual({ branches: ["main"] });
  const trivy = Object.values(wf.jobs)
    .flatMap((j) => j.steps)
    .filter((s) => s.uses?.startsWith("aquasecurity/trivy-action"));
  expect(trivy.map((s) => s.with?.["scan-type"]).sort()).toEqual(["config", "fs", "image"]);
  for (const s of trivy) expect(s.with?.format).toBe("sarif");
  expect(wf.jobs.images.steps.at(-1)!.run).toMatch(/npm run -s images -- cdktf\.out/);
});
