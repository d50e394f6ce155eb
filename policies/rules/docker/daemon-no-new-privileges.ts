import { resources } from "../../tf";
import type { Rule } from "../../types";

export const DAEMON_JSON_OUTPUT = "docker_daemon_json";

export const daemonNoNewPrivileges: Rule = {
  id: "DKR-004",
  title: "The Swarm host's daemon.json blocks privilege escalation",
  severity: "error",
  controls: ["C-04", "C-14"],
  explanation:
    "Swarm services cannot set no-new-privileges in provider 3.6.2, so the daemon must set it for every container; " +
    "live-restore must be off because dockerd refuses Swarm mode with it.",
  remediation: `Render daemon.json with "no-new-privileges": true, "live-restore": false and log limits, and expose it as output ${DAEMON_JSON_OUTPUT}.`,
  sources: ["CIS-D 2.14", "CIS-D 5.26", "CIS-D 2.13", "OWASP-D #4"],
  check: (doc) => {
    if (resources(doc, "docker_service").length === 0) return [];
    const address = `output.${DAEMON_JSON_OUTPUT}`;
    const value = doc.output?.[DAEMON_JSON_OUTPUT]?.value;
    if (typeof value !== "string") return [{ address, message: "no daemon.json rendered for the Swarm host" }];
    let d: Record<string, unknown>;
    try {
      d = JSON.parse(value) as Record<string, unknown>;
    } catch {
      return [{ address, message: "daemon.json is not valid JSON" }];
    }
    const problems: string[] = [];
    if (d["no-new-privileges"] !== true) problems.push('"no-new-privileges" is not true');
    if (d["live-restore"] === true) problems.push('"live-restore" is true, which Swarm mode refuses');
    const opts = (d["log-opts"] ?? {}) as Record<string, unknown>;
    if (d["log-driver"] !== "local" && !(d["log-driver"] === "json-file" && opts["max-size"])) problems.push("logs are not bounded");
    if (typeof d["seccomp-profile"] === "string" && /unconfined/.test(d["seccomp-profile"])) problems.push("seccomp is unconfined");
    return problems.map((message) => ({ address, message }));
  },
};
