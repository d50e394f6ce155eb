/**
 * `npm run review`: golden base/head pairs built from the real synthesized stacks (synthesized once, then one change
 * each), the classification and exit code of each, the comment the command prints, a plan fixture whose sensitive
 * values must never be printed, an identical pair giving an empty diff, and bad input giving exit 2.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { evaluate } from "../../policies/engine";
import { reviewDiff, type SecurityChange, type Stack } from "../../policies/review/diff";
import { Redactor } from "../../policies/review/mask";
import { highEntropy, looksSecret, secretOnCommandLine } from "../../policies/secrets";
import { summarizePlan } from "../../policies/review/plan";
import { TLS_POLICY_FLOOR, tlsPolicyRank } from "../../policies/review/probes";
import { GITHUB_COMMENT_LIMIT, exitCode, renderMarkdown } from "../../policies/review/render";
import { runReview } from "../../policies/review/cli";
import { RULES } from "../../policies/pack";
import { asRecord } from "../../policies/tf";
import type { TfDocument } from "../../policies/types";
import { defaultStacks, renderExample, resourceOf } from "../../scripts/review-example";

type Body = Record<string, unknown>;
let base: Stack[];
let dir: string;
let baseDir: string;
/** The default stacks' own findings (warnings and suppressed ones only): unchanged in every pair. */
let baseFindings: number;

