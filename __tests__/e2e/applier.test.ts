/**
 * Unit tier (no Docker): the e2e applier maps every attribute the Docker stack synthesizes onto the Engine API,
 * and refuses any attribute, resource type or expression it does not understand, before it creates anything.
 * Uses the openssl CLI for the generated certificates, as the e2e run does.
 */
import { X509Certificate, createPrivateKey } from "node:crypto";
import { SERVICES, SERVICE_NAMES, networksOf } from "../../constructs/model/system";
import { defaultDoc, type Doc } from "../helpers/synth";
import { applyStack, durationNs, type Body, type EngineApi, type Kind } from "./lib/applier";
import { evaluate } from "./lib/expr";
import { UnsupportedAttributeError } from "./lib/strict";

function recorder() {
  const calls: { kind: Kind; body: Body }[] = [];
  const engine: EngineApi = {
    create: async (kind, body) => {
      calls.push({ kind, body });
      return { id: `id-${kind}-${String(body.Name)}`, name: String(body.Name) };
    },
  };
  return { calls, engine };
}

type Res = Record<string, Record<string, unknown>>;
const first = (doc: Doc, type: string): Record<string, unknown> => Object.values(doc.resource[type])[0];
const service = (doc: Doc, name: string) =>
  Object.values(doc.resource.docker_service as Res).find((s) => s.name === `secagents-dev-${name}`)! as Record<
    string,
    Record<string, Record<string, unknown>>
  >;

