import { App, Lazy, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { AwsSolutionsChecks } from 'cdk-nag';
import { l3Rules, logicalIdOf, newStack, ownResources, synthReport } from './util';
import { assertions, InternalAlbWithPrivateTargets, InternalAlbWithPrivateTargetsProps, Recommendations } from '../src';

const TCP = 6;

function build(props: InternalAlbWithPrivateTargetsProps = {}, stack = newStack()) {
  const alb = new InternalAlbWithPrivateTargets(stack, 'Internal', props);
  const template = Template.fromStack(stack);
  return { stack, alb, template, ...l3Rules(template, 'Internal') };
}

describe('InternalAlbWithPrivateTargets: defaults', () => {
  test('snapshot', () => {
    const { template, alb } = build();
    expect(ownResources(template, alb, [alb.node.tryFindChild('Vpc')])).toMatchSnapshot();
  });

  test('an internal ALB in the isolated LoadBalancer subnets, targets in the Targets subnets', () => {
    const { template } = build();
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Scheme: 'internal',
      Subnets: [{ Ref: Match.stringLikeRegexp('LoadBalancerSubnet1') }, { Ref: Match.stringLikeRegexp('LoadBalancerSubnet2') }],
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' }]),
    });
    const assoc = Object.values(template.findResources('AWS::EC2::SubnetNetworkAclAssociation')).map((r: any) => `${r.Properties.NetworkAclId.Ref} ${r.Properties.SubnetId.Ref}`);
    expect(assoc.filter((a) => /LoadBalancerAcl.* .*LoadBalancerSubnet/.test(a))).toHaveLength(2);
    expect(assoc.filter((a) => /TargetAcl.* .*TargetsSubnet/.test(a))).toHaveLength(2);
  });

  test(`${Recommendations.LB_SG_IN_LISTENER_VPC.id}: the load balancer group accepts the VPC CIDR on the listener port`, () => {
    const { lbRules, vpcCidr } = build();
    expect(lbRules).toContain(`in tcp 80 from ${vpcCidr}`);
  });

  test(`${Recommendations.LB_SG_OUT_TARGET.id} / ${Recommendations.LB_SG_OUT_HEALTH_CHECK.id}: out to the target group on 8080 and 8081`, () => {
    const { lbRules, tgSg } = build({ targetPort: 8080, healthCheck: { port: '8081' } });
    expect(lbRules).toEqual(expect.arrayContaining([`out tcp 8080 to ${tgSg}.GroupId`, `out tcp 8081 to ${tgSg}.GroupId`]));
  });

  test(`${Recommendations.TARGET_SG_IN_TARGET.id} / ${Recommendations.TARGET_SG_IN_HEALTH_CHECK.id} / ${Recommendations.TARGET_SG_IN_ICMP_PMTU.id}: the target group`, () => {
    const { tgRules, lbSg, vpcCidr } = build({ targetPort: 8080, healthCheck: { port: '8081' } });
    expect(tgRules).toEqual(expect.arrayContaining([
      `in tcp 8080 from ${lbSg}.GroupId`, `in tcp 8081 from ${lbSg}.GroupId`, `in icmp 3-4 from ${vpcCidr}`,
    ]));
  });

  test.each([
    [Recommendations.LB_ACL_IN_LISTENER_VPC, 'lbAcl', `in ${TCP} 80-80 VPC`],
    [Recommendations.LB_ACL_IN_EPHEMERAL_VPC, 'lbAcl', `in ${TCP} 1024-65535 VPC`],
    [Recommendations.LB_ACL_OUT_TARGET, 'lbAcl', `out ${TCP} 8080-8080 VPC`],
    [Recommendations.LB_ACL_OUT_HEALTH_CHECK, 'lbAcl', `out ${TCP} 8081-8081 VPC`],
    [Recommendations.LB_ACL_OUT_EPHEMERAL_VPC, 'lbAcl', `out ${TCP} 1024-65535 VPC`],
    [Recommendations.TARGET_ACL_IN_TARGET, 'tgAcl', `in ${TCP} 8080-8080 VPC`],
    [Recommendations.TARGET_ACL_IN_HEALTH_CHECK, 'tgAcl', `in ${TCP} 8081-8081 VPC`],
    [Recommendations.TARGET_ACL_OUT_EPHEMERAL_VPC, 'tgAcl', `out ${TCP} 1024-65535 VPC`],
  ] as const)('%p: internal network ACL entry present', (rec, which, key) => {
    const built = build({ targetPort: 8080, healthCheck: { port: '8081' } });
    expect(rec.scheme).not.toEqual('internet-facing');
    expect(built[which]).toContain(key.replace('VPC', built.vpcCidr));
  });

  test('nothing beyond the recommended set in both groups and the load balancer ACL', () => {
    const { lbRules, tgRules, lbAcl, lbSg, tgSg, vpcCidr } = build({ targetOutboundPorts: [] });
    expect(lbRules.sort()).toEqual([`in tcp 80 from ${vpcCidr}`, `out tcp 80 to ${tgSg}.GroupId`].sort());
    expect(tgRules.sort()).toEqual([
      `in icmp 3-4 from ${vpcCidr}`, `in tcp 80 from ${lbSg}.GroupId`, 'out icmp 252-86 to 255.255.255.255/32',
    ].sort());
    expect(lbAcl.sort()).toEqual([
      `in ${TCP} 80-80 ${vpcCidr}`, `in ${TCP} 1024-65535 ${vpcCidr}`,
      `out ${TCP} 80-80 ${vpcCidr}`, `out ${TCP} 1024-65535 ${vpcCidr}`,
    ].sort());
  });

  test('the internet (0.0.0.0/0) is not allowed anywhere on the load balancer', () => {
    const { lbRules, lbAcl } = build({ clientCidrs: ['10.1.0.0/16'] });
    expect(lbRules.filter((r) => r.includes('0.0.0.0/0'))).toEqual([]);
    expect(lbAcl.filter((r) => r.includes('0.0.0.0/0'))).toEqual([]);
  });

  test('the load balancer group needs no cdk-nag acknowledgment: its rules name the VPC\'s literal CIDR, never the internet', () => {
    const { alb, stack } = build();
    const acks = JSON.stringify(alb.loadBalancerSecurityGroup.node.metadata);
    expect(acks).not.toContain('AwsSolutions-EC23');
    Annotations.fromStack(stack).hasNoError('*', '*');
  });
});

