import { aclEntry, conforming, findingsOf, Resources } from './private/fixtures';
import { FlowEndpoint, FlowVerdict, TemplateModel } from '../../src/assertions';

/**
 * The VPC's default network ACL as the template shapes it (issue #34). A subnet of the template
 * without an association is on its VPC's default ACL; entries whose `NetworkAclId` is
 * `Fn::GetAtt [vpc, DefaultNetworkAcl]` are its entries, evaluated in rule-number order before the
 * allow-all entries AWS creates it with (rule 100, each direction) and the final deny. An
 * association to that attribute puts a subnet back on it. Every step worked out by hand:
 * - I1 in S1 (10.0.1.0/24), I2 in S2 (10.0.2.0/24); replies on the ephemeral ports
 *   1024-3388 and 3390-65535 (the model's default, 3389 left out);
 * - the entry `Deny80` (rule 10, inbound, TCP 80 from 0.0.0.0/0, deny) decides S2's inbound step
 *   for port 80; every other ACL step falls to the implicit rule 100 of its direction.
 */

const DEFAULT_ACL = { 'Fn::GetAtt': ['Vpc', 'DefaultNetworkAcl'] };
const I1 = FlowEndpoint.resource('I1');
const I2 = FlowEndpoint.resource('I2');

/** A default-ACL entry (TCP unless told). */
function defaultAclEntry(n: number, egress: boolean, block: string, from: number, action: string) {
  const e = aclEntry('unused', n, egress, block, from, from, action);
  e.Properties.NetworkAclId = DEFAULT_ACL as any;
  return e;
}

/** The issue's template: a VPC, two subnets, two instances (no security group), the deny on the default ACL. */
function issueTemplate(): Resources {
  return {
    Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
    S1: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.1.0/24' } },
    S2: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.2.0/24' } },
    I1: { Type: 'AWS::EC2::Instance', Properties: { SubnetId: { Ref: 'S1' } } },
    I2: { Type: 'AWS::EC2::Instance', Properties: { SubnetId: { Ref: 'S2' } } },
    Deny80: defaultAclEntry(10, false, '0.0.0.0/0', 80, 'deny'),
  };
}

/** The same with security groups that let I1 reach I2 on TCP 80. */
function withGroups(r: Resources): Resources {
  r.Sg1 = {
    Type: 'AWS::EC2::SecurityGroup',
    Properties: { GroupDescription: '1', VpcId: { Ref: 'Vpc' }, SecurityGroupEgress: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '10.0.0.0/16' }] },
  };
  r.Sg2 = {
    Type: 'AWS::EC2::SecurityGroup',
    Properties: { GroupDescription: '2', VpcId: { Ref: 'Vpc' }, SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '10.0.0.0/16' }] },
  };
  r.I1.Properties.SecurityGroupIds = [{ 'Fn::GetAtt': ['Sg1', 'GroupId'] }];
  r.I2.Properties.SecurityGroupIds = [{ 'Fn::GetAtt': ['Sg2', 'GroupId'] }];
  return r;
}

const model = (r: Resources) => TemplateModel.fromJsonString(JSON.stringify({ Resources: r }));
const EPHEMERAL = 'TCP 1024-3388, 3390-65535';
const implicit = (egress: boolean) => `Vpc.DefaultNetworkAcl (allow all ${egress ? 'outbound' : 'inbound'})`;
/** An ACL step decided by the implicit rule 100 of the default ACL. */
const byRule100 = (name: string, egress: boolean, traffic: string) => ({
  name,
  allowed: true,
  verdict: FlowVerdict.ALLOWED,
  decidedBy: implicit(egress),
  ruleNumber: 100,
  detail: `entry 100 (${implicit(egress)}) of Vpc.DefaultNetworkAcl allows ${traffic}`,
});
/** A group step decided by an AWS default rule of the VPC's default group, which both instances (no groups named) are in (#35 item 9). */
const defaultGroup = (name: string, rule: string, traffic: string) => ({
  name,
  allowed: true,
  verdict: FlowVerdict.ALLOWED,
  decidedBy: "Vpc.DefaultSecurityGroup (AWS default rule of the VPC's default security group)",
  detail: `rule (all traffic, ${rule}) allows ${traffic}`,
});

