import { Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeCompliance } from './private/compliance';
import { attachLogs, grantLogDelivery, validatePrefix } from './private/log-delivery';

const OWNER = 'AlbAccessLogBucket';

/** Why the bucket of the server access logs has no server access logging itself. */
const SERVER_ACCESS_LOGS_END = 'The end of the log chain: this bucket holds the S3 server access logs of the load balancer log bucket. The S3 guide advises against server access logging on a destination bucket, and logging it into itself loops (every delivery is logged again); another bucket would need its own.';

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

  /**
   * Log the requests made to this bucket (S3 server access logging, Security Hub S3.9, Control
   * Tower `s3_bucket_logging_enabled_check`) into a second bucket the construct creates
   * (`ServerAccessLogs`: SSE-S3, private, SSL only, versioned, the same expiry and removal policy).
   * Costs one more bucket and its storage. That bucket is the end of the chain: S3 delivers server
   * access logs only to a bucket without SSE-KMS and without Object Lock, and it has no server
   * access logging itself (logging it into itself would loop).
   *
   * @default false - no server access logging (unless `serverAccessLogsBucket` is given)
   */
  readonly serverAccessLogs?: boolean;

  /**
   * Log the requests made to this bucket into this bucket (it must accept S3 server access logs:
   * a bucket policy for `logging.s3.amazonaws.com`, which `s3.Bucket` adds when it is defined in
   * the app).
   *
   * @default - no server access logging (unless `serverAccessLogs` is true)
   */
  readonly serverAccessLogsBucket?: s3.IBucket;

  /**
   * Turn on S3 Object Lock with a default retention in governance mode: log objects cannot be
   * overwritten or deleted for this long (Control Tower `s3_bucket_object_lock_enabled_check`).
   * It must not exceed `expiration`. Object Lock cannot be turned off again, and turning it on
   * replaces an existing bucket.
   *
   * @default - no Object Lock
   */
  readonly objectLockRetention?: Duration;

  /**
   * Send the object events of the bucket (and of the server-access-log bucket the construct
   * creates) to Amazon EventBridge, where rules can act on new log objects (Control Tower
   * `s3_event_notifications_enabled_check`). Set on the bucket resources themselves, without the
   * Lambda-backed custom resource `addEventNotification` brings; if you add notifications that way
   * too, call `enableEventBridgeNotification()` on the bucket so they keep this one.
   *
   * @default false
   */
  readonly eventBridgeNotifications?: boolean;
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
  /** The bucket of this bucket's server access logs, when server access logging is on. */
  public readonly serverAccessLogsBucket?: s3.IBucket;

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

    const lock = props.objectLockRetention;
    if (lock && !Token.isUnresolved(lock.toDays({ integral: false })) && !Token.isUnresolved(expiration.toDays({ integral: false }))) {
      const days = lock.toDays({ integral: false });
      if (days < 1 || !Number.isInteger(days)) {
        throw new Error(`${OWNER}: \`objectLockRetention\` must be a whole number of days, at least one, got ${lock.toHumanString()}`);
      }
      if (days > expiration.toDays({ integral: false })) {
        throw new Error(`${OWNER}: \`objectLockRetention\` (${lock.toHumanString()}) is longer than \`expiration\` (${expiration.toHumanString()}); the logs could not expire while they are locked, make the retention at most the expiry`);
      }
    }
    if (props.serverAccessLogs && props.serverAccessLogsBucket) {
      throw new Error(`${OWNER}: \`serverAccessLogs\` is true and \`serverAccessLogsBucket\` is set; give one of them (true creates the bucket)`);
    }
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    // The bucket of the server access logs: S3 delivers there only without SSE-KMS and without
    // Object Lock, and logging it too would need one more bucket (logging it into itself loops).
    this.serverAccessLogsBucket = props.serverAccessLogsBucket ?? (props.serverAccessLogs ? new s3.Bucket(this, 'ServerAccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      removalPolicy,
      lifecycleRules: [{
        id: 'ExpireLogs',
        expiration,
        noncurrentVersionExpiration: expiration,
        abortIncompleteMultipartUploadAfter: Duration.days(1),
      }],
    }) : undefined);
    if (this.serverAccessLogsBucket instanceof s3.Bucket && props.serverAccessLogs) {
      Validations.of(this.serverAccessLogsBucket).acknowledge({ id: 'AwsSolutions-S1', reason: SERVER_ACCESS_LOGS_END });
    }

    this.bucket = new s3.Bucket(this, 'Bucket', {
      bucketName: props.bucketName,
      objectLockEnabled: lock ? true : undefined,
      objectLockDefaultRetention: lock ? s3.ObjectLockRetention.governance(lock) : undefined,
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      removalPolicy,
      lifecycleRules: [{
        id: 'ExpireLogs',
        expiration,
        noncurrentVersionExpiration: expiration,
        abortIncompleteMultipartUploadAfter: Duration.days(1),
      }],
    });
    grantLogDelivery(this.bucket, this.prefix);
    if (this.serverAccessLogsBucket) {
      // S3 delivers server access logs under a bucket policy (ACLs are off on both buckets): set
      // here, whatever the app's @aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy flag says.
      const prefix = 'access-log-bucket/';
      (this.bucket.node.defaultChild as s3.CfnBucket).loggingConfiguration = {
        destinationBucketName: this.serverAccessLogsBucket.bucketName,
        logFilePrefix: prefix,
      };
      this.serverAccessLogsBucket.addToResourcePolicy(new iam.PolicyStatement({
        sid: 'S3ServerAccessLogsPolicy',
        principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: [this.serverAccessLogsBucket.arnForObjects(`${prefix}*`)],
        conditions: { ArnLike: { 'aws:SourceArn': this.bucket.bucketArn }, StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }));
    }
    acknowledgeCompliance(this.bucket, 'S3DefaultEncryptionKMS',
      'Application Load Balancer access logs support only SSE-S3 (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html): a KMS-encrypted bucket makes every delivery fail.');
    acknowledgeCompliance(this.bucket, 'S3BucketReplicationEnabled',
      'Load balancer logs are kept in one region for the lifecycle expiry; replicating them to another region is a choice of cost, made on the bucket (addReplicationPolicy) by whoever needs it.');
    if (this.serverAccessLogsBucket instanceof s3.Bucket && props.serverAccessLogs) {
      for (const rule of ['S3DefaultEncryptionKMS', 'S3BucketReplicationEnabled']) {
        acknowledgeCompliance(this.serverAccessLogsBucket, rule,
          'S3 server access log delivery supports SSE-S3 only as default encryption, and these logs of the log bucket stay in its region.');
      }
      acknowledgeCompliance(this.serverAccessLogsBucket, 'S3BucketLoggingEnabled', SERVER_ACCESS_LOGS_END);
    }
    if (props.eventBridgeNotifications) {
      for (const bucket of [this.bucket, props.serverAccessLogs ? this.serverAccessLogsBucket : undefined]) {
        if (bucket) {
          (bucket.node.defaultChild as s3.CfnBucket).notificationConfiguration = { eventBridgeConfiguration: { eventBridgeEnabled: true } };
        }
      }
    }
    if (!this.serverAccessLogsBucket) {
      Validations.of(this.bucket).acknowledge({
        id: 'AwsSolutions-S1',
        reason: 'This bucket holds load balancer logs; logging its own access would need yet another log bucket (serverAccessLogs turns that on). It is versioned, SSL-only, private and retained.',
      });
    }
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
