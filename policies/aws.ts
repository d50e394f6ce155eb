/**
 * Readers for hashicorp/aws resources in Terraform JSON, shared by the AWS rules: ECS container definitions (the
 * `container_definitions` JSON string, parsed once per document), IAM policy documents, security-group rules in
 * every form Terraform accepts them, and links between resources by `${type.name.attr}` references.
 * Readers tolerate malformed input and report it as absent.
 */
import { asRecord, isTrue, list, resources } from "./tf";
import type { TfDocument, TfResource } from "./types";
import type { Violation } from "./workloads";

export const str = (v: unknown): string => (typeof v === "string" ? v : v === undefined || v === null ? "" : String(v));
export const num = (v: unknown): number | undefined =>
  typeof v === "number" && Number.isFinite(v) ? v : typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : undefined;
export { isFalse, isTrue } from "./tf";
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);

/** The first resource address a value references: "${aws_kms_key.k.arn}" → "aws_kms_key.k". */
export function refOf(v: unknown): string | undefined {
  return /\$\{\s*([a-z][a-z0-9_]*\.[A-Za-z0-9_-]+)\./.exec(str(v))?.[1];
}

/** Parses a JSON string attribute (policy documents, container definitions); undefined when it is not JSON. */
export function parseJson(v: unknown): unknown {
  if (typeof v !== "string") return typeof v === "object" && v !== null ? v : undefined;
  try {
    return JSON.parse(v);
  } catch {
    return undefined;
  }
}

/** Runs `check` on every resource of the types; it returns the problem(s) of that resource, or nothing. */
export function eachResource(
  doc: TfDocument,
  types: string | readonly string[],
  check: (r: TfResource) => string | string[] | undefined,
): Violation[] {
  return [types]
    .flat()
    .flatMap((t) => resources(doc, t))
    .flatMap((r) => {
      const out = check(r);
      return (out === undefined ? [] : Array.isArray(out) ? out : [out]).map((message) => ({ address: r.address, message }));
    });
}

/** Resources of a type keyed by the address of the resource their `attr` references (e.g. bucket → its versioning). */
export function linkedBy(doc: TfDocument, type: string, attr: string): Map<string, TfResource[]> {
  const out = new Map<string, TfResource[]>();
  for (const r of resources(doc, type)) {
    const target = refOf(r.body[attr]);
    if (target) out.set(target, [...(out.get(target) ?? []), r]);
  }
  return out;
}

export function byAddress(doc: TfDocument, address: string | undefined): TfResource | undefined {
  if (!address) return undefined;
  const [type, name] = address.split(".");
  const body = asRecord(asRecord(doc.resource)[type])[name];
  return typeof body === "object" && body !== null && !Array.isArray(body)
    ? { type, name, address, body: body as Record<string, unknown> }
    : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// ECS

export interface EcsContainer {
  readonly task: TfResource;
  readonly address: string;
  readonly name: string;
  readonly def: Record<string, unknown>;
  /** environment as name → value. */
  readonly env: Record<string, string>;
}

const containerCache = new WeakMap<TfDocument, EcsContainer[]>();

/** Every container of every aws_ecs_task_definition (the JSON string or an already-parsed list). */
export function ecsContainers(doc: TfDocument): EcsContainer[] {
  let out = containerCache.get(doc);
  if (!out) {
    out = resources(doc, "aws_ecs_task_definition").flatMap((task) =>
      arr(parseJson(task.body.container_definitions))
        .map(asRecord)
        .map((def) => ({
          task,
          address: task.address,
          name: str(def.name) || "(unnamed)",
          def,
          env: Object.fromEntries(list(def, "environment").map((e) => [str(e.name), str(e.value)])),
        })),
    );
    containerCache.set(doc, out);
  }
  return out;
}

/** Task definitions whose container_definitions is not a literal JSON list (e.g. a "${jsonencode(…)}" expression). */
export function unreadableTasks(doc: TfDocument): TfResource[] {
  return resources(doc, "aws_ecs_task_definition").filter((t) => !Array.isArray(parseJson(t.body.container_definitions)));
}

/** Runs `check` on every ECS container; messages are prefixed with the container's name. */
export function eachContainer(doc: TfDocument, check: (c: EcsContainer) => string | string[] | undefined): Violation[] {
  return ecsContainers(doc).flatMap((c) => {
    const out = check(c);
    return (out === undefined ? [] : Array.isArray(out) ? out : [out]).map((m) => ({
      address: c.address,
      message: `container ${c.name}: ${m}`,
    }));
  });
}

// ---------------------------------------------------------------------------------------------------------------
// IAM policy documents

export interface Statement {
  readonly effect: string;
  readonly actions: string[];
  readonly notActions: string[];
  readonly resources: string[];
  readonly principals: string[];
  readonly principalIsStar: boolean;
  readonly condition: Record<string, Record<string, unknown>>;
  readonly raw: Record<string, unknown>;
}

/** The statements of a policy document (JSON string or object). */
export function statements(policy: unknown): Statement[] {
  return arr(asRecord(parseJson(policy)).Statement)
    .map(asRecord)
    .map((s) => {
      const p = s.Principal;
      const principals = p === "*" ? ["*"] : Object.values(asRecord(p)).flatMap((v) => arr(v).map(str));
      return {
        effect: str(s.Effect),
        actions: arr(s.Action).map(str),
        notActions: arr(s.NotAction).map(str),
        resources: arr(s.Resource).map(str),
        principals,
        principalIsStar: principals.includes("*"),
        condition: Object.fromEntries(Object.entries(asRecord(s.Condition)).map(([k, v]) => [k, asRecord(v)])),
        raw: s,
      };
    });
}

/** Why a policy attribute cannot be read as a document ("${data.aws_iam_policy_document.x.json}", an expression); undefined when it can. */
export function unreadablePolicy(policy: unknown): string | undefined {
  if (policy === undefined || policy === null || asRecord(parseJson(policy)).Statement !== undefined) return undefined;
  return "the policy is not a literal JSON document (a data source or expression?): it cannot be checked";
}

/** A condition value of a statement, whatever the operator ("StringEquals", "ArnLike", …) holding the key. */
export function conditionValue(s: Statement, key: string, operator?: RegExp): unknown[] {
  return Object.entries(s.condition)
    .filter(([op]) => !operator || operator.test(op))
    .flatMap(([, kv]) => Object.entries(kv).filter(([k]) => k.toLowerCase() === key.toLowerCase()))
    .flatMap(([, v]) => arr(v));
}

/** Does an IAM action pattern (with * and ?) match the action? Case-insensitive, as IAM is. */
export function actionMatches(pattern: string, action: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
    "i",
  );
  return re.test(action);
}

// ---------------------------------------------------------------------------------------------------------------
// Security groups

export interface SgRule {
  /** Resource that declares the rule (the group itself for inline blocks). */
  readonly address: string;
  readonly direction: "ingress" | "egress";
  /** Address of the security group the rule belongs to (or the group's own address for inline rules). */
  readonly group?: string;
  readonly protocol: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly cidrs: string[];
  /** Address of the security group on the other side. */
  readonly peer?: string;
  readonly prefixList?: string;
  readonly self: boolean;
  readonly description: string;
}

const sgCache = new WeakMap<TfDocument, SgRule[]>();

/**
 * Every security-group rule of a document, in each form Terraform accepts: inline `ingress`/`egress` blocks of
 * aws_security_group and aws_default_security_group, aws_security_group_rule, and
 * aws_vpc_security_group_ingress_rule / aws_vpc_security_group_egress_rule.
 */
export function sgRules(doc: TfDocument): SgRule[] {
  let out = sgCache.get(doc);
  if (out) return out;
  out = [];
  for (const g of [...resources(doc, "aws_security_group"), ...resources(doc, "aws_default_security_group")]) {
    for (const direction of ["ingress", "egress"] as const) {
      for (const b of list(g.body, direction)) {
        const peers = arr(b.security_groups)
          .map(refOf)
          .filter((x): x is string => !!x);
        const base = {
          address: g.address,
          direction,
          group: g.address,
          protocol: str(b.protocol).toLowerCase(),
          fromPort: num(b.from_port),
          toPort: num(b.to_port),
          cidrs: [...arr(b.cidr_blocks), ...arr(b.ipv6_cidr_blocks)].map(str),
          prefixList: arr(b.prefix_list_ids).map(str)[0],
          self: isTrue(b.self),
          description: str(b.description),
        };
        if (peers.length) for (const peer of peers) out.push({ ...base, peer });
        else out.push(base);
      }
    }
  }
  for (const r of resources(doc, "aws_security_group_rule")) {
    const b = r.body;
    out.push({
      address: r.address,
      direction: str(b.type) === "egress" ? "egress" : "ingress",
      group: refOf(b.security_group_id),
      protocol: str(b.protocol).toLowerCase(),
      fromPort: num(b.from_port),
      toPort: num(b.to_port),
      cidrs: [...arr(b.cidr_blocks), ...arr(b.ipv6_cidr_blocks)].map(str),
      peer: refOf(b.source_security_group_id),
      prefixList: arr(b.prefix_list_ids).map(str)[0],
      self: isTrue(b.self),
      description: str(b.description),
    });
  }
  for (const direction of ["ingress", "egress"] as const) {
    for (const r of resources(doc, `aws_vpc_security_group_${direction}_rule`)) {
      const b = r.body;
      out.push({
        address: r.address,
        direction,
        group: refOf(b.security_group_id),
        protocol: str(b.ip_protocol).toLowerCase(),
        fromPort: num(b.from_port),
        toPort: num(b.to_port),
        cidrs: [b.cidr_ipv4, b.cidr_ipv6].filter((x) => x !== undefined && x !== null).map(str),
        peer: refOf(b.referenced_security_group_id),
        prefixList: b.prefix_list_id ? str(b.prefix_list_id) : undefined,
        self: false,
        description: str(b.description),
      });
    }
  }
  sgCache.set(doc, out);
  return out;
}

/** Security groups attached to internet-facing application load balancers. */
export function publicAlbGroups(doc: TfDocument): Set<string> {
  return new Set(
    [...resources(doc, "aws_lb"), ...resources(doc, "aws_alb")]
      .filter((lb) => !isTrue(lb.body.internal) && ["", "application"].includes(str(lb.body.load_balancer_type)))
      .flatMap((lb) => arr(lb.body.security_groups).map(refOf))
      .filter((x): x is string => !!x),
  );
}

/** The `Service` tag of a resource (how the AWS constructs tie a security group to its model service). */
export function serviceTag(doc: TfDocument, address: string | undefined): string | undefined {
  const t = byAddress(doc, address)?.body.tags;
  const v = asRecord(t).Service;
  return typeof v === "string" ? v : undefined;
}
