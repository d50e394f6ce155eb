import { internetReachable } from "../../../config/cidr";
import { FLOWS, SERVICES, type ServiceName } from "../../../constructs/model/system";
import { arr, refOf, serviceTag, sgRules, str } from "../../aws";
import { resources } from "../../tf";
import type { Rule } from "../../types";

const isService = (s: string | undefined): s is ServiceName => !!s && s in SERVICES;

export const awsModelFlows: Rule = {
  id: "AWS-019",
  title: "Security groups allow no more than the system model's flows",
  severity: "error",
  controls: ["N-03", "N-01", "N-12"],
  explanation:
    "Each service has its own security group (tag Service); a rule between two groups is a flow. A rule the model " +
    "(constructs/model/system.ts) does not have, a port range, a CIDR instead of a group reference, or a self " +
    "reference lets a compromised service reach more than it needs — the data stores above all.",
  remediation: "Add the flow to the model (reviewed) or remove the rule; reference the client's security group on the exact port.",
  sources: ["FSBP EC2.19", "NAG AwsSolutions-RDS8", "NAG AwsSolutions-AEC1", "OWASP-D #5"],
  check: (doc) => {
    const endpointGroups = new Set(
      resources(doc, "aws_vpc_endpoint")
        .flatMap((e) => arr(e.body.security_group_ids).map(refOf))
        .filter((x): x is string => !!x),
    );
    const albGroups = new Set(
      [...resources(doc, "aws_lb"), ...resources(doc, "aws_alb")]
        .flatMap((lb) => arr(lb.body.security_groups).map(refOf))
        .filter((x): x is string => !!x),
    );
    const allowed = (from: string, to: string, port: number | undefined): boolean =>
      FLOWS.some((f) => f.from === from && f.to === to && f.port === port);
    const out: { address: string; message: string }[] = [];
    for (const r of sgRules(doc)) {
      if (!r.group) continue;
      const own = serviceTag(doc, r.group);
      if (!isService(own)) continue;
      const port = r.fromPort === r.toPort ? r.fromPort : undefined;
      const where = `${own} ${r.direction}`;
      if (r.self) {
        out.push({ address: r.address, message: `${where}: a self reference lets every ${own} task reach every other on any listed port` });
        continue;
      }
      if (r.cidrs.length) {
        // Internet egress is AWS-020's; a CIDR ingress or an internal CIDR egress bypasses the model.
        if (r.direction === "ingress" || !r.cidrs.every(internetReachable))
          out.push({ address: r.address, message: `${where}: CIDR ${r.cidrs.join(", ")} instead of a security-group reference` });
        continue;
      }
      if (!r.peer) continue;
      if (port === undefined) {
        out.push({
          address: r.address,
          message: `${where}: port range ${r.fromPort ?? "all"}-${r.toPort ?? "all"} (${str(r.protocol)}) instead of one port`,
        });
        continue;
      }
      const peer = serviceTag(doc, r.peer);
      const edge = SERVICES[own].tier === "edge";
      if (endpointGroups.has(r.peer) && r.direction === "egress" && port === 443) continue;
      if (albGroups.has(r.peer) && r.direction === "ingress" && edge) continue;
      const [from, to] = r.direction === "ingress" ? [peer, own] : [own, peer];
      if (isService(from) && isService(to) && allowed(from, to, port)) continue;
      out.push({
        address: r.address,
        message: `${where}: ${from ?? r.peer} → ${to ?? r.peer}:${port} is not a flow of the system model`,
      });
    }
    return out;
  },
};
