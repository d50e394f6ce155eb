/** Runs the policy pack over one Terraform JSON document. Pure: no cdktf, no I/O. */
import { RULES } from "./pack";
import type { Finding, Rule, TfDocument } from "./types";

export function evaluate(doc: TfDocument, rules: readonly Rule[] = RULES): Finding[] {
  return rules.flatMap((rule) =>
    rule.check(doc).map((v) => ({ ruleId: rule.id, severity: rule.severity, address: v.address, message: v.message })),
  );
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === "error");
}

/** One line per finding, for terminals and error messages. */
export function formatText(findings: readonly Finding[], rules: readonly Rule[] = RULES): string {
  if (findings.length === 0) return "policy: no findings";
  const byId = new Map(rules.map((r) => [r.id, r]));
  return findings
    .map((f) => {
      const r = byId.get(f.ruleId);
      return `${f.severity.toUpperCase()} ${f.ruleId} [${r?.controls.join(", ") ?? ""}] ${f.address}: ${f.message}\n    fix: ${r?.remediation ?? ""}`;
    })
    .join("\n");
}
