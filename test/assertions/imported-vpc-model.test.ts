import { App, CfnElement, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { IConstruct } from 'constructs';
import { assertions } from '../../src';
import { modelOf, Resources } from './private/fixtures';

const { AssumedRouteTarget, FindingKind, FlowEndpoint, FlowsReport, FlowVerdict, NetworkAssertions, TemplateModel } = assertions;
type Model = assertions.TemplateModel;

/**
 * An imported VPC names its subnets, route tables and security groups by literal ids in the
 * template (`subnet-0pub1`, not a `Ref`). The stacks here use plain aws-cdk-lib constructs only.
 */

const VPC_ATTRIBUTES: ec2.VpcAttributes = {
  vpcId: 'vpc-0abc',
  vpcCidrBlock: '10.0.0.0/16',
  availabilityZones: ['us-east-1a', 'us-east-1b'],
  publicSubnetIds: ['subnet-0pub1', 'subnet-0pub2'],
  privateSubnetIds: ['subnet-0priv1', 'subnet-0priv2'],
  publicSubnetRouteTableIds: ['rtb-0pub1', 'rtb-0pub2'],
  privateSubnetRouteTableIds: ['rtb-0priv1', 'rtb-0priv2'],
};
const PRIVATE_SUBNETS = ['subnet-0priv1', 'subnet-0priv2'];
/**
 * What importing the subnets as public and private says, and the template cannot: their route
 * tables (outside the template) send the internet to an internet gateway, and to a NAT gateway.
 */
const IMPORTED_ROUTES: assertions.RouteAssumption[] = [
  ...VPC_ATTRIBUTES.publicSubnetIds!.map((subnet) => ({ subnet, destinationCidr: '0.0.0.0/0', target: AssumedRouteTarget.INTERNET_GATEWAY, reason: 'imported as public' })),
  ...PRIVATE_SUBNETS.map((subnet) => ({ subnet, destinationCidr: '0.0.0.0/0', target: AssumedRouteTarget.NAT_GATEWAY, reason: 'imported as private' })),
];
const SHARED_GROUP = 'sg-0123456789abcdef0';

/** The inbound entry of the public ACL for the listener port. */
type ListenerEntry = 'allow' | 'deny' | 'absent';

interface AlbOptions {
  /** The public subnets (indexes) the template's ACL is associated with. @default both */
  readonly aclSubnets?: number[];
  /** @default 'allow' */
  readonly listenerEntry?: ListenerEntry;
  /** The load balancer's only group is an imported one (`sg-…`), outside the template. */
  readonly importedGroupOnly?: boolean;
  /** Ingress on the load balancer's group from an imported group too. */
  readonly ingressFromImportedGroup?: boolean;
  /** An imported group beside the load balancer's own. */
  readonly importedGroupBeside?: boolean;
  /** More of the stack, added before the model reads it. */
  readonly more?: (acl: ec2.NetworkAcl, vpc: ec2.IVpc) => void;
}

function entry(
  acl: ec2.NetworkAcl, id: string, ruleNumber: number, direction: ec2.TrafficDirection, cidr: ec2.AclCidr, traffic: ec2.AclTraffic, deny = false,
) {
  acl.addEntry(id, { ruleNumber, direction, cidr, traffic, ruleAction: deny ? ec2.Action.DENY : ec2.Action.ALLOW });
}

/**
 * The network ACL of the load balancer's subnets: the listener port from the internet, the replies
 * to the clients (which cover the target port too), and the targets' replies from the VPC.
 */
function publicAcl(stack: Stack, vpc: ec2.IVpc, subnets: number[], listener: ListenerEntry): ec2.NetworkAcl {
  const acl = new ec2.NetworkAcl(stack, 'PublicAcl', { vpc, subnetSelection: { subnets: subnets.map((i) => vpc.publicSubnets[i]) } });
  const { INGRESS, EGRESS } = ec2.TrafficDirection;
  if (listener === 'deny') {
    entry(acl, 'DenyHttp', 90, INGRESS, ec2.AclCidr.anyIpv4(), ec2.AclTraffic.tcpPort(80), true);
  }
  entry(acl, 'InListener', 100, INGRESS, ec2.AclCidr.anyIpv4(), ec2.AclTraffic.tcpPort(listener === 'absent' ? 443 : 80));
  entry(acl, 'OutEphemeral', 100, EGRESS, ec2.AclCidr.anyIpv4(), ec2.AclTraffic.tcpPortRange(1024, 65535));
  entry(acl, 'InTargetReplies', 110, INGRESS, ec2.AclCidr.ipv4(vpc.vpcCidrBlock), ec2.AclTraffic.tcpPortRange(1024, 65535));
  return acl;
}

function loadBalancerGroup(stack: Stack, vpc: ec2.IVpc, options: AlbOptions): ec2.ISecurityGroup {
  if (options.importedGroupOnly) {
    return ec2.SecurityGroup.fromSecurityGroupId(stack, 'Shared', SHARED_GROUP, { mutable: false });
  }
  const sg = new ec2.SecurityGroup(stack, 'LbSg', { vpc, allowAllOutbound: false });
  sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(80), 'HTTP from the internet');
  if (options.ingressFromImportedGroup) {
    sg.addIngressRule(ec2.Peer.securityGroupId(SHARED_GROUP), ec2.Port.tcp(80), 'HTTP from a shared group');
  }
  return sg;
}