describe('InternalAlbWithPrivateTargets: clients of a connected VPC', () => {
  test('the peered client CIDR is allowed on the listener port in the group and the ACL, and its return traffic', () => {
    const { lbRules, lbAcl, vpcCidr } = build({ clientCidrs: ['10.1.0.0/16'] });
    expect(lbRules.filter((r) => r.startsWith('in')).sort()).toEqual(['in tcp 80 from 10.1.0.0/16', `in tcp 80 from ${vpcCidr}`].sort());
    expect(lbAcl).toEqual(expect.arrayContaining([`in ${TCP} 80-80 10.1.0.0/16`, `out ${TCP} 1024-65535 10.1.0.0/16`]));
  });

  test('client security groups are allowed on the listener port', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    const client = new ec2.SecurityGroup(stack, 'Client', { vpc });
    const { lbRules } = build({ vpc, clients: [client] }, stack);
    const clientId = logicalIdOf(Template.fromStack(stack), 'AWS::EC2::SecurityGroup', 'Client');
    expect(lbRules).toContain(`in tcp 80 from ${clientId}.GroupId`);
  });

  test('a given VPC: load balancer and targets share its private subnets and one ACL', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    const { alb, template } = build({ vpc }, stack);
    expect(alb.loadBalancerNetworkAcl).toBe(alb.targetNetworkAcl);
    template.resourceCountIs('AWS::EC2::NetworkAcl', 1);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Subnets: [{ Ref: Match.stringLikeRegexp('PrivateSubnet1') }, { Ref: Match.stringLikeRegexp('PrivateSubnet2') }],
    });
  });

  test('a given VPC with isolated subnets only', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'Iso', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    const { template } = build({ vpc, targetOutboundPorts: [], addS3Endpoint: false }, stack);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Subnets: [{ Ref: Match.stringLikeRegexp('IsoSubnet1') }, { Ref: Match.stringLikeRegexp('IsoSubnet2') }],
    });
  });
});

