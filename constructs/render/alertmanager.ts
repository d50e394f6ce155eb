/**
 * Alertmanager configuration (pure; no cdktf). Receivers come from config; a receiver's URL is not a secret
 * (use an internal relay for services whose webhook URL carries a token). With no receivers, alerts are kept in
 * Alertmanager's UI only (a "null" receiver), which is what a dev stack wants.
 */
import { stringify } from "yaml";
import { z } from "zod";
import { parseProps } from "../props";

export const alertReceiverSchema = z.strictObject({
  /** Receiver name (unique; "null" is taken by the built-in sink). */
  name: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,40}$/)
    .refine((n) => n !== "null", '"null" is the built-in receiver'),
  /** Webhook URL: https, no credentials, query or fragment, no token-like path segment (it lands in a docker_config). */
  webhookUrl: z.string().superRefine((u, ctx) => {
    let url: URL;
    try {
      url = new URL(u);
    } catch {
      ctx.addIssue({ code: "custom", message: "must be a URL" });
      return;
    }
    const fail = (message: string) => ctx.addIssue({ code: "custom", message });
    if (url.protocol !== "https:") fail("must be https (T-09)");
    if (url.username || url.password || u.includes("@") || u.includes("\\"))
      fail("must not carry credentials: it would be stored in a docker_config (S-01)");
    if (url.search || url.hash) fail("must not carry a query or fragment (tokens live there): use an internal relay (S-01)");
    if (url.pathname.split("/").some((seg) => seg.length >= 16 && /[A-Za-z]/.test(seg) && /\d/.test(seg))) {
      fail("a path segment looks like a token (e.g. a Slack hook): use an internal relay without secrets in the URL (S-01)");
    }
  }),
  /** Also notify when an alert resolves. Default true. */
  sendResolved: z.boolean().default(true),
  /** Only alerts of these severities. Default both. */
  severities: z
    .array(z.enum(["warning", "critical"]))
    .min(1)
    .default(["warning", "critical"]),
});
export type AlertReceiver = z.input<typeof alertReceiverSchema>;

export function renderAlertmanagerConfig(receiversInput: readonly AlertReceiver[]): string {
  const receivers = receiversInput.map((r, i) => parseProps(alertReceiverSchema, r, `alert receiver ${i}`));
  const config = {
    route: {
      receiver: "null",
      group_by: ["alertname", "job"],
      group_wait: "30s",
      group_interval: "5m",
      repeat_interval: "4h",
      routes: receivers.map((r) => ({
        receiver: r.name,
        matchers: [`severity=~"${r.severities.join("|")}"`],
        continue: true,
      })),
    },
    receivers: [
      { name: "null" },
      ...receivers.map((r) => ({ name: r.name, webhook_configs: [{ url: r.webhookUrl, send_resolved: r.sendResolved }] })),
    ],
    inhibit_rules: [
      { source_matchers: ['severity="critical"'], target_matchers: ['severity="warning"'], equal: ["alertname", "instance"] },
    ],
  };
  return `# Rendered by secure-agents-infra (constructs/render/alertmanager.ts). Do not edit by hand.\n${stringify(config)}`;
}

/** Server arguments: TLS web config, data on the volume, no clustering (one replica). */
export function alertmanagerArgs(configFile: string, webConfigFile: string, storagePath: string): string[] {
  return [
    `--config.file=${configFile}`,
    `--web.config.file=${webConfigFile}`,
    `--storage.path=${storagePath}`,
    "--web.listen-address=:9093",
    "--cluster.listen-address=",
  ];
}
