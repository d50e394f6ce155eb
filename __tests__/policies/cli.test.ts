/** The CLI checker: the same rules over any Terraform JSON, with the documented exit codes. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCheck } from "../../policies/cli";
import { defaultDoc, servicesByName } from "../helpers/synth";

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), "check-"))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: string): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

test("exit 0 on the synthesized stack, read from a cdktf.out folder", () => {
  mkdirSync(join(dir, "out/stacks/docker"), { recursive: true });
  writeFileSync(join(dir, "out/stacks/docker/cdk.tf.json"), JSON.stringify(defaultDoc()));
  expect(runCheck([join(dir, "out")])).toMatchObject({ code: 0 });
});

test("exit 1 with the finding when a hand-edited file weakens a control; JSON format lists it", () => {
  const doc = defaultDoc();
  const api = servicesByName(doc).api.body as { task_spec: { container_spec: Record<string, unknown> } };
  api.task_spec.container_spec.read_only = false;
  const file = write("weak.tf.json", JSON.stringify(doc));
  const text = runCheck([file]);
  expect(text.code).toBe(1);
  expect(text.output).toMatch(/ERROR DKR-002 \[C-02\] docker_service\.system_api_service_\w+: read_only is not true/);
  const json = JSON.parse(runCheck([file, "--format", "json"]).output);
  expect(json.files[0].findings).toEqual([expect.objectContaining({ ruleId: "DKR-002", severity: "error" })]);
});

test("exit 2 for a missing path, invalid JSON, and JSON that is not Terraform JSON, each saying which", () => {
  expect(runCheck([join(dir, "nope")])).toEqual({ code: 2, output: expect.stringMatching(/no such file/) });
  expect(runCheck([write("bad.json", "{oops")])).toEqual({ code: 2, output: expect.stringMatching(/not valid JSON/) });
  expect(runCheck([write("pkg.json", '{"name":"x"}')])).toEqual({ code: 2, output: expect.stringMatching(/not Terraform JSON/) });
  expect(runCheck([])).toMatchObject({ code: 2 });
  expect(runCheck([write("ok.json", "{}"), "--format", "xml"])).toMatchObject({ code: 2 });
  expect(runCheck([write("empty.json", "")])).toEqual({ code: 2, output: expect.stringMatching(/the file is empty/) });
});

test("the images script lists digest-pinned images, and exits 2 with the message (no stack trace) on bad input", () => {
  const root = join(__dirname, "../..");
  const run = (path: string) =>
    spawnSync(join(root, "node_modules/.bin/tsx"), [join(root, "scripts/images.ts"), path], { cwd: root, encoding: "utf8" });
  const doc = defaultDoc();
  const api = servicesByName(doc).api.body as { task_spec: { container_spec: Record<string, unknown> } };
  api.task_spec.container_spec.image = `registry.example.com/api@sha256:${"a".repeat(64)}`;
  const ok = run(write("pinned.tf.json", JSON.stringify(doc)));
  expect(ok.status).toBe(0);
  expect(JSON.parse(ok.stdout)).toEqual([`registry.example.com/api@sha256:${"a".repeat(64)}`]);
  for (const [path, message] of [
    [write("notf.json", '{"name":"x"}'), /not Terraform JSON/],
    [join(dir, "nope"), /no such file or directory/],
    [write("blank.json", ""), /the file is empty/],
  ] as const) {
    const r = run(path);
    expect({ status: r.status, stdout: r.stdout }).toEqual({ status: 2, stdout: "" });
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/InputError|\n\s+at /);
  }
});

test("exit 2, not a crash, for malformed Terraform JSON and unusable options", () => {
  const cases = [
    '{"resource":{"docker_service":{"a":null}}}',
    '{"resource":"x"}',
    '{"resource":{"docker_network":[1]}}',
    '{"provider":[null]}',
  ];
  for (const c of cases)
    expect(runCheck([write("m.json", c)])).toEqual({ code: 2, output: expect.stringMatching(/malformed Terraform JSON/) });
  const ok = write("ok2.json", JSON.stringify(defaultDoc()));
  expect(runCheck([ok, "--out", join(dir, "no/such/dir/r.txt")])).toEqual({ code: 2, output: expect.stringMatching(/cannot write/) });
  expect(runCheck([ok, "--out"])).toEqual({ code: 2, output: expect.stringMatching(/--out needs a file path/) });
  expect(runCheck([ok, "--verbose"])).toEqual({ code: 2, output: expect.stringMatching(/unknown option --verbose/) });
});

test("a mount list holding null is tolerated by the rules (and reported as malformed only where structure breaks)", () => {
  const doc = defaultDoc();
  (servicesByName(doc).api.body as { task_spec: { container_spec: { mounts: unknown[] } } }).task_spec.container_spec.mounts.push(null);
  expect(runCheck([write("nullmount.json", JSON.stringify(doc))]).code).toBe(0);
});

test("each format, over a directory holding several stacks", () => {
  for (const stack of ["docker", "edge"]) {
    mkdirSync(join(dir, "multi/stacks", stack), { recursive: true });
    writeFileSync(join(dir, "multi/stacks", stack, "cdk.tf.json"), JSON.stringify(defaultDoc()));
  }
  const text = runCheck([join(dir, "multi")]);
  expect(text.code).toBe(0);
  expect(text.output.match(/policy: no findings/g)).toHaveLength(2);
  const json = JSON.parse(runCheck([join(dir, "multi"), "--format", "json"]).output);
  expect(json.files).toHaveLength(2);
  expect(json.summary).toEqual({ errors: 0, warnings: 0, suppressed: 0 });
  const sarif = JSON.parse(runCheck([join(dir, "multi"), "--format=sarif"]).output);
  expect(sarif.version).toBe("2.1.0");
  expect(runCheck([join(dir, "multi"), "--format", "markdown"]).output).toMatch(/^## Policy check\n\nNo error-level findings\./);
  const out = join(dir, "report.md");
  expect(runCheck([join(dir, "multi"), "--format", "markdown", "--out", out])).toEqual({
    code: 0,
    output: expect.stringMatching(/report written to .*report\.md: 0 error\(s\)/),
  });
  expect(readFileSync(out, "utf8")).toMatch(/## Policy check/);
});

test("a 50 MB file that is not JSON exits 2 quickly, without a stack trace", () => {
  const big = join(dir, "big.json");
  writeFileSync(big, Buffer.alloc(50 * 1024 * 1024, "x"));
  const t0 = Date.now();
  const r = runCheck([big]);
  expect(r).toEqual({ code: 2, output: expect.stringMatching(/not valid JSON/) });
  expect(Date.now() - t0).toBeLessThan(5000);
});
