/**
 * FargateService: one ECS task definition (and, unless scheduled, one ECS service) with every container control of
 * the catalog's AWS column set and not switchable off:
 * numeric non-root user (C-01), read-only root with a task volume on each writable path and TMPDIR set (C-02, B18),
 * capabilities dropped (C-03), not privileged (C-05), awsvpc networking (C-06), no host PID/IPC (C-07, C-08),
 * memory and CPU limits (C-09, C-10), a health check (C-12), essential (C-13), awslogs to a KMS-encrypted log group
 * with retention (C-14, L-01, L-02), secrets from Secrets Manager only (S-01), separate execution and task roles
 * with exact ARNs (I-01, I-02, I-05), no public IP (N-10), ECS Exec off (L-04), circuit breaker with rollback.
 *
 * Configuration files (nginx.conf, prometheus.yml, …) are not secrets; Fargate has no config objects, so each file
 * travels base64-encoded in an environment variable and a one-line shell preamble writes it to the tmp volume.
 */
import { Token } from "cdktf";
import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import type { EcsCluster } from "@cdktf/provider-aws/lib/ecs-cluster";
import { EcsService } from "@cdktf/provider-aws/lib/ecs-service";
import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import type { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { ServiceDiscoveryService } from "@cdktf/provider-aws/lib/service-discovery-service";
import { z } from "zod";
import { numericUser } from "../../config/schema";
import { parseProps } from "../props";
import { arn, type AwsContext } from "./context";
import { ScopedRole, type Statement } from "./iam";

/** cdktf's encoding of a string token ("${TfToken[TOKEN.12]}"); anything else left unresolved is refused below. */
const STRING_TOKEN = /\$\{TfToken\[[^\]]*\]\}/g;

/**
 * A file whose content holds values known only at apply time (an AMP workspace endpoint) cannot be base64-encoded
 * here: the token would be encoded as its placeholder text. Each token becomes an `@@NAME@@` placeholder and an
 * environment variable Terraform fills in; the start preamble substitutes it (values are AWS URLs and ARNs: no `|`).
 */
function withPlaceholders(prefix: string, file: { name: string; content: string }) {
  const vars: { name: string; value: string }[] = [];
  const text = file.content.replace(STRING_TOKEN, (token) => {
    const name = `${prefix}_V${vars.length}`;
    vars.push({ name, value: token });
    return `@@${name}@@`;
  });
  if (Token.isUnresolved(text)) throw new Error(`file ${file.name}: holds a value known only at apply time that is not a string`);
  return { name: `${prefix}_B64`, file, text, vars };
}

/** Fargate task sizes: CPU units and the memory (MiB) each allows. */
const FARGATE_SIZES: readonly [number, readonly number[]][] = [
  [256, [512, 1024, 2048]],
  [512, [1024, 2048, 3072, 4096]],
  [1024, [2048, 3072, 4096, 5120, 6144, 7168, 8192]],
  [2048, Array.from({ length: 13 }, (_, i) => 4096 + i * 1024)],
  [4096, Array.from({ length: 23 }, (_, i) => 8192 + i * 1024)],
];

/** The smallest Fargate task size holding the container's limits. */
export function fargateSize(cpus: number, memoryMb: number): { cpu: number; memory: number } {
  const units = Math.ceil(cpus * 1024);
  for (const [cpu, memories] of FARGATE_SIZES) {
    if (cpu < units) continue;
    const memory = memories.find((m) => m >= memoryMb);
    if (memory) return { cpu, memory };
  }
  throw new Error(`fargateSize: no Fargate task size holds ${cpus} vCPU and ${memoryMb} MiB (largest: 4 vCPU, 30 GiB)`);
}