describe('InternalAlbWithPrivateTargets: private DNS', () => {
  test('alb.home: a private zone of that name with an alias record to the ALB, associated with the VPC and the client VPCs', () => {
    const stack = newStack();
    const bar = new ec2.Vpc(stack, 'Bar', { maxAzs: 2 });
    const { template, alb } = build({ privateDnsName: 'alb.home', clientVpcs: [bar] }, stack);
    template.hasResourceProperties('AWS::Route53::HostedZone', {
      Name: 'alb.home.',
      VPCs: [
        { VPCId: { Ref: Match.stringLikeRegexp('InternalVpc') }, VPCRegion: 'eu-west-1' },
        { VPCId: { Ref: Match.stringLikeRegexp('Bar') }, VPCRegion: 'eu-west-1' },
      ],
    });
    template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'alb.home.',
      Type: 'A',
      AliasTarget: {
        DNSName: { 'Fn::Join': ['', ['dualstack.', { 'Fn::GetAtt': [Match.stringLikeRegexp('InternalLoadBalancer'), 'DNSName'] }]] },
        HostedZoneId: { 'Fn::GetAtt': [Match.stringLikeRegexp('InternalLoadBalancer'), 'CanonicalHostedZoneID'] },
      },
    });
    expect(alb.dnsRecord).toBeDefined();
    expect(alb.privateHostedZone).toBeDefined();
  });

  test('a record in a zone the user passes', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    const zone = new route53.PrivateHostedZone(stack, 'Zone', { zoneName: 'internal.example.com', vpc });
    const { template } = build({ vpc, privateDnsName: 'web.internal.example.com', privateHostedZone: zone }, stack);
    template.resourceCountIs('AWS::Route53::HostedZone', 1);
    template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'web.internal.example.com.', HostedZoneId: { Ref: Match.stringLikeRegexp('Zone') },
    });
  });

  test('no DNS name, no zone', () => {
    const { template, alb } = build();
    template.resourceCountIs('AWS::Route53::HostedZone', 0);
    expect(alb.dnsRecord).toBeUndefined();
  });
});

