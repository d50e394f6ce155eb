import { get, list } from "../../tf";
import { eachService } from "../../rule-helpers";
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
  remediation: "Give every tmpfs mount tmpfs_options.size_bytes, and mount a tmpfs at /tmp.",
  sources: ["OWASP-D #8", "https://docs.docker.com/engine/storage/tmpfs/"],
  check: (doc) =>
    eachService(doc, (spec) => {
      const tmpfs = list(spec, "mounts").filter((m) => m.type === "tmpfs");
      const problems = tmpfs
        .filter((m) => !(Number(get(m, "tmpfs_options", "size_bytes")) > 0))
        .map((m) => `tmpfs ${String(m.target)} has no size`);
      if (!tmpfs.some((m) => m.target === "/tmp")) problems.push("no tmpfs at /tmp");
      return problems;
    }),
};
