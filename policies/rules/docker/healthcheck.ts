import { eachWorkload } from "../../workloads";
import type { Rule } from "../../types";

export const healthcheck: Rule = {
  id: "DKR-007",
  title: "Every service has a health check",
  severity: "error",
  controls: ["C-12"],
  explanation: "Without a health check Swarm routes traffic to a hung task and rolling updates cannot detect a bad release.",
  remediation: "Set a healthcheck with a test (CMD or CMD-SHELL), interval, timeout and retries.",
  sources: ["CIS-D 4.6", "CIS-D 5.27", "CKV_DOCKER_2", "TRV DS-0026"],
  check: (doc) =>
    eachWorkload(doc, (w) => (w.healthcheckTest.length < 2 || w.healthcheckTest[0] === "NONE" ? "no health check" : undefined)),
};
