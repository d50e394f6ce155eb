import { eachResource, str } from "../../aws";
import type { Rule } from "../../types";

const STRONG_KEYS = /^(RSA_(2048|3072|4096)|EC_prime256v1|EC_secp384r1|EC_secp521r1)$/;

export const acmCertificate: Rule = {
  id: "AWS-028",
  title: "Certificates are ACM-managed with DNS validation and strong keys",
  severity: "error",
  controls: ["T-07"],
  explanation:
    "DNS validation lets ACM renew without anyone clicking an e-mail; an imported certificate (private_key in state) " +
    "renews by hand and its key lands in the plan; RSA below 2048 bits is weak; a wildcard widens what one key protects.",
  remediation:
    'Use aws_acm_certificate { validation_method = "DNS", key_algorithm = "EC_prime256v1" } with aws_acm_certificate_validation, for the exact names served (or reference a certificate ARN managed elsewhere).',
  sources: [
    "FSBP ACM.1",
    "FSBP ACM.2",
    "CKV2_AWS_71",
    "NAG NIST.800.53.R5-ELBv2ACMCertificateRequired",
    "MOZ 6.0 recommended_certificate_lifespan",
  ],
  check: (doc) =>
    eachResource(doc, "aws_acm_certificate", (c) => {
      const p: string[] = [];
      if (c.body.private_key !== undefined || c.body.certificate_body !== undefined)
        p.push("an imported certificate: renewed by hand, its private key in state");
      else if (!str(c.body.certificate_authority_arn) && str(c.body.validation_method) !== "DNS")
        p.push(`validation_method is ${str(c.body.validation_method) || "unset"}, not DNS`);
      const alg = str(c.body.key_algorithm);
      if (alg && !STRONG_KEYS.test(alg)) p.push(`key_algorithm ${alg} is weak`);
      if (str(c.body.domain_name).startsWith("*.")) p.push("a wildcard certificate");
      return p;
    }),
};
