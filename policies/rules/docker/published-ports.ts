import { eachWorkload } from "../../workloads";
import type { Rule } from "../../types";

export const TIER_LABEL = "org.secagents.tier";

/** Ports of data stores, admin UIs and daemons that must never be published, whatever the labels say. */
export const NEVER_PUBLISHED = [22, 2375, 2376, 2377, 3000, 3306, 5432, 6379, 7946, 9090, 9093, 9091, 9100, 11211, 27017];

export const publishedPorts: Rule = {
  id: "DKR-013",
  title: "Only the edge proxy publishes ports",
  severity: "error",
  controls: ["C-19", "N-04", "D-03"],
  explanation:
    "A published Swarm port listens on every node's addresses through the ingress mesh and bypasses host firewalls " +
    "(Docker's DNAT runs before INPUT). Only the TLS proxy should be reachable, and never a database or admin port.",
  remediation: `Remove the ports; only one service, labelled ${TIER_LABEL}=edge, may publish, and only its proxy ports.`,
  sources: ["CIS-D 5.8", "CIS-D 5.9", "CIS-D 5.14", "KICS-DC bc2908f3-f73c-40a9-8793-c1b7d5544f79", "FSBP EC2.19"],
  check: (doc) => {
    const all = eachWorkload(doc, (w) => {
      if (w.publishedPorts.length === 0) return undefined;
      const problems: string[] = [];
      const sensitive = w.publishedPorts.filter(
        (p) => NEVER_PUBLISHED.includes(p.target ?? -1) || NEVER_PUBLISHED.includes(p.published ?? -1),
      );
      if (sensitive.length)
        problems.push(`publishes a data store, admin or daemon port: ${sensitive.map((p) => p.published ?? p.target).join(", ")}`);
      if (w.labels[TIER_LABEL] !== "edge")
        problems.push(`publishes ${w.publishedPorts.map((p) => p.published ?? "all").join(", ")} but is not the edge proxy`);
      return problems;
    });
    const edges = eachWorkload(doc, (w) => (w.labels[TIER_LABEL] === "edge" && w.publishedPorts.length ? "edge" : undefined));
    if (edges.length > 1)
      all.push(...edges.map((e) => ({ address: e.address, message: `${edges.length} services publish as the edge; only one may` })));
    return all;
  },
};
