import { arr, eachContainer, isTrue, str } from "../../aws";
import { list } from "../../tf";
import { SYSTEM_PATHS, under } from "../../workloads";
import type { Rule } from "../../types";

export const ecsReadOnlyRoot: Rule = {
  id: "AWS-002",
  title: "ECS containers have a read-only root filesystem",
  severity: "error",
  controls: ["C-02"],
  explanation:
    "A writable root lets an attacker alter binaries and configuration. Fargate has no tmpfs: writable paths are task " +
    "volumes mounted explicitly, and a writable mount over a system directory undoes the read-only root.",
  remediation: 'Set "readonlyRootFilesystem": true and mount a task volume on each path the process writes (TMPDIR=/tmp).',
  sources: ["FSBP ECS.5", "CKV_AWS_336", "CIS-D 5.13", "OWASP-D #8"],
  check: (doc) =>
    eachContainer(doc, (c) => [
      ...(isTrue(c.def.readonlyRootFilesystem) ? [] : ["readonlyRootFilesystem is not true: the root filesystem is writable"]),
      ...list(c.def, "mountPoints")
        .filter((m) => !isTrue(m.readOnly) && under(str(m.containerPath), SYSTEM_PATHS))
        .map((m) => `a writable mount covers ${str(m.containerPath)}`),
      ...(arr(c.def.volumesFrom).length ? ["volumesFrom shares another container's volumes"] : []),
    ]),
};
