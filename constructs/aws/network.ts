/**
 * AwsNetwork: a VPC across the configured zones with three subnet tiers (N-02, N-10):
 * - public: the load balancer and the NAT gateway only; no automatic public IPs;
 * - private: the Fargate services; out through the NAT gateway (security groups decide who may use it, N-06);
 * - isolated: RDS and ElastiCache; a route table with no route out at all.
 * The default security group is taken over and left empty (N-08); flow logs go to a KMS-encrypted log group (N-09);
 * interface endpoints for ECR, Logs, Secrets Manager, KMS, STS and AMP and an S3 gateway endpoint keep AWS API calls
 * inside the VPC (N-06); NACLs are coarse guard rails per tier (N-11).
 */
import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import type { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { NetworkAcl } from "@cdktf/provider-aws/lib/network-acl";
import { NetworkAclRule } from "@cdktf/provider-aws/lib/network-acl-rule";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { subnetOf } from "../../config/cidr";
import { arn, type AwsContext } from "./context";
import { ScopedRole } from "./iam";

export const SUBNET_TIERS = ["public", "private", "isolated"] as const;
export type SubnetTier = (typeof SUBNET_TIERS)[number];

/** Interface endpoints the services need so no AWS API call leaves the VPC (N-06). */
export const INTERFACE_ENDPOINTS = ["ecr.api", "ecr.dkr", "logs", "secretsmanager", "kms", "sts", "aps-workspaces"] as const;

export interface AwsNetworkProps {
  readonly cidr: string;
  readonly zones: readonly string[];
  readonly logsKey: KmsKey;
  readonly logRetentionDays: number;
}

/** /24 offsets of each tier inside the VPC CIDR (room for three zones even in a /20). */
const TIER_OFFSET: Record<SubnetTier, number> = { public: 0, private: 4, isolated: 8 };

export class AwsNetwork extends Construct {
  readonly vpc: Vpc;
  readonly subnets: Readonly<Record<SubnetTier, Subnet[]>>;
  readonly subnetCidrs: Readonly<Record<SubnetTier, string[]>>;
  /** Security group of the interface endpoints; services get egress 443 to it. */
  readonly endpointSecurityGroup: SecurityGroup;
  /** The S3 gateway endpoint (its prefix list is the only S3 egress services get). */
  readonly s3Endpoint: VpcEndpoint;

  constructor(scope: Construct, id: string, ctx: AwsContext, props: AwsNetworkProps) {
    super(scope, id);
    const n = ctx.naming;
    this.vpc = new Vpc(this, "vpc", {
      cidrBlock: props.cidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { Name: n.name("vpc") },
    });
    const vpcId = this.vpc.id;

    const cidrs = Object.fromEntries(
      SUBNET_TIERS.map((t) => [t, props.zones.map((_, i) => subnetOf(props.cidr, 24, TIER_OFFSET[t] + i))]),
    ) as Record<SubnetTier, string[]>;
    this.subnetCidrs = cidrs;
    const subnets = Object.fromEntries(
      SUBNET_TIERS.map((t) => [
        t,
        props.zones.map(
          (zone, i) =>
            new Subnet(this, `${t}-${zone}`, {
              vpcId,
              availabilityZone: zone,
              cidrBlock: cidrs[t][i],
              mapPublicIpOnLaunch: false,
              tags: { Name: n.name(t, zone), Tier: t },
            }),
        ),
      ]),
    ) as Record<SubnetTier, Subnet[]>;
    this.subnets = subnets;

    // Routes: public → internet gateway; private → NAT gateway; isolated → nothing (N-02).
    const igw = new InternetGateway(this, "igw", { vpcId, tags: { Name: n.name("igw") } });
    const eip = new Eip(this, "nat-ip", { domain: "vpc", tags: { Name: n.name("nat") } });
    const nat = new NatGateway(this, "nat", {
      allocationId: eip.allocationId,
      subnetId: subnets.public[0].id,
      tags: { Name: n.name("nat") },
    });
    const tables: Record<SubnetTier, RouteTable> = {
      public: new RouteTable(this, "rt-public", {
        vpcId,
        route: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }],
        tags: { Name: n.name("public"), Tier: "public" },
      }),
      private: new RouteTable(this, "rt-private", {
        vpcId,
        route: [{ cidrBlock: "0.0.0.0/0", natGatewayId: nat.id }],
        tags: { Name: n.name("private"), Tier: "private" },
      }),
      isolated: new RouteTable(this, "rt-isolated", { vpcId, route: [], tags: { Name: n.name("isolated"), Tier: "isolated" } }),
    };
    for (const t of SUBNET_TIERS) {
      subnets[t].forEach((s, i) => new RouteTableAssociation(this, `rta-${t}-${i}`, { subnetId: s.id, routeTableId: tables[t].id }));
    }

    // N-08: the default security group, taken over with no rules at all.
    new DefaultSecurityGroup(this, "default-sg", { vpcId, ingress: [], egress: [], tags: { Name: n.name("default-closed") } });

    // N-09: every flow, accepted and rejected, to an encrypted log group.
    const flowLogs = new CloudwatchLogGroup(this, "flow-logs", {
      name: `/${ctx.naming.project}/${ctx.naming.environment}/vpc-flow-logs`,
      kmsKeyId: props.logsKey.arn,
      retentionInDays: props.logRetentionDays,
    });
    const flowRole = new ScopedRole(this, "flow-log-role", ctx, {
      name: n.name("vpc-flow-logs"),
      description: "VPC flow logs write to their log group",
      service: "vpc-flow-logs.amazonaws.com",
      sourceArn: arn(ctx, "ec2", "vpc-flow-log/*"),
      statements: [
        {
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
          Resource: [flowLogs.arn, `${flowLogs.arn}:*`],
        },
      ],
    });
    new FlowLog(this, "flow-log", {
      vpcId,
      trafficType: "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: flowLogs.arn,
      iamRoleArn: flowRole.role.arn,
      maxAggregationInterval: 60,
    });

    // N-06: AWS APIs through endpoints. Ingress rules to this group come from ServiceSecurityGroups.
    this.endpointSecurityGroup = new SecurityGroup(this, "endpoints-sg", {
      name: n.name("endpoints"),
      description: "Interface VPC endpoints: HTTPS from the services only",
      vpcId,
      revokeRulesOnDelete: true,
      tags: { Name: n.name("endpoints"), Service: "vpc-endpoints" },
    });
    for (const svc of INTERFACE_ENDPOINTS) {
      new VpcEndpoint(this, `endpoint-${svc.replace(".", "-")}`, {
        vpcId,
        serviceName: `com.amazonaws.${ctx.region}.${svc}`,
        vpcEndpointType: "Interface",
        privateDnsEnabled: true,
        subnetIds: subnets.private.map((s) => s.id),
        securityGroupIds: [this.endpointSecurityGroup.id],
        tags: { Name: n.name("endpoint", svc.replace(".", "-")) },
      });
    }
    this.s3Endpoint = new VpcEndpoint(this, "endpoint-s3", {
      vpcId,
      serviceName: `com.amazonaws.${ctx.region}.s3`,
      vpcEndpointType: "Gateway",
      routeTableIds: [tables.private.id],
      tags: { Name: n.name("endpoint", "s3") },
    });

    this.guardRails(n.name.bind(n), props.cidr, cidrs, subnets);
  }

  /**
   * N-11: NACLs as coarse guard rails. Public: 443/80 and return traffic in; private: the VPC and return traffic in;
   * isolated: only PostgreSQL and Redis from the private subnets. Never 22/3389, never all ports from anywhere.
   */
  private guardRails(
    name: (...p: string[]) => string,
    vpcCidr: string,
    cidrs: Record<SubnetTier, string[]>,
    subnets: Record<SubnetTier, Subnet[]>,
  ) {
    type R = { cidr: string; from: number; to: number; egress?: boolean; protocol?: string };
    // Return traffic; split around 3389 so no rule lets the internet reach RDP (FSBP EC2.21).
    const EPHEMERAL = [
      { from: 1024, to: 3388 },
      { from: 3390, to: 65535 },
    ];
    const rules: Record<SubnetTier, R[]> = {
      public: [
        { cidr: "0.0.0.0/0", from: 443, to: 443 },
        { cidr: "0.0.0.0/0", from: 80, to: 80 },
        ...EPHEMERAL.map((e) => ({ cidr: "0.0.0.0/0", ...e })),
        { cidr: "0.0.0.0/0", from: 0, to: 65535, egress: true },
      ],
      private: [
        { cidr: vpcCidr, from: 0, to: 65535 },
        ...EPHEMERAL.map((e) => ({ cidr: "0.0.0.0/0", ...e })),
        { cidr: "0.0.0.0/0", from: 0, to: 65535, egress: true },
      ],
      isolated: [
        ...cidrs.private.flatMap((c) => [
          { cidr: c, from: 5432, to: 5432 },
          { cidr: c, from: 6379, to: 6379 },
          { cidr: c, from: 1024, to: 65535, egress: true },
        ]),
      ],
    };
    for (const t of SUBNET_TIERS) {
      const acl = new NetworkAcl(this, `nacl-${t}`, {
        vpcId: this.vpc.id,
        subnetIds: subnets[t].map((s) => s.id),
        tags: { Name: name(t), Tier: t },
      });
      rules[t].forEach((r, i) => {
        new NetworkAclRule(this, `nacl-${t}-${r.egress ? "out" : "in"}-${i}`, {
          networkAclId: acl.id,
          ruleNumber: 100 + i * 10,
          egress: r.egress ?? false,
          protocol: r.protocol ?? "tcp",
          ruleAction: "allow",
          cidrBlock: r.cidr,
          fromPort: r.from,
          toPort: r.to,
        });
      });
    }
  }
}