/**
 * An internet-facing ALB in the imported VPC's public subnets, a listener on 80, an auto scaling
 * group in the private subnets behind a target group on 8080.
 */
function albInImportedVpc(stack: Stack, vpc: ec2.IVpc, options: AlbOptions = {}) {
  const acl = publicAcl(stack, vpc, options.aclSubnets ?? [0, 1], options.listenerEntry ?? 'allow');
  const lb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true, securityGroup: loadBalancerGroup(stack, vpc, options) });
  if (options.importedGroupBeside) {
    lb.addSecurityGroup(ec2.SecurityGroup.fromSecurityGroupId(stack, 'Beside', SHARED_GROUP, { mutable: false }));
  }
  const asg = new autoscaling.AutoScalingGroup(stack, 'Asg', { vpc, instanceType: new ec2.InstanceType('t3.micro'), machineImage: ec2.MachineImage.latestAmazonLinux2023() });
  lb.addListener('Http', { port: 80, open: false }).addTargets('App', { port: 8080, targets: [asg] });
  options.more?.(acl, vpc);
  const id = (c: IConstruct) => stack.resolve((c.node.defaultChild as CfnElement).logicalId) as string;
  return {
    model: TemplateModel.fromStack(stack, { assumedRoutes: IMPORTED_ROUTES }),
    /** The model without the routes the import states: every route step is unknown. */
    bare: TemplateModel.fromStack(stack),
    template: Template.fromStack(stack),
    lb: FlowEndpoint.fromConstruct(lb),
    lbId: id(lb),
    targets: FlowEndpoint.securityGroup(id(asg.connections.securityGroups[0]), PRIVATE_SUBNETS),
    aclId: id(acl),
    entryId: (name: string) => id(acl.node.findChild(name)),
  };
}

function importedStack(options: AlbOptions = {}) {
  const stack = new Stack(new App(), 'Imported');
  return albInImportedVpc(stack, ec2.Vpc.fromVpcAttributes(stack, 'Vpc', VPC_ATTRIBUTES), options);
}

const failing = (m: Model, src: assertions.FlowEndpoint, dst: assertions.FlowEndpoint, port: number) =>
  m.evaluate(src, dst, port).steps.filter((s) => !s.allowed);

