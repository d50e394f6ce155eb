/** Every rule carries the metadata reports and coverage rely on. */
import { CATALOG } from "../../policies/catalog";
import { RULES } from "../../policies/pack";

test.each(RULES.map((r) => [r.id, r] as const))("%s has complete metadata and catalog IDs", (_id, r) => {
  expect(r.id).toMatch(/^(DKR|AWS|TF)-\d{3}$/);
  expect(r.title.length).toBeGreaterThan(10);
  expect(["error", "warning"]).toContain(r.severity);
  expect(r.controls.length).toBeGreaterThan(0);
  for (const c of r.controls) expect(c).toMatch(/^(C|N|T|H|S|D|R|RG|L|B|P|I|W|TS)-\d{2}$/);
  expect(r.explanation.length).toBeGreaterThan(30);
  expect(r.remediation.length).toBeGreaterThan(20);
  expect(r.sources.length).toBeGreaterThan(0);
});

test("the pack's rule ids and severities are pinned (a change here is a reviewed policy change)", () => {
  expect(Object.fromEntries(RULES.map((r) => [r.id, `${r.severity}${r.unsuppressible ? " unsuppressible" : ""}`]))).toEqual({
    "DKR-001": "error unsuppressible",
    "DKR-002": "error",
    "DKR-003": "error",
    "DKR-004": "error",
    "DKR-005": "error unsuppressible",
    "DKR-006": "error",
    "DKR-007": "error",
    "DKR-008": "error",
    "DKR-009": "error",
    "DKR-010": "error",
    "DKR-011": "error unsuppressible",
    "DKR-012": "error",
    "DKR-013": "error",
    "DKR-014": "error",
    "DKR-015": "error",
    "DKR-016": "error",
    "DKR-017": "error",
    "DKR-018": "error",
    "DKR-019": "error",
    "DKR-020": "error unsuppressible",
    "DKR-021": "error",
    "DKR-022": "error",
    "DKR-023": "error",
    "DKR-024": "error",
    "DKR-025": "error",
    "AWS-001": "error unsuppressible",
    "AWS-002": "error",
    "AWS-003": "error",
    "AWS-004": "error unsuppressible",
    "AWS-005": "error",
    "AWS-006": "error",
    "AWS-007": "error",
    "AWS-008": "error",
    "AWS-009": "error",
    "AWS-010": "error",
    "AWS-011": "error",
    "AWS-012": "error",
    "AWS-013": "error",
    "AWS-014": "error",
    "AWS-015": "warning",
    "AWS-016": "error",
    "AWS-017": "error",
    "AWS-018": "error",
    "AWS-019": "error",
    "AWS-020": "error",
    "AWS-021": "error",
    "AWS-022": "error",
    "AWS-023": "warning",
    "AWS-024": "error",
    "AWS-025": "error",
    "AWS-026": "error",
    "AWS-027": "error",
    "AWS-028": "error",
    "AWS-029": "error",
    "AWS-030": "error",
    "AWS-031": "error",
    "AWS-032": "error",
    "AWS-033": "error",
    "AWS-034": "error",
    "AWS-035": "warning",
    "AWS-036": "error",
    "AWS-037": "error",
    "AWS-038": "error",
    "AWS-039": "warning",
    "AWS-040": "error",
    "AWS-041": "error",
    "AWS-042": "error",
    "AWS-043": "error",
    "AWS-044": "error",
    "AWS-045": "error",
    "AWS-046": "error",
    "AWS-047": "error",
    "AWS-048": "error",
    "AWS-049": "error",
    "TF-001": "error unsuppressible",
  });
});

test("every catalog ID a rule names exists in the catalog", () => {
  for (const r of RULES)
    for (const c of r.controls) expect(`${r.id} ${c} ${CATALOG[c] ? "exists" : "missing"}`).toBe(`${r.id} ${c} exists`);
});

test("rule ids are unique", () => {
  expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
});
