/**
 * Reports of policy findings: text (terminals), JSON (tools), SARIF 2.1.0 (code scanning) and Markdown (a pull-request
 * comment). Suppressed findings appear in every format, with their reason. Pure: the caller reads files and writes output.
 */
import { createHash } from "node:crypto";
import { CATALOG } from "./catalog";
import { activeErrors, formatText } from "./engine";
import { RULES } from "./pack";
import type { Finding, Rule } from "./types";

export interface FileFindings {
  /** Path of the cdk.tf.json, relative to where the report is read (SARIF artifact URI). */
  readonly file: string;
  /** The file's text, to point SARIF results at the resource's line. */
  readonly text?: string;
  readonly findings: readonly Finding[];
}

export type ReportFormat = "text" | "json" | "sarif" | "markdown";
export const REPORT_FORMATS: readonly ReportFormat[] = ["text", "json", "sarif", "markdown"];

const TOOL = {
  name: "secure-agents-policy",
  version: "0.1.0",
  informationUri: "https://github.com/secure-agents/infra#reviewing-a-change",
};

export function render(format: ReportFormat, files: readonly FileFindings[], rules: readonly Rule[] = RULES): string {
  switch (format) {
    case "text":
      return files.map((f) => `${f.file}\n${formatText(f.findings, rules)}`).join("\n\n");
    case "json":
      return JSON.stringify({ files: files.map((f) => ({ file: f.file, findings: f.findings })), summary: summary(files) }, null, 2);
    case "sarif":
      return JSON.stringify(sarif(files, rules), null, 2);
    case "markdown":
      return markdown(files, rules);
  }
}

export function summary(files: readonly FileFindings[]): { errors: number; warnings: number; suppressed: number } {
  const all = files.flatMap((f) => f.findings);
  return {
    errors: activeErrors(all).length,
    warnings: all.filter((f) => f.severity === "warning" && !f.suppressed).length,
    suppressed: all.filter((f) => f.suppressed).length,
  };
}

/** Stable across runs: the same rule on the same resource with the same problem keeps its fingerprint. */
export function fingerprint(f: Finding): string {
  return createHash("sha256").update(`${f.ruleId}\u0000${f.address}\u0000${f.message}`).digest("hex").slice(0, 32);
}

/** 1-based line of each resource key ("name": {) in a cdk.tf.json, found in one pass over the text. */
function lineIndex(text: string | undefined): Map<string, number> {
  const index = new Map<string, number>();
  if (!text) return index;
  const lines = text.split("\n");
  const start = lines.findIndex((l) => /^\s*"resource": \{/.test(l));
  for (let i = Math.max(start, 0); i < lines.length; i++) {
    const m = /^\s*"([^"]+)": \{\s*$/.exec(lines[i]);
    if (m && !index.has(m[1])) index.set(m[1], i + 1);
  }
  return index;
}

function sarif(files: readonly FileFindings[], rules: readonly Rule[]) {
  const used = rules;
  const index = new Map(used.map((r, i) => [r.id, i]));
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            ...TOOL,
            semanticVersion: TOOL.version,
            rules: used.map((r) => ({
              id: r.id,
              name: r.title.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : "")),
              shortDescription: { text: r.title },
              fullDescription: { text: r.explanation },
              help: {
                text: `${r.remediation} Controls: ${r.controls.join(", ")}. Sources: ${r.sources.join("; ")}.`,
                markdown: `${r.remediation}\n\n**Controls:** ${r.controls.map((c) => `${c} (${CATALOG[c] ?? "?"})`).join(", ")}\n\n**Sources:** ${r.sources.join("; ")}`,
              },
              defaultConfiguration: { level: r.severity },
              properties: {
                tags: ["security", ...r.controls],
                precision: "very-high",
                "security-severity": r.severity === "error" ? (r.unsuppressible ? "9.0" : "7.5") : "4.0",
              },
            })),
          },
        },
        results: files.flatMap((f) => {
          const lines = lineIndex(f.text);
          return f.findings.map((x) => ({
            ruleId: x.ruleId,
            ruleIndex: index.get(x.ruleId) ?? -1,
            level: x.severity,
            message: { text: `${x.address}: ${x.message}${x.suppressionIgnored ? ` (${x.suppressionIgnored})` : ""}` },
            locations: [
              {
                physicalLocation: { artifactLocation: { uri: f.file }, region: { startLine: lines.get(x.address.split(".")[1]) ?? 1 } },
                logicalLocations: [{ fullyQualifiedName: x.address, kind: "resource" }],
              },
            ],
            partialFingerprints: { "secureAgentsFinding/v1": fingerprint(x) },
            ...(x.suppressed ? { suppressions: [{ kind: "inSource", justification: x.suppressed }] } : {}),
          }));
        }),
        columnKind: "utf16CodeUnits",
      },
    ],
  };
}

const MAX_MARKDOWN_FINDINGS = 100;

function markdown(files: readonly FileFindings[], rules: readonly Rule[]): string {
  const byId = new Map(rules.map((r) => [r.id, r]));
  const all = files.flatMap((f) => f.findings);
  const s = summary(files);
  const lines: string[] = [
    "## Policy check",
    "",
    s.errors ? `**${s.errors} error-level finding(s)** block this change.` : "No error-level findings.",
    "",
    "| Rule | Title | Controls | Severity | Active | Suppressed |",
    "|---|---|---|---|---|---|",
  ];
  const ids = [...new Set(all.map((f) => f.ruleId))].sort();
  for (const id of ids) {
    const r = byId.get(id);
    const fs = all.filter((f) => f.ruleId === id);
    lines.push(
      `| ${id} | ${r?.title ?? ""} | ${r?.controls.join(", ") ?? ""} | ${r?.severity ?? ""} | ${fs.filter((f) => !f.suppressed).length} | ${fs.filter((f) => f.suppressed).length} |`,
    );
  }
  if (ids.length === 0) lines.push("| – | no findings | | | 0 | 0 |");
  let shown = 0;
  for (const f of files) {
    const byResource = new Map<string, Finding[]>();
    for (const x of f.findings) {
      if (!byResource.has(x.address)) byResource.set(x.address, []);
      byResource.get(x.address)!.push(x);
    }
    if (byResource.size === 0) continue;
    lines.push("", `### \`${f.file}\``);
    for (const [address, fs] of [...byResource].sort(([a], [b]) => a.localeCompare(b))) {
      if (shown >= MAX_MARKDOWN_FINDINGS) break;
      lines.push("", `**\`${address}\`**`, "");
      for (const x of fs) {
        shown++;
        const status = x.suppressed ? `suppressed: ${escape(x.suppressed)}` : x.severity;
        lines.push(`- ${x.ruleId} (${status}): ${escape(x.message)}${x.suppressionIgnored ? ` — ${escape(x.suppressionIgnored)}` : ""}`);
      }
    }
  }
  if (all.length > shown) lines.push("", `…and ${all.length - shown} more finding(s); see the SARIF or JSON report.`);
  return lines.join("\n") + "\n";
}

function escape(s: string): string {
  return s.replace(/[|<>]/g, (c) => `\\${c}`);
}
