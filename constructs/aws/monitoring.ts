/**
 * Monitoring on AWS (P-01, L-05): an Amazon Managed Prometheus workspace encrypted with the monitoring key and
 * logging to an encrypted group, the SAME rendered security rule file as the Docker target (one source:
 * renderSecurityRules), an alert manager definition that notifies an encrypted SNS topic, and CloudWatch alarms on
 * the edge and the data tier that notify the same topic.
 */
import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import type { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { PrometheusAlertManagerDefinition } from "@cdktf/provider-aws/lib/prometheus-alert-manager-definition";
import { PrometheusRuleGroupNamespace } from "@cdktf/provider-aws/lib/prometheus-rule-group-namespace";
import { PrometheusWorkspace } from "@cdktf/provider-aws/lib/prometheus-workspace";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { stringify } from "yaml";
import type { AwsContext } from "./context";
import { policyDocument } from "./iam";

export interface AlarmSpec {
  readonly name: string;
  readonly description: string;
  readonly namespace: string;
  readonly metric: string;
  readonly dimensions: Record<string, string>;
  readonly statistic: "Sum" | "Average" | "Maximum";
  readonly threshold: number;
  readonly comparison: "GreaterThanThreshold" | "LessThanThreshold";
  readonly periodSeconds?: number;
}

export interface MonitoringProps {
  readonly rulesYaml: string;
  readonly key: KmsKey;
  readonly logsKey: KmsKey;
  readonly logRetentionDays: number;
  readonly emails: readonly string[];
}

export class Monitoring extends Construct {
  readonly workspace: PrometheusWorkspace;
  readonly topic: SnsTopic;

  constructor(
    scope: Construct,
    id: string,
    private readonly ctx: AwsContext,
    props: MonitoringProps,
  ) {
    super(scope, id);
    const n = ctx.naming;
    const logs = new CloudwatchLogGroup(this, "amp-logs", {
      name: `/${n.project}/${n.environment}/prometheus`,
      kmsKeyId: props.logsKey.arn,
      retentionInDays: props.logRetentionDays,
    });
    this.workspace = new PrometheusWorkspace(this, "workspace", {
      alias: n.name("prometheus"),
      kmsKeyArn: props.key.arn,
      loggingConfiguration: { logGroupArn: `${logs.arn}:*` },
    });
    new PrometheusRuleGroupNamespace(this, "rules", { workspaceId: this.workspace.id, name: "security", data: props.rulesYaml });

    this.topic = new SnsTopic(this, "alerts", { name: n.name("alerts"), kmsMasterKeyId: props.key.arn });
    new SnsTopicPolicy(this, "alerts-policy", {
      arn: this.topic.arn,
      policy: policyDocument([
        {
          Sid: "AlarmsAndPrometheusPublish",
          Effect: "Allow",
          Principal: { Service: ["cloudwatch.amazonaws.com", "aps.amazonaws.com"] },
          Action: "sns:Publish",
          Resource: this.topic.arn,
          Condition: { StringEquals: { "aws:SourceAccount": ctx.accountId } },
        },
        {
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: "*",
          Action: "sns:Publish",
          Resource: this.topic.arn,
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
      ]),
    });
    props.emails.forEach(
      (email, i) => new SnsTopicSubscription(this, `email-${i}`, { topicArn: this.topic.arn, protocol: "email", endpoint: email }),
    );
    new PrometheusAlertManagerDefinition(this, "alertmanager", {
      workspaceId: this.workspace.id,
      definition: stringify({
        alertmanager_config: {
          route: { receiver: "sns", group_by: ["alertname", "severity"], group_wait: "30s", group_interval: "5m", repeat_interval: "4h" },
          receivers: [
            {
              name: "sns",
              sns_configs: [
                {
                  topic_arn: this.topic.arn,
                  sigv4: { region: ctx.region },
                  subject: "[{{ .CommonLabels.severity }}] {{ .CommonLabels.alertname }}",
                },
              ],
            },
          ],
        },
      }),
    });
  }

  /** A CloudWatch alarm that notifies the topic on alarm and on recovery (L-05). */
  alarm(spec: AlarmSpec): CloudwatchMetricAlarm {
    return new CloudwatchMetricAlarm(this, `alarm-${spec.name}`, {
      alarmName: this.ctx.naming.name(spec.name),
      alarmDescription: spec.description,
      namespace: spec.namespace,
      metricName: spec.metric,
      dimensions: spec.dimensions,
      statistic: spec.statistic,
      period: spec.periodSeconds ?? 300,
      evaluationPeriods: 1,
      threshold: spec.threshold,
      comparisonOperator: spec.comparison,
      treatMissingData: "notBreaching",
      actionsEnabled: true,
      alarmActions: [this.topic.arn],
      okActions: [this.topic.arn],
    });
  }

  /** The workspace's remote-write URL and the IAM resource for aps:RemoteWrite. */
  remoteWrite(): { url: string; arn: string } {
    return { url: `${this.workspace.prometheusEndpoint}api/v1/remote_write`, arn: this.workspace.arn };
  }
}
