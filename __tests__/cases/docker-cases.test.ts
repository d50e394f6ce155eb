/**
 * Real-world failure reports (../shared/cases/) that concern Docker services, as tests of this project's behaviour.
 */
import { Aspects, Testing, TerraformStack } from "cdktf";
import { Service } from "@cdktf/provider-docker/lib/service";
import { DockerProvider } from "@cdktf/provider-docker/lib/provider";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, parseConfig } from "../../config";
import { HardenedService } from "../../constructs/docker/hardened-service";
import { PropsError } from "../../constructs/props";
import { SERVICES } from "../../constructs/model/system";
import { nginxTempPaths, renderNginxConf } from "../../constructs/render/nginx";
import { renderRedisConf } from "../../constructs/render/redis";
import { PolicyAspect } from "../../policies/aspect";
import { evaluate } from "../../policies/engine";
import { list } from "../../policies/tf";
import { buildApp } from "../../stacks/app";
import { synthesizeAtomically } from "../../stacks/synth";
import { defaultDoc, servicesByName, spec, synthDocker } from "../helpers/synth";

const doc = defaultDoc();
const mounts = (name: Parameters<typeof spec>[1]) => list(spec(doc, name), "mounts");
const tmpfsTargets = (name: Parameters<typeof spec>[1]) =>
  mounts(name)
    .filter((m) => m.type === "tmpfs")
    .map((m) => String(m.target));
const covered = (path: string, targets: string[]) => targets.some((t) => path === t || path.startsWith(`${t}/`));
const configText = (service: string, key: string) => {
  const c = Object.values(doc.resource.docker_config).find((x) => String(x.name).startsWith(`secagents-dev-${service}-${key}-`))!;
  return Buffer.from(String(c.data), "base64").toString("utf8");
};
const nginxConf = () => {
  const configs = Object.values(doc.resource.docker_config).filter((c) => String(c.name).startsWith("secagents-dev-nginx-conf-"));
  expect(configs).toHaveLength(1);
  return Buffer.from(String(configs[0].data), "base64").toString("utf8");
};

describe("B01 nginx on a read-only root needs writable temp dirs", () => {
  test("every path the rendered nginx.conf writes (pid, five *_temp_path) is on a declared tmpfs", () => {
    const conf = nginxConf();
    const written = [...conf.matchAll(/^\s*(pid|\w+_temp_path)\s+(\S+);/gm)].map((m) => m[2]);
    expect(written.sort()).toEqual(["/tmp/nginx.pid", ...Object.values(nginxTempPaths("/tmp"))].sort());
    // nginx creates only the last path component: each must sit directly in a tmpfs mount root.
    for (const p of written) expect(tmpfsTargets("nginx")).toContain(p.replace(/\/[^/]+$/, ""));
    expect(tmpfsTargets("nginx")).toEqual(expect.arrayContaining(["/tmp", "/var/cache/nginx"]));
    expect(conf).toMatch(/error_log stderr/);
    expect(conf).toMatch(/access_log \/dev\/stdout/);
  });
});

describe("B02 non-root nginx and its pid file", () => {
  test("the main context has `pid /tmp/nginx.pid;` with its semicolon and no `user` directive", () => {
    const conf = renderNginxConf({
      serverName: "example.org",
      httpsPort: 8443,
      httpPort: 8080,
      apiUpstream: "api:8000",
      dashboardUpstream: "dashboard:8501",
      certificateFile: "/run/secrets/c",
      keyFile: "/run/secrets/k",
    });
    expect(conf).toMatch(/^pid \/tmp\/nginx\.pid;$/m);
    expect(conf).not.toMatch(/^\s*user\s/m);
  });
});

describe("B02 validation", () => {
  test("a pid path that is not directly on a writable mount is rejected, naming pidPath", () => {
    const base = { serverName: "x", apiUpstream: "a:1", dashboardUpstream: "d:1", certificateFile: "/c", keyFile: "/k" };
    expect(() => renderNginxConf({ ...base, pidPath: "/run/nginx.pid" })).toThrow(/pidPath: \/run\/nginx\.pid is not on a writable mount/);
    expect(() => renderNginxConf({ ...base, pidPath: "/tmp/nginx/nginx.pid" })).toThrow(/pidPath/);
    expect(() => renderNginxConf({ ...base, pidPath: "/var/cache/nginx/nginx.pid" })).not.toThrow();
  });
});

