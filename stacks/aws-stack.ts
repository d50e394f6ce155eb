/** AwsStack: composition only. The AWS provider (credentials from the environment or OIDC, never config), the state backend, the AWS system. */
import type { Construct } from "constructs";
import { TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { InfraConfig } from "../config/schema";
import { AwsSystem } from "../constructs/aws/system";
import { useStateBackend } from "../constructs/state-backend";

/** Provider settings for `aws.testMode` (offline plans in CI): no credential or account look-up, no metadata API. */
export const TEST_MODE_PROVIDER = {
  skipCredentialsValidation: true,
  skipRequestingAccountId: true,
  skipMetadataApiCheck: "true",
  skipRegionValidation: true,
} as const;

export function awsProvider(scope: Construct, config: InfraConfig): AwsProvider {
  return new AwsProvider(scope, "aws", {
    region: config.aws.region,
    // A deployment refuses credentials of any other account; test mode never looks the account up.
    ...(config.aws.testMode ? TEST_MODE_PROVIDER : { allowedAccountIds: [config.aws.accountId] }),
    defaultTags: [{ tags: { Project: config.project, Environment: config.environment, ManagedBy: "secure-agents-infra" } }],
  });
}

export class AwsStack extends TerraformStack {
  readonly system: AwsSystem;

  constructor(scope: Construct, id: string, config: InfraConfig) {
    super(scope, id);
    useStateBackend(this, config.state);
    awsProvider(this, config);
    this.system = new AwsSystem(this, "system", config);
  }
}
