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

/**
 * Address space the internet does not route to us: RFC 1918, CGNAT (RFC 6598), loopback, link-local, "this network",
 * IETF/documentation/benchmark blocks, multicast and class E (RFC 6890); IPv6 unspecified, loopback, ULA (fc00::/7),
 * link-local, multicast and documentation. Parsed by ipaddr.js.
 */
const NON_INTERNET = [
  ...["0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24"],
  ...["192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4"],
  ...["::/128", "::1/128", "fc00::/7", "fe80::/10", "ff00::/8", "2001:db8::/32", "3fff::/20"],
].map((c) => ipaddr.parseCIDR(c));

/**
 * Can hosts on the internet send from (or be reached at) some address of this CIDR? True unless the whole block lies
 * inside private or reserved space, so 0.0.0.0/1, 8.0.0.0/8 and 2000::/3 count as much as 0.0.0.0/0. A bare address
 * is its /32 (/128). Terraform expressions and text that is not an address are false: they cannot be judged here.
 */
export function internetReachable(cidr: string): boolean {
  let addr: ipaddr.IPv4 | ipaddr.IPv6;
  let prefix: number;
  try {
    if (cidr.includes("/")) [addr, prefix] = ipaddr.parseCIDR(cidr.trim());
    else {
      addr = ipaddr.parse(cidr.trim());
      prefix = addr.kind() === "ipv4" ? 32 : 128;
    }
  } catch {
    return false;
  }
  if (addr.kind() === "ipv6" && (addr as ipaddr.IPv6).isIPv4MappedAddress() && prefix >= 96) {
    addr = (addr as ipaddr.IPv6).toIPv4Address();
    prefix -= 96;
  }
  const a = addr;
  return !NON_INTERNET.some(([net, bits]) => {
    if (prefix < bits) return false;
    if (a.kind() === "ipv4") return net.kind() === "ipv4" && (a as ipaddr.IPv4).match(net as ipaddr.IPv4, bits);
    return net.kind() === "ipv6" && (a as ipaddr.IPv6).match(net as ipaddr.IPv6, bits);
  });
}
