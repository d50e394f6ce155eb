/**
 * Config boundary: the defaults synthesize; each kind of bad input is rejected with its field path, exit code 2,
 * and an untouched cdktf.out/ (checked through main(), the program users run).
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, loadConfig, parseConfig } from "../../config";
import { SERVICE_NAMES } from "../../constructs/model/system";
import { main } from "../../main";
import { S3_STATE } from "../helpers/synth";

/** A stable fingerprint of every file (path, bytes) under a folder. */
function fingerprint(dir: string): string {
  const h = createHash("sha256");
  const walk = (d: string) => {
    for (const e of readdirSync(d).sort()) {
      const p = join(d, e);
      h.update(p);
      if (statSync(p).isDirectory()) walk(p);
      else h.update(readFileSync(p));
    }
  };
  walk(dir);
  return h.digest("hex");
}

function runMain(argv: string[], env: Record<string, string>): { code: number; stderr: string } {
  let stderr = "";
  const spy = jest.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    stderr += chunk.toString();
    return true;
  });
  const out = jest.spyOn(process.stdout, "write").mockImplementation(() => true);
  try {
    return { code: main(argv, env), stderr };
  } finally {
    spy.mockRestore();
    out.mockRestore();
  }
}

function problems(override: unknown): { path: string; message: string }[] {
  try {
    parseConfig(override);
  } catch (e) {
    if (e instanceof ConfigError) return [...e.problems];
    throw e;
  }
  return [];
}

