import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { acknowledgments, aclEntries, entryKey, logicalIdOf, newStack, ownResources, vpcCidrText } from './util';
import { LoadBalancerNetworkAcls, LoadBalancerNetworkAclsProps, Recommendations } from '../src';

const PUBLIC = { subnetType: ec2.SubnetType.PUBLIC };
const PRIVATE = { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
const TCP = 6;
const ICMP = 1;

function build(props: Partial<LoadBalancerNetworkAclsProps> = {}, vpcProps: ec2.VpcProps = {}) {
  const stack = newStack();
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, ...vpcProps });
  const acls = new LoadBalancerNetworkAcls(stack, 'Acls', { vpc, loadBalancerSubnets: PUBLIC, targetSubnets: PRIVATE, ...props });
  const template = Template.fromStack(stack);
  const lbAcl = logicalIdOf(template, 'AWS::EC2::NetworkAcl', 'AclsLoadBalancerAcl');
  const tgAclIds = Object.keys(template.findResources('AWS::EC2::NetworkAcl')).filter((id) => id.includes('AclsTargetAcl'));
  const tgAcl = tgAclIds[0] ?? lbAcl;
  const vpcCidr = vpcCidrText(template, logicalIdOf(template, 'AWS::EC2::VPC', 'Vpc'));
  const lb = aclEntries(template, lbAcl);
  const tg = aclEntries(template, tgAcl);
  return { stack, vpc, acls, template, lbAcl, tgAcl, vpcCidr, lb, tg, lbKeys: lb.map(entryKey), tgKeys: tg.map(entryKey) };
}

