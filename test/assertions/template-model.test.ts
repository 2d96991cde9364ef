import { App, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { assertions, LoadBalancerNetworkAcls, SecureAlbService } from '../../src';
import { newStack, synthReport } from '../util';
import { aclEntry, modelOf } from './private/fixtures';

const { FlowEndpoint, NetworkAssertions, SecureAlbChecks, TemplateModel } = assertions;

const sg = (props: Record<string, unknown> = {}) => ({ Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'x', VpcId: { Ref: 'Vpc' }, ...props } });
const VPC = { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } };
const subnet = (cidr: string) => ({ Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: cidr } });
const entry = (acl: string, n: number, egress: boolean, action: string, cidr: string, from?: number, to?: number, protocol = 6) =>
  aclEntry(acl, n, egress, cidr, from, to, action, protocol);
/** Front routes 0.0.0.0/0 to an internet gateway (without a route table it would use the VPC's main one: only the local route). */
const PUBLIC_FRONT = {
  Igw: { Type: 'AWS::EC2::InternetGateway' },
  Rt: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: { Ref: 'Vpc' } } },
  RtDefault: { Type: 'AWS::EC2::Route', Properties: { RouteTableId: { Ref: 'Rt' }, DestinationCidrBlock: '0.0.0.0/0', GatewayId: { Ref: 'Igw' } } },
  FrontRt: { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { SubnetId: { Ref: 'Front' }, RouteTableId: { Ref: 'Rt' } } },
};
const assoc = (subnetId: string, acl: string) => ({ Type: 'AWS::EC2::SubnetNetworkAclAssociation', Properties: { SubnetId: { Ref: subnetId }, NetworkAclId: { Ref: acl } } });

