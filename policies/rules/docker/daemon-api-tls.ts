import type { Rule } from "../../types";

export const daemonApiTls: Rule = {
  id: "DKR-015",
  title: "Terraform reaches the Docker API over a socket, verified SSH or mutual TLS",
  severity: "error",
  controls: ["C-21"],
  explanation:
    "A plain tcp:// Docker API (2375) gives root on the host to anyone who can reach the port; SSH without host-key " +
    "checking lets anyone on the path impersonate the host.",
  remediation: "Use unix://, ssh://user@host (host key checked), or tcp://host:2376 with cert_path (ca.pem, cert.pem, key.pem).",
  sources: ["CIS-D 2.7", "OWASP-D #1"],
  check: (doc) => {
    const p = doc.provider?.docker;
    const configs = (Array.isArray(p) ? p : p ? [p] : []).filter((c): c is Record<string, unknown> => typeof c === "object" && c !== null);
    return configs.flatMap((c) => {
      const out: string[] = [];
      const host = typeof c.host === "string" ? c.host : "";
      if (host.startsWith("tcp://")) {
        const port = Number(/:(\d+)\/?$/.exec(host)?.[1] ?? NaN);
        const tls = c.cert_path || (c.ca_material && c.cert_material && c.key_material);
        if (port === 2375 || !tls) out.push(`host ${host} without TLS client authentication`);
        if (c.key_material) out.push("key_material puts the client key in the configuration; use cert_path");
      }
      const ssh = (Array.isArray(c.ssh_opts) ? c.ssh_opts : []).map(String).join(" ");
      if (/StrictHostKeyChecking\s*=?\s*no|UserKnownHostsFile\s*=?\s*\/dev\/null/i.test(ssh))
        out.push("ssh_opts disable host-key checking");
      return out.map((message) => ({ address: "provider.docker", message }));
    });
  },
};
