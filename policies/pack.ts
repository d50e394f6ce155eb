/** The policy pack: every rule, in a stable order (Docker rules DKR-*, then AWS rules AWS-*, then rules for any Terraform JSON, TF-*). */
import { daemonApiTls } from "./rules/docker/daemon-api-tls";
import { daemonNoNewPrivileges } from "./rules/docker/daemon-no-new-privileges";
import { dataTierIsolated } from "./rules/docker/data-tier-isolated";
import { defaultSecurityProfiles } from "./rules/docker/default-security-profiles";
import { dropAllCapabilities } from "./rules/docker/drop-all-capabilities";
import { healthcheck } from "./rules/docker/healthcheck";
import { imagePinned } from "./rules/docker/image-pinned";
import { logRotation } from "./rules/docker/log-rotation";
import { noBindMounts } from "./rules/docker/no-bind-mounts";
import { noDockerSocket } from "./rules/docker/no-docker-socket";
import { noHostNamespaces } from "./rules/docker/no-host-namespaces";
import { nonRootUser } from "./rules/docker/non-root-user";
import { publishedPorts } from "./rules/docker/published-ports";
import { readOnlyRoot } from "./rules/docker/read-only-root";
import { resourceLimits } from "./rules/docker/resource-limits";
import { restartPolicy } from "./rules/docker/restart-policy";
import { secretsAsFiles } from "./rules/docker/secrets-as-files";
import { segmentedNetworks } from "./rules/docker/segmented-networks";
import { modelFlows } from "./rules/docker/model-flows";
import { tlsProxyConfig } from "./rules/docker/tls-proxy-config";
import { postgresConfig } from "./rules/docker/postgres-config";
import { redisConfig } from "./rules/docker/redis-config";
import { dataVolumesProtected } from "./rules/docker/data-volumes-protected";
import { noRootCapabilities } from "./rules/docker/no-root-capabilities";
import { tmpfsSized } from "./rules/docker/tmpfs-sized";
import { ecsNonRootUser } from "./rules/aws/ecs-non-root-user";
import { ecsReadOnlyRoot } from "./rules/aws/ecs-read-only-root";
import { ecsDropCapabilities } from "./rules/aws/ecs-drop-capabilities";
import { ecsNoPrivilege } from "./rules/aws/ecs-no-privilege";
import { ecsResourceLimits } from "./rules/aws/ecs-resource-limits";
import { ecsHealthCheck } from "./rules/aws/ecs-health-check";
import { ecsLogging } from "./rules/aws/ecs-logging";
import { ecsHostMounts } from "./rules/aws/ecs-host-mounts";
import { ecsImagePinned } from "./rules/aws/ecs-image-pinned";
import { ecsSecrets } from "./rules/aws/ecs-secrets";
import { noLiteralSecrets } from "./rules/aws/no-literal-secrets";
import { ecsOperations } from "./rules/aws/ecs-operations";
import { ecsTaskRoles } from "./rules/aws/ecs-task-roles";
import { iamLeastPrivilege } from "./rules/aws/iam-least-privilege";
import { iamManagedPolicies } from "./rules/aws/iam-managed-policies";
import { iamTrustPolicies } from "./rules/aws/iam-trust-policies";
import { schedulerScoped } from "./rules/aws/scheduler-scoped";
import { internetIngress } from "./rules/aws/internet-ingress";
import { awsModelFlows } from "./rules/aws/model-flows";
import { restrictedEgress } from "./rules/aws/restricted-egress";
import { sgDescribed } from "./rules/aws/sg-described";
import { vpcBaseline } from "./rules/aws/vpc-baseline";
import { naclGuardRails } from "./rules/aws/nacl-guard-rails";
import { awsDataTierIsolated } from "./rules/aws/data-tier-isolated";
import { albTlsPolicy } from "./rules/aws/alb-tls-policy";
import { albHttpRedirect } from "./rules/aws/alb-http-redirect";
import { albHygiene } from "./rules/aws/alb-hygiene";
import { acmCertificate } from "./rules/aws/acm-certificate";
import { edgeHeaders } from "./rules/aws/edge-headers";
import { waf } from "./rules/aws/waf";
import { rdsEncryptionTls } from "./rules/aws/rds-encryption-tls";
import { rdsResilience } from "./rules/aws/rds-resilience";
import { rdsAccessLogging } from "./rules/aws/rds-access-logging";
import { rdsOperations } from "./rules/aws/rds-operations";
import { rdsMultiAz } from "./rules/aws/rds-multi-az";
import { elasticache } from "./rules/aws/elasticache";
import { kmsKeys } from "./rules/aws/kms-keys";
import { secretsManagerCmk } from "./rules/aws/secrets-manager-cmk";
import { secretRotation } from "./rules/aws/secret-rotation";
import { ecr } from "./rules/aws/ecr";
import { logGroups } from "./rules/aws/log-groups";
import { monitoring } from "./rules/aws/monitoring";
import { s3Private } from "./rules/aws/s3-private";
import { s3Encryption } from "./rules/aws/s3-encryption";
import { s3TlsOnly } from "./rules/aws/s3-tls-only";
import { s3Versioning } from "./rules/aws/s3-versioning";
import { s3Lifecycle } from "./rules/aws/s3-lifecycle";
import { s3AccessLogging } from "./rules/aws/s3-access-logging";
import { stateBackend } from "./rules/aws/state-backend";
import { noDynamicBlocks } from "./rules/common/no-dynamic-blocks";
import type { Rule } from "./types";

export const RULES: readonly Rule[] = [
  nonRootUser,
  readOnlyRoot,
  dropAllCapabilities,
  daemonNoNewPrivileges,
  noHostNamespaces,
  resourceLimits,
  healthcheck,
  restartPolicy,
  logRotation,
  tmpfsSized,
  noDockerSocket,
  noBindMounts,
  publishedPorts,
  imagePinned,
  daemonApiTls,
  secretsAsFiles,
  segmentedNetworks,
  dataTierIsolated,
  defaultSecurityProfiles,
  noRootCapabilities,
  modelFlows,
  tlsProxyConfig,
  postgresConfig,
  redisConfig,
  dataVolumesProtected,
  ecsNonRootUser,
  ecsReadOnlyRoot,
  ecsDropCapabilities,
  ecsNoPrivilege,
  ecsResourceLimits,
  ecsHealthCheck,
  ecsLogging,
  ecsHostMounts,
  ecsImagePinned,
  ecsSecrets,
  noLiteralSecrets,
  ecsOperations,
  ecsTaskRoles,
  iamLeastPrivilege,
  iamManagedPolicies,
  iamTrustPolicies,
  schedulerScoped,
  internetIngress,
  awsModelFlows,
  restrictedEgress,
  sgDescribed,
  vpcBaseline,
  naclGuardRails,
  awsDataTierIsolated,
  albTlsPolicy,
  albHttpRedirect,
  albHygiene,
  acmCertificate,
  edgeHeaders,
  waf,
  rdsEncryptionTls,
  rdsResilience,
  rdsAccessLogging,
  rdsOperations,
  rdsMultiAz,
  elasticache,
  kmsKeys,
  secretsManagerCmk,
  secretRotation,
  ecr,
  logGroups,
  monitoring,
  s3Private,
  s3Encryption,
  s3TlsOnly,
  s3Versioning,
  s3Lifecycle,
  s3AccessLogging,
  stateBackend,
  noDynamicBlocks,
];
