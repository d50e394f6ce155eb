/** Regenerates docs/controls.md (catalog coverage). */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderCoverage } from "../policies/coverage";

writeFileSync(join(__dirname, "..", "docs", "controls.md"), renderCoverage(join(__dirname, "..", "__tests__")));
console.log("docs/controls.md written");
