import { list } from "../../tf";
import { eachService } from "../../rule-helpers";
import type { Rule } from "../../types";

export const noBindMounts: Rule = {
  id: "DKR-012",
  title: "No host paths mounted into services",
  severity: "error",
  controls: ["C-17"],
  explanation: "Bind mounts expose host files (and with shared propagation, host mounts) to the container.",
  remediation: "Use named volumes for data, docker_config for files and docker_secret for secrets.",
  sources: ["CIS-D 5.6", "CIS-D 5.20", "KICS-DC 1c1325ff-831d-43a1-973e-839ae57dfcc0"],
  check: (doc) =>
    eachService(doc, (spec) =>
      list(spec, "mounts")
        .filter((m) => m.type === "bind")
        .map((m) => `bind mount of host path ${String(m.source)} at ${String(m.target)}`),
    ),
};
