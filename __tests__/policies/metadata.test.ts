/** Every rule carries the metadata reports and coverage rely on. */
import { CATALOG } from "../../policies/catalog";
import { RULES } from "../../policies/pack";

test.each(RULES.map((r) => [r.id, r] as const))("%s has complete metadata and catalog IDs", (_id, r) => {
  expect(r.id).toMatch(/^[A-Z]{3}-\d{3}$/);
  expect(r.title.length).toBeGreaterThan(10);
  expect(["error", "warning"]).toContain(r.severity);
  expect(r.controls.length).toBeGreaterThan(0);
  for (const c of r.controls) expect(c).toMatch(/^(C|N|T|H|S|D|R|RG|L|B|P|I)-\d{2}$/);
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
  });
});

test("every catalog ID a rule names exists in the catalog", () => {
  for (const r of RULES)
    for (const c of r.controls) expect(`${r.id} ${c} ${CATALOG[c] ? "exists" : "missing"}`).toBe(`${r.id} ${c} exists`);
});

test("rule ids are unique", () => {
  expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
});
