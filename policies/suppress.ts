/**
 * Suppressions as data. `suppress(construct, ruleId, reason)` records `{ rule, reason }` in the `//` metadata of
 * every Terraform resource in the construct's subtree, so the synthesized JSON carries it and the CLI checker sees
 * it too. A reason of at least a sentence is required; rules marked unsuppressible refuse it. Suppressed findings
 * still appear in every report, with their reason.
 */
import type { IConstruct } from "constructs";
import { TerraformResource } from "cdktf";
import { reasonProblem } from "./engine";
import { RULES } from "./pack";
import type { Suppression } from "./types";

const recorded = new WeakMap<TerraformResource, Suppression[]>();

export class SuppressionError extends Error {}

/** Minimum reason: a sentence, not a word (the engine's check, re-exported for callers of suppress()). */
export { reasonProblem };

export function suppress(construct: IConstruct, ruleId: string, reason: string): void {
  const rule = RULES.find((r) => r.id === ruleId);
  if (!rule) throw new SuppressionError(`suppress(${construct.node.path}): no rule ${ruleId} in the policy pack`);
  if (rule.unsuppressible) throw new SuppressionError(`suppress(${construct.node.path}): ${ruleId} (${rule.title}) cannot be suppressed`);
  const problem = reasonProblem(reason);
  if (problem) throw new SuppressionError(`suppress(${construct.node.path}, ${ruleId}): ${problem}`);
  const resources = construct.node.findAll().filter((c): c is TerraformResource => TerraformResource.isTerraformResource(c));
  if (resources.length === 0)
    throw new SuppressionError(`suppress(${construct.node.path}): no Terraform resource to suppress ${ruleId} on`);
  for (const r of resources) {
    const list = [...(recorded.get(r) ?? []), { rule: ruleId, reason: reason.trim() }];
    recorded.set(r, list);
    r.addOverride("//.suppressions", list);
  }
}
