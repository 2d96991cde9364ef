import { conforming, modelOf, Resources, tcp } from './fixtures';
import { assertions } from '../../../src';

const { FlowEndpoint } = assertions;

/** `conforming()` with route tables: LbSubnet public (0.0.0.0/0 -> Igw), TargetSubnet private (0.0.0.0/0 -> Nat, in LbSubnet). */
function routed(): Resources {
  const r = conforming();
  r.Igw = { Type: 'AWS::EC2::InternetGateway' };
  r.PublicRt = { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: { Ref: 'Vpc' } } };
  r.PublicDefault = { Type: 'AWS::EC2::Route', Properties: { RouteTableId: { Ref: 'PublicRt' }, DestinationCidrBlock: '0.0.0.0/0', GatewayId: { Ref: 'Igw' } } };
  r.PublicAssoc = { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { SubnetId: { Ref: 'LbSubnet' }, RouteTableId: { Ref: 'PublicRt' } } };
  r.Eip = { Type: 'AWS::EC2::EIP', Properties: { Domain: 'vpc' } };
  r.Nat = { Type: 'AWS::EC2::NatGateway', Properties: { SubnetId: { Ref: 'LbSubnet' }, AllocationId: { 'Fn::GetAtt': ['Eip', 'AllocationId'] } } };
  r.PrivateRt = { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: { Ref: 'Vpc' } } };
  r.PrivateDefault = { Type: 'AWS::EC2::Route', Properties: { RouteTableId: { Ref: 'PrivateRt' }, DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: { Ref: 'Nat' } } };
  r.PrivateAssoc = { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { SubnetId: { Ref: 'TargetSubnet' }, RouteTableId: { Ref: 'PrivateRt' } } };
  // the targets admit the world on 8080 too: only the route keeps the internet out
  r.TargetSg.Properties.SecurityGroupIngress.push(tcp(8080, { CidrIp: '0.0.0.0/0' }));
  return r;
}

const ROUTE = 'route from the internet: destination subnet route table';
const LISTENER = 'destination load balancer listener';

