/** Suppressions as data: recorded in "//" metadata, visible to the CLI, refused for unsuppressible rules. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Testing, TerraformStack } from "cdktf";
import { Service } from "@cdktf/provider-docker/lib/service";
import { parseConfig } from "../../config";
import { runCheck } from "../../policies/cli";
import { evaluate, reasonProblem } from "../../policies/engine";
import { RULES } from "../../policies/pack";
import { suppress, SuppressionError } from "../../policies/suppress";
import { buildApp } from "../../stacks/app";
import { synthesizeAtomically } from "../../stacks/synth";

const reason = "the legacy importer writes into its install directory until TICKET-42 lands";

test("suppress() needs a known rule and a sentence of reason, and refuses unsuppressible rules", () => {
  const stack = new TerraformStack(Testing.app(), "s");
  const svc = new Service(stack, "svc", { name: "svc", taskSpec: { containerSpec: { image: "x:1" } } });
  expect(() => suppress(svc, "DKR-999", reason)).toThrow(/no rule DKR-999/);
  expect(() => suppress(svc, "DKR-002", "legacy")).toThrow(/at least a sentence/);
  for (const r of RULES.filter((x) => x.unsuppressible)) expect(() => suppress(svc, r.id, reason)).toThrow(SuppressionError);
  expect(RULES.filter((x) => x.unsuppressible).map((r) => r.id)).toEqual([
    "DKR-001",
    "DKR-005",
    "DKR-011",
    "DKR-020",
    "AWS-001",
    "AWS-004",
    "TF-001",
  ]);
});

const PADDED = "a                    b";
test.each([
  ["padded with spaces", PADDED, false],
  ["one long word", "legacy-importer-writes-into-its-directory", false],
  ["three words", "legacy importer writes-into-its-directory", false],
  ["newlines and tabs collapse", "a\n\n\n\n\n\n\n\n\n\n\n\n\t\t\t\t\t\t\t\t\tb c d", false],
  ["digits are not words", "1111 2222 3333 4444 5555 6666", false],
  ["a sentence", reason, true],
])("a suppression reason %s: accepted %s by the engine, suppress() and the review alike", (_what, text, ok) => {
  expect(reasonProblem(text) === undefined).toBe(ok);
  const stack = new TerraformStack(Testing.app(), "s");
  const svc = new Service(stack, "svc", { name: "svc", taskSpec: { containerSpec: { image: "x:1" } } });
  if (ok) expect(() => suppress(svc, "DKR-002", text)).not.toThrow();
  else expect(() => suppress(svc, "DKR-002", text)).toThrow(/at least a sentence/);
  // The engine: a DKR-002 (C-02) finding with that suppression.
  const doc = {
    resource: {
      docker_container: {
        c: { name: "c", image: "x:1", read_only: false, "//": { suppressions: [{ rule: "DKR-002", reason: text }] } },
      },
    },
  };
  const f = evaluate(doc).find((x) => x.ruleId === "DKR-002")!;
  expect(f.suppressed === text).toBe(ok);
  if (!ok) expect(f.suppressionIgnored).toMatch(/at least a sentence/);
});

test("a suppression lets synth pass, lands in the JSON's // metadata, and the CLI reports it as suppressed", () => {
  const work = mkdtempSync(join(tmpdir(), "suppress-"));
  try {
    const outdir = join(work, "cdktf.out");
    synthesizeAtomically(outdir, (tmp) => {
      const built = buildApp(parseConfig({}), tmp);
      const api = built.docker.system.services.api.service;
      api.addOverride("task_spec.container_spec.read_only", false);
      suppress(api, "DKR-002", reason);
      built.app.synth();
    });
    const r = runCheck([outdir]);
    expect(r.code).toBe(0);
    expect(r.output).toContain(`SUPPRESSED (${reason}) DKR-002`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test("without the suppression, the same change fails synth", () => {
  const work = mkdtempSync(join(tmpdir(), "suppress-"));
  try {
    expect(() =>
      synthesizeAtomically(join(work, "cdktf.out"), (tmp) => {
        const built = buildApp(parseConfig({}), tmp);
        built.docker.system.services.api.service.addOverride("task_spec.container_spec.read_only", false);
        built.app.synth();
      }),
    ).toThrow(/DKR-002/);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
