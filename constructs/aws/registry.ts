/**
 * ImageRegistry: one ECR repository per image the AWS target runs (RG-01 … RG-05): immutable tags, KMS encryption,
 * scan on push, a lifecycle policy, and registry-level enhanced continuous scanning (the repository flag alone is
 * the deprecated API scanners still check, so both are set, E-26). No repository policy: access is IAM-only, never
 * public (RG-05).
 */
import { Construct } from "constructs";
import { EcrLifecyclePolicy } from "@cdktf/provider-aws/lib/ecr-lifecycle-policy";
import { EcrRegistryScanningConfiguration } from "@cdktf/provider-aws/lib/ecr-registry-scanning-configuration";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import type { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import type { AwsContext } from "./context";

export class ImageRegistry extends Construct {
  private readonly repos = new Map<string, EcrRepository>();

  constructor(scope: Construct, id: string, ctx: AwsContext, images: readonly string[], key: KmsKey) {
    super(scope, id);
    new EcrRegistryScanningConfiguration(this, "scanning", {
      scanType: "ENHANCED",
      rule: [{ scanFrequency: "CONTINUOUS_SCAN", repositoryFilter: [{ filter: `${ctx.naming.project}/*`, filterType: "WILDCARD" }] }],
    });
    for (const image of images) {
      const repo = new EcrRepository(this, image, {
        name: `${ctx.naming.project}/${ctx.naming.environment}/${image}`,
        imageTagMutability: "IMMUTABLE",
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfiguration: [{ encryptionType: "KMS", kmsKey: key.arn }],
        forceDelete: false,
      });
      new EcrLifecyclePolicy(this, `${image}-lifecycle`, {
        repository: repo.name,
        policy: JSON.stringify({
          rules: [
            {
              rulePriority: 1,
              description: "expire untagged images after 14 days",
              selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 14 },
              action: { type: "expire" },
            },
            {
              rulePriority: 2,
              description: "keep the 50 newest images",
              selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 50 },
              action: { type: "expire" },
            },
          ],
        }),
      });
      this.repos.set(image, repo);
    }
  }

  repository(image: string): EcrRepository {
    const r = this.repos.get(image);
    if (!r) throw new Error(`ImageRegistry: no repository for ${image}`);
    return r;
  }

  all(): EcrRepository[] {
    return [...this.repos.values()];
  }
}

/**
 * The image a task runs: the service's ECR repository with the tag or digest of the configured image
 * (`registry/name:tag@sha256:…` keeps only the digest, so production deploys by digest, C-20).
 */
export function ecrImage(repositoryUrl: string, configured: string): string {
  const digest = /@(sha256:[0-9a-f]{64})$/.exec(configured)?.[1];
  if (digest) return `${repositoryUrl}@${digest}`;
  const tag = /:([A-Za-z0-9_][A-Za-z0-9_.-]{0,127})$/.exec(configured.replace(/^[^/]*:\d+\//, ""))?.[1];
  if (!tag) throw new Error(`ecrImage: ${configured} has neither a tag nor a digest`);
  return `${repositoryUrl}:${tag}`;
}