describe('an ALB in an imported VPC (Vpc.fromVpcAttributes)', () => {
  test('the template names the subnets by literal ids, and the model knows each as a subnet', () => {
    // GIVEN
    const { model, template } = importedStack();

    // THEN the template has no AWS::EC2::Subnet, only literal ids
    template.resourceCountIs('AWS::EC2::Subnet', 0);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Subnets: ['subnet-0pub1', 'subnet-0pub2'] });
    template.hasResourceProperties('AWS::EC2::SubnetNetworkAclAssociation', { SubnetId: 'subnet-0pub1' });
    // and the model takes them as ends
    for (const subnet of [...VPC_ATTRIBUTES.publicSubnetIds!, ...PRIVATE_SUBNETS]) {
      expect(() => model.evaluate(FlowEndpoint.subnet(subnet), FlowEndpoint.internet(), 443)).not.toThrow();
    }
    expect(() => model.evaluate(FlowEndpoint.subnet('subnet-0nope'), FlowEndpoint.internet(), 443))
      .toThrow("FlowEndpoint: no AWS::EC2::Subnet 'subnet-0nope' in the template, and no subnet id the template names");
  });

  test('internet -> load balancer 80 is UNKNOWN without the routes the import states: the subnets\' route tables are outside the template', () => {
    // GIVEN
    const { bare, lb, lbId } = importedStack();

    // WHEN
    const r = bare.evaluate(FlowEndpoint.internet(), lb, 80);

    // THEN the ACL allows, but nothing in the template says the subnets are public
    expect(r.verdict).toEqual(FlowVerdict.UNKNOWN);
    expect(r.steps.filter((s) => !s.allowed)).toEqual([{
      name: 'route from the internet: destination subnet route table',
      allowed: false,
      verdict: FlowVerdict.UNKNOWN,
      decidedBy: 'subnet-0pub1 (route table outside the template)',
      detail: 'subnet subnet-0pub1 has no route table association in the template: its route table is outside the template, so the way to 198.51.100.10/32 is unknown',
    }]);
    expect(r.assumptions).toBeUndefined();
    expect(FlowsReport.of(bare).rows[0]).toMatchObject({ from: '0.0.0.0/0', to: `load balancer ${lbId}`, ports: '80', verdict: FlowVerdict.UNKNOWN });
  });

  test('internet -> load balancer 80 is allowed assuming the stated routes: the ACL associated with the literal subnet ids decides', () => {
    // GIVEN
    const { model, lb, lbId, aclId, entryId } = importedStack();

    // WHEN
    const r = model.evaluate(FlowEndpoint.internet(), lb, 80);

    // THEN
    expect(r.allowed).toBe(true);
    const assumed = 'the route table of subnet subnet-0pub1 sends 0.0.0.0/0 to an internet gateway (imported as public)';
    expect(r.assumptions).toEqual([assumed]);
    expect(r.steps.find((s) => s.name === 'route from the internet: destination subnet route table')).toEqual({
      name: 'route from the internet: destination subnet route table',
      allowed: true,
      verdict: FlowVerdict.ALLOWED,
      decidedBy: `assumed: ${assumed}`,
      detail: `the route table of subnet-0pub1 sends 198.51.100.10/32 to an internet gateway (stated: ${assumed}): the subnet is reachable from the internet, and the replies go back (assumed, not in the template)`,
      assumption: assumed,
    });
    expect(r.explanation.split('\n')[0]).toEqual(`a client on the internet -> load balancer ${lbId} on TCP 80: ALLOWED assuming ${assumed} (stated, not in the template) (2 subnet pairs checked)`);
    expect(r.explanation).toContain('  ASSUME  route from the internet: destination subnet route table: ');
    const report = FlowsReport.of(model);
    expect(report.rows[0]).toMatchObject({ from: '0.0.0.0/0', to: `load balancer ${lbId}`, ports: '80', allowed: true, assumptions: [assumed] });
    expect(report.toMarkdown()).toContain(`\n- A1: ${assumed}`);
    expect(r.steps.find((s) => s.name === 'destination subnet network ACL inbound')).toMatchObject({
      allowed: true,
      decidedBy: entryId('InListener'),
      detail: `entry 100 (${entryId('InListener')}) of ${aclId} allows TCP 80 from 198.51.100.10/32`,
    });
    expect(r.steps.find((s) => s.name === 'return: destination subnet network ACL outbound (ephemeral ports)')?.decidedBy).toEqual(entryId('OutEphemeral'));
    expect(() => NetworkAssertions.assertReachable(model, FlowEndpoint.internet(), lb, 80)).not.toThrow();
    expect(FlowsReport.of(model).rows[0]).toMatchObject({ from: '0.0.0.0/0', to: `load balancer ${lbId}`, ports: '80', allowed: true });
  });

  test.each([
    ['denies the listener port', 'deny' as const, (e: (n: string) => string) => e('DenyHttp'), 90],
    ['has no entry for the listener port', 'absent' as const, (_: unknown, acl: string) => `${acl} (final deny *)`, undefined],
  ])('an ACL of the template that %s: blocked, decided by that ACL', (_, listenerEntry, decider, ruleNumber) => {
    // GIVEN
    const { model, lb, lbId, aclId, entryId } = importedStack({ listenerEntry });
    const decidedBy = decider(entryId, aclId);

    // WHEN
    const r = model.evaluate(FlowEndpoint.internet(), lb, 80);

    // THEN a certain block, not an unknown
    expect(r.allowed).toBe(false);
    expect(r.explanation).toMatch(/on TCP 80: BLOCKED/);
    expect(failing(model, FlowEndpoint.internet(), lb, 80)).toEqual([
      expect.objectContaining({ name: 'destination subnet network ACL inbound', decidedBy, ...(ruleNumber ? { ruleNumber } : {}) }),
    ]);
    expect(() => NetworkAssertions.assertReachable(model, FlowEndpoint.internet(), lb, 80)).toThrow(/BLOCKED/);
    expect(FlowsReport.of(model).rows[0]).toMatchObject({ allowed: false, decidedBy: `${decidedBy} (destination subnet network ACL inbound)` });
    // and the checks name the same entry (or, for the final deny, the ACL itself)
    expect(model.checkRecommendations()).toContainEqual(expect.objectContaining({
      kind: FindingKind.MISSING, recommendationId: 'LBACL-IN-LISTENER-INTERNET', loadBalancer: lbId, resource: decidedBy.replace(/ \(final deny \*\)$/, ''),
    }));
  });

  test('a subnet with no ACL association in the template: not claimed allowed; the detail names it and says its ACL is outside the template', () => {
    // GIVEN the template's ACL is associated with subnet-0pub1 only
    const { model, lb, template } = importedStack({ aclSubnets: [0] });
    template.resourceCountIs('AWS::EC2::SubnetNetworkAclAssociation', 1);

    // WHEN
    const r = model.evaluate(FlowEndpoint.internet(), lb, 80);

    // THEN
    expect(r.allowed).toBe(false);
    expect(failing(model, FlowEndpoint.internet(), lb, 80)).toEqual([
      {
        name: 'destination subnet network ACL inbound',
        allowed: false,
        verdict: 'UNKNOWN',
        decidedBy: 'subnet-0pub2 (network ACL outside the template)',
        detail: 'subnet subnet-0pub2 has no network ACL association in the template: its network ACL is outside the template, '
          + 'so whether it allows TCP 80 from 198.51.100.10/32 is unknown and the flow is not proven',
      },
      expect.objectContaining({ name: 'return: destination subnet network ACL outbound (ephemeral ports)', decidedBy: 'subnet-0pub2 (network ACL outside the template)' }),
    ]);
    expect(r.explanation).toMatch(/on TCP 80: NOT PROVEN \(it depends on what the template does not hold\) \(2 subnet pairs checked\)/);
    expect(r.explanation).toContain('  UNKNOWN  destination subnet network ACL inbound: subnet subnet-0pub2 has no network ACL association');
    expect(() => NetworkAssertions.assertReachable(model, FlowEndpoint.internet(), lb, 80)).toThrow(/its network ACL is outside the template/);
    // the subnet of the template's ACL is still allowed on its own
    expect(model.evaluate(FlowEndpoint.internet(), FlowEndpoint.subnet('subnet-0pub1'), 80).allowed).toBe(true);
  });

  test('the flows report says "not proven" where evaluate does, and the checks read no ACL they cannot see', () => {
    // GIVEN
    const { model, lbId } = importedStack({ aclSubnets: [0] });

    // THEN
    expect(FlowsReport.of(model).rows[0]).toMatchObject({
      from: '0.0.0.0/0',
      allowed: false,
      decidedBy: 'not proven: subnet-0pub2 (network ACL outside the template) (destination subnet network ACL inbound)',
    });
    const aclFindings = model.checkRecommendations().filter((f) => f.recommendationId.startsWith('LBACL') || f.recommendationId.startsWith('TGACL'));
    // subnet-0pub2 and the targets' subnets keep ACLs the template does not show: nothing to read
    expect(aclFindings.filter((f) => /(load balancer|target) subnet subnet-0(pub2|priv)/.test(f.message))).toEqual([]);
    // subnet-0pub1's ACL is read; it cannot be compared with the targets' unknown CIDRs
    expect(aclFindings.map((f) => [f.kind, f.loadBalancer, f.message.split(':')[1]])).toEqual([
      [FindingKind.UNKNOWN, lbId, ' load balancer subnet subnet-0pub1 inbound (ephemeral)'],
      [FindingKind.UNKNOWN, lbId, ' load balancer subnet subnet-0pub1 inbound (ephemeral)'],
    ]);
  });

  test('a subnet pair known to block decides over a pair that is only unknown', () => {
    // GIVEN the ACL (which denies 80) is on subnet-0pub2 only; subnet-0pub1 keeps an ACL the template does not show
    const { model, lb, entryId } = importedStack({ aclSubnets: [1], listenerEntry: 'deny' });

    // WHEN
    const r = model.evaluate(FlowEndpoint.internet(), lb, 80);

    // THEN
    expect(r.explanation).toMatch(/on TCP 80: BLOCKED/);
    expect(r.steps.find((s) => !s.allowed)?.decidedBy).toEqual(entryId('DenyHttp'));
  });

  test('the targets\' replies from the VPC CIDR cannot be compared with an imported subnet\'s unknown CIDR: not proven, and the check says it cannot tell', () => {
    // GIVEN
    const { model, lb, targets, lbId, aclId, entryId } = importedStack();

    // WHEN
    const steps = failing(model, lb, targets, 8080);

    // THEN the load balancer's ACL is not claimed to block, nor to allow
    expect(model.evaluate(lb, targets, 8080).explanation).toContain('NOT PROVEN');
    expect(steps).toContainEqual(expect.objectContaining({
      name: 'return: source subnet network ACL inbound (ephemeral ports)',
      detail: `no entry of ${aclId} allows TCP 1024 from subnet-0priv1.CidrBlock: the final deny (*) applies `
        + `(entry 110 (${entryId('InTargetReplies')}) allows 10.0.0.0/16, which cannot be compared with subnet-0priv1.CidrBlock)`,
    }));
    expect(model.checkRecommendations()).toContainEqual(expect.objectContaining({
      kind: FindingKind.UNKNOWN, recommendationId: 'LBACL-IN-EPHEMERAL-VPC', loadBalancer: lbId, resource: aclId,
    }));
  });
});

