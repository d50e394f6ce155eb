/**
 * SecureBucket: an S3 bucket with every control of catalog §1.12 set: public access blocked (B-01), ACLs disabled
 * (B-02), SSE-KMS with a customer key and a bucket key (B-03), a TLS-only policy with an explicit Deny (B-04, not the
 * Allow that CKV_AWS_379 accepts, E-17), versioning and optional Object Lock (B-05), a lifecycle that expires
 * noncurrent versions and aborts stale uploads (B-06), and server access logging to a log bucket (B-07).
 *
 * Two AWS services cannot write to a KMS-encrypted bucket: ALB access logs and S3 server access logs need SSE-S3.
 * Such a bucket takes `encryption: { kind: "sse-s3", reason }`; the reason is recorded as a policy suppression.
 */
import { Construct } from "constructs";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketObjectLockConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import type { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import type { AwsContext } from "./context";
import { policyDocument, type Statement } from "./iam";
import { suppress } from "../../policies/suppress";
import { s3Encryption } from "../../policies/rules/aws/s3-encryption";

export interface SecureBucketProps {
  /** Bucket name (globally unique; see AwsSystem for the naming). */
  readonly name: string;
  readonly encryption: { readonly kind: "kms"; readonly key: KmsKey } | { readonly kind: "sse-s3"; readonly reason: string };
  /** Bucket receiving this bucket's server access logs (B-07); omitted only for the log bucket itself. */
  readonly logBucket?: S3Bucket;
  /** Object Lock default retention in days, GOVERNANCE mode (B-05, backups). Default none. */
  readonly objectLockDays?: number;
  /** Days noncurrent versions are kept (B-06). Default 90. */
  readonly noncurrentDays?: number;
  /** Extra policy statements (e.g. log delivery); the TLS-only Deny is always first. Default []. */
  readonly statements?: readonly Statement[];
  /** The bucket holds data that must survive `destroy` (state, backups). Default true. */
  readonly protect?: boolean;
}

export class SecureBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly bucketArn: string;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    this.bucket = new S3Bucket(this, "bucket", {
      bucket: props.name,
      objectLockEnabled: props.objectLockDays ? true : undefined,
      forceDestroy: false,
      lifecycle: { preventDestroy: props.protect ?? true },
    });
    if (props.encryption.kind === "sse-s3") suppress(this.bucket, s3Encryption.id, props.encryption.reason);
    const bucket = this.bucket.id;
    this.bucketArn = this.bucket.arn;
    new S3BucketPublicAccessBlock(this, "public-access", {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "ownership", { bucket, rule: { objectOwnership: "BucketOwnerEnforced" } });
    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      bucket,
      rule: [
        props.encryption.kind === "kms"
          ? {
              applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: props.encryption.key.arn },
              bucketKeyEnabled: true,
            }
          : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
      ],
    });
    const versioning = new S3BucketVersioningA(this, "versioning", { bucket, versioningConfiguration: { status: "Enabled" } });
    if (props.objectLockDays) {
      new S3BucketObjectLockConfigurationA(this, "object-lock", {
        bucket,
        rule: { defaultRetention: { mode: "GOVERNANCE", days: props.objectLockDays } },
        dependsOn: [versioning],
      });
    }
    new S3BucketLifecycleConfiguration(this, "lifecycle", {
      bucket,
      rule: [
        {
          id: "expire-noncurrent-and-abort-uploads",
          status: "Enabled",
          filter: [{ prefix: "" }],
          noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentDays ?? 90 }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
      dependsOn: [versioning],
    });
    if (props.logBucket) {
      new S3BucketLoggingA(this, "logging", { bucket, targetBucket: props.logBucket.id, targetPrefix: `s3/${props.name}/` });
    }
    new S3BucketPolicy(this, "policy", {
      bucket,
      policy: policyDocument([
        {
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Resource: [this.bucket.arn, `${this.bucket.arn}/*`],
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
        {
          Sid: "DenyOldTls",
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Resource: [this.bucket.arn, `${this.bucket.arn}/*`],
          Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } },
        },
        ...(props.statements ?? []),
      ]),
    });
  }

  /** ARN of the objects under a prefix, for exact IAM resources. */
  objects(prefix = ""): string {
    return `${this.bucket.arn}/${prefix}*`;
  }
}

/**
 * The bucket that receives S3 server access logs (B-07) of the other buckets: SSE-S3 (the only encryption log
 * delivery supports, recorded as the reason), written only by the S3 logging service for this account.
 */
export function accessLogBucket(scope: Construct, id: string, ctx: AwsContext, name: string): SecureBucket {
  return new SecureBucket(scope, id, {
    name,
    encryption: { kind: "sse-s3", reason: "S3 server access logs can only be delivered to a bucket with SSE-S3 default encryption" },
    statements: [
      {
        Sid: "S3ServerAccessLogs",
        Effect: "Allow",
        Principal: { Service: "logging.s3.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: `arn:${ctx.partition}:s3:::${name}/s3/*`,
        Condition: { StringEquals: { "aws:SourceAccount": ctx.accountId } },
      },
    ],
  });
}
