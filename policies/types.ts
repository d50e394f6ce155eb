/** Policy-pack types. Rules are pure functions over synthesized Terraform JSON. */

export type Severity = "error" | "warning";

/** One resource of a Terraform JSON document. References stay as written ("${docker_network.x.id}"). */
export interface TfResource {
  readonly type: string;
  readonly name: string;
  /** `type.name`, as Terraform addresses it. */
  readonly address: string;
  readonly body: Readonly<Record<string, unknown>>;
}

/** A synthesized stack (`cdk.tf.json`) or any hand-written Terraform JSON. */
export interface TfDocument {
  readonly resource?: Readonly<Record<string, Readonly<Record<string, Record<string, unknown>>>>>;
  readonly output?: Readonly<Record<string, { value?: unknown }>>;
  readonly provider?: Readonly<Record<string, unknown>>;
  readonly [key: string]: unknown;
}

export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  /** Resource address, or "provider.docker" / "output.x" for non-resources. */
  readonly address: string;
  readonly message: string;
  /** The reason of the suppression that silences this finding (it still shows in every report). */
  readonly suppressed?: string;
  /** A suppression was present but the rule cannot be suppressed: the finding stays active. */
  readonly suppressionIgnored?: string;
}

/** A suppression as stored in a resource's "//" metadata: `"//": { "suppressions": [{ rule, reason }] }`. */
export interface Suppression {
  readonly rule: string;
  readonly reason: string;
}

export interface RuleMeta {
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  /** Catalog IDs (../shared/controls.md) this rule enforces. */
  readonly controls: readonly string[];
  readonly explanation: string;
  readonly remediation: string;
  /** Public benchmark and scanner references (CIS Docker, Checkov, Trivy, AWS FSBP). */
  readonly sources: readonly string[];
  /** No suppression can silence it (root, privileged, Docker socket). */
  readonly unsuppressible?: boolean;
}

export interface Rule extends RuleMeta {
  /** Returns one message per violation, keyed by address. Pure: reads the document only. */
  check(doc: TfDocument): { address: string; message: string }[];
}
