import { labels, list, references, resources } from "../../tf";
import type { Rule } from "../../types";
import { TIER_LABEL } from "./published-ports";

export const dataTierIsolated: Rule = {
  id: "DKR-018",
  title: "Data stores sit only on internal, encrypted networks",
  severity: "error",
  controls: ["N-02", "N-03", "D-03"],
  explanation: "PostgreSQL and Redis need no route out; an internal overlay has none, and encryption protects node-to-node traffic.",
  remediation: "Attach data-tier services only to networks with internal = true and options.encrypted set.",
  sources: ["Docker internal networks (kreuzwerker docs/resources/network.md)", "FSBP RDS.18", "FSBP ElastiCache.7", "OWASP-D #5"],
  check: (doc) => {
    const networks = new Map(resources(doc, "docker_network").map((n) => [n.address, n]));
    const out: { address: string; message: string }[] = [];
    for (const s of resources(doc, "docker_service")) {
      if (labels(s.body)[TIER_LABEL] !== "data") continue;
      for (const ref of list(s.body, "task_spec", "networks_advanced").flatMap((n) => references(String(n.name ?? "")))) {
        const n = networks.get(ref);
        if (!n) continue;
        if (n.body.internal !== true) out.push({ address: s.address, message: `on ${ref}, which is not internal` });
        const opts = (n.body.options ?? {}) as Record<string, unknown>;
        if (!("encrypted" in opts)) out.push({ address: s.address, message: `on ${ref}, which is not encrypted` });
      }
    }
    return out;
  },
};