describe('the default network ACL of a VPC of the template', () => {
  test('fails the flow: a deny of TCP 80 from 0.0.0.0/0 at rule 10 on the default ACL blocks I1 -> I2 on 80, naming the entry', () => {
    // GIVEN
    const m = model(issueTemplate());

    // WHEN
    const flow = m.evaluate(I1, I2, 80);

    // THEN
    expect(flow.verdict).toBe(FlowVerdict.BLOCKED);
    expect(flow.steps).toEqual([
      defaultGroup('source security group egress', '0.0.0.0/0', 'TCP 80 to instance I2'),
      byRule100('source subnet network ACL outbound', true, 'TCP 80 to 10.0.2.0/24'),
      {
        name: 'destination subnet network ACL inbound',
        allowed: false,
        verdict: FlowVerdict.BLOCKED,
        decidedBy: 'Deny80',
        ruleNumber: 10,
        detail: 'entry 10 (Deny80) denies TCP 80 from 10.0.1.0/24',
      },
      defaultGroup('destination security group ingress', 'group Vpc.DefaultSecurityGroup', 'TCP 80 from instance I1'),
      byRule100('return: destination subnet network ACL outbound (ephemeral ports)', true, `${EPHEMERAL} to 10.0.1.0/24`),
      byRule100('return: source subnet network ACL inbound (ephemeral ports)', false, `${EPHEMERAL} from 10.0.2.0/24`),
    ]);
    expect(flow.explanation).toContain('BLOCK  destination subnet network ACL inbound: entry 10 (Deny80) denies TCP 80 from 10.0.1.0/24');
  });

  test('an allow before the deny decides, and a port no entry names falls to the implicit rule 100', () => {
    // GIVEN: the groups allow 80; rule 5 allows TCP 80 from the VPC ahead of the deny at rule 10
    const r = withGroups(issueTemplate());
    r.Allow80 = defaultAclEntry(5, false, '10.0.0.0/16', 80, 'allow');
    const m = model(r);

    // WHEN
    const flow = m.evaluate(I1, I2, 80);
    const other = m.evaluate(I1, I2, 443);

    // THEN
    expect(flow.verdict).toBe(FlowVerdict.ALLOWED);
    expect(flow.steps).toEqual([
      { name: 'source security group egress', allowed: true, verdict: FlowVerdict.ALLOWED, decidedBy: 'Sg1 (inline rule)', detail: 'rule (tcp 80, 10.0.0.0/16) allows TCP 80 to instance I2' },
      byRule100('source subnet network ACL outbound', true, 'TCP 80 to 10.0.2.0/24'),
      {
        name: 'destination subnet network ACL inbound',
        allowed: true,
        verdict: FlowVerdict.ALLOWED,
        decidedBy: 'Allow80',
        ruleNumber: 5,
        detail: 'entry 5 (Allow80) of Vpc.DefaultNetworkAcl allows TCP 80 from 10.0.1.0/24',
      },
      { name: 'destination security group ingress', allowed: true, verdict: FlowVerdict.ALLOWED, decidedBy: 'Sg2 (inline rule)', detail: 'rule (tcp 80, 10.0.0.0/16) allows TCP 80 from instance I1' },
      byRule100('return: destination subnet network ACL outbound (ephemeral ports)', true, `${EPHEMERAL} to 10.0.1.0/24`),
      byRule100('return: source subnet network ACL inbound (ephemeral ports)', false, `${EPHEMERAL} from 10.0.2.0/24`),
    ]);
    // 443: the groups do not allow it (BLOCKED there); both ACL steps of the request pass by rule 100
    expect(other.steps.filter((s) => s.name.includes('network ACL')).map((s) => [s.name, s.verdict, s.decidedBy])).toEqual([
      ['source subnet network ACL outbound', FlowVerdict.ALLOWED, implicit(true)],
      ['destination subnet network ACL inbound', FlowVerdict.ALLOWED, implicit(false)],
      ['return: destination subnet network ACL outbound (ephemeral ports)', FlowVerdict.ALLOWED, implicit(true)],
      ['return: source subnet network ACL inbound (ephemeral ports)', FlowVerdict.ALLOWED, implicit(false)],
    ]);
  });

  test('an association to the DefaultNetworkAcl attribute puts a subnet back on the default ACL', () => {
    // GIVEN: S1 on an ACL of its own that allows all; S2 associated (explicitly) with the default ACL
    const r = withGroups(issueTemplate());
    r.Acl1 = { Type: 'AWS::EC2::NetworkAcl', Properties: { VpcId: { Ref: 'Vpc' } } };
    r.Acl1In = aclEntry('Acl1', 100, false, '0.0.0.0/0', undefined, undefined, 'allow', -1);
    r.Acl1Out = aclEntry('Acl1', 100, true, '0.0.0.0/0', undefined, undefined, 'allow', -1);
    r.S1Acl = { Type: 'AWS::EC2::SubnetNetworkAclAssociation', Properties: { SubnetId: { Ref: 'S1' }, NetworkAclId: { Ref: 'Acl1' } } };
    r.S2Acl = { Type: 'AWS::EC2::SubnetNetworkAclAssociation', Properties: { SubnetId: { Ref: 'S2' }, NetworkAclId: DEFAULT_ACL } };
    const m = model(r);

    // WHEN
    const toI2 = m.evaluate(I1, I2, 80);

    // THEN: S1's steps are decided by Acl1, S2's by the default ACL (its deny for 80 inbound)
    expect(toI2.verdict).toBe(FlowVerdict.BLOCKED);
    expect(toI2.steps.filter((s) => s.name.includes('network ACL'))).toEqual([
      {
        name: 'source subnet network ACL outbound',
        allowed: true,
        verdict: FlowVerdict.ALLOWED,
        decidedBy: 'Acl1Out',
        ruleNumber: 100,
        detail: 'entry 100 (Acl1Out) of Acl1 allows TCP 80 to 10.0.2.0/24',
      },
      {
        name: 'destination subnet network ACL inbound',
        allowed: false,
        verdict: FlowVerdict.BLOCKED,
        decidedBy: 'Deny80',
        ruleNumber: 10,
        detail: 'entry 10 (Deny80) denies TCP 80 from 10.0.1.0/24',
      },
      byRule100('return: destination subnet network ACL outbound (ephemeral ports)', true, `${EPHEMERAL} to 10.0.1.0/24`),
      {
        name: 'return: source subnet network ACL inbound (ephemeral ports)',
        allowed: true,
        verdict: FlowVerdict.ALLOWED,
        decidedBy: 'Acl1In',
        ruleNumber: 100,
        detail: `entry 100 (Acl1In) of Acl1 allows ${EPHEMERAL} from 10.0.2.0/24`,
      },
    ]);
  });

  test('a default ACL the template leaves alone allows all, as before', () => {
    // GIVEN: no entry on the default ACL
    const r = withGroups(issueTemplate());
    delete r.Deny80;

    // WHEN
    const flow = model(r).evaluate(I1, I2, 80);

    // THEN
    expect(flow.verdict).toBe(FlowVerdict.ALLOWED);
    expect(flow.steps.find((s) => s.name === 'destination subnet network ACL inbound')).toEqual({
      name: 'destination subnet network ACL inbound',
      allowed: true,
      verdict: FlowVerdict.ALLOWED,
      decidedBy: 'S2: default network ACL',
      detail: 'the subnet uses the VPC\'s default network ACL, which allows all TCP 80 from 10.0.1.0/24',
    });
  });

  test('subnets of an imported VPC stay UNKNOWN: their ACL is outside the template', () => {
    // GIVEN: the instances in subnets named by literal id, the default ACL entry of a VPC of the template elsewhere
    const r = withGroups(issueTemplate());
    r.I1.Properties.SubnetId = 'subnet-0aaa';
    r.I2.Properties.SubnetId = 'subnet-0bbb';

    // WHEN
    const flow = model(r).evaluate(I1, I2, 80);

    // THEN
    expect(flow.verdict).toBe(FlowVerdict.UNKNOWN);
    const inbound = flow.steps.find((s) => s.name === 'destination subnet network ACL inbound');
    expect(inbound).toMatchObject({ verdict: FlowVerdict.UNKNOWN, decidedBy: 'subnet-0bbb (network ACL outside the template)' });
  });

  test('the recommendation checks do not take the implicit allow-all of a default ACL for a wide entry of the template', () => {
    // GIVEN: the conforming template, its subnets on the default ACL, one entry of the template on it
    const r = conforming();
    r.Allow443 = defaultAclEntry(20, false, '10.0.0.0/16', 443, 'allow');

    // WHEN / THEN: no finding (the implicit rule 100 entries are not resources to narrow)
    expect(findingsOf(r)).toEqual([]);
  });

  test('fails the recommendation check: a deny on the default ACL of the targets\' subnet is a MISSING finding naming the entry', () => {
    // GIVEN: the conforming template, and a deny of TCP 8080 from the VPC on the default ACL
    const r = conforming();
    r.Deny8080 = defaultAclEntry(10, false, '10.0.0.0/16', 8080, 'deny');

    // WHEN
    const findings = findingsOf(r);

    // THEN: both subnets are on the default ACL: the deny stops the load balancer's requests into
    // the targets' subnet, and the targets' replies from 8080 into the load balancer's subnet on the
    // ephemeral ports (8080 is one of them)
    expect(findings).toEqual([
      {
        kind: 'MISSING',
        id: 'LBACL-IN-EPHEMERAL-VPC',
        resource: 'Deny8080',
        message: 'Lb: load balancer subnet LbSubnet inbound (ephemeral): entry 10 (Deny8080) denies TCP 8080 from 10.0.1.0/24',
        fix: 'Allow TCP 1024-65535 inbound from the VPC CIDR in the network ACL of LbSubnet.',
      },
      {
        kind: 'MISSING',
        id: 'TGACL-IN-TARGET',
        resource: 'Deny8080',
        message: 'Lb: target subnet TargetSubnet inbound: entry 10 (Deny8080) denies TCP 8080 from 10.0.0.0/24',
        fix: 'Allow TCP 8080 inbound from the VPC CIDR in the network ACL of TargetSubnet.',
      },
    ]);
  });
});
