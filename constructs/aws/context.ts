/**
 * What every AWS construct needs to know about where it deploys: names, region, account, partition. Exact ARNs are
 * built from these (no data source, so `terraform plan` works offline and policies name exact resources).
 */
import { Naming } from "../naming";

export interface AwsContext {
  readonly naming: Naming;
  readonly region: string;
  readonly accountId: string;
  readonly partition: string;
}

export function awsContext(project: string, environment: string, region: string, accountId: string): AwsContext {
  return { naming: new Naming(project, environment), region, accountId, partition: region.startsWith("us-gov-") ? "aws-us-gov" : "aws" };
}

/** arn:<partition>:<service>:<region>:<account>:<resource>; pass region "" for global services (IAM, S3). */
export function arn(ctx: AwsContext, service: string, resource: string, region: string = ctx.region): string {
  return `arn:${ctx.partition}:${service}:${region}:${ctx.accountId}:${resource}`;
}

/** The account's root principal: the key-policy administrator that keeps a key manageable through IAM. */
export function accountRoot(ctx: AwsContext): string {
  return `arn:${ctx.partition}:iam::${ctx.accountId}:root`;
}
