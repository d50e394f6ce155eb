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
export { PropsError } from "./props";
export * as model from "./model/system";
export { renderDaemonJson, daemonJsonText, type DaemonJsonOptions } from "./render/daemon-json";
export {
  renderNginxConf,
  securityHeaders,
  MOZILLA_INTERMEDIATE_CIPHERS,
  NGINX_WRITABLE_PATHS,
  type NginxOptions,
  type TlsProfile,
} from "./render/nginx";
export { postgresArgs, postgresSettings, renderPgHba, type PostgresOptions } from "./render/postgres";
export { redisArgs, renderRedisAcl, type RedisOptions, type RedisPersistence } from "./render/redis";
export { renderPrometheusConfig, renderSecurityRules, type AlertThresholds, type ScrapeTarget } from "./render/prometheus";
export { renderScannerScript } from "./render/scanner";