describe('InternalAlbWithPrivateTargets: bad input', () => {
  test.each([
    ['0.0.0.0/0 as a client', { clientCidrs: ['0.0.0.0/0'] }, "InternalAlbWithPrivateTargets: `clientCidrs[0]` is '0.0.0.0/0', but an internal load balancer must never be open to everyone; name the client networks instead (for example '10.1.0.0/16')"],
    ['::/0 as a client', { clientCidrs: ['10.1.0.0/16', '::/0'] }, "InternalAlbWithPrivateTargets: `clientCidrs[1]` is '::/0', but an internal load balancer must never be open to everyone; name the client networks instead (for example '10.1.0.0/16')"],
    ['an invalid CIDR', { clientCidrs: ['10.1.0.0/40'] }, "InternalAlbWithPrivateTargets: `clientCidrs[0]` must be an IPv4 CIDR such as '10.1.0.0/16', got '10.1.0.0/40'"],
    ['a CIDR with host bits', { clientCidrs: ['10.1.2.3/16'] }, "InternalAlbWithPrivateTargets: `clientCidrs[0]` has host bits set: got '10.1.2.3/16', expected '10.1.0.0/16'"],
    ['overlapping CIDRs', { clientCidrs: ['10.1.0.0/16', '10.1.128.0/17'] }, "InternalAlbWithPrivateTargets: `clientCidrs[1]` ('10.1.128.0/17') overlaps `clientCidrs[0]` ('10.1.0.0/16'); list each client network once"],
    ['an invalid DNS name', { privateDnsName: 'ALB_home' }, "InternalAlbWithPrivateTargets: `privateDnsName` must be a lower-case DNS name with at least two labels, such as 'alb.home', got 'ALB_home'"],
    ['a one-label DNS name', { privateDnsName: 'alb' }, "InternalAlbWithPrivateTargets: `privateDnsName` must be a lower-case DNS name with at least two labels, such as 'alb.home', got 'alb'"],
    ['clientVpcs without a DNS name', { clientVpcs: [ec2.Vpc.fromVpcAttributes(newStack(), 'V', { vpcId: 'vpc-1', availabilityZones: ['a'] })] }, "InternalAlbWithPrivateTargets: `clientVpcs` is set but `privateDnsName` is not; name the record (for example 'alb.home')"],
    ['a DNS name that is a token', { privateDnsName: Lazy.string({ produce: () => 'alb.home' }) }, "InternalAlbWithPrivateTargets: `privateDnsName` must be a literal DNS name such as 'alb.home', got an unresolved token"],
    ['a DNS name of 254 characters', { privateDnsName: `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}` }, `InternalAlbWithPrivateTargets: \`privateDnsName\` must be a lower-case DNS name with at least two labels, such as 'alb.home', got '${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}'`],
    ['redirectHttp without certificates', { redirectHttp: true }, 'InternalAlbWithPrivateTargets: `redirectHttp` is true but no `certificates` are given: there is no HTTPS listener to redirect to'],
    ['targetPort 0', { targetPort: 0 }, 'InternalAlbWithPrivateTargets: `targetPort` must be an integer between 1 and 65535, got 0'],
  ] as Array<[string, InternalAlbWithPrivateTargetsProps, string]>)('fails on %s', (_label, props, message) => {
    expect(() => build(props)).toThrow(message);
  });

  test('a DNS name of 253 characters is accepted', () => {
    expect(() => build({ privateDnsName: `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}` })).not.toThrow();
  });

  test('an empty clientVpcs list without a DNS name is accepted', () => {
    expect(() => build({ clientVpcs: [] })).not.toThrow();
  });

  test('fails on public subnets for the load balancer', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    expect(() => new InternalAlbWithPrivateTargets(stack, 'Internal', { vpc, loadBalancerSubnets: { subnetType: ec2.SubnetType.PUBLIC } }))
      .toThrow('InternalAlbWithPrivateTargets: `loadBalancerSubnets` selects 2 public subnet(s) (Test/Vpc/PublicSubnet1, Test/Vpc/PublicSubnet2); an internal load balancer belongs in private subnets (isolated or with egress)');
  });

  test('fails on a client CIDR inside a VPC whose CIDR is known', () => {
    const stack = newStack();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
      vpcId: 'vpc-1', vpcCidrBlock: '10.2.0.0/16', availabilityZones: ['eu-west-1a'], privateSubnetIds: ['subnet-1'], privateSubnetRouteTableIds: ['rtb-1'],
    });
    expect(() => new InternalAlbWithPrivateTargets(stack, 'Internal', { vpc, clientCidrs: ['10.2.3.0/24'] }))
      .toThrow("InternalAlbWithPrivateTargets: `clientCidrs[0]` ('10.2.3.0/24') overlaps the VPC's CIDR ('10.2.0.0/16'); clients in the VPC are allowed already, list only networks outside it");
  });

  test('fails on an unresolved client CIDR (for example another VPC\'s vpcCidrBlock)', () => {
    const stack = newStack();
    const bar = new ec2.Vpc(stack, 'Bar');
    expect(() => build({ clientCidrs: [bar.vpcCidrBlock] }, stack))
      .toThrow("InternalAlbWithPrivateTargets: `clientCidrs[0]` must be a literal IPv4 CIDR such as '10.1.0.0/16', got an unresolved token");
  });

  test('fails on an imported VPC without a CIDR block', () => {
    const stack = newStack();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: 'vpc-1', availabilityZones: ['eu-west-1a'], privateSubnetIds: ['subnet-1'] });
    expect(() => new InternalAlbWithPrivateTargets(stack, 'Internal', { vpc }))
      .toThrow(/^InternalAlbWithPrivateTargets: `vpc` must know its IPv4 CIDR block/);
  });

  test('fails on a DNS name outside the given zone', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    const zone = new route53.PrivateHostedZone(stack, 'Zone', { zoneName: 'internal.example.com', vpc });
    expect(() => new InternalAlbWithPrivateTargets(stack, 'Internal', { vpc, privateDnsName: 'alb.home', privateHostedZone: zone }))
      .toThrow("InternalAlbWithPrivateTargets: `privateDnsName` 'alb.home' is not in the zone `privateHostedZone` ('internal.example.com')");
  });

  test('fails on clientVpcs with an imported zone', () => {
    const stack = newStack();
    const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z1', zoneName: 'home' });
    const bar = new ec2.Vpc(stack, 'Bar');
    expect(() => build({ privateDnsName: 'alb.home', privateHostedZone: zone, clientVpcs: [bar] }, stack))
      .toThrow('InternalAlbWithPrivateTargets: `clientVpcs` needs a private hosted zone this app manages; associate `clientVpcs[0]` with the zone you passed in `privateHostedZone` where that zone is defined');
  });

  test('fails at synth when a listener is added open to the world', () => {
    const stack = newStack();
    const alb = new InternalAlbWithPrivateTargets(stack, 'Internal');
    alb.loadBalancer.addListener('Open', { port: 8080, open: true, defaultTargetGroups: [alb.targetGroup] });
    alb.allowListenerPort(8080);
    expect(() => Template.fromStack(stack)).toThrow('InternalAlbWithPrivateTargets: the security group of this internal load balancer allows inbound traffic from everyone (0.0.0.0/0 or ::/0); add listeners with `open: false` and allow only the client networks');
  });
});

