/**
 * Reuse: a consumer stack that imports only "secure-agents-infra/constructs" and "/policies" (package.json
 * exports, resolved by Node's self-reference) type-checks against the built declarations and synthesizes.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(__dirname, "..");
const fixture = join(__dirname, "fixtures", "consumer");
const bin = (name: string) => join(root, "node_modules", ".bin", name);

test("a consumer stack compiles and synthesizes through the public entry points only", () => {
  execFileSync(bin("tsc"), ["-p", join(root, "tsconfig.build.json")], { cwd: root, stdio: "pipe" });
  const source = readFileSync(join(fixture, "consumer.ts"), "utf8");
  expect(source).not.toMatch(/from "\.\.?\//);
  expect(source).not.toMatch(/secure-agents-infra\/(dist|constructs\/|policies\/)/);

  execFileSync(bin("tsc"), ["-p", join(fixture, "tsconfig.json")], { cwd: fixture, stdio: "pipe" });
  const out = mkdtempSync(join(tmpdir(), "consumer-"));
  try {
    execFileSync(bin("tsx"), [join(fixture, "consumer.ts"), out], { cwd: fixture, stdio: "pipe" });
    const json = JSON.parse(readFileSync(join(out, "stacks", "reports", "cdk.tf.json"), "utf8"));
    const [svc] = Object.values(json.resource.docker_service) as { name: string; task_spec: { container_spec: Record<string, unknown> } }[];
    expect(svc.name).toBe("acme-dev-reporter");
    expect(svc.task_spec.container_spec).toMatchObject({ user: "20001:20001", read_only: true, cap_drop: ["ALL"] });
    expect(readFileSync(join(out, "stacks", "reports", "daemon.json"), "utf8")).toContain('"no-new-privileges": true');
    expect(Object.values(json.resource.docker_network)).toEqual([expect.objectContaining({ internal: true, driver: "overlay" })]);
    const archive = JSON.parse(readFileSync(join(out, "stacks", "archive", "cdk.tf.json"), "utf8"));
    const [policy] = Object.values(archive.resource.aws_s3_bucket_policy) as { policy: string }[];
    expect(JSON.parse(policy.policy).Statement[0]).toMatchObject({
      Effect: "Deny",
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
    expect(Object.values(archive.resource.aws_kms_key)).toEqual([expect.objectContaining({ enable_key_rotation: true })]);
    expect(Object.values(archive.resource.aws_s3_bucket_logging)).toHaveLength(1);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