describe('security groups outside the template (sg-…)', () => {
  test('the load balancer\'s only group is imported: its rules are unknown, so the listener is not proven', () => {
    // GIVEN
    const { model, lb, template } = importedStack({ importedGroupOnly: true });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { SecurityGroups: [SHARED_GROUP] });

    // THEN
    expect(failing(model, FlowEndpoint.internet(), lb, 80)).toEqual([expect.objectContaining({
      name: 'destination security group ingress',
      decidedBy: SHARED_GROUP,
      detail: `whether TCP 80 from a client on the internet is allowed is unknown: ${SHARED_GROUP} is outside the template (its rules are unknown)`,
    })]);
    expect(model.evaluate(FlowEndpoint.internet(), lb, 80).explanation).toContain('NOT PROVEN');
  });

  test('an imported group as a peer: a flows row of its own, not proven at its egress, and an end of evaluate', () => {
    // GIVEN
    const { model, lb, lbId } = importedStack({ ingressFromImportedGroup: true });

    // THEN
    expect(FlowsReport.of(model).rows).toContainEqual(expect.objectContaining({
      from: `security group ${SHARED_GROUP}`, to: `load balancer ${lbId}`, allowed: false, decidedBy: `not proven: ${SHARED_GROUP} (source security group egress)`,
    }));
    expect(failing(model, FlowEndpoint.securityGroup(SHARED_GROUP), lb, 80).map((s) => s.detail)).toEqual([
      `whether TCP 80 to load balancer ${lbId} is allowed is unknown: ${SHARED_GROUP} is outside the template (its rules are unknown)`,
    ]);
  });

  test('a group of the template that allows the flow decides, whatever an imported group beside it holds', () => {
    // GIVEN
    const { model, lb, template } = importedStack({ importedGroupBeside: true });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { SecurityGroups: Match.arrayWith([SHARED_GROUP]) });

    // THEN
    expect(model.evaluate(FlowEndpoint.internet(), lb, 80).allowed).toBe(true);
  });
});

