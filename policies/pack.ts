/** The policy pack: every rule, in a stable order. */
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
];
