import { eachService } from "../../rule-helpers";
import type { Rule } from "../../types";

export const healthcheck: Rule = {
  id: "DKR-007",
  title: "Every service has a health check",
  severity: "error",
  controls: ["C-12"],
  explanation: "Without a health check Swarm routes traffic to a hung task and rolling updates cannot detect a bad release.",
  remediation: "Set container_spec.healthcheck with a test (CMD or CMD-SHELL), interval, timeout and retries.",
  sources: ["CIS-D 4.6", "CIS-D 5.27", "CKV_DOCKER_2", "TRV DS-0026"],
  check: (doc) =>
    eachService(doc, (spec) => {
      const hc = (Array.isArray(spec.healthcheck) ? spec.healthcheck[0] : spec.healthcheck) as Record<string, unknown> | undefined;
      const test = Array.isArray(hc?.test) ? (hc.test as string[]) : [];
      if (test.length < 2 || test[0] === "NONE") return "no health check";
      return undefined;
    }),
};
