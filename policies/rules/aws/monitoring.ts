import { arr, eachResource, isFalse, refOf, str } from "../../aws";
import { get, resources } from "../../tf";
import type { Rule } from "../../types";

export const monitoring: Rule = {
  id: "AWS-042",
  title: "Alarms notify an encrypted topic; the Prometheus workspace is encrypted, logged, with alert rules and a notifier",
  severity: "error",
  controls: ["L-05", "L-06", "P-01"],
  explanation:
    "An alarm without actions (or with actions disabled) changes state silently. Amazon Managed Prometheus replaces the " +
    "Docker target's Prometheus: it needs the security alert rules and an alert manager definition to notify, a customer " +
    "key for the metrics and its own logs.",
  remediation:
    "Give every alarm actions_enabled = true and alarm_actions (an SNS topic with kms_master_key_id); give each aws_prometheus_workspace kms_key_arn, logging_configuration, an aws_prometheus_rule_group_namespace and an aws_prometheus_alert_manager_definition.",
  sources: [
    "FSBP CloudWatch.15",
    "FSBP CloudWatch.17",
    "CKV_AWS_319",
    "CKV_AWS_26",
    "https://docs.aws.amazon.com/prometheus/latest/APIReference/yaml-RuleGroupsNamespaceData.html",
  ],
  check: (doc) => {
    const rules = new Set(
      resources(doc, "aws_prometheus_rule_group_namespace")
        .filter((r) => /(^|\n)groups:/.test(str(r.body.data)))
        .map((r) => refOf(r.body.workspace_id)),
    );
    const alerting = new Set(
      resources(doc, "aws_prometheus_alert_manager_definition")
        .filter((r) => str(r.body.definition))
        .map((r) => refOf(r.body.workspace_id)),
    );
    return [
      ...eachResource(doc, "aws_cloudwatch_metric_alarm", (a) =>
        isFalse(a.body.actions_enabled)
          ? "actions are disabled"
          : arr(a.body.alarm_actions).length
            ? undefined
            : "no alarm_actions: nobody is notified",
      ),
      ...eachResource(doc, "aws_sns_topic", (t) => (str(t.body.kms_master_key_id) ? undefined : "the topic is not encrypted")),
      ...eachResource(doc, "aws_prometheus_workspace", (w) => [
        ...(str(w.body.kms_key_arn) ? [] : ["not encrypted with a customer key"]),
        ...(str(get(w.body, "logging_configuration", "log_group_arn")) ? [] : ["no logging configuration"]),
        ...(rules.has(w.address) ? [] : ["no alert rule group namespace"]),
        ...(alerting.has(w.address) ? [] : ["no alert manager definition: alerts notify nobody"]),
      ]),
    ];
  },
};
