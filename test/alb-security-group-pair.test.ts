import { Fn, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { acknowledgments, logicalIdOf, newStack, ownResources, ruleKey, sgRules, vpcCidrText } from './util';
import { AlbSecurityGroupPair, AlbSecurityGroupPairProps, Recommendations } from '../src';

function build(props: Partial<AlbSecurityGroupPairProps> = {}) {
  const stack = newStack();
  const vpc = new ec2.Vpc(stack, 'Vpc', { ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16') });
  const pair = new AlbSecurityGroupPair(stack, 'Pair', { vpc, ...props });
  const template = Template.fromStack(stack);
  const lb = logicalIdOf(template, 'AWS::EC2::SecurityGroup', 'PairLoadBalancer');
  const tg = logicalIdOf(template, 'AWS::EC2::SecurityGroup', 'PairTargets');
  const vpcCidr = vpcCidrText(template, logicalIdOf(template, 'AWS::EC2::VPC', 'Vpc'));
  return { stack, vpc, pair, template, lb, tg, vpcCidr, lbRules: sgRules(template, lb), tgRules: sgRules(template, tg) };
}

describe('AlbSecurityGroupPair, internet-facing', () => {
  test('snapshot', () => {
    // GIVEN / WHEN
    const { template, pair } = build({ targetPort: 8080, healthCheckPort: 8081 });
    // THEN
    expect(ownResources(template, pair)).toMatchSnapshot();
  });

  test(`${Recommendations.LB_SG_IN_LISTENER_INTERNET.id}: load balancer accepts 0.0.0.0/0 on the listener port`, () => {
    const { template } = build();
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'Load balancer: listener ports from clients; target and health-check ports to the targets only',
      SecurityGroupIngress: [{ CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 80, ToPort: 80 }],
    });
  });

  test(`${Recommendations.LB_SG_OUT_TARGET.id} and ${Recommendations.TARGET_SG_IN_TARGET.id}: load balancer to target group on the target port`, () => {
    const { lbRules, tgRules, lb, tg } = build({ targetPort: 8080 });
    expect(lbRules.map(ruleKey)).toContain(`out tcp 8080 to ${tg}.GroupId`);
    expect(tgRules.map(ruleKey)).toContain(`in tcp 8080 from ${lb}.GroupId`);
  });

  test(`${Recommendations.LB_SG_OUT_HEALTH_CHECK.id} and ${Recommendations.TARGET_SG_IN_HEALTH_CHECK.id}: a separate health-check port is opened too`, () => {
    const { lbRules, tgRules, lb, tg } = build({ targetPort: 8080, healthCheckPort: 8081 });
    expect(lbRules.map(ruleKey)).toContain(`out tcp 8081 to ${tg}.GroupId`);
    expect(tgRules.map(ruleKey)).toContain(`in tcp 8081 from ${lb}.GroupId`);
  });

  test(`${Recommendations.TARGET_SG_IN_ICMP_PMTU.id}: targets accept ICMP type 3 code 4 from the VPC`, () => {
    const { tgRules, vpcCidr } = build();
    expect(tgRules.map(ruleKey)).toContain(`in icmp 3-4 from ${vpcCidr}`);
  });

  test('nothing beyond the recommended set, counting inline rules and separate resources (health-check port 8081, target port 8080)', () => {
    const { lbRules, tgRules, lb, tg, vpcCidr } = build({ targetPort: 8080, healthCheckPort: 8081, targetOutboundPorts: [] });
    expect(lbRules.map(ruleKey).sort()).toEqual([
      'in tcp 80 from 0.0.0.0/0',
      `out tcp 8080 to ${tg}.GroupId`,
      `out tcp 8081 to ${tg}.GroupId`,
    ].sort());
    expect(tgRules.map(ruleKey).sort()).toEqual([
      `in icmp 3-4 from ${vpcCidr}`,
      `in tcp 8080 from ${lb}.GroupId`,
      `in tcp 8081 from ${lb}.GroupId`,
      // CDK's "disallow all" placeholder: the group has no outbound rule at all
      'out icmp 252-86 to 255.255.255.255/32',
    ].sort());
  });

  test('with the default targetOutboundPorts the targets get exactly one more rule: HTTPS out', () => {
    const { tgRules } = build();
    const outbound = tgRules.filter((r) => r.direction === 'out').map(ruleKey);
    expect(outbound).toEqual(['out tcp 443 to 0.0.0.0/0']);
  });

  test('the load balancer group never gets egress to 0.0.0.0/0 or to S3', () => {
    const { lbRules } = build();
    const outbound = lbRules.filter((r) => r.direction === 'out');
    expect(outbound.length).toBeGreaterThan(0);
    for (const r of outbound) {
      expect(r.peer).not.toEqual('0.0.0.0/0');
      expect(r.peer).not.toMatch(/^pl-/);
      expect(r.protocol).not.toEqual('-1');
    }
  });

  test('one rule, not two, when the health-check port equals the target port', () => {
    const { lbRules, tgRules } = build({ targetPort: 8080, healthCheckPort: 8080 });
    expect(lbRules.filter((r) => r.direction === 'out')).toHaveLength(1);
    expect(tgRules.filter((r) => r.direction === 'in' && r.protocol === 'tcp')).toHaveLength(1);
  });

  test('addListenerPort opens another port to the same clients', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc');
    const pair = new AlbSecurityGroupPair(stack, 'Pair', { vpc, clientCidrs: ['203.0.113.0/24'] });
    pair.addListenerPort(443);
    pair.addListenerPort(443);
    const template = Template.fromStack(stack);
    const rules = sgRules(template, logicalIdOf(template, 'AWS::EC2::SecurityGroup', 'PairLoadBalancer'));
    expect(rules.filter((r) => r.direction === 'in').map(ruleKey).sort()).toEqual([
      'in tcp 443 from 203.0.113.0/24',
      'in tcp 80 from 203.0.113.0/24',
    ]);
    expect(pair.listenerPorts).toEqual([80, 443]);
  });

  test('client security groups are allowed on the listener port', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc');
    const client = new ec2.SecurityGroup(stack, 'Client', { vpc, allowAllOutbound: false });
    new AlbSecurityGroupPair(stack, 'Pair', { vpc, internetFacing: false, clients: [client] });
    const template = Template.fromStack(stack);
    const lb = logicalIdOf(template, 'AWS::EC2::SecurityGroup', 'PairLoadBalancer');
    const clientId = logicalIdOf(template, 'AWS::EC2::SecurityGroup', 'Client');
    expect(sgRules(template, lb).map(ruleKey)).toContain(`in tcp 80 from ${clientId}.GroupId`);
    expect(sgRules(template, clientId).map(ruleKey)).toContain(`out tcp 80 to ${lb}.GroupId`);
  });
});

