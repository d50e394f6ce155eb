/**
 * PolicyAspect: runs the policy pack on each stack at synth time.
 *
 * The check is attached as a stack validation, which cdktf runs after all aspects (so the order of other
 * aspects does not matter) on the resolved Terraform JSON, the same input the CLI checker reads. Error-level
 * findings fail `app.synth()` (and `cdktf synth`); warnings become annotations. Findings are kept on the
 * aspect for reports.
 */
import type { IConstruct } from "constructs";
import { Annotations, TerraformStack, type IAspect } from "cdktf";
import { activeErrors, evaluate, formatText } from "./engine";
import type { Finding, TfDocument } from "./types";

/** A stack's Terraform JSON as the pack sees it and `cdktf synth` writes it: resolved, with the "//" suppressions
 *  (which `Testing.synth` strips, so every suppressed finding would look active there). */
export function stackDocument(stack: TerraformStack): TfDocument {
  return JSON.parse(JSON.stringify(stack.toTerraform())) as TfDocument;
}

export class PolicyAspect implements IAspect {
  /** Findings per stack name, filled during synth. */
  readonly findings = new Map<string, Finding[]>();
  private readonly attached = new WeakSet<TerraformStack>();

  visit(node: IConstruct): void {
    if (!TerraformStack.isStack(node) || this.attached.has(node)) return;
    this.attached.add(node);
    const stack = node;
    stack.node.addValidation({
      validate: () => {
        const findings = evaluate(stackDocument(stack));
        this.findings.set(stack.node.id, findings);
        for (const f of findings.filter((x) => x.severity === "warning")) {
          Annotations.of(stack).addWarning(`${f.ruleId} ${f.address}: ${f.message}`);
        }
        const errors = activeErrors(findings);
        return errors.length ? [`policy pack: ${errors.length} error-level finding(s)\n${formatText(errors)}`] : [];
      },
    });
  }
}
