/**
 * Public API of the construct library: `import { HardenedService } from "secure-agents-infra/constructs"`.
 * Everything exported here is semver-stable; deep imports are not.
 */
export { HardenedService, hardenedServiceProps, type HardenedServiceProps } from "./docker/hardened-service";
export { SegmentedNetwork, segmentedNetworkProps, type SegmentedNetworkProps } from "./docker/segmented-network";
export { SecretStore, secretStoreProps, type SecretStoreProps, type SecretRef } from "./docker/secret-store";
export { DataVolume, dataVolumeProps, type DataVolumeProps } from "./docker/data-volume";
export { ConfigFile, configFileProps, type ConfigFileProps } from "./docker/config-file";
export { HostArtifact, type HostArtifactProps } from "./docker/host-artifact";
export { SwarmHostHardening } from "./docker/swarm-host-hardening";
export { DockerSystem } from "./docker/system";
export { Naming, contentHash } from "./naming";
export { useStateBackend } from "./state-backend";
export { awsContext, arn, type AwsContext } from "./aws/context";
export { KeyRing, KEY_PURPOSES, type KeyPurpose } from "./aws/keys";
export { accessLogBucket, SecureBucket, type SecureBucketProps } from "./aws/secure-bucket";
export { ScopedRole, policyDocument, trustPolicy, type ScopedRoleProps, type Statement } from "./aws/iam";
export { AwsNetwork, INTERFACE_ENDPOINTS, SUBNET_TIERS, type AwsNetworkProps, type SubnetTier } from "./aws/network";
export { ServiceSecurityGroups, type ServiceSecurityGroupsProps } from "./aws/security-groups";
export { FargateService, fargateServiceProps, fargateSize, type FargateServiceProps, type FargateRefs } from "./aws/fargate-service";
export { PublicEdge, ALB_TLS_POLICIES, MANAGED_RULE_GROUPS, type PublicEdgeProps } from "./aws/edge";
export { PostgresDatabase, RDS_CA, type PostgresDatabaseProps } from "./aws/database";
export { RedisCache, APP_ACCESS_STRING, type RedisCacheProps } from "./aws/cache";
export { ImageRegistry, ecrImage } from "./aws/registry";
export { Monitoring, type AlarmSpec, type MonitoringProps } from "./aws/monitoring";
export { ScheduledTask, type ScheduledTaskProps } from "./aws/scheduled-task";
export { StateStore } from "./aws/state-store";
export { AwsSystem } from "./aws/system";
export { AWS_PLACEMENT, type Placement } from "./aws/placement";
export { awsCron } from "./aws/schedule";
export { PropsError } from "./props";
export * as model from "./model/system";
export { renderDaemonJson, daemonJsonText, type DaemonJsonOptions } from "./render/daemon-json";
export {
  renderNginxConf,
  nginxOptionsSchema,
  nginxTempPaths,
  securityHeaders,
  HIDDEN_UPSTREAM_HEADERS,
  type NginxOptions,
} from "./render/nginx";
export {
  tlsPolicy,
  tlsSettingsSchema,
  tls12CipherProblem,
  MOZILLA_INTERMEDIATE_CIPHERS,
  MOZILLA_TLS13_SUITES,
  type TlsPolicy,
  type TlsSettingsInput,
} from "./render/tls";
export {
  postgresArgs,
  postgresSettings,
  renderPgHba,
  renderPostgresqlConf,
  renderInitSql,
  renderInitScript,
  type PostgresOptions,
} from "./render/postgres";
export { redisArgs, renderRedisAcl, renderRedisConf, type RedisOptions, type RedisPersistence } from "./render/redis";
export {
  renderPrometheusConfig,
  renderSecurityRules,
  renderWebConfig,
  prometheusArgs,
  securityRules,
  type AlertThresholds,
  type ScrapeTarget,
} from "./render/prometheus";
export { renderAlertmanagerConfig, alertmanagerArgs, alertReceiverSchema, type AlertReceiver } from "./render/alertmanager";
export { renderGrafanaDatasources, renderGrafanaDashboardProvider, renderSecurityDashboard } from "./render/grafana";
export { renderBlackboxConfig } from "./render/blackbox";
export { renderScannerScript } from "./render/scanner";