describe('AlbSecurityGroupPair, internal', () => {
  test(`${Recommendations.LB_SG_IN_LISTENER_VPC.id}: load balancer accepts the VPC CIDR on the listener port, never 0.0.0.0/0`, () => {
    const { lbRules, vpcCidr } = build({ internetFacing: false });
    expect(lbRules.filter((r) => r.direction === 'in').map(ruleKey)).toEqual([`in tcp 80 from ${vpcCidr}`]);
  });

  test('client networks are added to the listener rule', () => {
    const { lbRules, vpcCidr } = build({ internetFacing: false, clientCidrs: ['10.0.0.0/16', '10.1.0.0/16'] });
    expect(lbRules.filter((r) => r.direction === 'in').map(ruleKey).sort()).toEqual([
      'in tcp 80 from 10.0.0.0/16',
      'in tcp 80 from 10.1.0.0/16',
    ]);
    expect(vpcCidr).toBeDefined();
  });
});

describe('AlbSecurityGroupPair, bad input', () => {
  test.each([
    ['targetPort 0', { targetPort: 0 }, 'AlbSecurityGroupPair: `targetPort` must be an integer between 1 and 65535, got 0'],
    ['targetPort 65536', { targetPort: 65536 }, 'AlbSecurityGroupPair: `targetPort` must be an integer between 1 and 65535, got 65536'],
    ['targetPort 80.5', { targetPort: 80.5 }, 'AlbSecurityGroupPair: `targetPort` must be an integer between 1 and 65535, got 80.5'],
    ['healthCheckPort -1', { healthCheckPort: -1 }, 'AlbSecurityGroupPair: `healthCheckPort` must be an integer between 1 and 65535, got -1'],
    ['empty listenerPorts', { listenerPorts: [] }, 'AlbSecurityGroupPair: `listenerPorts` must name at least one port, got an empty list'],
    ['listenerPorts with 70000', { listenerPorts: [80, 70000] }, 'AlbSecurityGroupPair: `listenerPorts[1]` must be an integer between 1 and 65535, got 70000'],
    ['targetOutboundPorts with NaN', { targetOutboundPorts: [NaN] }, 'AlbSecurityGroupPair: `targetOutboundPorts[0]` must be an integer between 1 and 65535, got NaN'],
    ['0.0.0.0/0 client CIDR on an internal load balancer', { internetFacing: false, clientCidrs: ['0.0.0.0/0'] }, "AlbSecurityGroupPair: `clientCidrs[0]` is '0.0.0.0/0', but an internal load balancer must never be open to everyone; name the client networks instead (for example '10.1.0.0/16')"],
    ['Peer.anyIpv4() client on an internal load balancer', { internetFacing: false, clients: [ec2.Peer.anyIpv4()] }, "AlbSecurityGroupPair: `clients[0]` is '0.0.0.0/0', but an internal load balancer must never be open to everyone; name the client networks instead (for example '10.1.0.0/16')"],
    ['Peer.anyIpv6() client on an internal load balancer', { internetFacing: false, clients: [ec2.Peer.anyIpv6()] }, "AlbSecurityGroupPair: `clients[0]` is '::/0', but an internal load balancer must never be open to everyone; name the client networks instead (for example '10.1.0.0/16')"],
    ['a /33 client CIDR', { clientCidrs: ['10.0.0.0/33'] }, "AlbSecurityGroupPair: `clientCidrs[0]` must be an IPv4 CIDR such as '10.1.0.0/16', got '10.0.0.0/33'"],
    ['a client CIDR with host bits', { clientCidrs: ['10.0.0.1/16'] }, "AlbSecurityGroupPair: `clientCidrs[0]` has host bits set: got '10.0.0.1/16', expected '10.0.0.0/16'"],
    ['no client at all', { clientCidrs: [] }, 'AlbSecurityGroupPair: `clientCidrs` and `clients` are both empty: nobody could reach the listener; pass at least one client'],
    ['maxRulesPerDirection 0', { maxRulesPerDirection: 0 }, 'AlbSecurityGroupPair: `maxRulesPerDirection` must be an integer between 1 and 1000, got 0'],
    ['maxRulesPerDirection 1001', { maxRulesPerDirection: 1001 }, 'AlbSecurityGroupPair: `maxRulesPerDirection` must be an integer between 1 and 1000, got 1001'],
    ['maxRulesPerDirection 2.5', { maxRulesPerDirection: 2.5 }, 'AlbSecurityGroupPair: `maxRulesPerDirection` must be an integer between 1 and 1000, got 2.5'],
  ] as Array<[string, Partial<AlbSecurityGroupPairProps>, string]>)('fails on %s', (_label, props, message) => {
    expect(() => build(props)).toThrow(message);
  });

  test('fails on an imported VPC without a CIDR block', () => {
    const stack = newStack();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: 'vpc-1234', availabilityZones: ['eu-west-1a'] });
    expect(() => new AlbSecurityGroupPair(stack, 'Pair', { vpc, internetFacing: false }))
      .toThrow(/^AlbSecurityGroupPair: `vpc` must know its IPv4 CIDR block \(the documented rules name it\), but the imported VPC has none/);
  });
});

