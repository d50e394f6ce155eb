import { conditionValue, eachResource, linkedBy, statements, type Statement } from "../../aws";
import type { Rule } from "../../types";

/** An explicit Deny of every S3 action on the bucket and its objects over plain HTTP. */
export function deniesInsecureTransport(s: Statement): boolean {
  if (s.effect !== "Deny" || !s.principalIsStar) return false;
  if (!s.actions.some((a) => a === "*" || a.toLowerCase() === "s3:*")) return false;
  const insecure = conditionValue(s, "aws:SecureTransport", /^Bool$/i).some((v) => v === false || v === "false");
  const objects = s.resources.some((r) => r === "*" || r.endsWith("/*"));
  const bucket = s.resources.some((r) => r === "*" || !r.endsWith("/*"));
  return insecure && objects && bucket;
}

export const s3TlsOnly: Rule = {
  id: "AWS-045",
  title: "S3 bucket policies deny every request not made over TLS",
  severity: "error",
  controls: ["B-04"],
  explanation:
    "Only an explicit Deny with aws:SecureTransport = false stops plain-HTTP access that some other policy grants; an " +
    "Allow conditioned on SecureTransport = true (which CKV_AWS_379 accepts, E-17) does not.",
  remediation:
    'Add to the bucket policy: { Effect = "Deny", Principal = "*", Action = "s3:*", Resource = [bucket ARN, "<bucket ARN>/*"], Condition = { Bool = { "aws:SecureTransport" = "false" } } }.',
  sources: ["FSBP S3.5", "NAG AwsSolutions-S10", "CKV_AWS_379"],
  check: (doc) => {
    const policies = linkedBy(doc, "aws_s3_bucket_policy", "bucket");
    return eachResource(doc, "aws_s3_bucket", (b) => {
      const st = (policies.get(b.address) ?? []).flatMap((p) => statements(p.body.policy));
      return st.some(deniesInsecureTransport) ? undefined : "no bucket policy statement denies requests with aws:SecureTransport = false";
    });
  },
};
