import { eachWorkload } from "../../workloads";
import type { Rule } from "../../types";

export const imagePinned: Rule = {
  id: "DKR-014",
  title: "Images are pinned, never :latest",
  severity: "error",
  controls: ["C-20"],
  explanation: "A mutable tag deploys whatever was pushed last; :latest or no tag makes rollbacks and scans meaningless.",
  remediation: "Pin images by digest (name@sha256:…); config requires digests in production.",
  sources: ["CKV_DOCKER_7", "TRV DS-0001", "CIS-D 4.2", "FSBP ECR.2"],
  check: (doc) =>
    eachWorkload(doc, (w) => {
      const image = w.image;
      if (/@sha256:[0-9a-f]{64}$/.test(image)) return undefined;
      if (/^\$\{/.test(image)) return undefined; // a reference to a docker_image / registry digest resolved at plan time
      const tag = /:([^/:@]+)$/.exec(image)?.[1];
      if (!tag) return `image "${image}" has no tag or digest`;
      if (tag === "latest") return `image "${image}" uses :latest`;
      return undefined;
    }),
};
