/**
 * Real-world failure reports (../shared/cases/) that concern the AWS target, as tests of this project's behaviour.
 */
import { Testing, TerraformStack } from "cdktf";
import { EcsCluster } from "@cdktf/provider-aws/lib/ecs-cluster";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { parseConfig } from "../../config";
import { awsContext } from "../../constructs/aws/context";
import { FargateService, type FargateServiceProps } from "../../constructs/aws/fargate-service";
import { PropsError } from "../../constructs/props";
import { resources } from "../../policies/tf";
import { synthAws } from "../helpers/synth";

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

describe("AWS cases", () => {
  const fargate = (props: Partial<FargateServiceProps>) => {
    const stack = new TerraformStack(Testing.app(), "t");
    const ctx = awsContext("acme", "dev", "eu-west-1", "111122223333");
    const key = new KmsKey(stack, "key", {});
    return new FargateService(
      stack,
      "api",
      ctx,
      {
        service: "api",
        image: "111122223333.dkr.ecr.eu-west-1.amazonaws.com/api:1.0.0",
        user: "10001:10001",
        cpus: 0.5,
        memoryMb: 512,
        writable: ["/tmp"],
        healthcheck: ["CMD", "/app/healthcheck"],
        repositoryArn: "arn:aws:ecr:eu-west-1:111122223333:repository/api",
        logRetentionDays: 365,
        ...props,
      },
      { cluster: new EcsCluster(stack, "c", { name: "c" }), subnets: ["subnet-1"], securityGroup: "sg-1", logsKey: key, secretsKey: key },
    );
  };

  test("B18 a read-only Fargate container without a writable temp mount is refused, naming the field", () => {
    expect(() => fargate({ writable: [] })).toThrow(PropsError);
    expect(() => fargate({ writable: [] })).toThrow(/writable: a read-only container needs a writable \/tmp/);
  });

  test("B18 the FastAPI, Streamlit and worker tasks mount a task volume at /tmp (and Streamlit's HOME) with TMPDIR set", () => {
    const doc = synthAws(undefined, false);
    for (const t of resources(doc, "aws_ecs_task_definition").filter((x) =>
      ["api", "dashboard", "worker"].includes((x.body as Json).tags.Service),
    )) {
      const c = JSON.parse(String(t.body.container_definitions))[0];
      expect(c.readonlyRootFilesystem).toBe(true);
      expect(c.mountPoints).toEqual(expect.arrayContaining([{ sourceVolume: "rw-tmp", containerPath: "/tmp", readOnly: false }]));
      const env = Object.fromEntries(c.environment.map((e: Json) => [e.name, e.value]));
      expect(env.TMPDIR).toBe("/tmp");
      if (c.name === "dashboard") expect(env.HOME).toBe("/tmp");
    }
  });

  test("B19 every supported engine version gets a custom parameter group with rds.force_ssl = 1, applied at reboot", () => {
    for (const version of ["15.8", "16.4", "17.5"]) {
      const doc = synthAws(parseConfig({ aws: { rds: { engineVersion: version } } }), false);
      const [pg] = resources(doc, "aws_db_parameter_group");
      expect((pg.body as Json).family).toBe(`postgres${version.split(".")[0]}`);
      expect((pg.body as Json).parameter).toContainEqual({ name: "rds.force_ssl", value: "1", apply_method: "pending-reboot" });
      const [db] = resources(doc, "aws_db_instance");
      expect((db.body as Json).ca_cert_identifier).toBe("rds-ca-ecc384-g1");
    }
  });

  test("B19 PostgreSQL 14 (past its standard support) is refused with the field path", () => {
    expect(() => parseConfig({ aws: { rds: { engineVersion: "14.12" } } })).toThrow(
      /aws\.rds\.engineVersion: must be a PostgreSQL 15, 16 or 17/,
    );
  });

  test("B19 every client connection string verifies the server (sslmode=verify-full with a CA bundle)", () => {
    const doc = synthAws(undefined, false);
    const urls = resources(doc, "aws_ecs_task_definition").flatMap((t) =>
      JSON.parse(String(t.body.container_definitions))[0]
        .environment.filter((e: Json) => e.name === "DATABASE_URL")
        .map((e: Json) => e.value),
    );
    expect(urls).toHaveLength(2);
    for (const u of urls) expect(u).toMatch(/sslmode=verify-full&sslrootcert=\/etc\/ssl\/certs\/rds-global-bundle\.pem$/);
    expect(JSON.stringify(doc)).not.toMatch(/sslmode=(disable|allow|prefer|require)\b/);
  });
});
