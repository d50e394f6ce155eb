/**
 * The review as one pull-request comment (Markdown: verdict and counts first, weakened controls first, the rest in
 * collapsible sections, cut to fit GitHub's comment limit) or as JSON for tools.
 */
import { RULES } from "../pack";
import { blocking, type ReviewDiff, type SecurityChange, type StackFinding } from "./diff";
import type { PlanChange, PlanSummary } from "./plan";

/** GitHub refuses a comment body longer than this many characters. */
export const GITHUB_COMMENT_LIMIT = 65536;
/** Marks the sticky comment so the workflow updates it instead of adding another. */
export const COMMENT_MARKER = "<!-- secure-agents-review -->";

export interface Review {
  readonly diff?: ReviewDiff;
  readonly plan?: PlanSummary;
}

export function exitCode(review: Review): 0 | 1 {
  if (!review.diff) return 0;
  const b = blocking(review.diff);
  return b.weakened.length + b.findings.length > 0 ? 1 : 0;
}

export function summaryOf(review: Review) {
  const d = review.diff;
  const weakened = d?.changes.filter((c) => c.direction === "weakened") ?? [];
  const b = d ? blocking(d) : { weakened: [], findings: [] };
  return {
    blocking: b.weakened.length + b.findings.length > 0,
    weakened: {
      total: weakened.length,
      errors: weakened.filter((c) => c.severity === "error" && !c.suppressed).length,
      warnings: weakened.filter((c) => c.severity === "warning" && !c.suppressed).length,
      suppressed: weakened.filter((c) => c.suppressed).length,
    },
    strengthened: d?.changes.filter((c) => c.direction === "strengthened").length ?? 0,
    unrated: d?.changes.filter((c) => c.direction === "changed").length ?? 0,
    resources: { added: d?.added.length ?? 0, removed: d?.removed.length ?? 0, otherChanged: d?.otherChanged.length ?? 0 },
    findings: {
      new: d?.findings.new.length ?? 0,
      newBlocking: b.findings.length,
      fixed: d?.findings.fixed.length ?? 0,
      unchanged: d?.findings.unchanged ?? 0,
    },
    suppressions: { total: d?.suppressions.length ?? 0, added: d?.suppressions.filter((s) => s.added).length ?? 0 },
    ...(review.plan ? { plan: review.plan.counts } : {}),
  };
}

export function renderJson(review: Review): string {
  return JSON.stringify({ version: 1, summary: summaryOf(review), ...review.diff, ...(review.plan ? { plan: review.plan } : {}) }, null, 2);
}