describe('the flows report agrees with evaluate on every row', () => {
  /** The ends of a row, as `evaluate` takes them. */
  function endOf(text: string, targets: assertions.FlowEndpoint): assertions.FlowEndpoint {
    if (text === '0.0.0.0/0') return FlowEndpoint.internet();
    if (text.startsWith('security group ')) return FlowEndpoint.securityGroup(text.slice('security group '.length));
    if (text.startsWith('load balancer ')) return FlowEndpoint.resource(text.slice('load balancer '.length));
    if (text.startsWith('targets of ')) return targets;
    if (text === 'anyone') return FlowEndpoint.internet(); // a listener port no rule of the template opens
    throw new Error(`no end for ${text}`);
  }

  test.each<[string, AlbOptions]>([
    ['the fixed case', {}],
    ['a subnet without association, an imported peer group', { aclSubnets: [0], ingressFromImportedGroup: true }],
    ['an ACL that denies the listener port', { listenerEntry: 'deny' }],
    ['the load balancer\'s only group imported', { importedGroupOnly: true }],
  ])('%s', (_, options) => {
    // GIVEN
    const { model, targets, lbId } = importedStack(options);
    // The rows the report evaluates: who reaches the load balancer, and the load balancer to its
    // targets. (Its other egress rules and the targets' other ingress rules are listed as written.)
    const rows = FlowsReport.of(model).rows.filter((r) => r.to === `load balancer ${lbId}` || r.to.startsWith('targets of'));
    expect(rows.filter((r) => r.to.startsWith('targets of')).map((r) => r.from)).toEqual([`load balancer ${lbId}`]);

    for (const row of rows) {
      // WHEN
      const r = model.evaluate(endOf(row.from, targets), endOf(row.to, targets), Number(row.ports.split(' ')[0]));

      // THEN the same verdict, the same deciding step, and "not proven" exactly where evaluate says so
      expect({ row: `${row.from} -> ${row.to} ${row.ports}`, allowed: row.allowed }).toEqual({ row: `${row.from} -> ${row.to} ${row.ports}`, allowed: r.allowed });
      if (!row.allowed) {
        expect(r.steps.filter((s) => !s.allowed).map((s) => `${s.decidedBy} (${s.name})`)).toContain(row.decidedBy.replace(/^not proven: /, ''));
        expect(row.decidedBy.startsWith('not proven: ')).toBe(r.explanation.includes(': NOT PROVEN'));
      }
    }
  });
});

