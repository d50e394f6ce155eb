/**
 * Catalog coverage: for each catalog ID, the rules that enforce it and the test files that prove it, and the reason
 * for each Docker-applicable ID that no rule covers yet. Rendered into docs/controls.md by `npm run docs`; a unit test
 * fails when the committed file is stale.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { CATALOG_ENTRIES } from "./catalog";
import { RULES } from "./pack";
import type { Rule } from "./types";

export type Target = "docker" | "aws";

/** The rules of each target's part of the pack (by id prefix; TF-* rules read any Terraform JSON, so both). */
export const TARGET_RULES: Readonly<Record<Target, readonly Rule[]>> = {
  docker: RULES.filter((r) => r.id.startsWith("DKR-") || r.id.startsWith("TF-")),
  aws: RULES.filter((r) => r.id.startsWith("AWS-") || r.id.startsWith("TF-")),
};

/** Why an AWS-applicable control has no AWS rule over the synthesized JSON. */
export const NOT_RULED_AWS: Readonly<Record<string, string>> = {
  "H-06":
    "cross-origin headers are rendered into the nginx.conf behind the ALB (same renderer, nginx integration test); AWS-029 checks the mandatory set only",
  "H-09": "Cache-Control no-store is rendered into the same nginx.conf and probed by the nginx integration test; not in the mandatory set",
  "RG-06": "image build hygiene belongs to the images' own repositories (Dockerfiles are not in the Terraform JSON)",
  "TS-03":
    "documented in the README (state, plans and cdk.tf.json are secrets); the state bucket's controls are the B-* rules on aws-state",
  "TS-06": "provider versions are pinned in cdktf.json and tested (project.test.ts checks both stacks' providers)",
};

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

/** Per target: the rules covering an ID, or the recorded reason, or nothing (not applicable / not covered). */
function status(id: string, target: Target): { rules: string[]; text: string; ruled: boolean } {
  const e = CATALOG_ENTRIES[id];
  const rules = TARGET_RULES[target].filter((r) => r.controls.includes(id)).map((r) => r.id);
  if (!e[target]) return { rules, text: "n/a", ruled: false };
  if (rules.length) return { rules, text: "rule", ruled: true };
  const reason = (target === "docker" ? NOT_RULED : NOT_RULED_AWS)[id];
  return { rules, text: reason ? `tests / documented: ${reason}` : "NOT COVERED: no reason recorded", ruled: false };
}

export function renderCoverage(testsRoot: string): string {
  const tests = testFilesMentioning(testsRoot);
  const ids = Object.keys(CATALOG_ENTRIES);
  const summary = (target: Target, label: string) => {
    const applicable = ids.filter((id) => CATALOG_ENTRIES[id][target]);
    const ruled = applicable.filter((id) => status(id, target).ruled);
    return (
      `${label}: **${ruled.length} of ${applicable.length}** applicable catalog IDs are enforced by ${target === "docker" ? "a DKR" : "an AWS"} rule ` +
      `of the policy pack; the other ${applicable.length - ruled.length} are proven by tests or documented below, with the reason ` +
      `(${ids.length - applicable.length} IDs have no ${label.split(" ")[0]} expression).`
    );
  };
  const cell = (s: { rules: string[]; text: string }) => `${s.rules.join(", ") || "–"} (${s.text.replace(/\|/g, "\\|")})`;
  const lines = [
    "# Control coverage",
    "",
    "Generated by `npm run docs` from `policies/catalog.ts` (the catalog of `../shared/controls.md`), the rules' metadata",
    "and the test files that name each ID. Do not edit by hand; `__tests__/policies/coverage.test.ts` fails when it is stale.",
    "",
    `- ${summary("docker", "Docker target")}`,
    `- ${summary("aws", "AWS target")}`,
    "",
    "| ID | Control | Docker: rules (status) | AWS: rules (status) | Tests |",
    "|---|---|---|---|---|",
    ...ids.map((id) => {
      const title = CATALOG_ENTRIES[id].title.replace(/\|/g, "\\|");
      const t = (tests.get(id) ?? []).map((x) => `\`${x}\``).join("<br>") || "–";
      return `| ${id} | ${title} | ${cell(status(id, "docker"))} | ${cell(status(id, "aws"))} | ${t} |`;
    }),
    "",
  ];
  return lines.join("\n");
}
