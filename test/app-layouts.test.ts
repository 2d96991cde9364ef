import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as targets from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { aclEntries, addOidcLogin, logicalIdOf, newStack, ruleKey, sgRules, vpcWithoutNat, vpcCidrNames } from './util';
import { assertions, InternalAlbWithPrivateTargets, SecureAlbService } from '../src';

/** `out 443 tcp 443-443 0.0.0.0/0`-like keys of an ACL whose logical id contains `part`. */
function aclKeys(template: Template, part: string): string[] {
  const acl = logicalIdOf(template, 'AWS::EC2::NetworkAcl', part);
  return aclEntries(template, acl).map((e) => `${e.egress ? 'out' : 'in'} ${e.protocol === 1 ? 'icmp' : `${e.from}-${e.to}`} ${/^\d/.test(e.cidr) && !vpcCidrNames(template.toJSON().Resources).has(e.cidr) ? e.cidr : 'VPC'}`);
}

function lbRules(template: Template, direction: 'in' | 'out'): string[] {
  const lbSg = logicalIdOf(template, 'AWS::EC2::SecurityGroup', 'SecurityGroupsLoadBalancer');
  return sgRules(template, lbSg).filter((r) => r.direction === direction).map(ruleKey)
    .map((k) => k.replace(/\S+SecurityGroupsTargets\w+\.GroupId/, 'targets'));
}

function newFunction(scope: Stack, id: string): lambda.Function {
  return new lambda.Function(scope, id, {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200, body: "ok" });'),
  });
}

