import type { Rule } from "../../types";

export const daemonApiTls: Rule = {
  id: "DKR-015",
  title: "Terraform reaches the Docker API over a socket, SSH or mutual TLS",
  severity: "error",
  controls: ["C-21"],
  explanation: "A plain tcp:// Docker API (2375) gives root on the host to anyone who can reach the port.",
  remediation: "Use unix://, ssh://user@host, or tcp://host:2376 with cert_path (ca.pem, cert.pem, key.pem).",
  sources: ["CIS-D 2.7", "OWASP-D #1"],
  check: (doc) => {
    const p = doc.provider?.docker;
    const configs = (Array.isArray(p) ? p : p ? [p] : []) as Record<string, unknown>[];
    return configs.flatMap((c) => {
      const host = typeof c.host === "string" ? c.host : "";
      if (!host.startsWith("tcp://")) return [];
      const tls = c.cert_path || (c.ca_material && c.cert_material && c.key_material);
      if (/:2375\/?$/.test(host) || !tls)
        return [{ address: "provider.docker", message: `host ${host} without TLS client authentication` }];
      if (c.key_material)
        return [{ address: "provider.docker", message: "key_material puts the client key in the configuration; use cert_path" }];
      return [];
    });
  },
};
