import { eachResource, str } from "../../aws";
import { directive, taskConfigTexts } from "../../config-files";
import type { Rule } from "../../types";

/** Mozilla's generator maps intermediate/modern to these ALB policies (catalog T-05; post-quantum key exchange). */
export const ALB_TLS_POLICIES = {
  intermediate: "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
  modern: "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09",
} as const;

/** The current TLS 1.3 policies: Mozilla intermediate and modern mappings (MOZ awsalb.js, 2026-05). */
export const CURRENT_TLS_POLICIES: readonly string[] = Object.values(ALB_TLS_POLICIES);

export const albTlsPolicy: Rule = {
  id: "AWS-025",
  title: "HTTPS listeners use a current TLS 1.3 policy, never the API default",
  severity: "error",
  controls: ["T-05", "T-01", "T-02"],
  explanation:
    "Without ssl_policy the API (and so Terraform) applies ELBSecurityPolicy-2016-08: TLS 1.0, CBC suites (E-08). Scanners " +
    "disagree on what is current; this pack accepts exactly the Mozilla mappings for the profiles: " +
    `${CURRENT_TLS_POLICIES.join(" (intermediate), ")} (modern).`,
  remediation: `Set ssl_policy = "${ALB_TLS_POLICIES.intermediate}" (or "${ALB_TLS_POLICIES.modern}" for the modern profile) and a certificate.`,
  sources: ["MOZ awsalb.js", "CKV_AWS_2", "CKV_AWS_103", "CKV2_AWS_74", "TRV AWS-0047", "NAG NIST.800.53.R5-ELBTlsHttpsListenersOnly"],
  check: (doc) => {
    // The proxy behind the ALB names the profile: a TLS 1.3-only nginx.conf (modern) wants the modern ALB policy too.
    const modern = taskConfigTexts(doc).some((c) => directive(c.text, "ssl_protocols").some((v) => v.trim() === "TLSv1.3"));
    return eachResource(doc, ["aws_lb_listener", "aws_alb_listener"], (l) => {
      const protocol = str(l.body.protocol);
      if (protocol !== "HTTPS" && protocol !== "TLS") return undefined;
      const policy = str(l.body.ssl_policy);
      return [
        ...(!policy
          ? ["no ssl_policy: the API default ELBSecurityPolicy-2016-08 (TLS 1.0) applies"]
          : CURRENT_TLS_POLICIES.includes(policy)
            ? []
            : [`ssl_policy ${policy} is not a current TLS 1.3 policy (${CURRENT_TLS_POLICIES.join(", ")})`]),
        ...(modern && policy && policy !== ALB_TLS_POLICIES.modern
          ? [`the proxy behind it is TLS 1.3 only (modern profile) but ssl_policy is ${policy}, not ${ALB_TLS_POLICIES.modern}`]
          : []),
        ...(str(l.body.certificate_arn) ? [] : ["no certificate_arn"]),
      ];
    });
  },
};
