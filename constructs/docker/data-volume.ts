/** DataVolume: a named Docker volume for data that must persist, protected from `terraform destroy` (D-05). */
import { Construct } from "constructs";
import { Volume } from "@cdktf/provider-docker/lib/volume";
import { z } from "zod";
import { parseProps } from "../props";

export const dataVolumeProps = z.strictObject({
  name: z.string().min(1),
  /** Refuse to destroy the volume (lifecycle.prevent_destroy). Default true. */
  protect: z.boolean().default(true),
});
export type DataVolumeProps = z.input<typeof dataVolumeProps>;

export class DataVolume extends Construct {
  readonly volume: Volume;
  constructor(scope: Construct, id: string, props: DataVolumeProps) {
    // Validate before joining the tree: bad props leave the construct tree unchanged.
    const p = parseProps(dataVolumeProps, props, `${scope.node.path}/${id}`);
    super(scope, id);
    this.volume = new Volume(this, "volume", {
      name: p.name,
      driver: "local",
      lifecycle: { preventDestroy: p.protect },
    });
  }
}
