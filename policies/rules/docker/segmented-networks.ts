import { asRecord, isTrue, list, references, resources } from "../../tf";
import type { Rule } from "../../types";

export const segmentedNetworks: Rule = {
  id: "DKR-017",
  title: "Services join encrypted, non-attachable user-defined overlay networks only",
  severity: "error",
  controls: ["N-01", "C-06"],
  explanation:
    "The default bridge and ingress networks put every container in one flat segment. Overlay traffic between nodes " +
    "is plain VXLAN unless the network is encrypted; an attachable network lets any `docker run` on a node join it.",
  remediation:
    'Attach each service through networks_advanced to docker_network resources with driver "overlay", options.encrypted and attachable = false.',
  sources: [
    "CIS-D 5.30",
    "CIS-D 2.2",
    "OWASP-D #5",
    "https://docs.docker.com/engine/network/drivers/overlay/#encrypt-traffic-on-an-overlay-network",
  ],
  check: (doc) => {
    const out: { address: string; message: string }[] = [];
    for (const n of resources(doc, "docker_network")) {
      if (n.body.driver !== "overlay")
        out.push({ address: n.address, message: `driver "${String(n.body.driver ?? "bridge")}" is not overlay` });
      else if (!("encrypted" in asRecord(n.body.options))) out.push({ address: n.address, message: "overlay traffic is not encrypted" });
      if (isTrue(n.body.attachable)) out.push({ address: n.address, message: "attachable: standalone containers can join it" });
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
    for (const c of resources(doc, "docker_container")) {
      const mode = String(c.body.network_mode ?? "bridge");
      if (list(c.body, "networks_advanced").length === 0 && mode !== "none")
        out.push({ address: c.address, message: `uses the ${mode} network` });
    }
    return out;
  },
};
