import { tls12CipherProblem } from "../../../constructs/render/tls";
import { configTexts, directive } from "../../config-files";
import type { Rule } from "../../types";

/** Headers every header-adding block of the proxy must send (with always). */
export const REQUIRED_HEADERS = [
  "Strict-Transport-Security",
  "Content-Security-Policy",
  "X-Content-Type-Options",
  "X-Frame-Options",
  "Referrer-Policy",
  "Permissions-Policy",
];

export const tlsProxyConfig: Rule = {
  id: "DKR-022",
  title: "The TLS proxy's nginx.conf keeps Mozilla TLS and the OWASP headers",
  severity: "error",
  controls: ["T-01", "T-02", "T-03", "T-04", "T-08", "H-01", "H-02", "H-03", "H-04", "H-05", "H-07", "H-08", "H-10"],
  explanation:
    "The proxy is the only public entry: TLS below 1.2, non-ECDHE or CBC suites, server cipher preference, OCSP stapling, " +
    "a missing or inherited-away header (nginx drops inherited add_header when a block adds its own, E-11), " +
    "X-XSS-Protection 1 or server tokens all weaken it.",
  remediation: "Render nginx.conf with constructs/render/nginx.ts; tune it only through its validated options.",
  sources: [
    "MOZ 6.0",
    "CIS-NGX 4.1.4",
    "CIS-NGX 4.1.5",
    "OSHP",
    "OWASP-H",
    "https://nginx.org/en/docs/http/ngx_http_headers_module.html#add_header",
  ],
  check: (doc) =>
    configTexts(doc)
      .filter((c) => /^\s*http\s*\{/m.test(c.text) && /ssl_certificate\s/.test(c.text))
      .flatMap((c) => nginxTlsProblems(c.text).map((message) => ({ address: c.address, message }))),
};

/** What weakens a TLS proxy's nginx.conf (Mozilla TLS, OWASP headers); [] when nothing does. Shared by both targets. */
export function nginxTlsProblems(text: string): string[] {
  const p: string[] = [];
  for (const v of directive(text, "ssl_protocols")) {
    const bad = v.split(/\s+/).filter((x) => !["TLSv1.2", "TLSv1.3"].includes(x));
    if (bad.length) p.push(`ssl_protocols allows ${bad.join(", ")}`);
  }
  if (directive(text, "ssl_protocols").length === 0) p.push("no ssl_protocols: nginx's default includes older protocols");
  for (const v of directive(text, "ssl_ciphers"))
    for (const name of v.split(":")) if (tls12CipherProblem(name)) p.push(`ssl_ciphers: ${tls12CipherProblem(name)}`);
  if (directive(text, "ssl_prefer_server_ciphers").some((v) => v !== "off")) p.push("ssl_prefer_server_ciphers is on");
  if (directive(text, "ssl_stapling").some((v) => v === "on")) p.push("OCSP stapling is on (T-08)");
  if (!directive(text, "server_tokens").includes("off")) p.push("server_tokens is not off (H-08)");
  if (!/return 30[18] https:\/\//.test(text)) p.push("plain HTTP is not redirected to HTTPS (T-04)");
  if (/X-XSS-Protection\s+"?1/i.test(text)) p.push("X-XSS-Protection enables the deprecated filter (H-07)");
  if (/add_header\s+(Expect-CT|Public-Key-Pins|Feature-Policy)\b/i.test(text)) p.push("emits a deprecated header (H-10)");
  // Every block that adds headers must add all of them, with always (E-11).
  const blocks = text.split(/\n\s*(?=location |server \{)/).filter((b) => /add_header/.test(b));
  for (const b of blocks) {
    const missing = REQUIRED_HEADERS.filter((h) => !new RegExp(`add_header\\s+${h}\\s+"[^"]+"\\s+always;`).test(b));
    if (missing.length) p.push(`a block adds headers but not ${missing.join(", ")} with always: nginx drops the inherited ones (E-11)`);
  }
  if (blocks.length === 0) p.push("no security headers");
  return [...new Set(p)];
}
