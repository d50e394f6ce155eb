/** Project wiring that other tools rely on: pinned versions and the provider versions cdktf.json names. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { defaultDoc } from "./helpers/synth";

const root = join(__dirname, "..");
const read = (f: string) => JSON.parse(readFileSync(join(root, f), "utf8"));

test("cdktf.json names the exact provider versions the synthesized stack requires", () => {
  const declared = read("cdktf.json").context.providerVersions as Record<string, string>;
  const required = (defaultDoc().terraform as { required_providers: Record<string, { source: string; version: string }> })
    .required_providers;
  expect(Object.fromEntries(Object.values(required).map((p) => [p.source, p.version]))).toEqual(declared);
});

test("the pinned stack of the developers' guide, with exact versions", () => {
  const pkg = read("package.json");
  const all = { ...pkg.dependencies, ...pkg.devDependencies } as Record<string, string>;
  expect(all).toMatchObject({
    cdktf: "0.21.0",
    "cdktf-cli": "0.21.0",
    "@cdktf/provider-docker": "12.0.3",
    typescript: expect.stringMatching(/^5\.9\./),
  });
  for (const [name, version] of Object.entries(all)) expect(`${name}@${version}`).toMatch(/@\d+\.\d+\.\d+$/);
});
