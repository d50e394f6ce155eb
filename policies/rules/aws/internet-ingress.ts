import { internetReachable } from "../../../config/cidr";
import { publicAlbGroups, sgRules, type SgRule } from "../../aws";
import type { Rule } from "../../types";

/** Ports an internet-facing load balancer may take from anywhere: HTTPS, and HTTP only to redirect (T-04). */
export const EDGE_PORTS = [443, 80];

/** "port 5432", "ports 0-65535", or "all ports" (protocol -1, or no port given). */
export function portsOf(r: Pick<SgRule, "protocol" | "fromPort" | "toPort">): string {
  if (r.protocol === "-1" || r.protocol === "all" || r.fromPort === undefined) return "all ports";
  const to = r.toPort ?? r.fromPort;
  return r.fromPort === to ? `port ${r.fromPort}` : `ports ${r.fromPort}-${to}`;
}

export const internetIngress: Rule = {
  id: "AWS-018",
  title: "Only the public load balancer accepts internet traffic, on 443 and 80",
  severity: "error",
  controls: ["N-05", "C-19"],
  explanation:
    "Any security-group rule open to an internet range (0.0.0.0/0, ::/0, or any CIDR not wholly inside private or reserved " +
    "space, such as 0.0.0.0/1 + 128.0.0.0/1 or 8.0.0.0/8; inline, aws_security_group_rule or " +
    "aws_vpc_security_group_ingress_rule) exposes what the group protects. Only the internet-facing ALB's group may take " +
    "traffic from anywhere, and only on 443 (and 80, whose listener only redirects).",
  remediation: "Reference the load balancer's security group (or a client group) instead of a CIDR; keep the ALB group at 443 and 80.",
  sources: [
    "FSBP EC2.18",
    "FSBP EC2.19",
    "FSBP EC2.13",
    "FSBP EC2.14",
    "CKV_AWS_24",
    "CKV_AWS_25",
    "CKV_AWS_260",
    "CKV_AWS_277",
    "TRV AWS-0107",
    "NAG AwsSolutions-EC23",
  ],
  check: (doc) => {
    const alb = publicAlbGroups(doc);
    return sgRules(doc)
      .filter((r) => r.direction === "ingress" && r.cidrs.some(internetReachable))
      .flatMap((r) => {
        const ports = portsOf(r);
        const from = r.cidrs.filter(internetReachable).join(", ");
        if (!r.group || !alb.has(r.group))
          return [
            { address: r.address, message: `${ports} open to the internet (${from}) on a group that is not a public load balancer's` },
          ];
        if (r.protocol === "tcp" && r.fromPort === (r.toPort ?? r.fromPort) && EDGE_PORTS.includes(r.fromPort ?? -1)) return [];
        const what = ports === "all ports" ? "all ports" : `${r.protocol} ${ports}`;
        return [{ address: r.address, message: `the load balancer's group is open to the internet (${from}) on ${what}, not only 443/80` }];
      });
  },
};