describe('Vpc.fromLookup served from context', () => {
  const KEY = 'vpc-provider:account=123456789012:filter.vpc-id=vpc-0abc:region=us-east-1:returnAsymmetricSubnets=true';
  const subnet = (subnetId: string, cidr: string, availabilityZone: string, routeTableId: string) =>
    ({ subnetId, cidr, availabilityZone, routeTableId });
  const CONTEXT = {
    vpcId: 'vpc-0abc',
    vpcCidrBlock: '10.0.0.0/16',
    availabilityZones: [],
    subnetGroups: [
      { name: 'Public', type: 'Public', subnets: [subnet('subnet-0pub1', '10.0.0.0/24', 'us-east-1a', 'rtb-0pub1'), subnet('subnet-0pub2', '10.0.1.0/24', 'us-east-1b', 'rtb-0pub2')] },
      { name: 'Private', type: 'Private', subnets: [subnet('subnet-0priv1', '10.0.2.0/24', 'us-east-1a', 'rtb-0priv1'), subnet('subnet-0priv2', '10.0.3.0/24', 'us-east-1b', 'rtb-0priv2')] },
    ],
  };

  function lookedUp(options: AlbOptions = {}) {
    const stack = new Stack(new App({ context: { [KEY]: CONTEXT } }), 'LookedUp', { env: { account: '123456789012', region: 'us-east-1' } });
    const vpc = ec2.Vpc.fromLookup(stack, 'Vpc', { vpcId: 'vpc-0abc' });
    return { vpc, built: albInImportedVpc(stack, vpc, options) };
  }

  test('the context key is the one the lookup asks for', () => {
    const app = new App();
    ec2.Vpc.fromLookup(new Stack(app, 'Ask', { env: { account: '123456789012', region: 'us-east-1' } }), 'Vpc', { vpcId: 'vpc-0abc' });
    expect(app.synth().manifest.missing?.map((m) => m.key)).toEqual([KEY]);
  });

  test('internet -> load balancer 80 is allowed, as with fromVpcAttributes', () => {
    // GIVEN
    const { vpc, built } = lookedUp();
    expect(vpc.publicSubnets.map((s) => s.subnetId)).toEqual(['subnet-0pub1', 'subnet-0pub2']);

    // THEN
    NetworkAssertions.assertReachable(built.model, FlowEndpoint.internet(), built.lb, 80);
    built.template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Subnets: ['subnet-0pub1', 'subnet-0pub2'] });
  });

  test('the subnets\' CIDRs of the context reach the template only inside entries, not tied to the subnet ids: the model keeps them unknown', () => {
    // GIVEN an entry for the first private subnet's CIDR, which the lookup knows
    const { built } = lookedUp({
      more: (acl, vpc) => acl.addEntry('InFromPriv1', {
        ruleNumber: 105,
        direction: ec2.TrafficDirection.INGRESS,
        cidr: ec2.AclCidr.ipv4(vpc.privateSubnets[0].ipv4CidrBlock),
        traffic: ec2.AclTraffic.tcpPortRange(1024, 65535),
      }),
    });
    built.template.hasResourceProperties('AWS::EC2::NetworkAclEntry', { CidrBlock: '10.0.2.0/24', RuleNumber: 105 });
    built.template.resourceCountIs('AWS::EC2::Subnet', 0);

    // WHEN
    const r = built.model.evaluate(built.lb, built.targets, 8080);

    // THEN the model cannot tell that subnet-0priv1 is 10.0.2.0/24: not proven, not blocked
    expect(r.explanation).toContain('NOT PROVEN');
    expect(r.explanation).toContain('allows 10.0.2.0/24, which cannot be compared with subnet-0priv1.CidrBlock');
  });
});

