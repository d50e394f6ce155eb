/**
 * nginx.conf for the TLS reverse proxy (pure; no cdktf).
 *
 * - TLS: Mozilla guideline 6.0 through ./tls (T-01 … T-03); no OCSP stapling (T-08); session tickets off.
 * - HTTP → HTTPS 308 redirect; HSTS (T-04); the OWASP secure headers (H-01 … H-10) on every response, 4xx/5xx
 *   included (`always`), repeated in every location because nginx drops inherited add_header when a block adds
 *   its own (E-11); server_tokens off and upstream fingerprint headers hidden (H-08).
 * - The guide's rate limits (10/minute on /api/scan), a general zone, a tighter one on auth paths; request limits;
 *   websocket upgrade for the Streamlit dashboard.
 * - Non-root and read-only root: no `user` directive, pid and every temp path under a writable tmpfs (B01, B02);
 *   logs to stdout/stderr.
 */
import { z } from "zod";
import { parseProps } from "../props";
import { tlsPolicy, tlsSettingsSchema } from "./tls";

/** The only directives extra configuration may set: timeouts and buffers, none of which touch a control. */
export const ALLOWED_EXTRA_DIRECTIVES = [
  "proxy_read_timeout",
  "proxy_send_timeout",
  "proxy_connect_timeout",
  "proxy_buffer_size",
  "proxy_buffers",
  "proxy_busy_buffers_size",
  "client_body_buffer_size",
  "keepalive_requests",
  "send_timeout",
];

/** Why some directives are the renderer's own (shown when someone tries to set them). */
const MANAGED_DIRECTIVES: Record<string, string> = {
  user: "the proxy runs as a non-root uid and needs no user directive (B02)",
  pid: "use pidPath (B02)",
  listen: "ports come from httpsPort/httpPort",
  include: "includes could bypass validation",
  load_module: "modules are part of the image",
  add_header: "headers are rendered in every block together (E-11); use the header options",
  add_trailer: "headers are rendered by the renderer",
  more_set_headers: "headers are rendered by the renderer",
  server_tokens: "always off (H-08)",
  ssl_protocols: "use tls.protocols (T-01)",
  ssl_ciphers: "use tls.tls12Ciphers (T-02)",
  ssl_conf_command: "use tls.tls13Ciphersuites",
  ssl_prefer_server_ciphers: "always off (T-03)",
  ssl_ecdh_curve: "groups follow the Mozilla guideline (T-03)",
  ssl_certificate: "certificates come from the secret store",
  ssl_certificate_key: "certificates come from the secret store",
  ssl_stapling: "OCSP stapling is off (T-08)",
  ssl_stapling_verify: "OCSP stapling is off (T-08)",
  ssl_session_tickets: "always off",
  error_log: "logs go to stderr (read-only root)",
  access_log: "logs go to stdout (read-only root)",
  client_body_temp_path: "temp paths live on the tmpfs (B01)",
  proxy_temp_path: "temp paths live on the tmpfs (B01)",
  fastcgi_temp_path: "temp paths live on the tmpfs (B01)",
  uwsgi_temp_path: "temp paths live on the tmpfs (B01)",
  scgi_temp_path: "temp paths live on the tmpfs (B01)",
  autoindex: "directory listings are never wanted",
};

const absPath = z.string().regex(/^\/[A-Za-z0-9_./-]*$/, "must be an absolute path without spaces");
const rate = z.string().regex(/^[1-9]\d*r\/[sm]$/, 'must look like "10r/s" or "10r/m"');

