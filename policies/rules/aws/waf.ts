import { byAddress, eachResource, isTrue, num, refOf, str } from "../../aws";
import { get, list, resources } from "../../tf";
import type { Rule } from "../../types";

/** The AWS managed rule groups every public web ACL runs (W-02); the edge construct deploys exactly these. */
export const MANAGED_RULE_GROUPS = [
  "AWSManagedRulesCommonRuleSet",
  "AWSManagedRulesKnownBadInputsRuleSet",
  "AWSManagedRulesAmazonIpReputationList",
  "AWSManagedRulesSQLiRuleSet",
] as const;

const visible = (v: unknown) => isTrue(get(v, "cloudwatch_metrics_enabled")) && isTrue(get(v, "sampled_requests_enabled"));

export const waf: Rule = {
  id: "AWS-030",
  title: "A web ACL with managed rules, rate limits, metrics and redacted logs guards every public ALB",
  severity: "error",
  controls: ["W-01", "W-02", "W-03", "W-04"],
  explanation:
    "The public load balancer is the system's front door: the AWS managed groups block known exploits (Known Bad Inputs " +
    "covers Log4j) and bad IPs, a rate-based rule bounds floods and brute force, and metrics plus logs (with credentials " +
    "redacted) show what was blocked. A managed group in count mode blocks nothing.",
  remediation:
    `Associate an aws_wafv2_web_acl (REGIONAL) with the ALB, with ${MANAGED_RULE_GROUPS.join(", ")} (override_action none), a ` +
    'rate_based_statement rule with action block, visibility_config metrics and sampling, and aws_wafv2_web_acl_logging_configuration to an "aws-waf-logs-" destination with authorization redacted.',
  sources: [
    "FSBP ELB.16",
    "FSBP WAF.10",
    "FSBP WAF.11",
    "FSBP WAF.12",
    "CKV2_AWS_28",
    "CKV_AWS_175",
    "CKV_AWS_192",
    "CKV2_AWS_76",
    "CKV2_AWS_31",
    "CKV_AWS_342",
  ],
  check: (doc) => {
    const associated = new Set(resources(doc, "aws_wafv2_web_acl_association").map((a) => refOf(a.body.resource_arn)));
    const logging = new Map(resources(doc, "aws_wafv2_web_acl_logging_configuration").map((l) => [refOf(l.body.resource_arn), l]));
    return [
      ...eachResource(doc, ["aws_lb", "aws_alb"], (lb) =>
        !isTrue(lb.body.internal) && ["", "application"].includes(str(lb.body.load_balancer_type)) && !associated.has(lb.address)
          ? "an internet-facing ALB without a web ACL"
          : undefined,
      ),
      ...eachResource(doc, "aws_wafv2_web_acl", (acl) => {
        const p: string[] = [];
        const rules = list(acl.body, "rule");
        for (const g of MANAGED_RULE_GROUPS) {
          const r = rules.find((x) => str(get(x, "statement", "managed_rule_group_statement", "name")) === g);
          if (!r) p.push(`no ${g}`);
          else if (!get(r, "override_action", "none")) p.push(`${g} is in count mode (override_action is not none)`);
        }
        const rate = rules.filter((x) => get(x, "statement", "rate_based_statement") && get(x, "action", "block"));
        if (rate.length === 0) p.push("no blocking rate-based rule");
        for (const r of rate) {
          const limit = num(get(r, "statement", "rate_based_statement", "limit"));
          if (limit !== undefined && limit > 2000) p.push(`rate rule ${str(r.name)} allows ${limit} requests per window`);
        }
        if (!visible(get(acl.body, "visibility_config"))) p.push("the web ACL's metrics or sampling are off");
        const hidden = rules.filter((r) => !visible(get(r, "visibility_config"))).map((r) => str(r.name));
        if (hidden.length) p.push(`rules without metrics or sampling: ${hidden.join(", ")}`);
        const log = logging.get(acl.address);
        if (!log) p.push("no logging configuration");
        else {
          const dest = (log.body.log_destination_configs as unknown[] | undefined) ?? [];
          const named = dest.every((d) => {
            const target = refOf(d);
            const body = byAddress(doc, target)?.body ?? {};
            const name = target ? str(body.name ?? body.bucket) : str(d);
            return /aws-waf-logs-/.test(name);
          });
          if (!dest.length || !named) p.push('the log destination is not named "aws-waf-logs-…" (WAF rejects it)');
          const redacted = list(log.body, "redacted_fields").map((f) => str(get(f, "single_header", "name")).toLowerCase());
          if (!redacted.includes("authorization")) p.push("the authorization header is not redacted from the logs");
        }
        return p;
      }),
    ];
  },
};
