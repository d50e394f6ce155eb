/**
 * Mutation check for the control tests: removes one control at a time from the construct sources (in a scratch
 * copy of the repo) and runs the control tests; each mutation must make at least one test with its catalog ID fail.
 * Run: npx tsx scripts/mutate-controls.ts  (about 2 s per mutation)
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

interface Mutation {
  control: string;
  file: string;
  from: string;
  to: string;
  /** The control test file that must catch it. Default: the Docker stack's. */
  test?: string;
}

const HS = "constructs/docker/hardened-service.ts";
const MUTATIONS: Mutation[] = [
  { control: "C-01", file: HS, from: "user: p.user,", to: "" },
  { control: "C-02", file: HS, from: "readOnly: true,", to: "readOnly: false," },
  { control: "C-03", file: HS, from: 'capDrop: ["ALL"],', to: "" },
  { control: "C-04", file: "constructs/render/daemon-json.ts", from: '"no-new-privileges": true,', to: "" },
  { control: "C-09", file: HS, from: "memoryBytes: p.memoryMb * MIB", to: "memoryBytes: undefined" },
  { control: "C-10", file: HS, from: "limits: { nanoCpus: Math.round(p.cpus * 1e9),", to: "limits: {" },
  { control: "C-12", file: HS, from: "healthcheck: { ...p.healthcheck },", to: "" },
  { control: "C-13", file: HS, from: 'condition: "on-failure"', to: 'condition: "any"' },
  {
    control: "C-14",
    file: HS,
    from: 'logDriver: { name: "local", options: { "max-size": p.logs.maxSize, "max-file": String(p.logs.maxFile) } },',
    to: "",
  },
  { control: "C-15", file: HS, from: "tmpfsOptions: { sizeBytes: t.sizeMb * MIB, mode: t.mode }", to: "tmpfsOptions: { mode: t.mode }" },
  { control: "C-16", file: "constructs/model/system.ts", from: 'TRIVY_IMAGE_SRC: "remote",', to: 'TRIVY_IMAGE_SRC: "docker",' },
  {
    control: "C-19",
    file: "constructs/docker/system.ts",
    from: "{ target: nginxPorts.http, published: config.publishedPorts.http },",
    to: "{ target: nginxPorts.http, published: config.publishedPorts.http }, { target: 9000, published: 9000 },",
  },
  { control: "N-02", file: "constructs/docker/system.ts", from: "internal: isInternal(n),", to: "internal: false," },
  { control: "C-17", file: HS, from: 'type: "volume", source: v.source', to: 'type: "bind", source: v.source' },
  {
    control: "C-20",
    file: "constructs/docker/system.ts",
    from: "image: settings.image,",
    to: 'image: settings.image.replace(/:[^:/]+$/, ":latest"),',
  },
  { control: "N-01", file: "constructs/docker/segmented-network.ts", from: 'driver: "overlay",', to: 'driver: "bridge",' },
  {
    control: "N-03",
    file: "constructs/docker/system.ts",
    from: "networks: networksOf(name).map(",
    to: "networks: [...NETWORK_NAMES].map(",
  },
  { control: "D-05", file: "constructs/docker/data-volume.ts", from: "lifecycle: { preventDestroy: p.protect },", to: "" },
  { control: "S-01", file: HS, from: "fileMode: s.private ? 0o400 : 0o444,", to: "fileMode: 0o444," },
  ...awsMutations(),
];

/** The AWS constructs: one removal per control family, caught by __tests__/stacks/aws-controls.test.ts. */
function awsMutations(): Mutation[] {
  const FS = "constructs/aws/fargate-service.ts";
  const test = "__tests__/stacks/aws-controls.test.ts";
  return [
    { control: "C-01", file: FS, from: "user: p.user,", to: "" },
    { control: "C-02", file: FS, from: "readonlyRootFilesystem: true,", to: "readonlyRootFilesystem: false," },
    { control: "C-03", file: FS, from: 'capabilities: { drop: ["ALL"], add: [] }', to: "capabilities: { drop: [], add: [] }" },
    { control: "C-12", file: FS, from: "healthCheck: { command: p.healthcheck,", to: "healthCheck: { command: [] as string[]," },
    { control: "N-10", file: FS, from: "assignPublicIp: false", to: "assignPublicIp: true" },
    { control: "L-04", file: FS, from: "enableExecuteCommand: false,", to: "enableExecuteCommand: true," },
    {
      control: "N-02",
      file: "constructs/aws/network.ts",
      from: "routeTableIds: [tables.private.id]",
      to: "routeTableIds: [tables.private.id, tables.isolated.id]",
    },
    { control: "N-08", file: "constructs/aws/network.ts", from: "ingress: [], egress: [],", to: "" },
    { control: "T-05", file: "constructs/aws/edge.ts", from: "sslPolicy: ALB_TLS_POLICIES[props.tlsProfile],", to: "" },
    { control: "T-06", file: "constructs/aws/edge.ts", from: "dropInvalidHeaderFields: true,", to: "" },
    { control: "D-02", file: "constructs/aws/database.ts", from: 'param("rds.force_ssl", "1", "pending-reboot"),', to: "" },
    { control: "D-03", file: "constructs/aws/database.ts", from: "publiclyAccessible: false,", to: "publiclyAccessible: true," },
    {
      control: "R-02",
      file: "constructs/aws/cache.ts",
      from: 'transitEncryptionMode: "required",',
      to: 'transitEncryptionMode: "preferred",',
    },
    { control: "S-05", file: "constructs/aws/keys.ts", from: "enableKeyRotation: true,", to: "" },
    {
      control: "B-04",
      file: "constructs/aws/secure-bucket.ts",
      from: '"aws:SecureTransport": "false"',
      to: '"aws:SecureTransport": "true"',
    },
    { control: "W-02", file: "policies/rules/aws/waf.ts", from: '"AWSManagedRulesKnownBadInputsRuleSet",', to: "" },
  ].map((m) => ({ ...m, test }));
}

const root = join(__dirname, "..");
const work = mkdtempSync(join(tmpdir(), "mutate-"));
let failed = 0;
try {
  for (const dir of ["config", "constructs", "policies", "stacks", "__tests__"])
    cpSync(join(root, dir), join(work, dir), { recursive: true });
  for (const f of ["main.ts", "package.json", "tsconfig.json", "jest.config.js", "cdktf.json"]) cpSync(join(root, f), join(work, f));
  symlinkSync(join(root, "node_modules"), join(work, "node_modules"));
  for (const m of MUTATIONS) {
    const path = join(work, m.file);
    const original = readFileSync(path, "utf8");
    if (!original.includes(m.from)) throw new Error(`${m.control}: "${m.from}" not found in ${m.file}; update the mutation`);
    writeFileSync(path, original.replace(m.from, m.to));
    let output = "";
    try {
      execFileSync(join(root, "node_modules/.bin/jest"), ["--ci", m.test ?? "__tests__/stacks/docker-controls.test.ts", "-t", m.control], {
        cwd: work,
        stdio: "pipe",
      });
    } catch (e) {
      output = String((e as { stdout?: Buffer }).stdout ?? "") + String((e as { stderr?: Buffer }).stderr ?? "");
    }
    // Caught when a test named with the control's catalog ID fails on its own assertion.
    const caught = new RegExp(`✕ [^\\n]*\\b${m.control}\\b`).test(output);
    console.log(`${caught ? "caught " : "MISSED "} ${m.control}  ${m.file}: ${m.from}`);
    if (!caught) failed++;
    writeFileSync(path, original);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(`${MUTATIONS.length - failed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