describe('InternalAlbWithPrivateTargets: cdk-nag', () => {
  test('AwsSolutionsChecks over a default construct with a DNS name: no unacknowledged finding', () => {
    const app = new App();
    const stack = new Stack(app, 'Nag', { env: { account: '111111111111', region: 'eu-west-1' } });
    new InternalAlbWithPrivateTargets(stack, 'Internal', { privateDnsName: 'alb.home', clientCidrs: ['10.1.0.0/16'] });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    const { report, failed } = synthReport(app);
    expect(failed).toBe(false);
    expect(report).toMatch(/AwsSolutions\s*│\s*success/);
    expect(report).not.toMatch(/AwsSolutions-[A-Z]+[0-9]+/);
  });
});

describe('InternalAlbWithPrivateTargets: flows, proved with the reachability model', () => {
  const { FlowEndpoint, NetworkAssertions, TemplateModel } = assertions;
  const stack = newStack();
  const alb = new InternalAlbWithPrivateTargets(stack, 'Internal', { targetPort: 8080, clientCidrs: ['10.1.0.0/16'] });
  const model = TemplateModel.fromStack(stack);
  const id = (c: { node: { defaultChild?: unknown } }) => stack.resolve((c.node.defaultChild as ec2.CfnSubnet).logicalId) as string;
  const lb = FlowEndpoint.fromConstruct(alb.loadBalancer);
  const vpc = alb.vpc as ec2.Vpc;
  const targets = FlowEndpoint.securityGroup(id(alb.targetSecurityGroup), vpc.selectSubnets({ subnetGroupName: 'Targets' }).subnets.map(id));
  const vpcCidr = (Template.fromStack(stack).findResources('AWS::EC2::VPC') as Record<string, any>)[id(vpc)].Properties.CidrBlock as string;

  test('intended: the VPC and the peered network reach the listener; the load balancer reaches the targets', () => {
    NetworkAssertions.assertReachable(model, FlowEndpoint.cidr(vpcCidr), lb, 80);
    NetworkAssertions.assertReachable(model, lb, targets, 8080);
  });

  test('the client network reaches the listener only with a route back to it: none in the template (blocked), or one the user states', () => {
    // the template has no peering and no route to 10.1.0.0/16: the load balancer's subnets cannot send the replies
    const blocked = model.evaluate(FlowEndpoint.cidr('10.1.0.0/16'), lb, 80);
    expect(blocked.verdict).toEqual(assertions.FlowVerdict.BLOCKED);
    expect(blocked.steps.find((s) => !s.allowed)).toMatchObject({
      name: 'return route: destination subnet route table (replies)',
      detail: expect.stringMatching(/^InternalVpcLoadBalancerSubnet1RouteTable\w+ has no route to 10\.1\.0\.0\/16: the replies cannot go back$/),
    });
    const assumedRoutes = [...vpc.privateSubnets, ...vpc.isolatedSubnets].map((s) => ({
      routeTable: stack.resolve(s.routeTable.routeTableId).Ref as string, destinationCidr: '10.1.0.0/16', target: assertions.AssumedRouteTarget.NETWORK, reason: 'the VPN to the office',
    }));
    const stated = TemplateModel.fromStack(stack, { assumedRoutes });
    NetworkAssertions.assertReachable(stated, FlowEndpoint.cidr('10.1.0.0/16'), lb, 80);
    expect(stated.evaluate(FlowEndpoint.cidr('10.1.0.0/16'), lb, 80).assumptions).toHaveLength(1);
  });

  test('unintended: the internet, other networks and other ports', () => {
    NetworkAssertions.assertNotReachable(model, FlowEndpoint.internet(), lb, 80);
    NetworkAssertions.assertNotReachable(model, FlowEndpoint.cidr('10.2.0.0/16'), lb, 80);
    NetworkAssertions.assertNotReachable(model, FlowEndpoint.cidr('10.1.0.0/16'), lb, 8080);
    NetworkAssertions.assertNotReachable(model, FlowEndpoint.cidr('10.1.0.0/16'), targets, 8080);
  });

  test('the recommendation checks find nothing', () => {
    NetworkAssertions.assertFollowsRecommendations(model);
  });
});

