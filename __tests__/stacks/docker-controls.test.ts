/**
 * One named test per catalog control on the synthesized Docker stack (catalog ID in the name), each checking
 * every service it applies to. Each control also has a mutation: the same assertion must fail on a copy of the
 * stack with that control removed, and the policy rule that enforces it must report the removal.
 */
import { parseConfig } from "../../config/load";
import { DEFAULT_CONFIG } from "../../config/defaults";
import { FLOWS, SERVICE_NAMES, SERVICES, networksOf, type ServiceName } from "../../constructs/model/system";
import { evaluate } from "../../policies/engine";
import { containerSpec, get, list, references, resources, strings } from "../../policies/tf";
import { defaultDoc, S3_STATE, servicesByName, spec, synthDocker, type Doc } from "../helpers/synth";

const MIB = 1024 * 1024;
const config = parseConfig({});

function networkKeyOf(doc: Doc, ref: string): string {
  const net = resources(doc, "docker_network").find((n) => ref === n.address);
  return String(list(net?.body, "labels").find((l) => l.label === "tier")?.value);
}

function serviceNetworks(doc: Doc, name: ServiceName): string[] {
  return list(servicesByName(doc)[name].body, "task_spec", "networks_advanced")
    .flatMap((n) => references(String(n.name)))
    .map((r) => networkKeyOf(doc, r))
    .sort();
}

function daemonJson(doc: Doc): Record<string, unknown> {
  return JSON.parse(String(doc.output?.docker_daemon_json?.value)) as Record<string, unknown>;
}

/** The array at a path, created if absent, so a test can add to it in place. */
function blocks(obj: unknown, ...path: string[]): Record<string, unknown>[] {
  let o = obj as Record<string, unknown>;
  for (const k of path.slice(0, -1)) o = (Array.isArray(o[k]) ? (o[k] as Record<string, unknown>[])[0] : o[k]) as Record<string, unknown>;
  const last = path[path.length - 1];
  if (!Array.isArray(o[last])) o[last] = [];
  return o[last] as Record<string, unknown>[];
}

/** Mutates the container spec of one service in place. */
function editSpec(doc: Doc, name: ServiceName, edit: (s: Record<string, unknown>) => void): Doc {
  edit(containerSpec(servicesByName(doc)[name]));
  return doc;
}

interface ControlCase {
  id: string;
  title: string;
  /** Throws (via expect) when the control is not in place. */
  assert(doc: Doc): void;
  /** Removes or weakens the control in the document. */
  remove(doc: Doc): Doc;
  /** Policy rule expected to report the removal. */
  rule?: string;
}

