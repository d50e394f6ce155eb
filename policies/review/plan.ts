/**
 * A reviewer's summary of `terraform show -json plan`: counts of create/update/replace/destroy, replacements and
 * destructions of stateful resources first, and the attributes each change touches, with every value the plan
 * marks sensitive (before_sensitive/after_sensitive, sensitive_values, sensitive variables and outputs) and every
 * value that looks like a secret masked. The Redactor it fills removes the sensitive values from the whole report.
 */
import { looksSecret } from "../secrets";
import { MASKED, Redactor, SENSITIVE } from "./mask";

export type PlanAction = "create" | "update" | "replace" | "destroy" | "read" | "no-op";

export interface PlanAttribute {
  readonly path: string;
  readonly before: string;
  readonly after: string;
}

export interface PlanChange {
  readonly address: string;
  readonly type: string;
  readonly action: PlanAction;
  readonly stateful: boolean;
  /** Attributes that force the replacement (replace_paths). */
  readonly replaceBecause: readonly string[];
  readonly attributes: readonly PlanAttribute[];
  readonly moreAttributes: number;
}

export interface PlanSummary {
  readonly terraformVersion: string;
  readonly counts: Readonly<Record<PlanAction, number>>;
  /** Replacements and destructions of resources that hold data or keys: reviewed first. */
  readonly stateful: readonly PlanChange[];
  readonly changes: readonly PlanChange[];
  readonly outputs: readonly { name: string; action: PlanAction; sensitive: boolean }[];
  /** How many values were masked (sensitive or secret-looking). */
  readonly masked: number;
}

export class PlanInputError extends Error {}

/** Types whose replacement or destruction loses data, keys or secrets. */
export const STATEFUL = new RegExp(
  "^(aws_db_instance|aws_rds_cluster|aws_rds_cluster_instance|aws_db_snapshot|aws_ebs_volume|aws_efs_file_system|aws_kms_key|aws_s3_bucket|" +
    "aws_elasticache_replication_group|aws_elasticache_cluster|aws_elasticache_serverless_cache|aws_secretsmanager_secret|" +
    "aws_secretsmanager_secret_version|aws_dynamodb_table|aws_ecr_repository|aws_cloudwatch_log_group|aws_backup_vault|" +
    "docker_volume|docker_secret|random_password|tls_private_key|tls_self_signed_cert|tls_locally_signed_cert)$",
);

const MAX_ATTRIBUTES = 15;
const MAX_VALUE = 60;

function actionOf(actions: unknown): PlanAction {
  const a = Array.isArray(actions) ? actions.map(String) : [];
  if (a.includes("delete") && a.includes("create")) return "replace";
  if (a.includes("delete")) return "destroy";
  if (a.includes("create")) return "create";
  if (a.includes("update")) return "update";
  if (a.includes("read")) return "read";
  return "no-op";
}

type Json = unknown;

/** The sub-tree of a sensitivity/unknown mask at a key (`true` covers everything below it). */
function sub(mask: Json, key: string | number): Json {
  if (mask === true) return true;
  if (typeof mask !== "object" || mask === null) return undefined;
  return (mask as Record<string, Json>)[key as string];
}

/** Every value under a mask's `true` leaves goes to the redactor. */
function collectSensitive(value: Json, mask: Json, redactor: Redactor): void {
  if (mask === true) return redactor.add(value);
  if (typeof mask !== "object" || mask === null || typeof value !== "object" || value === null) return;
  for (const [k, m] of Object.entries(mask)) collectSensitive((value as Record<string, Json>)[k], m, redactor);
}

/** Leaves of a value with their paths: a.b[0].c */
function leaves(value: Json, path = ""): Map<string, Json> {
  const out = new Map<string, Json>();
  const walk = (v: Json, p: string) => {
    if (Array.isArray(v)) {
      if (v.length === 0) out.set(p, []);
      v.forEach((x, i) => walk(x, `${p}[${i}]`));
    } else if (typeof v === "object" && v !== null) {
      const entries = Object.entries(v);
      if (entries.length === 0) out.set(p, {});
      for (const [k, x] of entries) walk(x, p ? `${p}.${k}` : k);
    } else out.set(p, v);
  };
  walk(value, path);
  return out;
}

function maskAt(mask: Json, path: string): boolean {
  let m = mask;
  for (const part of path.split(/\.|\[(\d+)\]/).filter((x) => x !== undefined && x !== "")) {
    if (m === true) return true;
    m = sub(m, /^\d+$/.test(part) ? Number(part) : part);
  }
  return m === true;
}

function show(v: Json): string {
  if (v === undefined) return "(none)";
  const s = typeof v === "string" ? JSON.stringify(v) : JSON.stringify(v);
  return s.length > MAX_VALUE ? `(${s.length} characters)` : s;
}

