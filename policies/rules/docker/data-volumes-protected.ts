import { asRecord, resources } from "../../tf";
import { workloads } from "../../workloads";
import type { Rule } from "../../types";
import { TIER_LABEL } from "./published-ports";

export const dataVolumesProtected: Rule = {
  id: "DKR-025",
  title: "Volumes holding data-tier state are protected from destroy",
  severity: "error",
  controls: ["D-05", "R-04"],
  explanation: "`terraform destroy` (or a replacement) of a data volume deletes the database; prevent_destroy makes Terraform refuse.",
  remediation: "Create data volumes with DataVolume (lifecycle.prevent_destroy = true).",
  sources: ["FSBP RDS.8", "CKV_AWS_293", "TRV AWS-0177"],
  check: (doc) => {
    const volumes = new Map(
      resources(doc, "docker_volume").flatMap((v) => [[v.address, v] as const, [String(v.body.name ?? ""), v] as const]),
    );
    return workloads(doc)
      .filter((w) => w.labels[TIER_LABEL] === "data")
      .flatMap((w) =>
        w.mounts
          .filter((m) => m.type === "volume")
          .flatMap((m) => {
            const ref = /\$\{(docker_volume\.[A-Za-z0-9_-]+)\./.exec(m.source)?.[1] ?? m.source;
            const v = volumes.get(ref);
            if (!v) return [];
            return asRecord(v.body.lifecycle).prevent_destroy === true
              ? []
              : [{ address: v.address, message: `holds ${w.address}'s data at ${m.target} but is not protected from destroy` }];
          }),
      );
  },
};