describe('LoadBalancerNetworkAcls, internet-facing', () => {
  test('snapshot', () => {
    const { template, acls } = build({ targetPort: 8080, healthCheckPort: 8081 });
    expect(ownResources(template, acls)).toMatchSnapshot();
  });

  test(`${Recommendations.LB_ACL_IN_LISTENER_INTERNET.id}: load balancer subnets accept 0.0.0.0/0 on the listener port`, () => {
    const { template, lbAcl } = build();
    template.hasResourceProperties('AWS::EC2::NetworkAclEntry', {
      NetworkAclId: { Ref: lbAcl }, Egress: false, RuleAction: 'allow', Protocol: TCP, CidrBlock: '0.0.0.0/0', PortRange: { From: 80, To: 80 },
    });
  });

  test(`${Recommendations.LB_ACL_IN_EPHEMERAL_VPC.id}: load balancer subnets accept the VPC CIDR on the ephemeral ports`, () => {
    const { lbKeys, vpcCidr } = build();
    expect(lbKeys).toContain(`in ${TCP} 1024-65535 ${vpcCidr}`);
  });

  test(`${Recommendations.LB_ACL_OUT_TARGET.id} and ${Recommendations.LB_ACL_OUT_HEALTH_CHECK.id}: load balancer subnets send to the VPC CIDR on the target and health-check ports`, () => {
    const { lbKeys, vpcCidr } = build({ targetPort: 8080, healthCheckPort: 8081 });
    expect(lbKeys).toContain(`out ${TCP} 8080-8080 ${vpcCidr}`);
    expect(lbKeys).toContain(`out ${TCP} 8081-8081 ${vpcCidr}`);
  });

  test(`${Recommendations.LB_ACL_OUT_EPHEMERAL_INTERNET.id}: load balancer subnets reply to 0.0.0.0/0 on the ephemeral ports`, () => {
    const { lbKeys } = build();
    expect(lbKeys).toContain(`out ${TCP} 1024-65535 0.0.0.0/0`);
  });

  test(`${Recommendations.TARGET_ACL_IN_TARGET.id} and ${Recommendations.TARGET_ACL_IN_HEALTH_CHECK.id}: target subnets accept the VPC CIDR on the target and health-check ports`, () => {
    const { tgKeys, vpcCidr } = build({ targetPort: 8080, healthCheckPort: 8081 });
    expect(tgKeys).toContain(`in ${TCP} 8080-8080 ${vpcCidr}`);
    expect(tgKeys).toContain(`in ${TCP} 8081-8081 ${vpcCidr}`);
  });

  test(`${Recommendations.TARGET_ACL_OUT_EPHEMERAL_VPC.id}: target subnets reply to the VPC CIDR on the ephemeral ports`, () => {
    const { tgKeys, vpcCidr } = build();
    expect(tgKeys).toContain(`out ${TCP} 1024-65535 ${vpcCidr}`);
  });

  test('target subnets accept ICMP fragmentation-needed from the VPC (path MTU discovery)', () => {
    const { tg, vpcCidr } = build();
    expect(tg.find((e) => e.protocol === ICMP)).toMatchObject({ egress: false, cidr: vpcCidr, icmp: { Type: 3, Code: 4 }, action: 'allow' });
  });

  test('exactly the documented entries plus NAT and outbound traffic, and nothing else (8080 / 8081)', () => {
    const { lbKeys, tgKeys, vpcCidr } = build({ targetPort: 8080, healthCheckPort: 8081 });
    expect(lbKeys.sort()).toEqual([
      `in ${TCP} 80-80 0.0.0.0/0`, // LBACL-IN-LISTENER-INTERNET
      `in ${TCP} 1024-65535 ${vpcCidr}`, // LBACL-IN-EPHEMERAL-VPC
      `out ${TCP} 8080-8080 ${vpcCidr}`, // LBACL-OUT-TARGET
      `out ${TCP} 8081-8081 ${vpcCidr}`, // LBACL-OUT-HEALTH-CHECK
      `out ${TCP} 1024-65535 0.0.0.0/0`, // LBACL-OUT-EPHEMERAL-INTERNET
      // NAT gateways in the public subnets serve the targets' HTTPS
      `in ${TCP} 443-443 ${vpcCidr}`,
      `out ${TCP} 443-443 0.0.0.0/0`,
      `in ${TCP} 1024-3388 0.0.0.0/0`, `in ${TCP} 3390-65535 0.0.0.0/0`,
      `out ${TCP} 1024-65535 ${vpcCidr}`,
    ].sort());
    expect(tgKeys.sort()).toEqual([
      `in ${TCP} 8080-8080 ${vpcCidr}`, // TGACL-IN-TARGET
      `in ${TCP} 8081-8081 ${vpcCidr}`, // TGACL-IN-HEALTH-CHECK
      `out ${TCP} 1024-65535 ${vpcCidr}`, // TGACL-OUT-EPHEMERAL-VPC
      `in ${ICMP} icmp3/4 ${vpcCidr}`,
      // the targets' own HTTPS and its replies (from the internet, or from S3 through the endpoint)
      `out ${TCP} 443-443 0.0.0.0/0`,
      `in ${TCP} 1024-3388 0.0.0.0/0`, `in ${TCP} 3390-65535 0.0.0.0/0`,
    ].sort());
  });

  test('a NAT gateway in one of the load balancer\'s subnets is enough for the NAT entries', () => {
    const { lbKeys, vpcCidr } = build({}, { natGateways: 1 });
    expect(lbKeys).toEqual(expect.arrayContaining([`in ${TCP} 443-443 ${vpcCidr}`, `out ${TCP} 443-443 0.0.0.0/0`, `in ${TCP} 1024-3388 0.0.0.0/0`, `in ${TCP} 3390-65535 0.0.0.0/0`, `out ${TCP} 1024-65535 ${vpcCidr}`]));
  });

  test('NAT gateways but no target outbound ports: no NAT entries', () => {
    const { lbKeys, vpcCidr } = build({ targetOutboundPorts: [] });
    expect(lbKeys.sort()).toEqual([`in ${TCP} 80-80 0.0.0.0/0`, `in ${TCP} 1024-65535 ${vpcCidr}`, `out ${TCP} 80-80 ${vpcCidr}`, `out ${TCP} 1024-65535 0.0.0.0/0`].sort());
  });

  test('outbound ports at the edges of the ephemeral range keep entries (and ids) of their own', () => {
    const { acls, tgKeys } = build({ targetOutboundPorts: [1024, 65535] });
    expect(tgKeys).toEqual(expect.arrayContaining([`out ${TCP} 1024-1024 0.0.0.0/0`, `out ${TCP} 65535-65535 0.0.0.0/0`]));
    // the class 'outbound to anywhere' starts at base + 60, sorted by port
    expect(acls.targetAcl.node.tryFindChild('Egress160')).toBeDefined();
    expect(acls.targetAcl.node.tryFindChild('Egress161')).toBeDefined();
    expect(acls.loadBalancerAcl.node.tryFindChild('Egress161')).toBeDefined();
  });

  test('the targets\' ACL is associated with the selected subnets, not the default selection', () => {
    const { template, tgAcl } = build({ targetSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } }, {
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC },
        { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        { name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      ],
    });
    const associated = Object.values(template.findResources('AWS::EC2::SubnetNetworkAclAssociation'))
      .filter((a) => a.Properties.NetworkAclId.Ref === tgAcl)
      .map((a) => a.Properties.SubnetId.Ref as string);
    expect(associated).toHaveLength(2);
    expect(associated.every((id) => id.startsWith('VpcIsolatedSubnet'))).toBe(true);
  });

  test('without NAT gateways and outbound ports, only the documented rows remain', () => {
    const { lbKeys, tgKeys, vpcCidr } = build(
      { targetOutboundPorts: [], targetSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } },
      {
        natGateways: 0,
        subnetConfiguration: [
          { name: 'Public', subnetType: ec2.SubnetType.PUBLIC },
          { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
        ],
      },
    );
    expect(lbKeys.sort()).toEqual([
      `in ${TCP} 80-80 0.0.0.0/0`,
      `in ${TCP} 1024-65535 ${vpcCidr}`,
      `out ${TCP} 80-80 ${vpcCidr}`,
      `out ${TCP} 1024-65535 0.0.0.0/0`,
    ].sort());
    expect(tgKeys.sort()).toEqual([
      `in ${TCP} 80-80 ${vpcCidr}`,
      `out ${TCP} 1024-65535 ${vpcCidr}`,
      `in ${ICMP} icmp3/4 ${vpcCidr}`,
    ].sort());
  });

  test('rule numbers sit in the band 100-199, unique per direction, all allow', () => {
    const { lb, tg } = build();
    for (const entries of [lb, tg]) {
      for (const egress of [false, true]) {
        const numbers = entries.filter((e) => e.egress === egress).map((e) => e.ruleNumber);
        expect(new Set(numbers).size).toEqual(numbers.length);
        numbers.forEach((n) => { expect(n).toBeGreaterThanOrEqual(100); expect(n).toBeLessThanOrEqual(199); });
      }
      entries.forEach((e) => expect(e.action).toEqual('allow'));
    }
  });

  test('ruleNumberBase moves the band', () => {
    const { lb } = build({ ruleNumberBase: 1000 });
    expect(Math.min(...lb.map((e) => e.ruleNumber))).toEqual(1000);
    expect(Math.max(...lb.map((e) => e.ruleNumber))).toBeLessThan(1100);
  });

  test('both ACLs are associated with exactly their subnets', () => {
    const { template, lbAcl, tgAcl } = build();
    const assoc = Object.values(template.findResources('AWS::EC2::SubnetNetworkAclAssociation')).map((r: any) => [r.Properties.NetworkAclId.Ref, r.Properties.SubnetId.Ref]);
    expect(assoc.filter(([acl]) => acl === lbAcl).map(([, s]) => s).sort()).toEqual([expect.stringMatching(/PublicSubnet1/), expect.stringMatching(/PublicSubnet2/)]);
    expect(assoc.filter(([acl]) => acl === tgAcl).map(([, s]) => s).sort()).toEqual([expect.stringMatching(/PrivateSubnet1/), expect.stringMatching(/PrivateSubnet2/)]);
  });

  test('addListenerPort adds the new port from the clients', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    const acls = new LoadBalancerNetworkAcls(stack, 'Acls', { vpc, loadBalancerSubnets: PUBLIC, targetSubnets: PRIVATE });
    acls.addListenerPort(443);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EC2::NetworkAclEntry', {
      NetworkAclId: { Ref: logicalIdOf(template, 'AWS::EC2::NetworkAcl', 'AclsLoadBalancerAcl') }, Egress: false, CidrBlock: '0.0.0.0/0', PortRange: { From: 443, To: 443 },
    });
  });

  test('no cdk-nag finding left unacknowledged: VPC3 is acknowledged with a reason', () => {
    const { stack } = build();
    expect(JSON.stringify(acknowledgments(stack.node.findChild('Acls')))).toContain('AwsSolutions-VPC3');
    Annotations.fromStack(stack).hasNoError('*', '*');
  });
});