describe('one load balancer, several target groups behind listener rules', () => {
  // GIVEN the most common layout: /api/* to port 8080 (health checks on 8081), the rest to port 80
  const stack = newStack();
  const web = new SecureAlbService(stack, 'Web');
  // WHEN
  const api = web.addTargetGroup('Api', {
    port: 8080,
    healthCheck: { port: '8081' },
    conditions: [elbv2.ListenerCondition.pathPatterns(['/api/*'])],
    priority: 10,
  });
  const template = Template.fromStack(stack);

  test('the rule forwards /api/* to the new target group', () => {
    expect(api).toBeInstanceOf(elbv2.ApplicationTargetGroup);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Priority: 10,
      Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/api/*'] } }],
      Actions: [{ Type: 'forward', TargetGroupArn: { Ref: Match.stringLikeRegexp('WebApi') } }],
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { Port: 8080, HealthCheckPort: '8081' });
  });

  test('LBSG-OUT-TARGET / LBSG-OUT-HEALTH-CHECK: the load balancer group sends exactly 80, 8080 and 8081 to the targets', () => {
    expect(lbRules(template, 'out').sort()).toEqual(['out tcp 80 to targets', 'out tcp 8080 to targets', 'out tcp 8081 to targets']);
  });

  test('TGSG-IN-TARGET / TGSG-IN-HEALTH-CHECK: the target group accepts exactly those ports from the load balancer', () => {
    const tgSg = logicalIdOf(template, 'AWS::EC2::SecurityGroup', 'SecurityGroupsTargets');
    expect(sgRules(template, tgSg).filter((r) => r.direction === 'in' && r.protocol === 'tcp').map((r) => r.fromPort).sort()).toEqual([80, 8080, 8081]);
  });

  test('LBACL-OUT-TARGET and TGACL-IN-TARGET: both ACLs carry the new ports', () => {
    expect(aclKeys(template, 'LoadBalancerAcl')).toEqual(expect.arrayContaining(['out 8080-8080 VPC', 'out 8081-8081 VPC']));
    expect(aclKeys(template, 'TargetAcl')).toEqual(expect.arrayContaining(['in 8080-8080 VPC', 'in 8081-8081 VPC']));
  });

  test('the load balancer reaches the targets on each port', () => {
    const model = assertions.TemplateModel.fromStack(stack);
    const lb = assertions.FlowEndpoint.fromConstruct(web.loadBalancer);
    const tg = assertions.FlowEndpoint.fromConstruct(web.targetSecurityGroup);
    for (const port of [80, 8080, 8081]) {
      expect(model.evaluate(lb, tg, port).explanation).toMatch(/ALLOWED/);
    }
    expect(model.evaluate(lb, tg, 8082).allowed).toBe(false);
  });

  test('fails at synth on a target group attached with the listener\'s own methods on a closed port, with advice that works', () => {
    const s = newStack();
    const svc = new SecureAlbService(s, 'Web');
    svc.listener.addTargets('Legacy', { port: 81, protocol: elbv2.ApplicationProtocol.HTTP, priority: 20, conditions: [elbv2.ListenerCondition.pathPatterns(['/legacy/*'])] });
    expect(() => Template.fromStack(s)).toThrow("SecureAlbService: the target group Test/Web/LoadBalancer/Listener/LegacyGroup/Resource uses port 81, but the rules between the load balancer and the targets allow only 80; create the target group with the construct's `addTargetGroup(id, { port: 81, conditions: [ListenerCondition.pathPatterns([...])], priority: 20 })`, which opens its ports");
  });

  test.each([
    ['no condition', { conditions: [], priority: 1 }, "SecureAlbService: `addTargetGroup('X')`: `conditions` is empty; a listener rule needs at least one condition (for example `ListenerCondition.pathPatterns(['/api/*'])`)"],
    ['priority 0', { conditions: [elbv2.ListenerCondition.pathPatterns(['/x'])], priority: 0 }, "SecureAlbService: `addTargetGroup('X')`: `priority` must be an integer between 1 and 50000, got 0"],
    ['port 0', { port: 0, conditions: [elbv2.ListenerCondition.pathPatterns(['/x'])], priority: 1 }, "SecureAlbService: `addTargetGroup('X').port` must be an integer between 1 and 65535, got 0"],
  ])('fails on addTargetGroup with %s', (_name, options, message) => {
    const svc = new SecureAlbService(newStack(), 'Web');
    expect(() => svc.addTargetGroup('X', options)).toThrow(message);
  });
});

describe('Lambda targets', () => {
  test('as the main target group: no port, no protocol, no rules from the load balancer to targets, the invoke permission in place', () => {
    // GIVEN
    const stack = newStack();
    const fn = newFunction(stack, 'Fn');
    // WHEN
    new SecureAlbService(stack, 'Web', { targets: [new targets.LambdaTarget(fn)] });
    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { TargetType: 'lambda', Port: Match.absent(), Protocol: Match.absent() });
    template.hasResourceProperties('AWS::Lambda::Permission', { Action: 'lambda:InvokeFunction', Principal: 'elasticloadbalancing.amazonaws.com' });
    expect(lbRules(template, 'out').filter((k) => !k.includes('255.255.255.255/32'))).toEqual([]);
    expect(aclKeys(template, 'LoadBalancerAcl').filter((k) => k.startsWith('out') && k.endsWith('VPC') && !k.includes('1024-65535'))).toEqual([]);
    expect(aclKeys(template, 'TargetAcl').filter((k) => k.startsWith('in') && k.endsWith('VPC'))).toEqual([]);
  });

  test('behind a listener rule of a service with network targets: the function opens nothing', () => {
    const stack = newStack();
    const web = new SecureAlbService(stack, 'Web');
    const before = lbRules(Template.fromStack(newStackWith((s) => new SecureAlbService(s, 'Web'))), 'out');
    web.addTargetGroup('Fn', { targets: [new targets.LambdaTarget(newFunction(stack, 'Fn'))], conditions: [elbv2.ListenerCondition.pathPatterns(['/fn/*'])], priority: 5 });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { TargetType: 'lambda' });
    expect(lbRules(template, 'out')).toEqual(before);
  });

  test.each([
    ['targetPort', { targetPort: 8080 }, 'SecureAlbService: `targetPort` is set, but the targets are Lambda functions, which have no port or protocol (the service invokes them); drop `targetPort`'],
    ['targetCidrs', { targetCidrs: ['10.3.0.0/16'] }, 'SecureAlbService: `targetCidrs` is set, but the targets are Lambda functions, which are not reached over the network; drop `targetCidrs`'],
  ])('fails on Lambda targets with %s', (_name, props, message) => {
    expect(() => new SecureAlbService(newStack(), 'Web', { targetType: elbv2.TargetType.LAMBDA, ...props })).toThrow(message);
  });
});

function newStackWith(build: (s: Stack) => void): Stack {
  const s = newStack();
  build(s);
  return s;
}

describe('IP targets outside the VPC (targetCidrs)', () => {
  // GIVEN an internal load balancer whose targets live in a peered network 10.3.0.0/16
  const stack = newStack();
  const alb = new InternalAlbWithPrivateTargets(stack, 'Alb', {
    targetPort: 8080,
    targetCidrs: ['10.3.0.0/16'],
    targets: [new targets.IpTarget('10.3.0.10', 8080, 'all')],
  });
  const template = Template.fromStack(stack);

  test('LBSG-OUT-TARGET: the load balancer group sends the target port to the target network (and to the target group)', () => {
    expect(lbRules(template, 'out').sort()).toEqual(['out tcp 8080 to 10.3.0.0/16', 'out tcp 8080 to targets']);
  });

  test('LBACL-OUT-TARGET: the load balancer ACL lets the port out to the network and its replies in', () => {
    expect(aclKeys(template, 'LoadBalancerAcl')).toEqual(expect.arrayContaining(['out 8080-8080 10.3.0.0/16', 'in 1024-65535 10.3.0.0/16']));
  });

  test('the target is registered by address in every zone', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      TargetType: 'ip', Targets: [{ Id: '10.3.0.10', Port: 8080, AvailabilityZone: 'all' }],
    });
    expect(alb.targetGroup).toBeDefined();
  });

  test.each([
    [['0.0.0.0/0'], "InternalAlbWithPrivateTargets: `targetCidrs[0]` is '0.0.0.0/0', but the load balancer never sends to everyone; name the target networks (for example '10.3.0.0/16')"],
    [['10.3.0.0/33'], "InternalAlbWithPrivateTargets: `targetCidrs[0]` must be an IPv4 CIDR such as '10.1.0.0/16', got '10.3.0.0/33'"],
    [['10.0.5.0/24'], "InternalAlbWithPrivateTargets: `targetCidrs[0]` ('10.0.5.0/24') overlaps the VPC's CIDR ('10.0.0.0/16'); targets in the VPC are reached through the target security group, list only networks outside it"],
  ])('fails on targetCidrs %j', (cidrs, message) => {
    const s = newStack();
    const vpc = ec2.Vpc.fromVpcAttributes(s, 'Vpc', { vpcId: 'vpc-1', vpcCidrBlock: '10.0.0.0/16', availabilityZones: ['eu-west-1a'], privateSubnetIds: ['subnet-1'], privateSubnetRouteTableIds: ['rtb-1'] });
    expect(() => new InternalAlbWithPrivateTargets(s, 'Alb', { vpc, targetCidrs: cidrs })).toThrow(message);
  });
});

describe('listeners added later with aws-cdk-lib\'s default open: true', () => {
  test('fails at synth when clientCidrs is narrower, with the call that fixes it', () => {
    const stack = newStack();
    const web = new SecureAlbService(stack, 'Web', { clientCidrs: ['203.0.113.0/24'] });
    web.loadBalancer.addListener('Extra', { port: 8080, defaultTargetGroups: [web.targetGroup] });
    web.allowListenerPort(8080);
    expect(() => Template.fromStack(stack)).toThrow('SecureAlbService: `clientCidrs` is ["203.0.113.0/24"], but the load balancer\'s security group allows port 8080 from everyone (0.0.0.0/0 or ::/0), as a listener added with aws-cdk-lib\'s default `open: true` does; add it with `open: false` and call `allowListenerPort(8080)` on the construct');
  });

  test('passes with open: false', () => {
    const stack = newStack();
    const web = new SecureAlbService(stack, 'Web', { clientCidrs: ['203.0.113.0/24'] });
    web.loadBalancer.addListener('Extra', { port: 8080, open: false, defaultTargetGroups: [web.targetGroup] });
    web.allowListenerPort(8080);
    expect(() => Template.fromStack(stack)).not.toThrow();
  });
});

describe('listeners that authenticate users', () => {
  function build(props: { identityProviderCidrs?: string[]; allowHttpsOutbound?: boolean }) {
    const stack = newStack();
    // GIVEN no NAT gateway in the load balancer subnets, so nothing else opens 443 there
    const web = new SecureAlbService(stack, 'Web', {
      vpc: vpcWithoutNat(stack), targetSubnets: { subnetGroupName: 'App' }, targetOutboundPorts: [], identityProviderCidrs: props.identityProviderCidrs,
    });
    addOidcLogin(web, props.allowHttpsOutbound);
    return { stack, web };
  }

  test('the load balancer ACL lets 443 out to the identity provider and the replies in, without a NAT gateway', () => {
    const { stack } = build({});
    const template = Template.fromStack(stack);
    expect(aclKeys(template, 'LoadBalancerAcl')).toEqual(expect.arrayContaining(['out 443-443 0.0.0.0/0', 'in 1024-3388 0.0.0.0/0', 'in 3390-65535 0.0.0.0/0']));
    expect(lbRules(template, 'out')).toContain('out tcp 443 to 0.0.0.0/0');
  });

  test('with identityProviderCidrs and allowHttpsOutbound: false, only the identity provider\'s networks', () => {
    const { stack } = build({ identityProviderCidrs: ['198.51.100.0/24'], allowHttpsOutbound: false });
    const template = Template.fromStack(stack);
    expect(aclKeys(template, 'LoadBalancerAcl')).toEqual(expect.arrayContaining(['out 443-443 198.51.100.0/24', 'in 1024-65535 198.51.100.0/24']));
    expect(aclKeys(template, 'LoadBalancerAcl').filter((k) => k.endsWith('0.0.0.0/0') && k.startsWith('out 443'))).toEqual([]);
    expect(lbRules(template, 'out')).toContain('out tcp 443 to 198.51.100.0/24');
    expect(lbRules(template, 'out')).not.toContain('out tcp 443 to 0.0.0.0/0');
  });

  test('fails at synth with identityProviderCidrs while the action opens 443 to everyone', () => {
    const { stack } = build({ identityProviderCidrs: ['198.51.100.0/24'] });
    expect(() => Template.fromStack(stack)).toThrow('SecureAlbService: `identityProviderCidrs` is ["198.51.100.0/24"], but the load balancer\'s security group allows 443 to everyone, as aws-cdk-lib\'s authenticate actions do by default; pass `allowHttpsOutbound: false` to `ListenerAction.authenticateOidc` (or `AuthenticateCognitoAction`)');
  });

  test('the intent metadata names the identity provider networks for the checks', () => {
    const { stack } = build({ identityProviderCidrs: ['198.51.100.0/24'], allowHttpsOutbound: false });
    Template.fromStack(stack).hasResource('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Metadata: { 'cdk-secure-alb:intent': Match.objectLike({ identityProviderCidrs: ['198.51.100.0/24'] }) },
    });
  });
});

describe('intent the checks can read', () => {
  test('a service with narrowed clientCidrs passes its own checks, and a listener rule from everyone is reported', () => {
    // GIVEN
    const stack = newStack();
    new SecureAlbService(stack, 'Web', { clientCidrs: ['203.0.113.0/24', '198.51.100.0/24'] });
    // WHEN
    const model = assertions.TemplateModel.fromStack(stack);
    // THEN
    expect(model.checkRecommendations()).toEqual([]);
    const lb = assertions.FlowEndpoint.fromConstruct(stack.node.findChild('Web').node.findChild('LoadBalancer'));
    expect(model.evaluate(assertions.FlowEndpoint.cidr('203.0.113.7/32'), lb, 80).explanation).toMatch(/ALLOWED/);
    // WHEN the template opens the listener to everyone anyway
    const template = Template.fromStack(stack).toJSON();
    const lbSg = logicalIdOf(Template.fromStack(stack), 'AWS::EC2::SecurityGroup', 'SecurityGroupsLoadBalancer');
    template.Resources[lbSg].Properties.SecurityGroupIngress.push({ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '0.0.0.0/0' });
    // THEN that is wider than what the user asked for
    expect(assertions.TemplateModel.fromJsonString(JSON.stringify(template)).checkRecommendations())
      .toEqual([expect.objectContaining({ kind: assertions.FindingKind.WIDER, resource: lbSg })]);
  });

  test('clients of an internal load balancer in the target subnets reach it, and the checks agree', () => {
    const stack = newStack();
    const alb = new InternalAlbWithPrivateTargets(stack, 'Api');
    const model = assertions.TemplateModel.fromStack(stack);
    expect(model.checkRecommendations()).toEqual([]);
    const targetSubnet = stack.getLogicalId(alb.vpc.selectSubnets({ subnetGroupName: 'Targets' }).subnets[0].node.defaultChild as ec2.CfnSubnet);
    const targetGroup = stack.getLogicalId(alb.targetSecurityGroup.node.defaultChild as ec2.CfnSecurityGroup);
    const client = assertions.FlowEndpoint.securityGroup(targetGroup, [targetSubnet]);
    const lb = assertions.FlowEndpoint.fromConstruct(alb.loadBalancer);
    // the target group has no egress to the load balancer, so the security groups decide: the ACLs do not
    const result = model.evaluate(client, lb, 80);
    expect(result.steps.filter((s) => /network ACL/.test(s.name)).every((s) => s.allowed)).toBe(true);
    expect(model.evaluate(assertions.FlowEndpoint.subnet(targetSubnet), lb, 80).explanation).toMatch(/ALLOWED/);
  });
});
