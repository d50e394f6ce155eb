/**
 * Where a stack keeps its Terraform state (TS-01, TS-02). State holds secret values (generated passwords, keys):
 * - `local`: development only, in a file at the project root (outside cdktf.out, which each synth replaces);
 * - `s3`: the bucket of the aws-state stack, encrypted with its customer key, locked with an S3 lockfile
 *   (`use_lockfile`, Terraform >= 1.10; cdktf 0.21's S3BackendConfig predates it, so it is set as an override).
 */
import { LocalBackend, S3Backend, type TerraformStack } from "cdktf";
import type { StateConfig } from "../config/aws-schema";

export function useStateBackend(stack: TerraformStack, state: StateConfig): void {
  const id = stack.node.id;
  if (state.backend === "local") {
    // Relative to the stack folder, so the synthesized JSON has no machine-specific path.
    new LocalBackend(stack, { path: `../../../terraform.${id}.tfstate` });
    return;
  }
  new S3Backend(stack, {
    bucket: state.bucket,
    key: `${state.keyPrefix}/${id}.tfstate`,
    region: state.region,
    encrypt: true,
    kmsKeyId: state.kmsKeyArn,
  });
  stack.addOverride("terraform.backend.s3.use_lockfile", true);
}
