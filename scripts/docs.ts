/** Regenerates docs/controls.md (catalog coverage) and docs/review-example.md (an example review comment). */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderCoverage } from "../policies/coverage";
import { renderExample } from "./review-example";

writeFileSync(join(__dirname, "..", "docs", "controls.md"), renderCoverage(join(__dirname, "..", "__tests__")));
console.log("docs/controls.md written");
writeFileSync(join(__dirname, "..", "docs", "review-example.md"), renderExample());
console.log("docs/review-example.md written");