describe('inbound from the internet: the destination subnet\'s route table', () => {
  test('a private subnet (0.0.0.0/0 to a NAT gateway) is not reachable from the internet, whatever its groups allow', () => {
    const r = modelOf(routed()).evaluate(FlowEndpoint.internet(), FlowEndpoint.subnet('TargetSubnet'), 8080);
    expect(r.verdict).toEqual(assertions.FlowVerdict.BLOCKED);
    expect(r.steps.find((s) => s.name === ROUTE)).toMatchObject({ allowed: false, decidedBy: 'PrivateDefault' });
    expect(r.steps.find((s) => s.name === ROUTE)?.detail).toMatch(/no route to an internet gateway for 198\.51\.100\.10\/32 \(it sends 198\.51\.100\.10\/32 to NAT gateway Nat/);
  });

  test('a group end in the private subnet is blocked too; a route table without a default route blocks', () => {
    const res = routed();
    expect(modelOf(res).evaluate(FlowEndpoint.internet(), FlowEndpoint.securityGroup('TargetSg', ['TargetSubnet']), 8080).verdict).toEqual(assertions.FlowVerdict.BLOCKED);
    delete res.PrivateDefault;
    const r = modelOf(res).evaluate(FlowEndpoint.internet(), FlowEndpoint.subnet('TargetSubnet'), 8080);
    expect(r.steps.find((s) => s.name === ROUTE)).toMatchObject({ allowed: false, decidedBy: 'PrivateRt' });
  });

  test('the internet-facing load balancer in the public subnet stays allowed; its targets, reached from inside the VPC, too', () => {
    const m = modelOf(routed());
    const r = m.evaluate(FlowEndpoint.internet(), FlowEndpoint.resource('Lb'), 80);
    expect(r.verdict).toEqual(assertions.FlowVerdict.ALLOWED);
    expect(r.steps.find((s) => s.name === ROUTE)).toMatchObject({ allowed: true, decidedBy: 'PublicDefault' });
    const t = m.evaluate(FlowEndpoint.resource('Lb'), FlowEndpoint.securityGroup('TargetSg', ['TargetSubnet']), 8080);
    expect(t.verdict).toEqual(assertions.FlowVerdict.ALLOWED);
    expect(t.steps.some((s) => s.name === ROUTE)).toBe(false);
  });

  test('a literal igw- target admits; a route table named by a literal id is unknown', () => {
    const res = routed();
    res.PrivateDefault.Properties = { RouteTableId: { Ref: 'PrivateRt' }, DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-0abc' };
    expect(modelOf(res).evaluate(FlowEndpoint.internet(), FlowEndpoint.subnet('TargetSubnet'), 8080).verdict).toEqual(assertions.FlowVerdict.ALLOWED);
    res.PrivateAssoc.Properties.RouteTableId = 'rtb-0abc';
    const r = modelOf(res).evaluate(FlowEndpoint.internet(), FlowEndpoint.subnet('TargetSubnet'), 8080);
    expect(r.verdict).toEqual(assertions.FlowVerdict.UNKNOWN);
    expect(r.steps.find((s) => s.name === ROUTE)).toMatchObject({ allowed: false, verdict: assertions.FlowVerdict.UNKNOWN, decidedBy: 'rtb-0abc (route table outside the template)' });
  });
});

describe('load balancer listeners', () => {
  test('a port without a listener is blocked, decided by "no listener on port N", even where the groups allow it', () => {
    const res = routed();
    res.LbSg.Properties.SecurityGroupIngress = [{ IpProtocol: '-1', CidrIp: '0.0.0.0/0' }];
    const r = modelOf(res).evaluate(FlowEndpoint.internet(), FlowEndpoint.resource('Lb'), 443);
    expect(r.verdict).toEqual(assertions.FlowVerdict.BLOCKED);
    expect(r.steps.find((s) => !s.allowed)).toMatchObject({ name: LISTENER, decidedBy: 'no listener on port 443' });
    expect(modelOf(res).evaluate(FlowEndpoint.internet(), FlowEndpoint.resource('Lb'), 80).steps.find((s) => s.name === LISTENER))
      .toMatchObject({ allowed: true, decidedBy: 'Listener' });
  });

  test('a known block wins over unknown groups and subnets', () => {
    const res = routed();
    res.Lb.Properties.SecurityGroups = ['sg-0imported'];
    res.Lb.Properties.Subnets = ['subnet-0imported'];
    const m = modelOf(res);
    expect(m.evaluate(FlowEndpoint.internet(), FlowEndpoint.resource('Lb'), 80).verdict).toEqual(assertions.FlowVerdict.UNKNOWN);
    expect(m.evaluate(FlowEndpoint.internet(), FlowEndpoint.resource('Lb'), 443).verdict).toEqual(assertions.FlowVerdict.BLOCKED);
  });

  test('a listener whose port is not resolved: no claim', () => {
    const res = routed();
    res.Listener.Properties.Port = { Ref: 'ListenerPort' };
    const r = modelOf(res).evaluate(FlowEndpoint.internet(), FlowEndpoint.resource('Lb'), 443);
    expect(r.steps.some((s) => s.name === LISTENER)).toBe(false);
  });
});

describe('classic load balancers', () => {
  test('an ingress rule from the ELB\'s SourceSecurityGroup admits the ELB', () => {
    const res: Resources = {
      Elb: { Type: 'AWS::ElasticLoadBalancing::LoadBalancer', Properties: { AvailabilityZones: { 'Fn::GetAZs': '' }, Listeners: [{ LoadBalancerPort: '80', InstancePort: '80', Protocol: 'HTTP' }] } },
      InstanceSg: {
        Type: 'AWS::EC2::SecurityGroup',
        Properties: {
          GroupDescription: 'instances',
          SecurityGroupIngress: [{
            IpProtocol: 'tcp',
            FromPort: '80',
            ToPort: '80',
            SourceSecurityGroupOwnerId: { 'Fn::GetAtt': ['Elb', 'SourceSecurityGroup.OwnerAlias'] },
            SourceSecurityGroupName: { 'Fn::GetAtt': ['Elb', 'SourceSecurityGroup.GroupName'] },
          }],
        },
      },
    };
    const m = modelOf(res);
    // #35 item 8: the ELB names no group and no subnet (the default VPC): Elastic Load Balancing
    // gives it its default_elb group, whose rules are not in the template (UNKNOWN egress); the
    // instances' rule from its source security group admits it
    const elb = m.evaluate(FlowEndpoint.resource('Elb'), FlowEndpoint.securityGroup('InstanceSg'), 80);
    expect(elb.verdict).toEqual(assertions.FlowVerdict.UNKNOWN);
    expect(elb.steps.filter((s) => s.name.includes('security group')).map((s) => [s.name, s.verdict, s.decidedBy])).toEqual([
      ['source security group egress', assertions.FlowVerdict.UNKNOWN, 'the default_elb security group of the default VPC'],
      ['destination security group ingress', assertions.FlowVerdict.ALLOWED, 'InstanceSg (inline rule)'],
    ]);
    expect(m.evaluate(FlowEndpoint.resource('Elb'), FlowEndpoint.securityGroup('InstanceSg'), 8080).verdict).toEqual(assertions.FlowVerdict.BLOCKED);
    expect(m.evaluate(FlowEndpoint.internet(), FlowEndpoint.securityGroup('InstanceSg'), 80).verdict).toEqual(assertions.FlowVerdict.BLOCKED);
    expect(m.evaluate(FlowEndpoint.internet(), FlowEndpoint.resource('Elb'), 443).steps.find((s) => s.verdict === assertions.FlowVerdict.BLOCKED)).toMatchObject({ name: LISTENER, decidedBy: 'no listener on port 443' });
  });
});
