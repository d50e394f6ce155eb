/**
 * Rule pairs through one harness: the default stack is compliant for every rule; each case weakens it one way
 * (on docker_service or docker_container, in each form a setting can take) and names the rule that must report it;
 * compliant cases are inputs a rule must accept (non-secrets under secret-sounding names, ports written as strings).
 */
import { evaluate } from "../../policies/engine";
import { TARGET_RULES } from "../../policies/coverage";
import { containerSpec } from "../../policies/tf";
import type { ServiceName } from "../../constructs/model/system";
import { defaultDoc, servicesByName, type Doc } from "../helpers/synth";

type Edit = (doc: Doc) => void;

// Cases edit arbitrary JSON in place; loose typing keeps each one a single readable line.
type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const svc = (doc: Doc, name: ServiceName): Json => servicesByName(doc)[name].body;
const specOf = (doc: Doc, name: ServiceName): Json => containerSpec(servicesByName(doc)[name]);
const addContainer = (doc: Doc, body: Record<string, unknown>) => {
  doc.resource.docker_container = { legacy: { name: "legacy", image: "busybox:1.36", ...body } };
};
/** A docker_container that passes every rule, to weaken one attribute at a time. */
const goodContainer = {
  user: "10001:10001",
  read_only: true,
  capabilities: { drop: ["ALL"] },
  tmpfs: { "/tmp": "rw,noexec,nosuid,size=64m" },
  memory: 128,
  cpus: "0.5",
  healthcheck: { test: ["CMD", "true"] },
  restart: "on-failure",
  max_retry_count: 5,
  log_driver: "local",
  log_opts: { "max-size": "10m", "max-file": "3" },
  networks_advanced: [{ name: "${docker_network.system_networks_backend_C0EBFF1A.id}" }],
};

