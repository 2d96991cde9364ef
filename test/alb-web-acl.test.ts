import { Duration } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { newStack } from './util';
import { AlbWebAcl, AlbWebAclLogDestination, InternalAlbWithPrivateTargets, SecureAlbService } from '../src';

const ARN = 'arn:aws:wafv2:eu-west-1:111111111111:regional/webacl/web/0123abcd-0000-0000-0000-000000000000';

describe('AlbWebAcl', () => {
  test('an existing web ACL by ARN is associated with the load balancer', () => {
    // GIVEN / WHEN
    const stack = newStack();
    const web = new SecureAlbService(stack, 'Web', { webAcl: AlbWebAcl.fromArn(ARN) });
    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::WAFv2::WebACL', 0);
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', { WebACLArn: ARN, ResourceArn: { Ref: Match.stringLikeRegexp('WebLoadBalancer') } });
    expect(web.webAclArn).toEqual(ARN);
  });

  test('managed rules: a regional web ACL that allows by default and blocks with the AWS managed rule groups', () => {
    const stack = newStack();
    new InternalAlbWithPrivateTargets(stack, 'Api', { webAcl: AlbWebAcl.managedRules() });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'REGIONAL',
      DefaultAction: { Allow: {} },
      Rules: ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesAmazonIpReputationList'].map((name, priority) => Match.objectLike({
        Name: name,
        Priority: priority,
        OverrideAction: { None: {} },
        Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: name } },
      })),
    });
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', { WebACLArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('ApiWebAcl'), 'Arn'] } });
  });

  test('managed rules with countOnly count instead of blocking', () => {
    const stack = newStack();
    new SecureAlbService(stack, 'Web', { webAcl: AlbWebAcl.managedRules({ ruleGroups: ['AWSManagedRulesSQLiRuleSet'], countOnly: true }) });
    Template.fromStack(stack).hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: [Match.objectLike({ Name: 'AWSManagedRulesSQLiRuleSet', OverrideAction: { Count: {} } })],
    });
  });

  test('without a web ACL nothing is associated', () => {
    const stack = newStack();
    const web = new SecureAlbService(stack, 'Web');
    Template.fromStack(stack).resourceCountIs('AWS::WAFv2::WebACLAssociation', 0);
    expect(web.webAclArn).toBeUndefined();
  });

  test.each([
    ['a web ACL ARN of the CloudFront scope', () => AlbWebAcl.fromArn('arn:aws:wafv2:us-east-1:111111111111:global/webacl/web/abc'), "AlbWebAcl.fromArn: `webAclArn` must be the ARN of a regional web ACL ('arn:aws:wafv2:<region>:<account>:regional/webacl/<name>/<id>'), got 'arn:aws:wafv2:us-east-1:111111111111:global/webacl/web/abc'"],
    ['no rule group', () => AlbWebAcl.managedRules({ ruleGroups: [] }), 'AlbWebAcl.managedRules: `ruleGroups` is an empty list, which protects nothing; leave it undefined for the default groups or name at least one'],
    ['a rule group name with a space', () => AlbWebAcl.managedRules({ ruleGroups: ['Common Rule Set'] }), "AlbWebAcl.managedRules: `ruleGroups[0]` must be the name of an AWS managed rule group such as 'AWSManagedRulesCommonRuleSet', got 'Common Rule Set'"],
  ])('fails on %s', (_name, build, message) => {
    expect(build).toThrow(message);
  });
});