describe('AlbSecurityGroupPair, rule quota', () => {
  const quotaErrors = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      return (e as Error).message.split('\n').filter((l) => l.includes('AlbSecurityGroupPair:')).map((l) => l.replace(/^.*AlbSecurityGroupPair: /, ''));
    }
    return [];
  };
  const over = (group: string, count: number, direction: string, max: number) =>
    `the security group Test/Pair/${group} has ${count} ${direction} rules, more than \`maxRulesPerDirection\` (${max}, the default quota is 60); use fewer listener ports or clients, or raise the quota and \`maxRulesPerDirection\``;

  test.each([1, 1000])('maxRulesPerDirection %p is accepted at construction', (max) => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc');
    expect(() => new AlbSecurityGroupPair(stack, 'Pair', { vpc, maxRulesPerDirection: max })).not.toThrow();
  });

  test('fails at synth when a group has more rules than maxRulesPerDirection, per group and direction', () => {
    // GIVEN one rule per direction allowed: the load balancer group has one of each, the targets' group two inbound (80, ICMP)
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc');
    new AlbSecurityGroupPair(stack, 'Pair', { vpc, maxRulesPerDirection: 1 });
    // THEN
    expect(quotaErrors(() => Template.fromStack(stack))).toEqual([over('Targets', 2, 'inbound', 1)]);
  });

  test.each([
    ['at the limit', [9000], []],
    ['one over it', [9000, 9001], ['Targets', 4]],
  ] as Array<[string, number[], [string, number] | []]>)('fails only over the limit, counting the rules added later as separate resources and only those of the group: %s', (_, ports, expected) => {
    // GIVEN a limit of 3 and another group with two separate rules of its own
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc');
    const pair = new AlbSecurityGroupPair(stack, 'Pair', { vpc, maxRulesPerDirection: 3 });
    const other = new ec2.SecurityGroup(stack, 'Other', { vpc, allowAllOutbound: false });
    const third = new ec2.SecurityGroup(stack, 'Third', { vpc, allowAllOutbound: false });
    other.connections.allowFrom(third, ec2.Port.tcp(1));
    other.connections.allowFrom(third, ec2.Port.tcp(2));
    // WHEN the targets' group (80 and ICMP inline) gets separate AWS::EC2::SecurityGroupIngress rules
    for (const port of ports) pair.targetSecurityGroup.connections.allowFrom(other, ec2.Port.tcp(port));
    // THEN
    const errors = quotaErrors(() => Template.fromStack(stack));
    expect(errors).toEqual(expected.length === 0 ? [] : [over(expected[0], expected[1], 'inbound', 3)]);
  });
});

