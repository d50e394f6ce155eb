/**
 * Faults the end-to-end tier (__tests__/e2e/) found on a real Docker Engine, each kept here as a unit test so it
 * cannot come back unnoticed in the fast tier. (The scanner's SIGTERM handling is in __tests__/render/scanner.test.ts.)
 */
import { parseConfig } from "../../config/load";
import { SERVICE_NAMES, SERVICES, TLS_SERVICES } from "../../constructs/model/system";
import { defaultDoc, servicesByName, spec, synthDocker } from "../helpers/synth";

const nginxConf = (doc: ReturnType<typeof defaultDoc>): string => {
  const c = Object.values(doc.resource.docker_config).find((x) => String(x.name).startsWith("secagents-dev-nginx-conf-"))!;
  return Buffer.from(String(c.data), "base64").toString("utf8");
};

test("C-12: every health probe reaches its process over loopback, never through a service name (Swarm puts a task in DNS only once healthy)", () => {
  const doc = defaultDoc();
  const names = SERVICE_NAMES.flatMap((n) => [n, `secagents-dev-${n}`]).join("|");
  const viaName = new RegExp(`(//|-h\\s+|--host[= ])(${names})([:/\\s]|$)`);
  for (const n of SERVICE_NAMES) {
    const hc = (spec(doc, n).healthcheck as { test: string[] }).test.join(" ");
    expect([n, viaName.test(hc)]).toEqual([n, false]);
  }
});

test("C-12, T-09: the internal TLS certificates name localhost, so the loopback probes still verify the certificate", () => {
  const doc = defaultDoc();
  const csrs = Object.values(doc.resource.tls_cert_request);
  for (const s of TLS_SERVICES.filter((t) => t !== "nginx")) {
    const csr = csrs.find((c) => (c.dns_names as string[]).includes(s))!;
    expect([s, (csr.dns_names as string[]).includes("localhost")]).toEqual([s, true]);
  }
  for (const s of ["prometheus", "alertmanager"] as const) expect(SERVICES[s].healthcheck.join(" ")).toMatch(/https:\/\/localhost:\d+\//);
});

test("N-02, C-19: a service that publishes ports also joins a non-internal network, or Docker publishes nothing (docker_gwbridge)", () => {
  const doc = defaultDoc();
  const byName = servicesByName(doc);
  const networks = doc.resource.docker_network;
  const internalOf = (ref: string) => networks[/docker_network\.([^.]+)\.id/.exec(ref)![1]].internal;
  let published = 0;
  for (const n of SERVICE_NAMES) {
    const body = byName[n].body as { endpoint_spec?: { ports?: unknown[] }; task_spec: { networks_advanced: { name: string }[] } };
    if (!body.endpoint_spec?.ports?.length) continue;
    published++;
    expect([n, body.task_spec.networks_advanced.some((a) => internalOf(a.name) === false)]).toEqual([n, true]);
  }
  expect(published).toBe(1);
});

test("T-01: nginx.nginxVersion renders directives the image's nginx knows (1.22: `listen … ssl http2`; 1.25.1+: `http2 on`)", () => {
  expect(nginxConf(defaultDoc())).toMatch(/^\s*http2 on;$/m);
  const old = nginxConf(synthDocker(parseConfig({ nginx: { nginxVersion: "1.22" } }), false));
  expect(old).toMatch(/listen 8443 ssl http2 default_server;/);
  expect(old).not.toMatch(/http2 on;/);
});
