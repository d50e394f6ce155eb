import { asRecord } from "../../tf";
import { eachContainer, str } from "../../aws";
import type { Rule } from "../../types";

const SHIPPING_DRIVERS = new Set(["awslogs", "awsfirelens", "splunk"]);

export const ecsLogging: Rule = {
  id: "AWS-007",
  title: "ECS containers ship their logs",
  severity: "error",
  controls: ["C-14", "L-01"],
  explanation:
    "Without a log configuration a Fargate container's output is lost when the task stops; incident response needs it " +
    "in a retained, encrypted log group (L-02).",
  remediation: 'Set "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group", "awslogs-region", "awslogs-stream-prefix"}}.',
  sources: ["FSBP ECS.9", "NAG AwsSolutions-ECS7", "CIS-D 2.13"],
  check: (doc) =>
    eachContainer(doc, (c) => {
      const lc = asRecord(c.def.logConfiguration);
      const driver = str(lc.logDriver);
      if (!SHIPPING_DRIVERS.has(driver)) return driver ? `log driver "${driver}" does not ship logs off the task` : "no logConfiguration";
      if (driver === "awslogs" && !str(asRecord(lc.options)["awslogs-group"])) return "awslogs without an awslogs-group";
      return undefined;
    }),
};
