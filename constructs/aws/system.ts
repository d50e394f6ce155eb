/**
 * AwsSystem: the Security Multi-Agent System on AWS, generated from the same system model and config as the Docker
 * target. Placement (constructs/aws/placement.ts) decides what runs on Fargate and what a managed service replaces;
 * the model's flows become security-group rules; the renderers give nginx, Prometheus and the scanner the same
 * configuration as on Docker (the same security headers, the same alert rules).
 */
import { Construct } from "constructs";
import { EcsCluster } from "@cdktf/provider-aws/lib/ecs-cluster";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { ServiceDiscoveryPrivateDnsNamespace } from "@cdktf/provider-aws/lib/service-discovery-private-dns-namespace";
import { TerraformOutput } from "cdktf";
import type { InfraConfig } from "../../config/schema";
import { SERVICE_NAMES, SERVICES, type ServiceName } from "../model/system";
import { renderNginxConf } from "../render/nginx";
import { renderPrometheusAgentConfig, renderSecurityRules } from "../render/prometheus";
import { renderScannerScript } from "../render/scanner";
import { PostgresDatabase, APP_DB_NAME, APP_DB_USER } from "./database";
import { RedisCache } from "./cache";
import { awsContext, type AwsContext } from "./context";
import { PublicEdge } from "./edge";
import { FargateService, type FargateServiceProps } from "./fargate-service";
import type { Statement } from "./iam";
import { KeyRing } from "./keys";
import { Monitoring } from "./monitoring";
import { AwsNetwork } from "./network";
import { AWS_PLACEMENT, vpcFlows } from "./placement";
import { ecrImage, ImageRegistry } from "./registry";
import { ScheduledTask } from "./scheduled-task";
import { accessLogBucket, SecureBucket } from "./secure-bucket";
import { ServiceSecurityGroups } from "./security-groups";

/** The RDS CA bundle the application images carry (T-09: clients verify the server, sslmode=verify-full). */
export const RDS_CA_BUNDLE = "/etc/ssl/certs/rds-global-bundle.pem";
/** ALB access logs: regions launched before August 2022 deliver as the regional ELB account (AWS docs). */
const ELB_LOG_ACCOUNTS: Readonly<Record<string, string>> = {
  "us-east-1": "127311923021",
  "us-east-2": "033677994240",
  "us-west-1": "027434742980",
  "us-west-2": "797873946194",
  "eu-west-1": "156460612806",
  "eu-west-2": "652711504416",
  "eu-west-3": "009996457667",
  "eu-central-1": "054676820928",
  "eu-north-1": "897822967062",
  "ap-southeast-1": "114774131450",
  "ap-southeast-2": "783225319266",
  "ap-northeast-1": "582318560864",
};

type Runnable = Extract<ServiceName, "nginx" | "api" | "dashboard" | "worker" | "prometheus" | "pushgateway" | "scanner">;

export class AwsSystem extends Construct {
  readonly ctx: AwsContext;
  readonly keys: KeyRing;
  readonly network: AwsNetwork;
  readonly securityGroups: ServiceSecurityGroups;
  readonly edge: PublicEdge;
  readonly database: PostgresDatabase;
  readonly cache: RedisCache;
  readonly monitoring: Monitoring;
  readonly services: Partial<Record<ServiceName, FargateService>> = {};

