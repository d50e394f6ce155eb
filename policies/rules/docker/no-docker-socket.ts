import { list, resources, strings } from "../../tf";
import type { Rule } from "../../types";

export const noDockerSocket: Rule = {
  id: "DKR-011",
  title: "The Docker socket is never mounted (scanners included)",
  severity: "error",
  controls: ["C-16"],
  unsuppressible: true,
  explanation: "Access to the Docker socket is root on the host. Scanners can pull images from the registry instead.",
  remediation: "Remove the mount; run Trivy with --image-src remote and Grype with a registry: source.",
  sources: ["CIS-D 5.32", "OWASP-D #1", "KICS-DC d6355c88-1e8d-49e9-b2f2-f8a1ca12c75b"],
  check: (doc) =>
    [...resources(doc, "docker_service"), ...resources(doc, "docker_container")].flatMap((r) =>
      [...list(r.body, "task_spec", "container_spec", "mounts"), ...list(r.body, "mounts"), ...list(r.body, "volumes")]
        .filter((m) => strings(m).some((s) => /docker\.sock|\/run\/docker|containerd\.sock/.test(s)))
        .map(() => ({ address: r.address, message: "mounts the Docker/containerd socket" })),
    ),
};