describe("B04 postgres on a read-only root with a non-root uid", () => {
  test("tmpfs on /run/postgresql (the socket dir) and /tmp; PGDATA is a subdirectory of the volume", () => {
    expect(tmpfsTargets("postgres")).toEqual(expect.arrayContaining(["/run/postgresql", "/tmp"]));
    const s = spec(doc, "postgres");
    expect(s.args).toEqual(["postgres", "-c", "config_file=/etc/postgresql/postgresql.conf"]);
    expect(configText("postgres", "conf")).toMatch(/^unix_socket_directories = '\/run\/postgresql'$/m);
    const volume = mounts("postgres").find((m) => m.type === "volume")!;
    const pgdata = (s.env as Record<string, string>).PGDATA;
    expect(pgdata.startsWith(`${String(volume.target)}/`)).toBe(true);
  });
  test("a user other than the image's postgres uid is rejected naming services.postgres.user, unless dataDirPreOwned", () => {
    expect(() => parseConfig({ services: { postgres: { user: "10001:10001" } } })).toThrow(/services\.postgres\.user: .*999/);
    expect(() => parseConfig({ services: { postgres: { image: "docker.io/library/postgres:17-alpine", user: "999:999" } } })).toThrow(
      /uid 70/,
    );
    expect(
      parseConfig({ services: { postgres: { user: "10001:10001" } }, postgres: { dataDirPreOwned: true } }).services.postgres.user,
    ).toBe("10001:10001");
  });
});

describe("B06 redis on a read-only root", () => {
  test("a volume at /data holds persistence, /tmp is a tmpfs, and ACL denies dangerous commands", () => {
    expect(mounts("redis").find((m) => m.type === "volume")?.target).toBe("/data");
    expect(tmpfsTargets("redis")).toContain("/tmp");
    expect(spec(doc, "redis").args).toEqual(["redis-server", "/etc/redis/redis.conf"]);
    const conf = configText("redis", "conf");
    expect(conf).toMatch(/^dir \/data$/m);
    expect(conf).toMatch(/^port 0$/m);
    expect(conf).toMatch(/^aclfile \/run\/secrets\/redis_acl$/m);
    const acl = Object.values(doc.resource.docker_secret).find((s) => String(s.data).includes("sha256"))!;
    expect(String(acl.data)).toMatch(/user default off/);
    expect(String(acl.data)).toMatch(/-@dangerous/);
  });
  test('persistence "none" gives save "" and appendonly no', () => {
    const conf = renderRedisConf({ certFile: "/c", keyFile: "/k", caFile: "/ca", aclFile: "/a", dataDir: "/data", persistence: "none" });
    expect(conf).toMatch(/^save ""$/m);
    expect(conf).toMatch(/^appendonly no$/m);
  });
});

describe("B08 grafana plugins on a read-only root", () => {
  test("runtime plugin installs are rejected naming grafana.plugins", () => {
    expect(() => parseConfig({ grafana: { plugins: ["some-panel"] } })).toThrow(/grafana\.plugins: .*bake plugins into the image/);
  });
  test("grafana's data dir is a volume and /tmp a tmpfs", () => {
    expect(mounts("grafana").find((m) => m.type === "volume")?.target).toBe("/var/lib/grafana");
    expect(tmpfsTargets("grafana")).toContain("/tmp");
  });
});

