import { Duration } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { newStack } from './util';
import { AlbWebAcl, InternalAlbWithPrivateTargets, SecureAlbService } from '../src';

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
