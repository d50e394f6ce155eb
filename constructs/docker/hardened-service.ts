/**
 * HardenedService: one Swarm `docker_service` with every container-level control of the catalog set by default.
 *
 * Always on (no prop turns them off): numeric non-root user (C-01), read-only root (C-02), cap_drop ALL (C-03),
 * no host network (C-06), healthcheck (C-12), bounded restart (C-13), bounded logs (C-14), tmpfs with a size for
 * every writable path (C-15), no bind mounts so no Docker socket or host path (C-16, C-17), secrets only as
 * files (S-01), rolling update with automatic rollback. Privileged mode, host PID/IPC and security options do not
 * exist on Swarm services in this provider (C-05, C-07, C-08, C-18); no-new-privileges comes from daemon.json (C-04).
 */
import { Construct } from "constructs";
import { Service, type ServiceTaskSpecContainerSpecMounts } from "@cdktf/provider-docker/lib/service";
import { z } from "zod";
import { numericUser } from "../../config/schema";
import { FORBIDDEN_CAPABILITIES } from "../../policies/rules/docker/no-root-capabilities";
import { reasonProblem, suppress } from "../../policies/suppress";
import { TIER_LABEL } from "../../policies/rules/docker/published-ports";
import { looksSecret } from "../../policies/secrets";
import { parseProps } from "../props";

const MIB = 1024 * 1024;

/** Label keys the construct owns; props cannot set them (the policy pack reads them). */
export const OWNED_LABEL_PREFIX = "org.secagents.";