export const fargateServiceProps = z.strictObject({
  /** Model service name (tag `Service`, container name, Cloud Map name). */
  service: z.string().regex(/^[a-z][a-z0-9-]*$/),
  image: z.string().min(1),
  /** Numeric uid:gid, never 0 (C-01). */
  user: numericUser,
  /** Entrypoint override. Default: the image's. */
  command: z.array(z.string()).optional(),
  /** Non-secret environment; secret-looking names are refused (S-01). Default {}. */
  env: z
    .record(z.string(), z.string())
    .default({})
    .superRefine((env, ctx) => {
      for (const k of Object.keys(env))
        if (/(PASSWORD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY)$/i.test(k))
          ctx.addIssue({ code: "custom", path: [k], message: "looks like a secret: pass it in secrets (Secrets Manager) (S-01)" });
    }),
  /** Environment variables filled from Secrets Manager ARNs (S-01). Default {}. */
  secrets: z.record(z.string(), z.string()).default({}),
  /** Non-secret files written under /tmp/config at start (base64 in the environment). Default []. */
  files: z.array(z.strictObject({ name: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/), content: z.string() })).default([]),
  cpus: z.number().positive(),
  memoryMb: z.number().int().min(16),
  /** Writable paths; each is a task volume mounted read-write (Fargate has no tmpfs). At least /tmp (B18). */
  writable: z.array(z.string().regex(/^\/[^\s]*$/)).min(1, "a read-only container needs a writable /tmp (C-02, B18)"),
  ports: z.record(z.string(), z.number().int().min(1).max(65535)).default({}),
  healthcheck: z.array(z.string()).min(2),
  /** Desired task count; 0 for a task that only runs on a schedule. Default 1. */
  replicas: z.number().int().min(0).default(1),
  /** Task-role statements, with exact resources (I-02). Default [] (a role without permissions). */
  taskStatements: z.array(z.custom<Statement>()).default([]),
  /** ECR repository ARN the image comes from (exact pull permission). */
  repositoryArn: z.string().min(1),
  logRetentionDays: z.number().int().min(365),
});
export type FargateServiceProps = z.input<typeof fargateServiceProps>;

export interface FargateRefs {
  readonly cluster: EcsCluster;
  readonly subnets: readonly string[];
  readonly securityGroup: string;
  readonly logsKey: KmsKey;
  readonly secretsKey: KmsKey;
  /** Cloud Map namespace id; the service registers `<service>.<namespace>`. Omitted for scheduled tasks. */
  readonly namespaceId?: string;
  /** Target group for the load balancer (nginx). */
  readonly targetGroupArn?: string;
}

const TMP_VOLUME = (path: string) => `rw${path.replace(/[^a-z0-9]+/g, "-")}`.replace(/-$/, "");

