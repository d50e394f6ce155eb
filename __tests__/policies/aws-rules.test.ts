/**
 * AWS rule pairs through the same harness as rules.test.ts, on the synthesized default AWS stack (a mutation check of the
 * JSON): the default stack is compliant for every AWS rule (compliant input); each case removes or weakens the setting a
 * rule guards, in each form Terraform accepts it, and names the rule that must report it (non-compliant input). Extra
 * compliant cases show that the rules judge what a resource does, not one attribute's spelling.
 */
import { evaluate } from "../../policies/engine";
import { RULES } from "../../policies/pack";
import { TARGET_RULES } from "../../policies/coverage";
import { resources } from "../../policies/tf";
import { parseConfig } from "../../config/load";
import { awsStack, checkedAwsDoc, checkedAwsStateDoc, checkedDoc, type Doc } from "../helpers/synth";

type Edit = (doc: Doc) => void;
// Cases edit arbitrary JSON in place; loose typing keeps each one a single readable line.
type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const all = (d: Doc, type: string): Json[] => Object.values(d.resource[type] ?? {});
const first = (d: Doc, type: string): Json => all(d, type)[0];
const tagged = (d: Doc, type: string, service: string): Json => all(d, type).find((r) => r.tags?.Service === service);
const addressOf = (d: Doc, type: string, body: Json): string =>
  `${type}.${Object.entries(d.resource[type]).find(([, b]) => b === body)![0]}`;
/** Rewrites one service's container definition (the JSON string of its task definition). */
const container = (d: Doc, service: string, edit: (c: Json, task: Json) => void) => {
  const task = tagged(d, "aws_ecs_task_definition", service);
  const defs = JSON.parse(task.container_definitions);
  edit(defs[0], task);
  // An edit may ask for the list itself (Terraform JSON accepts either form).
  task.container_definitions = task.array ? defs : JSON.stringify(defs);
  delete task.array;
};
const sg = (d: Doc, service: string) => `\${${addressOf(d, "aws_security_group", tagged(d, "aws_security_group", service))}.id}`;
const bucket = (d: Doc, name: string) => all(d, "aws_s3_bucket").find((b) => String(b.bucket).includes(`-${name}-`));
const ofBucket = (d: Doc, type: string, name: string): Json => {
  const ref = addressOf(d, "aws_s3_bucket", bucket(d, name));
  return all(d, type).find((x) => String(x.bucket).includes(`${ref}.`));
};
/** Rewrites a JSON policy attribute (policy, or assume_role_policy for roles). */
const setPolicy = (body: Json, edit: (p: Json) => void, attr = "policy") => {
  const p = JSON.parse(body[attr]);
  edit(p);
  body[attr] = JSON.stringify(p);
};
const roleNamed = (d: Doc, suffix: string): Json => all(d, "aws_iam_role").find((r) => String(r.name).endsWith(suffix));
const rolePolicy = (d: Doc, role: Json): Json => {
  const ref = addressOf(d, "aws_iam_role", role);
  return all(d, "aws_iam_role_policy").find((p) => String(p.role).includes(`${ref}.`));
};
const params = (d: Doc): Json[] => first(d, "aws_db_parameter_group").parameter;
const setParam = (d: Doc, name: string, value: string) => (params(d).find((p: Json) => p.name === name).value = value);
const listener = (d: Doc, protocol: string): Json => all(d, "aws_lb_listener").find((l) => l.protocol === protocol);
const acl = (d: Doc): Json => first(d, "aws_wafv2_web_acl");
const b64 = (s: string) => Buffer.from(s).toString("base64");

