/**
 * The AWS stack under the real Terraform binary, offline: providers from the machine's filesystem mirror
 * (hashicorp/aws 5.100.0), the provider in test mode (selected by config, never by editing code), dummy keys from
 * the environment. `init`, `validate`, `plan` (with the expected resource count) and `terraform test` with a
 * mocked provider (__tests__/integration/terraform/aws.tftest.hcl), which must also fail on a weakened control.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { main } from "../../main";
import { describeWith, removeDir, tempDir } from "./helpers";

const AWS_PROVIDER = "registry.terraform.io/hashicorp/aws/5.100.0";
/** Where the machine keeps its provider mirror (TF_PROVIDER_MIRROR overrides). */
function mirror(): string | undefined {
  const candidates = [
    process.env.TF_PROVIDER_MIRROR,
    "/opt/tf-plugins",
    "/usr/share/terraform/plugins",
    `${process.env.HOME}/.terraform.d/plugins`,
  ];
  return candidates.find((d): d is string => !!d && existsSync(join(d, AWS_PROVIDER)));
}

const MIRROR = mirror();
if (!MIRROR && process.env.CI) throw new Error(`no filesystem mirror holding ${AWS_PROVIDER}: set TF_PROVIDER_MIRROR`);

describeWith({ terraform: "terraform 1.11 (HashiCorp's release; not a Debian package)" }, "AWS stack under real Terraform, offline", () => {
  let work: string;
  let stack: string;
  let env: NodeJS.ProcessEnv;
  const tf = (args: string[], cwd = stack) => {
    const r = spawnSync("terraform", [...args, "-no-color"], { cwd, env, encoding: "utf8", timeout: 180_000 });
    return { code: r.status, out: `${r.stdout}\n${r.stderr}` };
  };

  beforeAll(() => {
    if (!MIRROR) throw new Error(`no filesystem mirror holding ${AWS_PROVIDER}: set TF_PROVIDER_MIRROR`);
    work = tempDir("tf-aws");
    writeFileSync(join(work, "test-mode.json"), JSON.stringify({ aws: { testMode: true } }));
    writeFileSync(
      join(work, "cli.tfrc"),
      `provider_installation {\n  filesystem_mirror {\n    path    = "${MIRROR}"\n    include = ["registry.terraform.io/hashicorp/aws"]\n  }\n}\n`,
    );
    const code = main([], { ...process.env, CDKTF_OUTDIR: join(work, "cdktf.out"), INFRA_CONFIG: join(work, "test-mode.json") });
    expect(code).toBe(0);
    stack = join(work, "cdktf.out/stacks/aws");
    env = {
      PATH: process.env.PATH,
      HOME: work,
      TF_CLI_CONFIG_FILE: join(work, "cli.tfrc"),
      TF_IN_AUTOMATION: "1",
      CHECKPOINT_DISABLE: "1",
      // Dummy credentials: test mode never sends them anywhere (no credential or account look-up, no data source).
      AWS_ACCESS_KEY_ID: "AKIAOFFLINEPLAN00000",
      AWS_SECRET_ACCESS_KEY: "offline-plan-dummy-secret",
      AWS_EC2_METADATA_DISABLED: "true",
    };
  });
  afterAll(() => work && removeDir(work));

  test("terraform init and validate pass on the aws and aws-state stacks (providers from the mirror)", () => {
    for (const s of [stack, join(work, "cdktf.out/stacks/aws-state")]) {
      const init = tf(["init", "-input=false"], s);
      expect(init.out).toContain("hashicorp/aws v5.100.0");
      expect(init.code).toBe(0);
      const v = tf(["validate"], s);
      expect(v.out).toContain("The configuration is valid");
    }
  });

  test("terraform plan creates every synthesized resource, and the plan shows no sensitive value", () => {
    const json = JSON.parse(readFileSync(join(stack, "cdk.tf.json"), "utf8"));
    const expected = Object.values(json.resource as Record<string, object>).reduce((n, byName) => n + Object.keys(byName).length, 0);
    const plan = tf(["plan", "-input=false", "-out=plan.bin"]);
    expect(plan.code).toBe(0);
    expect(plan.out).toContain(`Plan: ${expected} to add, 0 to change, 0 to destroy.`);
    const show = spawnSync("terraform", ["show", "-json", "plan.bin"], { cwd: stack, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    const changes = (JSON.parse(show.stdout).resource_changes as { change: { actions: string[] } }[]).filter((c) =>
      c.change.actions.includes("create"),
    );
    expect(changes).toHaveLength(expected);
    // S-04: the stack holds no secret value at all (RDS manages its password, the JWT secret is put by the operator).
    expect(show.stdout).not.toMatch(/"(password|secret_string|auth_token)"\s*:\s*"[^"]/);
    console.log(`terraform plan (aws stack, offline): ${expected} resources to add`);
  });

  test("terraform test with a mocked provider asserts the hardening values (T-05 D-02 R-02 S-05 C-02 N-08 B-01 …)", () => {
    copyFileSync(join(__dirname, "terraform/aws.tftest.hcl"), join(stack, "aws.tftest.hcl"));
    const r = tf(["test"]);
    expect(r.out).toContain("1 passed, 0 failed");
  });

  test("terraform test fails when the ALB TLS policy is downgraded (T-05), so its assertions can fail", () => {
    const file = join(stack, "cdk.tf.json");
    const original = readFileSync(file, "utf8");
    try {
      writeFileSync(file, original.replace(/ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09/g, "ELBSecurityPolicy-2016-08"));
      copyFileSync(join(__dirname, "terraform/aws.tftest.hcl"), join(stack, "aws.tftest.hcl"));
      const r = tf(["test"]);
      expect(r.code).not.toBe(0);
      expect(r.out).toContain("T-05: the HTTPS listener must use the current TLS 1.3 policy");
    } finally {
      writeFileSync(file, original);
    }
  });
});