describe('template reader', () => {
  test('a group with no egress rule gets CloudFormation\'s default allow-all egress, and the explanation says so', () => {
    const m = modelOf({ Vpc: VPC, Open: sg() });
    const r = m.evaluate(FlowEndpoint.securityGroup('Open'), FlowEndpoint.internet(), 5432);
    expect(r.allowed).toBe(true);
    expect(r.steps[0].decidedBy).toContain('CloudFormation default egress');
  });

  test('CDK\'s "disallow all" placeholder keeps the default away', () => {
    const m = modelOf({ Vpc: VPC, Closed: sg({ SecurityGroupEgress: [{ CidrIp: '255.255.255.255/32', IpProtocol: 'icmp', FromPort: 252, ToPort: 86 }] }) });
    expect(m.evaluate(FlowEndpoint.securityGroup('Closed'), FlowEndpoint.internet(), 443).allowed).toBe(false);
  });

  test('a separate AWS::EC2::SecurityGroupEgress removes the default too (CloudFormation revokes it)', () => {
    const m = modelOf({
      Vpc: VPC,
      A: sg(),
      B: sg(),
      AtoB: { Type: 'AWS::EC2::SecurityGroupEgress', Properties: { GroupId: { 'Fn::GetAtt': ['A', 'GroupId'] }, IpProtocol: 'tcp', FromPort: 80, ToPort: 80, DestinationSecurityGroupId: { 'Fn::GetAtt': ['B', 'GroupId'] } } },
    });
    expect(m.evaluate(FlowEndpoint.securityGroup('A'), FlowEndpoint.internet(), 443).allowed).toBe(false);
    const r = m.evaluate(FlowEndpoint.securityGroup('A'), FlowEndpoint.securityGroup('B'), 80);
    expect(r.steps[0]).toMatchObject({ allowed: true, decidedBy: 'AtoB' });
  });

  test('protocol -1 allows every TCP port; ICMP rules allow no TCP port; UDP is not TCP', () => {
    const m = modelOf({
      Vpc: VPC,
      All: sg({ SecurityGroupIngress: [{ IpProtocol: '-1', CidrIp: '10.0.0.0/8' }] }),
      Icmp: sg({ SecurityGroupIngress: [{ IpProtocol: 'icmp', FromPort: 3, ToPort: 4, CidrIp: '0.0.0.0/0' }, { IpProtocol: '17', FromPort: 53, ToPort: 53, CidrIp: '0.0.0.0/0' }] }),
    });
    expect(m.evaluate(FlowEndpoint.cidr('10.1.0.0/16'), FlowEndpoint.securityGroup('All'), 31337).allowed).toBe(true);
    expect(m.evaluate(FlowEndpoint.cidr('192.168.0.0/16'), FlowEndpoint.securityGroup('All'), 80).allowed).toBe(false);
    expect(m.evaluate(FlowEndpoint.internet(), FlowEndpoint.securityGroup('Icmp'), 3).allowed).toBe(false);
    expect(m.evaluate(FlowEndpoint.internet(), FlowEndpoint.securityGroup('Icmp'), 53).allowed).toBe(false);
  });

  test('a CIDR client must be covered as a whole', () => {
    const m = modelOf({ Vpc: VPC, A: sg({ SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '10.1.0.0/24' }] }) });
    expect(m.evaluate(FlowEndpoint.cidr('10.1.0.0/25'), FlowEndpoint.securityGroup('A'), 80).allowed).toBe(true);
    expect(m.evaluate(FlowEndpoint.cidr('10.1.0.0/16'), FlowEndpoint.securityGroup('A'), 80).allowed).toBe(false);
  });

  test('prefix lists are opaque: never a silent "allowed", and the explanation names them', () => {
    const m = modelOf({ Vpc: VPC, A: sg({ SecurityGroupEgress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, DestinationPrefixListId: 'pl-63a5400a' }] }) });
    const r = m.evaluate(FlowEndpoint.securityGroup('A'), FlowEndpoint.s3(), 443);
    expect(r.allowed).toBe(false);
    expect(r.steps[0].detail).toContain('prefix list pl-63a5400a, which is opaque here');
  });

  test('intrinsics it cannot resolve become named symbols: no crash, no silent "allowed"', () => {
    const m = modelOf({
      Vpc: VPC,
      A: sg({
        SecurityGroupIngress: [
          { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: { 'Fn::ImportValue': 'OfficeCidr' } },
          { IpProtocol: 'tcp', FromPort: 81, ToPort: 81, SourceSecurityGroupId: { 'Fn::ImportValue': 'ClientSg' } },
          { IpProtocol: 'tcp', FromPort: 82, ToPort: 82, CidrIp: { 'Fn::Select': [0, { 'Fn::Cidr': ['10.0.0.0/16', 4, 8] }] } },
        ],
      }),
      Weird: { Type: 'AWS::EC2::SecurityGroupIngress', Properties: { GroupId: { 'Fn::ImportValue': 'Other' }, IpProtocol: 'tcp', FromPort: 1, ToPort: 1, CidrIp: '0.0.0.0/0' } },
      Broken: { Type: 'AWS::EC2::NetworkAclEntry' },
    });
    const r80 = m.evaluate(FlowEndpoint.internet(), FlowEndpoint.securityGroup('A'), 80);
    expect(r80.allowed).toBe(false);
    expect(r80.verdict).toBe('UNKNOWN');
    expect(r80.explanation).toContain('{ImportValue OfficeCidr}');
    // Fn::Select of Fn::Cidr is resolved before the template is read: 10.0.0.0/24
    expect(m.evaluate(FlowEndpoint.cidr('10.0.0.0/24'), FlowEndpoint.securityGroup('A'), 82).allowed).toBe(true);
    expect(m.checkRecommendations()).toEqual([]);
  });

  test('reads nothing from a template without resources', () => {
    expect(TemplateModel.fromJsonString('{}').loadBalancerIds).toEqual([]);
    expect(TemplateModel.fromJsonString('{"Resources": 3}').checkRecommendations()).toEqual([]);
  });
});

