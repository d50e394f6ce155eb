/**
 * Blackbox exporter configuration (pure; no cdktf): an HTTPS probe of the proxy that verifies its certificate for the
 * public name and TLS 1.2+. A generated certificate is verified against the internal CA; a real one (certificate files)
 * against the system roots, so the expiry probe works in production too.
 */
import { stringify } from "yaml";

export function renderBlackboxConfig(caFile: string | undefined, serverName: string): string {
  return `# Rendered by secure-agents-infra (constructs/render/blackbox.ts).\n${stringify({
    modules: {
      https_2xx: {
        prober: "http",
        timeout: "5s",
        http: {
          method: "GET",
          fail_if_not_ssl: true,
          preferred_ip_protocol: "ip4",
          tls_config: {
            ...(caFile ? { ca_file: caFile } : {}),
            server_name: serverName,
            min_version: "TLS12",
            insecure_skip_verify: false,
          },
        },
      },
    },
  })}`;
}