export class FargateService extends Construct {
  readonly taskDefinition: EcsTaskDefinition;
  readonly service?: EcsService;
  readonly executionRole: ScopedRole;
  readonly taskRole: ScopedRole;
  readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, ctx: AwsContext, props: FargateServiceProps, refs: FargateRefs) {
    super(scope, id);
    const p = parseProps(fargateServiceProps, props, this.node.path);
    const name = ctx.naming.name(p.service);

    this.logGroup = new CloudwatchLogGroup(this, "logs", {
      name: `/${ctx.naming.project}/${ctx.naming.environment}/ecs/${p.service}`,
      kmsKeyId: refs.logsKey.arn,
      retentionInDays: p.logRetentionDays,
    });
    const secretArns = Object.values(p.secrets);
    this.executionRole = new ScopedRole(this, "execution-role", ctx, {
      name: `${name}-exec`,
      description: `ECS agent for ${p.service}: pull its image, write its logs, read its secrets`,
      service: "ecs-tasks.amazonaws.com",
      sourceArn: arn(ctx, "ecs", "*"),
      statements: [
        // GetAuthorizationToken takes no resource: "*" is the only value it accepts.
        { Sid: "EcrAuth", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
        {
          Sid: "EcrPull",
          Effect: "Allow",
          Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"],
          Resource: p.repositoryArn,
        },
        { Sid: "Logs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${this.logGroup.arn}:*` },
        ...(secretArns.length
          ? ([
              { Sid: "Secrets", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: secretArns },
              {
                Sid: "SecretsKey",
                Effect: "Allow",
                Action: "kms:Decrypt",
                Resource: refs.secretsKey.arn,
                Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${ctx.region}.amazonaws.com` } },
              },
            ] satisfies Statement[])
          : []),
      ],
    });
    this.taskRole = new ScopedRole(this, "task-role", ctx, {
      name: `${name}-task`,
      description: `${p.service} application permissions`,
      service: "ecs-tasks.amazonaws.com",
      sourceArn: arn(ctx, "ecs", "*"),
      statements: p.taskStatements,
    });

    const size = fargateSize(p.cpus, p.memoryMb);
    const volumes = p.writable.map((path) => ({ name: TMP_VOLUME(path), path }));
    const fileEnv = p.files.map((f) => withPlaceholders(`CONFIG_${f.name.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`, f));
    const command = fileEnv.length
      ? [
          "/bin/sh",
          "-c",
          [
            "set -eu",
            "mkdir -p /tmp/config",
            ...fileEnv.flatMap((e) => [
              `printf %s "$${e.name}" | base64 -d > /tmp/config/${e.file.name}`,
              ...e.vars.map((v) => `sed -i "s|@@${v.name}@@|$${v.name}|g" /tmp/config/${e.file.name}`),
            ]),
            `exec ${(p.command ?? []).map(shellQuote).join(" ")}`,
          ].join("; "),
        ]
      : p.command;
    if (fileEnv.length && !p.command?.length)
      throw new Error(`${this.node.path}: files need an explicit command to exec after writing them`);
    const environment = {
      ...p.env,
      TMPDIR: "/tmp",
      ...Object.fromEntries(
        fileEnv.flatMap((e) => [[e.name, Buffer.from(e.text, "utf8").toString("base64")], ...e.vars.map((v) => [v.name, v.value])]),
      ),
    };
    const container = {
      name: p.service,
      image: p.image,
      essential: true,
      user: p.user,
      readonlyRootFilesystem: true,
      privileged: false,
      linuxParameters: { capabilities: { drop: ["ALL"], add: [] }, initProcessEnabled: true },
      cpu: Math.ceil(p.cpus * 1024),
      memory: p.memoryMb,
      ...(command ? { entryPoint: [], command } : {}),
      portMappings: Object.entries(p.ports).map(([portName, port]) => ({ name: portName, containerPort: port, protocol: "tcp" })),
      environment: Object.entries(environment)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([n, value]) => ({ name: n, value })),
      secrets: Object.entries(p.secrets).map(([n, valueFrom]) => ({ name: n, valueFrom })),
      mountPoints: volumes.map((v) => ({ sourceVolume: v.name, containerPath: v.path, readOnly: false })),
      healthCheck: { command: p.healthcheck, interval: 30, timeout: 5, retries: 3, startPeriod: 30 },
      logConfiguration: {
        logDriver: "awslogs",
        options: {
          "awslogs-group": this.logGroup.name,
          "awslogs-region": ctx.region,
          "awslogs-stream-prefix": p.service,
          mode: "non-blocking",
          "max-buffer-size": "25m",
        },
      },
      stopTimeout: 30,
    };
    this.taskDefinition = new EcsTaskDefinition(this, "task", {
      family: name,
      requiresCompatibilities: ["FARGATE"],
      networkMode: "awsvpc",
      cpu: String(size.cpu),
      memory: String(size.memory),
      executionRoleArn: this.executionRole.role.arn,
      taskRoleArn: this.taskRole.role.arn,
      runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
      volume: volumes.map((v) => ({ name: v.name })),
      containerDefinitions: JSON.stringify([container]),
      tags: { Service: p.service },
    });

    if (p.replicas === 0) return;
    const discovery = refs.namespaceId
      ? new ServiceDiscoveryService(this, "discovery", {
          name: p.service,
          dnsConfig: { namespaceId: refs.namespaceId, routingPolicy: "MULTIVALUE", dnsRecords: [{ type: "A", ttl: 10 }] },
          healthCheckCustomConfig: { failureThreshold: 1 },
        })
      : undefined;
    const lbPort = Object.values(p.ports)[0];
    this.service = new EcsService(this, "service", {
      name,
      cluster: refs.cluster.id,
      taskDefinition: this.taskDefinition.arn,
      desiredCount: p.replicas,
      launchType: "FARGATE",
      platformVersion: "1.4.0",
      enableExecuteCommand: false,
      propagateTags: "SERVICE",
      enableEcsManagedTags: true,
      deploymentCircuitBreaker: { enable: true, rollback: true },
      deploymentMinimumHealthyPercent: 100,
      deploymentMaximumPercent: 200,
      networkConfiguration: { subnets: [...refs.subnets], securityGroups: [refs.securityGroup], assignPublicIp: false },
      ...(refs.targetGroupArn
        ? {
            loadBalancer: [{ targetGroupArn: refs.targetGroupArn, containerName: p.service, containerPort: lbPort }],
            healthCheckGracePeriodSeconds: 60,
          }
        : {}),
      ...(discovery ? { serviceRegistries: { registryArn: discovery.arn } } : {}),
      tags: { Service: p.service },
    });
  }
}

function shellQuote(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
