/** Runs the policy pack over one Terraform JSON document. Pure: no cdktf, no I/O. */
import { RULES } from "./pack";
import { asRecord, list } from "./tf";
import type { Finding, Rule, Suppression, TfDocument } from "./types";

/** The suppressions recorded in a resource's "//" metadata, by address. */
export function suppressionsOf(doc: TfDocument, address: string): Suppression[] {
  const [type, name] = address.split(".");
  const body = asRecord(asRecord(asRecord(doc.resource)[type])[name]);
  return list(asRecord(body["//"]), "suppressions")
    .filter((s) => typeof s.rule === "string" && typeof s.reason === "string")
    .map((s) => ({ rule: String(s.rule), reason: String(s.reason) }));
}

/**
 * Why a suppression's reason is not accepted, or undefined when it is: a sentence, at least 4 words with letters
 * and 20 characters once whitespace is collapsed ("a" followed by 20 spaces and "b" is not a reason). One check for
 * the engine, suppress() and the review.
 */
export function reasonProblem(reason: unknown): string | undefined {
  const r = typeof reason === "string" ? reason.replace(/\s+/g, " ").trim() : "";
  const words = r.split(" ").filter((w) => /\p{L}/u.test(w)).length;
  if (r.length < 20 || words < 4)
    return "a suppression needs a reason of at least a sentence (4 or more words, 20 or more characters): say why and until when";
  return undefined;
}

export function evaluate(doc: TfDocument, rules: readonly Rule[] = RULES): Finding[] {
  return rules.flatMap((rule) =>
    rule.check(doc).map((v): Finding => {
      const base = { ruleId: rule.id, severity: rule.severity, address: v.address, message: v.message };
      const s = suppressionsOf(doc, v.address).find((x) => x.rule === rule.id);
      if (!s) return base;
      if (rule.unsuppressible) return { ...base, suppressionIgnored: `${rule.id} cannot be suppressed (reason given: ${s.reason})` };
      const problem = reasonProblem(s.reason);
      if (problem) return { ...base, suppressionIgnored: `${problem} (given: "${s.reason}")` };
      return { ...base, suppressed: s.reason };
    }),
  );
}

/** Error-level findings that no valid suppression silences. */
export function activeErrors(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.severity === "error" && !f.suppressed);
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return activeErrors(findings).length > 0;
}

/** One line per finding, for terminals and error messages. */
export function formatText(findings: readonly Finding[], rules: readonly Rule[] = RULES): string {
  if (findings.length === 0) return "policy: no findings";
  const byId = new Map(rules.map((r) => [r.id, r]));
  return findings
    .map((f) => {
      const r = byId.get(f.ruleId);
      const status = f.suppressed ? `SUPPRESSED (${f.suppressed})` : f.severity.toUpperCase();
      const note = f.suppressionIgnored ? `\n    note: ${f.suppressionIgnored}` : "";
      return `${status} ${f.ruleId} [${r?.controls.join(", ") ?? ""}] ${f.address}: ${f.message}\n    fix: ${r?.remediation ?? ""}${note}`;
    })
    .join("\n");
}