const esc = (s: string) => s.replace(/\|/g, "\\|").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\n/g, " ");
const code = (s: string) => "`" + s.replace(/`/g, "'") + "`";

function changeRow(c: SecurityChange): string {
  const what = `${esc(c.attribute)}${c.item ? ` ${code(c.item)}` : ""}: ${esc(c.before)} → ${esc(c.after)}`;
  const status = c.suppressed ? `suppressed (${code(c.suppressed.rule)}: ${esc(c.suppressed.reason)})` : (c.severity ?? "");
  return `| ${status} | **${c.control}** ${esc(c.controlTitle)} | ${code(c.label)} (${c.stack}) | ${what} |`;
}

function findingLine(f: StackFinding): string {
  const rule = RULES.find((r) => r.id === f.ruleId);
  const status = f.suppressed ? `suppressed: ${esc(f.suppressed)}` : f.severity;
  return `- **${f.ruleId}** [${rule?.controls.join(", ") ?? ""}] (${status}) ${code(f.address)} (${f.stack}): ${esc(f.message)}`;
}

function details(summary: string, lines: string[]): string[] {
  return lines.length ? ["", `<details><summary>${summary}</summary>`, "", ...lines, "", "</details>"] : [];
}

function planChangeLines(c: PlanChange): string[] {
  const why = c.replaceBecause.length ? ` (replaced because of ${c.replaceBecause.map(code).join(", ")})` : "";
  const head = `- **${c.action}** ${code(c.address)}${why}`;
  const attrs = c.attributes.map((a) => `  - ${code(a.path)}: ${esc(a.before)} → ${esc(a.after)}`);
  return [head, ...attrs, ...(c.moreAttributes ? [`  - …and ${c.moreAttributes} more attribute(s)`] : [])];
}

function planSection(p: PlanSummary): string[] {
  const n = p.counts;
  const lines = [
    "",
    "### Plan",
    "",
    `**${n.create}** to create, **${n.update}** to update, **${n.replace}** to replace, **${n.destroy}** to destroy (Terraform ${esc(p.terraformVersion)}; ${p.masked} value(s) masked).`,
  ];
  if (p.stateful.length)
    lines.push(
      "",
      "**Stateful resources replaced or destroyed (data, keys or secrets are lost):**",
      "",
      ...p.stateful.flatMap(planChangeLines),
    );
  lines.push(...details(`All ${p.changes.length} planned change(s)`, p.changes.flatMap(planChangeLines)));
  if (p.outputs.length)
    lines.push(
      ...details(
        `Outputs (${p.outputs.length})`,
        p.outputs.map((o) => `- ${o.action} ${code(o.name)}${o.sensitive ? " (sensitive)" : ""}`),
      ),
    );
  return lines;
}

export function renderMarkdown(review: Review, limit = GITHUB_COMMENT_LIMIT): string {
  const s = summaryOf(review);
  const d = review.diff;
  const lines: string[] = [COMMENT_MARKER, "## Security review of this change", ""];
  if (d) {
    const b = blocking(d);
    lines.push(
      s.blocking
        ? `:x: **Blocks the merge:** ${b.weakened.length} control(s) weakened at error level and ${b.findings.length} new error-level finding(s), without a suppression.`
        : ":white_check_mark: No control weakened at error level without a suppression.",
      "",
      "| | |",
      "|---|---|",
      `| Controls weakened | ${s.weakened.total} (${s.weakened.errors} error, ${s.weakened.warnings} warning, ${s.weakened.suppressed} suppressed) |`,
      `| Controls strengthened | ${s.strengthened} |`,
      `| Resources added / removed / otherwise changed | ${s.resources.added} / ${s.resources.removed} / ${s.resources.otherChanged} |`,
      `| Policy findings new / fixed / unchanged | ${s.findings.new} / ${s.findings.fixed} / ${s.findings.unchanged} |`,
      `| Suppressions (added in this change) | ${s.suppressions.total} (${s.suppressions.added}) |`,
    );
    if (review.plan) {
      const n = review.plan.counts;
      lines.push(`| Plan create / update / replace / destroy | ${n.create} / ${n.update} / ${n.replace} / ${n.destroy} |`);
    }
    const weakened = d.changes.filter((c) => c.direction === "weakened");
    const strengthened = d.changes.filter((c) => c.direction === "strengthened");
    const unrated = d.changes.filter((c) => c.direction === "changed");
    const table = ["| Status | Control | Resource | Change |", "|---|---|---|---|"];
    if (weakened.length) lines.push("", "### Weakened", "", ...table, ...weakened.map(changeRow));
    if (d.findings.new.length) lines.push("", "### New policy findings", "", ...d.findings.new.map(findingLine));
    const added = d.suppressions.filter((x) => x.added);
    if (added.length)
      lines.push(
        "",
        "### Suppressions added in this change",
        "",
        ...added.map((x) => `- ${code(x.rule)} on ${code(x.label)} (${x.stack}, ${code(x.address)}): ${esc(x.reason)}`),
      );
    if (strengthened.length) lines.push(...details(`Strengthened (${strengthened.length})`, [...table, ...strengthened.map(changeRow)]));
    lines.push(...details(`Fixed policy findings (${d.findings.fixed.length})`, d.findings.fixed.map(findingLine)));
    if (d.findings.unchanged) lines.push("", `${d.findings.unchanged} policy finding(s) unchanged (not listed).`);
    lines.push(
      ...details(
        `All suppressions in the head, with their reasons (${d.suppressions.length})`,
        d.suppressions.map((x) => `- ${code(x.rule)} on ${code(x.label)} (${x.stack}): ${esc(x.reason)}`),
      ),
    );
    lines.push(
      ...details(
        `Other hardening-relevant changes, not rated (${unrated.length})`,
        unrated.length ? ["| | Control | Resource | Change |", "|---|---|---|---|", ...unrated.map(changeRow)] : [],
      ),
    );
    const ref = (r: { stack: string; address: string; label: string }) => `- ${code(r.label)} (${r.stack}): ${code(r.address)}`;
    lines.push(...details(`Resources added (${d.added.length})`, d.added.map(ref)));
    lines.push(...details(`Resources removed (${d.removed.length})`, d.removed.map(ref)));
    lines.push(...details(`Resources changed in ways the classifier does not rate (${d.otherChanged.length})`, d.otherChanged.map(ref)));
    if (
      !d.changes.length &&
      !d.added.length &&
      !d.removed.length &&
      !d.otherChanged.length &&
      !d.findings.new.length &&
      !d.findings.fixed.length
    )
      lines.push("", "No change to any synthesized resource.");
  }
  if (review.plan) lines.push(...planSection(review.plan));
  lines.push("", '<sub>`npm run review` · how to read this and how to suppress with a reason: README, "Reviewing a pull request".</sub>');
  return truncate(lines.join("\n") + "\n", limit);
}

/** Cuts at a line boundary below the limit, closes open collapsible sections, and says so. */
export function truncate(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const which =
    limit === GITHUB_COMMENT_LIMIT
      ? `GitHub's ${limit.toLocaleString("en-US")}-character comment limit`
      : `the ${limit.toLocaleString("en-US")}-character limit set by --max-chars`;
  const note = `\n\n**Truncated:** this comment was cut to ${which}; the full report is the review's JSON output (\`--format json\`) in the job log.\n`;
  let cut = text.slice(0, limit - note.length - 200);
  cut = cut.slice(0, cut.lastIndexOf("\n"));
  const open = (cut.match(/<details>/g) ?? []).length - (cut.match(/<\/details>/g) ?? []).length;
  return cut + "\n" + "\n</details>".repeat(Math.max(0, open)) + note;
}
