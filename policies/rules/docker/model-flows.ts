import { NETWORKS, SERVICES, networksOf, type NetworkName, type ServiceName } from "../../../constructs/model/system";
import { asRecord, list, references, resources } from "../../tf";
import { workloads } from "../../workloads";
import type { Rule } from "../../types";
import { TIER_LABEL } from "./published-ports";

/** Label that ties a docker_service to its service in the system model (set by DockerSystem). */
export const SERVICE_LABEL = "service.name";

export const modelFlows: Rule = {
  id: "DKR-021",
  title: "Services reach no more than the system model's flows allow",
  severity: "error",
  controls: ["N-03", "N-01"],
  explanation:
    "On an overlay network every member reaches every other on every port, so joining a network is granting a flow. " +
    "A service must join exactly the networks its model flows need, and the edge (a service that publishes ports) " +
    "must never share a network with a data store.",
  remediation: "Add the flow to constructs/model/system.ts (reviewed) or remove the network attachment.",
  sources: ["OWASP-D #5", "FSBP EC2.19", "NAG AwsSolutions-RDS8"],
  check: (doc) => {
    const out: { address: string; message: string }[] = [];
    const netKey = new Map(
      resources(doc, "docker_network").map((n) => [
        n.address,
        String(list(n.body, "labels").find((l) => l.label === "tier")?.value ?? n.name),
      ]),
    );
    const attached = (body: Record<string, unknown>) =>
      list(asRecord(body.task_spec), "networks_advanced")
        .flatMap((n) => references(String(n.name ?? "")))
        .filter((r) => netKey.has(r));
    const ws = workloads(doc).filter((w) => w.kind === "service");
    const attachments = new Map(ws.map((w) => [w.address, attached(w.resource.body)]));
    for (const w of ws) {
      const name = w.labels[SERVICE_LABEL] as ServiceName | undefined;
      if (!name || !(name in SERVICES)) continue;
      const allowed = new Set<string>(networksOf(name));
      for (const ref of attachments.get(w.address)!) {
        const key = netKey.get(ref)!;
        if (key in NETWORKS && !allowed.has(key as NetworkName))
          out.push({ address: w.address, message: `joins ${key}, which none of ${name}'s model flows needs` });
      }
    }
    // The edge and the data tier never share a network.
    const members = new Map<string, string[]>();
    for (const w of ws) {
      for (const ref of attachments.get(w.address)!) {
        if (!members.has(ref)) members.set(ref, []);
        members.get(ref)!.push(w.address);
      }
    }
    const byAddress = new Map(ws.map((w) => [w.address, w]));
    for (const [net, addrs] of members) {
      const edge = addrs.filter((a) => byAddress.get(a)!.publishedPorts.length > 0);
      const data = addrs.filter((a) => byAddress.get(a)!.labels[TIER_LABEL] === "data");
      for (const e of edge)
        if (data.length)
          out.push({ address: e, message: `publishes ports and shares ${netKey.get(net)} with the data store(s) ${data.join(", ")}` });
    }
    return out;
  },
};
