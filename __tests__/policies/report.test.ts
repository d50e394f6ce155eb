/** Reports: SARIF 2.1.0 validated by Microsoft's SARIF Multitool, stable fingerprints, Markdown for a PR comment. */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { evaluate } from "../../policies/engine";
import { fingerprint, render } from "../../policies/report";
import { containerSpec } from "../../policies/tf";
import { defaultDoc, servicesByName, type Doc } from "../helpers/synth";

/** A stack with one active error, one suppressed finding, and one suppression of an unsuppressible rule. */
function weakened(): Doc {
  const d = defaultDoc();
  const api = servicesByName(d).api.body as Record<string, unknown>;
  (containerSpec(servicesByName(d).api) as Record<string, unknown>).read_only = false;
  api["//"] = { suppressions: [{ rule: "DKR-002", reason: "legacy app writes to its install dir; tracked in TICKET-42" }] };
  const pg = servicesByName(d).postgres.body as Record<string, unknown>;
  (containerSpec(servicesByName(d).postgres) as Record<string, unknown>).user = "0:0";
  pg["//"] = { suppressions: [{ rule: "DKR-001", reason: "we promise this is fine for the migration window" }] };
  return d;
}

const file = "cdktf.out/stacks/docker/cdk.tf.json";

test("SARIF 2.1.0 passes the SARIF Multitool's validate (schema and SARIF rules) with no error or warning", () => {
  const dir = mkdtempSync(join(tmpdir(), "sarif-"));
  try {
    const doc = weakened();
    const text = JSON.stringify(doc, null, 2);
    writeFileSync(join(dir, "report.sarif"), render("sarif", [{ file, text, findings: evaluate(doc) }]));
    execFileSync(
      join(__dirname, "../../node_modules/.bin/sarif-multitool"),
      ["validate", join(dir, "report.sarif"), "--output", join(dir, "validation.sarif")],
      {
        stdio: "pipe",
      },
    );
    const validation = JSON.parse(readFileSync(join(dir, "validation.sarif"), "utf8"));
    const problems = validation.runs[0].results.map(
      (r: { ruleId: string; level?: string; message: unknown }) => `${r.ruleId} ${r.level ?? "warning"} ${JSON.stringify(r.message)}`,
    );
    expect(problems).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("SARIF results carry rule metadata, a logical location per resource, a line, fingerprints and suppressions", () => {
  const doc = weakened();
  const text = JSON.stringify(doc, null, 2);
  const s = JSON.parse(render("sarif", [{ file, text, findings: evaluate(doc) }]));
  const run = s.runs[0];
  expect(run.tool.driver.rules.find((r: { id: string }) => r.id === "DKR-001")).toMatchObject({
    defaultConfiguration: { level: "error" },
    properties: { tags: expect.arrayContaining(["security", "C-01"]), "security-severity": "9.0" },
  });
  const pg = run.results.find((r: { ruleId: string }) => r.ruleId === "DKR-001");
  expect(pg.locations[0].logicalLocations[0]).toEqual({ fullyQualifiedName: servicesByName(doc).postgres.address, kind: "resource" });
  expect(pg.locations[0].physicalLocation.region.startLine).toBe(
    text.split("\n").findIndex((l) => l.includes(`"${servicesByName(doc).postgres.name}": {`)) + 1,
  );
  expect(pg.suppressions).toBeUndefined();
  expect(pg.message.text).toMatch(/cannot be suppressed/);
  const api = run.results.find((r: { ruleId: string }) => r.ruleId === "DKR-002");
  expect(api.suppressions).toEqual([{ kind: "inSource", justification: "legacy app writes to its install dir; tracked in TICKET-42" }]);
  // Stable across runs: the same finding, the same fingerprint.
  const again = JSON.parse(render("sarif", [{ file, text, findings: evaluate(weakened()) }]));
  expect(again.runs[0].results.map((r: { partialFingerprints: unknown }) => r.partialFingerprints)).toEqual(
    run.results.map((r: { partialFingerprints: unknown }) => r.partialFingerprints),
  );
  expect(
    new Set(run.results.map((r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints["secureAgentsFinding/v1"])).size,
  ).toBe(run.results.length);
  expect(fingerprint(evaluate(doc)[0])).toMatch(/^[0-9a-f]{32}$/);
});

test("Markdown: a summary table, then findings grouped by resource, suppressed ones with their reason", () => {
  const doc = weakened();
  const md = render("markdown", [{ file, findings: evaluate(doc) }]);
  expect(md).toMatch(/^## Policy check\n\n\*\*1 error-level finding\(s\)\*\* block this change\./);
  expect(md).toMatch(/\| DKR-001 \| Services run as a numeric non-root uid:gid \| C-01 \| error \| 1 \| 0 \|/);
  expect(md).toMatch(/\| DKR-002 \| .* \| 0 \| 1 \|/);
  expect(md).toContain(`**\`${servicesByName(doc).api.address}\`**`);
  expect(md).toContain("- DKR-002 (suppressed: legacy app writes to its install dir; tracked in TICKET-42)");
  expect(md.length).toBeLessThan(65536); // GitHub's comment limit
});

test("JSON: every finding with its suppression state, and a summary", () => {
  const j = JSON.parse(render("json", [{ file, findings: evaluate(weakened()) }]));
  expect(j.summary).toEqual({ errors: 1, warnings: 0, suppressed: 1 });
  expect(j.files[0].findings).toEqual(
    expect.arrayContaining([expect.objectContaining({ ruleId: "DKR-002", suppressed: expect.any(String) })]),
  );
});
