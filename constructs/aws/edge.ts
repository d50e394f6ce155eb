/**
 * PublicEdge: the only internet-facing part of the AWS target.
 * - ALB in the public subnets: invalid headers dropped, desync mitigation, deletion protection, access logs (T-06);
 * - HTTPS listener on a current TLS 1.3 policy chosen from the TLS profile, never the API default (T-05, E-08);
 *   the HTTP listener only redirects, with 301 (an ALB has no 308, E-07) (T-04);
 * - the certificate: ACM with DNS validation, or an existing ACM ARN from config (T-07);
 * - WAFv2: the AWS managed groups (common, known bad inputs, IP reputation, SQL injection), a site-wide rate limit,
 *   the guide's 10/minute on /api/scan and a tighter one on the auth paths; metrics; logs with the authorization and
 *   cookie headers redacted (W-01 … W-04).
 * nginx stays behind the ALB so the security headers are the same rendered set on both targets.
 */
import { Construct } from "constructs";
import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { AcmCertificateValidation } from "@cdktf/provider-aws/lib/acm-certificate-validation";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import type { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { Wafv2WebAcl } from "@cdktf/provider-aws/lib/wafv2-web-acl";
import { Wafv2WebAclAssociation } from "@cdktf/provider-aws/lib/wafv2-web-acl-association";
import { Wafv2WebAclLoggingConfiguration } from "@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration";
import { TerraformIterator } from "cdktf";
import type { AwsConfig } from "../../config/aws-schema";
import type { AwsContext } from "./context";
import { ALB_TLS_POLICIES } from "../../policies/rules/aws/alb-tls-policy";
import { MANAGED_RULE_GROUPS } from "../../policies/rules/aws/waf";

// One source for the policy pack and this construct (the pack's CLI must not load provider bindings to know them).
export { ALB_TLS_POLICIES, MANAGED_RULE_GROUPS };

export interface PublicEdgeProps {
  readonly domain: string;
  readonly tlsProfile: keyof typeof ALB_TLS_POLICIES;
  readonly certificate: AwsConfig["certificate"];
  readonly waf: AwsConfig["waf"];
  readonly authPaths: readonly string[];
  readonly vpcId: string;
  readonly publicSubnets: readonly string[];
  readonly securityGroup: string;
  readonly logsBucket: string;
  readonly logsKey: KmsKey;
  readonly logRetentionDays: number;
  /** nginx's TLS port behind the ALB. */
  readonly targetPort: number;
}

export class PublicEdge extends Construct {
  readonly alb: Lb;
  readonly targetGroup: LbTargetGroup;
  readonly webAcl: Wafv2WebAcl;
  readonly https: LbListener;

  constructor(scope: Construct, id: string, ctx: AwsContext, props: PublicEdgeProps) {
    super(scope, id);
    const n = ctx.naming;
    this.alb = new Lb(this, "alb", {
      name: n.name("edge"),
      loadBalancerType: "application",
      internal: false,
      subnets: [...props.publicSubnets],
      securityGroups: [props.securityGroup],
      dropInvalidHeaderFields: true,
      desyncMitigationMode: "defensive",
      enableDeletionProtection: true,
      enableHttp2: true,
      idleTimeout: 60,
      xffHeaderProcessingMode: "append",
      accessLogs: { bucket: props.logsBucket, prefix: "alb", enabled: true },
    });
    // ALB → nginx is TLS too (T-09); the ALB does not verify target certificates, nginx's is per task.
    this.targetGroup = new LbTargetGroup(this, "nginx", {
      name: n.name("nginx"),
      port: props.targetPort,
      protocol: "HTTPS",
      protocolVersion: "HTTP1",
      targetType: "ip",
      vpcId: props.vpcId,
      deregistrationDelay: "30",
      healthCheck: {
        enabled: true,
        protocol: "HTTPS",
        path: "/healthz",
        matcher: "200",
        interval: 15,
        healthyThreshold: 2,
        unhealthyThreshold: 3,
      },
    });

    const certificateArn = this.certificate(props);
    this.https = new LbListener(this, "https", {
      loadBalancerArn: this.alb.arn,
      port: 443,
      protocol: "HTTPS",
      sslPolicy: ALB_TLS_POLICIES[props.tlsProfile],
      certificateArn,
      routingHttpResponseServerEnabled: false,
      defaultAction: [{ type: "forward", targetGroupArn: this.targetGroup.arn }],
    });
    new LbListener(this, "http", {
      loadBalancerArn: this.alb.arn,
      port: 80,
      protocol: "HTTP",
      routingHttpResponseServerEnabled: false,
      defaultAction: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
    });

    this.webAcl = this.firewall(ctx, props);
    new Wafv2WebAclAssociation(this, "waf-association", { resourceArn: this.alb.arn, webAclArn: this.webAcl.arn });
  }

  private certificate(props: PublicEdgeProps): string {
    if (props.certificate.source === "imported") return props.certificate.certificateArn;
    const cert = new AcmCertificate(this, "certificate", {
      domainName: props.domain,
      validationMethod: "DNS",
      keyAlgorithm: "EC_prime256v1",
      options: { certificateTransparencyLoggingPreference: "ENABLED" },
      lifecycle: { createBeforeDestroy: true },
    });
    if (!props.certificate.hostedZoneId) return cert.arn;
    const options = TerraformIterator.fromComplexList(cert.domainValidationOptions, "domain_name");
    const records = new Route53Record(this, "validation", {
      forEach: options,
      zoneId: props.certificate.hostedZoneId,
      name: options.getString("resource_record_name"),
      type: options.getString("resource_record_type"),
      records: [options.getString("resource_record_value")],
      ttl: 300,
      allowOverwrite: false,
    });
    const validation = new AcmCertificateValidation(this, "certificate-validation", {
      certificateArn: cert.arn,
      validationRecordFqdns: [`\${[for r in ${records.fqn} : r.fqdn]}`],
    });
    return validation.certificateArn;
  }

  private firewall(ctx: AwsContext, props: PublicEdgeProps): Wafv2WebAcl {
    const n = ctx.naming;
    const visibility = (metric: string) => ({
      cloudwatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName: n.name(metric.toLowerCase()),
    });
    const pathStarts = (path: string) => ({
      byte_match_statement: {
        search_string: path,
        positional_constraint: "STARTS_WITH",
        field_to_match: { uri_path: {} },
        text_transformation: [{ priority: 0, type: "NONE" }],
      },
    });
    const rate = (limit: number, window: number, scope?: Record<string, unknown>) => ({
      rate_based_statement: {
        limit,
        aggregate_key_type: "IP",
        evaluation_window_sec: window,
        ...(scope ? { scope_down_statement: scope } : {}),
      },
    });
    const authScope =
      props.authPaths.length === 1 ? pathStarts(props.authPaths[0]) : { or_statement: { statement: props.authPaths.map(pathStarts) } };
    const managed = MANAGED_RULE_GROUPS.map((group, i) => ({
      name: group,
      priority: 10 + i,
      overrideAction: { none: {} },
      statement: { managed_rule_group_statement: { vendor_name: "AWS", name: group } },
      visibilityConfig: visibility(group),
    }));
    const limits = [
      { name: "rate-scan", priority: 1, statement: rate(props.waf.scanPerMinute, 60, pathStarts("/api/scan")) },
      { name: "rate-auth", priority: 2, statement: rate(props.waf.authPerMinute, 60, authScope) },
      { name: "rate-site", priority: 3, statement: rate(props.waf.sitePer5m, 300) },
    ].map((r) => ({ ...r, action: { block: {} }, visibilityConfig: visibility(r.name) }));
    const acl = new Wafv2WebAcl(this, "waf", {
      name: n.name("edge"),
      description: "Managed rule groups and rate limits in front of the public load balancer",
      scope: "REGIONAL",
      defaultAction: { allow: {} },
      rule: [...limits, ...managed],
      visibilityConfig: visibility("edge"),
    });
    // WAF requires the log group name to start with aws-waf-logs-.
    const logs = new CloudwatchLogGroup(this, "waf-logs", {
      name: `aws-waf-logs-${n.name("edge")}`,
      kmsKeyId: props.logsKey.arn,
      retentionInDays: props.logRetentionDays,
    });
    new Wafv2WebAclLoggingConfiguration(this, "waf-logging", {
      resourceArn: acl.arn,
      logDestinationConfigs: [logs.arn],
      redactedFields: [{ singleHeader: { name: "authorization" } }, { singleHeader: { name: "cookie" } }],
    });
    return acl;
  }
}
