/**
 * The AWS part of the configuration schema (`aws`, `state`). Strict objects, like the rest of config/schema.ts;
 * cross-field rules report the field path. No value here is a credential: the AWS provider takes credentials from
 * the environment or an OIDC role, never from this file (S-06).
 */
import { z } from "zod";
import { parseCidr } from "./cidr";
import { crossField } from "./cross-field";

/**
 * AWS regions a stack may name: commercial (partition aws), GovCloud (aws-us-gov) and China (aws-cn), opt-in
 * regions included. Source: AWS's "Regions and Availability Zones" list in the AWS General Reference and
 * `aws account list-regions`, as known up to mid-2025; compiled 2026-12 without network access to AWS. No small,
 * maintained npm package lists them (`aws-regions` was last published 2024-12 and lacks the 2025 regions).
 * Cross-checked against the region names inside the hashicorp/aws 5.100.0 provider binary of the machine's mirror:
 * its 36 are all here; ap-east-2 and ap-southeast-6 are newer than that provider. Add a region when AWS opens one.
 */
// prettier-ignore
export const AWS_REGIONS = [
  // North America
  "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "ca-west-1", "mx-central-1",
  // South America, Africa, Middle East
  "sa-east-1", "af-south-1", "il-central-1", "me-south-1", "me-central-1",
  // Europe
  "eu-central-1", "eu-central-2", "eu-west-1", "eu-west-2", "eu-west-3", "eu-south-1", "eu-south-2", "eu-north-1",
  // Asia Pacific
  "ap-east-1", "ap-east-2", "ap-south-1", "ap-south-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
  "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7",
  // GovCloud (US) and China
  "us-gov-west-1", "us-gov-east-1", "cn-north-1", "cn-northwest-1",
] as const;

const region = z
  .string()
  .refine(
    (r) => (AWS_REGIONS as readonly string[]).includes(r),
    "must be an AWS region such as eu-west-1; a region AWS opened recently goes into AWS_REGIONS in config/aws-schema.ts",
  );
const ARN = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:\d{12}:.+$/;