  constructor(scope: Construct, id: string, config: InfraConfig) {
    super(scope, id);
    const a = config.aws;
    const ctx = (this.ctx = awsContext(config.project, config.environment, a.region, a.accountId));
    const n = ctx.naming;
    const keys = (this.keys = new KeyRing(this, "keys", ctx));
    const retention = a.logRetentionDays;

    // Buckets: names carry the account and region, as S3 names are global.
    const bucketName = (purpose: string) => `${n.name(purpose)}-${a.accountId}-${a.region}`;
    const accessLogs = accessLogBucket(this, "access-logs", ctx, bucketName("access-logs"));
    const albLogs = new SecureBucket(this, "alb-logs", {
      name: bucketName("alb-logs"),
      encryption: { kind: "sse-s3", reason: "ALB access logs can only be delivered to a bucket with SSE-S3 default encryption" },
      logBucket: accessLogs.bucket,
      statements: [
        {
          Sid: "AlbAccessLogs",
          Effect: "Allow",
          Principal: ELB_LOG_ACCOUNTS[a.region]
            ? { AWS: `arn:${ctx.partition}:iam::${ELB_LOG_ACCOUNTS[a.region]}:root` }
            : { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
          Action: "s3:PutObject",
          Resource: `arn:${ctx.partition}:s3:::${bucketName("alb-logs")}/alb/AWSLogs/${a.accountId}/*`,
        },
      ],
    });
    const backups = new SecureBucket(this, "backups", {
      name: bucketName("backups"),
      encryption: { kind: "kms", key: keys.key("storage") },
      logBucket: accessLogs.bucket,
      objectLockDays: 30,
      noncurrentDays: 365,
    });
    const reports = new SecureBucket(this, "scan-reports", {
      name: bucketName("scan-reports"),
      encryption: { kind: "kms", key: keys.key("storage") },
      logBucket: accessLogs.bucket,
    });

    const network = (this.network = new AwsNetwork(this, "network", ctx, {
      cidr: a.vpcCidr,
      zones: a.availabilityZones,
      logsKey: keys.key("logs"),
      logRetentionDays: retention,
    }));
    const privateSubnets = network.subnets.private.map((s) => s.id);
    const isolatedSubnets = network.subnets.isolated.map((s) => s.id);
    const edgePort = SERVICES.nginx.ports.https;
    const sgs = (this.securityGroups = new ServiceSecurityGroups(this, "security-groups", ctx, { network, flows: vpcFlows(), edgePort }));

    const cluster = new EcsCluster(this, "cluster", {
      name: n.name("cluster"),
      setting: [{ name: "containerInsights", value: "enhanced" }],
    });
    const namespace = new ServiceDiscoveryPrivateDnsNamespace(this, "namespace", {
      name: `${n.environment}.${n.project}.internal`,
      description: "Service names inside the VPC",
      vpc: network.vpc.id,
    });
    const host = (s: ServiceName) => `${s}.${n.environment}.${n.project}.internal`;

    const runnable = SERVICE_NAMES.filter((s) => ["fargate", "scheduled"].includes(AWS_PLACEMENT[s].kind)) as Runnable[];
    const registry = new ImageRegistry(this, "registry", ctx, runnable, keys.key("registry"));
    const image = (s: Runnable) => ecrImage(registry.repository(s).repositoryUrl, config.services[s].image);

    // Secrets: the value is put by the operator (README), never by Terraform, so it is in no plan or state (S-04).
    const jwt = new SecretsmanagerSecret(this, "jwt-secret", {
      name: n.name("jwt-secret"),
      description: "API token signing key; put the value with `aws secretsmanager put-secret-value` (README)",
      kmsKeyId: keys.key("secrets").arn,
      recoveryWindowInDays: 30,
    });

    const logRetentionDays = retention;
    this.database = new PostgresDatabase(this, "postgres", ctx, {
      settings: a.rds,
      isolatedSubnets,
      securityGroup: sgs.group("postgres").id,
      dataKey: keys.key("data"),
      secretsKey: keys.key("secrets"),
      logRetentionDays,
    });
    this.cache = new RedisCache(this, "redis", ctx, {
      settings: a.elasticache,
      isolatedSubnets,
      securityGroup: sgs.group("redis").id,
      dataKey: keys.key("data"),
      logsKey: keys.key("logs"),
      logRetentionDays,
    });
    const monitoring = (this.monitoring = new Monitoring(this, "monitoring", ctx, {
      rulesYaml: renderSecurityRules(config.alerts),
      key: keys.key("monitoring"),
      logsKey: keys.key("logs"),
      logRetentionDays,
      emails: a.alarmEmails,
    }));
    this.edge = new PublicEdge(this, "edge", ctx, {
      domain: config.domain,
      tlsProfile: config.tls.profile,
      certificate: a.certificate,
      waf: a.waf,
      authPaths: config.nginx.authPaths,
      vpcId: network.vpc.id,
      publicSubnets: network.subnets.public.map((s) => s.id),
      securityGroup: sgs.alb.id,
      logsBucket: albLogs.bucket.bucket,
      logsKey: keys.key("logs"),
      logRetentionDays,
      targetPort: edgePort,
    });

    const appData: Statement[] = [
      { Sid: "DatabaseIamAuth", Effect: "Allow", Action: "rds-db:connect", Resource: this.database.connectArn(ctx) },
      { Sid: "RedisIamAuth", Effect: "Allow", Action: "elasticache:Connect", Resource: this.cache.connectArns(ctx) },
    ];
    const dataEnv = {
      DATABASE_URL: `postgresql://${APP_DB_USER}@${this.database.instance.address}:5432/${APP_DB_NAME}?sslmode=verify-full&sslrootcert=${RDS_CA_BUNDLE}`,
      DATABASE_IAM_AUTH: "true",
      REDIS_URL: `rediss://app@${this.cache.group.primaryEndpointAddress}:6379/0`,
      REDIS_IAM_AUTH: "true",
      AWS_REGION: a.region,
    };
    const scrape = vpcFlows()
      .filter((f) => f.from === "prometheus")
      .map((f) => ({ job: f.to, address: `${host(f.to)}:${f.port}`, scheme: "http" as const, honorLabels: f.to === "pushgateway" }));
    const tls = {
      profile: config.tls.profile,
      protocols: config.tls.protocols,
      tls12Ciphers: config.tls.tls12Ciphers,
      tls13Ciphersuites: config.tls.tls13Ciphersuites,
    };
    // Per service: what differs from the model on AWS (hosts, files, commands, task-role permissions).
    const wiring: Record<Runnable, Partial<FargateServiceProps>> = {
      nginx: {
        files: [
          {
            name: "nginx.conf",
            content: renderNginxConf({
              serverName: config.domain,
              tls,
              httpsPort: edgePort,
              httpsPublicPort: 443,
              httpPort: SERVICES.nginx.ports.http,
              apiUpstream: `${host("api")}:${SERVICES.api.ports.http}`,
              dashboardUpstream: `${host("dashboard")}:${SERVICES.dashboard.ports.http}`,
              certificateFile: "/tmp/tls/cert.pem",
              keyFile: "/tmp/tls/key.pem",
              writablePaths: SERVICES.nginx.writable.map((w) => w.path),
              ...config.nginx,
            }),
          },
        ],
        // The ALB → nginx hop is TLS with a key made in the task's memory-backed volume at start; it never leaves it.
        command: [
          "/bin/sh",
          "-c",
          "mkdir -p /tmp/tls && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 -subj /CN=nginx -keyout /tmp/tls/key.pem -out /tmp/tls/cert.pem 2>/dev/null && exec nginx -c /tmp/config/nginx.conf",
        ],
      },
      api: {
        env: { ...SERVICES.api.env(this.modelContext(config)), ...dataEnv },
        secrets: { JWT_SECRET: jwt.arn },
        taskStatements: appData,
      },
      dashboard: {
        env: { ...SERVICES.dashboard.env(this.modelContext(config)), API_URL: `http://${host("api")}:${SERVICES.api.ports.http}` },
      },
      worker: { env: { ...SERVICES.worker.env(this.modelContext(config)), ...dataEnv }, taskStatements: appData },
      prometheus: {
        files: [
          {
            name: "prometheus.yml",
            content: renderPrometheusAgentConfig(
              scrape,
              { exporter: "", targets: [] },
              { url: monitoring.remoteWrite().url, region: a.region },
            ),
          },
        ],
        command: [
          "/bin/prometheus",
          "--agent",
          "--config.file=/tmp/config/prometheus.yml",
          "--storage.agent.path=/tmp/agent",
          "--web.listen-address=:9090",
        ],
        healthcheck: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:9090/-/healthy"],
        taskStatements: [{ Sid: "RemoteWrite", Effect: "Allow", Action: "aps:RemoteWrite", Resource: monitoring.remoteWrite().arn }],
      },
      pushgateway: {
        command: ["/bin/pushgateway", "--persistence.file=/pushgateway/metrics", "--persistence.interval=1m", "--web.listen-address=:9091"],
      },
      scanner: {
        files: [{ name: "run.sh", content: renderScannerScript() }],
        command: ["/bin/sh", "/tmp/config/run.sh"],
        replicas: 0,
        env: {
          ...SERVICES.scanner.env(this.modelContext(config)),
          SCAN_ONCE: "1",
          PUSHGATEWAY_URL: `http://${host("pushgateway")}:${SERVICES.pushgateway.ports.http}`,
          SCAN_IMAGES: runnable.map(image).join(" "),
          SCAN_REPORTS_BUCKET: reports.bucket.bucket,
        },
        taskStatements: [
          { Sid: "EcrAuth", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
          {
            Sid: "PullToScan",
            Effect: "Allow",
            Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:DescribeImages"],
            Resource: registry.all().map((r) => r.arn),
          },
          { Sid: "WriteReports", Effect: "Allow", Action: "s3:PutObject", Resource: reports.objects("scans/") },
          {
            Sid: "ReportsKey",
            Effect: "Allow",
            Action: ["kms:GenerateDataKey", "kms:Encrypt"],
            Resource: keys.key("storage").arn,
            Condition: { StringEquals: { "kms:ViaService": `s3.${a.region}.amazonaws.com` } },
          },
        ],
      },
    };

    for (const s of runnable) {
      const spec = SERVICES[s];
      const settings = config.services[s];
      const w = wiring[s];
      this.services[s] = new FargateService(
        this,
        s,
        ctx,
        {
          service: s,
          image: image(s),
          user: settings.user,
          cpus: settings.cpus,
          memoryMb: settings.memoryMb,
          replicas: settings.replicas,
          // Fargate has no tmpfs: every writable path and every volume path is a task volume (C-02, B18).
          writable: [...spec.writable.map((p) => p.path), ...spec.volumes.map((v) => v.path)],
          ports: spec.ports,
          healthcheck: [...spec.healthcheck],
          env: spec.env(this.modelContext(config)),
          repositoryArn: registry.repository(s).arn,
          logRetentionDays,
          ...w,
        },
        {
          cluster,
          subnets: privateSubnets,
          securityGroup: sgs.group(s).id,
          logsKey: keys.key("logs"),
          secretsKey: keys.key("secrets"),
          namespaceId: AWS_PLACEMENT[s].kind === "fargate" ? namespace.id : undefined,
          targetGroupArn: s === "nginx" ? this.edge.targetGroup.arn : undefined,
        },
      );
    }
    new ScheduledTask(this, "scanner-schedule", ctx, {
      task: this.services.scanner!,
      family: n.name("scanner"),
      cron: config.scanner.schedule,
      cluster,
      subnets: privateSubnets,
      securityGroup: sgs.group("scanner").id,
      key: keys.key("monitoring"),
    });
    this.alarms(config);

    new TerraformOutput(this, "alb_dns_name", { value: this.edge.alb.dnsName, description: "Point the domain's DNS at this name" });
    new TerraformOutput(this, "backup_bucket", { value: backups.bucket.bucket });
    new TerraformOutput(this, "placement", {
      value: Object.fromEntries(
        SERVICE_NAMES.map((s) => [s, `${AWS_PLACEMENT[s].kind}${AWS_PLACEMENT[s].why ? `: ${AWS_PLACEMENT[s].why}` : ""}`]),
      ),
      description: "Where each service of the model runs on AWS",
    });
  }

  private modelContext(config: InfraConfig) {
    return { environment: config.environment, scanSchedule: config.scanner.schedule, scanTools: config.scanner.tools };
  }

  /** CloudWatch alarms that notify (L-05): edge errors, WAF blocks, certificate expiry, database and cache health. */
  private alarms(config: InfraConfig): void {
    const m = this.monitoring;
    const lb = { LoadBalancer: this.edge.alb.arnSuffix };
    m.alarm({
      name: "alb-5xx",
      description: "The edge answers with 5xx errors",
      namespace: "AWS/ApplicationELB",
      metric: "HTTPCode_ELB_5XX_Count",
      dimensions: lb,
      statistic: "Sum",
      threshold: 10,
      comparison: "GreaterThanThreshold",
    });
    m.alarm({
      name: "targets-5xx",
      description: "nginx or the services behind it answer with 5xx errors",
      namespace: "AWS/ApplicationELB",
      metric: "HTTPCode_Target_5XX_Count",
      dimensions: lb,
      statistic: "Sum",
      threshold: 25,
      comparison: "GreaterThanThreshold",
    });
    m.alarm({
      name: "waf-blocked",
      description: "Many requests blocked by the web ACL (attack or a broken client)",
      namespace: "AWS/WAFV2",
      metric: "BlockedRequests",
      dimensions: { WebACL: this.ctx.naming.name("edge"), Region: config.aws.region, Rule: "ALL" },
      statistic: "Sum",
      threshold: 500,
      comparison: "GreaterThanThreshold",
    });
    m.alarm({
      name: "rds-cpu",
      description: "PostgreSQL CPU above 80 %",
      namespace: "AWS/RDS",
      metric: "CPUUtilization",
      dimensions: { DBInstanceIdentifier: this.database.instance.identifier },
      statistic: "Average",
      threshold: 80,
      comparison: "GreaterThanThreshold",
    });
    m.alarm({
      name: "rds-storage",
      description: "PostgreSQL free storage below 5 GiB",
      namespace: "AWS/RDS",
      metric: "FreeStorageSpace",
      dimensions: { DBInstanceIdentifier: this.database.instance.identifier },
      statistic: "Average",
      threshold: 5 * 1024 ** 3,
      comparison: "LessThanThreshold",
    });
    m.alarm({
      name: "redis-cpu",
      description: "Redis engine CPU above 80 %",
      namespace: "AWS/ElastiCache",
      metric: "EngineCPUUtilization",
      dimensions: { ReplicationGroupId: this.cache.group.replicationGroupId },
      statistic: "Average",
      threshold: 80,
      comparison: "GreaterThanThreshold",
    });
    if (config.aws.certificate.source === "acm-dns") {
      m.alarm({
        name: "certificate-expiry",
        description: `The edge certificate expires in under ${config.alerts.certificateExpiryDays} days (ACM renewal failed)`,
        namespace: "AWS/CertificateManager",
        metric: "DaysToExpiry",
        dimensions: { CertificateArn: this.edge.https.certificateArn },
        statistic: "Maximum",
        threshold: config.alerts.certificateExpiryDays,
        comparison: "LessThanThreshold",
        periodSeconds: 86400,
      });
    }
  }
}
