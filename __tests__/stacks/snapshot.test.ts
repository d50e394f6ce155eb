/**
 * Change detectors, not control proofs (those are in docker-controls.test.ts): a snapshot of each stack's JSON,
 * and guards for the test-helper traps of cases B12 and B13.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Testing } from "cdktf";
import { awsStack, dockerStack } from "../helpers/synth";

test("docker stack snapshot", () => {
  const json = Testing.synth(dockerStack(), true);
  expect(json).not.toContain(process.cwd()); // no machine-specific absolute paths
  expect(JSON.parse(json)).toMatchSnapshot();
});

test("aws stack snapshot", () => {
  const json = Testing.synth(awsStack(), true);
  expect(json).not.toContain(process.cwd());
  expect(JSON.parse(json)).toMatchSnapshot();
});

test("B13 the stack's backend is local, with a relative path: validity tests never reach a remote backend", () => {
  const json = JSON.parse(Testing.synth(dockerStack()));
  expect(Object.keys(json.terraform.backend)).toEqual(["local"]);
  expect(json.terraform.backend.local.path).toBe("../../../terraform.docker.tfstate");
});

test("B12 no spec passes Testing.synth output to the directory matchers (toBeValidTerraform / toPlanSuccessfully)", () => {
  const misuse = /expect\(\s*Testing\.synth\([^;]*?\)\s*\)\s*\.(toBeValidTerraform|toPlanSuccessfully)/;
  const offenders: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".test.ts") && p !== __filename && misuse.test(readFileSync(p, "utf8"))) offenders.push(p);
    }
  };
  walk(join(__dirname, ".."));
  expect(offenders).toEqual([]);
  // The guard itself catches the mistake.
  expect(misuse.test("expect(Testing.synth(stack)).toBeValidTerraform();")).toBe(true);
  expect(misuse.test("expect(Testing.fullSynth(stack)).toBeValidTerraform();")).toBe(false);
});
