import { Duration } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { newStack } from './util';
import { AlbAccessLogBucket, assertions, InternalAlbWithPrivateTargets, SecureAlbService } from '../src';

const { FlowEndpoint, FlowVerdict, TemplateModel } = assertions;

describe('audit-ready defaults', () => {
  test.each([
    ['SecureAlbService', (s: ReturnType<typeof newStack>) => new SecureAlbService(s, 'Web')],
    ['InternalAlbWithPrivateTargets', (s: ReturnType<typeof newStack>) => new InternalAlbWithPrivateTargets(s, 'Web')],
  ])('%s: no network ACL entry admits SSH or RDP from everyone', (_, build) => {
    // GIVEN / WHEN
    const stack = newStack();
    build(stack);
    // THEN
    const entries = Object.values(Template.fromStack(stack).findResources('AWS::EC2::NetworkAclEntry')).map((r) => r.Properties);
    const fromEveryone = entries.filter((p) => !p.Egress && p.CidrBlock === '0.0.0.0/0');
    expect(fromEveryone.length).toBeGreaterThan(0);
    for (const p of fromEveryone) {
      for (const port of [22, 3389]) {
        expect(port >= p.PortRange.From && port <= p.PortRange.To).toBe(false);
      }
    }
  });

  test('the reply ranges from everyone go around 3389: what that blocks, measured', () => {
    // GIVEN the defaults, with NAT gateways in the load balancer subnets
    const stack = newStack();
    const service = new SecureAlbService(stack, 'Web', { targetPort: 8080 });
    const model = TemplateModel.fromStack(stack);
    const subnetIds = service.vpc.privateSubnets.map((sn) => stack.getLogicalId(sn.node.defaultChild as ec2.CfnSubnet));
    const targets = FlowEndpoint.securityGroup(stack.getLogicalId(service.targetSecurityGroup.node.defaultChild as ec2.CfnSecurityGroup), subnetIds);
    // THEN the targets reach the internet (through the NAT gateway) and S3, on every source port but 3389
    expect(model.evaluate(targets, FlowEndpoint.internet(), 443).verdict).toBe(FlowVerdict.ALLOWED);
    expect(model.evaluate(targets, FlowEndpoint.s3(), 443).verdict).toBe(FlowVerdict.ALLOWED);
    const linux = { ephemeralPortFrom: 32768, ephemeralPortTo: 60999 };
    expect(model.evaluate(targets, FlowEndpoint.internet(), 443, linux).verdict).toBe(FlowVerdict.ALLOWED);
    // a connection from source port 3389 gets no reply: the one port of the 64,512 a NAT gateway picks from
    const rdpPort = model.evaluate(targets, FlowEndpoint.internet(), 443, { ephemeralPortFrom: 3389, ephemeralPortTo: 3389 });
    expect(rdpPort.verdict).toBe(FlowVerdict.BLOCKED);
    expect(rdpPort.explanation).toMatch(/TCP 3389 from 198\.51\.100\.10\/32/);
    // and nobody on the internet reaches 3389 or 22 in either subnet tier
    for (const port of [22, 3389]) {
      expect(model.evaluate(FlowEndpoint.internet(), targets, port).verdict).toBe(FlowVerdict.BLOCKED);
      expect(model.evaluate(FlowEndpoint.internet(), FlowEndpoint.fromConstruct(service.loadBalancer), port).verdict).toBe(FlowVerdict.BLOCKED);
    }
  });

  test('the created VPC: default security group closed, no public IP on launch, literal CIDRs in the rules', () => {
    // GIVEN / WHEN
    const stack = newStack();
    new SecureAlbService(stack, 'Web');
    const template = Template.fromStack(stack);
    // THEN
    template.resourceCountIs('Custom::VpcRestrictDefaultSG', 1);
    template.allResourcesProperties('AWS::EC2::Subnet', { MapPublicIpOnLaunch: false });
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: Match.arrayWith([Match.objectLike({ IpProtocol: 'icmp', FromPort: 3, ToPort: 4, CidrIp: '10.0.0.0/16' })]),
    });
    template.allResourcesProperties('AWS::EC2::NetworkAclEntry', { CidrBlock: Match.stringLikeRegexp('^[0-9./]+$') });
  });

  test('the flow logs are kept two years by default, or as long as asked, under the key given', () => {
    // GIVEN
    const stack = newStack();
    const key = new kms.Key(stack, 'Key');
    // WHEN
    new SecureAlbService(stack, 'Web', { flowLogRetention: logs.RetentionDays.ONE_YEAR, flowLogEncryptionKey: key });
    new InternalAlbWithPrivateTargets(stack, 'Internal');
    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365, KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] } });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 731, KmsKeyId: Match.absent() });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'logs.eu-west-1.amazonaws.com' }, Action: Match.arrayWith(['kms:Encrypt*']) })]) },
    });
  });

  test('a flow-log retention under a year is warned about', () => {
    const stack = newStack();
    new SecureAlbService(stack, 'Web', { flowLogRetention: logs.RetentionDays.ONE_MONTH });
    Annotations.fromStack(stack).hasWarning('/Test/Web', Match.stringLikeRegexp('keeps the flow logs 30 days; Control Tower CT.CLOUDWATCH.PR.2 asks for at least a year'));
  });

  test.each([
    [{ flowLogRetention: logs.RetentionDays.ONE_YEAR }, 'SecureAlbService: `flowLogRetention` applies to the VPC the construct creates, but `vpc` is given; set it on that VPC\'s flow logs'],
    [{ accessLogBucketServerAccessLogs: true, accessLogs: false }, 'SecureAlbService: `accessLogBucketServerAccessLogs` applies to the access-log bucket the construct creates, but `accessLogs` is false'],
  ])('fails on an option for a part the construct does not create: %j', (props, message) => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc');
    expect(() => new SecureAlbService(stack, 'Web', { vpc, ...props })).toThrow(message);
  });

  test('fails on a log-bucket option next to a bucket of the user\'s', () => {
    const stack = newStack();
    const bucket = new s3.Bucket(stack, 'Mine', { encryption: s3.BucketEncryption.S3_MANAGED });
    expect(() => new SecureAlbService(stack, 'Web', { accessLogBucket: bucket, accessLogBucketObjectLockRetention: Duration.days(7) }))
      .toThrow('SecureAlbService: `accessLogBucketObjectLockRetention` applies to the access-log bucket the construct creates, but `accessLogBucket` is given; set it on that bucket');
  });
});

