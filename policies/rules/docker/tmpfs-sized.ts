import { eachWorkload } from "../../workloads";
import type { Rule } from "../../types";

export const tmpfsSized: Rule = {
  id: "DKR-010",
  title: "tmpfs mounts have a size, and /tmp is one",
  severity: "error",
  controls: ["C-15", "C-02"],
  explanation:
    "An unsized tmpfs can take half the node's memory. A read-only service without a writable /tmp fails at start " +
    "(nginx temp dirs, Python tempfile, image entrypoints: cases B01, B04, B06, B18). The engine mounts service tmpfs " +
    "with noexec,nosuid,nodev; provider 3.6.2 exposes only size and mode.",
  remediation: "Give every tmpfs mount a size, and mount a tmpfs at /tmp.",
  sources: ["OWASP-D #8", "https://docs.docker.com/engine/storage/tmpfs/"],
  check: (doc) =>
    eachWorkload(doc, (w) => {
      const tmpfs = w.mounts.filter((m) => m.type === "tmpfs");
      const problems = tmpfs.filter((m) => !(m.tmpfsSizeBytes && m.tmpfsSizeBytes > 0)).map((m) => `tmpfs ${m.target} has no size`);
      if (!w.mounts.some((m) => m.target === "/tmp" && !m.readOnly)) problems.push("no writable /tmp");
      return problems;
    }),
};
