/**
 * Catalog coverage: for each catalog ID, the rules that enforce it and the test files that prove it, and the reason
 * for each Docker-applicable ID that no rule covers yet. Rendered into docs/controls.md by `npm run docs`; a unit test
 * fails when the committed file is stale.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { CATALOG_ENTRIES } from "./catalog";
import { RULES } from "./pack";

/** Why a Docker-applicable control has no rule over the synthesized JSON. */
export const NOT_RULED: Readonly<Record<string, string>> = {
  "C-11": "no PID limit: kreuzwerker/docker 3.6.2 does not expose pids_limit on services (catalog E-30)",
  "N-06": "egress cannot be filtered per service by Docker; only the egress network's membership is checked (DKR-021)",
  "T-07": "certificate expiry is monitored (CertificateExpiringSoon, promtool-tested); issuance by ACME is outside the stack",
  "T-09":
    "internal hops: proven by renderer tests (sslmode=verify-full URLs, TLS datasource) and the PostgreSQL integration test; no JSON rule yet",
  "H-06": "cross-origin headers are rendered and probed by the nginx integration test; DKR-022 checks the mandatory set only",
  "H-09": "Cache-Control no-store is rendered and probed by the nginx integration test; not in DKR-022's mandatory set",
  "S-03": "rotation by bumping secretVersions (docker_secret create-before-destroy); not a property of one resource",
  "S-05": "host disk encryption (LUKS) is outside Terraform's reach on the Docker target",
  "D-01": "encrypted host disk: outside Terraform's reach on the Docker target",
  "D-04": "no backup job on the Docker target yet",
  "D-08": "no postgres_exporter yet",
  "D-09": "image pinning is DKR-014; minor-version upgrades are a rebuild process",
  "R-01": "encrypted host disk: outside Terraform's reach on the Docker target",
  "RG-01": "the scanner job scans every deployed image (renderer and scanner tests); no JSON rule checks the image list yet",
  "RG-02": "deploy by digest: DKR-014 allows tags outside production; config demands digests in production",
  "RG-04": "no registry on the Docker target",
  "RG-06": "image build hygiene belongs to the images' own repositories",
  "L-01": "no log shipper on the Docker target yet (C-14 bounds the logs)",
  "L-03": "no cAdvisor/node-exporter yet",
  "L-04": "docker exec cannot be disabled per service",
  "L-05": "receivers come from config (alerts.receivers); an empty list keeps alerts in Alertmanager only",
  "L-06": "Prometheus and Alertmanager serve TLS (web config, promtool-checked); no JSON rule yet",
  "W-01": "nginx rate limits are rendered and probed (429 after the burst); no WAF on the Docker target",
  "W-03": "auth-path rate limit rendered (zone=auth); no JSON rule yet",
  "I-05": "secret file modes are DKR-016; Docker has no IAM",
  "I-06": "the scanner schedule is the service's own loop; no host scheduler",
  "TS-02": "state locking is an AWS backend concern (AWS target issue)",
  "TS-03": "documented in the README (state, plans and cdk.tf.json are secrets); nothing to check in one stack",
  "TS-04": "this pack scans what Terraform applies: the synthesized cdk.tf.json, at synth and with `npm run check`",
  "TS-05": "this pack is the in-process guard-rail (PolicyAspect) for the docker resources scanners cannot see",
  "TS-06": "provider versions are pinned in cdktf.json and tested (project.test.ts)",
  "P-01": "alert rules are linted and unit-tested with promtool (integration tier), not by a JSON rule",
  "P-02": "the scanner service is hardened like every service (C-* rules); its schedule is validated config",
};

function testFilesMentioning(root: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory() && e.name !== "__snapshots__" && e.name !== "fixtures") walk(p);
      else if (/\.(test\.ts|yml)$/.test(e.name)) {
        const text = readFileSync(p, "utf8");
        for (const id of Object.keys(CATALOG_ENTRIES))
          if (new RegExp(`\\b${id}\\b`).test(text)) out.set(id, [...(out.get(id) ?? []), relative(join(root, ".."), p)]);
      }
    }
  };
  walk(root);
  return out;
}

export function renderCoverage(testsRoot: string): string {
  const tests = testFilesMentioning(testsRoot);
  const rows = Object.entries(CATALOG_ENTRIES).map(([id, e]) => {
    const rules = RULES.filter((r) => r.controls.includes(id)).map((r) => r.id);
    const status = rules.length ? "rule" : !e.docker ? "AWS target" : NOT_RULED[id] ? "tests / documented" : "NOT COVERED";
    const note = rules.length ? "" : !e.docker ? "lands with the AWS target (issue 5)" : (NOT_RULED[id] ?? "no reason recorded");
    return { id, title: e.title, docker: e.docker, rules, tests: tests.get(id) ?? [], status, note };
  });
  const docker = rows.filter((r) => r.docker);
  const ruled = docker.filter((r) => r.rules.length);
  const lines = [
    "# Control coverage",
    "",
    "Generated by `npm run docs` from `policies/catalog.ts` (the catalog of `../shared/controls.md`), the rules' metadata",
    "and the test files that name each ID. Do not edit by hand; `__tests__/policies/coverage.test.ts` fails when it is stale.",
    "",
    `Docker target: **${ruled.length} of ${docker.length}** applicable catalog IDs are enforced by a rule of the policy pack; the`,
    `other ${docker.length - ruled.length} are proven by renderer/integration tests or documented below, with the reason.`,
    `${rows.length - docker.length} IDs have no Docker expression and land with the AWS target.`,
    "",
    "| ID | Control | Rules | Tests | Status |",
    "|---|---|---|---|---|",
    ...rows.map(
      (r) =>
        `| ${r.id} | ${r.title.replace(/\|/g, "\\|")} | ${r.rules.join(", ") || "–"} | ${r.tests.map((t) => `\`${t}\``).join("<br>") || "–"} | ${r.status}${r.note ? `: ${r.note}` : ""} |`,
    ),
    "",
  ];
  return lines.join("\n");
}
