import { SERVICES } from "../../../constructs/model/system";
import { internetReachable } from "../../../config/cidr";
import { eachResource, serviceTag, sgRules, str } from "../../aws";
import { resources } from "../../tf";
import type { Rule } from "../../types";

/** Interface endpoints (plus the S3 gateway) a private Fargate service needs to start without a NAT. */
export const REQUIRED_ENDPOINTS = ["ecr.api", "ecr.dkr", "logs", "secretsmanager", "kms", "sts", "s3"];

export const restrictedEgress: Rule = {
  id: "AWS-020",
  title: "Egress is restricted; AWS APIs are reached through VPC endpoints",
  severity: "error",
  controls: ["N-06"],
  explanation:
    "Unrestricted egress lets a compromised task exfiltrate data or fetch tooling. Tasks reach ECR, Logs, Secrets Manager, " +
    "KMS, STS and S3 through VPC endpoints; only services the model gives egress (external APIs, the vulnerability " +
    "database) may send HTTPS to the internet.",
  remediation:
    "Replace 0.0.0.0/0 egress with references to the endpoint security group / S3 prefix list; give internet egress only on 443 and only to services with egress in the model.",
  sources: ["TRV AWS-0104", "CKV_AWS_382", "https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html"],
  check: (doc) => {
    const out = sgRules(doc)
      .filter((r) => r.direction === "egress" && r.cidrs.some(internetReachable))
      .flatMap((r) => {
        const own = serviceTag(doc, r.group);
        const allowed = !!own && own in SERVICES && SERVICES[own as keyof typeof SERVICES].egress;
        if (allowed && r.protocol === "tcp" && r.fromPort === 443 && r.toPort === 443) return [];
        return [
          {
            address: r.address,
            message: allowed
              ? `${own} may reach the internet on ${r.protocol} ${r.fromPort ?? "all"}-${r.toPort ?? "all"}, not only HTTPS`
              : `${own ?? r.group ?? "a group"} may reach the internet, which the model does not allow`,
          },
        ];
      });
    if (resources(doc, "aws_ecs_task_definition").length === 0) return out;
    const present = new Set(resources(doc, "aws_vpc_endpoint").map((e) => str(e.body.service_name).split(".").slice(3).join(".")));
    const missing = REQUIRED_ENDPOINTS.filter((e) => !present.has(e));
    if (missing.length)
      out.push(
        ...eachResource(doc, "aws_vpc", () => `no VPC endpoint for ${missing.join(", ")}: tasks reach these AWS APIs through the internet`),
      );
    return out;
  },
};
