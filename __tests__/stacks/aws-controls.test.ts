/**
 * One named test per control of the catalog's AWS column, on the synthesized default AWS stack (catalog ID first in
 * each name, so `npm run test:mutations` can tell which test guards which control). The offline Terraform proof is
 * in __tests__/integration/terraform.test.ts; the policy pack's AWS rules have their own pairs.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseConfig } from "../../config/load";
import { AWS_PLACEMENT, vpcFlows } from "../../constructs/aws/placement";
import { awsCron } from "../../constructs/aws/schedule";
import { fargateSize } from "../../constructs/aws/fargate-service";
import { ecrImage } from "../../constructs/aws/registry";
import { SERVICE_NAMES, SERVICES } from "../../constructs/model/system";
import { renderSecurityRules } from "../../constructs/render/prometheus";
import { evaluate } from "../../policies/engine";
import { get, list, resources, strings } from "../../policies/tf";
import type { TfResource } from "../../policies/types";
import { REQUIRED_HEADERS } from "../../policies/rules/docker/tls-proxy-config";
import { checkedAwsDoc, defaultAwsDoc, defaultDoc, S3_STATE, synthAws, synthAwsState, type Doc } from "../helpers/synth";

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const doc: Doc = defaultAwsDoc();
const of = (type: string): TfResource[] => resources(doc, type);
const one = (type: string): Json => {
  const r = of(type);
  expect(r).toHaveLength(1);
  return r[0].body;
};
/** `${aws_x.name.attr}` → "aws_x.name". */
const ref = (v: unknown) => /\$\{([a-z0-9_]+\.[A-Za-z0-9_-]+)/.exec(String(v))?.[1];
const tagOf = (address: string | undefined, tag = "Service") => {
  if (!address) return undefined;
  const [type, name] = address.split(".");
  return (doc.resource[type]?.[name] as Json)?.tags?.[tag];
};
const containers = () =>
  of("aws_ecs_task_definition").map((t) => ({
    service: (t.body as Json).tags.Service as string,
    task: t.body as Json,
    c: JSON.parse(String(t.body.container_definitions))[0] as Json,
  }));
const runnable = SERVICE_NAMES.filter((s) => ["fargate", "scheduled"].includes(AWS_PLACEMENT[s].kind));
const rules = (type: "ingress" | "egress") =>
  of(`aws_vpc_security_group_${type}_rule`).map((r) => {
    const b = r.body as Json;
    return { address: r.address, on: tagOf(ref(b.security_group_id)), peer: tagOf(ref(b.referenced_security_group_id)), b };
  });

describe("AWS stack controls", () => {
  test("the default AWS stack reports no error-level policy finding (suppressions as synth sees them)", () => {
    expect(evaluate(checkedAwsDoc()).filter((f) => f.severity === "error" && !f.suppressed)).toEqual([]);
  });

  test("every runnable service of the model has a task definition; managed and omitted ones say why", () => {
    expect(
      containers()
        .map((x) => x.service)
        .sort(),
    ).toEqual([...runnable].sort());
    for (const s of SERVICE_NAMES.filter((x) => !runnable.includes(x))) expect(AWS_PLACEMENT[s].why).toMatch(/\w{4,} \w{4,}/);
  });

  test("C-01 every container runs as the configured numeric non-root uid:gid", () => {
    const config = parseConfig({});
    for (const { service, c } of containers()) {
      expect(c.user).toBe(config.services[service as keyof typeof config.services].user);
      expect(c.user).toMatch(/^[1-9]\d*:[1-9]\d*$/);
    }
  });

  test("C-02 B18 every container has a read-only root, a writable task volume on each path it writes, TMPDIR=/tmp", () => {
    for (const { service, c, task } of containers()) {
      expect(c.readonlyRootFilesystem).toBe(true);
      const mounts = (c.mountPoints as Json[]).map((m) => m.containerPath);
      const spec = SERVICES[service as keyof typeof SERVICES];
      expect(mounts).toEqual(expect.arrayContaining(["/tmp", ...spec.writable.map((w) => w.path), ...spec.volumes.map((v) => v.path)]));
      for (const m of c.mountPoints as Json[]) expect(list(task, "volume").map((v) => v.name)).toContain(m.sourceVolume);
      expect((c.environment as Json[]).find((e) => e.name === "TMPDIR")?.value).toBe("/tmp");
    }
  });

  test("C-03 every container drops ALL capabilities and adds none", () => {
    for (const { c } of containers()) expect(c.linuxParameters.capabilities).toEqual({ drop: ["ALL"], add: [] });
  });

  test("C-05 no container is privileged", () => {
    for (const { c } of containers()) expect(c.privileged).toBe(false);
  });

  test("C-06 C-07 C-08 awsvpc networking on Fargate, no host PID or IPC namespace", () => {
    for (const { task } of containers()) {
      expect(task.network_mode).toBe("awsvpc");
      expect(task.requires_compatibilities).toEqual(["FARGATE"]);
      expect(task.pid_mode).toBeUndefined();
      expect(task.ipc_mode).toBeUndefined();
    }
  });

  test("C-09 C-10 every container has the configured memory and CPU limits inside a valid Fargate size", () => {
    const config = parseConfig({});
    for (const { service, c, task } of containers()) {
      const s = config.services[service as keyof typeof config.services];
      expect(c.memory).toBe(s.memoryMb);
      expect(c.cpu).toBe(Math.ceil(s.cpus * 1024));
      expect(Number(task.memory)).toBeGreaterThanOrEqual(c.memory);
      expect(Number(task.cpu)).toBeGreaterThanOrEqual(c.cpu);
    }
    expect(fargateSize(0.5, 256)).toEqual({ cpu: 512, memory: 1024 });
    expect(() => fargateSize(8, 1024)).toThrow(/no Fargate task size/);
  });

  test("C-12 C-13 every container is essential and has a health check; services roll back on failure", () => {
    for (const { c } of containers()) {
      expect(c.essential).toBe(true);
      expect(c.healthCheck.command[0]).toMatch(/^CMD(-SHELL)?$/);
      expect(c.healthCheck.retries).toBeGreaterThan(0);
    }
    for (const s of of("aws_ecs_service")) expect(get(s.body, "deployment_circuit_breaker")).toEqual({ enable: true, rollback: true });
  });

  test("C-14 L-01 every container logs with awslogs to its own log group", () => {
    for (const { service, c } of containers()) {
      expect(c.logConfiguration.logDriver).toBe("awslogs");
      const group = doc.resource.aws_cloudwatch_log_group[ref(c.logConfiguration.options["awslogs-group"])!.split(".")[1]] as Json;
      expect(group.name).toBe(`/secagents/dev/ecs/${service}`);
    }
  });

  test("C-20 production images are ECR references pinned by digest", () => {
    const digest = "@sha256:" + "b".repeat(64);
    const prod = synthAws(
      parseConfig({
        environment: "production",
        state: S3_STATE,
        tls: { certificate: { source: "files", certificateFile: "/p/c.pem", privateKeyFile: "/p/k.pem" } },
        services: Object.fromEntries(SERVICE_NAMES.map((n) => [n, { image: `registry.example.com/x/${n}${digest}` }])),
      }),
      false,
    );
    for (const t of resources(prod, "aws_ecs_task_definition")) {
      expect(JSON.parse(String(t.body.container_definitions))[0].image).toMatch(
        /^\$\{aws_ecr_repository\.[^}]+\.repository_url\}@sha256:b{64}$/,
      );
    }
    expect(ecrImage("r", "docker.io/prom/prometheus:v3.5.0")).toBe("r:v3.5.0");
    expect(ecrImage("r", "localhost:5000/x:1@sha256:" + "c".repeat(64))).toBe("r@sha256:" + "c".repeat(64));
  });

  test("N-01 N-03 N-12 security-group rules are exactly the model's flows (group references, never CIDRs), plus the edge", () => {
    const expected = vpcFlows().map((f) => `${f.from}>${f.to}:${f.port}`);
    const ingress = rules("ingress").filter((r) => r.on !== "vpc-endpoints" && r.on !== "alb" && r.peer !== "alb");
    expect(ingress.map((r) => `${r.peer}>${r.on}:${r.b.from_port}`).sort()).toEqual([...expected].sort());
    for (const r of ingress) expect(r.b.cidr_ipv4).toBeUndefined();
    // The data stores accept only their clients.
    expect(
      rules("ingress")
        .filter((r) => r.on === "postgres")
        .map((r) => r.peer)
        .sort(),
    ).toEqual(["api", "worker"]);
    expect(
      rules("ingress")
        .filter((r) => r.on === "redis")
        .map((r) => r.peer)
        .sort(),
    ).toEqual(["api", "worker"]);
    expect(rules("egress").filter((r) => r.on === "postgres" || r.on === "redis")).toEqual([]);
  });

  test("N-02 the isolated tier has no route out and holds the database and cache subnet groups", () => {
    const isolatedRt = of("aws_route_table").find((r) => (r.body as Json).tags.Tier === "isolated")!;
    expect((isolatedRt.body as Json).route).toEqual([]);
    const isolated = new Set(
      of("aws_subnet")
        .filter((s) => (s.body as Json).tags.Tier === "isolated")
        .map((s) => s.address),
    );
    for (const g of [one("aws_db_subnet_group"), one("aws_elasticache_subnet_group")]) {
      expect(g.subnet_ids.map(ref).every((a: string) => isolated.has(a))).toBe(true);
    }
    expect(of("aws_vpc_endpoint").flatMap((e) => ((e.body as Json).route_table_ids ?? []).map(ref))).not.toContain(isolatedRt.address);
  });

  test("N-05 only the load balancer accepts internet traffic, on 443 and on 80", () => {
    const open = rules("ingress").filter((r) => r.b.cidr_ipv4 === "0.0.0.0/0" || r.b.cidr_ipv6);
    expect(open.map((r) => `${r.on}:${r.b.from_port}-${r.b.to_port}`).sort()).toEqual(["alb:443-443", "alb:80-80"]);
    expect(one("aws_lb").internal).toBe(false);
  });

  test("N-06 AWS APIs through VPC endpoints; only services the model lets out reach the internet, on 443", () => {
    const names = of("aws_vpc_endpoint").map((e) =>
      String((e.body as Json).service_name)
        .split(".")
        .slice(3)
        .join("."),
    );
    expect(names.sort()).toEqual(["aps-workspaces", "ecr.api", "ecr.dkr", "kms", "logs", "s3", "secretsmanager", "sts"]);
    const out = rules("egress").filter((r) => r.b.cidr_ipv4 === "0.0.0.0/0");
    expect(out.map((r) => `${r.on}:${r.b.from_port}`).sort()).toEqual(
      runnable
        .filter((s) => SERVICES[s].egress)
        .map((s) => `${s}:443`)
        .sort(),
    );
  });

  test("N-07 every security group and every rule is described", () => {
    for (const g of of("aws_security_group")) expect(String((g.body as Json).description)).toMatch(/\w{5}/);
    for (const r of [...rules("ingress"), ...rules("egress")]) expect(String(r.b.description)).toMatch(/\w{3}/);
  });

  test("N-08 the default security group is taken over with no rules", () => {
    const d = one("aws_default_security_group");
    expect(d.ingress).toEqual([]);
    expect(d.egress).toEqual([]);
  });

  test("N-09 VPC flow logs of all traffic go to a KMS-encrypted log group", () => {
    const f = one("aws_flow_log");
    expect(f.traffic_type).toBe("ALL");
    const group = doc.resource.aws_cloudwatch_log_group[ref(f.log_destination)!.split(".")[1]] as Json;
    expect(group.kms_key_id).toMatch(/aws_kms_key/);
  });

  test("N-10 no automatic public IPs: subnets and services; no default VPC", () => {
    for (const s of of("aws_subnet")) expect((s.body as Json).map_public_ip_on_launch).toBe(false);
    for (const s of of("aws_ecs_service")) expect(get(s.body, "network_configuration", "assign_public_ip")).toBe(false);
    expect(of("aws_default_vpc")).toEqual([]);
  });

  test("N-11 NACLs on every subnet; none opens 22/3389 or all ports to the internet", () => {
    const covered = of("aws_network_acl").flatMap((a) => (a.body as Json).subnet_ids.map(ref));
    expect(covered.sort()).toEqual(
      of("aws_subnet")
        .map((s) => s.address)
        .sort(),
    );
    for (const r of of("aws_network_acl_rule")
      .map((x) => x.body as Json)
      .filter((x) => !x.egress && x.cidr_block === "0.0.0.0/0")) {
      expect(r.protocol).toBe("tcp");
      expect(r.from_port > 22 || r.to_port < 22).toBe(true);
      expect(r.from_port > 3389 || r.to_port < 3389).toBe(true);
      expect(r.to_port - r.from_port).toBeLessThan(65535);
    }
  });

  test("T-04 the HTTP listener only redirects to HTTPS with a 301", () => {
    const http = of("aws_lb_listener")
      .map((l) => l.body as Json)
      .find((l) => l.protocol === "HTTP");
    expect(http.default_action).toEqual([{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", status_code: "HTTP_301" } }]);
  });

  test("T-05 the HTTPS listener uses Mozilla's ALB policy for the profile (intermediate, modern)", () => {
    const https = (d: Doc) =>
      resources(d, "aws_lb_listener")
        .map((l) => l.body as Json)
        .find((l) => l.protocol === "HTTPS");
    expect(https(doc).ssl_policy).toBe("ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09");
    expect(https(synthAws(parseConfig({ tls: { profile: "modern" } }), false)).ssl_policy).toBe("ELBSecurityPolicy-TLS13-1-3-PQ-2025-09");
  });

  test("T-06 the ALB drops invalid headers, mitigates desync, is deletion-protected and logs access", () => {
    const lb = one("aws_lb");
    expect(lb).toMatchObject({ drop_invalid_header_fields: true, desync_mitigation_mode: "defensive", enable_deletion_protection: true });
    expect(get(lb, "access_logs", "enabled")).toBe(true);
  });

  test("T-07 the certificate is ACM with DNS validation (or an imported ARN from config)", () => {
    expect(one("aws_acm_certificate")).toMatchObject({ validation_method: "DNS", key_algorithm: "EC_prime256v1" });
    const arn = "arn:aws:acm:eu-west-1:123456789012:certificate/abc";
    const imported = synthAws(parseConfig({ aws: { certificate: { source: "imported", certificateArn: arn } } }), false);
    expect(resources(imported, "aws_acm_certificate")).toEqual([]);
    expect(resources(imported, "aws_lb_listener").map((l) => (l.body as Json).certificate_arn)).toContain(arn);
  });

  test("T-09 internal hops are encrypted and verified: RDS CA pinned, verify-full and rediss:// URLs, TLS to nginx", () => {
    expect(one("aws_db_instance").ca_cert_identifier).toBe("rds-ca-ecc384-g1");
    for (const { c } of containers().filter((x) => ["api", "worker"].includes(x.service))) {
      const env = Object.fromEntries((c.environment as Json[]).map((e) => [e.name, e.value]));
      expect(env.DATABASE_URL).toMatch(/sslmode=verify-full&sslrootcert=\//);
      expect(env.REDIS_URL).toMatch(/^rediss:\/\//);
    }
    expect(one("aws_lb_target_group")).toMatchObject({ protocol: "HTTPS" });
  });

  test("S-01 no secret in any container environment; secrets come from Secrets Manager ARNs", () => {
    for (const { c } of containers()) {
      for (const e of c.environment as Json[]) expect(e.name).not.toMatch(/PASSWORD|SECRET|TOKEN|KEY$/);
      for (const s of c.secrets as Json[]) expect(s.valueFrom).toMatch(/^\$\{aws_secretsmanager_secret\./);
    }
    expect(
      containers()
        .find((x) => x.service === "api")!
        .c.secrets.map((s: Json) => s.name),
    ).toEqual(["JWT_SECRET"]);
  });

  test("S-02 S-03 S-04 secrets on the secrets key; the RDS master password managed by RDS; no secret value in the JSON", () => {
    for (const s of of("aws_secretsmanager_secret")) expect((s.body as Json).kms_key_id).toMatch(/aws_kms_key\.system_keys_secrets/);
    expect(one("aws_db_instance")).toMatchObject({ manage_master_user_password: true });
    expect(one("aws_db_instance").master_user_secret_kms_key_id).toMatch(/aws_kms_key\.system_keys_secrets/);
    expect(of("aws_secretsmanager_secret_version")).toEqual([]);
    expect(of("random_password")).toEqual([]);
    const text = JSON.stringify(doc);
    expect(text).not.toMatch(/"(password|auth_token|secret_string)"\s*:/);
  });

  test("S-05 every customer key rotates, has a 30-day deletion window and a policy without an open principal", () => {
    for (const k of of("aws_kms_key").map((x) => x.body as Json)) {
      expect(k).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30, is_enabled: true });
      for (const st of JSON.parse(k.policy).Statement) expect(st.Principal).not.toBe("*");
    }
  });

  test("S-06 the provider has no static credentials and refuses other accounts", () => {
    const p = (doc.provider as Json).aws[0];
    expect(p.access_key).toBeUndefined();
    expect(p.secret_key).toBeUndefined();
    expect(p.allowed_account_ids).toEqual(["123456789012"]);
    expect(p.skip_credentials_validation).toBeUndefined();
  });

  test("D-01 D-03 D-05 D-06 D-08 D-09 D-11 RDS: encrypted with the data key, private, protected, IAM auth, monitored, patched, Multi-AZ", () => {
    expect(one("aws_db_instance")).toMatchObject({
      storage_encrypted: true,
      publicly_accessible: false,
      deletion_protection: true,
      skip_final_snapshot: false,
      iam_database_authentication_enabled: true,
      performance_insights_enabled: true,
      monitoring_interval: 60,
      auto_minor_version_upgrade: true,
      multi_az: true,
      lifecycle: { prevent_destroy: true },
    });
    expect(one("aws_db_instance").kms_key_id).toMatch(/system_keys_data/);
    expect(one("aws_db_instance").performance_insights_kms_key_id).toMatch(/system_keys_data/);
  });

  test("D-02 D-07 D-10 B19 the attached parameter group forces TLS 1.2+, SCRAM, logs connections and DDL but no statement text", () => {
    const db = one("aws_db_instance");
    const pg = one("aws_db_parameter_group");
    expect(ref(db.parameter_group_name)).toMatch(/^aws_db_parameter_group\./);
    const params = Object.fromEntries((pg.parameter as Json[]).map((p) => [p.name, p]));
    expect(params["rds.force_ssl"]).toEqual({ name: "rds.force_ssl", value: "1", apply_method: "pending-reboot" });
    expect(params.ssl_min_protocol_version.value).toBe("TLSv1.2");
    expect(params.password_encryption.value).toBe("scram-sha-256");
    expect(params.log_connections.value).toBe("1");
    expect(params.log_statement.value).toBe("none");
    expect(params["pgaudit.log"].value).toBe("ddl,role");
    expect(params.log_min_duration_statement.value).toBe("-1");
    expect(db.enabled_cloudwatch_logs_exports).toEqual(["postgresql", "upgrade"]);
    expect(pg.family).toBe("postgres17");
    expect(
      resources(synthAws(parseConfig({ aws: { rds: { engineVersion: "15.8" } } }), false), "aws_db_parameter_group")[0].body.family,
    ).toBe("postgres15");
  });

  test("D-04 RDS backups are kept 14 days and copy tags", () => {
    expect(one("aws_db_instance")).toMatchObject({
      backup_retention_period: 14,
      copy_tags_to_snapshot: true,
      delete_automated_backups: false,
    });
  });

  test("R-01 R-02 R-03 R-04 ElastiCache: encrypted, TLS required, RBAC with the default user off and IAM for the app, failover, snapshots", () => {
    const g = one("aws_elasticache_replication_group");
    expect(g).toMatchObject({
      at_rest_encryption_enabled: "true",
      transit_encryption_enabled: true,
      transit_encryption_mode: "required",
      automatic_failover_enabled: true,
      multi_az_enabled: true,
      snapshot_retention_limit: 7,
      auto_minor_version_upgrade: "true",
    });
    expect(g.kms_key_id).toMatch(/system_keys_data/);
    expect(g.auth_token).toBeUndefined();
    const users = of("aws_elasticache_user").map((u) => u.body as Json);
    expect(users.find((u) => u.user_name === "default").access_string).toMatch(/^off /);
    const app = users.find((u) => u.user_name === "app");
    expect(app.authentication_mode).toEqual({ type: "iam" });
    expect(app.access_string).toMatch(/-@dangerous/);
    expect(app.access_string).toMatch(/-@admin/);
  });

  test("RG-01 RG-02 RG-03 RG-04 RG-05 ECR: scan on push plus registry-level continuous scanning, immutable, KMS, lifecycle, no repository policy", () => {
    expect(one("aws_ecr_registry_scanning_configuration").scan_type).toBe("ENHANCED");
    const repos = of("aws_ecr_repository").map((r) => r.body as Json);
    expect(repos).toHaveLength(runnable.length);
    for (const r of repos) {
      expect(r).toMatchObject({ image_tag_mutability: "IMMUTABLE", image_scanning_configuration: { scan_on_push: true } });
      expect(r.encryption_configuration).toEqual([{ encryption_type: "KMS", kms_key: expect.stringMatching(/system_keys_registry/) }]);
    }
    expect(of("aws_ecr_lifecycle_policy")).toHaveLength(runnable.length);
    expect(of("aws_ecr_repository_policy")).toEqual([]);
  });

  test("L-02 every log group keeps a year and is encrypted with the logs key", () => {
    for (const g of of("aws_cloudwatch_log_group").map((x) => x.body as Json)) {
      expect(g.retention_in_days).toBeGreaterThanOrEqual(365);
      expect(g.kms_key_id).toMatch(/system_keys_logs/);
    }
  });

  test("L-03 L-04 Container Insights on; ECS Exec off on every service and the scheduled scanner", () => {
    expect(one("aws_ecs_cluster").setting).toEqual([{ name: "containerInsights", value: "enhanced" }]);
    for (const s of of("aws_ecs_service")) expect((s.body as Json).enable_execute_command).toBe(false);
    expect(get(one("aws_scheduler_schedule"), "target", "ecs_parameters", "enable_execute_command")).toBe(false);
  });

  test("L-05 alarms notify the encrypted topic; the Prometheus alert manager notifies it too", () => {
    const alarms = of("aws_cloudwatch_metric_alarm").map((a) => a.body as Json);
    expect(alarms.length).toBeGreaterThanOrEqual(6);
    for (const a of alarms) {
      expect(a.actions_enabled).toBe(true);
      expect(a.alarm_actions).toEqual([expect.stringMatching(/aws_sns_topic/)]);
    }
    expect(one("aws_sns_topic").kms_master_key_id).toMatch(/system_keys_monitoring/);
    expect(one("aws_prometheus_alert_manager_definition").definition).toMatch(/sns_configs/);
  });

  test("W-01 W-02 W-03 W-04 WAF: attached to the ALB, four managed groups, rate limits incl. 10/minute on /api/scan, metrics, redacted logs", () => {
    const acl = one("aws_wafv2_web_acl");
    expect(ref(one("aws_wafv2_web_acl_association").resource_arn)).toMatch(/^aws_lb\./);
    const byName = Object.fromEntries((acl.rule as Json[]).map((r) => [r.name, r]));
    for (const g of [
      "AWSManagedRulesCommonRuleSet",
      "AWSManagedRulesKnownBadInputsRuleSet",
      "AWSManagedRulesAmazonIpReputationList",
      "AWSManagedRulesSQLiRuleSet",
    ]) {
      expect(byName[g].override_action).toEqual({ none: {} });
      expect(byName[g].statement.managed_rule_group_statement).toEqual({ vendor_name: "AWS", name: g });
    }
    const scan = byName["rate-scan"].statement.rate_based_statement;
    expect(scan).toMatchObject({ limit: 10, evaluation_window_sec: 60, aggregate_key_type: "IP" });
    expect(scan.scope_down_statement.byte_match_statement.search_string).toBe("/api/scan");
    expect(byName["rate-auth"].statement.rate_based_statement.limit).toBe(10);
    for (const r of acl.rule as Json[])
      expect(r.visibility_config).toMatchObject({ cloudwatch_metrics_enabled: true, sampled_requests_enabled: true });
    const logging = one("aws_wafv2_web_acl_logging_configuration");
    expect(logging.redacted_fields).toEqual(expect.arrayContaining([{ single_header: { name: "authorization" } }]));
    const group = doc.resource.aws_cloudwatch_log_group[ref(logging.log_destination_configs[0])!.split(".")[1]] as Json;
    expect(group.name).toMatch(/^aws-waf-logs-/);
  });

  test("I-01 I-02 I-03 I-04 I-05 roles: one execution and one task role per task, exact resources, no managed policies, pinned trust", () => {
    const roles = Object.fromEntries(of("aws_iam_role").map((r) => [r.address, r.body as Json]));
    for (const { task } of containers()) {
      expect(ref(task.execution_role_arn)).not.toBe(ref(task.task_role_arn));
    }
    expect(new Set(containers().map((x) => ref(x.task.task_role_arn))).size).toBe(containers().length);
    expect(of("aws_iam_role_policy_attachment")).toEqual([]);
    for (const r of Object.values(roles)) {
      const trust = JSON.parse(r.assume_role_policy).Statement;
      expect(trust).toHaveLength(1);
      expect(typeof trust[0].Principal.Service).toBe("string");
      expect(trust[0].Condition.StringEquals["aws:SourceAccount"]).toBe("123456789012");
    }
    for (const p of of("aws_iam_role_policy")) {
      for (const st of JSON.parse(String((p.body as Json).policy)).Statement) {
        expect(st.Action).not.toContain("*");
        const resourcesOf = [st.Resource].flat();
        if (resourcesOf.includes("*")) expect(st.Action).toBe("ecr:GetAuthorizationToken");
        if ([st.Action].flat().includes("kms:Decrypt") && !String(p.address).includes("monitoring"))
          expect(st.Condition?.StringEquals?.["kms:ViaService"]).toBeDefined();
      }
    }
  });

  test("I-06 P-02 the scheduler can only run the scanner task family and pass its two roles", () => {
    const s = one("aws_scheduler_schedule");
    expect(s.schedule_expression).toBe("cron(0 2 * * ? *)");
    expect(s.kms_key_arn).toMatch(/system_keys_monitoring/);
    expect(get(s, "target", "ecs_parameters", "network_configuration", "assign_public_ip")).toBe(false);
    const role = ref(get(s, "target", "role_arn"))!;
    const policy = of("aws_iam_role_policy").find((p) => ref((p.body as Json).role) === role)!;
    const st = JSON.parse(String((policy.body as Json).policy)).Statement;
    expect(st.map((x: Json) => x.Action)).toEqual(["ecs:RunTask", "iam:PassRole"]);
    expect(st[0].Resource).toBe("arn:aws:ecs:eu-west-1:123456789012:task-definition/secagents-dev-scanner:*");
    expect(st[1].Condition.StringEquals["iam:PassedToService"]).toBe("ecs-tasks.amazonaws.com");
    expect(awsCron("30 4 * * 1-5")).toBe("cron(30 4 ? * 2-6 *)");
    expect(awsCron("0 3 1 * *")).toBe("cron(0 3 1 * ? *)");
    expect(() => awsCron("0 3 1 * 1")).toThrow(/only one/);
  });

  test("B-01 B-02 B-03 B-04 B-05 B-06 B-07 every bucket: public access blocked, ACLs off, encrypted, TLS-only, versioned, lifecycle, logged", () => {
    const buckets = of("aws_s3_bucket").map((b) => b.address);
    const linked = (type: string) => new Set(of(type).map((x) => ref((x.body as Json).bucket)));
    for (const t of [
      "public_access_block",
      "ownership_controls",
      "server_side_encryption_configuration",
      "versioning",
      "lifecycle_configuration",
      "policy",
    ]) {
      expect([...linked(`aws_s3_bucket_${t}`)].sort()).toEqual([...buckets].sort());
    }
    for (const p of of("aws_s3_bucket_policy")) {
      const deny = JSON.parse(String((p.body as Json).policy)).Statement[0];
      expect(deny).toMatchObject({
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      });
    }
    // SSE-KMS with a bucket key, except where AWS log delivery demands SSE-S3 (recorded as a reason).
    const kms = of("aws_s3_bucket_server_side_encryption_configuration").map((e) =>
      get(e.body, "rule", "apply_server_side_encryption_by_default", "sse_algorithm"),
    );
    expect(kms.sort()).toEqual(["AES256", "AES256", "aws:kms", "aws:kms"]);
    expect([...linked("aws_s3_bucket_logging")].sort()).toEqual(buckets.filter((b) => !b.includes("access-logs")).sort());
    const lock = one("aws_s3_bucket_object_lock_configuration");
    expect(ref(lock.bucket)).toMatch(/backups/);
    expect(lock.rule.default_retention).toEqual({ mode: "GOVERNANCE", days: 30 });
  });

  test("TS-01 TS-02 state: the S3 backend is encrypted with the state key and locked with a lockfile; B13 test mode stays local", () => {
    expect(Object.keys(doc.terraform as Json)).toContain("backend");
    expect((doc.terraform as Json).backend.local.path).toBe("../../../terraform.aws.tfstate");
    const s3 = synthAws(parseConfig({ state: S3_STATE }), false);
    expect((s3.terraform as Json).backend.s3).toEqual({
      bucket: S3_STATE.bucket,
      key: "secagents/aws.tfstate",
      region: "eu-west-1",
      encrypt: true,
      kms_key_id: S3_STATE.kmsKeyArn,
      use_lockfile: true,
    });
    const state = synthAwsState();
    expect(resources(state, "aws_s3_bucket")).toHaveLength(2);
    expect(resources(state, "aws_kms_key").map((k) => (k.body as Json).enable_key_rotation)).toEqual([true]);
    const test = synthAws(parseConfig({ aws: { testMode: true } }), false);
    expect((test.provider as Json).aws[0]).toMatchObject({ skip_credentials_validation: true, skip_requesting_account_id: true });
    expect(Object.keys((test.terraform as Json).backend)).toEqual(["local"]);
  });

  test("P-01 Amazon Managed Prometheus gets the same security rules as the Docker target, from one renderer", () => {
    expect(one("aws_prometheus_rule_group_namespace").data).toBe(renderSecurityRules(parseConfig({}).alerts));
    expect(one("aws_prometheus_workspace").kms_key_arn).toMatch(/system_keys_monitoring/);
  });

  test("H-01 … H-10 the security headers are identical on both targets: the same nginx renderer runs behind the ALB", () => {
    const nginx = containers().find((x) => x.service === "nginx")!.c;
    const b64 = (nginx.environment as Json[]).find((e) => e.name === "CONFIG_NGINX_CONF_B64").value;
    const awsConf = Buffer.from(b64, "base64").toString("utf8");
    const dockerConfig = resources(defaultDoc(), "docker_config").find((c) => String((c.body as Json).name).includes("-nginx-conf-"))!;
    const dockerConf = Buffer.from(String((dockerConfig.body as Json).data), "base64").toString("utf8");
    const headers = (conf: string) =>
      [
        ...new Set(
          conf
            .split("\n")
            .map((l) => l.trim())
            .filter((l) => l.startsWith("add_header ")),
        ),
      ].sort();
    expect(headers(awsConf)).toEqual(headers(dockerConf));
    for (const h of REQUIRED_HEADERS) expect(awsConf).toContain(`add_header ${h}`);
    expect(awsConf).toContain("server_tokens off");
  });

  test("the terraform test file names only addresses that exist in the stack", () => {
    const hcl = readFileSync(join(__dirname, "../integration/terraform/aws.tftest.hcl"), "utf8");
    const addresses = [...hcl.matchAll(/\b(aws_[a-z0-9_]+)\.(system_[A-Za-z0-9_-]+)/g)].map((m) => `${m[1]}.${m[2]}`);
    expect(addresses.length).toBeGreaterThan(30);
    for (const a of new Set(addresses)) expect(doc.resource[a.split(".")[0]]?.[a.split(".")[1]]).toBeDefined();
  });

  test("no synthesized string carries a machine path or a literal credential", () => {
    const all = strings(doc);
    expect(all.some((s) => s.includes(process.cwd()))).toBe(false);
    expect(all.some((s) => /AKIA[0-9A-Z]{16}/.test(s))).toBe(false);
  });

  test("P-01 config files delivered in the environment carry no unresolved token; apply-time values are substituted at start", () => {
    const decoded = of("aws_ecs_task_definition").flatMap((t) =>
      (JSON.parse(String(t.body.container_definitions)) as { environment: { name: string; value: string }[]; command?: string[] }[]).map(
        (c) => ({
          c,
          files: c.environment.filter((e) => e.name.endsWith("_B64")).map((e) => Buffer.from(e.value, "base64").toString("utf8")),
        }),
      ),
    );
    expect(strings(doc).some((s) => s.includes("TfToken"))).toBe(false);
    for (const { files } of decoded) for (const f of files) expect(f).not.toContain("TfToken");
    // The AMP remote-write URL is known only at apply time: a placeholder, its variable, and the preamble's substitution.
    const prom = decoded.find(({ files }) => files.some((f) => f.includes("remote_write")))!;
    const placeholder = /@@(CONFIG_PROMETHEUS_YML_V\d+)@@api\/v1\/remote_write/.exec(prom.files.join("\n"))![1];
    expect(prom.c.environment.find((e) => e.name === placeholder)?.value).toMatch(
      /^\$\{aws_prometheus_workspace\.[^.]+\.prometheus_endpoint\}$/,
    );
    expect(prom.c.command!.join(" ")).toContain(`sed -i "s|@@${placeholder}@@|$${placeholder}|g" /tmp/config/prometheus.yml`);
  });
});
