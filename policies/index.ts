/** Public API of the policy pack: `import { PolicyAspect, evaluate } from "secure-agents-infra/policies"`. */
export { PolicyAspect } from "./aspect";
export { evaluate, formatText, hasErrors } from "./engine";
export { RULES } from "./pack";
export type { Finding, Rule, RuleMeta, Severity, TfDocument, TfResource } from "./types";
