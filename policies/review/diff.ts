/**
 * What a change does to security, from the synthesized JSON of the base and the head: per resource, every
 * hardening-relevant attribute that changed (classified by the probe table, not by the rules), resources added and
 * removed, and the policy findings new, fixed and unchanged (by the policy engine, so new rules count as they land).
 * Pure: the caller reads the files.
 */
import { CATALOG } from "../catalog";
import { evaluate, reasonProblem, suppressionsOf } from "../engine";
import { RULES } from "../pack";
import { fingerprint } from "../report";
import { asRecord, labels, references } from "../tf";
import type { Finding, Rule, Severity, TfDocument, TfResource } from "../types";
import { PROTECTIVE, probesFor, type Observation } from "./probes";

export type Direction = "weakened" | "strengthened" | "changed";

export interface Stack {
  readonly name: string;
  readonly doc: TfDocument;
}

export interface SecurityChange {
  readonly stack: string;
  readonly address: string;
  /** What a reviewer calls the resource: the service name, or the construct path. */
  readonly label: string;
  readonly attribute: string;
  /** The item within the attribute (a container, a capability, a port); "" for a single value. */
  readonly item: string;
  readonly before: string;
  readonly after: string;
  readonly direction: Direction;
  readonly control: string;
  readonly controlTitle: string;
  /** For weakenings: error blocks the merge unless suppressed. */
  readonly severity?: Severity;
  readonly suppressed?: { readonly rule: string; readonly reason: string };
}

export interface ResourceRef {
  readonly stack: string;
  readonly address: string;
  readonly label: string;
}

export interface ReviewSuppression extends ResourceRef {
  readonly rule: string;
  readonly reason: string;
  /** New in this change (absent from the base). */
  readonly added: boolean;
}

export interface StackFinding extends Finding {
  readonly stack: string;
}

export interface ReviewDiff {
  readonly changes: readonly SecurityChange[];
  readonly added: readonly ResourceRef[];
  readonly removed: readonly ResourceRef[];
  /** Resources whose body changed in ways no probe rates (names, tags, config content, …): counted, listed in details. */
  readonly otherChanged: readonly ResourceRef[];
  readonly findings: { readonly new: readonly StackFinding[]; readonly fixed: readonly StackFinding[]; readonly unchanged: number };
  readonly suppressions: readonly ReviewSuppression[];
}

/** The reviewer-facing name of a resource. */
export function labelOf(stack: string, r: TfResource): string {
  const service = labels(r.body)["service.name"];
  if (service) return service;
  const path = asRecord(asRecord(r.body["//"]).metadata).path;
  if (typeof path === "string") return path.replace(new RegExp(`^${stack}/`), "");
  return r.name.replace(/_[0-9A-F]{8}$/, ""); // cdktf's unique id without its hash
}

function allResources(doc: TfDocument): Map<string, TfResource> {
  const out = new Map<string, TfResource>();
  for (const [type, byName] of Object.entries(asRecord(doc.resource)))
    for (const [name, body] of Object.entries(asRecord(byName)))
      if (typeof body === "object" && body !== null && !Array.isArray(body))
        out.set(`${type}.${name}`, { type, name, address: `${type}.${name}`, body: body as Record<string, unknown> });
  return out;
}

function observations(
  r: TfResource,
  doc: TfDocument,
  observe: (r: TfResource, doc: TfDocument) => Observation[],
): Map<string, Observation> {
  const m = new Map<string, Observation>();
  for (const o of observe(r, doc)) {
    const prev = m.get(o.key);
    if (!prev || o.rank < prev.rank) m.set(o.key, o); // the weakest reading of an item wins
  }
  return m;
}

/**
 * A valid suppression in the head that covers a control on a resource: by a suppressible rule enforcing it, or by the
 * catalog ID, which counts only for a control no rule of the pack enforces (else a `{ rule: "C-01" }` would bypass an
 * unsuppressible rule, or a rule's own suppression with its reason, in the review).
 */
function suppressionFor(
  doc: TfDocument,
  address: string,
  control: string,
  rules: readonly Rule[],
): { rule: string; reason: string } | undefined {
  return suppressionsOf(doc, address).find((s) => {
    if (reasonProblem(s.reason)) return false;
    // No rule of the pack enforces it (so no unsuppressible one either).
    if (s.rule === control) return !rules.some((r) => r.controls.includes(control));
    const rule = rules.find((r) => r.id === s.rule);
    return !!rule && !rule.unsuppressible && rule.controls.includes(control);
  });
}

function withoutMetadata(body: Readonly<Record<string, unknown>>): string {
  return JSON.stringify(body, (k, v) => (k === "//" ? undefined : v));
}