describe('route tables outside the template (rtb-…)', () => {
  const base = (): Resources => ({
    Sg: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'x', VpcId: 'vpc-0abc' } },
    Assoc: { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { SubnetId: 'subnet-0priv1', RouteTableId: 'rtb-0priv1' } },
  });
  const route = (m: Model, dst: assertions.FlowEndpoint) =>
    m.evaluate(FlowEndpoint.securityGroup('Sg', ['subnet-0priv1']), dst, 443).steps.find((s) => s.name === 'route');

  test('a route the template adds to an imported route table is not proven: the table\'s own routes may be more specific', () => {
    const r = base();
    r.Default = { Type: 'AWS::EC2::Route', Properties: { RouteTableId: 'rtb-0priv1', DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-0abc' } };
    expect(route(modelOf(r), FlowEndpoint.internet())).toEqual({
      name: 'route',
      allowed: false,
      verdict: 'UNKNOWN',
      decidedBy: 'rtb-0priv1 (route table outside the template)',
      detail: 'route table rtb-0priv1 is outside the template: the template\'s route Default sends 198.51.100.10/32 to igw-0abc (0.0.0.0/0), '
        + 'but the table\'s own routes are unknown and a more specific one may take precedence',
    });
    expect(route(modelOf(base()), FlowEndpoint.internet())?.detail)
      .toEqual('route table rtb-0priv1 is outside the template: its routes are unknown, and no route of the template covers 198.51.100.10/32');
  });

  test('an S3 gateway endpoint on the imported route table gives S3 its prefix-list route', () => {
    const r = base();
    r.S3 = { Type: 'AWS::EC2::VPCEndpoint', Properties: { ServiceName: 'com.amazonaws.us-east-1.s3', VpcId: 'vpc-0abc', RouteTableIds: ['rtb-0priv1'] } };
    expect(route(modelOf(r), FlowEndpoint.s3())).toMatchObject({ allowed: true, decidedBy: 'S3' });
  });

  test('an imported subnet without a route table association: the way out is unknown (the template does not link it to its rtb-…)', () => {
    // GIVEN a gateway endpoint on the imported private route tables, by literal id, and instances in the private subnets
    const stack = new Stack(new App(), 'Imported');
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', VPC_ATTRIBUTES);
    vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3, subnets: [{ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }] });
    new autoscaling.AutoScalingGroup(stack, 'Asg', { vpc, instanceType: new ec2.InstanceType('t3.micro'), machineImage: ec2.MachineImage.latestAmazonLinux2023() });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', { RouteTableIds: ['rtb-0priv1', 'rtb-0priv2'] });
    template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', { VPCZoneIdentifier: PRIVATE_SUBNETS });
    const sgId = Object.keys(template.findResources('AWS::EC2::SecurityGroup'))[0];

    // THEN
    const step = TemplateModel.fromStack(stack).evaluate(FlowEndpoint.securityGroup(sgId, ['subnet-0priv1']), FlowEndpoint.s3(), 443).steps.find((s) => s.name === 'route');
    expect(step).toMatchObject({
      allowed: false,
      decidedBy: 'subnet-0priv1 (route table outside the template)',
      detail: 'subnet subnet-0priv1 has no route table association in the template: its route table is outside the template, so the way to 52.216.0.10/32 is unknown',
    });
  });
});