function summarizeChange(rc: Record<string, Json>, redactor: Redactor): { change: PlanChange; masked: number } {
  const change = (rc.change ?? {}) as Record<string, Json>;
  const action = actionOf(change.actions);
  const type = String(rc.type ?? "");
  let masked = 0;
  collectSensitive(change.before, change.before_sensitive, redactor);
  collectSensitive(change.after, change.after_sensitive, redactor);
  const attributes: PlanAttribute[] = [];
  let more = 0;
  if (action === "update" || action === "replace") {
    const before = leaves(change.before);
    const after = leaves(change.after);
    for (const path of [...new Set([...before.keys(), ...after.keys()])].sort()) {
      const b = before.get(path);
      const a = after.get(path);
      const unknown = maskAt(change.after_unknown, path);
      if (!unknown && JSON.stringify(b) === JSON.stringify(a)) continue;
      const name = path.replace(/\[\d+\]/g, "");
      const hide = (v: Json, sensitive: boolean) => {
        if (v === undefined) return "(none)";
        if (sensitive) return (masked++, SENSITIVE);
        if (looksSecret(name, v) || (typeof v === "object" && v !== null && looksSecret(name, JSON.stringify(v))))
          return (masked++, MASKED);
        return show(v);
      };
      const entry = {
        path,
        before: hide(b, maskAt(change.before_sensitive, path)),
        after: unknown ? "(known after apply)" : hide(a, maskAt(change.after_sensitive, path)),
      };
      if (attributes.length < MAX_ATTRIBUTES) attributes.push(entry);
      else more++;
    }
  }
  const replaceBecause = Array.isArray(change.replace_paths)
    ? change.replace_paths.map((p) => (Array.isArray(p) ? p.map(String).join(".") : String(p)))
    : [];
  return {
    change: {
      address: String(rc.address ?? `${type}.${String(rc.name ?? "")}`),
      type,
      action,
      stateful: STATEFUL.test(type) && (action === "replace" || action === "destroy"),
      replaceBecause,
      attributes,
      moreAttributes: more,
    },
    masked,
  };
}

/** Sensitive values anywhere else in the plan: state and planned values, variables, outputs. */
function collectModuleValues(module: Json, redactor: Redactor): void {
  if (typeof module !== "object" || module === null) return;
  const m = module as Record<string, Json>;
  for (const r of Array.isArray(m.resources) ? m.resources : []) {
    const res = r as Record<string, Json>;
    collectSensitive(res.values, res.sensitive_values, redactor);
  }
  for (const child of Array.isArray(m.child_modules) ? m.child_modules : []) collectModuleValues(child, redactor);
}

export function parsePlan(text: string, file: string): Record<string, Json> {
  let data: Json;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new PlanInputError(
      `${file}: not valid JSON (${(e as Error).message}); produce it with \`terraform show -json tfplan > plan.json\``,
    );
  }
  if (typeof data !== "object" || data === null || Array.isArray(data) || !("format_version" in data))
    throw new PlanInputError(
      `${file}: not a Terraform plan (no format_version); produce it with \`terraform show -json tfplan > plan.json\``,
    );
  const d = data as Record<string, Json>;
  if (d.resource_changes !== undefined && !Array.isArray(d.resource_changes))
    throw new PlanInputError(`${file}: resource_changes is not a list; is this \`terraform show -json\` of a plan file?`);
  return d;
}

export function summarizePlan(plan: Record<string, Json>, redactor: Redactor): PlanSummary {
  const vars = (((plan.configuration as Record<string, Json>)?.root_module as Record<string, Json>)?.variables ?? {}) as Record<
    string,
    Json
  >;
  for (const [name, v] of Object.entries((plan.variables ?? {}) as Record<string, Json>)) {
    const declared = (vars[name] ?? {}) as Record<string, Json>;
    const value = (v as Record<string, Json>)?.value;
    if (declared.sensitive === true || looksSecret(name, value)) redactor.add(value);
  }
  collectModuleValues(((plan.prior_state as Record<string, Json>)?.values as Record<string, Json>)?.root_module, redactor);
  collectModuleValues((plan.planned_values as Record<string, Json>)?.root_module, redactor);
  const outputs = Object.entries((plan.output_changes ?? {}) as Record<string, Json>).map(([name, o]) => {
    const oc = (o ?? {}) as Record<string, Json>;
    collectSensitive(oc.before, oc.before_sensitive, redactor);
    collectSensitive(oc.after, oc.after_sensitive, redactor);
    return { name, action: actionOf(oc.actions), sensitive: oc.before_sensitive === true || oc.after_sensitive === true };
  });
  let masked = 0;
  const changes: PlanChange[] = [];
  for (const rc of (plan.resource_changes ?? []) as Record<string, Json>[]) {
    if (typeof rc !== "object" || rc === null || rc.mode === "data") continue;
    const s = summarizeChange(rc, redactor);
    masked += s.masked;
    changes.push(s.change);
  }
  const counts: Record<PlanAction, number> = { create: 0, update: 0, replace: 0, destroy: 0, read: 0, "no-op": 0 };
  for (const c of changes) counts[c.action]++;
  const order: Record<PlanAction, number> = { destroy: 0, replace: 1, update: 2, create: 3, read: 4, "no-op": 5 };
  return {
    terraformVersion: String(plan.terraform_version ?? "?"),
    counts,
    stateful: changes.filter((c) => c.stateful).sort((a, b) => order[a.action] - order[b.action] || a.address.localeCompare(b.address)),
    changes: changes
      .filter((c) => c.action !== "no-op" && c.action !== "read")
      .sort((a, b) => order[a.action] - order[b.action] || a.address.localeCompare(b.address)),
    outputs: outputs.filter((o) => o.action !== "no-op"),
    masked,
  };
}