describe('LoadBalancerNetworkAcls, internal', () => {
  const PRIVATE_ONLY: ec2.VpcProps = {
    natGateways: 0,
    subnetConfiguration: [
      { name: 'Lb', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      { name: 'App', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    ],
  };
  const internal = (props: Partial<LoadBalancerNetworkAclsProps> = {}) => build({
    internetFacing: false,
    targetOutboundPorts: [],
    loadBalancerSubnets: { subnetGroupName: 'Lb' },
    targetSubnets: { subnetGroupName: 'App' },
    ...props,
  }, PRIVATE_ONLY);

  test(`${Recommendations.LB_ACL_IN_LISTENER_VPC.id}: load balancer subnets accept the VPC CIDR on the listener port, never 0.0.0.0/0`, () => {
    const { lbKeys, vpcCidr } = internal();
    expect(lbKeys).toContain(`in ${TCP} 80-80 ${vpcCidr}`);
    expect(lbKeys.filter((k) => k.endsWith('0.0.0.0/0'))).toEqual([]);
  });

  test(`${Recommendations.LB_ACL_OUT_EPHEMERAL_VPC.id}: load balancer subnets reply to the VPC CIDR`, () => {
    const { lbKeys, vpcCidr } = internal();
    expect(lbKeys).toContain(`out ${TCP} 1024-65535 ${vpcCidr}`);
  });

  test('exactly the internal rows of the table', () => {
    const { lbKeys, tgKeys, vpcCidr } = internal({ targetPort: 8080, healthCheckPort: 8081 });
    expect(lbKeys.sort()).toEqual([
      `in ${TCP} 80-80 ${vpcCidr}`,
      `in ${TCP} 1024-65535 ${vpcCidr}`,
      `out ${TCP} 8080-8080 ${vpcCidr}`,
      `out ${TCP} 8081-8081 ${vpcCidr}`,
      `out ${TCP} 1024-65535 ${vpcCidr}`,
    ].sort());
    expect(tgKeys.sort()).toEqual([
      `in ${TCP} 8080-8080 ${vpcCidr}`,
      `in ${TCP} 8081-8081 ${vpcCidr}`,
      `out ${TCP} 1024-65535 ${vpcCidr}`,
      `in ${ICMP} icmp3/4 ${vpcCidr}`,
      // clients of the internal load balancer in the target subnets: requests out, replies in
      `out ${TCP} 80-80 ${vpcCidr}`,
      `in ${TCP} 1024-65535 ${vpcCidr}`,
    ].sort());
  });

  test('clients in the target subnets reach the internal load balancer on every listener port', () => {
    // GIVEN an internal load balancer on 80 and, later, 8443
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, ...PRIVATE_ONLY });
    const acls = new LoadBalancerNetworkAcls(stack, 'Acls', {
      vpc,
      internetFacing: false,
      targetOutboundPorts: [],
      loadBalancerSubnets: { subnetGroupName: 'Lb' },
      targetSubnets: { subnetGroupName: 'App' },
    });
    // WHEN
    acls.addListenerPort(8443);
    // THEN the target ACL lets both listener ports out to the VPC and the replies in
    const template = Template.fromStack(stack);
    for (const port of [80, 8443]) {
      template.hasResourceProperties('AWS::EC2::NetworkAclEntry', {
        NetworkAclId: { Ref: Match.stringLikeRegexp('AclsTargetAcl') },
        Egress: true,
        PortRange: { From: port, To: port },
        CidrBlock: '10.0.0.0/16',
      });
    }
    template.hasResourceProperties('AWS::EC2::NetworkAclEntry', {
      NetworkAclId: { Ref: Match.stringLikeRegexp('AclsTargetAcl') },
      Egress: false,
      PortRange: { From: 1024, To: 65535 },
      CidrBlock: '10.0.0.0/16',
    });
  });

  test('a connected client network gets the listener port in and its replies out', () => {
    const { lbKeys, vpcCidr } = internal({ clientCidrs: ['10.1.0.0/16'] });
    expect(lbKeys).toContain(`in ${TCP} 80-80 10.1.0.0/16`);
    expect(lbKeys).toContain(`out ${TCP} 1024-65535 10.1.0.0/16`);
    expect(lbKeys).not.toContain(`in ${TCP} 80-80 ${vpcCidr}`);
  });

  test('the VPC CIDR among the client networks: one listener entry for it and no separate return entry', () => {
    // GIVEN the VPC CIDR (a token) and a connected network as clients
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, ...PRIVATE_ONLY });
    new LoadBalancerNetworkAcls(stack, 'Acls', {
      vpc,
      internetFacing: false,
      targetOutboundPorts: [],
      loadBalancerSubnets: { subnetGroupName: 'Lb' },
      targetSubnets: { subnetGroupName: 'App' },
      clientCidrs: [vpc.vpcCidrBlock, '10.1.0.0/16'],
    });
    // THEN
    const template = Template.fromStack(stack);
    const vpcCidr = vpcCidrText(template, logicalIdOf(template, 'AWS::EC2::VPC', 'Vpc'));
    expect(aclEntries(template, logicalIdOf(template, 'AWS::EC2::NetworkAcl', 'AclsLoadBalancerAcl')).map(entryKey).sort()).toEqual([
      `in ${TCP} 80-80 ${vpcCidr}`,
      `in ${TCP} 80-80 10.1.0.0/16`,
      `in ${TCP} 1024-65535 ${vpcCidr}`,
      `out ${TCP} 80-80 ${vpcCidr}`,
      `out ${TCP} 1024-65535 ${vpcCidr}`,
      `out ${TCP} 1024-65535 10.1.0.0/16`,
    ].sort());
  });

  test('a client CIDR given as a token takes a slot after the literal ones of its class', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, ...PRIVATE_ONLY });
    const peerCidr = new ec2.Vpc(stack, 'Peer', { ipAddresses: ec2.IpAddresses.cidr('10.1.0.0/16') }).vpcCidrBlock;
    const acls = new LoadBalancerNetworkAcls(stack, 'Acls', {
      vpc,
      internetFacing: false,
      targetOutboundPorts: [],
      loadBalancerSubnets: { subnetGroupName: 'Lb' },
      targetSubnets: { subnetGroupName: 'App' },
      clientCidrs: ['10.2.0.0/16', peerCidr],
    });
    const slot = (id: string) => stack.resolve((acls.loadBalancerAcl.node.findChild(id) as ec2.CfnNetworkAclEntry).cidrBlock);
    // clients to listeners (base + 0): the literal first, then the token
    expect(slot('Ingress100')).toEqual('10.2.0.0/16');
    expect(slot('Ingress101')).toEqual(stack.resolve(peerCidr));
    // replies to client networks outside the VPC (base + 35): the literal, then the token
    expect(slot('Egress135')).toEqual('10.2.0.0/16');
    expect(slot('Egress136')).toEqual(stack.resolve(peerCidr));
  });

  test('load balancer and targets in the same subnets share one ACL with both sets of entries', () => {
    const { template, lbKeys, acls, vpcCidr } = internal({ targetSubnets: { subnetGroupName: 'Lb' } });
    expect(acls.sharedAcl).toBe(true);
    expect(acls.targetAcl).toBe(acls.loadBalancerAcl);
    template.resourceCountIs('AWS::EC2::NetworkAcl', 1);
    expect(lbKeys).toEqual(expect.arrayContaining([`in ${TCP} 80-80 ${vpcCidr}`, `in ${ICMP} icmp3/4 ${vpcCidr}`]));
  });
});