describe('network ACLs', () => {
  const base = {
    Vpc: VPC,
    Front: subnet('10.0.0.0/24'),
    ...PUBLIC_FRONT,
    Back: subnet('10.0.1.0/24'),
    Acl: { Type: 'AWS::EC2::NetworkAcl', Properties: { VpcId: { Ref: 'Vpc' } } },
    AssocFront: assoc('Front', 'Acl'),
  };

  test('lowest rule number first: a deny before an allow blocks, and the step names the entry and its number', () => {
    const m = modelOf({
      ...base,
      Deny: entry('Acl', 90, false, 'deny', '0.0.0.0/0', 80),
      Allow: entry('Acl', 100, false, 'allow', '0.0.0.0/0', 80),
      Eph: entry('Acl', 100, true, 'allow', '0.0.0.0/0', 1024, 65535),
    });
    const r = m.evaluate(FlowEndpoint.internet(), FlowEndpoint.subnet('Front'), 80);
    expect(r.allowed).toBe(false);
    expect(r.steps.find((s) => !s.allowed)).toMatchObject({ name: 'destination subnet network ACL inbound', decidedBy: 'Deny', ruleNumber: 90 });
  });

  test('an allow before a deny lets the traffic through', () => {
    const m = modelOf({
      ...base,
      Allow: entry('Acl', 90, false, 'allow', '0.0.0.0/0', 80),
      Deny: entry('Acl', 100, false, 'deny', '0.0.0.0/0', 80),
      Eph: entry('Acl', 100, true, 'allow', '0.0.0.0/0', 1024, 65535),
    });
    expect(m.evaluate(FlowEndpoint.internet(), FlowEndpoint.subnet('Front'), 80).allowed).toBe(true);
  });

  test('a network ACL without the ephemeral return entry blocks the replies (ACLs are stateless)', () => {
    const m = modelOf({ ...base, Allow: entry('Acl', 100, false, 'allow', '0.0.0.0/0', 80) });
    const r = m.evaluate(FlowEndpoint.internet(), FlowEndpoint.subnet('Front'), 80);
    expect(r.allowed).toBe(false);
    expect(r.steps.find((s) => !s.allowed)).toMatchObject({
      name: 'return: destination subnet network ACL outbound (ephemeral ports)',
      detail: expect.stringContaining('the final deny (*) applies'),
    });
  });

  test('part of the ephemeral range is not enough', () => {
    const m = modelOf({ ...base, Allow: entry('Acl', 100, false, 'allow', '0.0.0.0/0', 80), Eph: entry('Acl', 100, true, 'allow', '0.0.0.0/0', 32768, 65535) });
    expect(m.evaluate(FlowEndpoint.internet(), FlowEndpoint.subnet('Front'), 80).steps.find((s) => !s.allowed)?.detail).toContain('TCP 1024');
    expect(m.evaluate(FlowEndpoint.internet(), FlowEndpoint.subnet('Front'), 80, { ephemeralPortFrom: 32768 }).allowed).toBe(true);
  });

  test('a subnet without association uses the default ACL (allow all); traffic within one subnet crosses no ACL', () => {
    const m = modelOf({ ...base });
    const r = m.evaluate(FlowEndpoint.subnet('Back'), FlowEndpoint.internet(), 22);
    expect(r.steps[0]).toMatchObject({ allowed: true, decidedBy: 'Back: default network ACL' });
    const within = modelOf({ ...base, Deny: entry('Acl', 1, false, 'deny', '0.0.0.0/0', 0, 65535, -1) });
    expect(within.evaluate(FlowEndpoint.subnet('Front'), FlowEndpoint.subnet('Front'), 80).allowed).toBe(true);
    expect(within.evaluate(FlowEndpoint.subnet('Back'), FlowEndpoint.subnet('Front'), 80).allowed).toBe(false);
  });
});

