import { asRecord, isTrue, references, resources } from "../../tf";
import { workloads } from "../../workloads";
import type { Rule } from "../../types";
import { TIER_LABEL } from "./published-ports";

/** Images of data stores, recognised whatever the labels say. */
const DATA_STORE_IMAGE =
  /(^|\/)(postgres|postgis|redis|valkey|keydb|mysql|mariadb|mongo|memcached|elasticsearch|opensearch|cassandra)([:@-]|$)/;

export const dataTierIsolated: Rule = {
  id: "DKR-018",
  title: "Data stores sit only on internal, encrypted networks",
  severity: "error",
  controls: ["N-02", "N-03", "D-03", "N-12"],
  explanation: "PostgreSQL and Redis need no route out; an internal overlay has none, and encryption protects node-to-node traffic.",
  remediation: "Attach data-tier services only to networks with internal = true and options.encrypted set.",
  sources: ["Docker internal networks (kreuzwerker docs/resources/network.md)", "FSBP RDS.18", "FSBP ElastiCache.7", "OWASP-D #5"],
  check: (doc) => {
    const networks = new Map(resources(doc, "docker_network").map((n) => [n.address, n]));
    const out: { address: string; message: string }[] = [];
    for (const w of workloads(doc)) {
      if (w.labels[TIER_LABEL] !== "data" && !DATA_STORE_IMAGE.test(w.image)) continue;
      const attached = [
        ...(w.kind === "service"
          ? ((asRecord(w.resource.body.task_spec).networks_advanced as unknown[]) ?? [])
          : ((w.resource.body.networks_advanced as unknown[]) ?? [])),
      ].flatMap((n) => references(String(asRecord(n).name ?? "")));
      if (w.kind === "container" && attached.length === 0) out.push({ address: w.address, message: "a data store on the default network" });
      for (const ref of attached) {
        const n = networks.get(ref);
        if (!n) continue;
        if (!isTrue(n.body.internal)) out.push({ address: w.address, message: `on ${ref}, which is not internal` });
        if (!("encrypted" in asRecord(n.body.options))) out.push({ address: w.address, message: `on ${ref}, which is not encrypted` });
      }
    }
    return out;
  },
};