describe('AlbSecurityGroupPair, clients and acknowledgments', () => {
  const EC23 = 'annotation::AwsSolutions-EC23';
  const OPEN = 'An internet-facing load balancer accepts clients from anywhere on its listener ports only, as the Elastic Load Balancing guide recommends; every other port is closed.';
  const TOKEN = 'A client CIDR is a token cdk-nag cannot read (the VPC\'s own CidrBlock for an internal load balancer); 0.0.0.0/0 is refused for internal load balancers.';
  const TARGETS = 'The only CIDR ingress rule is ICMP type 3 code 4 (path MTU discovery) from the VPC\'s own CIDR block, a token cdk-nag cannot read; targets accept TCP from the load balancer security group only.';

  test.each([
    ['internet-facing, default clients', (vpc: ec2.IVpc) => ({ vpc }), [{ [EC23]: OPEN }]],
    ['internal, default clients (the VPC\'s literal CIDR): nothing to acknowledge', (vpc: ec2.IVpc) => ({ vpc, internetFacing: false }), []],
    ['internal, a literal client CIDR only: nothing to acknowledge', (vpc: ec2.IVpc) => ({ vpc, internetFacing: false, clientCidrs: ['10.1.0.0/16'] }), []],
    ['internal, the VPC\'s CidrBlock attribute (written as its literal) and a literal', (vpc: ec2.IVpc) => ({ vpc, internetFacing: false, clientCidrs: [vpc.vpcCidrBlock, '10.1.0.0/16'] }), []],
    ['internet-facing, 0.0.0.0/0 and a token', (vpc: ec2.IVpc) => ({ vpc, clientCidrs: ['0.0.0.0/0', Fn.importValue('Partner')] }), [{ [EC23]: `${OPEN} ${TOKEN}` }]],
  ] as Array<[string, (vpc: ec2.IVpc) => AlbSecurityGroupPairProps, unknown[]]>)('EC23 acknowledged with its reason, %s', (_, props, expected) => {
    // GIVEN
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc');
    // WHEN
    const pair = new AlbSecurityGroupPair(stack, 'Pair', props(vpc));
    // THEN
    expect(acknowledgments(pair.loadBalancerSecurityGroup)).toEqual(expected);
    // the targets' ICMP rule names the VPC's CIDR: acknowledged only where cdk-nag cannot read it (a token)
    const tokenVpcCidr = Token.isUnresolved(props(vpc).vpc.vpcCidrBlock) && !(props(vpc).vpc instanceof ec2.Vpc);
    expect(acknowledgments(pair.targetSecurityGroup)).toEqual(tokenVpcCidr ? [{ [EC23]: TARGETS }] : []);
  });

  test('clients given as connections that are not a peer, with no client CIDR', () => {
    // GIVEN an instance-like client known only by its connections
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc');
    const clientGroup = new ec2.SecurityGroup(stack, 'Client', { vpc, allowAllOutbound: false });
    const client = new ec2.Connections({ securityGroups: [clientGroup] });
    // WHEN
    new AlbSecurityGroupPair(stack, 'Pair', { vpc, internetFacing: false, clientCidrs: [], clients: [client] });
    // THEN
    const template = Template.fromStack(stack);
    const lb = logicalIdOf(template, 'AWS::EC2::SecurityGroup', 'PairLoadBalancer');
    expect(sgRules(template, lb).filter((r) => r.direction === 'in').map(ruleKey))
      .toEqual([`in tcp 80 from ${logicalIdOf(template, 'AWS::EC2::SecurityGroup', 'Client')}.GroupId`]);
  });

  test.each([0, 65536, 1.5])('fails on addListenerPort(%p)', (port) => {
    const stack = newStack();
    const pair = new AlbSecurityGroupPair(stack, 'Pair', { vpc: new ec2.Vpc(stack, 'Vpc') });
    expect(() => pair.addListenerPort(port)).toThrow(`AlbSecurityGroupPair: \`port\` must be an integer between 1 and 65535, got ${port}`);
  });
});
