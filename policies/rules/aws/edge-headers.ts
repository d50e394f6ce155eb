import { eachResource, isTrue, str } from "../../aws";
import { taskConfigTexts } from "../../config-files";
import { resources } from "../../tf";
import type { Rule } from "../../types";
import { nginxTlsProblems } from "../docker/tls-proxy-config";

/** The ALB header settings that replace the proxy's when no nginx is behind the listener. */
const LISTENER_HEADERS = [
  "routing_http_response_strict_transport_security_header_value",
  "routing_http_response_content_security_policy_header_value",
  "routing_http_response_x_content_type_options_header_value",
  "routing_http_response_x_frame_options_header_value",
];

export const edgeHeaders: Rule = {
  id: "AWS-029",
  title: "The edge sends the security headers and no fingerprint: the proxy's nginx.conf or the listener",
  severity: "error",
  controls: ["H-01", "H-02", "H-03", "H-04", "H-05", "H-07", "H-08", "H-10", "T-01", "T-02", "T-04", "T-08"],
  explanation:
    "Behind the ALB, nginx renders the same headers and TLS settings as on the Docker target (its nginx.conf travels in " +
    "the task, checked here with the Docker rule's reader, DKR-022). Without such a proxy, the HTTPS listener must set " +
    "HSTS, CSP, nosniff and frame options itself. Every listener hides the ALB's Server header.",
  remediation:
    "Keep nginx behind the ALB with the rendered nginx.conf (constructs/render/nginx.ts), or set the routing_http_response_* header values on the HTTPS listener; set routing_http_response_server_enabled = false.",
  sources: ["OSHP", "OWASP-H", "MOZ 6.0", "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/header-modification.html"],
  check: (doc) => {
    const proxies = taskConfigTexts(doc).filter((c) => /^\s*http\s*\{/m.test(c.text) && /ssl_certificate\s/.test(c.text));
    const targets = new Set(resources(doc, "aws_lb_target_group").map((t) => t.address));
    return [
      ...proxies.flatMap((c) => nginxTlsProblems(c.text).map((m) => ({ address: c.address, message: `nginx.conf: ${m}` }))),
      ...eachResource(doc, ["aws_lb_listener", "aws_alb_listener"], (l) => {
        const p: string[] = [];
        if (!["HTTP", "HTTPS"].includes(str(l.body.protocol))) return p;
        if (isTrue(l.body.routing_http_response_server_enabled) || l.body.routing_http_response_server_enabled === undefined)
          p.push('the ALB adds its "Server" header (routing_http_response_server_enabled is not false)');
        const forwards = JSON.stringify(l.body.default_action ?? "").match(/target_group_arn/) && targets.size > 0;
        if (str(l.body.protocol) === "HTTPS" && forwards && proxies.length === 0) {
          const missing = LISTENER_HEADERS.filter((h) => !str(l.body[h]));
          if (missing.length) p.push(`no proxy renders the headers and the listener does not set ${missing.join(", ")}`);
        }
        return p;
      }),
    ];
  },
};
