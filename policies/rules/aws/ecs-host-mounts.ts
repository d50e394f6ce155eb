import { arr, eachContainer, eachResource, str } from "../../aws";
import { asRecord, get, list } from "../../tf";
import type { Rule } from "../../types";

const TMPFS_OPTIONS = ["noexec", "nosuid", "nodev"];

export const ecsHostMounts: Rule = {
  id: "AWS-008",
  title: "ECS tasks mount no host path; tmpfs mounts are hardened and sized",
  severity: "error",
  controls: ["C-17", "C-15"],
  explanation:
    "A task volume with a host_path (EC2 launch type) exposes the instance's filesystem, the Docker socket included; " +
    "Fargate volumes are task-local. On EC2, a tmpfs without noexec,nosuid,nodev and a size lets a process run " +
    "dropped binaries or fill the instance's memory.",
  remediation:
    "Use task volumes without host_path (or EFS with transit encryption); give every linuxParameters.tmpfs entry a size and noexec,nosuid,nodev.",
  sources: ["CIS-D 5.6", "CIS-D 5.20", "CIS-D 5.32", "OWASP-D #8", "KICS-DC 1c1325ff-831d-43a1-973e-839ae57dfcc0"],
  check: (doc) => [
    ...eachResource(doc, "aws_ecs_task_definition", (t) =>
      list(t.body, "volume").flatMap((v) => {
        const p: string[] = [];
        if (str(v.host_path)) p.push(`volume ${str(v.name)} mounts the host path ${str(v.host_path)}`);
        const opts = asRecord(get(v, "docker_volume_configuration", "driver_opts"));
        if (str(opts.device)) p.push(`volume ${str(v.name)} binds the host device ${str(opts.device)} through driver options`);
        const efs = asRecord(get(v, "efs_volume_configuration"));
        if (Object.keys(efs).length && str(efs.transit_encryption) !== "ENABLED")
          p.push(`EFS volume ${str(v.name)} without transit encryption`);
        return p;
      }),
    ),
    ...eachContainer(doc, (c) =>
      arr(get(c.def, "linuxParameters", "tmpfs"))
        .map(asRecord)
        .flatMap((t) => {
          const opts = arr(t.mountOptions).map(str);
          const missing = TMPFS_OPTIONS.filter((o) => !opts.includes(o));
          return [
            ...(missing.length ? [`tmpfs ${str(t.containerPath)} lacks ${missing.join(", ")}`] : []),
            ...(typeof t.size === "number" && t.size > 0 ? [] : [`tmpfs ${str(t.containerPath)} has no size`]),
          ];
        }),
    ),
  ],
};