const CONTROLS: ControlCase[] = [
  {
    id: "C-01",
    title: "every service runs as its configured numeric non-root uid:gid",
    assert: (doc) => {
      for (const n of SERVICE_NAMES) {
        const user = spec(doc, n).user;
        expect(user).toBe(config.services[n].user);
        expect(user).toMatch(/^[1-9][0-9]*:[1-9][0-9]*$/);
      }
    },
    remove: (doc) => editSpec(doc, "api", (s) => delete s.user),
    rule: "DKR-001",
  },
  {
    id: "C-02",
    title: "every service has a read-only root and a tmpfs or volume on every path it writes",
    assert: (doc) => {
      for (const n of SERVICE_NAMES) {
        const s = spec(doc, n);
        expect(s.read_only).toBe(true);
        const targets = list(s, "mounts").map((m) => m.target);
        for (const w of SERVICES[n].writable) expect(targets).toContain(w.path);
        for (const v of SERVICES[n].volumes) expect(targets).toContain(v.path);
      }
    },
    remove: (doc) => editSpec(doc, "worker", (s) => (s.read_only = false)),
    rule: "DKR-002",
  },
  {
    id: "C-03",
    title: "every service drops ALL capabilities and adds none back",
    assert: (doc) => {
      for (const n of SERVICE_NAMES) {
        expect(spec(doc, n).cap_drop).toEqual(["ALL"]);
        expect(spec(doc, n).cap_add).toBeUndefined();
      }
    },
    remove: (doc) => editSpec(doc, "redis", (s) => (s.cap_add = ["NET_ADMIN"])),
    rule: "DKR-003",
  },
  {
    id: "C-04",
    title: "the Swarm host's daemon.json sets no-new-privileges (Swarm services cannot) and keeps live-restore off",
    assert: (doc) => {
      const d = daemonJson(doc);
      expect(d["no-new-privileges"]).toBe(true);
      expect(d["live-restore"]).toBe(false);
    },
    remove: (doc) => {
      const d = daemonJson(doc);
      delete d["no-new-privileges"];
      (doc.output as Record<string, { value: unknown }>).docker_daemon_json.value = JSON.stringify(d);
      return doc;
    },
    rule: "DKR-004",
  },
  {
    id: "C-05",
    title: "no resource is privileged (Swarm services cannot be; no docker_container exists)",
    assert: (doc) => {
      expect(resources(doc, "docker_container")).toHaveLength(0);
      expect(JSON.stringify(doc.resource)).not.toMatch(/"privileged"/);
    },
    remove: (doc) => {
      doc.resource.docker_container = { debug: { name: "debug", image: "x:1", privileged: true } };
      return doc;
    },
    rule: "DKR-005",
  },
  {
    id: "C-06",
    title: "no service uses the host network; every attachment is an overlay docker_network",
    assert: (doc) => {
      for (const n of SERVICE_NAMES) {
        const nets = list(servicesByName(doc)[n].body, "task_spec", "networks_advanced");
        expect(nets.length).toBeGreaterThan(0);
        for (const net of nets) expect(references(String(net.name))[0]).toMatch(/^docker_network\./);
      }
      expect(JSON.stringify(doc.resource)).not.toMatch(/"network_mode"/);
    },
    remove: (doc) => {
      blocks(servicesByName(doc).nginx.body, "task_spec", "networks_advanced").push({ name: "host" });
      return doc;
    },
    rule: "DKR-005",
  },
  {
    id: "C-07",
    title: "no resource shares the host PID namespace",
    assert: (doc) => expect(JSON.stringify(doc.resource)).not.toMatch(/"pid_mode"/),
    remove: (doc) => {
      doc.resource.docker_container = { debug: { name: "debug", image: "x:1", pid_mode: "host" } };
      return doc;
    },
    rule: "DKR-005",
  },
  {
    id: "C-08",
    title: "no resource shares the host IPC or user namespace",
    assert: (doc) => expect(JSON.stringify(doc.resource)).not.toMatch(/"(ipc_mode|userns_mode)"/),
    remove: (doc) => {
      doc.resource.docker_container = { debug: { name: "debug", image: "x:1", ipc_mode: "host" } };
      return doc;
    },
    rule: "DKR-005",
  },
  {
    id: "C-09",
    title: "every service has its configured memory limit and a smaller reservation",
    assert: (doc) => {
      for (const n of SERVICE_NAMES) {
        const r = get(servicesByName(doc)[n].body, "task_spec", "resources") as Record<string, Record<string, number>>;
        expect(r.limits.memory_bytes).toBe(config.services[n].memoryMb * MIB);
        expect(r.reservation.memory_bytes).toBeGreaterThan(0);
        expect(r.reservation.memory_bytes).toBeLessThanOrEqual(r.limits.memory_bytes);
      }
    },
    remove: (doc) => {
      delete (get(servicesByName(doc).postgres.body, "task_spec", "resources", "limits") as Record<string, unknown>).memory_bytes;
      return doc;
    },
    rule: "DKR-006",
  },
  {
    id: "C-10",
    title: "every service has its configured CPU limit and a smaller reservation",
    assert: (doc) => {
      for (const n of SERVICE_NAMES) {
        const r = get(servicesByName(doc)[n].body, "task_spec", "resources") as Record<string, Record<string, number>>;
        expect(r.limits.nano_cpus).toBe(Math.round(config.services[n].cpus * 1e9));
        expect(r.reservation.nano_cpus).toBeGreaterThan(0);
        expect(r.reservation.nano_cpus).toBeLessThanOrEqual(r.limits.nano_cpus);
      }
    },
    remove: (doc) => {
      delete (get(servicesByName(doc).grafana.body, "task_spec", "resources", "limits") as Record<string, unknown>).nano_cpus;
      return doc;
    },
    rule: "DKR-006",
  },
  {
    id: "C-12",
    title: "every service has a health check from the model with interval, timeout and retries",
    assert: (doc) => {
      for (const n of SERVICE_NAMES) {
        const hc = get(spec(doc, n), "healthcheck") as Record<string, unknown>;
        expect(hc.test).toEqual(SERVICES[n].healthcheck);
        expect(hc).toMatchObject({ interval: "30s", timeout: "5s", retries: 3 });
      }
    },
    remove: (doc) => editSpec(doc, "dashboard", (s) => delete s.healthcheck),
    rule: "DKR-007",
  },
  {
    id: "C-13",
    title: "every service restarts on failure only, at most 5 times",
    assert: (doc) => {
      for (const n of SERVICE_NAMES) {
        expect(get(servicesByName(doc)[n].body, "task_spec", "restart_policy")).toMatchObject({ condition: "on-failure", max_attempts: 5 });
      }
    },
    remove: (doc) => {
      (get(servicesByName(doc).api.body, "task_spec", "restart_policy") as Record<string, unknown>).condition = "any";
      return doc;
    },
    rule: "DKR-008",
  },
  {
    id: "C-14",
    title: "every service logs through the local driver with size and file limits",
    assert: (doc) => {
      for (const n of SERVICE_NAMES) {
        expect(get(servicesByName(doc)[n].body, "task_spec", "log_driver")).toEqual({
          name: "local",
          options: { "max-size": "10m", "max-file": "3" },
        });
      }
    },
    remove: (doc) => {
      (get(servicesByName(doc).scanner.body, "task_spec", "log_driver") as Record<string, unknown>).options = {};
      return doc;
    },
    rule: "DKR-009",
  },
  {
    id: "C-15",
    title: "every tmpfs mount has its model size and a mode; every service has /tmp",
    assert: (doc) => {
      for (const n of SERVICE_NAMES) {
        const tmpfs = list(spec(doc, n), "mounts").filter((m) => m.type === "tmpfs");
        expect(tmpfs.map((m) => m.target)).toContain("/tmp");
        for (const m of tmpfs) {
          const w = SERVICES[n].writable.find((x) => x.path === m.target)!;
          expect(get(m, "tmpfs_options")).toEqual({ size_bytes: w.sizeMb * MIB, mode: 0o1777 });
        }
      }
    },
    remove: (doc) =>
      editSpec(doc, "nginx", (s) => {
        for (const m of list(s, "mounts")) delete m.tmpfs_options;
      }),
    rule: "DKR-010",
  },
  {
    id: "C-16",
    title: "no service mounts the Docker socket; the scanner pulls from the registry",
    assert: (doc) => {
      expect(JSON.stringify(doc.resource)).not.toMatch(/docker\.sock/);
      expect((spec(doc, "scanner").env as Record<string, string>).TRIVY_IMAGE_SRC).toBe("remote");
    },
    remove: (doc) =>
      editSpec(doc, "scanner", (s) =>
        blocks(s, "mounts").push({ type: "bind", source: "/var/run/docker.sock", target: "/var/run/docker.sock" }),
      ),
    rule: "DKR-011",
  },
  {
    id: "C-17",
    title: "services mount only tmpfs and named docker_volumes, never host paths",
    assert: (doc) => {
      for (const n of SERVICE_NAMES) {
        for (const m of list(spec(doc, n), "mounts")) {
          expect(["tmpfs", "volume"]).toContain(m.type);
          if (m.type === "volume") expect(references(String(m.source))[0]).toMatch(/^docker_volume\./);
        }
      }
    },
    remove: (doc) => editSpec(doc, "api", (s) => blocks(s, "mounts").push({ type: "bind", source: "/etc", target: "/host-etc" })),
    rule: "DKR-012",
  },
  {
    id: "C-18",
    title: "default seccomp/AppArmor/SELinux confinement is untouched (no security options, no privileges block)",
    assert: (doc) => {
      expect(JSON.stringify(doc.resource)).not.toMatch(/"(security_opts|privileges)"/);
      expect(daemonJson(doc)["seccomp-profile"]).toBeUndefined();
    },
    remove: (doc) => editSpec(doc, "worker", (s) => (s.privileges = { se_linux_context: { disable: true } })),
    rule: "DKR-019",
  },
  {
    id: "C-19",
    title: "only nginx publishes ports: 443→8443 and 80→8080",
    assert: (doc) => {
      for (const n of SERVICE_NAMES) {
        const ports = list(servicesByName(doc)[n].body, "endpoint_spec", "ports");
        if (n === "nginx") {
          expect(ports.map((p) => [p.published_port, p.target_port])).toEqual([
            [443, 8443],
            [80, 8080],
          ]);
        } else expect(ports).toEqual([]);
      }
    },
    remove: (doc) => {
      (get(servicesByName(doc).postgres.body, "endpoint_spec") as Record<string, unknown>).ports = [
        { target_port: 5432, published_port: 5432 },
      ];
      return doc;
    },
    rule: "DKR-013",
  },
  {
    id: "C-20",
    title: "every service runs its configured image, none mutable (:latest or untagged)",
    assert: (doc) => {
      for (const n of SERVICE_NAMES) {
        const image = String(spec(doc, n).image);
        expect(image).toBe(config.services[n].image);
        expect(image).toMatch(/(:[A-Za-z0-9_.-]+|@sha256:[0-9a-f]{64})$/);
        expect(image).not.toMatch(/:latest$/);
      }
    },
    remove: (doc) => editSpec(doc, "grafana", (s) => (s.image = "grafana/grafana:latest")),
    rule: "DKR-014",
  },
  {
    id: "C-21",
    title: "Terraform reaches the Docker API through the local unix socket by default",
    assert: (doc) => {
      const p = doc.provider?.docker as Record<string, unknown>[];
      expect(p).toHaveLength(1);
      expect(p[0].host).toBe("unix:///var/run/docker.sock");
    },
    remove: (doc) => {
      (doc.provider!.docker as Record<string, unknown>[])[0].host = "tcp://10.0.0.5:2375";
      return doc;
    },
    rule: "DKR-015",
  },
  {
    id: "N-01",
    title: "user-defined overlay networks with the configured subnets, one per tier plus egress, encrypted, not attachable",
    assert: (doc) => {
      const nets = resources(doc, "docker_network");
      expect(nets.map((n) => [n.body.name, n.body.driver, get(n.body, "ipam_config", "subnet")]).sort()).toEqual(
        [
          ["secagents-dev-backend", "overlay", config.networks.backend],
          ["secagents-dev-frontend", "overlay", config.networks.frontend],
          ["secagents-dev-monitoring", "overlay", config.networks.monitoring],
          ["secagents-dev-egress", "overlay", config.networks.egress],
        ].sort(),
      );
      for (const n of nets) {
        expect(n.body.attachable).toBe(false);
        expect(n.body.options).toEqual({ encrypted: "true" });
      }
    },
    remove: (doc) => {
      Object.values(doc.resource.docker_network)[0].driver = "bridge";
      return doc;
    },
    rule: "DKR-017",
  },
  {
    id: "N-02",
    title:
      "every tier network is internal (only egress routes out, joined only by api, alertmanager, scanner and the published nginx); data stores sit only on backend",
    assert: (doc) => {
      for (const n of resources(doc, "docker_network")) expect(n.body.internal).toBe(n.body.name !== "secagents-dev-egress");
      for (const n of ["postgres", "redis"] as const) expect(serviceNetworks(doc, n)).toEqual(["backend"]);
      expect(SERVICE_NAMES.filter((n) => serviceNetworks(doc, n).includes("egress"))).toEqual(["nginx", "api", "alertmanager", "scanner"]);
    },
    remove: (doc) => {
      Object.values(doc.resource.docker_network).find((n) => n.name === "secagents-dev-backend")!.internal = false;
      return doc;
    },
    rule: "DKR-018",
  },
  {
    id: "N-03",
    title: "each service joins exactly the networks its model flows need",
    assert: (doc) => {
      for (const n of SERVICE_NAMES) expect(serviceNetworks(doc, n)).toEqual([...networksOf(n)].sort());
      // Every flow is possible: both ends share the flow's network.
      for (const f of FLOWS) {
        expect(serviceNetworks(doc, f.from)).toContain(f.network);
        expect(serviceNetworks(doc, f.to)).toContain(f.network);
      }
    },
    remove: (doc) => {
      const backendId = list(servicesByName(doc).postgres.body, "task_spec", "networks_advanced")[0].name;
      blocks(servicesByName(doc).nginx.body, "task_spec", "networks_advanced").push({ name: backendId });
      return doc;
    },
  },
  {
    id: "D-05",
    title: "data volumes (postgres, redis, prometheus, grafana) are protected from destroy; only the scanner cache is not",
    assert: (doc) => {
      const volumes = Object.values(doc.resource.docker_volume);
      const protectedNames = volumes.filter((v) => get(v, "lifecycle", "prevent_destroy") === true).map((v) => v.name);
      expect(protectedNames.sort()).toEqual(
        SERVICE_NAMES.flatMap((n) => SERVICES[n].volumes.filter((v) => v.protect).map((v) => `secagents-dev-${v.name}`)).sort(),
      );
      expect(protectedNames).toEqual(expect.arrayContaining(["secagents-dev-pgdata", "secagents-dev-redisdata"]));
    },
    remove: (doc) => {
      const pg = Object.values(doc.resource.docker_volume).find((v) => v.name === "secagents-dev-pgdata")!;
      pg.lifecycle = { prevent_destroy: false };
      return doc;
    },
  },
  {
    id: "S-01",
    title: "secrets reach services only as owner-only files read through *_FILE variables, never in env",
    assert: (doc) => {
      for (const n of SERVICE_NAMES) {
        const s = spec(doc, n);
        const env = (s.env ?? {}) as Record<string, string>;
        const [uid, gid] = config.services[n].user.split(":");
        const mounted = list(s, "secrets");
        expect(mounted.map((m) => m.file_name)).toEqual(SERVICES[n].secrets.map((u) => `/run/secrets/${u.secret}`));
        for (const m of mounted) {
          const use = SERVICES[n].secrets.find((u) => `/run/secrets/${u.secret}` === m.file_name)!;
          expect(m).toMatchObject({ file_uid: uid, file_gid: gid, file_mode: use.private ? 0o400 : 0o444 });
          if (use.fileEnv) expect(env[use.fileEnv]).toBe(m.file_name);
        }
        for (const [k, v] of Object.entries(env)) {
          expect(k).not.toMatch(/(PASSWORD|SECRET|TOKEN|API_?KEY)$/);
          expect(references(v)).toEqual([]);
        }
        expect(
          strings([s.args, s.command, s.labels])
            .flatMap(references)
            .filter((r) => /^random_password|^tls_private_key/.test(r)),
        ).toEqual([]);
      }
    },
    remove: (doc) =>
      editSpec(doc, "api", (s) => {
        (s.env as Record<string, string>).DATABASE_PASSWORD = "${random_password.system_secrets_postgres_app_password-value_ABC.result}";
      }),
    rule: "DKR-016",
  },
];

