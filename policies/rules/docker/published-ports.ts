import { labels, list } from "../../tf";
import { eachService } from "../../rule-helpers";
import type { Rule } from "../../types";

export const TIER_LABEL = "org.secagents.tier";

export const publishedPorts: Rule = {
  id: "DKR-013",
  title: "Only the edge proxy publishes ports",
  severity: "error",
  controls: ["C-19", "N-04"],
  explanation:
    "A published Swarm port listens on every node's addresses through the ingress mesh and bypasses host firewalls " +
    "(Docker's DNAT runs before INPUT). Only the TLS proxy should be reachable.",
  remediation: `Remove endpoint_spec.ports from this service; only a service labelled ${TIER_LABEL}=edge may publish.`,
  sources: ["CIS-D 5.8", "CIS-D 5.9", "CIS-D 5.14", "KICS-DC bc2908f3-f73c-40a9-8793-c1b7d5544f79"],
  check: (doc) =>
    eachService(doc, (_spec, s) => {
      const ports = list(s.body, "endpoint_spec", "ports");
      if (ports.length === 0 || labels(s.body)[TIER_LABEL] === "edge") return undefined;
      return `publishes ${ports.map((p) => String(p.published_port ?? p.target_port)).join(", ")} but is not the edge proxy`;
    }),
};