describe('other resources that name subnets by literal id', () => {
  const vpcSg = { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'x', VpcId: 'vpc-0abc' } };
  test.each<[string, Resources]>([
    ['a load balancer\'s SubnetMappings', { Nlb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Type: 'network', SubnetMappings: [{ SubnetId: 'subnet-0x' }] } } }],
    ['an ECS service', { Sg: vpcSg, Svc: { Type: 'AWS::ECS::Service', Properties: { NetworkConfiguration: { AwsvpcConfiguration: { Subnets: ['subnet-0x'], SecurityGroups: [{ 'Fn::GetAtt': ['Sg', 'GroupId'] }] } } } } }],
    ['an auto scaling group', { Asg: { Type: 'AWS::AutoScaling::AutoScalingGroup', Properties: { VPCZoneIdentifier: ['subnet-0x'] } } }],
    ['an instance\'s network interface', { I: { Type: 'AWS::EC2::Instance', Properties: { NetworkInterfaces: [{ SubnetId: 'subnet-0x', DeviceIndex: '0' }] } } }],
    ['a NAT gateway', { Nat: { Type: 'AWS::EC2::NatGateway', Properties: { SubnetId: 'subnet-0x' } } }],
    ['a route table association', { A: { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { SubnetId: 'subnet-0x', RouteTableId: 'rtb-0x' } } }],
  ])('%s: a subnet of the model, with its network ACL outside the template', (_, resources) => {
    const step = modelOf(resources).evaluate(FlowEndpoint.subnet('subnet-0x'), FlowEndpoint.cidr('10.9.0.0/16'), 443).steps[0];
    expect(step).toMatchObject({ name: 'source subnet network ACL outbound', allowed: false, decidedBy: 'subnet-0x (network ACL outside the template)' });
  });

  test('an association with an ACL named by literal id (acl-…): that ACL is outside the template', () => {
    const m = modelOf({ A: { Type: 'AWS::EC2::SubnetNetworkAclAssociation', Properties: { SubnetId: 'subnet-0x', NetworkAclId: 'acl-0abc' } } });
    expect(m.evaluate(FlowEndpoint.internet(), FlowEndpoint.subnet('subnet-0x'), 443).steps.find((s) => s.name === 'destination subnet network ACL inbound')).toEqual({
      name: 'destination subnet network ACL inbound',
      allowed: false,
      verdict: 'UNKNOWN',
      decidedBy: 'acl-0abc (network ACL outside the template)',
      detail: 'network ACL acl-0abc of subnet subnet-0x is outside the template: whether it allows TCP 443 from 198.51.100.10/32 is unknown, so the flow is not proven',
    });
  });

  test('a NAT gateway in an imported subnet: its hop is not proven', () => {
    const m = modelOf({
      Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
      Private: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.2.0/24' } },
      Table: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: { Ref: 'Vpc' } } },
      Assoc: { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { SubnetId: { Ref: 'Private' }, RouteTableId: { Ref: 'Table' } } },
      Nat: { Type: 'AWS::EC2::NatGateway', Properties: { SubnetId: 'subnet-0pub1' } },
      Default: { Type: 'AWS::EC2::Route', Properties: { RouteTableId: { Ref: 'Table' }, DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: { Ref: 'Nat' } } },
    });
    const r = m.evaluate(FlowEndpoint.subnet('Private'), FlowEndpoint.internet(), 443);
    expect(r.explanation).toContain('NOT PROVEN');
    expect(r.steps.find((s) => !s.allowed)).toMatchObject({
      name: 'NAT gateway Nat: its subnet\'s network ACL inbound (request)', decidedBy: 'subnet-0pub1 (network ACL outside the template)',
    });
  });
});
