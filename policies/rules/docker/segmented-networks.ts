import { list, references, resources } from "../../tf";
import type { Rule } from "../../types";

export const segmentedNetworks: Rule = {
  id: "DKR-017",
  title: "Services join user-defined overlay networks only",
  severity: "error",
  controls: ["N-01", "C-06"],
  explanation: "The default bridge and ingress networks put every container in one flat segment.",
  remediation: "Attach each service through networks_advanced to the docker_network resources of its tier.",
  sources: ["CIS-D 5.30", "CIS-D 2.2", "OWASP-D #5"],
  check: (doc) => {
    const out: { address: string; message: string }[] = [];
    for (const n of resources(doc, "docker_network")) {
      if (n.body.driver !== "overlay")
        out.push({ address: n.address, message: `driver "${String(n.body.driver ?? "bridge")}" is not overlay` });
    }
    for (const s of resources(doc, "docker_service")) {
      const nets = list(s.body, "task_spec", "networks_advanced");
      if (nets.length === 0) out.push({ address: s.address, message: "joins no user-defined network" });
      for (const n of nets) {
        const name = String(n.name ?? "");
        if (!references(name).some((r) => r.startsWith("docker_network."))) {
          out.push({ address: s.address, message: `joins "${name}", not a docker_network of this configuration` });
        }
      }
    }
    return out;
  },
};