describe("the e2e applier maps each attribute of the synthesized Docker stack", () => {
  let calls: { kind: Kind; body: Body }[];
  let doc: Doc;
  beforeAll(async () => {
    doc = defaultDoc();
    const r = recorder();
    await applyStack(doc, r.engine);
    calls = r.calls;
  });
  const bodies = (kind: Kind) => calls.filter((c) => c.kind === kind).map((c) => c.body);
  const svc = (name: string) => bodies("services").find((b) => b.Name === `secagents-dev-${name}`)!;
  const cs = (name: string) => (svc(name).TaskTemplate as Body).ContainerSpec as Body;

  test("creates every object in dependency order: networks, volumes, secrets, configs, then services", () => {
    const order = calls.map((c) => c.kind);
    expect(order.lastIndexOf("networks")).toBeLessThan(order.indexOf("volumes"));
    expect(order.lastIndexOf("configs")).toBeLessThan(order.indexOf("services"));
    for (const [kind, type] of [
      ["networks", "docker_network"],
      ["volumes", "docker_volume"],
      ["secrets", "docker_secret"],
      ["configs", "docker_config"],
      ["services", "docker_service"],
    ] as const) {
      expect(bodies(kind)).toHaveLength(Object.keys(doc.resource[type]).length);
    }
  });

  test("networks: overlay, internal except egress, not attachable, encrypted, with the configured subnet and labels", () => {
    for (const n of bodies("networks")) {
      expect(n.Driver).toBe("overlay");
      expect(n.Internal).toBe(n.Name !== "secagents-dev-egress");
      expect(n.Attachable).toBe(false);
      expect(n.Options).toEqual({ encrypted: "true" });
      expect((n.IPAM as { Config: { Subnet: string }[] }).Config[0].Subnet).toMatch(/^172\.20\.\d\.0\/24$/);
      expect(Object.keys(n.Labels as object)).toEqual(["tier"]);
    }
  });

  test("secrets and configs: data passed as the base64 the provider expects; secret data evaluated from generated values", () => {
    const cfg = first(doc, "docker_config");
    expect(bodies("configs").find((c) => c.Name === cfg.name)!.Data).toBe(cfg.data);
    const pw = bodies("secrets").find((s) => String(s.Name).startsWith("secagents-dev-postgres_password-"))!;
    expect(Buffer.from(String(pw.Data), "base64").toString()).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(String(pw.Name)).toMatch(/-\d{14}$/); // formatdate("YYYYMMDDhhmmss", timestamp())
    const acl = Buffer.from(
      String(bodies("secrets").find((s) => String(s.Name).startsWith("secagents-dev-redis_acl-"))!.Data),
      "base64",
    ).toString();
    expect(acl).toMatch(/^user default off .*\nuser app on #[0-9a-f]{64} /s);
  });

  test.each(SERVICE_NAMES)("%s: container hardening reaches the Engine API unchanged", (name) => {
    const spec = service(doc, name);
    const c = cs(name);
    const task = svc(name).TaskTemplate as Body;
    expect(c.User).toBe(spec.task_spec.container_spec.user);
    expect(c.ReadOnly).toBe(true);
    expect(c.CapabilityDrop).toEqual(["ALL"]);
    expect(c.CapabilityAdd).toBeUndefined();
    expect(c.Image).toBe(spec.task_spec.container_spec.image);
    expect(c.StopGracePeriod).toBe(30e9);
    const tmpfs = (c.Mounts as Body[]).filter((m) => m.Type === "tmpfs");
    expect(tmpfs.map((m) => [m.Target, (m.TmpfsOptions as Body).SizeBytes, (m.TmpfsOptions as Body).Mode])).toEqual(
      SERVICES[name].writable.map((w) => [w.path, w.sizeMb * 1024 * 1024, 0o1777]),
    );
    expect((c.Mounts as Body[]).filter((m) => m.Type === "volume").map((m) => m.Target)).toEqual(SERVICES[name].volumes.map((v) => v.path));
    const [uid, gid] = String(c.User).split(":");
    for (const s of c.Secrets as { File: Body; SecretID: string }[]) {
      expect(s.File.UID).toBe(uid);
      expect(s.File.GID).toBe(gid);
      expect([0o400, 0o444]).toContain(s.File.Mode);
      expect(s.SecretID).toMatch(/^id-secrets-/);
    }
    for (const f of c.Configs as { File: Body; ConfigID: string }[])
      expect([f.File.UID, f.File.Mode, f.ConfigID.startsWith("id-configs-")]).toEqual([uid, 0o444, true]);
    expect((c.Healthcheck as Body).Test).toEqual(SERVICES[name].healthcheck);
    expect((c.Healthcheck as Body).Interval).toBe(30e9);
    const limits = (task.Resources as { Limits: Body; Reservations: Body }).Limits;
    expect(limits.MemoryBytes).toBe((spec.task_spec.resources as { limits: { memory_bytes: number } }).limits.memory_bytes);
    expect(limits.NanoCPUs).toBeGreaterThan(0);
    expect((task.Resources as { Reservations: Body }).Reservations.MemoryBytes).toBeGreaterThan(0);
    expect(task.RestartPolicy).toEqual({ Condition: "on-failure", Delay: 5e9, MaxAttempts: 5, Window: 0 });
    expect(task.LogDriver).toEqual({ Name: "local", Options: { "max-size": "10m", "max-file": "3" } });
    expect((task.Networks as { Target: string; Aliases: string[] }[]).map((n) => [n.Target, n.Aliases])).toEqual(
      networksOf(name).map((n) => [`id-networks-secagents-dev-${n}`, [name]]),
    );
    expect((svc(name).UpdateConfig as Body).FailureAction).toBe("rollback");
    expect((svc(name).RollbackConfig as Body).FailureAction).toBe("pause");
    expect((svc(name).EndpointSpec as Body).Mode).toBe("vip");
  });

  test("nginx: host-mode published ports, one task per node", () => {
    expect((svc("nginx").EndpointSpec as Body).Ports).toEqual([
      { Name: undefined, Protocol: "tcp", TargetPort: 8443, PublishedPort: 443, PublishMode: "host" },
      { Name: undefined, Protocol: "tcp", TargetPort: 8080, PublishedPort: 80, PublishMode: "host" },
    ]);
    expect(((svc("nginx").TaskTemplate as Body).Placement as Body).MaxReplicas).toBe(1);
  });
});

describe("the e2e applier refuses what it does not understand, before creating anything", () => {
  const cases: [string, (d: Doc) => void, RegExp][] = [
    [
      "an unknown docker_service attribute",
      (d) => (service(d, "api").hostname_policy = {} as never),
      /docker_service\..*\.hostname_policy: not understood/,
    ],
    [
      "an unknown container_spec attribute (e.g. a new hardening setting)",
      (d) => (service(d, "redis").task_spec.container_spec.sysctl = { "net.core.somaxconn": "1024" }),
      /container_spec\.sysctl: not understood/,
    ],
    [
      "an unknown attribute of a tmpfs mount",
      (d) => ((service(d, "api").task_spec.container_spec.mounts as Record<string, unknown>[])[0].noexec_please = true),
      /mounts\[0\]\.noexec_please: not understood/,
    ],
    [
      "an unknown attribute of a secret reference",
      (d) => ((service(d, "api").task_spec.container_spec.secrets as Record<string, unknown>[])[0].file_acl = "x"),
      /secrets\[0\]\.file_acl: not understood/,
    ],
    [
      "an unknown docker_network attribute",
      (d) => (first(d, "docker_network").ipv6_policy = "x"),
      /docker_network\..*\.ipv6_policy: not understood/,
    ],
    [
      "an unknown docker_secret attribute",
      (d) => (first(d, "docker_secret").driver = "vault"),
      /docker_secret\..*\.driver: not understood/,
    ],
    [
      "an unknown tls resource attribute",
      (d) => (first(d, "tls_private_key").rsa_padding = "x"),
      /tls_private_key\..*\.rsa_padding: not understood/,
    ],
    ["a resource type it does not apply", (d) => (d.resource.docker_container = { x: { name: "x" } }), /docker_container not understood/],
    [
      "a bind mount",
      (d) => (service(d, "api").task_spec.container_spec.mounts as unknown[]).push({ type: "bind", source: "/", target: "/host" }),
      /bind mounts are not applied/,
    ],
    [
      "a Terraform function it cannot evaluate",
      (d) => (first(d, "docker_config").data = '${filebase64("/etc/passwd")}'),
      /unsupported function filebase64/,
    ],
  ];
  test.each(cases)("%s", async (_what, mutate, message) => {
    const doc = defaultDoc();
    mutate(doc);
    const r = recorder();
    await expect(applyStack(doc, r.engine)).rejects.toThrow(message);
    expect(r.calls).toEqual([]);
  });

  test("unknown attributes are reported as UnsupportedAttributeError", async () => {
    const doc = defaultDoc();
    service(doc, "nginx").task_spec.container_spec.privileged = true;
    await expect(applyStack(doc, recorder().engine)).rejects.toBeInstanceOf(UnsupportedAttributeError);
  });

  test("vip becomes dnsrr only when asked (no IPVS), and each change is listed as a deviation", async () => {
    const r = recorder();
    const applied = await applyStack(defaultDoc(), r.engine, { vipAsDnsrr: true, skipServices: ["secagents-dev-grafana"] });
    expect(r.calls.filter((c) => c.kind === "services").map((c) => (c.body.EndpointSpec as Body).Mode)).toEqual(Array(11).fill("dnsrr"));
    expect(applied.deviations.filter((d) => d.includes("dnsrr"))).toHaveLength(12);
    expect(applied.deviations).toContain("secagents-dev-grafana: not started (skipped by this run)");
  });
});

describe("values the applier computes", () => {
  test("generated leaf certificates chain to the generated CA and carry the requested names and uses", async () => {
    const applied = await applyStack(defaultDoc(), recorder().engine);
    const ca = new X509Certificate(String([...applied.generated].find(([k]) => k.startsWith("tls_self_signed_cert."))![1].cert_pem));
    expect(ca.ca).toBe(true);
    const leaves = [...applied.generated]
      .filter(([k]) => k.startsWith("tls_locally_signed_cert."))
      .map(([, v]) => new X509Certificate(String(v.cert_pem)));
    expect(leaves).toHaveLength(5);
    for (const leaf of leaves) {
      expect(leaf.checkIssued(ca)).toBe(true);
      expect(leaf.verify(ca.publicKey)).toBe(true);
      expect(leaf.ca).toBe(false);
      expect(leaf.subjectAltName).toMatch(/DNS:/);
      expect(leaf.keyUsage).toContain("1.3.6.1.5.5.7.3.1"); // serverAuth
    }
    const key = [...applied.generated].find(([k]) => k.startsWith("tls_private_key."))![1];
    expect(createPrivateKey(String(key.private_key_pem)).asymmetricKeyDetails?.namedCurve).toBe("prime256v1");
  });

  test("durations and expressions", () => {
    expect(durationNs("30s")).toBe(30e9);
    expect(durationNs("1m30s")).toBe(90e9);
    expect(durationNs("250ms")).toBe(250e6);
    expect(() => durationNs("30")).toThrow(/not a duration/);
    const resolve = (r: string) =>
      ({ "a.b.c": "x", "a.b.d": "y" })[r] ??
      (() => {
        throw new Error(r);
      })();
    expect(evaluate('${base64encode(join("", [a.b.c, a.b.d]))}', resolve)).toBe(Buffer.from("xy").toString("base64"));
    expect(evaluate('pre-${a.b.c}-${formatdate("YYYYMMDD", "2026-12-04T06:00:00Z")}', resolve)).toBe("pre-x-20261204");
    expect(evaluate('${sha256("a")}', resolve)).toBe("ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb");
    expect(() => evaluate("${a.b.c ? 1 : 2}", resolve)).toThrow();
    expect(() => evaluate("${x.y}", resolve)).toThrow(/unsupported reference/);
  });
});
