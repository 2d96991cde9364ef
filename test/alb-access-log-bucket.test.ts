import { App, Duration, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { acknowledgments, newStack, ownResources } from './util';
import { AlbAccessLogBucket, AlbAccessLogBucketProps, SecureAlbService } from '../src';
import { grantLogDelivery } from '../src/private/log-delivery';

const DELIVERY = { Service: 'logdelivery.elasticloadbalancing.amazonaws.com' };

describe('AlbAccessLogBucket', () => {
  test('snapshot', () => {
    const stack = newStack();
    const logs = new AlbAccessLogBucket(stack, 'Logs');
    expect(ownResources(Template.fromStack(stack), logs)).toMatchSnapshot();
  });

  test('SSE-S3, all public access blocked, bucket owner enforced, versioned, 90-day expiry', () => {
    const stack = newStack();
    new AlbAccessLogBucket(stack, 'Logs');
    Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      VersioningConfiguration: { Status: 'Enabled' },
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 90, Status: 'Enabled' })] },
    });
  });

  test('retained when the stack is deleted, unless the user opts out', () => {
    const stack = newStack();
    new AlbAccessLogBucket(stack, 'Logs');
    new AlbAccessLogBucket(stack, 'Scratch', { removalPolicy: RemovalPolicy.DESTROY });
    const template = Template.fromStack(stack);
    const buckets = template.findResources('AWS::S3::Bucket');
    const byId = (part: string) => Object.entries(buckets).find(([id]) => id.startsWith(part))![1];
    expect(byId('Logs')).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    expect(byId('Scratch')).toMatchObject({ DeletionPolicy: 'Delete' });
    template.resourceCountIs('Custom::S3AutoDeleteObjects', 0);
  });

  test('SSL only: requests without TLS are denied', () => {
    const stack = newStack();
    new AlbAccessLogBucket(stack, 'Logs');
    Template.fromStack(stack).hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test('the log-delivery principal may put objects under <prefix>/AWSLogs/<account>/ only', () => {
    const stack = newStack();
    new AlbAccessLogBucket(stack, 'Logs', { prefix: 'web' });
    Template.fromStack(stack).hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Sid: 'AllowElbLogDelivery',
          Effect: 'Allow',
          Principal: DELIVERY,
          Action: 's3:PutObject',
          Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('LogsBucket'), 'Arn'] }, '/web/AWSLogs/111111111111/*']] },
        }]),
      },
    });
  });

  test('region-agnostic stack: synthesizes, the policy names the account with a pseudo parameter and needs no region', () => {
    const app = new App();
    const stack = new Stack(app, 'Agnostic');
    const logs = new AlbAccessLogBucket(stack, 'Logs');
    const vpc = new ec2.Vpc(stack, 'Vpc');
    logs.attachTo(new elbv2.ApplicationLoadBalancer(stack, 'Lb', { vpc }));
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Principal: DELIVERY,
          Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.anyValue(), 'Arn'] }, '/alb/AWSLogs/', { Ref: 'AWS::AccountId' }, '/*']] },
        })]),
      },
    });
    expect(JSON.stringify(template.toJSON())).not.toContain('AWS::Region');
  });

  test('attachTo turns on access logs (connection logs on request) and the load balancer depends on the policy', () => {
    const stack = newStack();
    const logs = new AlbAccessLogBucket(stack, 'Logs');
    const vpc = new ec2.Vpc(stack, 'Vpc');
    logs.attachTo(new elbv2.ApplicationLoadBalancer(stack, 'Lb', { vpc }), { connectionLogs: true });
    const template = Template.fromStack(stack);
    template.hasResource('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Properties: {
        LoadBalancerAttributes: Match.arrayWith([
          { Key: 'access_logs.s3.enabled', Value: 'true' },
          { Key: 'access_logs.s3.prefix', Value: 'alb' },
          { Key: 'connection_logs.s3.enabled', Value: 'true' },
          { Key: 'connection_logs.s3.prefix', Value: 'alb' },
        ]),
      },
      DependsOn: Match.arrayWith([Match.stringLikeRegexp('LogsBucketPolicy')]),
    });
  });

  test.each([
    ['no prefix', '', 'AWSLogs/111111111111/*'],
    ['a nested prefix', 'web/alb', 'web/alb/AWSLogs/111111111111/*'],
  ])('%s: the log-delivery statement names the right keys', (_, prefix, keys) => {
    const stack = newStack();
    new AlbAccessLogBucket(stack, 'Logs', { prefix });
    Template.fromStack(stack).hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Sid: 'AllowElbLogDelivery',
          Principal: DELIVERY,
          Action: 's3:PutObject',
          Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('LogsBucket'), 'Arn'] }, `/${keys}`]] },
        })]),
      },
    });
  });

  test('a one-day expiry is accepted', () => {
    expect(() => new AlbAccessLogBucket(newStack(), 'Logs', { expiration: Duration.days(1) })).not.toThrow();
  });

  test('attachTo with defaults: access logs only, to this bucket, no connection logs', () => {
    const stack = newStack();
    const logs = new AlbAccessLogBucket(stack, 'Logs');
    const lb = new elbv2.ApplicationLoadBalancer(stack, 'Lb', { vpc: new ec2.Vpc(stack, 'Vpc') });
    logs.attachTo(lb);
    const attributes = Object.values(Template.fromStack(stack)
      .findResources('AWS::ElasticLoadBalancingV2::LoadBalancer'))[0].Properties.LoadBalancerAttributes;
    expect(attributes.filter((a: { Key: string }) => /logs/.test(a.Key))).toEqual([
      { Key: 'access_logs.s3.enabled', Value: 'true' },
      { Key: 'access_logs.s3.bucket', Value: { Ref: stack.getLogicalId(logs.bucket.node.defaultChild as s3.CfnBucket) } },
      { Key: 'access_logs.s3.prefix', Value: 'alb' },
    ]);
  });

  test('attachTo with access logs off and connection logs on', () => {
    const stack = newStack();
    const logs = new AlbAccessLogBucket(stack, 'Logs');
    const lb = new elbv2.ApplicationLoadBalancer(stack, 'Lb', { vpc: new ec2.Vpc(stack, 'Vpc') });
    logs.attachTo(lb, { accessLogs: false, connectionLogs: true });
    const attributes = Object.values(Template.fromStack(stack)
      .findResources('AWS::ElasticLoadBalancingV2::LoadBalancer'))[0].Properties.LoadBalancerAttributes;
    expect(attributes.filter((a: { Key: string }) => /logs/.test(a.Key)).map((a: { Key: string }) => a.Key))
      .toEqual(['connection_logs.s3.enabled', 'connection_logs.s3.bucket', 'connection_logs.s3.prefix']);
  });

  test('expiration is configurable', () => {
    const stack = newStack();
    new AlbAccessLogBucket(stack, 'Logs', { expiration: Duration.days(400) });
    Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 400 })] },
    });
  });

  test.each([
    ['KMS encryption', { encryption: s3.BucketEncryption.KMS }, 'AlbAccessLogBucket: `encryption` must be BucketEncryption.S3_MANAGED (SSE-S3), got KMS: ALB log delivery supports only SSE-S3, a KMS-encrypted bucket makes every delivery fail'],
    ['KMS_MANAGED encryption', { encryption: s3.BucketEncryption.KMS_MANAGED }, 'AlbAccessLogBucket: `encryption` must be BucketEncryption.S3_MANAGED (SSE-S3), got KMS_MANAGED: ALB log delivery supports only SSE-S3, a KMS-encrypted bucket makes every delivery fail'],
    ['DSSE encryption', { encryption: s3.BucketEncryption.DSSE_MANAGED }, 'AlbAccessLogBucket: `encryption` must be BucketEncryption.S3_MANAGED (SSE-S3), got DSSE_MANAGED: ALB log delivery supports only SSE-S3, a KMS-encrypted bucket makes every delivery fail'],
    ['a prefix with AWSLogs', { prefix: 'x/AWSLogs' }, "AlbAccessLogBucket: `prefix` must not contain 'AWSLogs' (the load balancer adds 'AWSLogs/<account>/' itself), got 'x/AWSLogs'"],
    ['a prefix with a trailing slash', { prefix: 'logs/' }, "AlbAccessLogBucket: `prefix` must not start or end with '/', got 'logs/'"],
    ['a prefix with a leading slash', { prefix: '/logs' }, "AlbAccessLogBucket: `prefix` must not start or end with '/', got '/logs'"],
    ['a prefix that is a token', { prefix: Lazy.string({ produce: () => 'alb' }) }, 'AlbAccessLogBucket: `prefix` must be a literal string, got an unresolved token'],
    ['an expiry of 23 hours', { expiration: Duration.hours(23) }, 'AlbAccessLogBucket: `expiration` must be at least one day, got 23 hours'],
    ['an expiry under a day', { expiration: Duration.hours(2) }, 'AlbAccessLogBucket: `expiration` must be at least one day, got 2 hours'],
  ] as Array<[string, AlbAccessLogBucketProps, string]>)('fails on %s', (_label, props, message) => {
    const stack = newStack();
    expect(() => new AlbAccessLogBucket(stack, 'Logs', props)).toThrow(message);
  });

  test('fails when the load balancer would log to a KMS-encrypted bucket brought by the user', () => {
    const stack = newStack();
    const bucket = new s3.Bucket(stack, 'Mine', { encryptionKey: new kms.Key(stack, 'Key') });
    // SecureAlbService's accessLogBucket prop goes through this check
    expect(() => grantLogDelivery(bucket, 'alb')).toThrow('AlbAccessLogBucket: the bucket Test/Mine is encrypted with a KMS key; ALB log delivery supports only SSE-S3 (BucketEncryption.S3_MANAGED)');
  });

  test('fails on a KMS_MANAGED bucket brought by the user (aws-cdk-lib lets it through)', () => {
    const stack = newStack();
    const bucket = new s3.Bucket(stack, 'Mine', { encryption: s3.BucketEncryption.KMS_MANAGED });
    expect(() => grantLogDelivery(bucket, 'alb')).toThrow("AlbAccessLogBucket: the bucket Test/Mine uses server-side encryption 'aws:kms'; ALB log delivery supports only SSE-S3 (BucketEncryption.S3_MANAGED)");
  });

  test('fails on an imported bucket whose policy cannot be changed', () => {
    const stack = newStack();
    const bucket = s3.Bucket.fromBucketName(stack, 'Imported', 'some-bucket');
    expect(() => grantLogDelivery(bucket, 'alb')).toThrow("AlbAccessLogBucket: cannot add the log-delivery statement to the policy of Test/Imported (an imported bucket); grant s3:PutObject on 'alb/AWSLogs/<account>/*' to logdelivery.elasticloadbalancing.amazonaws.com in its own stack, or let this library create the bucket");
  });
});

