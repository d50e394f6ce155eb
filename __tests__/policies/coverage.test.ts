/** docs/controls.md is current, and every catalog ID applicable to a target is covered by that target's rules or has a recorded reason. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CATALOG_ENTRIES } from "../../policies/catalog";
import { NOT_RULED, NOT_RULED_AWS, TARGET_RULES, renderCoverage, type Target } from "../../policies/coverage";

test("docs/controls.md is up to date (run `npm run docs`)", () => {
  expect(readFileSync(join(__dirname, "../../docs/controls.md"), "utf8")).toBe(renderCoverage(join(__dirname, "..")));
});

const REASONS: Record<Target, Readonly<Record<string, string>>> = { docker: NOT_RULED, aws: NOT_RULED_AWS };

test.each(["docker", "aws"] as const)(
  "every %s-applicable catalog ID has a rule of that target or a recorded reason; no reason outlives its gap",
  (target) => {
    const ruled = (id: string) => TARGET_RULES[target].some((r) => r.controls.includes(id));
    for (const [id, e] of Object.entries(CATALOG_ENTRIES)) {
      if (!e[target]) continue;
      expect(`${id}: ${ruled(id) || REASONS[target][id] ? "ok" : "neither a rule nor a reason"}`).toBe(`${id}: ok`);
    }
    for (const id of Object.keys(REASONS[target])) {
      expect(`${id}: ${ruled(id) ? "has a rule now; remove its reason" : "ok"}`).toBe(`${id}: ok`);
      expect(`${id}: ${CATALOG_ENTRIES[id]?.[target] ? "ok" : "not applicable to the target"}`).toBe(`${id}: ok`);
    }
  },
);

test("the AWS rules cover every AWS-applicable catalog ID expressible in Terraform JSON", () => {
  const applicable = Object.keys(CATALOG_ENTRIES).filter((id) => CATALOG_ENTRIES[id].aws);
  const ruled = applicable.filter((id) => TARGET_RULES.aws.some((r) => r.controls.includes(id)));
  expect(applicable.filter((id) => !ruled.includes(id)).sort()).toEqual(Object.keys(NOT_RULED_AWS).sort());
});
