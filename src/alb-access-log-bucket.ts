import { Duration, RemovalPolicy, Token, Validations } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { attachLogs, grantLogDelivery, validatePrefix } from './private/log-delivery';

const OWNER = 'AlbAccessLogBucket';

/**
 * Properties of an `AlbAccessLogBucket`.
 */
export interface AlbAccessLogBucketProps {
  /**
   * The key prefix of the logs, without leading or trailing slash. It must not contain `AWSLogs`
   * (the load balancer adds `AWSLogs/<account>/` itself).
   *
   * @default 'alb'
   */
  readonly prefix?: string;

  /**
   * How long log objects are kept.
   *
   * @default Duration.days(90)
   */
  readonly expiration?: Duration;

  /**
   * What happens to the bucket when it leaves the stack. The default keeps the logs.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * The bucket's encryption. ALB log delivery supports only SSE-S3: any KMS option is refused.
   *
   * @default s3.BucketEncryption.S3_MANAGED
   */
  readonly encryption?: s3.BucketEncryption;

  /**
   * A physical name for the bucket.
   *
   * @default - a name CloudFormation generates
   */
  readonly bucketName?: string;
}

/**
 * Options of `AlbAccessLogBucket.attachTo`.
 */
export interface AttachLogsOptions {
  /**
   * Deliver access logs.
   *
   * @default true
   */
  readonly accessLogs?: boolean;

  /**
   * Deliver connection logs (one record per TLS connection; useful for mutual TLS and TLS audits).
   *
   * @default false
   */
  readonly connectionLogs?: boolean;
}

/**
 * An S3 bucket for Application Load Balancer access and connection logs: SSE-S3 (log delivery
 * cannot use KMS), all public access blocked, SSL only, bucket-owner-enforced ownership,
 * versioning, a lifecycle expiry (90 days by default) and `RemovalPolicy.RETAIN`.
 *
 * Its policy grants `s3:PutObject` on `<prefix>/AWSLogs/<account>/*` to the log-delivery service
 * principal `logdelivery.elasticloadbalancing.amazonaws.com`, which works in every region, so the
 * bucket also works in a region-agnostic stack (where `aws-cdk-lib`'s `logAccessLogs` throws). No
 * Lambda-backed custom resource is involved.
 *
 * The load balancer's security group needs no egress for log delivery: the ELB service delivers
 * the logs, not the load balancer's network interfaces.
 */
export class AlbAccessLogBucket extends Construct {
  /** The bucket. */
  public readonly bucket: s3.Bucket;
  /** The key prefix of the logs ('' for none). */
  public readonly prefix: string;

  constructor(scope: Construct, id: string, props: AlbAccessLogBucketProps = {}) {
    super(scope, id);
    this.prefix = props.prefix ?? 'alb';
    validatePrefix(this.prefix);
    const encryption = props.encryption ?? s3.BucketEncryption.S3_MANAGED;
    if (encryption !== s3.BucketEncryption.S3_MANAGED) {
      throw new Error(`${OWNER}: \`encryption\` must be BucketEncryption.S3_MANAGED (SSE-S3), got ${encryption}: ALB log delivery supports only SSE-S3, a KMS-encrypted bucket makes every delivery fail`);
    }
    const expiration = props.expiration ?? Duration.days(90);
    if (!Token.isUnresolved(expiration.toDays({ integral: false })) && expiration.toDays({ integral: false }) < 1) {
      throw new Error(`${OWNER}: \`expiration\` must be at least one day, got ${expiration.toHumanString()}`);
    }

    this.bucket = new s3.Bucket(this, 'Bucket', {
      bucketName: props.bucketName,
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      lifecycleRules: [{
        id: 'ExpireLogs',
        expiration,
        noncurrentVersionExpiration: expiration,
        abortIncompleteMultipartUploadAfter: Duration.days(1),
      }],
    });
    grantLogDelivery(this.bucket, this.prefix);
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This bucket holds load balancer logs; logging its own access would need yet another log bucket. It is versioned, SSL-only, private and retained.',
    });
  }

  /**
   * Turns on log delivery of a load balancer to this bucket, under this bucket's prefix. The load
   * balancer depends on the bucket policy, so the first deployment does not fail with "Access
   * Denied for bucket".
   */
  public attachTo(loadBalancer: elbv2.ApplicationLoadBalancer, options: AttachLogsOptions = {}): void {
    attachLogs(loadBalancer, this.bucket, this.prefix, options);
  }
}