const CASES: [string, string, Edit][] = [
  ["AWS-001", "user removed", (d) => container(d, "api", (c) => delete c.user)],
  ["AWS-001", 'user "0:0"', (d) => container(d, "worker", (c) => (c.user = "0:0"))],
  ["AWS-001", "a named user", (d) => container(d, "nginx", (c) => (c.user = "nginx"))],
  [
    "AWS-001",
    "container_definitions as an expression the pack cannot read",
    (d) => (tagged(d, "aws_ecs_task_definition", "api").container_definitions = '${jsonencode([{ name = "api" }])}'),
  ],
  ["AWS-002", "readonlyRootFilesystem false", (d) => container(d, "api", (c) => (c.readonlyRootFilesystem = false))],
  [
    "AWS-002",
    "a writable mount over /etc",
    (d) => container(d, "api", (c) => c.mountPoints.push({ sourceVolume: "rw-tmp", containerPath: "/etc" })),
  ],
  ["AWS-003", "drop ALL removed", (d) => container(d, "api", (c) => (c.linuxParameters.capabilities.drop = []))],
  [
    "AWS-003",
    "NET_BIND_SERVICE added back",
    (d) => container(d, "nginx", (c) => (c.linuxParameters.capabilities.add = ["NET_BIND_SERVICE"])),
  ],
  ["AWS-004", "privileged", (d) => container(d, "api", (c) => (c.privileged = true))],
  [
    "AWS-004",
    "privileged, with container_definitions given as a JSON array instead of a string",
    (d) =>
      container(d, "api", (c, task) => {
        c.privileged = true;
        task.array = true;
      }),
  ],
  [
    "AWS-004",
    "SYS_PTRACE (the one Fargate allows) added",
    (d) => container(d, "worker", (c) => (c.linuxParameters.capabilities.add = ["SYS_PTRACE"])),
  ],
  ["AWS-004", "host network mode", (d) => (tagged(d, "aws_ecs_task_definition", "api").network_mode = "host")],
  ["AWS-004", "host PID namespace", (d) => (tagged(d, "aws_ecs_task_definition", "api").pid_mode = "host")],
  ["AWS-004", "host IPC namespace", (d) => (tagged(d, "aws_ecs_task_definition", "api").ipc_mode = "host")],
  ["AWS-004", "seccomp unconfined", (d) => container(d, "api", (c) => (c.dockerSecurityOptions = ["seccomp=unconfined"]))],
  ["AWS-005", "no container memory", (d) => container(d, "api", (c) => delete c.memory)],
  ["AWS-005", "container cpu above the task's", (d) => container(d, "api", (c, t) => (c.cpu = Number(t.cpu) * 2))],
  ["AWS-006", "health check removed", (d) => container(d, "api", (c) => delete c.healthCheck)],
  ["AWS-006", "not essential", (d) => container(d, "worker", (c) => (c.essential = false))],
  ["AWS-007", "no log configuration", (d) => container(d, "api", (c) => delete c.logConfiguration)],
  ["AWS-007", "json-file logs stay on the task", (d) => container(d, "api", (c) => (c.logConfiguration = { logDriver: "json-file" }))],
  [
    "AWS-008",
    "a host_path volume (the Docker socket on EC2)",
    (d) => tagged(d, "aws_ecs_task_definition", "scanner").volume.push({ name: "sock", host_path: "/var/run/docker.sock" }),
  ],
  [
    "AWS-008",
    "an unhardened tmpfs (EC2)",
    (d) => container(d, "api", (c) => (c.linuxParameters.tmpfs = [{ containerPath: "/run", size: 64, mountOptions: ["rw"] }])),
  ],
  ["AWS-009", "latest", (d) => container(d, "api", (c) => (c.image = String(c.image).replace(/:[^:}]+$/, ":latest")))],
  ["AWS-009", "untagged", (d) => container(d, "api", (c) => (c.image = String(c.image).replace(/:[^:}]+$/, "")))],
  [
    "AWS-010",
    "a password wrapped in a function, in environment",
    (d) => container(d, "api", (c) => c.environment.push({ name: "DB", value: "${nonsensitive(random_password.db.result)}" })),
  ],
  [
    "AWS-010",
    "a Secrets Manager value interpolated into environment",
    (d) =>
      container(d, "api", (c) =>
        c.environment.push({ name: "JWT", value: '${jsondecode(aws_secretsmanager_secret_version.jwt.secret_string)["key"]}' }),
      ),
  ],
  [
    "AWS-010",
    "a secret-named variable with a literal value",
    (d) => container(d, "api", (c) => c.environment.push({ name: "API_TOKEN", value: "abc123" })),
  ],
  [
    "AWS-010",
    "a secret in the health check",
    (d) => container(d, "api", (c) => c.healthCheck.command.push("${aws_db_instance.x.password}")),
  ],
  [
    "AWS-010",
    "a literal SECRET_KEY in environment",
    (d) => container(d, "api", (c) => c.environment.push({ name: "SECRET_KEY", value: "django-insecure-x9$kq2!vz7@m" })),
  ],
  [
    "AWS-010",
    "a literal AWS_SECRET_ACCESS_KEY in environment",
    (d) =>
      container(d, "worker", (c) =>
        c.environment.push({ name: "AWS_SECRET_ACCESS_KEY", value: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" }),
      ),
  ],
  [
    "AWS-010",
    "DATABASE_URL with a password in the URL",
    (d) =>
      container(d, "api", (c) => {
        c.environment.find((e: Json) => e.name === "DATABASE_URL").value = "postgresql://app:hunter2xyz@db.internal/security_agents";
      }),
  ],
  [
    "AWS-010",
    "a PEM private key in environment",
    (d) =>
      container(d, "api", (c) =>
        c.environment.push({
          name: "TLS_KEY_PEM",
          value: "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n",
        }),
      ),
  ],
  [
    "AWS-010",
    "--db-password in the command",
    (d) => container(d, "pushgateway", (c) => c.command.push("--db-password", "hunter2-S3cr3t!")),
  ],
  [
    "AWS-010",
    "PGPASSWORD=… in a shell health check",
    (d) => container(d, "api", (c) => (c.healthCheck.command = ["CMD-SHELL", "PGPASSWORD=hunter2xyz pg_isready -h db -U app"])),
  ],
  [
    "AWS-010",
    "a secret-named value shaped like a path, a $word literal",
    (d) => container(d, "api", (c) => c.environment.push({ name: "JWT_SECRET_B64", value: "/x8KqZ3vLmN0pQ7rS2tU5wY9aB4cD6eF" })),
  ],
  [
    "AWS-010",
    "a $word literal (ECS never expands env)",
    (d) => container(d, "api", (c) => c.environment.push({ name: "DB_PASSWORD", value: "$ecretPassw0rd" })),
  ],
  [
    "AWS-010",
    "a password in a URL query string",
    (d) => container(d, "api", (c) => c.environment.push({ name: "DB_DSN", value: "postgresql://db/app?user=app&password=hunter2xyz" })),
  ],
  ["AWS-010", "a FERNET_KEY", (d) => container(d, "api", (c) => c.environment.push({ name: "FERNET_KEY", value: "abcdefghij" }))],
  [
    "AWS-010",
    "redis-cli -a in the health check",
    (d) => container(d, "api", (c) => (c.healthCheck.command = ["CMD", "redis-cli", "-a", "hunter2", "ping"])),
  ],
  [
    "AWS-010",
    "mysqladmin -p<password> in the command",
    (d) => container(d, "api", (c) => (c.command = ["mysqladmin", "ping", "-phunter2"])),
  ],
  [
    "AWS-010",
    "curl -u user:pass in a shell health check",
    (d) => container(d, "api", (c) => (c.healthCheck.command = ["CMD-SHELL", "curl -fsS -u admin:hunter2 http://x"])),
  ],
  ["AWS-011", "a literal RDS password", (d) => (first(d, "aws_db_instance").password = "hunter2hunter2")],
  ["AWS-011", "a cache auth token", (d) => (first(d, "aws_elasticache_replication_group").auth_token = "${var.redis_token}")],
  ["AWS-011", "static keys in the provider", (d) => ((d.provider as Json).aws[0].access_key = "AKIAEXAMPLE")],
  ["AWS-012", "ECS Exec on", (d) => (tagged(d, "aws_ecs_service", "api").enable_execute_command = true)],
  ["AWS-012", "a public IP on a service", (d) => (tagged(d, "aws_ecs_service", "api").network_configuration.assign_public_ip = true)],
  ["AWS-012", "Container Insights off", (d) => (first(d, "aws_ecs_cluster").setting = [{ name: "containerInsights", value: "disabled" }])],
  [
    "AWS-012",
    "ECS Exec on the scheduled scanner",
    (d) => (first(d, "aws_scheduler_schedule").target.ecs_parameters.enable_execute_command = true),
  ],
  [
    "AWS-013",
    "the execution role reused as the task role",
    (d) => {
      const t = tagged(d, "aws_ecs_task_definition", "api");
      t.task_role_arn = t.execution_role_arn;
    },
  ],
  [
    "AWS-013",
    "one task role shared by two families",
    (d) => (tagged(d, "aws_ecs_task_definition", "worker").task_role_arn = tagged(d, "aws_ecs_task_definition", "api").task_role_arn),
  ],
  [
    "AWS-014",
    'Resource "*" on secretsmanager:GetSecretValue',
    (d) => setPolicy(rolePolicy(d, roleNamed(d, "-api-exec")), (p) => (p.Statement.find((s: Json) => s.Sid === "Secrets").Resource = "*")),
  ],
  [
    "AWS-014",
    "a service wildcard",
    (d) =>
      setPolicy(rolePolicy(d, roleNamed(d, "-worker-task")), (p) =>
        p.Statement.push({ Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::x/*" }),
      ),
  ],
  [
    "AWS-014",
    "kms:Decrypt on every key",
    (d) =>
      setPolicy(
        rolePolicy(d, roleNamed(d, "-api-exec")),
        (p) => (p.Statement.find((s: Json) => s.Sid === "SecretsKey").Resource = "arn:aws:kms:eu-west-1:123456789012:key/*"),
      ),
  ],
  [
    "AWS-014",
    "iam:PassRole without a service condition",
    (d) =>
      setPolicy(rolePolicy(d, roleNamed(d, "-worker-task")), (p) =>
        p.Statement.push({ Effect: "Allow", Action: "iam:PassRole", Resource: "arn:aws:iam::123456789012:role/x" }),
      ),
  ],
  [
    "AWS-014",
    "AdministratorAccess attached",
    (d) =>
      (d.resource.aws_iam_role_policy_attachment = { admin: { role: "x", policy_arn: "arn:aws:iam::aws:policy/AdministratorAccess" } }),
  ],
  [
    "AWS-014",
    "a policy from a data source the pack cannot read",
    (d) => (rolePolicy(d, roleNamed(d, "-worker-task")).policy = "${data.aws_iam_policy_document.worker.json}"),
  ],
  [
    "AWS-015",
    "an AWS-managed policy attached",
    (d) =>
      (d.resource.aws_iam_role_policy_attachment = {
        exec: { role: "x", policy_arn: "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy" },
      }),
  ],
  [
    "AWS-016",
    "trust without aws:SourceAccount",
    (d) => setPolicy(roleNamed(d, "-api-task"), (p) => delete p.Statement[0].Condition, "assume_role_policy"),
  ],
  [
    "AWS-016",
    'trust Principal "*"',
    (d) => setPolicy(roleNamed(d, "-api-task"), (p) => (p.Statement[0].Principal = "*"), "assume_role_policy"),
  ],
  [
    "AWS-017",
    "the scheduler role may run any task definition",
    (d) => setPolicy(rolePolicy(d, roleNamed(d, "-scanner-scheduler")), (p) => (p.Statement[0].Resource = "*")),
  ],
  [
    "AWS-017",
    "the scheduler role may also stop tasks",
    (d) => setPolicy(rolePolicy(d, roleNamed(d, "-scanner-scheduler")), (p) => (p.Statement[0].Action = ["ecs:RunTask", "ecs:StopTask"])),
  ],
  ["AWS-017", "the schedule without a customer key", (d) => delete first(d, "aws_scheduler_schedule").kms_key_arn],
  [
    "AWS-018",
    "postgres open to the internet (aws_vpc_security_group_ingress_rule)",
    (d) =>
      (d.resource.aws_vpc_security_group_ingress_rule.open = {
        security_group_id: sg(d, "postgres"),
        cidr_ipv4: "0.0.0.0/0",
        ip_protocol: "tcp",
        from_port: 5432,
        to_port: 5432,
        description: "x",
      }),
  ],
  [
    "AWS-018",
    "api open to ::/0 through aws_security_group_rule",
    (d) =>
      (d.resource.aws_security_group_rule = {
        open: {
          type: "ingress",
          security_group_id: sg(d, "api"),
          ipv6_cidr_blocks: ["::/0"],
          protocol: "tcp",
          from_port: 8000,
          to_port: 8000,
          description: "x",
        },
      }),
  ],
  [
    "AWS-018",
    "an inline ingress block open on 22",
    (d) =>
      (tagged(d, "aws_security_group", "worker").ingress = [
        { cidr_blocks: ["0.0.0.0/0"], protocol: "tcp", from_port: 22, to_port: 22, description: "ssh" },
      ]),
  ],
  [
    "AWS-018",
    "postgres open to 0.0.0.0/1 + 128.0.0.0/1 (the internet in two halves)",
    (d) =>
      (d.resource.aws_security_group_rule = {
        halves: {
          type: "ingress",
          security_group_id: sg(d, "postgres"),
          cidr_blocks: ["0.0.0.0/1", "128.0.0.0/1"],
          protocol: "tcp",
          from_port: 5432,
          to_port: 5432,
          description: "x",
        },
      }),
  ],
  [
    "AWS-018",
    "postgres open to 8.0.0.0/8 (a public block)",
    (d) =>
      (d.resource.aws_vpc_security_group_ingress_rule.eight = {
        security_group_id: sg(d, "postgres"),
        cidr_ipv4: "8.0.0.0/8",
        ip_protocol: "tcp",
        from_port: 5432,
        to_port: 5432,
        description: "x",
      }),
  ],
  [
    "AWS-018",
    "api open to 2000::/3 (global unicast IPv6)",
    (d) =>
      (d.resource.aws_vpc_security_group_ingress_rule.v6 = {
        security_group_id: sg(d, "api"),
        cidr_ipv6: "2000::/3",
        ip_protocol: "tcp",
        from_port: 8000,
        to_port: 8000,
        description: "x",
      }),
  ],
  [
    "AWS-018",
    "the ALB open to the internet on all ports (ip_protocol -1)",
    (d) =>
      (d.resource.aws_vpc_security_group_ingress_rule.alb_all = {
        security_group_id: sg(d, "alb"),
        cidr_ipv4: "0.0.0.0/0",
        ip_protocol: "-1",
        description: "x",
      }),
  ],
  [
    "AWS-018",
    "the ALB open on 8080",
    (d) =>
      (d.resource.aws_vpc_security_group_ingress_rule.alt = {
        security_group_id: sg(d, "alb"),
        cidr_ipv4: "0.0.0.0/0",
        ip_protocol: "tcp",
        from_port: 8080,
        to_port: 8080,
        description: "x",
      }),
  ],
  [
    "AWS-019",
    "nginx may reach postgres (a flow the model does not have)",
    (d) =>
      (d.resource.aws_vpc_security_group_ingress_rule.extra = {
        security_group_id: sg(d, "postgres"),
        referenced_security_group_id: sg(d, "nginx"),
        ip_protocol: "tcp",
        from_port: 5432,
        to_port: 5432,
        description: "x",
      }),
  ],
  [
    "AWS-019",
    "a port range between two services",
    (d) =>
      (d.resource.aws_security_group_rule = {
        r: {
          type: "ingress",
          security_group_id: sg(d, "api"),
          source_security_group_id: sg(d, "dashboard"),
          protocol: "tcp",
          from_port: 0,
          to_port: 65535,
          description: "x",
        },
      }),
  ],
  [
    "AWS-019",
    "a VPC CIDR instead of a group reference on redis",
    (d) =>
      (d.resource.aws_vpc_security_group_ingress_rule.cidr = {
        security_group_id: sg(d, "redis"),
        cidr_ipv4: "10.40.0.0/16",
        ip_protocol: "tcp",
        from_port: 6379,
        to_port: 6379,
        description: "x",
      }),
  ],
  [
    "AWS-020",
    "the worker (no egress in the model) may reach the internet",
    (d) =>
      (d.resource.aws_vpc_security_group_egress_rule.out = {
        security_group_id: sg(d, "worker"),
        cidr_ipv4: "0.0.0.0/0",
        ip_protocol: "tcp",
        from_port: 443,
        to_port: 443,
        description: "x",
      }),
  ],
  [
    "AWS-020",
    "the api may reach the internet on every protocol (inline egress)",
    (d) =>
      (tagged(d, "aws_security_group", "api").egress = [
        { cidr_blocks: ["0.0.0.0/0"], protocol: "-1", from_port: 0, to_port: 0, description: "all" },
      ]),
  ],
  [
    "AWS-020",
    "the worker may reach 8.0.0.0/8 (a public block, not only 0.0.0.0/0)",
    (d) =>
      (d.resource.aws_vpc_security_group_egress_rule.eight = {
        security_group_id: sg(d, "worker"),
        cidr_ipv4: "8.0.0.0/8",
        ip_protocol: "tcp",
        from_port: 443,
        to_port: 443,
        description: "x",
      }),
  ],
  [
    "AWS-020",
    "no Secrets Manager endpoint",
    (d) => {
      for (const [k, e] of Object.entries(d.resource.aws_vpc_endpoint))
        if (String((e as Json).service_name).endsWith(".secretsmanager")) delete d.resource.aws_vpc_endpoint[k];
    },
  ],
  ["AWS-021", "a rule without a description", (d) => delete first(d, "aws_vpc_security_group_ingress_rule").description],
  [
    "AWS-021",
    "a group with Terraform's default description",
    (d) => (tagged(d, "aws_security_group", "api").description = "Managed by Terraform"),
  ],
  [
    "AWS-022",
    "the default security group allows ingress",
    (d) => (first(d, "aws_default_security_group").ingress = [{ self: true, protocol: "-1", from_port: 0, to_port: 0 }]),
  ],
  ["AWS-022", "no flow log", (d) => delete d.resource.aws_flow_log],
  ["AWS-022", "a subnet assigning public IPs", (d) => (first(d, "aws_subnet").map_public_ip_on_launch = true)],
  [
    "AWS-023",
    "a NACL allowing ssh from the internet",
    (d) => (
      (first(d, "aws_network_acl_rule").cidr_block = "0.0.0.0/0"),
      Object.assign(first(d, "aws_network_acl_rule"), { from_port: 22, to_port: 22, egress: false, rule_action: "allow" })
    ),
  ],
  [
    "AWS-023",
    "a NACL allowing ssh from 0.0.0.0/1 (half the internet)",
    (d) => (
      (first(d, "aws_network_acl_rule").cidr_block = "0.0.0.0/1"),
      Object.assign(first(d, "aws_network_acl_rule"), { from_port: 22, to_port: 22, egress: false, rule_action: "allow" })
    ),
  ],
  ["AWS-023", "a subnet without a NACL", (d) => (first(d, "aws_network_acl").subnet_ids = first(d, "aws_network_acl").subnet_ids.slice(1))],
  ["AWS-024", "RDS publicly accessible", (d) => (first(d, "aws_db_instance").publicly_accessible = true)],
  [
    "AWS-024",
    "the isolated subnets routed to the NAT gateway",
    (d) => {
      const rt = all(d, "aws_route_table").find((r) => r.tags.Tier === "isolated");
      rt.route = all(d, "aws_route_table").find((r) => r.tags.Tier === "private").route;
    },
  ],
  [
    "AWS-024",
    "the isolated route table gets a separate aws_route to the internet gateway",
    (d) => {
      const rt = all(d, "aws_route_table").find((r) => r.tags.Tier === "isolated");
      d.resource.aws_route = {
        out: {
          route_table_id: `\${${addressOf(d, "aws_route_table", rt)}.id}`,
          destination_cidr_block: "0.0.0.0/0",
          gateway_id: "${aws_internet_gateway.igw.id}",
        },
      };
    },
  ],
  ["AWS-024", "ElastiCache in the default subnet group", (d) => delete first(d, "aws_elasticache_replication_group").subnet_group_name],
  ["AWS-025", "ssl_policy removed (the API default is TLS 1.0)", (d) => delete listener(d, "HTTPS").ssl_policy],
  ["AWS-025", "an older TLS 1.3 policy", (d) => (listener(d, "HTTPS").ssl_policy = "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06")],
  [
    "AWS-025",
    "the intermediate ALB policy in front of a TLS 1.3-only (modern) nginx",
    (d) =>
      container(d, "nginx", (c) => {
        const e = c.environment.find((x: Json) => x.name === "CONFIG_NGINX_CONF_B64");
        e.value = b64(Buffer.from(e.value, "base64").toString().replace("ssl_protocols TLSv1.2 TLSv1.3;", "ssl_protocols TLSv1.3;"));
      }),
  ],
  ["AWS-026", "the HTTP listener forwards", (d) => (listener(d, "HTTP").default_action = listener(d, "HTTPS").default_action)],
  ["AWS-026", "a 302 redirect", (d) => (listener(d, "HTTP").default_action[0].redirect.status_code = "HTTP_302")],
  ["AWS-027", "invalid headers kept", (d) => delete first(d, "aws_lb").drop_invalid_header_fields],
  ["AWS-027", "desync monitor mode", (d) => (first(d, "aws_lb").desync_mitigation_mode = "monitor")],
  ["AWS-027", "no access logs", (d) => (first(d, "aws_lb").access_logs.enabled = false)],
  ["AWS-028", "e-mail validation", (d) => (first(d, "aws_acm_certificate").validation_method = "EMAIL")],
  ["AWS-028", "an imported private key", (d) => (first(d, "aws_acm_certificate").private_key = '${file("key.pem")}')],
  [
    "AWS-029",
    "the nginx.conf behind the ALB allows TLS 1.1",
    (d) =>
      container(d, "nginx", (c) => {
        const e = c.environment.find((x: Json) => x.name === "CONFIG_NGINX_CONF_B64");
        e.value = b64(
          Buffer.from(e.value, "base64").toString().replace("ssl_protocols TLSv1.2 TLSv1.3;", "ssl_protocols TLSv1.1 TLSv1.2 TLSv1.3;"),
        );
      }),
  ],
  [
    "AWS-029",
    "the nginx.conf behind the ALB with X-XSS-Protection 1 (H-07)",
    (d) =>
      container(d, "nginx", (c) => {
        const e = c.environment.find((x: Json) => x.name === "CONFIG_NGINX_CONF_B64");
        e.value = b64(Buffer.from(e.value, "base64").toString().replaceAll('X-XSS-Protection "0"', 'X-XSS-Protection "1; mode=block"'));
      }),
  ],
  ["AWS-029", "the ALB's Server header on", (d) => delete listener(d, "HTTPS").routing_http_response_server_enabled],
  ["AWS-030", "no web ACL association", (d) => delete d.resource.aws_wafv2_web_acl_association],
  [
    "AWS-030",
    "Known Bad Inputs in count mode",
    (d) => (acl(d).rule.find((r: Json) => r.name === "AWSManagedRulesKnownBadInputsRuleSet").override_action = { count: {} }),
  ],
  ["AWS-030", "no rate-based rule", (d) => (acl(d).rule = acl(d).rule.filter((r: Json) => !r.statement.rate_based_statement))],
  ["AWS-030", "authorization not redacted", (d) => (first(d, "aws_wafv2_web_acl_logging_configuration").redacted_fields = [])],
  ["AWS-031", "storage not encrypted", (d) => (first(d, "aws_db_instance").storage_encrypted = false)],
  ["AWS-031", "rds.force_ssl = 0", (d) => setParam(d, "rds.force_ssl", "0")],
  [
    "AWS-031",
    "the parameter group detached (CKV2_AWS_69 passes this, E-16)",
    (d) => delete first(d, "aws_db_instance").parameter_group_name,
  ],
  ["AWS-031", "an old CA", (d) => (first(d, "aws_db_instance").ca_cert_identifier = "rds-ca-2019")],
  ["AWS-032", "one day of backups", (d) => (first(d, "aws_db_instance").backup_retention_period = 1)],
  ["AWS-032", "no deletion protection", (d) => (first(d, "aws_db_instance").deletion_protection = false)],
  ["AWS-032", "no final snapshot", (d) => (first(d, "aws_db_instance").skip_final_snapshot = true)],
  ["AWS-033", "IAM auth off", (d) => (first(d, "aws_db_instance").iam_database_authentication_enabled = false)],
  ["AWS-033", "log_statement = all (the guide's, E-12)", (d) => setParam(d, "log_statement", "all")],
  ["AWS-033", "md5 passwords", (d) => setParam(d, "password_encryption", "md5")],
  ["AWS-034", "no enhanced monitoring", (d) => (first(d, "aws_db_instance").monitoring_interval = 0)],
  ["AWS-034", "Performance Insights on the AWS key", (d) => delete first(d, "aws_db_instance").performance_insights_kms_key_id],
  ["AWS-035", "single-AZ", (d) => (first(d, "aws_db_instance").multi_az = false)],
  ["AWS-036", "transit encryption preferred", (d) => (first(d, "aws_elasticache_replication_group").transit_encryption_mode = "preferred")],
  ["AWS-036", "at rest with the AWS key", (d) => delete first(d, "aws_elasticache_replication_group").kms_key_id],
  ["AWS-036", "no authentication", (d) => delete first(d, "aws_elasticache_replication_group").user_group_ids],
  [
    "AWS-036",
    "the default user enabled without a password",
    (d) => {
      const u = all(d, "aws_elasticache_user").find((x) => x.user_name === "default");
      u.access_string = "on ~* +@all";
      u.no_password_required = true;
      delete u.passwords;
      delete u.authentication_mode;
    },
  ],
  ["AWS-036", "no snapshots", (d) => (first(d, "aws_elasticache_replication_group").snapshot_retention_limit = 0)],
  ["AWS-037", "rotation off", (d) => delete first(d, "aws_kms_key").enable_key_rotation],
  ["AWS-037", "a 7-day deletion window", (d) => (first(d, "aws_kms_key").deletion_window_in_days = 7)],
  [
    "AWS-037",
    'a key policy open to Principal "*"',
    (d) =>
      setPolicy(first(d, "aws_kms_key"), (p) =>
        p.Statement.push({ Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:Decrypt", Resource: "*" }),
      ),
  ],
  ["AWS-038", "a secret on the AWS-managed key", (d) => delete first(d, "aws_secretsmanager_secret").kms_key_id],
  [
    "AWS-039",
    "RDS master password not managed",
    (d) => {
      const db = first(d, "aws_db_instance");
      delete db.manage_master_user_password;
    },
  ],
  ["AWS-040", "mutable tags", (d) => (first(d, "aws_ecr_repository").image_tag_mutability = "MUTABLE")],
  ["AWS-040", "no scan on push", (d) => (first(d, "aws_ecr_repository").image_scanning_configuration.scan_on_push = false)],
  ["AWS-040", "AES256 encryption", (d) => (first(d, "aws_ecr_repository").encryption_configuration = [{ encryption_type: "AES256" }])],
  ["AWS-040", "no lifecycle policies", (d) => delete d.resource.aws_ecr_lifecycle_policy],
  [
    "AWS-040",
    "a public repository policy",
    (d) =>
      (d.resource.aws_ecr_repository_policy = {
        pub: { repository: "x", policy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: "*", Action: "ecr:BatchGetImage" }] }) },
      }),
  ],
  ["AWS-041", "a log group without a key", (d) => delete first(d, "aws_cloudwatch_log_group").kms_key_id],
  ["AWS-041", "a log group kept 30 days", (d) => (first(d, "aws_cloudwatch_log_group").retention_in_days = 30)],
  ["AWS-041", "a log group kept forever", (d) => delete first(d, "aws_cloudwatch_log_group").retention_in_days],
  ["AWS-042", "an alarm without actions", (d) => delete first(d, "aws_cloudwatch_metric_alarm").alarm_actions],
  ["AWS-042", "alarm actions disabled", (d) => (first(d, "aws_cloudwatch_metric_alarm").actions_enabled = false)],
  ["AWS-042", "no alert manager definition", (d) => delete d.resource.aws_prometheus_alert_manager_definition],
  ["AWS-043", "block_public_policy off", (d) => (ofBucket(d, "aws_s3_bucket_public_access_block", "backups").block_public_policy = false)],
  ["AWS-043", "ACLs enabled", (d) => (ofBucket(d, "aws_s3_bucket_ownership_controls", "backups").rule.object_ownership = "ObjectWriter")],
  [
    "AWS-044",
    "the backup bucket on SSE-S3",
    (d) =>
      (ofBucket(d, "aws_s3_bucket_server_side_encryption_configuration", "backups").rule = [
        { apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } },
      ]),
  ],
  [
    "AWS-044",
    "no bucket key",
    (d) => delete ofBucket(d, "aws_s3_bucket_server_side_encryption_configuration", "backups").rule[0].bucket_key_enabled,
  ],
  [
    "AWS-045",
    "an Allow on SecureTransport = true instead of the Deny (CKV_AWS_379 passes this, E-17)",
    (d) =>
      setPolicy(
        ofBucket(d, "aws_s3_bucket_policy", "backups"),
        (p) => (p.Statement[0] = { ...p.Statement[0], Effect: "Allow", Condition: { Bool: { "aws:SecureTransport": "true" } } }),
      ),
  ],
  [
    "AWS-045",
    "the Deny covers only the objects",
    (d) =>
      setPolicy(
        ofBucket(d, "aws_s3_bucket_policy", "scan-reports"),
        (p) => (p.Statement[0].Resource = p.Statement[0].Resource.filter((r: string) => r.endsWith("/*"))),
      ),
  ],
  [
    "AWS-046",
    "versioning suspended",
    (d) => (ofBucket(d, "aws_s3_bucket_versioning", "scan-reports").versioning_configuration.status = "Suspended"),
  ],
  ["AWS-046", "the backup bucket without Object Lock", (d) => delete d.resource.aws_s3_bucket_object_lock_configuration],
  [
    "AWS-047",
    "no noncurrent expiration",
    (d) => delete ofBucket(d, "aws_s3_bucket_lifecycle_configuration", "backups").rule[0].noncurrent_version_expiration,
  ],
  [
    "AWS-048",
    "no access logging",
    (d) => {
      for (const [k, l] of Object.entries(d.resource.aws_s3_bucket_logging))
        if (String((l as Json).bucket).includes("backups")) delete d.resource.aws_s3_bucket_logging[k];
    },
  ],
  [
    "AWS-049",
    "an S3 backend without encryption or lockfile",
    (d) => ((d.terraform as Json).backend = { s3: { bucket: "b", key: "k", region: "eu-west-1", dynamodb_table: "locks" } }),
  ],
  [
    "TF-001",
    "a dynamic ingress block on a security group (0.0.0.0/0 to 5432)",
    (d) =>
      (first(d, "aws_security_group").dynamic = {
        ingress: { for_each: ["x"], content: { cidr_blocks: ["0.0.0.0/0"], from_port: 5432, to_port: 5432, protocol: "tcp" } },
      }),
  ],
];

/** Inputs a rule must accept: the same intent written another way, or a reviewed exception. */
const COMPLIANT: [string, string, Edit][] = [
  [
    "AWS-004",
    "an EC2 task in bridge mode (not the host's network)",
    (d) => (tagged(d, "aws_ecs_task_definition", "api").network_mode = "bridge"),
  ],
  [
    "AWS-011",
    "a plain String SSM parameter",
    (d) => (d.resource.aws_ssm_parameter = { p: { name: "/x/region", type: "String", value: "eu-west-1" } }),
  ],
  ["AWS-041", "an explicit never-expire retention (0)", (d) => (first(d, "aws_cloudwatch_log_group").retention_in_days = 0)],
  [
    "AWS-010",
    "a boolean flag whose name ends in AUTH",
    (d) => container(d, "api", (c) => c.environment.push({ name: "REDIS_AUTH", value: "true" })),
  ],
  [
    "AWS-010",
    "SECURE_COOKIES=true (already in the stack) and a number under a secret-sounding name",
    (d) => container(d, "api", (c) => c.environment.push({ name: "TOKEN_TTL", value: "3600" })),
  ],
  [
    "AWS-010",
    "a secret-named variable holding a file path, and a URL with a user but no password",
    (d) =>
      container(d, "api", (c) =>
        c.environment.push(
          { name: "DB_PASSWORD_FILE", value: "/run/secrets/db" },
          { name: "CACHE_URL", value: "rediss://app@cache:6379/0" },
        ),
      ),
  ],
  [
    "AWS-018",
    "the ALB's 443 written as an inline ingress block",
    (d) => {
      delete d.resource.aws_vpc_security_group_ingress_rule[
        Object.keys(d.resource.aws_vpc_security_group_ingress_rule).find((k) => k.includes("alb-in-443"))!
      ];
      tagged(d, "aws_security_group", "alb").ingress = [
        { cidr_blocks: ["0.0.0.0/0"], protocol: "tcp", from_port: 443, to_port: 443, description: "HTTPS" },
      ];
    },
  ],
  [
    "AWS-018",
    "postgres reachable from private and reserved space only (RFC 1918, CGNAT, link-local, ULA)",
    (d) =>
      (d.resource.aws_security_group_rule = {
        private: {
          type: "ingress",
          security_group_id: sg(d, "postgres"),
          cidr_blocks: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16"],
          ipv6_cidr_blocks: ["fc00::/7", "fe80::/10"],
          protocol: "tcp",
          from_port: 5432,
          to_port: 5432,
          description: "x",
        },
      }),
  ],
  [
    "AWS-019",
    "a model flow written as aws_security_group_rule",
    (d) =>
      (d.resource.aws_security_group_rule = {
        r: {
          type: "ingress",
          security_group_id: sg(d, "postgres"),
          source_security_group_id: sg(d, "worker"),
          protocol: "tcp",
          from_port: 5432,
          to_port: 5432,
          description: "worker",
        },
      }),
  ],
  ["AWS-025", "the modern profile's policy", (d) => (listener(d, "HTTPS").ssl_policy = "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09")],
  [
    "AWS-039",
    "the JWT secret with a 30-day rotation",
    (d) =>
      (d.resource.aws_secretsmanager_secret_rotation = {
        r: {
          secret_id: `\${${addressOf(d, "aws_secretsmanager_secret", first(d, "aws_secretsmanager_secret"))}.id}`,
          rotation_rules: { automatically_after_days: 30 },
        },
      }),
  ],
  ["AWS-044", "the SSE-S3 log buckets carry the reason as a suppression", () => undefined],
  [
    "AWS-045",
    "SecureTransport written as a JSON boolean and Principal as {AWS: *}",
    (d) =>
      setPolicy(ofBucket(d, "aws_s3_bucket_policy", "backups"), (p) =>
        Object.assign(p.Statement[0], { Principal: { AWS: "*" }, Condition: { Bool: { "aws:SecureTransport": false } } }),
      ),
  ],
  [
    "AWS-049",
    "the S3 backend encrypted with the state key and a lockfile",
    (d) =>
      ((d.terraform as Json).backend = {
        s3: { bucket: "b", key: "k", region: "eu-west-1", encrypt: true, kms_key_id: "arn:aws:kms:eu-west-1:1:key/x", use_lockfile: true },
      }),
  ],
  [
    "TF-001",
    "the default stack has no dynamic block (a tag value spelled dynamic is data)",
    (d) => (first(d, "aws_security_group").tags = { Mode: "dynamic" }),
  ],
];

const active = (doc: Doc, id?: string) => evaluate(doc).filter((f) => !f.suppressed && (!id || f.ruleId === id));

test("the default AWS stack is compliant with every rule: no active finding but the JWT secret's manual rotation (warning)", () => {
  expect(active(checkedAwsDoc()).map((f) => `${f.severity} ${f.ruleId} ${f.address}`)).toEqual([
    "warning AWS-039 aws_secretsmanager_secret.system_jwt-secret_BD8AB9B3",
  ]);
  expect(
    evaluate(checkedAwsDoc())
      .filter((f) => f.suppressed)
      .map((f) => f.ruleId),
  ).toEqual(["AWS-044", "AWS-044"]);
});

test("the aws-state stack is compliant with every rule (its SSE-S3 log bucket carries its reason)", () => {
  expect(active(checkedAwsStateDoc())).toEqual([]);
});

test("AWS-025 T-05 the modern-profile stack (TLS 1.3-only nginx, modern ALB policy) is compliant too", () => {
  const modern = checkedDoc(awsStack(parseConfig({ tls: { profile: "modern" } })));
  expect(active(modern).filter((f) => f.severity === "error")).toEqual([]);
});

test("every AWS rule has at least one non-compliant case here", () => {
  expect(new Set(CASES.map(([id]) => id))).toEqual(new Set(TARGET_RULES.aws.map((r) => r.id)));
});

test("the AWS rules report nothing on the Docker stack's resources and the Docker rules nothing on AWS's", () => {
  expect(RULES.filter((r) => r.id.startsWith("DKR-") && active(checkedAwsDoc(), r.id).length).map((r) => r.id)).toEqual([]);
});

const baseline = new Set(active(checkedAwsDoc()).map((f) => `${f.ruleId} ${f.address} ${f.message}`));

/** Test names carry the rule's catalog IDs, as the project's control tests do. */
const named = (cases: [string, string, Edit][]) =>
  cases.map(([id, what, edit]) => [id, RULES.find((r) => r.id === id)!.controls.join(" "), what, edit] as const);

test.each(named(CASES))("%s [%s] reports %s", (id, _controls, _what, edit) => {
  const doc = checkedAwsDoc();
  edit(doc);
  // A new finding of that rule, not one the default stack already has.
  expect(active(doc, id).filter((f) => !baseline.has(`${f.ruleId} ${f.address} ${f.message}`)).length).toBeGreaterThan(0);
});

test.each(named(COMPLIANT))("%s [%s] accepts %s", (id, _controls, _what, edit) => {
  const doc = checkedAwsDoc();
  edit(doc);
  expect(active(doc, id)).toEqual([]);
});

test('AWS-018 N-05 says "all ports" for ip_protocol -1, never "port undefined"', () => {
  const doc = checkedAwsDoc();
  doc.resource.aws_vpc_security_group_ingress_rule.any = {
    security_group_id: sg(doc, "postgres"),
    cidr_ipv4: "0.0.0.0/0",
    ip_protocol: "-1",
    description: "x",
  };
  const messages = active(doc, "AWS-018").map((f) => f.message);
  expect(messages).toEqual([expect.stringContaining("all ports open to the internet")]);
  expect(messages.join()).not.toContain("undefined");
});

test("the AWS rules are linear: a stack with 40 times the resources is checked in well under a second", () => {
  const doc = checkedAwsDoc();
  for (const [type, byName] of Object.entries(doc.resource))
    for (const [name, body] of Object.entries(byName))
      for (let i = 0; i < 40; i++) doc.resource[type][`${name}_copy${i}`] = structuredClone(body);
  const n = Object.values(doc.resource).reduce((a, b) => a + Object.keys(b).length, 0);
  expect(n).toBeGreaterThan(10000);
  const start = performance.now();
  evaluate(doc, TARGET_RULES.aws);
  expect(performance.now() - start).toBeLessThan(3000);
  expect(resources(doc, "aws_s3_bucket").length).toBe(4 * 41);
});