describe("config", () => {
  let work: string;
  let outdir: string;
  let before: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "cfg-"));
    outdir = join(work, "cdktf.out");
    expect(runMain([], { CDKTF_OUTDIR: outdir }).code).toBe(0);
    before = fingerprint(outdir);
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test("the embedded defaults need no file and synthesize the docker stack", () => {
    expect(loadConfig({}).environment).toBe("dev");
    const json = JSON.parse(readFileSync(join(outdir, "stacks/docker/cdk.tf.json"), "utf8"));
    expect(Object.keys(json.resource.docker_service)).toHaveLength(12);
    expect(readFileSync(join(outdir, "stacks/docker/daemon.json"), "utf8")).toContain('"no-new-privileges": true');
  });

  const cases: [string, unknown, string, RegExp][] = [
    ["bad CIDR", { networks: { backend: "172.20.2.1/24" } }, "networks.backend", /IPv4 CIDR/],
    ["not a CIDR at all", { networks: { frontend: "frontend-net" } }, "networks.frontend", /IPv4 CIDR/],
    ["overlapping subnets", { networks: { monitoring: "172.20.0.0/16" } }, "networks.monitoring", /overlaps networks\.frontend/],
    ["subnet overlapping Swarm's ingress", { networks: { frontend: "10.0.0.0/16" } }, "networks.frontend", /ingress/],
    ["unknown key", { services: { api: { replica: 3 } } }, "services.api.replica", /unknown key/],
    ["unknown top-level key", { debug: true }, "debug", /unknown key/],
    ["wrong type", { services: { api: { replicas: "3" } } }, "services.api.replicas", /number/],
    ["image without digest in production", { environment: "production" }, "services.api.image", /digest/],
    ["plain tcp Docker host on 2375", { docker: { host: "tcp://10.1.2.3:2375", certPath: "/c" } }, "docker.host", /2375/],
    ["tcp Docker host without TLS material", { docker: { host: "tcp://10.1.2.3:2376" } }, "docker.certPath", /TLS/],
    ["memory limit of zero", { services: { redis: { memoryMb: 0 } } }, "services.redis.memoryMb", />=16/],
    ["root user", { services: { worker: { user: "0:0" } } }, "services.worker.user", /root/],
    ["mutable image tag", { services: { api: { image: "security-agents/api:latest" } } }, "services.api.image", /latest/],
    ["stateful service scaled out", { services: { postgres: { replicas: 2 } } }, "services.postgres.replicas", /exactly 1/],
    ["bad cron schedule", { scanner: { schedule: "0 25 * * *" } }, "scanner.schedule", /cron/],
    ["cron day names the scanner cannot run", { scanner: { schedule: "0 2 * * MON" } }, "scanner.schedule", /no names/],
    [
      "misspelt secret version (rotation would silently not happen)",
      { secretVersions: { postgres_pasword: 2 } },
      "secretVersions.postgres_pasword",
      /./,
    ],
    ["a __proto__ key", JSON.parse('{"docker":{"__proto__":{"certPath":"/x"}}}'), "docker.__proto__", /unknown key/],
    ["octal-looking CIDR octets", { networks: { egress: "010.0.0.0/24" } }, "networks.egress", /IPv4 CIDR/],
    ["AWS region misspelt", { aws: { region: "eu-west" } }, "aws.region", /AWS region/],
    ["one availability zone", { aws: { availabilityZones: ["eu-west-1a"] } }, "aws.availabilityZones", /two/],
    [
      "a zone of another region",
      { aws: { availabilityZones: ["eu-west-1a", "us-east-1b"] } },
      "aws.availabilityZones.1",
      /zone of eu-west-1/,
    ],
    ["VPC too small for three tiers", { aws: { vpcCidr: "10.40.0.0/24" } }, "aws.vpcCidr", /\/16 to \/20/],
    ["log retention under a year", { aws: { logRetentionDays: 30 } }, "aws.logRetentionDays", /./],
    ["RDS backups kept under a week", { aws: { rds: { backupRetentionDays: 1 } } }, "aws.rds.backupRetentionDays", />=7/],
    [
      "an imported certificate of another account",
      { aws: { certificate: { source: "imported", certificateArn: "arn:aws:acm:eu-west-1:999999999999:certificate/x" } } },
      "aws.certificate.certificateArn",
      /account 123456789012/,
    ],
    ["AWS test mode in production", { environment: "production", aws: { testMode: true } }, "aws.testMode", /never in production/],
    ["S3 state without its key", { state: { backend: "s3", bucket: "b-123", region: "eu-west-1" } }, "state.kmsKeyArn", /./],
    ["uid beyond the kernel's range", { services: { api: { user: "4294967296:1" } } }, "services.api.user", /at most/],
    ["a memory limit too small to start", { services: { api: { memoryMb: 1 } } }, "services.api.memoryMb", />=16/],
    ["a CPU limit too small to schedule", { services: { api: { cpus: 1e-10 } } }, "services.api.cpus", />=0.01/],
    ["ssh:// without a host", { docker: { host: "ssh://" } }, "docker.host", /host name/],
    ["tcp port 02375 (still 2375)", { docker: { host: "tcp://x:02375", certPath: "/c" } }, "docker.host", /2375/],
    [
      "ssh without host-key checking",
      { docker: { host: "ssh://d@h", sshOpts: ["-o", "StrictHostKeyChecking=no"] } },
      "docker.sshOpts.1",
      /host-key/,
    ],
    ["a project name too long for Docker's 64-character names", { project: "averyveryverylongname" }, "project", /2-14/],
    [
      "tcp Docker host without an explicit port",
      { docker: { host: "tcp://swarm-1", certPath: "/c" } },
      "docker.host",
      /explicit port.*2376/,
    ],
    ["S3 state in a made-up region", { state: { ...S3_STATE, region: "xx-fake-9" } }, "state.region", /AWS region/],
  ];

  test.each(cases)("%s is rejected with its field path, exit code 2 and an untouched cdktf.out", (_name, override, path, message) => {
    const found = problems(override);
    expect(found.map((p) => p.path)).toContain(path);
    expect(found.find((p) => p.path === path)!.message).toMatch(message);

    const file = join(work, "bad.json");
    writeFileSync(file, JSON.stringify(override));
    const r = runMain([], { CDKTF_OUTDIR: outdir, INFRA_CONFIG: file });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${path}:`);
    expect(r.stderr).toContain("nothing was synthesized");
    expect(fingerprint(outdir)).toBe(before);
  });

  test("unknown command-line arguments exit 2 instead of silently synthesizing the dev config", () => {
    for (const argv of [["--cofnig", "prod.json"], ["prod.json"]]) {
      const r = runMain(argv, { CDKTF_OUTDIR: outdir });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/unknown argument/);
    }
    expect(fingerprint(outdir)).toBe(before);
  });

  test("all problems are reported at once", () => {
    const found = problems({ networks: { backend: "x" }, services: { api: { replicas: 0, user: "root" } }, extra: 1 });
    expect(found.map((p) => p.path).sort()).toEqual(["extra", "networks.backend", "services.api.replicas", "services.api.user"]);
  });

  test("a type error hides no cross-field problem: every problem at once, each with its field path", () => {
    const found = problems({
      environment: "production",
      services: { api: { replicas: "3" } },
      networks: { frontend: "172.20.1.0/24", backend: "172.20.1.0/24" },
    });
    expect(found.map((p) => p.path).sort()).toEqual(
      [
        "services.api.replicas",
        ...SERVICE_NAMES.map((n) => `services.${n}.image`),
        "tls.certificate.source",
        "state.backend",
        "networks.backend",
      ].sort(),
    );
    expect(found).toHaveLength(16);
    expect(found.find((p) => p.path === "networks.backend")!.message).toMatch(/overlaps networks\.frontend/);

    const ports = problems({ services: { api: { replicas: "3" } }, publishedPorts: { http: 443 } });
    expect(ports.map((p) => p.path)).toEqual(["services.api.replicas", "publishedPorts.http"]);
    const arn = problems({
      services: { api: { replicas: "3" } },
      aws: {
        rds: { allocatedStorageGb: "50" },
        certificate: { source: "imported", certificateArn: "arn:aws:acm:us-east-1:999999999999:certificate/x" },
      },
    });
    expect(arn.map((p) => p.path)).toEqual(["services.api.replicas", "aws.rds.allocatedStorageGb", "aws.certificate.certificateArn"]);
  });

  test("cross-field rules do not crash on wrongly-typed input; they skip only the fields that failed", () => {
    const found = problems({
      environment: "production",
      docker: { host: 5, sshOpts: "-o x" },
      networks: "x",
      tls: null,
      services: { api: null },
      postgres: 1,
      aws: 5,
      state: { backend: 3 },
    });
    const paths = found.map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining(["docker.host", "docker.sshOpts", "networks", "tls", "services.api", "postgres", "aws", "state.backend"]),
    );
    expect(paths).toContain("services.worker.image");
    expect(paths).not.toContain("services.api.image");
  });

  test("an AWS region that does not exist is reported once, not again at every zone", () => {
    expect(problems({ aws: { region: "xx-fake-9", availabilityZones: ["xx-fake-9a", "xx-fake-9b"], accountId: "000000000000" } })).toEqual([
      { path: "aws.region", message: expect.stringMatching(/AWS region/) },
    ]);
    for (const region of ["us-gov-west-1", "cn-northwest-1", "ap-southeast-7", "mx-central-1"]) {
      expect(parseConfig({ aws: { region, availabilityZones: [`${region}a`, `${region}b`] } }).aws.region).toBe(region);
    }
  });

  test("--config takes precedence over INFRA_CONFIG, and unreadable or invalid JSON files exit 2", () => {
    const good = join(work, "good.json");
    writeFileSync(good, JSON.stringify({ project: "other" }));
    const broken = join(work, "broken.json");
    writeFileSync(broken, "{ not json");
    expect(loadConfig({ argv: ["--config", good], env: { INFRA_CONFIG: broken } }).project).toBe("other");
    expect(loadConfig({ argv: [`--config=${good}`] }).project).toBe("other");
    expect(runMain(["--config", broken], { CDKTF_OUTDIR: outdir }).stderr).toMatch(/not valid JSON/);
    expect(runMain(["--config", join(work, "missing.json")], { CDKTF_OUTDIR: outdir }).code).toBe(2);
    const empty = join(work, "empty.json");
    writeFileSync(empty, "");
    expect(runMain(["--config", empty], { CDKTF_OUTDIR: outdir })).toEqual({ code: 2, stderr: expect.stringMatching(/the file is empty/) });
    expect(fingerprint(outdir)).toBe(before);
  });

  test("a production config with digests and certificate files is accepted", () => {
    const digest = "@sha256:" + "0".repeat(64);
    const images = Object.fromEntries(SERVICE_NAMES.map((n) => [n, { image: `registry.example.com/secagents/${n}${digest}` }]));
    const c = parseConfig({
      environment: "production",
      state: S3_STATE,
      services: images,
      tls: { certificate: { source: "files", certificateFile: "/pki/fullchain.pem", privateKeyFile: "/pki/key.pem" } },
    });
    expect(c.environment).toBe("production");
    expect(problems({ environment: "production", services: images })).toEqual([
      { path: "tls.certificate.source", message: expect.stringMatching(/real certificate/) },
      { path: "state.backend", message: expect.stringMatching(/backend "s3"/) },
    ]);
  });

  test("the production example under README.md's Configuration validates as it stands", () => {
    const readme = readFileSync(join(__dirname, "../../README.md"), "utf8");
    const section = readme.slice(readme.indexOf("\n## Configuration\n"));
    const block = /```json\n([\s\S]*?)\n```/.exec(section)?.[1];
    expect(block).toBeDefined();
    expect(problems(JSON.parse(block!))).toEqual([]);
    const c = parseConfig(JSON.parse(block!));
    expect(c.environment).toBe("production");
    expect(c.state.backend).toBe("s3");
  });

  test("ssh:// and mutual-TLS tcp:// Docker hosts are accepted", () => {
    expect(parseConfig({ docker: { host: "ssh://deploy@swarm-1" } }).docker.host).toBe("ssh://deploy@swarm-1");
    expect(parseConfig({ docker: { host: "tcp://swarm-1:2376", certPath: "/etc/docker/client" } }).docker.certPath).toBe(
      "/etc/docker/client",
    );
  });
});
