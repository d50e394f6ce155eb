import { OPEN_CIDRS, publicAlbGroups, sgRules } from "../../aws";
import type { Rule } from "../../types";

/** Ports an internet-facing load balancer may take from anywhere: HTTPS, and HTTP only to redirect (T-04). */
export const EDGE_PORTS = [443, 80];

export const internetIngress: Rule = {
  id: "AWS-018",
  title: "Only the public load balancer accepts internet traffic, on 443 and 80",
  severity: "error",
  controls: ["N-05", "C-19"],
  explanation:
    "Any security-group rule open to 0.0.0.0/0 or ::/0 (inline, aws_security_group_rule or " +
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
      .filter((r) => r.direction === "ingress" && r.cidrs.some((c) => OPEN_CIDRS.has(c)))
      .flatMap((r) => {
        const ports = r.fromPort === r.toPort ? `port ${r.fromPort}` : `ports ${r.fromPort ?? "all"}-${r.toPort ?? "all"}`;
        if (!r.group || !alb.has(r.group))
          return [{ address: r.address, message: `${ports} open to the internet on a group that is not a public load balancer's` }];
        if (r.protocol === "tcp" && r.fromPort === r.toPort && EDGE_PORTS.includes(r.fromPort ?? -1)) return [];
        return [
          { address: r.address, message: `the load balancer's group is open to the internet on ${r.protocol} ${ports}, not only 443/80` },
        ];
      });
  },
};