/** The proxy settings a deployment may tune (config key `nginx`); everything else is fixed or derived. */
export const nginxTunablesShape = {
  /**
   * nginx version of the image, so the config uses directives it knows: `http2 on;` needs 1.25.1+, older ones get
   * `listen … ssl http2` (Debian bookworm ships 1.22). Default "1.29" (the default image).
   */
  nginxVersion: z
    .string()
    .regex(/^\d+\.\d+(\.\d+)?$/)
    .default("1.29"),
  /** Largest request body. Default "10m". */
  clientMaxBodySize: z
    .string()
    .regex(/^[1-9]\d{0,5}[km]?$/, 'must be a positive size such as "10m" (0 would disable the limit)')
    .default("10m"),
  /** Rate limits per client address: general (default 10r/s), /api/scan (default 10r/m, as in the guide), auth paths (default 5r/m). */
  rateLimits: z
    .strictObject({ general: rate.default("10r/s"), scan: rate.default("10r/m"), auth: rate.default("5r/m") })
    .default({ general: "10r/s", scan: "10r/m", auth: "5r/m" }),
  /** Paths that get the auth rate limit. Default ["/api/auth/", "/api/login"]. */
  authPaths: z
    .array(
      z
        .string()
        .regex(/^\/api\/[A-Za-z0-9_./-]+$/, "must be a path under /api/ (other locations are rendered already)")
        .refine((p) => !["/api/scan", "/api/scan/"].includes(p), "/api/scan has its own limit"),
    )
    .refine((l) => new Set(l).size === l.length, "paths must be unique (nginx refuses duplicate locations)")
    .default(["/api/auth/", "/api/login"]),
  /** HSTS. Defaults: two years, includeSubDomains, no preload (an opt-in for the registrable domain, E-10). */
  hsts: z
    .strictObject({
      maxAge: z.number().int().min(31536000, "at least one year (T-04)").default(63072000),
      includeSubDomains: z.boolean().default(true),
      preload: z.boolean().default(false),
    })
    .default({ maxAge: 63072000, includeSubDomains: true, preload: false }),
  /** Content-Security-Policy. Default: self only, inline styles (Streamlit needs them), no framing (H-01). */
  contentSecurityPolicy: z
    .string()
    .refine(
      (v) => /^[\x20-\x7e]+$/.test(v) && !/["\\$]/.test(v),
      "only printable ASCII without double quotes, backslashes or $ (they break or inject into nginx.conf)",
    )
    .refine((v) => /frame-ancestors/.test(v), "must set frame-ancestors (H-03)")
    .default(
      "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; form-action 'self'; base-uri 'self'; object-src 'none'; frame-ancestors 'none'; upgrade-insecure-requests",
    ),
  /** Extra simple directives for the TLS server block, e.g. "proxy_read_timeout 120s;". Default []. */
  extraServerDirectives: z
    .array(
      z.string().superRefine((d, ctx) => {
        const m = /^\s*([a-z_0-9]+)\s+([A-Za-z0-9 ._-]+);\s*$/.exec(d);
        if (!m) {
          ctx.addIssue({
            code: "custom",
            message: 'must be one simple directive with plain arguments ending in ";" (no blocks, quotes, variables, comments or escapes)',
          });
          return;
        }
        if (!ALLOWED_EXTRA_DIRECTIVES.includes(m[1])) {
          ctx.addIssue({
            code: "custom",
            message: `directive "${m[1]}" is not allowed here (${MANAGED_DIRECTIVES[m[1]] ?? "it could weaken a control"}); allowed: ${ALLOWED_EXTRA_DIRECTIVES.join(", ")}`,
          });
        }
      }),
    )
    .default([]),
};

export const nginxOptionsSchema = z
  .strictObject({
    /** server_name of the TLS server. */
    serverName: z.string().regex(/^[A-Za-z0-9.*_-]+$/),
    /** TLS profile and optional narrower protocols/cipher lists. Default: Mozilla intermediate. */
    tls: tlsSettingsSchema.default({ profile: "intermediate" }),
    /** Address to listen on. Default: all addresses of the container. Tests use 127.0.0.1. */
    listenAddress: z.ipv4().optional(),
    /** Listen ports inside the container (non-privileged). Defaults 8443 and 8080. */
    httpsPort: z.number().int().min(1024).max(65535).default(8443),
    httpPort: z.number().int().min(1024).max(65535).default(8080),
    /** Port clients reach HTTPS on (the published port), for the HTTP redirect. Default 443. */
    httpsPublicPort: z.number().int().min(1).max(65535).default(443),
    /** Upstreams as host:port on the overlay network. */
    /** Upstreams as host:port on the overlay network. */
    apiUpstream: z.string().regex(/^[A-Za-z0-9.-]+:\d+$/),
    dashboardUpstream: z.string().regex(/^[A-Za-z0-9.-]+:\d+$/),
    certificateFile: absPath,
    keyFile: absPath,
    /** Paths on writable mounts (tmpfs); pid and temp paths must sit under one. Default ["/tmp", "/var/cache/nginx"]. */
    writablePaths: z.array(absPath).min(1).default(["/tmp", "/var/cache/nginx"]),
    /** pid file. Default /tmp/nginx.pid; must sit directly in one of writablePaths (B02). */
    pidPath: absPath.default("/tmp/nginx.pid"),
    ...nginxTunablesShape,
  })
  .superRefine((o, ctx) => {
    // The pid file's directory must be a writable mount root: nginx creates neither the file's directory nor parents.
    const dir = o.pidPath.replace(/\/[^/]+$/, "") || "/";
    if (!o.writablePaths.map((w) => w.replace(/\/$/, "")).includes(dir)) {
      ctx.addIssue({
        code: "custom",
        path: ["pidPath"],
        message: `${o.pidPath} is not on a writable mount (${o.writablePaths.join(", ")}); a non-root nginx cannot create it (B02)`,
      });
    }
  });
export type NginxOptions = z.input<typeof nginxOptionsSchema>;

/**
 * Temp paths nginx writes at run time, directly in the first writable path (B01). nginx creates only the last
 * path component at start ("mkdir() … failed (2: No such file or directory)" for /tmp/nginx/client_temp on an
 * empty tmpfs, seen with nginx 1.22), so each must sit directly in a mount root.
 */
export function nginxTempPaths(tmp = "/tmp"): Record<string, string> {
  return Object.fromEntries(
    ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((k) => [
      `${k}_temp_path`,
      `${tmp}/${k === "client_body" ? "client" : k}_temp`,
    ]),
  );
}

/** The OWASP Secure Headers baseline (H-01 … H-09), in the order they are rendered. */
export function securityHeaders(o: z.output<typeof nginxOptionsSchema>): [string, string][] {
  const hsts = `max-age=${o.hsts.maxAge}${o.hsts.includeSubDomains ? "; includeSubDomains" : ""}${o.hsts.preload ? "; preload" : ""}`;
  return [
    ["Strict-Transport-Security", hsts],
    ["Content-Security-Policy", o.contentSecurityPolicy],
    ["X-Content-Type-Options", "nosniff"],
    ["X-Frame-Options", "DENY"],
    ["Referrer-Policy", "no-referrer"],
    [
      "Permissions-Policy",
      "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), fullscreen=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), picture-in-picture=(), publickey-credentials-get=(), screen-wake-lock=(), sync-xhr=(), usb=(), xr-spatial-tracking=()",
    ],
    ["Cross-Origin-Opener-Policy", "same-origin"],
    ["Cross-Origin-Resource-Policy", "same-origin"],
    ["X-XSS-Protection", "0"],
    ["Cache-Control", "no-store, max-age=0"],
  ];
}

/** Response headers from upstreams that fingerprint the stack (OSHP headers_remove, H-08). */
export const HIDDEN_UPSTREAM_HEADERS = ["Server", "X-Powered-By", "X-AspNet-Version", "X-AspNetMvc-Version", "X-Runtime", "X-Version"];

/**
 * Security headers the proxy sets are also hidden from upstream responses: otherwise an upstream's own
 * (e.g. `Strict-Transport-Security: max-age=0`) is sent first and browsers use the first one (RFC 6797 §8.1).
 */
export const PROXY_OWNED_HEADERS = [
  "Strict-Transport-Security",
  "Content-Security-Policy",
  "Content-Security-Policy-Report-Only",
  "X-Content-Type-Options",
  "X-Frame-Options",
  "Referrer-Policy",
  "Permissions-Policy",
  "Cross-Origin-Opener-Policy",
  "Cross-Origin-Resource-Policy",
  "X-XSS-Protection",
  "Cache-Control",
  "Expect-CT",
  "Public-Key-Pins",
  "Feature-Policy",
];

function atLeast(version: string, min: [number, number, number]): boolean {
  const v = version.split(".").map(Number);
  for (let i = 0; i < 3; i++) if ((v[i] ?? 0) !== min[i]) return (v[i] ?? 0) > min[i];
  return true;
}

export function renderNginxConf(input: NginxOptions): string {
  const o = parseProps(nginxOptionsSchema, input, "nginx options");
  const tls = tlsPolicy(o.tls);
  const temp = nginxTempPaths(o.writablePaths[0]);
  const headerLines = (indent: string) =>
    securityHeaders(o)
      .map(([k, v]) => `${indent}add_header ${k} "${v}" always;`)
      .join("\n");
  const serverHeaders = headerLines("        ");
  const locationHeaders = headerLines("            ");
  const proxy = (upstreamVar: string, extra: string[] = []) =>
    [
      `proxy_pass ${upstreamVar};`,
      "proxy_http_version 1.1;",
      "proxy_set_header Host $host;",
      "proxy_set_header X-Real-IP $remote_addr;",
      // The edge is the first hop: what a client sends as X-Forwarded-For is not to be trusted.
      "proxy_set_header X-Forwarded-For $remote_addr;",
      "proxy_set_header X-Forwarded-Proto https;",
      ...[...HIDDEN_UPSTREAM_HEADERS, ...PROXY_OWNED_HEADERS].map((h) => `proxy_hide_header ${h};`),
      ...extra,
    ]
      .map((l) => `            ${l}`)
      .join("\n") + `\n${locationHeaders}`;
  const at = (port: number) => (o.listenAddress ? `${o.listenAddress}:${port}` : String(port));
  const listenTls = atLeast(o.nginxVersion, [1, 25, 1])
    ? `listen ${at(o.httpsPort)} ssl default_server;\n        http2 on;`
    : `listen ${at(o.httpsPort)} ssl http2 default_server;`;
  const tlsLines = [
    `ssl_protocols ${tls.protocols.join(" ")};`,
    ...(tls.tls12Ciphers.length ? [`ssl_ciphers ${tls.tls12Ciphers.join(":")};`] : []),
    `ssl_conf_command Ciphersuites ${tls.tls13Suites.join(":")};`,
    `ssl_ecdh_curve ${tls.groups.join(":")};`,
    "ssl_prefer_server_ciphers off;",
    "ssl_session_timeout 1d;",
    "ssl_session_cache shared:TLS:10m;",
    "ssl_session_tickets off;",
  ]
    .map((l) => `        ${l}`)
    .join("\n");
  const authLocations = o.authPaths
    .map(
      (p) => `        location ${p.endsWith("/") ? p : `= ${p}`} {
            limit_req zone=auth burst=3 nodelay;
${proxy("$api_upstream")}
        }`,
    )
    .join("\n\n");
  const extra = o.extraServerDirectives.map((d) => `        ${d.trim()}`).join("\n");
  return `# Rendered by secure-agents-infra (constructs/render/nginx.ts). Do not edit by hand.
# Runs as a non-root user: no "user" directive; pid and temp paths live on a writable tmpfs.
worker_processes auto;
pid ${o.pidPath};
error_log stderr warn;

events {
    worker_connections 1024;
}

http {
${Object.entries(temp)
  .map(([k, v]) => `    ${k} ${v};`)
  .join("\n")}

    access_log /dev/stdout;
    default_type application/octet-stream;
    server_tokens off;
    client_max_body_size ${o.clientMaxBodySize};
    client_body_timeout 15s;
    client_header_timeout 15s;
    large_client_header_buffers 4 8k;
    keepalive_timeout 30s;

    # Swarm's embedded DNS; upstreams resolve per request so nginx starts before them.
    resolver 127.0.0.11 valid=10s ipv6=off;

    limit_req_zone $binary_remote_addr zone=general:10m rate=${o.rateLimits.general};
    limit_req_zone $binary_remote_addr zone=scan:10m rate=${o.rateLimits.scan};
    limit_req_zone $binary_remote_addr zone=auth:10m rate=${o.rateLimits.auth};
    limit_req_status 429;

    map $http_upgrade $connection_upgrade {
        default upgrade;
        ''      close;
    }

    # Plain HTTP only redirects (T-04).
    server {
        listen ${at(o.httpPort)} default_server;
        server_name _;
        location / {
            return 308 https://$host${o.httpsPublicPort === 443 ? "" : `:${o.httpsPublicPort}`}$request_uri;
        }
    }

    server {
        ${listenTls}
        server_name ${o.serverName};

        ssl_certificate ${o.certificateFile};
        ssl_certificate_key ${o.keyFile};
${tlsLines}

        set $api_upstream http://${o.apiUpstream};
        set $dashboard_upstream http://${o.dashboardUpstream};
${extra ? `\n${extra}\n` : ""}
        # Security headers on every response of this server (locations repeat them, E-11).
${serverHeaders}

        location = /healthz {
            access_log off;
            default_type text/plain;
${locationHeaders}
            return 200 "ok\\n";
        }

        location /api/scan {
            limit_req zone=scan burst=5 nodelay;
${proxy("$api_upstream")}
        }

${authLocations}

        location /api/ {
            limit_req zone=general burst=20 nodelay;
${proxy("$api_upstream")}
        }

        location / {
            limit_req zone=general burst=40 nodelay;
${proxy("$dashboard_upstream", ["proxy_set_header Upgrade $http_upgrade;", "proxy_set_header Connection $connection_upgrade;", "proxy_read_timeout 300s;"])}
        }
    }
}
`;
}
