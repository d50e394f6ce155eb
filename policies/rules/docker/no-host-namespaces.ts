import { isTrue, list, resources } from "../../tf";
import type { Rule } from "../../types";

export const noHostNamespaces: Rule = {
  id: "DKR-005",
  title: "No privileged mode and no host network, PID, IPC or user namespace",
  severity: "error",
  controls: ["C-05", "C-06", "C-07", "C-08"],
  unsuppressible: true,
  explanation: "Privileged mode and host namespaces remove the isolation between the container and the host.",
  remediation: "Use Swarm services on overlay networks; never set privileged, network_mode/pid_mode/ipc_mode/userns_mode = host.",
  sources: ["CIS-D 5.5", "CIS-D 5.10", "CIS-D 5.16", "CIS-D 5.17", "CIS-D 5.31", "FSBP ECS.1", "FSBP ECS.3", "FSBP ECS.4"],
  check: (doc) => {
    const out: { address: string; message: string }[] = [];
    for (const c of resources(doc, "docker_container")) {
      if (isTrue(c.body.privileged)) out.push({ address: c.address, message: "privileged = true" });
      for (const k of ["network_mode", "pid_mode", "ipc_mode", "userns_mode"]) {
        if (c.body[k] === "host") out.push({ address: c.address, message: `${k} = "host"` });
      }
    }
    for (const s of resources(doc, "docker_service")) {
      for (const n of list(s.body, "task_spec", "networks_advanced")) {
        if (n.name === "host") out.push({ address: s.address, message: "joins the host network" });
      }
    }
    return out;
  },
};
