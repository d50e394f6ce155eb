import { resources } from "../../tf";
import type { Rule } from "../../types";

export const DAEMON_JSON_OUTPUT = "docker_daemon_json";

export const daemonNoNewPrivileges: Rule = {
  id: "DKR-004",
  title: "The Swarm host's daemon.json blocks privilege escalation and stays locked down",
  severity: "error",
  controls: ["C-04", "C-14", "C-18", "C-21"],
  explanation:
    "Swarm services cannot set no-new-privileges in provider 3.6.2, so the daemon must set it for every container. " +
    "live-restore must be off because dockerd refuses Swarm mode with it; logs must be bounded; the daemon must not " +
    "listen on TCP without TLS, disable seccomp, or re-enable inter-container traffic and the userland proxy.",
  remediation: `Render daemon.json with SwarmHostHardening and expose it as output ${DAEMON_JSON_OUTPUT}.`,
  sources: ["CIS-D 2.14", "CIS-D 5.26", "CIS-D 2.13", "CIS-D 2.2", "CIS-D 2.7", "CIS-D 2.16", "OWASP-D #4"],
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
    if (!((d["log-driver"] === "local" || d["log-driver"] === "json-file") && opts["max-size"])) problems.push("logs are not bounded");
    if (typeof d["seccomp-profile"] === "string" && /unconfined/.test(d["seccomp-profile"])) problems.push("seccomp is unconfined");
    if (d.icc !== false) problems.push('"icc" is not false');
    if (d["userland-proxy"] !== false) problems.push('"userland-proxy" is not false');
    const hosts = Array.isArray(d.hosts) ? d.hosts.map(String) : [];
    if (hosts.some((h) => h.startsWith("tcp://")) && d.tlsverify !== true) problems.push("the daemon listens on TCP without tlsverify");
    return problems.map((message) => ({ address, message }));
  },
};
