import { eachWorkload } from "../../workloads";
import type { Rule } from "../../types";

export const noBindMounts: Rule = {
  id: "DKR-012",
  title: "No host paths mounted into services",
  severity: "error",
  controls: ["C-17"],
  explanation:
    "Host paths expose host files (and with shared propagation, host mounts) to the container, whether as bind " +
    "mounts, container volumes with host_path, or named volumes whose local driver binds a device.",
  remediation: "Use named volumes without device options for data, docker_config for files and docker_secret for secrets.",
  sources: ["CIS-D 5.6", "CIS-D 5.20", "KICS-DC 1c1325ff-831d-43a1-973e-839ae57dfcc0"],
  check: (doc) =>
    eachWorkload(doc, (w) => w.mounts.filter((m) => m.hostPath !== undefined).map((m) => `host path ${m.hostPath} mounted at ${m.target}`)),
};
