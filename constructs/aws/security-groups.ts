/**
 * ServiceSecurityGroups: one security group per service in the VPC and one for the load balancer, with rules that
 * reference each other exactly as the model's flows allow (N-03, N-12), each described (N-07):
 * - for each flow: ingress on the target's group from the source's group on the port, and the matching egress;
 * - the ALB: 443 and 80 from anywhere (80 only redirects, N-05), egress to nginx only;
 * - every task: HTTPS to the VPC endpoints and the S3 prefix list (image layers), nothing else, unless the model
 *   gives the service egress (external APIs, vulnerability database), then HTTPS to anywhere through the NAT (N-06).
 * RDS and ElastiCache groups have ingress from their clients and no egress at all.
 */
import { Construct } from "constructs";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { SERVICES, SERVICE_NAMES, type Flow, type ServiceName } from "../model/system";
import type { AwsContext } from "./context";
import type { AwsNetwork } from "./network";
import { AWS_PLACEMENT, inVpc } from "./placement";

export interface ServiceSecurityGroupsProps {
  readonly network: AwsNetwork;
  readonly flows: readonly Flow[];
  /** Port nginx listens on behind the ALB. */
  readonly edgePort: number;
}

export class ServiceSecurityGroups extends Construct {
  readonly alb: SecurityGroup;
  private readonly groups = new Map<ServiceName, SecurityGroup>();

  constructor(scope: Construct, id: string, ctx: AwsContext, props: ServiceSecurityGroupsProps) {
    super(scope, id);
    const vpcId = props.network.vpc.id;
    const n = ctx.naming;
    const group = (key: string, service: string, description: string) =>
      new SecurityGroup(this, key, {
        name: n.name(key),
        description,
        vpcId,
        revokeRulesOnDelete: true,
        tags: { Name: n.name(key), Service: service },
        lifecycle: { createBeforeDestroy: true },
      });
    this.alb = group("alb", "alb", "Public load balancer: HTTPS (and HTTP to redirect) from the internet");
    for (const s of SERVICE_NAMES.filter(inVpc)) this.groups.set(s, group(`svc-${s}`, s, `${s}: ${SERVICES[s].description}`));

    const ingress = (key: string, to: SecurityGroup, port: number, description: string, from: { sg?: SecurityGroup; cidr?: string }) =>
      new VpcSecurityGroupIngressRule(this, key, {
        securityGroupId: to.id,
        ipProtocol: "tcp",
        fromPort: port,
        toPort: port,
        description,
        ...(from.sg ? { referencedSecurityGroupId: from.sg.id } : { cidrIpv4: from.cidr }),
      });
    const egress = (
      key: string,
      from: SecurityGroup,
      port: number,
      description: string,
      to: { sg?: SecurityGroup; cidr?: string; prefixList?: string },
    ) =>
      new VpcSecurityGroupEgressRule(this, key, {
        securityGroupId: from.id,
        ipProtocol: "tcp",
        fromPort: port,
        toPort: port,
        description,
        ...(to.sg ? { referencedSecurityGroupId: to.sg.id } : to.prefixList ? { prefixListId: to.prefixList } : { cidrIpv4: to.cidr }),
      });

    // N-05: the only internet-facing rules.
    ingress("alb-in-443", this.alb, 443, "HTTPS from the internet", { cidr: "0.0.0.0/0" });
    ingress("alb-in-80", this.alb, 80, "HTTP from the internet, answered only with a redirect to HTTPS", { cidr: "0.0.0.0/0" });
    const nginx = this.group("nginx");
    egress("alb-out-nginx", this.alb, props.edgePort, "to nginx (TLS)", { sg: nginx });
    ingress("nginx-in-alb", nginx, props.edgePort, "from the load balancer (TLS)", { sg: this.alb });

    // N-03: exactly the model's flows.
    for (const f of props.flows) {
      const key = `${f.from}-to-${f.to}-${f.port}`;
      ingress(`${key}-in`, this.group(f.to), f.port, `from ${f.from}: ${f.purpose}`, { sg: this.group(f.from) });
      egress(`${key}-out`, this.group(f.from), f.port, `to ${f.to}: ${f.purpose}`, { sg: this.group(f.to) });
    }

    // N-06: AWS APIs through the endpoints; the internet only for services the model lets out.
    const endpoints = props.network.endpointSecurityGroup;
    for (const s of SERVICE_NAMES.filter((x) => ["fargate", "scheduled"].includes(AWS_PLACEMENT[x].kind))) {
      const sg = this.group(s);
      egress(`${s}-out-endpoints`, sg, 443, "to the VPC interface endpoints (ECR, Logs, Secrets Manager, KMS, STS, AMP)", {
        sg: endpoints,
      });
      ingress(`endpoints-in-${s}`, endpoints, 443, `from ${s}`, { sg });
      egress(`${s}-out-s3`, sg, 443, "to S3 through the gateway endpoint (image layers, reports)", {
        prefixList: props.network.s3Endpoint.prefixListId,
      });
      if (SERVICES[s].egress)
        egress(`${s}-out-internet`, sg, 443, `HTTPS out through the NAT gateway: ${SERVICES[s].description}`, { cidr: "0.0.0.0/0" });
    }
  }

  group(service: ServiceName): SecurityGroup {
    const g = this.groups.get(service);
    if (!g) throw new Error(`ServiceSecurityGroups: ${service} does not run in the VPC (${AWS_PLACEMENT[service].kind})`);
    return g;
  }
}