describe('AlbWebAcl: logging', () => {
  const PARTITION = { Ref: 'AWS::Partition' };
  /** `arn:<partition>:logs:eu-west-1:111111111111:log-group:<name>` as CloudFormation renders it. */
  const groupArn = (name: unknown) => ({ 'Fn::Join': ['', ['arn:', PARTITION, ':logs:eu-west-1:111111111111:log-group:', name]] });
  const DELIVERY_CONDITIONS = {
    StringEquals: { 'aws:SourceAccount': '111111111111' },
    ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', PARTITION, ':logs:eu-west-1:111111111111:*']] } },
  };
  const logicalId = (template: Template, type: string) => Object.keys(template.findResources(type))[0];
  /** The log groups whose name starts with aws-waf-logs- (not the flow-log group of the VPC). */
  const wafGroups = (template: Template) => Object.entries(template.findResources('AWS::Logs::LogGroup'))
    .filter(([, r]) => JSON.stringify(r.Properties?.LogGroupName ?? '').includes('aws-waf-logs-')).map(([id]) => id);

  test('managed rules log by default to a new log group aws-waf-logs-…, kept a year and retained, after its resource policy', () => {
    // GIVEN / WHEN
    const stack = newStack();
    new SecureAlbService(stack, 'Web', { webAcl: AlbWebAcl.managedRules() });
    // THEN
    const template = Template.fromStack(stack);
    const acl = logicalId(template, 'AWS::WAFv2::WebACL');
    const [group] = wafGroups(template);
    const policy = logicalId(template, 'AWS::Logs::ResourcePolicy');
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: {
        LogGroupName: { 'Fn::Join': ['', ['aws-waf-logs-TestWeb23347330-', { 'Fn::Select': [3, { 'Fn::Split': ['/', { 'Fn::GetAtt': [acl, 'Arn'] }] }] }]] },
        RetentionInDays: 365,
        KmsKeyId: Match.absent(),
      },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    template.hasResource('AWS::WAFv2::LoggingConfiguration', {
      Properties: {
        ResourceArn: { 'Fn::GetAtt': [acl, 'Arn'] },
        // the ARN WAF takes: without the trailing ':*' of the log group's Arn attribute
        LogDestinationConfigs: [groupArn({ Ref: group })],
        RedactedFields: Match.absent(),
      },
      DependsOn: [policy],
    });
    // the policy document is a string joined with references: read it with each reference as <id>
    const parts: unknown[] = template.toJSON().Resources[policy].Properties.PolicyDocument['Fn::Join'][1];
    const document = JSON.parse(parts.map((p) => (typeof p === 'string' ? p : `<${(p as { Ref: string }).Ref}>`)).join(''));
    expect(document).toEqual({
      Version: '2012-10-17',
      Statement: [{
        Sid: 'AWSLogDeliveryWrite',
        Effect: 'Allow',
        Principal: { Service: 'delivery.logs.amazonaws.com' },
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: `arn:<AWS::Partition>:logs:eu-west-1:111111111111:log-group:<${group}>:log-stream:*`,
        Condition: {
          StringEquals: { 'aws:SourceAccount': '111111111111' },
          ArnLike: { 'aws:SourceArn': 'arn:<AWS::Partition>:logs:eu-west-1:111111111111:*' },
        },
      }],
    });
  });

  test('logEncryptionKey: the group is encrypted with it, and the key lets CloudWatch Logs use it for that group only', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key');
    new SecureAlbService(stack, 'Web', { webAcl: AlbWebAcl.managedRules({ logEncryptionKey: key, logRetention: logs.RetentionDays.TWO_YEARS }) });
    const template = Template.fromStack(stack);
    const keyId = logicalId(template, 'AWS::KMS::Key');
    const [group] = wafGroups(template);
    expect(template.toJSON().Resources[group]).toMatchObject({ Properties: { KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] }, RetentionInDays: 731 }, DependsOn: [keyId] });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([{
          Effect: 'Allow',
          Principal: { Service: 'logs.eu-west-1.amazonaws.com' },
          Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
          Resource: '*',
          // the literal part of the group's name (its full name would make the key and the group wait for each other)
          Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': { 'Fn::Join': ['', ['arn:', PARTITION, ':logs:eu-west-1:111111111111:log-group:aws-waf-logs-TestWeb23347330-*']] } } },
        }]),
      },
    });
  });

  test('redacted fields: the headers named, the query string and the URI path', () => {
    const stack = newStack();
    new SecureAlbService(stack, 'Web', {
      webAcl: AlbWebAcl.managedRules({ redactedHeaders: ['authorization', 'cookie'], redactQueryString: true, redactUriPath: true }),
    });
    Template.fromStack(stack).hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      RedactedFields: [{ SingleHeader: { Name: 'authorization' } }, { SingleHeader: { Name: 'cookie' } }, { QueryString: {} }, { UriPath: {} }],
    });
  });

  test('logging only adds resources: every logical id of the web ACL without logs stays, with the same type', () => {
    const ids = (logging: boolean) => {
      const stack = newStack();
      new SecureAlbService(stack, 'Web', { webAcl: AlbWebAcl.managedRules({ logging }) });
      const resources = Template.fromStack(stack).toJSON().Resources as Record<string, { Type: string }>;
      return Object.fromEntries(Object.entries(resources).map(([id, r]) => [id, r.Type]));
    };
    const without = ids(false);
    const withLogs = ids(true);
    expect(withLogs).toMatchObject(without);
    expect(Object.entries(withLogs).filter(([id]) => !(id in without)).map(([, type]) => type).sort())
      .toEqual(['AWS::Logs::LogGroup', 'AWS::Logs::ResourcePolicy', 'AWS::WAFv2::LoggingConfiguration']);
  });

  test('logging: false creates no logging configuration and no log group', () => {
    const stack = newStack();
    new SecureAlbService(stack, 'Web', { webAcl: AlbWebAcl.managedRules({ logging: false }) });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::WAFv2::LoggingConfiguration', 0);
    template.resourceCountIs('AWS::Logs::ResourcePolicy', 0);
    expect(wafGroups(template)).toEqual([]);
  });

  test('a log group of the user\'s: the logs go there, with the resource policy on it, and no group is created', () => {
    const stack = newStack();
    const mine = new logs.LogGroup(stack, 'Mine', { logGroupName: 'aws-waf-logs-web' });
    new SecureAlbService(stack, 'Web', { webAcl: AlbWebAcl.managedRules({ logDestination: AlbWebAclLogDestination.logGroup(mine) }) });
    const template = Template.fromStack(stack);
    const group = Object.keys(template.findResources('AWS::Logs::LogGroup', { Properties: { LogGroupName: 'aws-waf-logs-web' } }))[0];
    expect(wafGroups(template)).toEqual([group]);
    template.hasResource('AWS::WAFv2::LoggingConfiguration', {
      Properties: { LogDestinationConfigs: [groupArn({ Ref: group })] },
      DependsOn: [Match.stringLikeRegexp('^MinePolicyResourcePolicy')],
    });
    template.resourceCountIs('AWS::Logs::ResourcePolicy', 1);
  });

  test('several web ACLs logging to one log group of the user\'s share one resource policy (an account holds at most 10 per region)', () => {
    const stack = newStack();
    const shared = new logs.LogGroup(stack, 'Shared', { logGroupName: 'aws-waf-logs-shared' });
    new SecureAlbService(stack, 'Web', { webAcl: AlbWebAcl.managedRules({ logDestination: AlbWebAclLogDestination.logGroup(shared) }) });
    new InternalAlbWithPrivateTargets(stack, 'Api', { webAcl: AlbWebAcl.managedRules({ logDestination: AlbWebAclLogDestination.logGroup(shared) }) });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::WAFv2::LoggingConfiguration', 2);
    template.resourceCountIs('AWS::Logs::ResourcePolicy', 1);
    const [policy] = Object.values(template.findResources('AWS::Logs::ResourcePolicy'));
    expect(JSON.stringify(policy.Properties.PolicyDocument).match(/AWSLogDeliveryWrite/g)).toHaveLength(1);
  });

  test('an S3 bucket: the documented bucket policy for log delivery, and the key statement for a KMS bucket', () => {
    const stack = newStack();
    const bucket = new s3.Bucket(stack, 'WafLogs', { bucketName: 'aws-waf-logs-web-111111111111', encryption: s3.BucketEncryption.KMS });
    new SecureAlbService(stack, 'Web', { webAcl: AlbWebAcl.managedRules({ logDestination: AlbWebAclLogDestination.bucket(bucket) }) });
    const template = Template.fromStack(stack);
    const bucketId = Object.keys(template.findResources('AWS::S3::Bucket', { Properties: { BucketName: 'aws-waf-logs-web-111111111111' } }))[0];
    const bucketArn = { 'Fn::GetAtt': [bucketId, 'Arn'] };
    template.hasResource('AWS::WAFv2::LoggingConfiguration', {
      Properties: { LogDestinationConfigs: [bucketArn] },
      DependsOn: [Match.stringLikeRegexp('^WafLogsPolicy')],
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Sid: 'AWSLogDeliveryWrite',
            Effect: 'Allow',
            Principal: { Service: 'delivery.logs.amazonaws.com' },
            Action: 's3:PutObject',
            Resource: { 'Fn::Join': ['', [bucketArn, '/AWSLogs/111111111111/*']] },
            Condition: { ...DELIVERY_CONDITIONS, StringEquals: { ...DELIVERY_CONDITIONS.StringEquals, 's3:x-amz-acl': 'bucket-owner-full-control' } },
          },
          { Sid: 'AWSLogDeliveryAclCheck', Effect: 'Allow', Principal: { Service: 'delivery.logs.amazonaws.com' }, Action: 's3:GetBucketAcl', Resource: bucketArn, Condition: DELIVERY_CONDITIONS },
        ]),
      },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'delivery.logs.amazonaws.com' }, Action: Match.arrayWith(['kms:GenerateDataKey*']), Condition: DELIVERY_CONDITIONS })]) },
    });
  });

  test('an imported bucket: no policy written here (WAF writes it when logging is turned on), no failure', () => {
    const stack = newStack();
    const bucket = s3.Bucket.fromBucketName(stack, 'Theirs', 'aws-waf-logs-central');
    new SecureAlbService(stack, 'Web', { webAcl: AlbWebAcl.managedRules({ logDestination: AlbWebAclLogDestination.bucket(bucket) }) });
    const template = Template.fromStack(stack);
    template.hasResource('AWS::WAFv2::LoggingConfiguration', {
      Properties: { LogDestinationConfigs: [{ 'Fn::Join': ['', ['arn:', PARTITION, ':s3:::aws-waf-logs-central']] }] },
      DependsOn: Match.absent(),
    });
    template.resourcePropertiesCountIs('AWS::S3::BucketPolicy', { Bucket: 'aws-waf-logs-central' }, 0);
  });

  test('a Firehose stream by ARN', () => {
    const stack = newStack();
    const arn = 'arn:aws:firehose:eu-west-1:111111111111:deliverystream/aws-waf-logs-web';
    new SecureAlbService(stack, 'Web', { webAcl: AlbWebAcl.managedRules({ logDestination: AlbWebAclLogDestination.firehose(arn) }) });
    Template.fromStack(stack).hasResourceProperties('AWS::WAFv2::LoggingConfiguration', { LogDestinationConfigs: [arn] });
  });

  test('an existing web ACL gets no logging configuration unless asked', () => {
    const stack = newStack();
    new SecureAlbService(stack, 'Web', { webAcl: AlbWebAcl.fromArn(ARN) });
    Template.fromStack(stack).resourceCountIs('AWS::WAFv2::LoggingConfiguration', 0);
  });

  test('an existing web ACL with logging: true logs to a new group named after its id', () => {
    const stack = newStack();
    new SecureAlbService(stack, 'Web', { webAcl: AlbWebAcl.fromArn(ARN, { logging: true, redactedHeaders: ['authorization'] }) });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: 'aws-waf-logs-TestWeb23347330-0123abcd-0000-0000-0000-000000000000', RetentionInDays: 365 });
    template.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      ResourceArn: ARN,
      LogDestinationConfigs: [groupArn({ Ref: wafGroups(template)[0] })],
      RedactedFields: [{ SingleHeader: { Name: 'authorization' } }],
    });
  });

  test('a retention under a year is warned about', () => {
    const stack = newStack();
    new SecureAlbService(stack, 'Web', { webAcl: AlbWebAcl.managedRules({ logRetention: logs.RetentionDays.ONE_MONTH }) });
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('waf-log-retention'))).toHaveLength(1);
    const quiet = newStack();
    new SecureAlbService(quiet, 'Web', { webAcl: AlbWebAcl.managedRules() });
    expect(Annotations.fromStack(quiet).findWarning('*', Match.stringLikeRegexp('waf-log-retention'))).toHaveLength(0);
  });

  test.each([
    ['logging off with a retention', () => AlbWebAcl.managedRules({ logging: false, logRetention: logs.RetentionDays.ONE_YEAR }),
      'AlbWebAcl.managedRules: `logRetention` is set but `logging` is false; set `logging: true` or drop that option'],
    ['an existing web ACL with a destination but no logging: true', () => AlbWebAcl.fromArn(ARN, { logDestination: AlbWebAclLogDestination.firehose('arn:aws:firehose:eu-west-1:111111111111:deliverystream/aws-waf-logs-web') }),
      'AlbWebAcl.fromArn: `logDestination` is set but `logging` is off by default here; set `logging: true` or drop that option'],
    ['a key next to a destination of the user\'s', () => AlbWebAcl.managedRules({
      logDestination: AlbWebAclLogDestination.firehose('arn:aws:firehose:eu-west-1:111111111111:deliverystream/aws-waf-logs-web'),
      logEncryptionKey: kms.Key.fromKeyArn(newStack(), 'K', 'arn:aws:kms:eu-west-1:111111111111:key/abc'),
    }), 'AlbWebAcl.managedRules: `logEncryptionKey` applies to the log group the construct creates, but `logDestination` is given; set it on that destination'],
    ['a header name with a space', () => AlbWebAcl.managedRules({ redactedHeaders: ['x api key'] }),
      "AlbWebAcl.managedRules: `redactedHeaders[0]` must be an HTTP header name of at most 64 characters such as 'authorization', got 'x api key'"],
    ['a log group without the prefix', () => AlbWebAclLogDestination.logGroup(new logs.LogGroup(newStack(), 'G', { logGroupName: '/waf/web' })),
      "AlbWebAclLogDestination.logGroup: the name of the log group Test/G must start with 'aws-waf-logs-', got '/waf/web'"],
    ['a log group with a generated name', () => AlbWebAclLogDestination.logGroup(new logs.LogGroup(newStack(), 'G')),
      "AlbWebAclLogDestination.logGroup: the log group Test/G has no `logGroupName`; WAF logs only to a destination whose name starts with 'aws-waf-logs-', a name CloudFormation generates does not"],
    ['a bucket without the prefix', () => AlbWebAclLogDestination.bucket(s3.Bucket.fromBucketName(newStack(), 'B', 'waf-logs')),
      "AlbWebAclLogDestination.bucket: the name of the bucket Test/B must start with 'aws-waf-logs-', got 'waf-logs'"],
    ['a Firehose stream without the prefix', () => AlbWebAclLogDestination.firehose('arn:aws:firehose:eu-west-1:111111111111:deliverystream/web'),
      "AlbWebAclLogDestination.firehose: `deliveryStreamArn` must be the ARN of a Firehose stream whose name starts with 'aws-waf-logs-' ('arn:aws:firehose:<region>:<account>:deliverystream/aws-waf-logs-<name>'), got 'arn:aws:firehose:eu-west-1:111111111111:deliverystream/web'"],
  ])('fails on %s', (_name, build, message) => {
    expect(build).toThrow(message);
  });
});