describe("Docker stack controls", () => {
  const doc = defaultDoc();

  test("the default system synthesizes a docker_service for each of the twelve services, the three tier networks and egress", () => {
    expect(Object.keys(servicesByName(doc)).sort()).toEqual([...SERVICE_NAMES].sort());
    expect(resources(doc, "docker_network")).toHaveLength(4);
    expect(evaluate(doc)).toEqual([]);
  });

  describe.each(CONTROLS)("$id", (c) => {
    test(`${c.id} ${c.title}`, () => c.assert(doc));
    test(`${c.id} fails when the control is removed${c.rule ? `, and ${c.rule} reports it` : ""}`, () => {
      const weakened = c.remove(defaultDoc());
      expect(() => c.assert(weakened)).toThrow();
      if (c.rule) expect(evaluate(weakened).map((f) => f.ruleId)).toContain(c.rule);
    });
  });

  test("C-20 production config: every image is pinned by digest", () => {
    const digest = "@sha256:" + "a".repeat(64);
    const services = Object.fromEntries(
      SERVICE_NAMES.map((n) => [n, { image: DEFAULT_CONFIG.services[n].image.replace(/:[^/:]+$/, "") + digest }]),
    );
    const prod = parseConfig({
      environment: "production",
      state: S3_STATE,
      services,
      tls: { certificate: { source: "files", certificateFile: "/etc/pki/edge/fullchain.pem", privateKeyFile: "/etc/pki/edge/key.pem" } },
    });
    const pdoc = synthDocker(prod);
    for (const n of SERVICE_NAMES) expect(String(spec(pdoc, n).image)).toMatch(/@sha256:a{64}$/);
    // The edge certificate is read by Terraform at plan time; only the file path is in the JSON.
    const edge = Object.values(pdoc.resource.docker_secret).find((s) => JSON.stringify(s).includes("nginx_tls_key"))!;
    expect(edge.data).toBe('${filebase64("/etc/pki/edge/key.pem")}');
  });
});
