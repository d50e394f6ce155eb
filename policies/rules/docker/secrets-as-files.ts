import { list, resources } from "../../tf";
import { carriesSecret, looksSecret, secretOnCommandLine, secretShaped } from "../../secrets";
import { eachWorkload, type Violation } from "../../workloads";
import type { Rule } from "../../types";

export const secretsAsFiles: Rule = {
  id: "DKR-016",
  title: "Secrets reach services only as owner-only secret files",
  severity: "error",
  controls: ["S-01", "S-04"],
  explanation:
    "env, args, command, healthchecks, labels and docker_config data are plain attributes: visible in `docker inspect`, " +
    "in the plan and in state (cases B11, B17). Docker secrets are mounted as files with an owner and mode; a secret " +
    "file must not be writable or executable, nor readable by others unless it is public (a certificate).",
  remediation:
    "Put the value in a docker_secret, mount it under /run/secrets (mode 0400, or 0444 for public files) and pass the path in a *_FILE variable.",
  sources: ["FSBP ECS.8", "TRV AWS-0036", "TRV DS-0031", "CIS-D 4.10", "CKV_SECRET_*"],
  check: (doc) => {
    const out: Violation[] = eachWorkload(doc, (w) => {
      const problems: string[] = [];
      for (const [k, v] of Object.entries(w.env)) {
        if (carriesSecret(v)) problems.push(`env ${k} carries a secret value`);
        else if (looksSecret(k, v)) problems.push(`env ${k} looks like a secret value; use ${k}_FILE and a secret`);
      }
      if (carriesSecret(w.commandLine) || secretOnCommandLine(w.commandLine)) problems.push("the command line carries a secret value");
      if (carriesSecret(w.healthcheckTest) || secretOnCommandLine(w.healthcheckTest))
        problems.push("the health check carries a secret value");
      if (carriesSecret(w.labels) || carriesSecret(w.resource.body.labels) || Object.values(w.labels).some(secretShaped))
        problems.push("labels carry a secret value");
      if (w.kind === "container" && (carriesSecret(w.resource.body.upload) || list(w.resource.body, "upload").length)) {
        problems.push("upload writes files (possibly secrets) into the container; use a Swarm secret");
      }
      for (const s of list(w.resource.body, "task_spec", "container_spec", "secrets")) {
        const mode = typeof s.file_mode === "number" ? s.file_mode : 0o444;
        if (mode & 0o333) problems.push(`secret file ${String(s.file_name)} is writable or executable (mode ${mode.toString(8)})`);
      }
      return problems;
    });
    for (const c of resources(doc, "docker_config")) {
      if (carriesSecret(c.body.data))
        out.push({ address: c.address, message: "a docker_config (not secret, readable by any service given it) carries a secret value" });
    }
    return out;
  },
};
