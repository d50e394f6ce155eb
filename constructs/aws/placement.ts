/**
 * How the system model lands on AWS: which services run as Fargate services, which become managed services, and
 * which are left out (with the reason, shown in the README and the stack outputs). Target-specific, so it lives
 * here and not in the model.
 */
import { FLOWS, type Flow, type ServiceName } from "../model/system";

export type Placement =
  | { readonly kind: "fargate"; readonly why?: string }
  | { readonly kind: "scheduled"; readonly why: string }
  | { readonly kind: "rds"; readonly why: string }
  | { readonly kind: "elasticache"; readonly why: string }
  | { readonly kind: "managed"; readonly why: string }
  | { readonly kind: "omitted"; readonly why: string };

export const AWS_PLACEMENT: Readonly<Record<ServiceName, Placement>> = {
  nginx: { kind: "fargate", why: "behind the ALB, so the security headers are the same nginx-rendered set on both targets" },
  api: { kind: "fargate" },
  dashboard: { kind: "fargate" },
  worker: { kind: "fargate" },
  postgres: { kind: "rds", why: "RDS for PostgreSQL with rds.force_ssl, a customer key and IAM authentication" },
  redis: { kind: "elasticache", why: "ElastiCache for Redis with TLS required, a customer key and IAM-authenticated users" },
  prometheus: { kind: "fargate", why: "Prometheus in agent mode: scrapes the model's flows, remote-writes to Amazon Managed Prometheus" },
  alertmanager: { kind: "managed", why: "the Amazon Managed Prometheus alert manager, notifying an encrypted SNS topic" },
  pushgateway: { kind: "fargate" },
  blackbox: {
    kind: "managed",
    why: "ACM renews the edge certificate; a CloudWatch alarm on its DaysToExpiry metric replaces the blackbox probe",
  },
  grafana: {
    kind: "omitted",
    why: "use Amazon Managed Grafana with the workspace as data source; it needs IAM Identity Center, which this stack does not own",
  },
  scanner: { kind: "scheduled", why: "a Fargate task run on the scanner schedule by EventBridge Scheduler" },
};

/** Services that get a security group (everything that runs in the VPC). */
export function inVpc(s: ServiceName): boolean {
  return ["fargate", "scheduled", "rds", "elasticache"].includes(AWS_PLACEMENT[s].kind);
}

/** The model's flows between services that both run in the VPC: each becomes a pair of security-group rules. */
export function vpcFlows(flows: readonly Flow[] = FLOWS): Flow[] {
  return flows.filter((f) => inVpc(f.from) && inVpc(f.to));
}