describe("B09 scanner as non-root: cache dir and HOME", () => {
  test("TRIVY_CACHE_DIR, GRYPE_DB_CACHE_DIR and HOME are set and each is on a declared mount", () => {
    const env = spec(doc, "scanner").env as Record<string, string>;
    const targets = mounts("scanner").map((m) => String(m.target));
    for (const k of ["TRIVY_CACHE_DIR", "GRYPE_DB_CACHE_DIR", "HOME", "SCAN_RESULTS_DIR"]) {
      expect(env[k]).toBeDefined();
      expect(covered(env[k], targets)).toBe(true);
    }
    expect(spec(doc, "scanner").user).toBe("10010:10010");
  });
  test("the scanner has egress (the one non-internal network) and is not on the internal backend", () => {
    const nets = list(servicesByName(doc).scanner.body, "task_spec", "networks_advanced").map((n) => String(n.name));
    const egress = Object.entries(doc.resource.docker_network).find(([, n]) => n.name === "secagents-dev-egress")!;
    expect(nets).toContain(`\${docker_network.${egress[0]}.id}`);
    expect(egress[1].internal).toBe(false);
    const backend = Object.entries(doc.resource.docker_network).find(([, n]) => n.name === "secagents-dev-backend")!;
    expect(nets).not.toContain(`\${docker_network.${backend[0]}.id}`);
    expect(SERVICES.scanner.egress).toBe(true);
  });
});

describe("B11 secrets only through docker_secret files", () => {
  test("a HardenedService given a secret-looking env var is refused, naming the field", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const attempt = () =>
      new HardenedService(stack, "svc", {
        name: "svc",
        image: "x:1",
        user: "10001:10001",
        env: { POSTGRES_PASSWORD: "hunter2" },
        cpus: 1,
        memoryMb: 64,
        tmpfs: [{ path: "/tmp", sizeMb: 16 }],
        networks: [{ id: "n" }],
        healthcheck: { test: ["CMD", "true"] },
      });
    expect(attempt).toThrow(PropsError);
    expect(attempt).toThrow(
      /env\.POSTGRES_PASSWORD: looks like a secret; pass it in secrets\[\] and read it through POSTGRES_PASSWORD_FILE/,
    );
  });
  test("the policy pack flags a secret value wired into env of a raw docker_service", () => {
    const d = synthDocker();
    const api = spec(d, "api");
    (api.env as Record<string, string>).DB = "${random_password.x.result}";
    expect(evaluate(d).find((f) => f.ruleId === "DKR-016")?.message).toMatch(/env DB carries a secret value/);
  });
});

describe("B14 policy at synth: raw resources are checked after aspects, and errors fail synthesis", () => {
  test("a raw, unhardened docker_service fails Testing.synth with validations, naming the resource", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "raw");
    new DockerProvider(stack, "docker", {});
    new Service(stack, "legacy", { name: "legacy", taskSpec: { containerSpec: { image: "nginx:1.29" } } });
    Aspects.of(stack).add(new PolicyAspect());
    expect(() => Testing.synth(stack, true)).toThrow(/DKR-001.*docker_service\.legacy/s);
    // Without validations, Testing.synth does not run the pack: tests must ask for it (see helpers/synth.ts).
    expect(() => Testing.synth(stack)).not.toThrow();
  });

  test("a policy failure during synth leaves an existing output folder untouched", () => {
    const work = mkdtempSync(join(tmpdir(), "atomic-"));
    const outdir = join(work, "cdktf.out");
    synthesizeAtomically(outdir, (tmp) => buildApp(parseConfig({}), tmp).app.synth());
    const before = readFileSync(join(outdir, "stacks/docker/cdk.tf.json"), "utf8");
    expect(() =>
      synthesizeAtomically(outdir, (tmp) => {
        const built = buildApp(parseConfig({}), tmp);
        new Service(built.docker, "rogue", { name: "rogue", taskSpec: { containerSpec: { image: "busybox:1", user: "0:0" } } });
        built.app.synth();
      }),
    ).toThrow(/policy pack/);
    expect(readFileSync(join(outdir, "stacks/docker/cdk.tf.json"), "utf8")).toBe(before);
    expect(readdirSync(work)).toEqual(["cdktf.out"]);
    rmSync(work, { recursive: true, force: true });
  });

  test("config errors are ConfigError, not thrown from deep inside a construct", () => {
    expect(() => parseConfig({ networks: { backend: "bad" } })).toThrow(ConfigError);
  });
});
