import { eachWorkload, under } from "../../workloads";
import type { Rule } from "../../types";

/** Host paths through which a container reaches a container runtime's API. */
export const RUNTIME_SOCKET_DIRS = ["/var/run", "/run", "/var/run/docker.sock", "/run/docker.sock", "/run/containerd", "/var/lib/docker"];

export const noDockerSocket: Rule = {
  id: "DKR-011",
  title: "The Docker socket is never mounted (scanners included)",
  severity: "error",
  controls: ["C-16"],
  unsuppressible: true,
  explanation:
    "Access to the Docker socket is root on the host. It can be mounted directly, through its directory (/var/run, " +
    "/run), through / itself, or through a volume whose driver binds a host device. Scanners can pull images instead.",
  remediation: "Remove the mount; run Trivy with --image-src remote and Grype with a registry: source.",
  sources: ["CIS-D 5.32", "OWASP-D #1", "KICS-DC d6355c88-1e8d-49e9-b2f2-f8a1ca12c75b"],
  check: (doc) =>
    eachWorkload(doc, (w) =>
      w.mounts
        .filter((m) => {
          const host = m.hostPath ?? "";
          return host === "/" || under(host, RUNTIME_SOCKET_DIRS) || /docker\.sock|containerd\.sock/.test(`${host} ${m.source}`);
        })
        .map((m) => `mounts the container runtime socket (host path ${m.hostPath ?? m.source} at ${m.target})`),
    ),
};
