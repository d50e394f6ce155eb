import { eachResource, isTrue, refOf, statements, str } from "../../aws";
import { get, list, resources } from "../../tf";
import type { Rule } from "../../types";

export const ecr: Rule = {
  id: "AWS-040",
  title: "ECR repositories: scanned, immutable, KMS-encrypted, pruned, never public",
  severity: "error",
  controls: ["RG-01", "RG-02", "RG-03", "RG-04", "RG-05"],
  explanation:
    "Images are scanned on push and continuously (registry-level enhanced scanning; the repository field is what scanners " +
    "check, E-26); a mutable tag can be overwritten under a running service; a customer key controls who decrypts layers; " +
    'a lifecycle policy prunes unscanned old images; a repository policy with Principal "*" publishes them.',
  remediation:
    'Set image_scanning_configuration.scan_on_push = true plus aws_ecr_registry_scanning_configuration (ENHANCED, CONTINUOUS_SCAN), image_tag_mutability = "IMMUTABLE", encryption_configuration { encryption_type = "KMS", kms_key }, an aws_ecr_lifecycle_policy, and no open repository policy.',
  sources: [
    "FSBP ECR.1",
    "FSBP ECR.2",
    "FSBP ECR.3",
    "CKV_AWS_163",
    "CKV_AWS_51",
    "CKV_AWS_136",
    "CKV_AWS_32",
    "TRV AWS-0030",
    "TRV AWS-0031",
    "TRV AWS-0033",
    "TRV AWS-0032",
    "NAG AwsSolutions-ECR1",
  ],
  check: (doc) => {
    const lifecycle = resources(doc, "aws_ecr_lifecycle_policy").map((l) => str(l.body.repository));
    const pruned = new Set([...lifecycle, ...lifecycle.map(refOf)]);
    const registryScan = resources(doc, "aws_ecr_registry_scanning_configuration").some(
      (c) => str(c.body.scan_type) === "ENHANCED" && list(c.body, "rule").some((r) => str(r.scan_frequency) === "CONTINUOUS_SCAN"),
    );
    return [
      ...eachResource(doc, "aws_ecr_repository", (r) => {
        const p: string[] = [];
        if (!isTrue(get(r.body, "image_scanning_configuration", "scan_on_push"))) p.push("images are not scanned on push");
        if (str(r.body.image_tag_mutability) !== "IMMUTABLE") p.push("tags are mutable");
        const enc = get(r.body, "encryption_configuration");
        if (str(get(enc, "encryption_type")) !== "KMS" || !str(get(enc, "kms_key"))) p.push("not encrypted with a customer KMS key");
        const name = str(r.body.name);
        if (!pruned.has(name) && !pruned.has(r.address)) p.push("no lifecycle policy");
        if (!registryScan) p.push("no registry-level continuous (ENHANCED) scanning");
        return p;
      }),
      ...eachResource(doc, ["aws_ecr_repository_policy", "aws_ecr_registry_policy"], (pol) =>
        statements(pol.body.policy).some((s) => s.effect === "Allow" && s.principalIsStar && Object.keys(s.condition).length === 0)
          ? 'the policy allows Principal "*": the images are public'
          : undefined,
      ),
    ];
  },
};
