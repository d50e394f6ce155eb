/** The app: every stack of the product, built from one validated config, with the policy pack attached. */
import { App, Aspects } from "cdktf";
import type { InfraConfig } from "../config/schema";
import { PolicyAspect } from "../policies/aspect";
import { AwsStack } from "./aws-stack";
import { AwsStateStack } from "./aws-state-stack";
import { DockerStack } from "./docker-stack";

export interface BuiltApp {
  readonly app: App;
  readonly policy: PolicyAspect;
  readonly docker: DockerStack;
  readonly aws: AwsStack;
  readonly awsState: AwsStateStack;
}

export function buildApp(config: InfraConfig, outdir: string): BuiltApp {
  const app = new App({ outdir });
  const policy = new PolicyAspect();
  const docker = new DockerStack(app, "docker", config);
  const aws = new AwsStack(app, "aws", config);
  const awsState = new AwsStateStack(app, "aws-state", config);
  // cdktf invokes aspects per stack and does not inherit the App's: attach the pack to every stack.
  for (const stack of [docker, aws, awsState]) Aspects.of(stack).add(policy);
  return { app, policy, docker, aws, awsState };
}
