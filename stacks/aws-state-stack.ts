/**
 * AwsStateStack: the bucket and key that hold the other stacks' state (TS-01). It bootstraps itself with local state
 * (README: apply it once, then move its own state into the bucket with `terraform init -migrate-state`).
 */
import type { Construct } from "constructs";
import { LocalBackend, TerraformStack } from "cdktf";
import type { InfraConfig } from "../config/schema";
import { StateStore } from "../constructs/aws/state-store";
import { awsProvider } from "./aws-stack";

export class AwsStateStack extends TerraformStack {
  readonly store: StateStore;

  constructor(scope: Construct, id: string, config: InfraConfig) {
    super(scope, id);
    new LocalBackend(this, { path: `../../../terraform.${id}.tfstate` });
    awsProvider(this, config);
    this.store = new StateStore(this, "state", config);
  }
}