describe('LoadBalancerNetworkAcls, bad input', () => {
  test.each([
    ['targetPort 0', { targetPort: 0 }, 'LoadBalancerNetworkAcls: `targetPort` must be an integer between 1 and 65535, got 0'],
    ['healthCheckPort 1e6', { healthCheckPort: 1e6 }, 'LoadBalancerNetworkAcls: `healthCheckPort` must be an integer between 1 and 65535, got 1000000'],
    ['ruleNumberBase 0', { ruleNumberBase: 0 }, 'LoadBalancerNetworkAcls: `ruleNumberBase` must be an integer between 1 and 32667 (the band spans 100 numbers), got 0'],
    ['ruleNumberBase 32700', { ruleNumberBase: 32700 }, 'LoadBalancerNetworkAcls: `ruleNumberBase` must be an integer between 1 and 32667 (the band spans 100 numbers), got 32700'],
    ['maxEntriesPerDirection 41', { maxEntriesPerDirection: 41 }, 'LoadBalancerNetworkAcls: `maxEntriesPerDirection` must be an integer between 1 and 40 (the quota can be raised to 40), got 41'],
    ['0.0.0.0/0 client on an internal load balancer', { internetFacing: false, clientCidrs: ['0.0.0.0/0'] }, "LoadBalancerNetworkAcls: `clientCidrs[0]` is '0.0.0.0/0', but an internal load balancer must never be open to everyone; name the client networks instead (for example '10.1.0.0/16')"],
    ['an invalid client CIDR', { clientCidrs: ['10.0.0/16'] }, "LoadBalancerNetworkAcls: `clientCidrs[0]` must be an IPv4 CIDR such as '10.1.0.0/16', got '10.0.0/16'"],
    ['a target selection with no subnet', { targetSubnets: { subnets: [] as ec2.ISubnet[] } }, 'LoadBalancerNetworkAcls: `targetSubnets` selects no subnet of the VPC'],
    ['a load balancer selection with no subnet', { loadBalancerSubnets: { subnets: [] as ec2.ISubnet[] } }, 'LoadBalancerNetworkAcls: `loadBalancerSubnets` selects no subnet of the VPC'],
    ['ruleNumberBase 32668 (the band would end past 32766)', { ruleNumberBase: 32668 }, 'LoadBalancerNetworkAcls: `ruleNumberBase` must be an integer between 1 and 32667 (the band spans 100 numbers), got 32668'],
    ['ruleNumberBase 100.5', { ruleNumberBase: 100.5 }, 'LoadBalancerNetworkAcls: `ruleNumberBase` must be an integer between 1 and 32667 (the band spans 100 numbers), got 100.5'],
    ['maxEntriesPerDirection 0', { maxEntriesPerDirection: 0 }, 'LoadBalancerNetworkAcls: `maxEntriesPerDirection` must be an integer between 1 and 40 (the quota can be raised to 40), got 0'],
    ['maxEntriesPerDirection 2.5', { maxEntriesPerDirection: 2.5 }, 'LoadBalancerNetworkAcls: `maxEntriesPerDirection` must be an integer between 1 and 40 (the quota can be raised to 40), got 2.5'],
    ['empty listenerPorts', { listenerPorts: [] }, 'LoadBalancerNetworkAcls: `listenerPorts` must name at least one port, got an empty list'],
    ['targetOutboundPorts with 0', { targetOutboundPorts: [443, 0] }, 'LoadBalancerNetworkAcls: `targetOutboundPorts[1]` must be an integer between 1 and 65535, got 0'],
    ['31 listener ports (more than the sub-band of listener entries holds)', { listenerPorts: Array.from({ length: 31 }, (_, i) => 8000 + i) }, 'LoadBalancerNetworkAcls: the network ACL Test/Acls/LoadBalancerAcl needs more inbound entries for clients to listeners (listener ports × client networks) than the 30 rule numbers 100-129 of that class; use fewer ports or networks'],
  ] as Array<[string, Partial<LoadBalancerNetworkAclsProps>, string]>)('fails on %s', (_label, props, message) => {
    expect(() => build(props)).toThrow(message);
  });

  test('fails when the load balancer and target subnets partially overlap', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    expect(() => new LoadBalancerNetworkAcls(stack, 'Acls', {
      vpc, loadBalancerSubnets: PUBLIC, targetSubnets: { subnets: [vpc.publicSubnets[0], vpc.privateSubnets[0]] },
    })).toThrow('LoadBalancerNetworkAcls: `loadBalancerSubnets` and `targetSubnets` partially overlap (1 shared subnets): a subnet has one network ACL, so select either the same subnets or disjoint ones');
  });

  test.each([
    ['the load balancer\'s subnets inside the targets\'', (vpc: ec2.Vpc) => ({ loadBalancerSubnets: { subnets: [vpc.publicSubnets[0]] }, targetSubnets: { subnets: vpc.publicSubnets } })],
    ['the targets\' subnets inside the load balancer\'s', (vpc: ec2.Vpc) => ({ loadBalancerSubnets: { subnets: vpc.publicSubnets }, targetSubnets: { subnets: [vpc.publicSubnets[0]] } })],
  ])('fails when %s (a subnet has one ACL)', (_, selection) => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    expect(() => new LoadBalancerNetworkAcls(stack, 'Acls', { vpc, ...selection(vpc) }))
      .toThrow('LoadBalancerNetworkAcls: `loadBalancerSubnets` and `targetSubnets` partially overlap (1 shared subnets): a subnet has one network ACL, so select either the same subnets or disjoint ones');
  });

  test.each([
    ['maxEntriesPerDirection 40', { maxEntriesPerDirection: 40 }],
    ['ruleNumberBase 1', { ruleNumberBase: 1 }],
    ['ruleNumberBase 32667', { ruleNumberBase: 32667 }],
    ['no target outbound ports', { targetOutboundPorts: [] }],
  ] as Array<[string, Partial<LoadBalancerNetworkAclsProps>]>)('accepts the edge: %s', (_, props) => {
    expect(() => build(props)).not.toThrow();
  });

  test('fails at synth on outbound entries over the quota, and not at the quota', () => {
    // GIVEN the targets' ACL: one outbound entry per outbound port plus the ephemeral replies to the VPC
    const outbound = (n: number) => build({
      maxEntriesPerDirection: 6,
      targetOutboundPorts: Array.from({ length: n }, (_, i) => 9000 + i),
      natGatewaysInLoadBalancerSubnets: false,
    });
    expect(() => outbound(5)).not.toThrow();
    expect(() => outbound(6)).toThrow(/LoadBalancerNetworkAcls: the network ACL Test\/Acls\/TargetAcl has 7 outbound entries, more than `maxEntriesPerDirection` \(6, the default quota is 20\)/);
  });

  test.each([
    [99, false],
    [100, true],
    [199, true],
    [200, false],
  ])('a user entry with rule number %p collides with the band 100-199: %p', (ruleNumber, collides) => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    const acls = new LoadBalancerNetworkAcls(stack, 'Acls', { vpc, loadBalancerSubnets: PUBLIC, targetSubnets: PRIVATE });
    acls.targetAcl.addEntry('Mine', { ruleNumber, cidr: ec2.AclCidr.ipv4('10.9.0.0/16'), traffic: ec2.AclTraffic.tcpPort(22), direction: ec2.TrafficDirection.INGRESS });
    const synth = () => Template.fromStack(stack);
    if (collides) {
      expect(synth).toThrow(`LoadBalancerNetworkAcls: the entry Test/Acls/TargetAcl/Mine/Resource uses rule number ${ruleNumber}, inside the band 100-199 this construct manages; number your own entries below 100 (evaluated first) or from 200 (evaluated after), or move the band with \`ruleNumberBase\``);
    } else {
      expect(synth).not.toThrow();
    }
  });

  test('fails at synth when an ACL exceeds the quota of entries per direction', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    const ports = Array.from({ length: 17 }, (_, i) => 8000 + i);
    new LoadBalancerNetworkAcls(stack, 'Acls', { vpc, loadBalancerSubnets: PUBLIC, targetSubnets: PRIVATE, listenerPorts: ports });
    expect(() => Template.fromStack(stack)).toThrow(/LoadBalancerNetworkAcls: the network ACL Test\/Acls\/LoadBalancerAcl has 21 inbound entries, more than `maxEntriesPerDirection` \(20, the default quota is 20\)/);
  });

  test('entries the user adds count against the quota too', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    const acls = new LoadBalancerNetworkAcls(stack, 'Acls', { vpc, loadBalancerSubnets: PUBLIC, targetSubnets: PRIVATE, maxEntriesPerDirection: 5 });
    acls.targetAcl.addEntry('Mine1', { ruleNumber: 50, cidr: ec2.AclCidr.ipv4('10.9.0.0/16'), traffic: ec2.AclTraffic.tcpPort(22), direction: ec2.TrafficDirection.INGRESS });
    acls.targetAcl.addEntry('Mine2', { ruleNumber: 51, cidr: ec2.AclCidr.ipv4('10.9.0.0/16'), traffic: ec2.AclTraffic.tcpPort(23), direction: ec2.TrafficDirection.INGRESS });
    expect(() => Template.fromStack(stack)).toThrow(/the network ACL Test\/Acls\/TargetAcl has 6 inbound entries/);
  });
});
