/**
 * SegmentedNetwork: the overlay networks of one system, one per tier (N-01), with fixed IPAM subnets, always
 * encrypted between nodes, never attachable, and `internal` (no route out, N-02) unless said otherwise.
 */
import { Construct } from "constructs";
import { Network } from "@cdktf/provider-docker/lib/network";
import { z } from "zod";
import { parseProps } from "../props";

export const segmentedNetworkProps = z.strictObject({
  networks: z
    .array(
      z.strictObject({
        /** Logical name (frontend, backend, monitoring…), used to look the network up. */
        key: z.string().regex(/^[a-z][a-z0-9-]*$/),
        /** Docker network name (use the Naming helper). */
        name: z.string().min(1),
        /** IPv4 subnet for IPAM. */
        subnet: z.string().min(1),
        /** No route out of the network (N-02). Default true: say false only for a network whose members need egress. */
        internal: z.boolean().default(true),
      }),
    )
    .min(1),
});
export type SegmentedNetworkProps = z.input<typeof segmentedNetworkProps>;

export class SegmentedNetwork extends Construct {
  private readonly byKey: Map<string, Network>;

  constructor(scope: Construct, id: string, props: SegmentedNetworkProps) {
    // Validate before joining the tree: bad props leave the construct tree unchanged.
    const p = parseProps(segmentedNetworkProps, props, `${scope.node.path}/${id}`);
    super(scope, id);
    this.byKey = new Map();
    for (const n of p.networks) {
      this.byKey.set(
        n.key,
        new Network(this, n.key, {
          name: n.name,
          driver: "overlay",
          // Services attach through the Swarm scheduler only; no `docker run --network` from the host.
          attachable: false,
          internal: n.internal,
          // IPsec between Swarm nodes, always (N-01); the policy pack refuses unencrypted overlays.
          options: { encrypted: "true" },
          ipamConfig: [{ subnet: n.subnet }],
          labels: [{ label: "tier", value: n.key }],
        }),
      );
    }
  }

  /** The network with the given logical name; throws for an unknown name. */
  network(key: string): Network {
    const n = this.byKey.get(key);
    if (!n) throw new Error(`SegmentedNetwork ${this.node.path}: no network "${key}" (have ${[...this.byKey.keys()].join(", ")})`);
    return n;
  }
}
