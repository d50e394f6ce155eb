/** docs/controls.md is current, and every Docker-applicable catalog ID is covered by a rule or has a recorded reason. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CATALOG_ENTRIES } from "../../policies/catalog";
import { NOT_RULED, renderCoverage } from "../../policies/coverage";
import { RULES } from "../../policies/pack";

test("docs/controls.md is up to date (run `npm run docs`)", () => {
  expect(readFileSync(join(__dirname, "../../docs/controls.md"), "utf8")).toBe(renderCoverage(join(__dirname, "..")));
});

test("every Docker-applicable catalog ID has a rule or a recorded reason; no reason outlives its gap", () => {
  for (const [id, e] of Object.entries(CATALOG_ENTRIES)) {
    if (!e.docker) continue;
    const ruled = RULES.some((r) => r.controls.includes(id));
    expect(`${id}: ${ruled || NOT_RULED[id] ? "ok" : "neither a rule nor a reason"}`).toBe(`${id}: ok`);
  }
  for (const id of Object.keys(NOT_RULED))
    expect(`${id}: ${RULES.some((r) => r.controls.includes(id)) ? "has a rule now; remove its reason" : "ok"}`).toBe(`${id}: ok`);
});