beforeAll(() => {
  base = defaultStacks();
  const findings = base.flatMap((s) => evaluate(s.doc));
  expect(findings.filter((f) => f.severity === "error" && !f.suppressed)).toEqual([]);
  baseFindings = findings.length;
  dir = mkdtempSync(join(tmpdir(), "review-"));
  baseDir = writeOut("base", base);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes stacks as a cdktf.out folder (stacks/<name>/cdk.tf.json). */
function writeOut(name: string, stacks: readonly Stack[]): string {
  for (const s of stacks) {
    mkdirSync(join(dir, name, "stacks", s.name), { recursive: true });
    writeFileSync(join(dir, name, "stacks", s.name, "cdk.tf.json"), JSON.stringify(s.doc, null, 2));
  }
  return join(dir, name);
}

const docker = (stacks: Stack[]) => stacks.find((s) => s.name === "docker")!.doc;
const aws = (stacks: Stack[]) => stacks.find((s) => s.name === "aws")!.doc;
const spec = (doc: TfDocument, service: string) =>
  asRecord(asRecord(resourceOf(doc, "docker_service", `_${service}_`).task_spec).container_spec);

function containersOf(doc: TfDocument, service: string): Body[] {
  return JSON.parse(String(resourceOf(doc, "aws_ecs_task_definition", `_${service}_`).container_definitions)) as Body[];
}
function setContainers(doc: TfDocument, service: string, defs: Body[]): void {
  resourceOf(doc, "aws_ecs_task_definition", `_${service}_`).container_definitions = JSON.stringify(defs);
}

/** A golden pair: the head is the base with one change; the CLI runs over both folders. */
function golden(name: string, change: (head: Stack[]) => void) {
  const head = structuredClone(base);
  change(head);
  const diff = reviewDiff(base, head);
  const cli = runReview(["--base", baseDir, "--head", writeOut(name, head)]);
  return { diff, head, cli, weakened: diff.changes.filter((c) => c.direction === "weakened") };
}

const like = (c: Partial<SecurityChange>) => expect.objectContaining(c);

describe("golden pairs from the real stacks", () => {
  test("C-02: read-only root removed from api is weakened at error level; exit 1; the comment says so first", () => {
    const g = golden("c02", (h) => void (spec(docker(h), "api").read_only = false));
    expect(g.weakened).toEqual([like({ label: "api", control: "C-02", severity: "error", before: "true", after: "false" })]);
    expect(g.cli.code).toBe(1);
    expect(g.cli.output).toMatch(/^<!-- secure-agents-review -->\n## Security review of this change\n\n:x: \*\*Blocks the merge:\*\*/);
    expect(g.cli.output.indexOf("### Weakened")).toBeLessThan(g.cli.output.indexOf("### New policy findings"));
    expect(g.cli.output).toMatch(
      /\| error \| \*\*C-02\*\* Read-only root filesystem.*\| `api` \(docker\) \| container_spec.read_only: true → false \|/,
    );
    // The same change reversed strengthens, and does not block.
    const back = reviewDiff(g.head, base);
    expect(back.changes).toEqual([like({ direction: "strengthened", control: "C-02" })]);
    expect(back.findings.fixed).toEqual([expect.objectContaining({ ruleId: "DKR-002" })]);
    expect(exitCode({ diff: back })).toBe(0);
  });

  test("C-03: a capability added (Docker cap_add and the ECS container) is weakened; exit 1", () => {
    const g = golden("c03", (h) => {
      spec(docker(h), "api").cap_add = ["NET_ADMIN"];
      const defs = containersOf(aws(h), "api");
      (defs[0].linuxParameters as { capabilities: { add: string[] } }).capabilities.add = ["SYS_PTRACE"];
      setContainers(aws(h), "api", defs);
    });
    expect(g.weakened).toEqual([
      like({ stack: "aws", control: "C-03", item: "api: SYS_PTRACE", severity: "error" }),
      like({ stack: "docker", label: "api", control: "C-03", item: "NET_ADMIN", severity: "error" }),
    ]);
    expect(g.cli.code).toBe(1);
  });

  test("N-02: a port published on the postgres (data tier) service is weakened; C-19 on a monitoring service; exit 1", () => {
    const g = golden("n02-port", (h) => {
      resourceOf(docker(h), "docker_service", "_postgres_").endpoint_spec = {
        mode: "vip",
        ports: [{ published_port: 5432, target_port: 5432, protocol: "tcp" }],
      };
      resourceOf(docker(h), "docker_service", "_grafana_").endpoint_spec = {
        mode: "vip",
        ports: [{ published_port: 3000, target_port: 3000, protocol: "tcp" }],
      };
    });
    expect(g.weakened).toEqual([
      like({ label: "grafana", control: "C-19", item: "3000/tcp", severity: "error" }),
      like({ label: "postgres", control: "N-02", item: "5432/tcp", severity: "error" }),
    ]);
    expect(g.cli.code).toBe(1);
    expect(g.cli.output).toMatch(/\*\*N-02\*\* Data tier has no route out \| `postgres` \(docker\)/);
  });

  test("N-02: the backend network made non-internal is weakened; exit 1", () => {
    const g = golden("n02-net", (h) => void (resourceOf(docker(h), "docker_network", "backend").internal = false));
    expect(g.weakened).toEqual([like({ label: "system/networks/backend", control: "N-02", attribute: "internal", severity: "error" })]);
    expect(g.cli.code).toBe(1);
  });

  test("T-09: the overlay encryption turned off is weakened; exit 1", () => {
    const g = golden("t09", (h) => void (resourceOf(docker(h), "docker_network", "monitoring").options = {}));
    expect(g.weakened).toEqual([like({ control: "T-09", attribute: "options.encrypted", severity: "error" })]);
    expect(g.cli.code).toBe(1);
  });

  test("S-01: a secret moved into an environment variable (Docker env, ECS secrets → environment) is weakened; value never shown", () => {
    const g = golden("s01", (h) => {
      const api = spec(docker(h), "api");
      const env = asRecord(api.env);
      delete env.JWT_SECRET_FILE;
      env.JWT_SECRET = "${random_password.jwt.result}";
      api.secrets = (api.secrets as Body[]).filter((s) => !String(s.file_name).includes("jwt"));
      const defs = containersOf(aws(h), "api");
      const jwt = (defs[0].secrets as Body[]).find((s) => s.name === "JWT_SECRET")!;
      defs[0].secrets = (defs[0].secrets as Body[]).filter((s) => s !== jwt);
      (defs[0].environment as Body[]).push({ name: "JWT_SECRET", value: "c2VjcmV0LXZhbHVlLXRoYXQtbXVzdC1ub3QtbGVhaw==" });
      setContainers(aws(h), "api", defs);
    });
    expect(g.weakened).toEqual([
      like({ stack: "aws", control: "S-01", item: "api: JWT_SECRET", before: "from Secrets Manager (secrets)", severity: "error" }),
      like({ stack: "docker", control: "S-01", item: "JWT_SECRET", severity: "error" }),
    ]);
    expect(g.cli.code).toBe(1);
    expect(g.cli.output).not.toContain("c2VjcmV0LXZhbHVlLXRoYXQtbXVzdC1ub3QtbGVhaw");
  });

  test("S-01: flags and file pointers under secret-sounding names are not secrets; a literal key under a neutral name is", () => {
    const flags = golden("s01-flags", (h) => {
      Object.assign(asRecord(spec(docker(h), "dashboard").env), { SECURE_COOKIES: "true", SMTP_PASSWORD_FILE: "/run/secrets/smtp" });
      const defs = containersOf(aws(h), "dashboard");
      (defs[0].environment as Body[]).push({ name: "SECURE_COOKIES", value: "true" }, { name: "TOKEN_TTL", value: "3600" });
      setContainers(aws(h), "dashboard", defs);
    });
    expect(flags.weakened).toEqual([]);
    expect(flags.cli.code).toBe(0);
    const key = golden("s01-key", (h) => {
      asRecord(spec(docker(h), "worker").env).UPLOAD_SIGNER = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
      const defs = containersOf(aws(h), "worker");
      (defs[0].environment as Body[]).push({ name: "DATABASE_URL_RO", value: "postgresql://ro:hunter2xyz@db.internal/app" });
      setContainers(aws(h), "worker", defs);
    });
    expect(key.weakened).toEqual([
      like({ stack: "aws", control: "S-01", item: "worker: DATABASE_URL_RO", severity: "error" }),
      like({ stack: "docker", control: "S-01", item: "UPLOAD_SIGNER", severity: "error" }),
    ]);
    expect(key.cli.output).not.toContain("hunter2xyz");
    expect(key.cli.output).not.toContain("wJalrXUtnFEMI");
  });

  test("T-05: the ALB TLS policy downgraded, to an older TLS 1.3 policy or to the API default, is an error (exit 1), as AWS-025 says", () => {
    const older = golden(
      "t05-older",
      (h) => void (resourceOf(aws(h), "aws_lb_listener", "https").ssl_policy = "ELBSecurityPolicy-TLS13-1-2-Res-2021-06"),
    );
    expect(older.weakened).toEqual([like({ control: "T-05", severity: "error" })]);
    expect(older.diff.findings.new).toEqual([expect.objectContaining({ ruleId: "AWS-025" })]);
    expect(older.cli.code).toBe(1);
    const legacy = golden(
      "t05-legacy",
      (h) => void (resourceOf(aws(h), "aws_lb_listener", "https").ssl_policy = "ELBSecurityPolicy-2016-08"),
    );
    expect(legacy.weakened).toEqual([
      like({
        control: "T-05",
        severity: "error",
        before: "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
        after: "ELBSecurityPolicy-2016-08",
      }),
    ]);
    expect(legacy.cli.code).toBe(1);
    const unset = golden("t05-unset", (h) => void delete resourceOf(aws(h), "aws_lb_listener", "https").ssl_policy);
    expect(unset.weakened).toEqual([like({ control: "T-05", severity: "error", after: "(unset: API default ELBSecurityPolicy-2016-08)" })]);
  });

  test("T-05: ELB security policies are ordered by strength", () => {
    const strongestFirst = [
      "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09",
      "ELBSecurityPolicy-TLS13-1-3-2021-06",
      "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
      "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
      "ELBSecurityPolicy-TLS13-1-2-2021-06",
      "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06",
      "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06",
      "ELBSecurityPolicy-TLS-1-2-2017-01",
      "ELBSecurityPolicy-TLS13-1-1-2021-06",
      "ELBSecurityPolicy-TLS-1-1-2017-01",
      "ELBSecurityPolicy-TLS13-1-0-2021-06",
      "ELBSecurityPolicy-2016-08",
    ];
    const ranks = strongestFirst.map(tlsPolicyRank);
    expect([...ranks].sort((a, b) => b - a)).toEqual(ranks);
    expect(new Set(ranks).size).toBe(ranks.length);
    expect(tlsPolicyRank("ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09")).toBeGreaterThanOrEqual(TLS_POLICY_FLOOR);
    expect(tlsPolicyRank("ELBSecurityPolicy-TLS13-1-2-2021-06")).toBeLessThan(TLS_POLICY_FLOOR);
  });

  test("D-02: rds.force_ssl removed from the parameter group is weakened; exit 1", () => {
    const g = golden("d02", (h) => {
      const pg = resourceOf(aws(h), "aws_db_parameter_group", "postgres");
      pg.parameter = (pg.parameter as Body[]).filter((p) => p.name !== "rds.force_ssl");
    });
    expect(g.weakened).toEqual([like({ control: "D-02", attribute: "parameter rds.force_ssl", before: "1", severity: "error" })]);
    expect(g.cli.code).toBe(1);
  });

  test("D-01 / B-03: encryption turned off (RDS storage, S3 SSE removed) is weakened at error level; KMS → AES256 a warning", () => {
    const g = golden("d01", (h) => {
      const db = resourceOf(aws(h), "aws_db_instance", "postgres");
      db.storage_encrypted = false;
      delete db.kms_key_id;
      const sse = asRecord(aws(h).resource).aws_s3_bucket_server_side_encryption_configuration as Record<string, Body>;
      delete sse[Object.keys(sse).find((k) => k.includes("scan-reports"))!];
      const backups = resourceOf(aws(h), "aws_s3_bucket_server_side_encryption_configuration", "backups");
      backups.rule = [{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }];
    });
    expect(g.weakened).toEqual(
      expect.arrayContaining([
        like({ control: "D-01", attribute: "storage_encrypted", severity: "error" }),
        like({ control: "D-01", attribute: "kms_key_id", severity: "warning" }),
        like({ control: "B-03", attribute: "(resource)", after: "removed", severity: "error" }),
        like({ control: "B-03", attribute: "sse_algorithm", before: "aws:kms with a customer key", after: "AES256", severity: "warning" }),
      ]),
    );
    expect(g.diff.removed).toEqual([expect.objectContaining({ address: expect.stringContaining("scan-reports_encryption") })]);
    expect(g.cli.code).toBe(1);
  });

  test("suppression added with a reason: the weakening shows as suppressed with its reason and does not block (exit 0)", () => {
    const reason = "the legacy agent binds port 80 inside the container until release 2.4";
    const g = golden("suppressed", (h) => {
      const worker = resourceOf(docker(h), "docker_service", "_worker_");
      spec(docker(h), "worker").cap_add = ["NET_BIND_SERVICE"];
      worker["//"] = { suppressions: [{ rule: "DKR-003", reason }] };
      // The rule that enforces T-05 (AWS-025) suppresses the T-05 weakening too.
      const listener = resourceOf(aws(h), "aws_lb_listener", "https");
      listener.ssl_policy = "ELBSecurityPolicy-TLS13-1-2-2021-06";
      listener["//"] = { suppressions: [{ rule: "AWS-025", reason: "an old client fleet needs the CBC suites until the March rollout" }] };
    });
    expect(g.weakened).toEqual([
      like({ control: "T-05", severity: "error", suppressed: { rule: "AWS-025", reason: expect.stringContaining("old client fleet") } }),
      like({ control: "C-03", severity: "error", suppressed: { rule: "DKR-003", reason } }),
    ]);
    expect(g.diff.suppressions.filter((s) => s.added)).toHaveLength(2);
    expect(g.cli.code).toBe(0);
    expect(g.cli.output).toContain("### Suppressions added in this change");
    expect(g.cli.output).toContain(reason);
    // A reason that is not a sentence suppresses nothing.
    const short = golden("short-reason", (h) => {
      spec(docker(h), "worker").cap_add = ["NET_BIND_SERVICE"];
      resourceOf(docker(h), "docker_service", "_worker_")["//"] = { suppressions: [{ rule: "DKR-003", reason: "needed" }] };
    });
    expect(short.weakened).toEqual([like({ control: "C-03" })]);
    expect(short.weakened[0].suppressed).toBeUndefined();
    expect(short.cli.code).toBe(1);
    // Nor does padding: 20 characters of spaces are not a sentence (the engine's reasonProblem decides).
    const padded = golden("padded-reason", (h) => {
      spec(docker(h), "worker").cap_add = ["NET_BIND_SERVICE"];
      resourceOf(docker(h), "docker_service", "_worker_")["//"] = { suppressions: [{ rule: "DKR-003", reason: "a                    b" }] };
    });
    expect(padded.weakened[0].suppressed).toBeUndefined();
    expect(padded.cli.code).toBe(1);
  });

  test("an unsuppressible rule's suppression does not silence its control (C-01 root user)", () => {
    const g = golden("root", (h) => {
      spec(docker(h), "api").user = "0:0";
      resourceOf(docker(h), "docker_service", "_api_")["//"] = {
        suppressions: [{ rule: "DKR-001", reason: "the image needs root for its entrypoint script" }],
      };
    });
    expect(g.weakened).toEqual([like({ control: "C-01", after: "0:0", severity: "error" })]);
    expect(g.weakened[0].suppressed).toBeUndefined();
    expect(g.cli.code).toBe(1);
  });

  test.each([
    [
      "C-01",
      "a root user (DKR-001, unsuppressible)",
      (h: Stack[]) => void (spec(docker(h), "api").user = "0:0"),
      "docker_service",
      "_api_",
    ],
    [
      "C-03",
      "SYS_ADMIN added (DKR-020, unsuppressible)",
      (h: Stack[]) => void (spec(docker(h), "api").cap_add = ["SYS_ADMIN"]),
      "docker_service",
      "_api_",
    ],
    [
      "C-05",
      "a privileged ECS container (AWS-004, unsuppressible)",
      (h: Stack[]) => {
        const defs = containersOf(aws(h), "api");
        defs[0].privileged = true;
        setContainers(aws(h), "api", defs);
      },
      "aws_ecs_task_definition",
      "_api_",
    ],
    [
      "C-02",
      "read-only root off (DKR-002 is suppressible, but by its rule id with the rule's reason)",
      (h: Stack[]) => void (spec(docker(h), "api").read_only = false),
      "docker_service",
      "_api_",
    ],
  ])("%s: a catalog-ID suppression does not silence a control a rule enforces: %s", (control, _what, change, type, name) => {
    const g = golden(`catalog-${control}`, (h) => {
      change(h);
      const stack = type === "docker_service" ? docker(h) : aws(h);
      resourceOf(stack, type, name)["//"] = {
        suppressions: [{ rule: control, reason: "the reviewer agreed to this exception for the migration window" }],
      };
    });
    const w = g.weakened.filter((c) => c.control === control);
    expect(w.length).toBeGreaterThan(0);
    for (const c of w) expect(c.suppressed).toBeUndefined();
    expect(g.cli.code).toBe(1);
    expect(g.cli.output).not.toMatch(new RegExp(`\\*\\*${control}\\*\\*[^\\n]*suppressed`));
  });

  test("a catalog-ID suppression still counts for a control no rule of the pack enforces", () => {
    const head = structuredClone(base);
    spec(docker(head), "api").read_only = false;
    resourceOf(docker(head), "docker_service", "_api_")["//"] = {
      suppressions: [{ rule: "C-02", reason: "the reviewer agreed to this exception for the migration window" }],
    };
    const without = RULES.filter((r) => !r.controls.includes("C-02"));
    const w = reviewDiff(base, head, without).changes.filter((c) => c.direction === "weakened" && c.control === "C-02");
    expect(w).toEqual([like({ suppressed: { rule: "C-02", reason: expect.stringContaining("migration window") } })]);
  });

  test("C-12: a service added without a healthcheck is weakened and listed as added; exit 1", () => {
    const g = golden("c12", (h) => {
      const services = asRecord(docker(h).resource).docker_service as Record<string, Body>;
      const copy = structuredClone(services[Object.keys(services).find((k) => k.includes("_worker_"))!]);
      delete (asRecord(asRecord(copy.task_spec).container_spec) as Body).healthcheck;
      copy.labels = [{ label: "service.name", value: "reporter" }];
      services.reporter_service = copy;
    });
    expect(g.diff.added).toEqual([expect.objectContaining({ address: "docker_service.reporter_service", label: "reporter" })]);
    expect(g.weakened).toEqual([like({ label: "reporter", control: "C-12", before: "(new resource)", after: "(unset)" })]);
    expect(g.cli.code).toBe(1);
  });

  test("W-01: removing the WAF association weakens; removing a bucket with its public access block does not", () => {
    const g = golden("w01", (h) => {
      const r = asRecord(aws(h).resource) as Record<string, Record<string, Body>>;
      delete r.aws_wafv2_web_acl_association;
      for (const t of Object.keys(r)) for (const n of Object.keys(r[t])) if (n.includes("scan-reports")) delete r[t][n];
    });
    expect(g.weakened.map((c) => c.control)).toEqual(["W-01"]);
    expect(g.diff.removed.length).toBeGreaterThan(5);
  });

  test("N-05: a new security-group rule opening 5432 to the internet is weakened; unchanged findings are counted", () => {
    const g = golden("n05", (h) => {
      (asRecord(aws(h).resource).aws_vpc_security_group_ingress_rule as Record<string, Body>).db_from_anywhere = {
        security_group_id: "${aws_security_group.x.id}",
        cidr_ipv4: "0.0.0.0/0",
        from_port: 5432,
        to_port: 5432,
        ip_protocol: "tcp",
      };
    });
    expect(g.weakened).toEqual([like({ control: "N-05", item: "tcp:5432", after: "tcp/5432 from 0.0.0.0/0", severity: "error" })]);
    // Any public block is the internet, as AWS-018 judges it; private space is not.
    const rule = (cidr: string) => (h: Stack[]) =>
      void ((asRecord(aws(h).resource).aws_vpc_security_group_ingress_rule as Record<string, Body>).db_from_block = {
        security_group_id: "${aws_security_group.x.id}",
        cidr_ipv4: cidr,
        from_port: 5432,
        to_port: 5432,
        ip_protocol: "tcp",
        description: "db clients",
      });
    const publicBlock = golden("n05-public-block", rule("8.0.0.0/8"));
    expect(publicBlock.weakened).toEqual([like({ control: "N-05", after: "tcp/5432 from 8.0.0.0/8", severity: "error" })]);
    expect(publicBlock.diff.findings.new).toEqual([expect.objectContaining({ ruleId: "AWS-018" })]);
    const privateBlock = golden("n05-private-block", rule("10.20.0.0/16"));
    expect(privateBlock.weakened.map((c) => c.control)).not.toContain("N-05");
    expect(privateBlock.diff.findings.new).toEqual([]);
    const withFinding = structuredClone(base);
    spec(docker(withFinding), "api").read_only = false;
    const both = structuredClone(withFinding);
    spec(docker(both), "dashboard").read_only = false;
    expect(reviewDiff(withFinding, both).findings).toEqual({
      new: [expect.objectContaining({ ruleId: "DKR-002" })],
      fixed: [],
      unchanged: baseFindings + 1,
    });
  });

  test("identical base and head: an empty diff and exit 0", () => {
    const diff = reviewDiff(base, structuredClone(base));
    expect(diff).toEqual({
      changes: [],
      added: [],
      removed: [],
      otherChanged: [],
      findings: { new: [], fixed: [], unchanged: baseFindings },
      // The default stacks' own suppressions (the SSE-S3 log buckets), listed with their reasons, none added.
      suppressions: expect.arrayContaining([
        expect.objectContaining({ rule: "AWS-044", added: false, reason: expect.stringMatching(/SSE-S3/) }),
      ]),
    });
    expect(diff.suppressions.every((s) => !s.added)).toBe(true);
    const cli = runReview(["--base", baseDir, "--head", baseDir]);
    expect(cli.code).toBe(0);
    expect(cli.output).toContain("No change to any synthesized resource.");
    expect(JSON.parse(runReview(["--base", baseDir, "--head", baseDir, "--format", "json"]).output).summary).toMatchObject({
      blocking: false,
      weakened: { total: 0 },
    });
  });

  test("two single files are compared as one stack, whatever their names", () => {
    const head = structuredClone(base);
    spec(docker(head), "api").read_only = false;
    const b = join(dir, "base.tf.json");
    const h = join(dir, "head.tf.json");
    writeFileSync(b, JSON.stringify(docker(base)));
    writeFileSync(h, JSON.stringify(docker(head)));
    const r = runReview(["--base", b, "--head", h, "--format", "json"]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.output).changes).toEqual([like({ control: "C-02", stack: "head" })]);
  });
});

describe("malformed container definitions: read what can be read, never a stack trace", () => {
  test("C-01 null entries in environment, secrets, capabilities and the list itself are skipped; the rest is still compared", () => {
    const g = golden("cd-nulls", (h) => {
      const defs = containersOf(aws(h), "api");
      defs[0].environment = [null, 7, { name: "LOG_LEVEL", value: "info" }];
      defs[0].secrets = null as unknown as Body[];
      defs[0].linuxParameters = { capabilities: { drop: ["ALL"], add: [null] } };
      defs[0].user = "0";
      setContainers(aws(h), "api", [...defs, null as unknown as Body, "x" as unknown as Body]);
    });
    expect(g.weakened).toEqual(expect.arrayContaining([like({ stack: "aws", control: "C-01", severity: "error" })]));
    expect(g.cli.code).toBe(1);
  });

  test("C-05 container_definitions given as a JSON array (not a string) is read like the string", () => {
    const g = golden("cd-array", (h) => {
      const defs = containersOf(aws(h), "api");
      defs[0].privileged = true;
      resourceOf(aws(h), "aws_ecs_task_definition", "_api_").container_definitions = defs;
    });
    expect(g.weakened).toEqual([like({ stack: "aws", control: "C-05", severity: "error" })]);
    expect(g.diff.findings.new.map((f) => f.ruleId)).toContain("AWS-004");
  });
});

describe("bad input: exit 2 with what to do", () => {
  test.each([
    [["--base", "/nonexistent", "--head", "/nonexistent"], /no such file/],
    [["--base", "BASE"], /--base and --head go together/],
    [[], /usage/],
    [["--base", "BASE", "--head", "BASE", "--format", "sarif"], /unknown --format/],
    [["--base", "BASE", "--head", "BASE", "--verbose"], /unknown option --verbose/],
    [["--base", "BASE", "--head", "BASE", "--out"], /--out needs a value/],
    [["--base", "BASE", "--head", "BASE", "--max-chars", "10"], /--max-chars/],
    [["--base", "BASE", "--head", "NOTTF"], /not Terraform JSON/],
    [["--plan", "BADJSON"], /not valid JSON.*terraform show -json/],
    [["--plan", "NOTTF"], /not a Terraform plan/],
    [["--plan", "/nonexistent/plan.json"], /no such file/],
    [["--plan", "EMPTY"], /the file is empty/],
    [["--base", "EMPTY", "--head", "BASE"], /the file is empty/],
    [["--base", "BASE", "--head", "BASE", "--out", "/nonexistent/dir/r.md"], /cannot write/],
  ])("%j", (args, message) => {
    const files: Record<string, string> = {
      BASE: baseDir,
      NOTTF: join(dir, "pkg.json"),
      BADJSON: join(dir, "bad.json"),
      EMPTY: join(dir, "empty.json"),
    };
    writeFileSync(files.NOTTF, '{"name":"x"}');
    writeFileSync(files.EMPTY, "");
    writeFileSync(files.BADJSON, "{oops");
    const r = runReview(args.map((a) => files[a] ?? a));
    expect(r).toEqual({ code: 2, output: expect.stringMatching(message) });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Plan JSON (terraform show -json) with sensitive values

const SECRETS = {
  dbPassword: "Tr0ub4dor&3-horse-battery",
  dbPasswordNew: "c0rrect-h0rse-b4ttery-staple",
  randomResult: "q9X2vLmN7pR4sT8wY1zA",
  variable: "var-secret-Kd93jfLq0Zx",
  output: "output-token-8Hd7sKq2Lm",
  prior: "prior-state-pw-Jq83kdLs",
  privateKey: "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n",
  unmarkedToken: "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
  unmarkedUrl: "postgresql://app:Hunter2Hunter2@db.internal:5432/app",
  entropic: "Zk3$9vQ!xP7@mL2#wR5^",
};

export const PLAN = {
  format_version: "1.2",
  terraform_version: "1.11.4",
  variables: { db_password: { value: SECRETS.variable }, region: { value: "eu-west-1" } },
  configuration: { root_module: { variables: { db_password: { sensitive: true }, region: {} } } },
  prior_state: {
    values: {
      root_module: {
        resources: [{ address: "random_password.db", values: { result: SECRETS.prior, length: 24 }, sensitive_values: { result: true } }],
      },
    },
  },
  resource_changes: [
    {
      address: "aws_db_instance.main",
      mode: "managed",
      type: "aws_db_instance",
      name: "main",
      change: {
        actions: ["delete", "create"],
        before: { identifier: "app", password: SECRETS.dbPassword, storage_encrypted: false, instance_class: "db.t4g.small" },
        after: { identifier: "app", password: SECRETS.dbPasswordNew, storage_encrypted: true, instance_class: "db.t4g.medium" },
        after_unknown: { id: true },
        before_sensitive: { password: true },
        after_sensitive: { password: true },
        replace_paths: [["storage_encrypted"]],
      },
    },
    {
      address: "random_password.db",
      mode: "managed",
      type: "random_password",
      name: "db",
      change: {
        actions: ["create"],
        before: null,
        after: { length: 24, result: SECRETS.randomResult },
        after_unknown: {},
        before_sensitive: false,
        after_sensitive: { result: true },
      },
    },
    {
      address: "aws_ecs_task_definition.api",
      mode: "managed",
      type: "aws_ecs_task_definition",
      name: "api",
      change: {
        actions: ["update"],
        before: { family: "api", cpu: "256", tags: { token: "old" }, container_definitions: "[]" },
        after: {
          family: "api",
          cpu: "512",
          tags: { note: SECRETS.unmarkedToken, dsn: SECRETS.unmarkedUrl, salt: SECRETS.entropic },
          container_definitions: JSON.stringify([{ name: "api", environment: [{ name: "DB_PASSWORD", value: SECRETS.dbPassword }] }]),
        },
        after_unknown: {},
        before_sensitive: {},
        after_sensitive: {},
      },
    },
    {
      address: "tls_private_key.ca",
      mode: "managed",
      type: "tls_private_key",
      name: "ca",
      change: {
        actions: ["update"],
        before: { algorithm: "ECDSA", private_key_pem: "old" },
        after: { algorithm: "RSA", private_key_pem: SECRETS.privateKey },
        after_unknown: {},
        before_sensitive: {},
        after_sensitive: {},
      },
    },
    {
      address: "aws_s3_bucket.old",
      mode: "managed",
      type: "aws_s3_bucket",
      name: "old",
      change: { actions: ["delete"], before: { bucket: "old" }, after: null, before_sensitive: {}, after_sensitive: false },
    },
    {
      address: "aws_cloudwatch_log_group.x",
      mode: "managed",
      type: "aws_cloudwatch_log_group",
      name: "x",
      change: { actions: ["no-op"], before: {}, after: {} },
    },
  ],
  output_changes: {
    api_token: {
      actions: ["create"],
      before: null,
      after: SECRETS.output,
      after_unknown: false,
      before_sensitive: false,
      after_sensitive: true,
    },
  },
};

describe("plan summary: counts, stateful changes first, nothing sensitive printed", () => {
  let planFile: string;
  beforeAll(() => {
    planFile = join(dir, "plan.json");
    writeFileSync(planFile, JSON.stringify(PLAN));
  });

  test("counts and stateful replacements first", () => {
    const p = summarizePlan(PLAN as unknown as Record<string, unknown>, new Redactor());
    expect(p.counts).toEqual({ create: 1, update: 2, replace: 1, destroy: 1, read: 0, "no-op": 1 });
    expect(p.stateful.map((c) => [c.action, c.address])).toEqual([
      ["destroy", "aws_s3_bucket.old"],
      ["replace", "aws_db_instance.main"],
    ]);
    expect(p.stateful[1].replaceBecause).toEqual(["storage_encrypted"]);
    const md = renderMarkdown({ plan: p });
    expect(md.indexOf("Stateful resources replaced or destroyed")).toBeLessThan(md.indexOf("All 5 planned change(s)"));
    expect(md).toContain("**1** to create, **2** to update, **1** to replace, **1** to destroy");
    expect(md).toContain('`instance_class`: "db.t4g.small" → "db.t4g.medium"');
    expect(md).toContain("`password`: (sensitive) → (sensitive)");
  });

  test("no sensitive or secret-looking value appears in any format or in the --out summary line", () => {
    const head = structuredClone(base);
    spec(docker(head), "api").read_only = false;
    const headDir = writeOut("plan-head", head);
    const outputs: string[] = [];
    for (const format of ["markdown", "json"]) {
      const r = runReview(["--base", baseDir, "--head", headDir, "--plan", planFile, "--format", format]);
      expect(r.code).toBe(1);
      outputs.push(r.output);
      const out = join(dir, `review.${format}`);
      const w = runReview(["--plan", planFile, "--format", format, "--out", out]);
      expect(w.code).toBe(0);
      outputs.push(w.output, readFileSync(out, "utf8"));
    }
    expect(JSON.parse(outputs[3]).plan.counts.replace).toBe(1);
    const all = outputs.join("\n");
    for (const [name, secret] of Object.entries(SECRETS)) {
      for (const piece of secret.split("\n").filter((x) => x.length >= 8))
        expect({ name, leaked: all.includes(piece) }).toEqual({ name, leaked: false });
    }
    expect(all).toContain("(sensitive)");
    expect(all).toContain("(masked: looks like a secret)");
  });
});

describe("masking heuristics", () => {
  test("names, token shapes and entropy", () => {
    expect(looksSecret("password", "x")).toBe(true);
    expect(looksSecret("master_user_secret_kms_key_id", "arn:aws:kms:eu-west-1:1:key/abc")).toBe(false);
    expect(looksSecret("description", "-----BEGIN RSA PRIVATE KEY-----")).toBe(true);
    expect(highEntropy("aB3$kL9!pQ2@xZ7#")).toBe(true);
    expect(highEntropy("ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09")).toBe(false);
    expect(highEntropy("arn:aws:iam::123456789012:role/secagents-dev-api-task")).toBe(false);
  });

  const pem = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEI\n-----END EC PRIVATE KEY-----\n";
  test("S-01 one detector: secret names anywhere in the name, secret shapes under any name, secrets on command lines", () => {
    const secrets: [string, string][] = [
      ["SECRET_KEY", "django-insecure-x9$kq2!vz7@m"],
      ["AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"],
      ["SIGNER", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"],
      ["DATABASE_URL", "postgresql://app:hunter2xyz@db/app"],
      ["TLS_KEY_PEM", pem],
      ["KEY_B64", Buffer.from(pem).toString("base64")],
      ["NOTIFY", "xoxb-1234567890-abcdefghij"],
      ["DATABASE_PASSWORD", "/notapath-hunter2"],
      ["APP_SEED", "/x8KqZ3vLmN0pQ7rS2tU5wY9aB4cD6eF"],
      ["DB_PASSWORD_DOLLAR", "$ecretPassw0rd"],
      ["DATABASE_URL", "postgresql://db/app?user=app&password=hunter2xyz"],
      ["MASTER_KEY", "abc"],
      ["AUTH_HEADER", "Bearer abcdefghijklmnop1234"],
      ["APP_CONFIG_JSON", '{"password":"hunter2xyz"}'],
    ];
    expect(secrets.filter(([name, value]) => !looksSecret(name, value))).toEqual([]);
    const commandLines = [
      ["--db-password", "hunter2-S3cr3t!"],
      ["--db-password=hunter2-S3cr3t!"],
      ["CMD-SHELL", "PGPASSWORD=hunter2xyz pg_isready -h db"],
      ["psql", "postgresql://app:hunter2xyz@db/app"],
      ["redis-cli", "-a", "hunter2", "ping"],
      ["CMD-SHELL", "mysqladmin ping -phunter2"],
      ["curl", "--user", "admin:hunter2", "http://x"],
      ["wget", "--password=hunter2", "http://x"],
    ];
    expect(commandLines.filter((c) => !secretOnCommandLine(c))).toEqual([]);
  });

  test("S-01 no false positives: flags, numbers, empty values, file paths, run-time reads, URLs without a password", () => {
    const harmless: [string, string][] = [
      ["SECURE_COOKIES", "true"],
      ["GF_SECURITY_COOKIE_SECURE", "true"],
      ["REDIS_AUTH", "false"],
      ["TOKEN_TTL", "3600"],
      ["API_TOKEN", ""],
      ["DB_PASSWORD_FILE", "/run/secrets/db"],
      ["DB_PASSWORD", "/run/secrets/db"],
      ["DATABASE_URL", "postgresql://security_app@postgres:5432/x?sslrootcert=/run/secrets/tls_ca"],
      ["GIT_SHA", "3f2a9c0e4b1d7a6f8e5c2b9a0d1e3f4a5b6c7d8e"],
      ["APP_HOME", "/usr/local/share/app"],
      ["DB_PASSWORD", "$(cat /run/secrets/db)"],
      ["PUBLIC_KEY", "ssh-ed25519 AAAA"],
      ["ENCRYPTION_KEY_ID", "k1"],
      ["APP_CONFIG_JSON", '{"password_file":"/run/secrets/db","timeout":3}'],
    ];
    expect(harmless.filter(([name, value]) => looksSecret(name, value))).toEqual([]);
    const commandLines = [
      ["--password-file", "/run/secrets/db"],
      ["CMD-SHELL", 'REDISCLI_AUTH="$(cat /run/secrets/redis_password)" redis-cli ping'],
      ["--web.config.file=/etc/prometheus/web.yml", "--auth-host=scram-sha-256"],
      ["CMD-SHELL", 'redis-cli -a "$REDIS_PASSWORD" ping'],
      ["curl", "-u", "admin", "http://x"],
    ];
    expect(commandLines.filter((c) => secretOnCommandLine(c))).toEqual([]);
  });
});

describe("the comment fits one pull-request comment", () => {
  test("a huge change is cut below GitHub's limit, with a note and balanced <details>", () => {
    const head = structuredClone(base);
    const services = asRecord(docker(head).resource).docker_service as Record<string, Body>;
    const template = services[Object.keys(services)[0]];
    for (let i = 0; i < 1500; i++)
      services[`extra_${i}_service`] = { ...structuredClone(template), labels: [{ label: "service.name", value: `extra-${i}` }] };
    const md = renderMarkdown({ diff: reviewDiff(base, head) });
    expect(md.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(md).toContain("**Truncated:**");
    expect((md.match(/<details>/g) ?? []).length).toBe((md.match(/<\/details>/g) ?? []).length);
    expect(md.startsWith("<!-- secure-agents-review -->\n## Security review of this change")).toBe(true);
    expect(md).toMatch(/cut to GitHub's 65,536-character comment limit/);

    const short = renderMarkdown({ diff: reviewDiff(base, head) }, 1500);
    expect(short.length).toBeLessThanOrEqual(1500);
    expect(short).toMatch(/cut to the 1,500-character limit set by --max-chars/);
    expect(short).not.toMatch(/GitHub's/);
  });
});

test("docs/review-example.md is current (run `npm run docs`)", () => {
  expect(readFileSync(join(__dirname, "../../docs/review-example.md"), "utf8")).toBe(renderExample());
});
