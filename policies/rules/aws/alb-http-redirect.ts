import { eachResource, refOf, str } from "../../aws";
import { get, list, resources } from "../../tf";
import type { Rule } from "../../types";

export const albHttpRedirect: Rule = {
  id: "AWS-026",
  title: "Plain-HTTP listeners only redirect to HTTPS",
  severity: "error",
  controls: ["T-04"],
  explanation:
    "An HTTP listener that forwards serves the application in clear text and lets an attacker strip TLS. It may only answer " +
    "with a permanent redirect to HTTPS (an ALB supports 301 and 302, not 308: E-07), and no listener rule may forward.",
  remediation:
    'default_action { type = "redirect" redirect { protocol = "HTTPS" port = "443" status_code = "HTTP_301" } }, and no forwarding listener rules.',
  sources: ["FSBP ELB.1", "CKV2_AWS_20", "TRV AWS-0054", "NAG NIST.800.53.R5-ALBHttpToHttpsRedirection"],
  check: (doc) => {
    const rulesOf = new Map<string, number>();
    for (const r of [...resources(doc, "aws_lb_listener_rule"), ...resources(doc, "aws_alb_listener_rule")]) {
      const l = refOf(r.body.listener_arn);
      if (l && list(r.body, "action").some((a) => str(a.type) !== "redirect")) rulesOf.set(l, (rulesOf.get(l) ?? 0) + 1);
    }
    return eachResource(doc, ["aws_lb_listener", "aws_alb_listener"], (l) => {
      if (str(l.body.protocol) !== "HTTP") return undefined;
      const p: string[] = [];
      const actions = list(l.body, "default_action");
      const ok =
        actions.length > 0 &&
        actions.every(
          (a) =>
            str(a.type) === "redirect" &&
            str(get(a, "redirect", "protocol")) === "HTTPS" &&
            str(get(a, "redirect", "status_code")) === "HTTP_301",
        );
      if (!ok) p.push("the default action is not a permanent (301) redirect to HTTPS");
      if (rulesOf.get(l.address)) p.push(`${rulesOf.get(l.address)} listener rule(s) answer HTTP with something other than a redirect`);
      return p;
    });
  },
};