export const hardenedServiceProps = z
  .strictObject({
    /** Swarm service name (use the Naming helper). */
    name: z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,62}$/),
    /** Tier of the service, recorded as the org.secagents.tier label. Only "edge" may publish ports. Default "app". */
    tier: z.enum(["edge", "app", "data", "monitoring", "security"]).default("app"),
    image: z.string().min(1),
    /** Numeric uid:gid, never 0 (C-01). */
    user: numericUser,
    /** Entrypoint override. Default: the image's. */
    command: z.array(z.string()).optional(),
    /** Arguments. Default: the image's CMD. */
    args: z.array(z.string()).optional(),
    /** Non-secret environment. Values that look secret (by name: …PASSWORD, …TOKEN, …API_KEY; or by shape: keys, tokens, URLs with a password) are refused: use secrets. Default {}. */
    env: z
      .record(z.string(), z.string())
      .default({})
      .superRefine((env, ctx) => {
        for (const [k, v] of Object.entries(env)) {
          if (looksSecret(k, v)) {
            ctx.addIssue({
              code: "custom",
              path: [k],
              message: `looks like a secret; pass it in secrets[] and read it through ${k}_FILE (S-01, B11)`,
            });
          }
        }
      }),
    /** Replica count. Default 1. */
    replicas: z.number().int().min(1).default(1),
    /** CPU limit in cores (C-10). */
    cpus: z.number().positive(),
    /** Memory limit in MiB (C-09). */
    memoryMb: z.number().int().positive(),
    /** Share of the limits reserved on the node. Default 0.5. */
    reservationRatio: z.number().gt(0).lte(1).default(0.5),
    /** Writable paths on the read-only root; each is a tmpfs of the given size (C-02, C-15). At least /tmp. */
    tmpfs: z
      .array(
        z.strictObject({
          path: z.string().regex(/^\/[^\s]*$/),
          sizeMb: z.number().int().positive().max(4096),
          /** File mode of the tmpfs root. Default 0o1777 (sticky, writable by the service's uid). */
          mode: z.number().int().min(0).max(0o7777).default(0o1777),
        }),
      )
      .min(1, "a read-only service needs at least one writable tmpfs (/tmp) (C-02, B18)"),
    /** Named volumes for data that must persist. Bind mounts are not offered (C-16, C-17). Default []. */
    volumes: z
      .array(z.strictObject({ source: z.string().min(1), target: z.string().regex(/^\/[^\s]*$/), readOnly: z.boolean().default(false) }))
      .default([]),
    /** Docker secrets mounted as files under /run/secrets (S-01). Default []. */
    secrets: z
      .array(
        z.strictObject({
          secretId: z.string().min(1),
          secretName: z.string().min(1),
          /** File name under /run/secrets/. */
          fileName: z.string().regex(/^[A-Za-z0-9_.-]+$/),
          /** Private files are 0400 and owned by the service's user; public ones 0444. */
          private: z.boolean(),
          /** Environment variable that receives the file path (the *_FILE convention). Optional. */
          fileEnv: z
            .string()
            .regex(/^[A-Z][A-Z0-9_]*_FILE$/)
            .optional(),
        }),
      )
      .default([]),
    /** Docker configs (non-secret files), mounted read-only at an absolute path. Default []. */
    configs: z
      .array(z.strictObject({ configId: z.string().min(1), configName: z.string().min(1), path: z.string().regex(/^\/[^\s]*$/) }))
      .default([]),
    /** Overlay networks to join, by id, with DNS aliases. At least one (never the host network, C-06). */
    networks: z.array(z.strictObject({ id: z.string().min(1), aliases: z.array(z.string()).default([]) })).min(1),
    /** Host ports to publish through the ingress mesh. Only the edge proxy should have any (C-19). Default []. */
    publishedPorts: z
      .array(z.strictObject({ target: z.number().int().min(1).max(65535), published: z.number().int().min(1).max(65535) }))
      .default([]),
    /**
     * How ports are published. Default "host": the node's port goes straight to the task, so the proxy sees the
     * client's address (per-client rate limits work) and runs at most one task per node. "ingress" goes through
     * Swarm's routing mesh, which replaces the client address with the mesh's (moby/moby#25526).
     */
    publishMode: z.enum(["host", "ingress"]).default("host"),
    /** Capabilities to add back after dropping ALL (C-03); each needs a reason of at least a sentence. Default []. */
    capAdd: z
      .array(
        z.strictObject({
          capability: z
            .string()
            .regex(/^[A-Z_]+$/, "capability names are upper case, without CAP_")
            .refine((c) => !FORBIDDEN_CAPABILITIES.includes(c), "root-equivalent capability: never added back (C-03)"),
          reason: z.string().refine((r) => !reasonProblem(r), "explain in at least a sentence (4+ words) why the capability is needed"),
        }),
      )
      .default([]),
    /** Health probe (C-12). Test in exec form (["CMD", …]) or ["CMD-SHELL", "…"]. */
    healthcheck: z.strictObject({
      test: z
        .array(z.string())
        .min(2)
        .refine((t) => t[0] === "CMD" || t[0] === "CMD-SHELL", "must start with CMD or CMD-SHELL"),
      /** Default "30s". */
      interval: z.string().default("30s"),
      /** Default "5s". */
      timeout: z.string().default("5s"),
      /** Default 3. */
      retries: z.number().int().min(1).default(3),
      /** Default "30s". */
      startPeriod: z.string().default("30s"),
    }),
    /** Keeps state on a volume: updates stop the old task before starting the new one. Default false. */
    stateful: z.boolean().default(false),
    /** Restart attempts after failures before Swarm gives up (C-13). Default 5. */
    maxRestartAttempts: z.number().int().min(1).max(20).default(5),
    /** Log rotation of the `local` driver (C-14). Defaults "10m" and 3 files. */
    logs: z
      .strictObject({
        maxSize: z
          .string()
          .regex(/^\d+[kmg]$/)
          .default("10m"),
        maxFile: z.number().int().min(1).default(3),
      })
      .default({ maxSize: "10m", maxFile: 3 }),
    /** Labels on the service; keys under org.secagents. are set by the construct. Default {}. */
    labels: z
      .record(z.string(), z.string())
      .default({})
      .superRefine((labels, ctx) => {
        for (const k of Object.keys(labels)) {
          if (k.startsWith(OWNED_LABEL_PREFIX))
            ctx.addIssue({ code: "custom", path: [k], message: `keys under ${OWNED_LABEL_PREFIX} are set by the construct` });
        }
      }),
  })
  .refine((p) => p.publishedPorts.length === 0 || p.tier === "edge", {
    path: ["publishedPorts"],
    message: 'only a service with tier "edge" may publish ports (C-19)',
  });
export type HardenedServiceProps = z.input<typeof hardenedServiceProps>;

export class HardenedService extends Construct {
  readonly service: Service;
  readonly props: z.output<typeof hardenedServiceProps>;

