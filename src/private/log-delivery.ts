import { Stack, Token } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';

const OWNER = 'AlbAccessLogBucket';

/** The service principal that delivers ALB logs in every region (ELB guide, document history, 2025). */
export const LOG_DELIVERY_PRINCIPAL = 'logdelivery.elasticloadbalancing.amazonaws.com';

/**
 * Who asked, for errors: the construct the user called and the names of its props for the bucket
 * and the prefix (the L3 constructs say `accessLogBucket` and `accessLogPrefix`).
 */
export interface LogDeliveryCaller {
  readonly owner: string;
  readonly bucketProp?: string;
  readonly prefixProp: string;
}

const OWN: LogDeliveryCaller = { owner: OWNER, prefixProp: 'prefix' };

/** `the bucket <path>`, or `` `accessLogBucket` (the bucket <path>) `` when the user passed it by prop. */
function bucketText(bucket: s3.IBucket, caller: LogDeliveryCaller): string {
  return caller.bucketProp ? `\`${caller.bucketProp}\` (the bucket ${bucket.node.path})` : `the bucket ${bucket.node.path}`;
}

/**
 * Adds the log-delivery statement to a bucket's policy. Throws for a KMS-encrypted bucket and for a
 * bucket whose policy cannot be changed here (an imported bucket).
 */
export function grantLogDelivery(bucket: s3.IBucket, prefix: string, caller: LogDeliveryCaller = OWN): void {
  validatePrefix(prefix, caller);
  refuseKmsEncryption(bucket, caller);
  const stack = Stack.of(bucket);
  const keyPrefix = prefix === '' ? '' : `${prefix}/`;
  const result = bucket.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowElbLogDelivery',
    principals: [new iam.ServicePrincipal(LOG_DELIVERY_PRINCIPAL)],
    actions: ['s3:PutObject'],
    resources: [bucket.arnForObjects(`${keyPrefix}AWSLogs/${stack.account}/*`)],
  }));
  if (!result.statementAdded) {
    throw new Error(`${caller.owner}: cannot add the log-delivery statement to the policy of ${caller.bucketProp ? `\`${caller.bucketProp}\` (${bucket.node.path})` : bucket.node.path} (an imported bucket); grant s3:PutObject on '${keyPrefix}AWSLogs/<account>/*' to ${LOG_DELIVERY_PRINCIPAL} in its own stack, or let this library create the bucket`);
  }
}

/** Throws for a bucket encrypted with KMS (an `encryptionKey`, or an SSE algorithm `aws:kms*` on its L1). */
export function refuseKmsEncryption(bucket: s3.IBucket, caller: LogDeliveryCaller = OWN): void {
  if (bucket.encryptionKey) {
    throw new Error(`${caller.owner}: ${bucketText(bucket, caller)} is encrypted with a KMS key; ALB log delivery supports only SSE-S3 (BucketEncryption.S3_MANAGED)`);
  }
  const cfn = bucket.node.defaultChild;
  if (cfn instanceof s3.CfnBucket) {
    const algorithm = kmsAlgorithmOf(Stack.of(bucket).resolve(cfn.bucketEncryption));
    if (algorithm) {
      throw new Error(`${caller.owner}: ${bucketText(bucket, caller)} uses server-side encryption '${algorithm}'; ALB log delivery supports only SSE-S3 (BucketEncryption.S3_MANAGED)`);
    }
  }
}

/** Which logs go to the bucket (the shape of the public `AttachLogsOptions`). */
export interface LogKinds {
  /** @default true */
  readonly accessLogs?: boolean;
  /** @default false */
  readonly connectionLogs?: boolean;
}

/**
 * Sets the log attributes of a load balancer and makes it depend on the bucket policy.
 */
export function attachLogs(loadBalancer: elbv2.ApplicationLoadBalancer, bucket: s3.IBucket, prefix: string, options: LogKinds): void {
  const kinds: string[] = [];
  if (options.accessLogs ?? true) kinds.push('access_logs');
  if (options.connectionLogs ?? false) kinds.push('connection_logs');
  for (const kind of kinds) {
    loadBalancer.setAttribute(`${kind}.s3.enabled`, 'true');
    loadBalancer.setAttribute(`${kind}.s3.bucket`, bucket.bucketName);
    loadBalancer.setAttribute(`${kind}.s3.prefix`, prefix);
  }
  if (bucket.policy) {
    loadBalancer.node.addDependency(bucket.policy);
  }
}

export function validatePrefix(prefix: string, caller: LogDeliveryCaller = OWN): void {
  const { owner, prefixProp: prop } = caller;
  if (Token.isUnresolved(prefix)) {
    throw new Error(`${owner}: \`${prop}\` must be a literal string, got an unresolved token`);
  }
  if (/AWSLogs/i.test(prefix)) {
    throw new Error(`${owner}: \`${prop}\` must not contain 'AWSLogs' (the load balancer adds 'AWSLogs/<account>/' itself), got '${prefix}'`);
  }
  if (prefix.startsWith('/') || prefix.endsWith('/')) {
    throw new Error(`${owner}: \`${prop}\` must not start or end with '/', got '${prefix}'`);
  }
}

function kmsAlgorithmOf(encryption: unknown): string | undefined {
  const rules = (encryption as { serverSideEncryptionConfiguration?: unknown[] } | undefined)?.serverSideEncryptionConfiguration ?? [];
  for (const rule of rules) {
    const algorithm = (rule as { serverSideEncryptionByDefault?: { sseAlgorithm?: string } }).serverSideEncryptionByDefault?.sseAlgorithm;
    if (algorithm && algorithm.startsWith('aws:kms')) {
      return algorithm;
    }
  }
  return undefined;
}