describe('AlbAccessLogBucket: server access logging and Object Lock', () => {
  test('server access logs go to a bucket it creates, under a bucket policy for the logging service', () => {
    // GIVEN / WHEN
    const stack = newStack();
    const logs_ = new AlbAccessLogBucket(stack, 'Logs', { serverAccessLogs: true });
    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: { DestinationBucketName: { Ref: Match.stringLikeRegexp('^LogsServerAccessLogs') }, LogFilePrefix: 'access-log-bucket/' },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: Match.stringLikeRegexp('^LogsServerAccessLogs') },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject' })]) },
    });
    expect(logs_.serverAccessLogsBucket).toBeDefined();
  });

  test('or to a bucket given', () => {
    const stack = newStack();
    const target = new s3.Bucket(stack, 'Target');
    new AlbAccessLogBucket(stack, 'Logs', { serverAccessLogsBucket: target });
    Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', { LoggingConfiguration: { DestinationBucketName: { Ref: Match.stringLikeRegexp('^Target') } } });
  });

  test('no server access logging and no Object Lock by default', () => {
    const stack = newStack();
    new AlbAccessLogBucket(stack, 'Logs');
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::S3::Bucket', 1);
    template.hasResourceProperties('AWS::S3::Bucket', { LoggingConfiguration: Match.absent(), ObjectLockEnabled: Match.absent() });
  });

  test('Object Lock in governance mode with the retention given', () => {
    const stack = newStack();
    new AlbAccessLogBucket(stack, 'Logs', { objectLockRetention: Duration.days(30) });
    Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 30 } } },
    });
  });

  test.each([
    [{ objectLockRetention: Duration.days(91) }, 'AlbAccessLogBucket: `objectLockRetention` (91 days) is longer than `expiration` (90 days); the logs could not expire while they are locked, make the retention at most the expiry'],
    [{ objectLockRetention: Duration.hours(12) }, 'AlbAccessLogBucket: `objectLockRetention` must be a whole number of days, at least one, got 12 hours'],
    [{ serverAccessLogs: true, serverAccessLogsBucket: 'given' }, 'AlbAccessLogBucket: `serverAccessLogs` is true and `serverAccessLogsBucket` is set; give one of them (true creates the bucket)'],
  ])('fails on %j', (props, message) => {
    const stack = newStack();
    const resolved = { ...props, serverAccessLogsBucket: 'serverAccessLogsBucket' in props ? new s3.Bucket(stack, 'Target') : undefined };
    expect(() => new AlbAccessLogBucket(stack, 'Logs', resolved as never)).toThrow(message);
  });
});