describe('pitfalls, with this library\'s building blocks', () => {
  function network(props: { nat?: boolean; outbound?: number[] } = {}) {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    new LoadBalancerNetworkAcls(stack, 'Acls', {
      vpc,
      loadBalancerSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      targetSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      natGatewaysInLoadBalancerSubnets: props.nat,
      targetOutboundPorts: props.outbound,
    });
    const targets = new ec2.SecurityGroup(stack, 'Targets', { vpc, allowAllOutbound: false });
    targets.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443));
    const id = (c: { node: { defaultChild?: unknown } }) => stack.resolve((c.node.defaultChild as ec2.CfnSubnet).logicalId);
    const src = FlowEndpoint.securityGroup(stack.resolve((targets.node.defaultChild as ec2.CfnSecurityGroup).logicalId), [id(vpc.privateSubnets[0])]);
    return { stack, vpc, src, model: () => TemplateModel.fromStack(stack) };
  }

  test('NAT gateway in the load balancer subnets: the targets\' HTTPS goes out through it, and the explanation shows the NAT hop', () => {
    const { model, src } = network();
    const r = model().evaluate(src, FlowEndpoint.internet(), 443);
    expect(r.allowed).toBe(true);
    expect(r.steps.map((s) => s.name)).toEqual(expect.arrayContaining([
      'route', expect.stringMatching(/^NAT gateway .*: its subnet's network ACL inbound \(request\)$/),
      expect.stringMatching(/^NAT gateway .*: its subnet's network ACL outbound \(replies, ephemeral ports\)$/),
    ]));
  });

  test('NAT gateway in the load balancer subnets: an ACL that ignores it silently breaks the targets\' outbound traffic', () => {
    const { model, src } = network({ nat: false });
    const r = model().evaluate(src, FlowEndpoint.internet(), 443);
    expect(r.allowed).toBe(false);
    expect(r.steps.find((s) => !s.allowed)?.name).toMatch(/^NAT gateway .*: its subnet's network ACL inbound \(request\)$/);
  });

  test('S3 through the gateway endpoint: the route is the endpoint, and the replies from S3\'s public addresses pass the target ACL', () => {
    const { stack, vpc, src } = network();
    new ec2.GatewayVpcEndpoint(stack, 'S3', { vpc, service: ec2.GatewayVpcEndpointAwsService.S3 });
    const r = TemplateModel.fromStack(stack).evaluate(src, FlowEndpoint.s3(), 443);
    expect(r.allowed).toBe(true);
    expect(r.steps.find((s) => s.name === 'route')?.detail).toContain('S3 prefix-list route of gateway endpoint');
    expect(r.steps.some((s) => s.name.startsWith('NAT gateway'))).toBe(false);
  });

  test('S3 replies: a target ACL that accepts ephemeral ports from the VPC only blocks them', () => {
    const { stack, vpc, src } = network({ outbound: [] });
    new ec2.GatewayVpcEndpoint(stack, 'S3', { vpc, service: ec2.GatewayVpcEndpointAwsService.S3 });
    const acl = (stack.node.findChild('Acls').node.findChild('TargetAcl') as ec2.NetworkAcl);
    acl.addEntry('Https', { ruleNumber: 50, cidr: ec2.AclCidr.anyIpv4(), traffic: ec2.AclTraffic.tcpPort(443), direction: ec2.TrafficDirection.EGRESS });
    const r = TemplateModel.fromStack(stack).evaluate(src, FlowEndpoint.s3(), 443);
    expect(r.allowed).toBe(false);
    expect(r.steps.find((s) => !s.allowed)?.name).toEqual('return: source subnet network ACL inbound (ephemeral ports)');
  });

  test('fails on endpoints the template does not hold, and on a bad port', () => {
    const m = network().model();
    expect(() => m.evaluate(FlowEndpoint.securityGroup('Nope'), FlowEndpoint.internet(), 443)).toThrow(/^FlowEndpoint: no AWS::EC2::SecurityGroup 'Nope' in the template; security groups: /);
    expect(() => m.evaluate(FlowEndpoint.resource('Nope'), FlowEndpoint.internet(), 443)).toThrow("FlowEndpoint: no resource 'Nope' in the template");
    expect(() => m.evaluate(FlowEndpoint.internet(), FlowEndpoint.cidr('10.0.0.0'), 443)).toThrow("FlowEndpoint.cidr: expected an IPv4 CIDR such as '10.1.0.0/16', got '10.0.0.0'");
    expect(() => m.evaluate(FlowEndpoint.internet(), FlowEndpoint.internet(), 0)).toThrow('TemplateModel.evaluate: `port` must be an integer between 1 and 65535, got 0');
    expect(() => TemplateModel.fromJsonString('nope')).toThrow(/^TemplateModel.fromJsonString: not a JSON template/);
  });

  test.each([
    [{ ephemeralPortFrom: 0 }, '0-65535'],
    [{ ephemeralPortTo: 65536 }, '1024-65536'],
    [{ ephemeralPortFrom: 5000, ephemeralPortTo: 4000 }, '5000-4000'],
    [{ ephemeralPortFrom: 1024.5 }, '1024.5-65535'],
    [{ ephemeralPortTo: 2000.5 }, '1024-2000.5'],
  ])('fails on the ephemeral range %j', (options, range) => {
    const m = modelOf({ Vpc: VPC, A: sg() });
    expect(() => m.evaluate(FlowEndpoint.internet(), FlowEndpoint.securityGroup('A'), 443, options))
      .toThrow(`TemplateModel.evaluate: the ephemeral range must be integers with 1 <= from <= to <= 65535, got ${range}`);
  });

  test.each([
    [{ ephemeralPortFrom: 1, ephemeralPortTo: 1 }],
    [{ ephemeralPortFrom: 65535, ephemeralPortTo: 65535 }],
  ])('accepts the ephemeral range at its edges %j', (options) => {
    const m = modelOf({ Vpc: VPC, A: sg() });
    expect(() => m.evaluate(FlowEndpoint.internet(), FlowEndpoint.securityGroup('A'), 443, options)).not.toThrow();
  });

  test('fails on a subnet the template does not hold, and on a resource that is not an end', () => {
    const m = modelOf({ Vpc: VPC, Front: subnet('10.0.0.0/24') });
    expect(() => m.evaluate(FlowEndpoint.subnet('Nope'), FlowEndpoint.internet(), 443)).toThrow("FlowEndpoint: no AWS::EC2::Subnet 'Nope' in the template");
    expect(() => m.evaluate(FlowEndpoint.resource('Vpc'), FlowEndpoint.internet(), 443))
      .toThrow("FlowEndpoint: 'Vpc' is a AWS::EC2::VPC; use a load balancer, an instance, an auto scaling group, an ECS service, a security group or a subnet");
    expect(m.evaluate(FlowEndpoint.resource('Front'), FlowEndpoint.internet(), 443).steps[0].name).toEqual('source subnet network ACL outbound');
  });
});

describe('test helpers', () => {
  const stack = newStack();
  const service = new SecureAlbService(stack, 'Web', { targetPort: 8080, healthCheck: { port: '8081' } });
  const m = TemplateModel.fromStack(stack);
  const lb = FlowEndpoint.fromConstruct(service.loadBalancer);
  const targets = FlowEndpoint.securityGroup(
    stack.resolve((service.targetSecurityGroup.node.defaultChild as ec2.CfnSecurityGroup).logicalId),
    service.vpc.privateSubnets.map((s) => stack.resolve((s.node.defaultChild as ec2.CfnSubnet).logicalId)),
  );

  test('assertReachable passes for the intended flows', () => {
    NetworkAssertions.assertReachable(m, FlowEndpoint.internet(), lb, 80);
    NetworkAssertions.assertReachable(m, lb, targets, 8080);
    NetworkAssertions.assertReachable(m, lb, targets, 8081);
  });

  test('assertNotReachable passes for the others, and each fails with the explanation', () => {
    NetworkAssertions.assertNotReachable(m, FlowEndpoint.internet(), lb, 22);
    NetworkAssertions.assertNotReachable(m, FlowEndpoint.internet(), targets, 8080);
    NetworkAssertions.assertNotReachable(m, lb, targets, 22);
    expect(() => NetworkAssertions.assertReachable(m, lb, targets, 9000)).toThrow(/Expected the flow to be allowed, but it is blocked:\nload balancer Web.* -> security group WebSecurityGroupsTargets.* on TCP 9000: BLOCKED/);
    expect(() => NetworkAssertions.assertNotReachable(m, FlowEndpoint.internet(), lb, 80)).toThrow(/Expected the flow to be blocked, but it is allowed:\n.*ALLOWED/);
  });

  test('fromConstruct refuses a construct without a resource of its own', () => {
    expect(() => FlowEndpoint.fromConstruct(service)).toThrow('FlowEndpoint.fromConstruct: Test/Web has no CloudFormation resource of its own; pass the part you mean (for example its loadBalancer or a security group)');
  });
});

describe('synth-time validation plugin', () => {
  /** Conforming: this library's service. Non-conforming: a plain aws-cdk-lib ALB with a separate health-check port and SSH open on its group. */
  function app(conforming: boolean) {
    const a = new App();
    const s = new Stack(a, 'App', { env: { account: '111111111111', region: 'eu-west-1' } });
    if (conforming) {
      new SecureAlbService(s, 'Web', { targetPort: 8080 });
      return { a, s };
    }
    const vpc = new ec2.Vpc(s, 'Vpc');
    const lb = new elbv2.ApplicationLoadBalancer(s, 'Lb', { vpc, internetFacing: true });
    lb.connections.allowFromAnyIpv4(ec2.Port.tcp(22), 'SSH on the load balancer group');
    const asg = new autoscaling.AutoScalingGroup(s, 'Asg', { vpc, instanceType: new ec2.InstanceType('t3.micro'), machineImage: ec2.MachineImage.latestAmazonLinux2023() });
    asg.connections.allowFrom(ec2.Peer.ipv4(vpc.vpcCidrBlock), ec2.Port.icmpTypeAndCode(3, 4));
    lb.addListener('Http', { port: 80 }).addTargets('App', { port: 8080, protocol: elbv2.ApplicationProtocol.HTTP, targets: [asg], healthCheck: { port: '8081' } });
    return { a, s };
  }

  test('passes on a conforming app', () => {
    const { a } = app(true);
    Validations.of(a).addPlugins(new SecureAlbChecks());
    const { report, failed } = synthReport(a);
    expect(failed).toBe(false);
    expect(report).toMatch(/cdk-secure-alb\s*│\s*success/);
  });

  test('fails synth on a non-conforming app, naming the rules', () => {
    const { a } = app(false);
    Validations.of(a).addPlugins(new SecureAlbChecks());
    const { report, failed } = synthReport(a);
    expect(failed).toBe(true);
    expect(report).toContain('SecureAlb-LBSG-IN-LISTENER-INTERNET');
    expect(report).toContain('SecureAlb-LBSG-OUT-HEALTH-CHECK');
    expect(report).toContain('SecureAlb-TGSG-IN-HEALTH-CHECK');
  });

  test('a finding can be acknowledged like any other rule', () => {
    const { a, s } = app(false);
    Validations.of(s).acknowledge(
      { id: 'SecureAlb-LBSG-IN-LISTENER-INTERNET', reason: 'test: SSH on the load balancer group is intended here' },
      { id: 'SecureAlb-LBSG-OUT-HEALTH-CHECK', reason: 'test' },
      { id: 'SecureAlb-TGSG-IN-HEALTH-CHECK', reason: 'test' },
    );
    Validations.of(a).addPlugins(new SecureAlbChecks());
    const { report, failed } = synthReport(a);
    expect(failed).toBe(false);
    expect(report).not.toContain('SecureAlb-');
  });

  test('reportWider: false reports only missing rules', () => {
    const { a } = app(false);
    Validations.of(a).addPlugins(new SecureAlbChecks({ reportWider: false }));
    const { report } = synthReport(a);
    expect(report).not.toContain('SecureAlb-LBSG-IN-LISTENER-INTERNET');
    expect(report).toContain('SecureAlb-LBSG-OUT-HEALTH-CHECK');
  });

  test('template helpers read a synthesized template file too', () => {
    const { a, s } = app(true);
    const assembly = a.synth();
    const m = TemplateModel.fromFile(assembly.getStackByName(s.stackName).templateFullPath);
    expect(m.loadBalancerIds).toEqual(Object.keys(Template.fromStack(s).findResources('AWS::ElasticLoadBalancingV2::LoadBalancer')));
  });
});

describe('network ACL deny entries and partial matches', () => {
  const base = {
    Vpc: VPC,
    Front: subnet('10.0.0.0/24'),
    ...PUBLIC_FRONT,
    Acl: { Type: 'AWS::EC2::NetworkAcl', Properties: { VpcId: { Ref: 'Vpc' } } },
    AssocFront: assoc('Front', 'Acl'),
    Eph: entry('Acl', 200, true, 'allow', '0.0.0.0/0', 1024, 65535),
  };

  test('a deny that covers part of a client block blocks the block; an allow that covers part of it does not decide', () => {
    const m = modelOf({
      ...base,
      DenyHalf: entry('Acl', 90, false, 'deny', '203.0.113.128/25', 80),
      AllowHalf: entry('Acl', 95, false, 'allow', '203.0.113.0/25', 80),
      AllowAll: entry('Acl', 100, false, 'allow', '0.0.0.0/0', 80),
    });
    const r = m.evaluate(FlowEndpoint.cidr('203.0.113.0/24'), FlowEndpoint.subnet('Front'), 80);
    expect(r.allowed).toBe(false);
    expect(r.steps.find((s) => !s.allowed)?.detail).toEqual("entry 90 (DenyHalf) denies TCP 80 from 203.0.113.0/24 (it covers part of the peer's addresses)");
    expect(m.evaluate(FlowEndpoint.cidr('203.0.113.0/25'), FlowEndpoint.subnet('Front'), 80).steps.find((s) => s.name === 'destination subnet network ACL inbound')?.decidedBy).toEqual('AllowHalf');
  });

  test('a deny whose CIDR cannot be compared is assumed to match', () => {
    const m = modelOf({
      ...base,
      DenyImported: entry('Acl', 90, false, 'deny', { 'Fn::ImportValue': 'Blocked' } as unknown as string, 80),
      AllowAll: entry('Acl', 100, false, 'allow', '0.0.0.0/0', 80),
    });
    const r = m.evaluate(FlowEndpoint.internet(), FlowEndpoint.subnet('Front'), 80);
    expect(r.allowed).toBe(false);
    expect(r.steps.find((s) => !s.allowed)?.detail).toContain('(its CIDR cannot be compared, so it is assumed to match)');
  });

  test('an allow whose CIDR cannot be compared does not count', () => {
    const m = modelOf({ ...base, AllowImported: entry('Acl', 90, false, 'allow', { 'Fn::ImportValue': 'Office' } as unknown as string, 80) });
    expect(m.evaluate(FlowEndpoint.internet(), FlowEndpoint.subnet('Front'), 80).allowed).toBe(false);
  });

  test('protocol -1 entries match every port; ICMP entries match no TCP port', () => {
    const all = modelOf({ ...base, AllowAll: entry('Acl', 90, false, 'allow', '0.0.0.0/0', undefined, undefined, -1) });
    expect(all.evaluate(FlowEndpoint.internet(), FlowEndpoint.subnet('Front'), 12345).allowed).toBe(true);
    const icmp = modelOf({ ...base, Icmp: entry('Acl', 90, false, 'allow', '0.0.0.0/0', undefined, undefined, 1) });
    expect(icmp.evaluate(FlowEndpoint.internet(), FlowEndpoint.subnet('Front'), 80).allowed).toBe(false);
  });
});
