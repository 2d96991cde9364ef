import { Template } from 'aws-cdk-lib/assertions';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as targets from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import { assertions, InternalAlbWithPrivateTargets, Recommendations, SecureAlbService } from '../../src';
import { aclEntryIds, addOidcLogin, newStack, vpcWithoutNat } from '../util';

const { FindingKind, NetworkAssertions, TemplateModel } = assertions;

/**
 * A service with an instance target, as a template. Target port 880 and health-check port 881 sit
 * below the ephemeral range, so the load balancer ACL's ephemeral entries do not cover them.
 */
function serviceTemplate(internal = false): Record<string, any> {
  const stack = newStack();
  const props = { targetPort: 880, healthCheck: { port: '881' }, targetOutboundPorts: [] };
  const service = internal ? new InternalAlbWithPrivateTargets(stack, 'Web', props) : new SecureAlbService(stack, 'Web', props);
  const subnetType = internal ? { subnetGroupName: 'Targets' } : { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
  const server = new ec2.Instance(stack, 'Server', {
    vpc: service.vpc,
    vpcSubnets: subnetType,
    securityGroup: service.targetSecurityGroup,
    instanceType: new ec2.InstanceType('t3.micro'),
    machineImage: ec2.MachineImage.latestAmazonLinux2023(),
  });
  service.addTarget(new targets.InstanceTarget(server, 880));
  return Template.fromStack(stack).toJSON();
}

/** A service whose listener authenticates users with an identity provider in 198.51.100.0/24. */
function authTemplate(): Record<string, any> {
  const stack = newStack();
  const service = new SecureAlbService(stack, 'Web', {
    vpc: vpcWithoutNat(stack),
    targetSubnets: { subnetGroupName: 'App' },
    targetOutboundPorts: [],
    certificates: [elbv2.ListenerCertificate.fromArn('arn:aws:acm:eu-west-1:111111111111:certificate/abc')],
    identityProviderCidrs: [IDP],
  });
  addOidcLogin(service, false);
  return Template.fromStack(stack).toJSON();
}

const IDP = '198.51.100.0/24';

function findings(template: Record<string, any>) {
  return TemplateModel.fromJsonString(JSON.stringify(template)).checkRecommendations();
}

/** Removes the resources whose logical id matches, or the inline rules a filter selects. */
function without(template: Record<string, any>, logicalIdPattern: RegExp): Record<string, any> {
  const copy = JSON.parse(JSON.stringify(template));
  const ids = Object.keys(copy.Resources).filter((id) => logicalIdPattern.test(id));
  if (ids.length === 0) throw new Error(`nothing matches ${logicalIdPattern}`);
  ids.forEach((id) => delete copy.Resources[id]);
  return copy;
}

function withoutInline(template: Record<string, any>, groupPattern: RegExp, key: 'SecurityGroupIngress' | 'SecurityGroupEgress', drop: (r: any) => boolean) {
  const copy = JSON.parse(JSON.stringify(template));
  const id = Object.keys(copy.Resources).find((x) => groupPattern.test(x) && copy.Resources[x].Type === 'AWS::EC2::SecurityGroup')!;
  const rules = copy.Resources[id].Properties[key] as any[];
  copy.Resources[id].Properties[key] = rules.filter((r) => !drop(r));
  expect(copy.Resources[id].Properties[key].length).toBeLessThan(rules.length);
  return copy;
}

function separateRule(template: Record<string, any>, type: string, port: number, groupPattern: RegExp): RegExp {
  const id = Object.entries(template.Resources).find(([, r]: [string, any]) =>
    r.Type === type && r.Properties.FromPort === port && groupPattern.test(JSON.stringify(r.Properties.GroupId)))?.[0];
  if (!id) throw new Error(`no ${type} on ${port}`);
  return new RegExp(`^${id}$`);
}

describe('this library\'s constructs follow the recommendations', () => {
  test.each([
    ['SecureAlbService', false],
    ['InternalAlbWithPrivateTargets', true],
  ])('%s: no finding', (_name, internal) => {
    expect(findings(serviceTemplate(internal))).toEqual([]);
  });

  test('with default props (outbound HTTPS, NAT entries, no target registered yet): no finding', () => {
    const stack = newStack();
    new SecureAlbService(stack, 'Web');
    NetworkAssertions.assertFollowsRecommendations(TemplateModel.fromStack(stack));
    const stack2 = newStack();
    new InternalAlbWithPrivateTargets(stack2, 'Internal', { clientCidrs: ['10.1.0.0/16'], privateDnsName: 'alb.home' });
    NetworkAssertions.assertFollowsRecommendations(TemplateModel.fromStack(stack2));
  });
});

describe('every recommended row, removed from a conforming template, is reported as missing', () => {
  const base = serviceTemplate(false);
  const internalBase = serviceTemplate(true);
  const auth = authTemplate();
  const cases: Array<[string, () => Record<string, any>]> = [
    [Recommendations.LB_SG_IN_LISTENER_INTERNET.id, () => withoutInline(base, /SecurityGroupsLoadBalancer/, 'SecurityGroupIngress', (r) => r.FromPort === 80)],
    [Recommendations.LB_SG_OUT_TARGET.id, () => without(base, separateRule(base, 'AWS::EC2::SecurityGroupEgress', 880, /LoadBalancer/))],
    [Recommendations.LB_SG_OUT_HEALTH_CHECK.id, () => without(base, separateRule(base, 'AWS::EC2::SecurityGroupEgress', 881, /LoadBalancer/))],
    [Recommendations.TARGET_SG_IN_TARGET.id, () => without(base, separateRule(base, 'AWS::EC2::SecurityGroupIngress', 880, /Targets/))],
    [Recommendations.TARGET_SG_IN_HEALTH_CHECK.id, () => without(base, separateRule(base, 'AWS::EC2::SecurityGroupIngress', 881, /Targets/))],
    [Recommendations.TARGET_SG_IN_ICMP_PMTU.id, () => withoutInline(base, /SecurityGroupsTargets/, 'SecurityGroupIngress', (r) => r.IpProtocol === 'icmp')],
    [Recommendations.LB_ACL_IN_LISTENER_INTERNET.id, () => without(base, aclEntryIds(base, /LoadBalancerAcl/, false, 80, 80, 'any'))],
    [Recommendations.LB_ACL_IN_EPHEMERAL_VPC.id, () => without(base, aclEntryIds(base, /LoadBalancerAcl/, false, 1024, 65535, 'vpc'))],
    [Recommendations.LB_ACL_OUT_TARGET.id, () => without(base, aclEntryIds(base, /LoadBalancerAcl/, true, 880, 880, 'vpc'))],
    [Recommendations.LB_ACL_OUT_HEALTH_CHECK.id, () => without(base, aclEntryIds(base, /LoadBalancerAcl/, true, 881, 881, 'vpc'))],
    [Recommendations.LB_ACL_OUT_EPHEMERAL_INTERNET.id, () => without(base, aclEntryIds(base, /LoadBalancerAcl/, true, 1024, 65535, 'any'))],
    [Recommendations.TARGET_ACL_IN_TARGET.id, () => without(base, aclEntryIds(base, /TargetAcl/, false, 880, 880, 'vpc'))],
    [Recommendations.TARGET_ACL_IN_HEALTH_CHECK.id, () => without(base, aclEntryIds(base, /TargetAcl/, false, 881, 881, 'vpc'))],
    [Recommendations.TARGET_ACL_OUT_EPHEMERAL_VPC.id, () => without(base, aclEntryIds(base, /TargetAcl/, true, 1024, 65535, 'vpc'))],
    [Recommendations.LB_SG_IN_LISTENER_VPC.id, () => withoutInline(internalBase, /SecurityGroupsLoadBalancer/, 'SecurityGroupIngress', (r) => r.FromPort === 80)],
    [Recommendations.LB_ACL_IN_LISTENER_VPC.id, () => without(internalBase, aclEntryIds(internalBase, /LoadBalancerAcl/, false, 80, 80, 'vpc'))],
    [Recommendations.LB_ACL_OUT_EPHEMERAL_VPC.id, () => without(internalBase, aclEntryIds(internalBase, /LoadBalancerAcl/, true, 1024, 65535, 'vpc'))],
    [Recommendations.LB_SG_OUT_IDP.id, () => withoutInline(auth, /SecurityGroupsLoadBalancer/, 'SecurityGroupEgress', (r) => r.CidrIp === IDP)],
    [Recommendations.LB_ACL_OUT_IDP.id, () => without(auth, aclEntryIds(auth, /LoadBalancerAcl/, true, 443, 443, IDP))],
    [Recommendations.LB_ACL_IN_EPHEMERAL_IDP.id, () => without(auth, aclEntryIds(auth, /LoadBalancerAcl/, false, 1024, 65535, IDP))],
  ];

  test('the authenticating service itself has no finding', () => {
    expect(findings(auth)).toEqual([]);
  });

  test('the cases cover every row', () => {
    expect(cases.map(([id]) => id).sort()).toEqual(Recommendations.all().map((r) => r.id).sort());
  });

  test('with ports in the ephemeral range, the load balancer ACL\'s ephemeral outbound entry carries the traffic: no finding, correctly', () => {
    const stack = newStack();
    const service = new SecureAlbService(stack, 'Web', { targetPort: 8080, targetOutboundPorts: [] });
    service.addTarget(new targets.IpTarget('10.0.3.10'));
    const template = Template.fromStack(stack).toJSON();
    expect(findings(without(template, aclEntryIds(template, /LoadBalancerAcl/, true, 8080, 8080, 'vpc')))).toEqual([]);
  });

  test.each(cases)('%s', (id, mutate) => {
    const found = findings(mutate());
    expect(found.filter((f) => f.kind === FindingKind.MISSING).map((f) => f.recommendationId)).toContain(id);
    expect(found.every((f) => f.fix.length > 0 && f.docUrl.startsWith('https://docs.aws.amazon.com/'))).toBe(true);
  });
});

describe('rules wider than recommended', () => {
  test('an internal load balancer open to 0.0.0.0/0', () => {
    const copy = serviceTemplate(true);
    const id = Object.keys(copy.Resources).find((x) => /SecurityGroupsLoadBalancer/.test(x) && copy.Resources[x].Type === 'AWS::EC2::SecurityGroup')!;
    copy.Resources[id].Properties.SecurityGroupIngress.push({ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '0.0.0.0/0' });
    const found = findings(copy);
    expect(found).toEqual([expect.objectContaining({ kind: FindingKind.WIDER, recommendationId: 'LBSG-IN-LISTENER-VPC', resource: id })]);
    expect(found[0].message).toContain('is internal but');
  });

  test('an extra port on the load balancer group', () => {
    const copy = serviceTemplate(false);
    const id = Object.keys(copy.Resources).find((x) => /SecurityGroupsLoadBalancer/.test(x) && copy.Resources[x].Type === 'AWS::EC2::SecurityGroup')!;
    copy.Resources[id].Properties.SecurityGroupIngress.push({ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '0.0.0.0/0' });
    expect(findings(copy)).toEqual([expect.objectContaining({ kind: FindingKind.WIDER, recommendationId: 'LBSG-IN-LISTENER-INTERNET' })]);
  });

  test('all-traffic egress on the load balancer group', () => {
    const copy = serviceTemplate(false);
    const id = Object.keys(copy.Resources).find((x) => /SecurityGroupsLoadBalancer/.test(x) && copy.Resources[x].Type === 'AWS::EC2::SecurityGroup')!;
    copy.Resources[id].Properties.SecurityGroupEgress = [{ IpProtocol: '-1', CidrIp: '0.0.0.0/0' }];
    expect(findings(copy)).toEqual([expect.objectContaining({ kind: FindingKind.WIDER, recommendationId: 'LBSG-OUT-TARGET', resource: id })]);
  });

  test('a load balancer group with no egress rule at all: CloudFormation\'s default allow-all is reported', () => {
    let copy = serviceTemplate(false);
    for (const port of [880, 881]) copy = without(copy, separateRule(copy, 'AWS::EC2::SecurityGroupEgress', port, /LoadBalancer/));
    const wider = findings(copy).filter((f) => f.kind === FindingKind.WIDER);
    expect(wider).toEqual([expect.objectContaining({ recommendationId: 'LBSG-OUT-TARGET' })]);
    expect(wider[0].message).toContain("CloudFormation's default allows all outbound traffic");
  });

  test('targets reachable from everyone, bypassing the load balancer', () => {
    const copy = serviceTemplate(false);
    const id = Object.keys(copy.Resources).find((x) => /SecurityGroupsTargets/.test(x) && copy.Resources[x].Type === 'AWS::EC2::SecurityGroup')!;
    copy.Resources[id].Properties.SecurityGroupIngress.push({ IpProtocol: 'tcp', FromPort: 880, ToPort: 880, CidrIp: '0.0.0.0/0' });
    expect(findings(copy)).toEqual([expect.objectContaining({ kind: FindingKind.WIDER, recommendationId: 'TGSG-IN-TARGET' })]);
  });
});

describe('a plain aws-cdk-lib ALB with a separate health-check port', () => {
  function plain() {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc');
    const lb = new elbv2.ApplicationLoadBalancer(stack, 'Lb', { vpc, internetFacing: true });
    const asg = new autoscaling.AutoScalingGroup(stack, 'Asg', { vpc, instanceType: new ec2.InstanceType('t3.micro'), machineImage: ec2.MachineImage.latestAmazonLinux2023() });
    lb.addListener('Http', { port: 80 }).addTargets('App', { port: 8080, protocol: elbv2.ApplicationProtocol.HTTP, targets: [asg], healthCheck: { port: '8081' } });
    return TemplateModel.fromStack(stack);
  }

  test('the checks find the missing health-check rules on both groups', () => {
    const found = plain().checkRecommendations();
    const missing = found.filter((f) => f.kind === FindingKind.MISSING).map((f) => f.recommendationId);
    expect(missing).toEqual(expect.arrayContaining(['LBSG-OUT-HEALTH-CHECK', 'TGSG-IN-HEALTH-CHECK']));
    expect(missing).not.toContain('LBSG-OUT-TARGET');
    expect(missing).not.toContain('TGSG-IN-TARGET');
  });

  test('fails assertFollowsRecommendations with a readable list', () => {
    expect(() => NetworkAssertions.assertFollowsRecommendations(plain()))
      .toThrow(/\[MISSING LBSG-OUT-HEALTH-CHECK\] Lb[0-9A-F]+: no egress rule of LbSecurityGroup[0-9A-F]+ allows TCP 8081 to the targets/);
  });

  test('ignoredRecommendationIds skips what the test says it skips', () => {
    expect(() => NetworkAssertions.assertFollowsRecommendations(plain(), ['LBSG-OUT-HEALTH-CHECK', 'TGSG-IN-HEALTH-CHECK', 'TGSG-IN-ICMP-PMTU'])).not.toThrow();
  });
});
