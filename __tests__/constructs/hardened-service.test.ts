/** HardenedService props: secure defaults that props cannot turn off, and opt-ins that need a reason. */
import { Aspects, Testing, TerraformStack } from "cdktf";
import { DockerProvider } from "@cdktf/provider-docker/lib/provider";
import { HardenedService, type HardenedServiceProps } from "../../constructs/docker/hardened-service";
import { SwarmHostHardening } from "../../constructs/docker/swarm-host-hardening";
import { PropsError } from "../../constructs/props";
import { PolicyAspect } from "../../policies/aspect";

const base: HardenedServiceProps = {
  name: "svc",
  image: "registry.example.com/svc:1.0.0",
  user: "10001:10001",
  cpus: 0.5,
  memoryMb: 64,
  tmpfs: [{ path: "/tmp", sizeMb: 16 }],
  networks: [{ id: "${docker_network.n.id}" }],
  healthcheck: { test: ["CMD", "true"] },
};

function stack(): TerraformStack {
  const s = new TerraformStack(Testing.app(), "s");
  new DockerProvider(s, "docker", {});
  new SwarmHostHardening(s, "host");
  Aspects.of(s).add(new PolicyAspect());
  return s;
}

function problems(props: Partial<HardenedServiceProps>): string[] {
  try {
    new HardenedService(stack(), "svc", { ...base, ...props });
  } catch (e) {
    if (e instanceof PropsError) return e.problems.map((p) => `${p.path}: ${p.message}`);
    throw e;
  }
  return [];
}

test("C-03 a harmless capability added back with a reason passes the policy pack at synth", () => {
  const s = stack();
  new HardenedService(s, "svc", {
    ...base,
    capAdd: [{ capability: "NET_BIND_SERVICE", reason: "binds port 443 directly for the legacy health probe" }],
  });
  const json = JSON.parse(Testing.synth(s, false));
  expect(Object.values(json.resource.docker_service)[0]).toMatchObject({
    task_spec: { container_spec: { cap_add: ["NET_BIND_SERVICE"] } },
  });
  // The reason lives in the resource's "//" metadata, where the pack (and the CLI) read it.
  expect(() => Testing.synth(s, true)).not.toThrow();
});

test("C-03 root-equivalent capabilities are refused whatever the reason", () => {
  expect(problems({ capAdd: [{ capability: "SYS_ADMIN", reason: "we really need to mount a FUSE filesystem here" }] })).toEqual([
    "capAdd.0.capability: root-equivalent capability: never added back (C-03)",
  ]);
});

test("C-19 only the edge tier may publish ports, and construct-owned labels cannot be set by props", () => {
  expect(problems({ publishedPorts: [{ target: 8080, published: 8080 }] })).toEqual([
    'publishedPorts: only a service with tier "edge" may publish ports (C-19)',
  ]);
  expect(problems({ tier: "edge", publishedPorts: [{ target: 8443, published: 443 }] })).toEqual([]);
  expect(problems({ labels: { "org.secagents.tier": "edge" } })[0]).toMatch(/^labels\.org\.secagents\.tier: keys under org\.secagents\./);
});

test("C-02 a service needs a writable /tmp-like tmpfs; C-01 root is refused; bad props leave the tree unchanged", () => {
  expect(problems({ tmpfs: [] })[0]).toMatch(/^tmpfs: a read-only service needs at least one writable tmpfs/);
  expect(problems({ user: "0:0" })[0]).toMatch(/^user: uid and gid must not be 0/);
  const s = stack();
  expect(() => new HardenedService(s, "svc", { ...base, user: "root" })).toThrow(PropsError);
  expect(s.node.tryFindChild("svc")).toBeUndefined();
  expect(() => new HardenedService(s, "svc", base)).not.toThrow();
});