function classify(
  stack: string,
  base: Stack | undefined,
  head: Stack | undefined,
  rules: readonly Rule[],
): {
  changes: SecurityChange[];
  added: ResourceRef[];
  removed: ResourceRef[];
  otherChanged: ResourceRef[];
} {
  const b = base ? allResources(base.doc) : new Map<string, TfResource>();
  const h = head ? allResources(head.doc) : new Map<string, TfResource>();
  const changes: SecurityChange[] = [];
  const added: ResourceRef[] = [];
  const removed: ResourceRef[] = [];
  const otherChanged: ResourceRef[] = [];
  const addresses = [...new Set([...b.keys(), ...h.keys()])].sort();
  for (const address of addresses) {
    const br = b.get(address);
    const hr = h.get(address);
    const r = (hr ?? br)!;
    const label = labelOf(stack, r);
    if (!br) added.push({ stack, address, label });
    if (!hr) removed.push({ stack, address, label });
    if (br && hr && withoutMetadata(br.body) === withoutMetadata(hr.body)) continue;
    let rated = false;
    for (const probe of probesFor(r.type)) {
      const before = br && base ? observations(br, base.doc, probe.observe) : undefined;
      const after = hr && head ? observations(hr, head.doc, probe.observe) : undefined;
      for (const item of [...new Set([...(before?.keys() ?? []), ...(after?.keys() ?? [])])].sort()) {
        const bo = before?.get(item);
        const ao = after?.get(item);
        const bRank = bo?.rank ?? probe.absent.rank;
        const aRank = ao?.rank ?? probe.absent.rank;
        const bValue = bo?.value ?? (br ? probe.absent.value : "(new resource)");
        const aValue = ao?.value ?? (hr ? probe.absent.value : "(resource removed)");
        let direction: Direction | undefined;
        if (!br)
          direction = aRank < probe.floor ? "weakened" : undefined; // new: only what is insecure on its own
        else if (!hr)
          direction = bRank < probe.floor ? "strengthened" : undefined; // removed: an insecure thing is gone
        else if (aRank < bRank) direction = "weakened";
        else if (aRank > bRank) direction = "strengthened";
        else if (bValue !== aValue) direction = "changed";
        if (!direction) continue;
        rated = rated || direction !== "changed";
        const control = (direction === "strengthened" ? bo?.control : ao?.control) ?? ao?.control ?? bo?.control ?? probe.control;
        const severity = direction === "weakened" ? (aRank < probe.floor ? probe.severity : "warning") : undefined;
        const suppressed = direction === "weakened" && head ? suppressionFor(head.doc, address, control, rules) : undefined;
        changes.push({
          stack,
          address,
          label,
          attribute: probe.attribute,
          item,
          before: bValue,
          after: aValue,
          direction,
          control,
          controlTitle: CATALOG[control] ?? "",
          ...(severity ? { severity } : {}),
          ...(suppressed ? { suppressed } : {}),
        });
      }
    }
    const protective = PROTECTIVE[r.type];
    // Removed together with what it protects (a bucket and its public access block): nothing is left unprotected.
    const targets = references(JSON.stringify(r.body)).filter((a) => !/^(var|local|data)\./.test(a));
    const withTarget = targets.some((a) => b.has(a) && !h.has(a));
    if (!hr && protective && !withTarget) {
      rated = true;
      // A removed resource carries no suppression any more: the removal is argued in the pull request.
      changes.push({
        stack,
        address,
        label,
        attribute: "(resource)",
        item: "",
        before: "present",
        after: "removed",
        direction: "weakened",
        control: protective.control,
        controlTitle: CATALOG[protective.control] ?? "",
        severity: protective.severity,
      });
    }
    if (br && hr && !rated) otherChanged.push({ stack, address, label });
  }
  return { changes, added, removed, otherChanged };
}

function findingsDiff(base: readonly Stack[], head: readonly Stack[], rules: readonly Rule[]) {
  const tag = (stacks: readonly Stack[]) =>
    stacks.flatMap((s) => evaluate(s.doc, rules).map((f): StackFinding => ({ ...f, stack: s.name })));
  const key = (f: StackFinding) => `${f.stack}\u0000${fingerprint(f)}`;
  const before = tag(base);
  const after = tag(head);
  const beforeKeys = new Set(before.map(key));
  const afterKeys = new Set(after.map(key));
  return {
    new: after.filter((f) => !beforeKeys.has(key(f))),
    fixed: before.filter((f) => !afterKeys.has(key(f))),
    unchanged: after.filter((f) => beforeKeys.has(key(f))).length,
  };
}

function suppressionList(base: readonly Stack[], head: readonly Stack[]): ReviewSuppression[] {
  const out: ReviewSuppression[] = [];
  for (const s of head) {
    const b = base.find((x) => x.name === s.name);
    for (const [address, r] of allResources(s.doc)) {
      const before = b ? suppressionsOf(b.doc, address) : [];
      for (const sup of suppressionsOf(s.doc, address))
        out.push({
          stack: s.name,
          address,
          label: labelOf(s.name, r),
          rule: sup.rule,
          reason: sup.reason,
          added: !before.some((x) => x.rule === sup.rule && x.reason === sup.reason),
        });
    }
  }
  return out;
}

const RANK: Record<Direction, number> = { weakened: 0, strengthened: 1, changed: 2 };

export function reviewDiff(base: readonly Stack[], head: readonly Stack[], rules: readonly Rule[] = RULES): ReviewDiff {
  const names = [...new Set([...base.map((s) => s.name), ...head.map((s) => s.name)])].sort();
  const parts = names.map((n) =>
    classify(
      n,
      base.find((s) => s.name === n),
      head.find((s) => s.name === n),
      rules,
    ),
  );
  const changes = parts
    .flatMap((p) => p.changes)
    .sort(
      (a, b) =>
        RANK[a.direction] - RANK[b.direction] ||
        Number(!!a.suppressed) - Number(!!b.suppressed) ||
        (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1) ||
        a.stack.localeCompare(b.stack) ||
        a.label.localeCompare(b.label),
    );
  return {
    changes,
    added: parts.flatMap((p) => p.added),
    removed: parts.flatMap((p) => p.removed),
    otherChanged: parts.flatMap((p) => p.otherChanged),
    findings: findingsDiff(base, head, rules),
    suppressions: suppressionList(base, head),
  };
}

/** What blocks the merge: error-level weakenings and new error-level findings that no valid suppression silences. */
export function blocking(diff: ReviewDiff): { weakened: SecurityChange[]; findings: StackFinding[] } {
  return {
    weakened: diff.changes.filter((c) => c.direction === "weakened" && c.severity === "error" && !c.suppressed),
    findings: diff.findings.new.filter((f) => f.severity === "error" && !f.suppressed),
  };
}
