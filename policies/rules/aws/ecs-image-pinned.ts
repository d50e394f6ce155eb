import { eachContainer, str } from "../../aws";
import type { Rule } from "../../types";

export const ecsImagePinned: Rule = {
  id: "AWS-009",
  title: "ECS images are pinned: a digest or an immutable tag, never latest",
  severity: "error",
  controls: ["C-20"],
  explanation:
    "An untagged or :latest image changes under a running service; a digest (or a tag in an IMMUTABLE ECR repository, " +
    "RG-02) names exactly the bytes that were scanned.",
  remediation:
    "Reference the image by @sha256 digest (required in production by the config) or by a release tag of an immutable repository.",
  sources: ["CKV_DOCKER_7", "TRV DS-0001", "CIS-D 4.2", "FSBP ECR.2"],
  check: (doc) =>
    eachContainer(doc, (c) => {
      const image = str(c.def.image);
      if (!image) return "no image";
      if (/@sha256:[0-9a-f]{64}$/.test(image)) return undefined;
      const tag = /:([^:/}]+)$/.exec(image)?.[1];
      if (!tag) return `image ${image} has no tag or digest (latest applies)`;
      if (tag === "latest") return `image ${image} uses latest`;
      return undefined;
    }),
};