describe('hardening attributes', () => {
  const attributes = (props: ConstructorParameters<typeof SecureAlbService>[2]) => {
    const stack = newStack();
    new SecureAlbService(stack, 'Web', props);
    return { stack, template: Template.fromStack(stack) };
  };

  test('desync mitigation is DEFENSIVE by default, stated in the template', () => {
    attributes({}).template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'routing.http.desync_mitigation_mode', Value: 'defensive' }]),
    });
  });

  test('STRICTEST, an idle timeout and a client keep-alive are passed to the load balancer', () => {
    const { template } = attributes({
      desyncMitigationMode: elbv2.DesyncMitigationMode.STRICTEST,
      idleTimeout: Duration.seconds(30),
      clientKeepAlive: Duration.minutes(10),
    });
    for (const [Key, Value] of [['routing.http.desync_mitigation_mode', 'strictest'], ['idle_timeout.timeout_seconds', '30'], ['client_keep_alive.seconds', '600']]) {
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { LoadBalancerAttributes: Match.arrayWith([{ Key, Value }]) });
    }
  });

  test('MONITOR is warned about', () => {
    const { stack } = attributes({ desyncMitigationMode: elbv2.DesyncMitigationMode.MONITOR });
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('desync-monitor'))).toHaveLength(1);
  });

  test.each([
    [{ idleTimeout: Duration.seconds(0) }, 'SecureAlbService: `idleTimeout` must be a whole number of seconds between 1 and 4000, got 0 seconds'],
    [{ idleTimeout: Duration.hours(2) }, 'SecureAlbService: `idleTimeout` must be a whole number of seconds between 1 and 4000, got 2 hours'],
    [{ clientKeepAlive: Duration.seconds(30) }, 'SecureAlbService: `clientKeepAlive` must be a whole number of seconds between 60 and 604800, got 30 seconds'],
    [{ clientKeepAlive: Duration.days(8) }, 'SecureAlbService: `clientKeepAlive` must be a whole number of seconds between 60 and 604800, got 8 days'],
  ])('fails on %j', (props, message) => {
    expect(() => new SecureAlbService(newStack(), 'Web', props)).toThrow(message);
  });
});
