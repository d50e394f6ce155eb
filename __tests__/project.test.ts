/** Project wiring that other tools rely on: pinned versions and the provider versions cdktf.json names. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { defaultAwsDoc, defaultDoc } from "./helpers/synth";

const root = join(__dirname, "..");
const read = (f: string) => JSON.parse(readFileSync(join(root, f), "utf8"));

test("cdktf.json names the exact provider versions the synthesized stacks require", () => {
  const declared = read("cdktf.json").context.providerVersions as Record<string, string>;
  const required = [defaultDoc(), defaultAwsDoc()].flatMap((d) =>
    Object.values((d.terraform as { required_providers: Record<string, { source: string; version: string }> }).required_providers),
  );
  // A bare source ("aws") is Terraform's shorthand for hashicorp/<name>.
  expect(Object.fromEntries(required.map((p) => [p.source.includes("/") ? p.source : `hashicorp/${p.source}`, p.version]))).toEqual(
    declared,
  );
  expect(declared["hashicorp/aws"]).toBe("5.100.0"); // the version the machine's provider mirror holds
});

test("the pinned stack of the developers' guide, with exact versions", () => {
  const pkg = read("package.json");
  const all = { ...pkg.dependencies, ...pkg.devDependencies } as Record<string, string>;
  expect(all).toMatchObject({
    cdktf: "0.21.0",
    "cdktf-cli": "0.21.0",
    "@cdktf/provider-docker": "12.0.3",
    "@cdktf/provider-aws": "20.1.0",
    typescript: expect.stringMatching(/^5\.9\./),
  });
  for (const [name, version] of Object.entries(all)) expect(`${name}@${version}`).toMatch(/@\d+\.\d+\.\d+$/);
});

describe("README figures match what the defaults synthesize", () => {
  const readme = readFileSync(join(root, "README.md"), "utf8");

  test("the AWS stack's resource count", () => {
    const count = Object.values(defaultAwsDoc().resource).reduce((n, byName) => n + Object.keys(byName).length, 0);
    expect(readme).toContain(`hashicorp/aws 5.100.0, ${count} resources with the defaults`);
  });

  test("which Docker volumes have prevent_destroy", () => {
    const volumes = Object.values(defaultDoc().resource.docker_volume) as { name: string; lifecycle?: { prevent_destroy?: boolean } }[];
    const protectedNames = volumes.filter((v) => v.lifecycle?.prevent_destroy).map((v) => v.name.replace(/^secagents-dev-/, ""));
    expect(volumes).toHaveLength(7);
    expect(protectedNames.sort()).toEqual(["alertmanager", "grafana", "pgdata", "prometheus", "redisdata"]);
    expect(readme).toContain(
      "seven `docker_volume`s: PostgreSQL, Redis, Prometheus, Alertmanager and Grafana data with `prevent_destroy`;\n" +
        "    the Pushgateway and scanner-cache volumes are not protected",
    );
  });
});
