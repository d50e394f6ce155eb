/** IPv4 CIDR helpers on top of ipaddr.js (a maintained parser, used by express) rather than hand-written bit maths. */
import ipaddr from "ipaddr.js";

export interface Cidr {
  readonly network: ipaddr.IPv4;
  readonly prefix: number;
}

/** Parses "a.b.c.d/n"; undefined when it is not IPv4 CIDR or has host bits set. */
export function parseCidr(text: string): Cidr | undefined {
  // Decimal octets without leading zeros: ipaddr.js would read "010" as octal, Docker (Go) rejects it.
  if (!/^(0|[1-9]\d{0,2})(\.(0|[1-9]\d{0,2})){3}\/(0|[1-9]\d?)$/.test(text)) return undefined;
  try {
    const [addr, prefix] = ipaddr.IPv4.parseCIDR(text);
    if (ipaddr.IPv4.networkAddressFromCIDR(text).toString() !== addr.toString()) return undefined;
    return { network: addr, prefix };
  } catch {
    return undefined;
  }
}

/** True when the two CIDRs share at least one address. */
export function cidrsOverlap(a: string, b: string): boolean {
  const x = parseCidr(a);
  const y = parseCidr(b);
  if (!x || !y) return false;
  const shorter = Math.min(x.prefix, y.prefix);
  return x.network.match(y.network, shorter);
}

/** The index-th subnet of `newPrefix` bits inside a CIDR (Terraform's cidrsubnet, for literal values in the plan). */
export function subnetOf(cidr: string, newPrefix: number, index: number): string {
  const c = parseCidr(cidr);
  if (!c || newPrefix < c.prefix || newPrefix > 32) throw new Error(`subnetOf: cannot carve /${newPrefix} from ${cidr}`);
  const count = 2 ** (newPrefix - c.prefix);
  if (!Number.isInteger(index) || index < 0 || index >= count)
    throw new Error(`subnetOf: ${cidr} has ${count} /${newPrefix} subnets, not ${index + 1}`);
  const base = c.network.toByteArray().reduce((n, b) => n * 256 + b, 0) + index * 2 ** (32 - newPrefix);
  const bytes = [24, 16, 8, 0].map((s) => Math.floor(base / 2 ** s) % 256);
  return `${bytes.join(".")}/${newPrefix}`;
}
