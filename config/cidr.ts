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
