import { internetReachable } from "../../../config/cidr";
import { arr, eachResource, num, refOf, str } from "../../aws";
import { isTrue, list, resources } from "../../tf";
import type { Rule } from "../../types";

const ADMIN_PORTS = [22, 3389];

interface AclEntry {
  address: string;
  egress: boolean;
  protocol: string;
  action: string;
  cidr: string;
  from?: number;
  to?: number;
}

export const naclGuardRails: Rule = {
  id: "AWS-023",
  title: "NACLs guard every subnet and never open admin ports or everything to the internet",
  severity: "warning",
  controls: ["N-11"],
  explanation:
    "NACLs are coarse, stateless guard rails behind the security groups (cdk-nag warns against relying on them): every " +
    "subnet should have a custom one, and none should allow 22/3389 or all ports from the internet.",
  remediation: "Associate each subnet with a tier NACL; allow from 0.0.0.0/0 only the ports the tier serves (443/80 and ephemeral).",
  sources: ["FSBP EC2.21", "FSBP EC2.16", "CKV_AWS_352", "CKV2_AWS_1", "TRV AWS-0102", "TRV AWS-0105", "NAG AwsSolutions-VPC3"],
  check: (doc) => {
    const covered = new Set([
      ...resources(doc, "aws_network_acl").flatMap((a) => arr(a.body.subnet_ids).map(refOf)),
      ...resources(doc, "aws_network_acl_association").map((a) => refOf(a.body.subnet_id)),
    ]);
    const entries: AclEntry[] = [
      ...resources(doc, "aws_network_acl_rule").map((r) => ({
        address: r.address,
        egress: isTrue(r.body.egress),
        protocol: str(r.body.protocol).toLowerCase(),
        action: str(r.body.rule_action),
        cidr: str(r.body.cidr_block ?? r.body.ipv6_cidr_block),
        from: num(r.body.from_port),
        to: num(r.body.to_port),
      })),
      ...resources(doc, "aws_network_acl").flatMap((a) =>
        list(a.body, "ingress").map((b) => ({
          address: a.address,
          egress: false,
          protocol: str(b.protocol).toLowerCase(),
          action: str(b.action),
          cidr: str(b.cidr_block ?? b.ipv6_cidr_block),
          from: num(b.from_port),
          to: num(b.to_port),
        })),
      ),
    ];
    return [
      ...eachResource(doc, "aws_subnet", (s) =>
        covered.has(s.address) ? undefined : "no custom NACL: the VPC's default NACL (allow all) applies",
      ),
      ...entries
        .filter((e) => !e.egress && e.action === "allow" && internetReachable(e.cidr))
        .flatMap((e) => {
          if (["-1", "all"].includes(e.protocol))
            return [{ address: e.address, message: "allows every protocol and port from the internet" }];
          if (e.from === 0 && e.to === 65535) return [{ address: e.address, message: "allows all ports from the internet" }];
          const admin = ADMIN_PORTS.filter((p) => (e.from ?? 0) <= p && p <= (e.to ?? 65535));
          return admin.length ? [{ address: e.address, message: `allows ${admin.join(", ")} from the internet` }] : [];
        }),
    ];
  },
};