describe('InternalAlbWithPrivateTargets: HTTPS', () => {
  test('HTTPS 443 and the HTTP 80 redirect are open to the VPC and the client networks only, in the group and the ACL', () => {
    // GIVEN
    const stack = newStack();
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:eu-west-1:111111111111:certificate/abc');
    // WHEN
    const { template, lbRules, lbAcl, vpcCidr } = build({
      certificates: [elbv2.ListenerCertificate.fromCertificateManager(certificate)],
      redirectHttp: true,
      clientCidrs: ['10.1.0.0/16'],
    }, stack);
    // THEN
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 443, Protocol: 'HTTPS' });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 80, Protocol: 'HTTP', DefaultActions: [Match.objectLike({ Type: 'redirect' })] });
    expect(lbRules.filter((r) => r.startsWith('in')).sort()).toEqual([
      'in tcp 443 from 10.1.0.0/16', `in tcp 443 from ${vpcCidr}`, 'in tcp 80 from 10.1.0.0/16', `in tcp 80 from ${vpcCidr}`,
    ].sort());
    expect(lbAcl.filter((e) => e.startsWith('in 6 80-80') || e.startsWith('in 6 443-443')).sort()).toEqual([
      'in 6 443-443 10.1.0.0/16', `in 6 443-443 ${vpcCidr}`, 'in 6 80-80 10.1.0.0/16', `in 6 80-80 ${vpcCidr}`,
    ].sort());
  });
});