/** CloudWatch Logs' allowed retention values of at least a year (L-02: audit-relevant logs keep >= 365 days). */
export const LOG_RETENTION_DAYS = [365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

const certificate = z.discriminatedUnion("source", [
  /** A public ACM certificate for `domain`, validated by DNS (T-07). With hostedZoneId the validation records are
   *  created in that Route 53 zone; without it, add the records the plan shows to your DNS by hand. */
  z.strictObject({
    source: z.literal("acm-dns"),
    hostedZoneId: z
      .string()
      .regex(/^Z[A-Z0-9]{1,31}$/)
      .optional(),
  }),
  /** A certificate already in ACM (imported or issued elsewhere): only its ARN reaches the JSON, never a key. */
  z.strictObject({
    source: z.literal("imported"),
    certificateArn: z.string().regex(/^arn:aws[a-z-]*:acm:/, "must be an ACM certificate ARN"),
  }),
]);

export const awsSchema = crossField(
  z.strictObject({
    /** Region of every resource. Default "eu-west-1". */
    region,
    /** The account the stack deploys into (exact ARNs in policies, no data source). Default 123456789012 (dev placeholder). */
    accountId: z.string().regex(/^\d{12}$/, "must be the 12-digit AWS account id"),
    /** At least two availability zones of the region (no data source looks them up). Default eu-west-1a, eu-west-1b. */
    availabilityZones: z.array(z.string()).min(2, "at least two availability zones").max(3),
    /** VPC CIDR, /16 to /20; subnets are /24s carved from it (public, private, isolated per zone). Default 10.40.0.0/16. */
    vpcCidr: z
      .string()
      .refine((s) => parseCidr(s) !== undefined, "must be an IPv4 CIDR with the host bits zero")
      .refine((s) => (parseCidr(s)?.prefix ?? 0) >= 16 && (parseCidr(s)?.prefix ?? 99) <= 20, "prefix must be /16 to /20"),
    /** Plan without credentials: the provider skips credential and account look-ups. For CI and offline review only;
     *  never set it for a real deployment. Default false. */
    testMode: z.boolean(),
    /** The edge certificate. Default ACM with DNS validation. */
    certificate,
    /** Email addresses subscribed to the alarm topic (L-05). Default [] (subscribe later; the topic exists). */
    alarmEmails: z.array(z.email()),
    /** Retention of every log group, in days (L-02). Default 365. */
    logRetentionDays: z.union(LOG_RETENTION_DAYS.map((d) => z.literal(d)) as [z.ZodLiteral<365>, ...z.ZodLiteral<number>[]]),
    rds: z.strictObject({
      /** Instance class. Default db.t4g.medium. */
      instanceClass: z.string().regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/),
      /** PostgreSQL engine version (major 15-17). Default "17.5". */
      engineVersion: z.string().regex(/^1[5-7]\.\d+$/, "must be a PostgreSQL 15, 16 or 17 version such as 17.5"),
      /** Storage in GiB. Default 50. */
      allocatedStorageGb: z.number().int().min(20).max(65536),
      /** Automated backup retention, 7 to 35 days (D-04). Default 14. */
      backupRetentionDays: z.number().int().min(7).max(35),
      /** Standby in a second zone (D-11). Default true. */
      multiAz: z.boolean(),
    }),
    elasticache: z.strictObject({
      /** Node type. Default cache.t4g.small. */
      nodeType: z.string().regex(/^cache\.[a-z0-9]+\.[a-z0-9]+$/),
      /** Snapshot retention, 1 to 35 days. Default 7. */
      snapshotRetentionDays: z.number().int().min(1).max(35),
    }),
    waf: z.strictObject({
      /** Requests per client IP per 5 minutes across the site (W-03). Default 1000. */
      sitePer5m: z.number().int().min(10).max(2000000000),
      /** Requests per client IP per minute on /api/scan (the guide's 10/minute). Default 10. */
      scanPerMinute: z.number().int().min(10),
      /** Requests per client IP per minute on the auth paths (nginx.authPaths). Default 10 (AWS's minimum). */
      authPerMinute: z.number().int().min(10),
    }),
  }),
  (a, clean, ctx) => {
    // An unknown region is reported once (at region), not again at every zone.
    if (clean(["region"], ["availabilityZones"])) {
      a.availabilityZones.forEach((z, i) => {
        if (!z.startsWith(a.region) || !/^[a-z]$/.test(z.slice(a.region.length)))
          ctx.addIssue({ code: "custom", path: ["availabilityZones", i], message: `must be a zone of ${a.region}, such as ${a.region}a` });
      });
    }
    if (clean(["availabilityZones"]) && new Set(a.availabilityZones).size !== a.availabilityZones.length)
      ctx.addIssue({ code: "custom", path: ["availabilityZones"], message: "zones must be distinct" });
    if (
      clean(["certificate"], ["region"], ["accountId"]) &&
      a.certificate.source === "imported" &&
      !a.certificate.certificateArn.includes(`:${a.region}:${a.accountId}:`)
    )
      ctx.addIssue({
        code: "custom",
        path: ["certificate", "certificateArn"],
        message: `must be in ${a.region} and account ${a.accountId}`,
      });
  },
);
export type AwsConfig = z.infer<typeof awsSchema>;

/**
 * Where Terraform keeps state (TS-01, TS-02). State holds secret values: `local` is for development on an encrypted
 * disk; `s3` is the bucket made by the `aws-state` stack, encrypted with its customer key and locked with a lockfile.
 */
export const stateSchema = z.discriminatedUnion("backend", [
  z.strictObject({ backend: z.literal("local") }),
  z.strictObject({
    backend: z.literal("s3"),
    /** Bucket created by the aws-state stack (its output `state_bucket`). */
    bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be an S3 bucket name"),
    region,
    /** The state key's ARN (output `state_kms_key_arn`). */
    kmsKeyArn: z
      .string()
      .regex(ARN, "must be a KMS key ARN")
      .refine((s) => s.includes(":kms:"), "must be a KMS key ARN"),
    /** Prefix of the state objects; each stack writes `<prefix>/<stack>.tfstate`. Default "secagents". */
    keyPrefix: z
      .string()
      .regex(/^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/)
      .default("secagents"),
  }),
]);
export type StateConfig = z.infer<typeof stateSchema>;
