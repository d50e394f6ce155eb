/** The app: every stack of the product, built from one validated config, with the policy pack attached. */
import { App, Aspects } from "cdktf";
import type { InfraConfig } from "../config/schema";
import { PolicyAspect } from "../policies/aspect";
import { DockerStack } from "./docker-stack";

export interface BuiltApp {
  readonly app: App;
  readonly policy: PolicyAspect;
  readonly docker: DockerStack;
}

export function buildApp(config: InfraConfig, outdir: string): BuiltApp {
  const app = new App({ outdir });
  const policy = new PolicyAspect();
  const docker = new DockerStack(app, "docker", config);
  // cdktf invokes aspects per stack and does not inherit the App's: attach the pack to every stack.
  for (const stack of [docker]) Aspects.of(stack).add(policy);
  return { app, policy, docker };
}