describe('AlbAccessLogBucket: the bucket of the server access logs, the end of the chain', () => {
  const withServerAccessLogs = (props: AlbAccessLogBucketProps = {}) => {
    const stack = newStack();
    const logs = new AlbAccessLogBucket(stack, 'Logs', { serverAccessLogs: true, ...props });
    const template = Template.fromStack(stack);
    const [id, resource] = Object.entries(template.findResources('AWS::S3::Bucket')).find(([logicalId]) => logicalId.startsWith('LogsServerAccessLogs'))!;
    return { stack, logs, template, id, resource };
  };

  test('SSE-S3, private, bucket owner enforced, versioned (noncurrent versions expire too), retained', () => {
    // GIVEN / WHEN
    const { resource } = withServerAccessLogs();
    // THEN
    expect(resource).toMatchObject({
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        VersioningConfiguration: { Status: 'Enabled' },
        LifecycleConfiguration: { Rules: [expect.objectContaining({ ExpirationInDays: 90, NoncurrentVersionExpiration: { NoncurrentDays: 90 }, Status: 'Enabled' })] },
      },
    });
  });

  test('SSL only', () => {
    const { template, id } = withServerAccessLogs();
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: id },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test('what AWS rules out on it: no server access logging of its own, no Object Lock, no KMS', () => {
    const { resource } = withServerAccessLogs({ objectLockRetention: Duration.days(30) });
    expect(resource.Properties.LoggingConfiguration).toBeUndefined();
    expect(resource.Properties.ObjectLockEnabled).toBeUndefined();
    expect(resource.Properties.ObjectLockConfiguration).toBeUndefined();
  });

  test('cdk-nag: exactly the rules AWS rules out are acknowledged on it, with their reasons', () => {
    const { logs } = withServerAccessLogs();
    const END = 'The end of the log chain: this bucket holds the S3 server access logs of the load balancer log bucket. The S3 guide advises against server access logging on a destination bucket, and logging it into itself loops (every delivery is logged again); another bucket would need its own.';
    const SSE_S3 = 'S3 server access log delivery supports SSE-S3 only as default encryption, and these logs of the log bucket stay in its region.';
    const acknowledged = Object.assign({}, ...acknowledgments(logs.serverAccessLogsBucket!) as object[]);
    const packs = ['HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321'];
    expect(acknowledged).toEqual({
      'annotation::AwsSolutions-S1': END,
      ...Object.fromEntries(packs.flatMap((p) => [
        [`annotation::${p}-S3DefaultEncryptionKMS`, SSE_S3],
        [`annotation::${p}-S3BucketReplicationEnabled`, SSE_S3],
        [`annotation::${p}-S3BucketLoggingEnabled`, END],
      ])),
    });
  });
});

