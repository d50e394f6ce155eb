/** Every rule carries the metadata reports and coverage rely on. */
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

test("rule ids are unique", () => {
  expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
});