  constructor(scope: Construct, id: string, props: HardenedServiceProps) {
    // Validate before joining the tree: bad props leave the construct tree unchanged.
    const p = parseProps(hardenedServiceProps, props, `${scope.node.path}/${id}`);
    super(scope, id);
    this.props = p;
    const [uid, gid] = p.user.split(":");

    const env: Record<string, string> = { ...p.env };
    for (const s of p.secrets) if (s.fileEnv) env[s.fileEnv] = `/run/secrets/${s.fileName}`;

    const mounts: ServiceTaskSpecContainerSpecMounts[] = [
      ...p.tmpfs.map((t) => ({ type: "tmpfs", target: t.path, tmpfsOptions: { sizeBytes: t.sizeMb * MIB, mode: t.mode } })),
      ...p.volumes.map((v) => ({ type: "volume", source: v.source, target: v.target, readOnly: v.readOnly })),
    ];

    const updateOrder = p.stateful ? "stop-first" : "start-first";
    this.service = new Service(this, "service", {
      name: p.name,
      labels: Object.entries({ ...p.labels, [TIER_LABEL]: p.tier }).map(([label, value]) => ({ label, value })),
      mode: { replicated: { replicas: p.replicas } },
      taskSpec: {
        containerSpec: {
          image: p.image,
          user: p.user,
          command: p.command,
          args: p.args,
          env: Object.keys(env).length ? env : undefined,
          readOnly: true,
          capDrop: ["ALL"],
          capAdd: p.capAdd.length ? p.capAdd.map((c) => c.capability) : undefined,
          mounts,
          secrets: p.secrets.map((s) => ({
            secretId: s.secretId,
            secretName: s.secretName,
            fileName: `/run/secrets/${s.fileName}`,
            fileUid: uid,
            fileGid: gid,
            fileMode: s.private ? 0o400 : 0o444,
          })),
          configs: p.configs.map((c) => ({
            configId: c.configId,
            configName: c.configName,
            fileName: c.path,
            fileUid: uid,
            fileGid: gid,
            fileMode: 0o444,
          })),
          healthcheck: { ...p.healthcheck },
          stopGracePeriod: "30s",
        },
        networksAdvanced: p.networks.map((n) => ({ name: n.id, aliases: n.aliases.length ? n.aliases : undefined })),
        // Host-mode ports bind on the node: one task per node, or the second would fail to bind.
        placement: p.publishedPorts.length && p.publishMode === "host" ? { maxReplicas: 1 } : undefined,
        resources: {
          limits: { nanoCpus: Math.round(p.cpus * 1e9), memoryBytes: p.memoryMb * MIB },
          reservation: {
            nanoCpus: Math.round(p.cpus * p.reservationRatio * 1e9),
            memoryBytes: Math.round(p.memoryMb * p.reservationRatio) * MIB,
          },
        },
        // window 0s: max_attempts counts every restart (a window would make the bound per window, i.e. unbounded).
        restartPolicy: { condition: "on-failure", delay: "5s", maxAttempts: p.maxRestartAttempts, window: "0s" },
        logDriver: { name: "local", options: { "max-size": p.logs.maxSize, "max-file": String(p.logs.maxFile) } },
      },
      endpointSpec: {
        mode: "vip",
        ports: p.publishedPorts.length
          ? p.publishedPorts.map((port) => ({
              targetPort: port.target,
              publishedPort: port.published,
              protocol: "tcp",
              publishMode: p.publishMode,
            }))
          : undefined,
      },
      updateConfig: {
        parallelism: 1,
        delay: "10s",
        failureAction: "rollback",
        monitor: "30s",
        maxFailureRatio: "0",
        order: updateOrder,
      },
      rollbackConfig: { parallelism: 1, delay: "5s", failureAction: "pause", monitor: "30s", maxFailureRatio: "0", order: updateOrder },
      // Makes `terraform apply` wait until every task is running (and healthy), so a bad rollout fails the apply.
      convergeConfig: { delay: "7s", timeout: "5m" },
    });
    // An added capability is an exception: record it as a suppression of DKR-003, so every report shows it with its reason.
    if (p.capAdd.length) suppress(this.service, "DKR-003", p.capAdd.map((c) => `${c.capability}: ${c.reason}`).join("; "));
  }
}
