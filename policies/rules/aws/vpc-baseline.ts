import { eachResource, isTrue, refOf, str } from "../../aws";
import { list, resources } from "../../tf";
import type { Rule } from "../../types";

export const vpcBaseline: Rule = {
  id: "AWS-022",
  title: "VPCs: default security group closed, flow logs on, no automatic public IPs, no default VPC",
  severity: "error",
  controls: ["N-08", "N-09", "N-10"],
  explanation:
    "The default security group lets its members talk to each other and out; anything launched without a group lands in it. " +
    "Without flow logs there is no record of who talked to whom. Subnets that assign public IPs (or the default VPC, " +
    "where all do) expose whatever is launched there.",
  remediation:
    "Manage aws_default_security_group with no ingress/egress; add aws_flow_log (traffic_type ALL) to an encrypted log group; " +
    "set map_public_ip_on_launch = false; never use aws_default_vpc / aws_default_subnet.",
  sources: [
    "FSBP EC2.2",
    "FSBP EC2.6",
    "FSBP EC2.15",
    "CKV2_AWS_12",
    "CKV2_AWS_11",
    "CKV_AWS_130",
    "TRV AWS-0173",
    "TRV AWS-0178",
    "TRV AWS-0164",
    "NAG AwsSolutions-VPC7",
  ],
  check: (doc) => {
    const closedDefaults = new Set(
      resources(doc, "aws_default_security_group")
        .filter((g) => list(g.body, "ingress").length === 0 && list(g.body, "egress").length === 0)
        .map((g) => refOf(g.body.vpc_id)),
    );
    const logged = new Set(
      resources(doc, "aws_flow_log")
        .filter((f) => str(f.body.traffic_type) === "ALL")
        .map((f) => refOf(f.body.vpc_id)),
    );
    return [
      ...eachResource(doc, "aws_vpc", (v) => [
        ...(closedDefaults.has(v.address)
          ? []
          : ["its default security group is not managed with no rules (it allows members in and everything out)"]),
        ...(logged.has(v.address) ? [] : ["no flow log capturing ALL traffic"]),
      ]),
      ...eachResource(doc, "aws_default_security_group", (g) =>
        list(g.body, "ingress").length || list(g.body, "egress").length ? "the default security group has rules" : undefined,
      ),
      ...eachResource(doc, "aws_subnet", (s) => (isTrue(s.body.map_public_ip_on_launch) ? "assigns public IPs on launch" : undefined)),
      ...eachResource(doc, ["aws_default_vpc", "aws_default_subnet"], () => "uses the default VPC, whose subnets assign public IPs"),
    ];
  },
};
