/**
 * nginx.conf for the TLS reverse proxy (pure; no cdktf). Mozilla TLS guideline 6.0 (intermediate or modern),
 * OWASP secure headers on every response and in every location (nginx drops inherited add_header when a
 * block adds its own, E-11), non-root friendly: no `user` directive, pid and all temp paths under /tmp (B01, B02).
 */

export type TlsProfile = "intermediate" | "modern";

export interface NginxOptions {
  readonly serverName: string;
  readonly profile: TlsProfile;
  /** Listen ports inside the container (non-privileged). */
  readonly httpsPort: number;
  readonly httpPort: number;
  /** Upstreams by DNS name on the overlay network. */
  readonly apiUpstream: string;
  readonly dashboardUpstream: string;
  readonly certificateFile: string;
  readonly keyFile: string;
  /** nginx version the config targets: `http2 on;` needs 1.25.1+, older ones get `listen … ssl http2`. Default "1.29". */
  readonly nginxVersion?: string;
}

/** True when the version (major.minor[.patch]) is at least the given one. */
function atLeast(version: string, min: [number, number, number]): boolean {
  const v = version.split(".").map(Number);
  for (let i = 0; i < 3; i++) if ((v[i] ?? 0) !== min[i]) return (v[i] ?? 0) > min[i];
  return true;
}

/** Mozilla guideline 6.0 TLS 1.2 suites (intermediate): ECDHE with AEAD only, no DHE, no CBC (T-02). */
export const MOZILLA_INTERMEDIATE_CIPHERS = [
  "ECDHE-ECDSA-AES128-GCM-SHA256",
  "ECDHE-RSA-AES128-GCM-SHA256",
  "ECDHE-ECDSA-AES256-GCM-SHA384",
  "ECDHE-RSA-AES256-GCM-SHA384",
  "ECDHE-ECDSA-CHACHA20-POLY1305",
  "ECDHE-RSA-CHACHA20-POLY1305",
] as const;

/** Every path nginx writes at run time; the service must mount a tmpfs over each (B01, B02). */
export const NGINX_WRITABLE_PATHS = {
  pid: "/tmp/nginx.pid",
  client_body_temp_path: "/tmp/nginx/client_temp",
  proxy_temp_path: "/tmp/nginx/proxy_temp",
  fastcgi_temp_path: "/tmp/nginx/fastcgi_temp",
  uwsgi_temp_path: "/tmp/nginx/uwsgi_temp",
  scgi_temp_path: "/tmp/nginx/scgi_temp",
} as const;

/** OWASP Secure Headers baseline (H-01 … H-09), sent with `always` so 4xx/5xx carry them too. */
export function securityHeaders(): [string, string][] {
  return [
    ["Strict-Transport-Security", "max-age=63072000; includeSubDomains"],
    [
      "Content-Security-Policy",
      "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; form-action 'self'; base-uri 'self'; object-src 'none'; frame-ancestors 'none'; upgrade-insecure-requests",
    ],
    ["X-Content-Type-Options", "nosniff"],
    ["X-Frame-Options", "DENY"],
    ["Referrer-Policy", "no-referrer"],
    ["Permissions-Policy", "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"],
    ["Cross-Origin-Opener-Policy", "same-origin"],
    ["Cross-Origin-Resource-Policy", "same-origin"],
    ["X-XSS-Protection", "0"],
    ["Cache-Control", "no-store, max-age=0"],
  ];
}

export function renderNginxConf(o: NginxOptions): string {
  const headerLines = (indent: string) =>
    securityHeaders()
      .map(([k, v]) => `${indent}add_header ${k} "${v}" always;`)
      .join("\n");
  const headers = headerLines("        ");
  const inLocation = headerLines("            ");
  const proxy = (upstreamVar: string, extra = "") => `            proxy_pass ${upstreamVar};
            proxy_http_version 1.1;
            proxy_set_header Host $host;
            proxy_set_header X-Real-IP $remote_addr;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto https;
            proxy_hide_header X-Powered-By;
            proxy_hide_header Server;${extra}
${inLocation}`;
  const tls =
    o.profile === "modern"
      ? "        ssl_protocols TLSv1.3;"
      : `        ssl_protocols TLSv1.2 TLSv1.3;\n        ssl_ciphers ${MOZILLA_INTERMEDIATE_CIPHERS.join(":")};`;
  const p = NGINX_WRITABLE_PATHS;
  const modernHttp2 = atLeast(o.nginxVersion ?? "1.29", [1, 25, 1]);
  const listenTls = modernHttp2
    ? `listen ${o.httpsPort} ssl default_server;\n        http2 on;`
    : `listen ${o.httpsPort} ssl http2 default_server;`;
  return `# Rendered by secure-agents-infra (constructs/render/nginx.ts). Do not edit by hand.
# Runs as a non-root user: no "user" directive; pid and temp paths live on the /tmp tmpfs.
worker_processes auto;
pid ${p.pid};
error_log /dev/stderr warn;

events {
    worker_connections 1024;
}

http {
    client_body_temp_path ${p.client_body_temp_path};
    proxy_temp_path ${p.proxy_temp_path};
    fastcgi_temp_path ${p.fastcgi_temp_path};
    uwsgi_temp_path ${p.uwsgi_temp_path};
    scgi_temp_path ${p.scgi_temp_path};

    access_log /dev/stdout;
    default_type application/octet-stream;
    server_tokens off;
    client_max_body_size 10m;
    client_body_timeout 15s;
    client_header_timeout 15s;
    keepalive_timeout 30s;

    # Swarm's embedded DNS; upstreams resolve per request so nginx starts before them.
    resolver 127.0.0.11 valid=10s ipv6=off;

    limit_req_zone $binary_remote_addr zone=general:10m rate=10r/s;
    limit_req_zone $binary_remote_addr zone=scan:10m rate=10r/m;
    limit_req_status 429;

    map $http_upgrade $connection_upgrade {
        default upgrade;
        ''      close;
    }

    server {
        listen ${o.httpPort} default_server;
        server_name _;
        location / {
            return 308 https://$host$request_uri;
        }
    }

    server {
        ${listenTls}
        server_name ${o.serverName};

        ssl_certificate ${o.certificateFile};
        ssl_certificate_key ${o.keyFile};
${tls}
        ssl_ecdh_curve X25519:prime256v1:secp384r1;
        ssl_prefer_server_ciphers off;
        ssl_session_timeout 1d;
        ssl_session_cache shared:TLS:10m;
        ssl_session_tickets off;

        set $api_upstream http://${o.apiUpstream};
        set $dashboard_upstream http://${o.dashboardUpstream};

${headers}

        location = /healthz {
            access_log off;
            default_type text/plain;
${inLocation}
            return 200 "ok\\n";
        }

        location /api/scan {
            limit_req zone=scan burst=5 nodelay;
${proxy("$api_upstream")}
        }

        location /api/ {
            limit_req zone=general burst=20 nodelay;
${proxy("$api_upstream")}
        }

        location / {
            limit_req zone=general burst=40 nodelay;
${proxy(
  "$dashboard_upstream",
  `
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_read_timeout 300s;`,
)}
        }
    }
}
`;
}