describe('AlbAccessLogBucket: EventBridge notifications', () => {
  const eventBridge = { NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } } };

  test('on request, both buckets send their events to EventBridge, without a custom resource', () => {
    // GIVEN / WHEN
    const stack = newStack();
    new AlbAccessLogBucket(stack, 'Logs', { serverAccessLogs: true, eventBridgeNotifications: true });
    // THEN
    const template = Template.fromStack(stack);
    template.resourcePropertiesCountIs('AWS::S3::Bucket', eventBridge, 2);
    template.resourceCountIs('Custom::S3BucketNotifications', 0);
    template.resourceCountIs('AWS::Lambda::Function', 0);
  });

  test('off by default; a server-access-log bucket of the user\'s is left alone', () => {
    const stack = newStack();
    new AlbAccessLogBucket(stack, 'Plain');
    const target = new s3.Bucket(stack, 'Target');
    new AlbAccessLogBucket(stack, 'Logs', { serverAccessLogsBucket: target, eventBridgeNotifications: true });
    const template = Template.fromStack(stack);
    template.resourcePropertiesCountIs('AWS::S3::Bucket', eventBridge, 1);
    template.hasResourceProperties('AWS::S3::Bucket', { LoggingConfiguration: { DestinationBucketName: { Ref: Match.stringLikeRegexp('^Target') } }, ...eventBridge });
  });

  test('the L3 constructs pass accessLogBucketEventBridge to the bucket they create, and refuse it next to a bucket of the user\'s', () => {
    const stack = newStack();
    new SecureAlbService(stack, 'Web', { accessLogBucketEventBridge: true });
    Template.fromStack(stack).resourcePropertiesCountIs('AWS::S3::Bucket', eventBridge, 1);
    const other = newStack();
    const bucket = new s3.Bucket(other, 'Mine', { encryption: s3.BucketEncryption.S3_MANAGED });
    expect(() => new SecureAlbService(other, 'Web', { accessLogBucket: bucket, accessLogBucketEventBridge: true }))
      .toThrow('SecureAlbService: `accessLogBucketEventBridge` applies to the access-log bucket the construct creates, but `accessLogBucket` is given; set it on that bucket');
  });
});
