/** Blackbox exporter configuration (pure; no cdktf): an HTTPS probe that verifies the internal CA and TLS 1.2+. */
import { stringify } from "yaml";

export function renderBlackboxConfig(caFile: string): string {
  return `# Rendered by secure-agents-infra (constructs/render/blackbox.ts).\n${stringify({
    modules: {
      https_2xx: {
        prober: "http",
        timeout: "5s",
        http: {
          method: "GET",
          fail_if_not_ssl: true,
          preferred_ip_protocol: "ip4",
          tls_config: { ca_file: caFile, min_version: "TLS12", insecure_skip_verify: false },
        },
      },
    },
  })}`;
}
