import { arr, eachContainer, str } from "../../aws";
import { get } from "../../tf";
import type { Rule } from "../../types";

export const ecsDropCapabilities: Rule = {
  id: "AWS-003",
  title: "ECS containers drop all Linux capabilities and add none back",
  severity: "error",
  controls: ["C-03"],
  explanation:
    "The container runtime's default set includes CHOWN, DAC_OVERRIDE, SETUID and NET_RAW; a non-root process rarely " +
    "needs any. Fargate only allows adding SYS_PTRACE, which is root-equivalent (AWS-004).",
  remediation: 'Set "linuxParameters": {"capabilities": {"drop": ["ALL"], "add": []}}.',
  sources: ["CIS-D 5.4", "OWASP-D #3", "AWS KernelCapabilities", "KICS-DC ce76b7d0-9e77-464d-b86f-c5c48e03e22d"],
  check: (doc) =>
    eachContainer(doc, (c) => {
      const caps = get(c.def, "linuxParameters", "capabilities");
      const drop = arr(get(caps, "drop")).map((x) => str(x).toUpperCase());
      const add = arr(get(caps, "add")).map(str);
      return [
        ...(drop.includes("ALL") ? [] : ['capabilities.drop does not contain "ALL"']),
        ...(add.length ? [`adds capabilities back: ${add.join(", ")}`] : []),
      ];
    }),
};