const CASES: [string, string, Edit][] = [
  ["DKR-001", "user unset", (d) => delete specOf(d, "api").user],
  ["DKR-001", 'user "00:00" (uid 0 to runc)', (d) => (specOf(d, "api").user = "00:00")],
  ["DKR-001", "a named user", (d) => (specOf(d, "api").user = "app")],
  ["DKR-001", "supplementary group 0", (d) => (specOf(d, "api").groups = ["0"])],
  ["DKR-001", "supplementary group docker", (d) => (specOf(d, "worker").groups = ["docker"])],
  ["DKR-001", "a docker_container as root", (d) => addContainer(d, { ...goodContainer, user: "0:0" })],
  ["DKR-002", "read_only false", (d) => (specOf(d, "api").read_only = false)],
  ["DKR-002", "a writable volume over /etc", (d) => specOf(d, "api").mounts.push({ type: "volume", source: "v", target: "/etc" })],
  ["DKR-002", "a docker_container without read_only", (d) => addContainer(d, { ...goodContainer, read_only: false })],
  ["DKR-002", 'read_only "false" (a string Terraform converts to false)', (d) => (specOf(d, "api").read_only = "false")],
  ["DKR-005", 'a docker_container with privileged "true" (a string)', (d) => addContainer(d, { ...goodContainer, privileged: "true" })],
  ["DKR-003", "cap_drop removed", (d) => delete specOf(d, "redis").cap_drop],
  ["DKR-003", "NET_BIND_SERVICE added back without a suppression", (d) => (specOf(d, "nginx").cap_add = ["NET_BIND_SERVICE"])],
  [
    "DKR-020",
    "SYS_ADMIN added back, even with a suppression",
    (d) => {
      specOf(d, "api").cap_add = ["SYS_ADMIN"];
      svc(d, "api")["//"] = { suppressions: [{ rule: "DKR-020", reason: "needed to mount things inside the container, honestly" }] };
    },
  ],
  ["DKR-020", "a docker_container adding ALL", (d) => addContainer(d, { ...goodContainer, capabilities: { drop: ["ALL"], add: ["ALL"] } })],
  ["DKR-004", "daemon.json with icc true", (d) => (d.output!.docker_daemon_json.value = JSON.stringify({ ...daemon(d), icc: true }))],
  [
    "DKR-004",
    "daemon.json listening on tcp without TLS",
    (d) => (d.output!.docker_daemon_json.value = JSON.stringify({ ...daemon(d), hosts: ["tcp://0.0.0.0:2375"] })),
  ],
  ["DKR-005", "a privileged docker_container", (d) => addContainer(d, { ...goodContainer, privileged: true })],
  ["DKR-006", "no memory limit", (d) => delete svc(d, "postgres").task_spec.resources.limits.memory_bytes],
  ["DKR-006", "a docker_container without limits", (d) => addContainer(d, { ...goodContainer, memory: undefined, cpus: undefined })],
  ["DKR-007", "healthcheck NONE", (d) => (specOf(d, "api").healthcheck = { test: ["NONE"] })],
  ["DKR-008", "restart condition removed (Swarm default: any)", (d) => delete svc(d, "api").task_spec.restart_policy.condition],
  ["DKR-008", "a restart window bounds attempts per window only", (d) => (svc(d, "api").task_spec.restart_policy.window = "120s")],
  ["DKR-008", "a docker_container restarting always", (d) => addContainer(d, { ...goodContainer, restart: "always" })],
  ["DKR-009", "json-file without limits", (d) => (svc(d, "api").task_spec.log_driver = { name: "json-file" })],
  ["DKR-010", "an unsized tmpfs", (d) => delete specOf(d, "api").mounts[0].tmpfs_options],
  [
    "DKR-011",
    "the socket through a volume's local driver options",
    (d) =>
      specOf(d, "scanner").mounts.push({
        type: "volume",
        target: "/host",
        volume_options: { driver_name: "local", driver_options: { type: "none", o: "bind", device: "/" } },
      }),
  ],
  [
    "DKR-011",
    "/var/run through a docker_volume with driver_opts",
    (d) => {
      d.resource.docker_volume.hostrun = { name: "hostrun", driver: "local", driver_opts: { type: "none", o: "bind", device: "/var/run" } };
      specOf(d, "scanner").mounts.push({ type: "volume", source: "${docker_volume.hostrun.name}", target: "/hostrun" });
    },
  ],
  [
    "DKR-011",
    "a docker_container mounting the socket",
    (d) => addContainer(d, { ...goodContainer, volumes: [{ host_path: "/var/run/docker.sock", container_path: "/s" }] }),
  ],
  ["DKR-012", "a bind mount", (d) => specOf(d, "api").mounts.push({ type: "bind", source: "/srv/data", target: "/data" })],
  [
    "DKR-012",
    "a docker_container host_path volume",
    (d) => addContainer(d, { ...goodContainer, volumes: [{ host_path: "/etc", container_path: "/h" }] }),
  ],
  [
    "DKR-013",
    "postgres relabelled edge and publishing 5432",
    (d) => {
      svc(d, "postgres").endpoint_spec.ports = [{ target_port: 5432, published_port: 5432 }];
      svc(d, "postgres").labels.push({ label: "org.secagents.tier", value: "edge" });
    },
  ],
  [
    "DKR-013",
    'ports written as strings (postgres publishing "5432")',
    (d) => (svc(d, "postgres").endpoint_spec.ports = [{ target_port: "5432", published_port: "5432" }]),
  ],
  ["DKR-013", "a docker_container publishing ssh", (d) => addContainer(d, { ...goodContainer, ports: [{ internal: 22, external: 2222 }] })],
  ["DKR-014", "an untagged image", (d) => (specOf(d, "api").image = "security-agents/api")],
  ["DKR-015", "ssh without host-key checking", (d) => ((d.provider!.docker as Json)[0].ssh_opts = ["-o", "StrictHostKeyChecking=no"])],
  [
    "DKR-016",
    "a password wrapped in a function, in env",
    (d) => (specOf(d, "api").env.DB_URL = "${nonsensitive(random_password.x.result)}"),
  ],
  ["DKR-016", "a secret-named variable in env", (d) => (specOf(d, "api").env.DB = "${var.db_password}")],
  ["DKR-016", "an env name ending in PASS", (d) => (specOf(d, "api").env.DB_PASS = "x")],
  [
    "DKR-016",
    "a password in the health check",
    (d) => (specOf(d, "redis").healthcheck.test = ["CMD", "redis-cli", "-a", "${random_password.r.result}"]),
  ],
  [
    "DKR-016",
    "a password in a docker_config",
    (d) => (Object.values(d.resource.docker_config)[0].data = "${base64encode(random_password.r.result)}"),
  ],
  ["DKR-016", "a secret file mode 0777", (d) => (specOf(d, "api").secrets[0].file_mode = 0o777)],
  ["DKR-016", "a literal SECRET_KEY (name not at the end)", (d) => (specOf(d, "api").env.SECRET_KEY = "django-insecure-x9$kq2!vz7@m")],
  [
    "DKR-016",
    "a literal AWS_SECRET_ACCESS_KEY",
    (d) => (specOf(d, "worker").env.AWS_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
  ],
  [
    "DKR-016",
    "an AWS secret key under a neutral name",
    (d) => (specOf(d, "worker").env.UPLOAD_SIGNER = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
  ],
  [
    "DKR-016",
    "DATABASE_URL with a password in the URL",
    (d) => (specOf(d, "api").env.DATABASE_URL = "postgresql://app:hunter2xyz@db/security_agents"),
  ],
  [
    "DKR-016",
    "a PEM private key in env",
    (d) =>
      (specOf(d, "api").env.TLS_KEY_PEM = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n"),
  ],
  ["DKR-016", "a GitHub token in env", (d) => (specOf(d, "scanner").env.GH = "ghp_abcdefghijklmnopqrstuvwxyz0123456789")],
  ["DKR-016", "--db-password in args", (d) => (specOf(d, "api").args = ["--db-password", "hunter2-S3cr3t!"])],
  ["DKR-016", "--db-password=… in args", (d) => (specOf(d, "api").args = ["--db-password=hunter2-S3cr3t!"])],
  [
    "DKR-016",
    "PGPASSWORD=… in a shell health check",
    (d) => (specOf(d, "postgres").healthcheck.test = ["CMD-SHELL", "PGPASSWORD=hunter2xyz pg_isready -h 127.0.0.1 -U app"]),
  ],
  ["DKR-016", "a secret-named value shaped like a path", (d) => (specOf(d, "api").env.DATABASE_PASSWORD = "/notapath-hunter2")],
  ["DKR-016", "a random token behind a slash", (d) => (specOf(d, "api").env.APP_SEED = "/x8KqZ3vLmN0pQ7rS2tU5wY9aB4cD6eF")],
  ["DKR-016", "a literal starting with $ (Docker never expands env)", (d) => (specOf(d, "api").env.DB_PASSWORD = "$ecretPassw0rd")],
  [
    "DKR-016",
    "a password in a URL query string",
    (d) => (specOf(d, "api").env.DATABASE_URL = "postgresql://db/app?user=app&password=hunter2xyz"),
  ],
  ["DKR-016", "an ENCRYPTION_KEY", (d) => (specOf(d, "api").env.ENCRYPTION_KEY = "abcdefghij")],
  ["DKR-016", "a Bearer token", (d) => (specOf(d, "api").env.AUTH_HEADER = "Bearer abcdefghijklmnop1234")],
  ["DKR-016", "a JSON document with a password", (d) => (specOf(d, "api").env.APP_CONFIG_JSON = '{"db":{"password":"hunter2xyz"}}')],
  [
    "DKR-016",
    "redis-cli -a in a health check",
    (d) => (specOf(d, "redis").healthcheck.test = ["CMD", "redis-cli", "-a", "hunter2", "ping"]),
  ],
  [
    "DKR-016",
    "redis-cli -a in command and args",
    (d) => Object.assign(specOf(d, "api"), { command: ["redis-cli"], args: ["-a", "hunter2"] }),
  ],
  ["DKR-016", "mysqladmin -p<password>", (d) => (specOf(d, "api").healthcheck.test = ["CMD-SHELL", "mysqladmin ping -phunter2"])],
  ["DKR-016", "curl -u user:pass", (d) => (specOf(d, "api").healthcheck.test = ["CMD", "curl", "-u", "admin:hunter2", "http://x"])],
  [
    "DKR-016",
    "wget --http-password",
    (d) => (specOf(d, "api").healthcheck.test = ["CMD", "wget", "--http-password", "hunter2", "http://x"]),
  ],
  [
    "DKR-016",
    "a docker_container with a literal secret in env",
    (d) => addContainer(d, { ...goodContainer, env: ["SECRET_KEY=django-insecure-x9$kq2!vz7@m"] }),
  ],
  ["DKR-017", "an unencrypted overlay", (d) => (Object.values(d.resource.docker_network)[0].options = {})],
  ["DKR-017", "an attachable overlay", (d) => (Object.values(d.resource.docker_network)[0].attachable = true)],
  ["DKR-018", "postgres label removed, backend made non-internal", (d) => dataOnOpenNetwork(d)],
  [
    "DKR-021",
    "nginx joined to the backend network (a flow the model does not have)",
    (d) => svc(d, "nginx").task_spec.networks_advanced.push({ name: svc(d, "postgres").task_spec.networks_advanced[0].name }),
  ],
  [
    "DKR-022",
    "nginx allows TLS 1.1",
    (d) => editConfig(d, "nginx-conf", (t) => t.replace("ssl_protocols TLSv1.2 TLSv1.3;", "ssl_protocols TLSv1.1 TLSv1.2 TLSv1.3;")),
  ],
  [
    "DKR-022",
    "nginx with the guide's DHE suite",
    (d) => editConfig(d, "nginx-conf", (t) => t.replace(/ssl_ciphers ([^;]+);/, "ssl_ciphers $1:DHE-RSA-AES256-GCM-SHA384;")),
  ],
  [
    "DKR-022",
    "a location adding one header (drops the inherited set, E-11)",
    (d) =>
      editConfig(d, "nginx-conf", (t) =>
        t.replace(
          /(location \/api\/ \{\n)([\s\S]*?)(\n\s+\})/,
          (_m, a, body, c) =>
            `${a}${body.replace(/\n\s+add_header [^\n]+/g, "")}\n            add_header Cache-Control "no-store" always;${c}`,
        ),
      ),
  ],
  [
    "DKR-022",
    "X-XSS-Protection 1; mode=block (H-07)",
    (d) => editConfig(d, "nginx-conf", (t) => t.replaceAll('X-XSS-Protection "0"', 'X-XSS-Protection "1; mode=block"')),
  ],
  ["DKR-022", "server_tokens on", (d) => editConfig(d, "nginx-conf", (t) => t.replace("server_tokens off;", "server_tokens on;"))],
  [
    "DKR-023",
    "log_statement = 'all' (the guide's)",
    (d) => editConfig(d, "postgres-conf", (t) => t.replace("log_statement = 'ddl'", "log_statement = 'all'")),
  ],
  ["DKR-023", "ssl off", (d) => editConfig(d, "postgres-conf", (t) => t.replace("ssl = 'on'", "ssl = 'off'"))],
  [
    "DKR-023",
    "a pg_hba host line with md5",
    (d) =>
      editConfig(d, "postgres-hba", (t) =>
        t.replace("hostssl   security_agents security_app 172.20.2.0/24 scram-sha-256", "host all all 172.20.2.0/24 md5"),
      ),
  ],
  ["DKR-024", "redis with a plain port", (d) => editConfig(d, "redis-conf", (t) => t.replace(/^port 0$/m, "port 6379"))],
  ["DKR-024", "redis without its ACL file", (d) => editConfig(d, "redis-conf", (t) => t.replace(/^aclfile .*$/m, ""))],
  [
    "DKR-025",
    "the postgres data volume without prevent_destroy",
    (d) => {
      Object.values(d.resource.docker_volume).find((v) => v.name === "secagents-dev-pgdata")!.lifecycle = { prevent_destroy: false };
    },
  ],
  ["DKR-019", "SELinux disabled", (d) => (specOf(d, "worker").privileges = { se_linux_context: { disable: true } })],
  [
    "TF-001",
    "a dynamic mounts block binding the Docker socket",
    (d) =>
      (specOf(d, "worker").dynamic = {
        mounts: { for_each: "${var.mounts}", content: { type: "bind", source: "/var/run/docker.sock", target: "/s" } },
      }),
  ],
  [
    "TF-001",
    "a dynamic block nested anywhere in a docker_network",
    (d) => (Object.values(d.resource.docker_network)[0].ipam_config = [{ dynamic: {} }]),
  ],
];

/** Inputs a rule must accept: values that are not secrets under secret-sounding names, the same ports written as strings. */
const COMPLIANT: [string, string, Edit][] = [
  ["DKR-016", "SECURE_COOKIES=true (a flag, not a cookie secret)", (d) => (specOf(d, "api").env.SECURE_COOKIES = "true")],
  ["DKR-016", "a boolean under a secret-sounding name (REDIS_AUTH=false)", (d) => (specOf(d, "api").env.REDIS_AUTH = "false")],
  ["DKR-016", "a number under a secret-sounding name (TOKEN_TTL=3600)", (d) => (specOf(d, "api").env.TOKEN_TTL = "3600")],
  ["DKR-016", "an empty value (API_TOKEN=)", (d) => (specOf(d, "api").env.API_TOKEN = "")],
  ["DKR-016", "a *_FILE path", (d) => (specOf(d, "api").env.SMTP_PASSWORD_FILE = "/run/secrets/smtp_password")],
  ["DKR-016", "a secret-named variable holding a secret file's path", (d) => (specOf(d, "api").env.DB_PASSWORD = "/run/secrets/db")],
  ["DKR-016", "a URL with a user but no password", (d) => (specOf(d, "api").env.DATABASE_URL = "postgresql://app@db:5432/x")],
  ["DKR-016", "--password-file with a path", (d) => (specOf(d, "api").args = ["--password-file", "/run/secrets/db"])],
  ["DKR-016", "a path of words under a plain name", (d) => (specOf(d, "api").env.APP_HOME = "/usr/local/share/app")],
  [
    "DKR-016",
    "PUBLIC_KEY and *_KEY_ID names",
    (d) => Object.assign(specOf(d, "api").env, { PUBLIC_KEY: "ssh-ed25519 AAAA", SIGNING_KEY_ID: "k1" }),
  ],
  [
    "DKR-016",
    "redis-cli -a reading the secret file at run time, curl -u with a user only",
    (d) => (specOf(d, "api").healthcheck.test = ["CMD-SHELL", 'redis-cli -a "$(cat /run/secrets/redis)" ping && curl -u admin http://x']),
  ],
  [
    "DKR-016",
    "a password read from the secret file at run time in a health check",
    (d) => (specOf(d, "postgres").healthcheck.test = ["CMD-SHELL", 'PGPASSWORD="$(cat /run/secrets/pg)" pg_isready -h 127.0.0.1']),
  ],
  [
    "DKR-013",
    "the edge proxy's ports written as strings",
    (d) =>
      (svc(d, "nginx").endpoint_spec.ports = svc(d, "nginx").endpoint_spec.ports.map((p: Json) => ({
        ...p,
        target_port: String(p.target_port),
        published_port: String(p.published_port),
      }))),
  ],
  ["DKR-002", 'read_only "true" (a string Terraform converts to true)', (d) => (specOf(d, "api").read_only = "true")],
  ["DKR-002", 'a docker_container with read_only "true"', (d) => addContainer(d, { ...goodContainer, read_only: "true" })],
  [
    "DKR-002",
    'a volume over /etc mounted read_only "true"',
    (d) => specOf(d, "api").mounts.push({ type: "volume", source: "v", target: "/etc", read_only: "true" }),
  ],
  [
    "TF-001",
    "a literal mount next to a comment key named like a block (no dynamic)",
    (d) => (svc(d, "api")["//"] = { ...svc(d, "api")["//"], note: "dynamic" }),
  ],
];

/** Rewrites the text of the docker_config whose name starts with secagents-dev-<prefix>-. */
function editConfig(d: Doc, prefix: string, edit: (text: string) => string): void {
  const c = Object.values(d.resource.docker_config).find((x) => String(x.name).startsWith(`secagents-dev-${prefix}-`))!;
  const before = Buffer.from(String(c.data), "base64").toString("utf8");
  const after = edit(before);
  if (after === before) throw new Error(`edit of ${prefix} changed nothing`);
  c.data = Buffer.from(after).toString("base64");
}

function daemon(d: Doc): Record<string, unknown> {
  return JSON.parse(String(d.output!.docker_daemon_json.value));
}

function dataOnOpenNetwork(d: Doc): void {
  svc(d, "postgres").labels = svc(d, "postgres").labels.filter((l: { label: string }) => l.label !== "org.secagents.tier");
  for (const n of Object.values(d.resource.docker_network)) if (n.name === "secagents-dev-backend") n.internal = false;
}

test("the default stack is compliant with every rule", () => {
  expect(evaluate(defaultDoc())).toEqual([]);
});

test("every Docker rule has at least one non-compliant case here (AWS rules: aws-rules.test.ts)", () => {
  expect(new Set(CASES.map(([id]) => id))).toEqual(new Set(TARGET_RULES.docker.map((r) => r.id)));
});

test.each(CASES)("%s reports %s", (id, _what, edit) => {
  const doc = defaultDoc();
  edit(doc);
  expect(evaluate(doc).map((f) => f.ruleId)).toContain(id);
});

test.each(COMPLIANT)("%s accepts %s", (id, _what, edit) => {
  const doc = defaultDoc();
  edit(doc);
  expect(evaluate(doc).filter((f) => f.ruleId === id)).toEqual([]);
});

test('DKR-013 names the published port when it is written as a string (not "all")', () => {
  const doc = defaultDoc();
  svc(doc, "api").endpoint_spec.ports = [{ target_port: "8000", published_port: "8000" }];
  expect(evaluate(doc).find((f) => f.ruleId === "DKR-013")?.message).toBe("publishes 8000 but is not the edge proxy");
});

test("TF-001 TS-04: the default stack carries no dynamic block, and one anywhere in a resource is an unsuppressible error", () => {
  expect(JSON.stringify(defaultDoc())).not.toMatch(/"dynamic":/);
  const doc = defaultDoc();
  specOf(doc, "api").dynamic = { mounts: { for_each: "${var.m}", content: { type: "bind", source: "/var/run/docker.sock" } } };
  svc(doc, "api")["//"] = {
    ...svc(doc, "api")["//"],
    suppressions: [{ rule: "TF-001", reason: "the mounts come from a variable we trust here" }],
  };
  const f = evaluate(doc).filter((x) => x.ruleId === "TF-001");
  expect(f).toEqual([
    expect.objectContaining({
      severity: "error",
      suppressionIgnored: expect.stringMatching(/cannot be suppressed/),
    }),
  ]);
  expect(f[0].suppressed).toBeUndefined();
  expect(f[0].message).toContain("task_spec.container_spec.dynamic");
});
