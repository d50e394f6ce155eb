/**
 * Test helpers: synthesize the Docker stack in memory and read it.
 * Testing.synth is used for JSON assertions and snapshots only (never with the validity matchers, case B12);
 * it runs the stack validations (policy pack) when asked, since it skips them by default (case B14).
 */
import { App, Aspects, Testing, type TerraformStack } from "cdktf";
import { parseConfig } from "../../config/load";
import type { InfraConfig } from "../../config/schema";
import type { ServiceName } from "../../constructs/model/system";
import { PolicyAspect, stackDocument } from "../../policies/aspect";
import { containerSpec, labels, resources } from "../../policies/tf";
import type { TfDocument, TfResource } from "../../policies/types";
import { AwsStack } from "../../stacks/aws-stack";
import { AwsStateStack } from "../../stacks/aws-state-stack";
import { DockerStack } from "../../stacks/docker-stack";

export type Doc = TfDocument & { resource: Record<string, Record<string, Record<string, unknown>>> };

export function dockerStack(config: InfraConfig = parseConfig({})): DockerStack {
  const app = Testing.app();
  const stack = new DockerStack(app, "docker", config);
  Aspects.of(stack).add(new PolicyAspect());
  return stack;
}

/** Synthesized JSON of the Docker stack; with `validate` (default true) the policy pack runs and errors throw. */
export function synthDocker(config?: InfraConfig, validate = true): Doc {
  return JSON.parse(Testing.synth(dockerStack(config), validate)) as Doc;
}

let cached: Doc | undefined;
/**
 * Default-config synth without validations, computed once per test file, so that a control test fails on its own
 * assertion (not on the policy pack) when a construct loses the control. Suites that use it also assert that the
 * policy pack finds nothing.
 */
export function defaultDoc(): Doc {
  cached ??= synthDocker(undefined, false);
  return structuredClone(cached);
}

/** The docker_service resources keyed by the model's service name (from the service.name label). */
export function servicesByName(doc: TfDocument): Record<ServiceName, TfResource> {
  return Object.fromEntries(resources(doc, "docker_service").map((s) => [labels(s.body)["service.name"], s])) as Record<
    ServiceName,
    TfResource
  >;
}

export function spec(doc: TfDocument, name: ServiceName): Record<string, unknown> {
  return containerSpec(servicesByName(doc)[name]);
}

export function newApp(): App {
  return Testing.app();
}

/** The S3 state backend a production config must name (TS-01); values as the aws-state stack outputs them. */
export const S3_STATE = {
  backend: "s3",
  bucket: "secagents-production-tfstate-123456789012-eu-west-1",
  region: "eu-west-1",
  kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/0b1c2d3e-0000-4000-8000-000000000000",
} as const;

export function awsStack(config: InfraConfig = parseConfig({})): AwsStack {
  const stack = new AwsStack(Testing.app(), "aws", config);
  Aspects.of(stack).add(new PolicyAspect());
  return stack;
}

/** Synthesized JSON of the AWS stack; with `validate` (default true) the policy pack runs and errors throw. */
export function synthAws(config?: InfraConfig, validate = true): Doc {
  return JSON.parse(Testing.synth(awsStack(config), validate)) as Doc;
}

export function synthAwsState(config: InfraConfig = parseConfig({}), validate = true): Doc {
  const stack = new AwsStateStack(Testing.app(), "aws-state", config);
  Aspects.of(stack).add(new PolicyAspect());
  return JSON.parse(Testing.synth(stack, validate)) as Doc;
}

let cachedAws: Doc | undefined;
/** Default-config AWS synth without validations, once per test file (see defaultDoc). */
export function defaultAwsDoc(): Doc {
  cachedAws ??= synthAws(undefined, false);
  return structuredClone(cachedAws);
}

/** A stack's JSON as the policy pack sees it at synth: with the "//" suppressions, which Testing.synth strips. */
export function checkedDoc(stack: TerraformStack): Doc {
  return stackDocument(stack) as Doc;
}

let cachedCheckedAws: Doc | undefined;
/** Default-config AWS stack as the policy pack sees it (suppressions kept), once per test file. */
export function checkedAwsDoc(): Doc {
  cachedCheckedAws ??= checkedDoc(awsStack());
  return structuredClone(cachedCheckedAws);
}

export function checkedAwsStateDoc(config: InfraConfig = parseConfig({})): Doc {
  const stack = new AwsStateStack(Testing.app(), "aws-state", config);
  return checkedDoc(stack);
}
