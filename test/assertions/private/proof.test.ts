import { assertions } from '../../../src';

/**
 * The expectations for Reachability Analyzer paths, on hand-written templates: a VPC with one
 * public subnet (routed to the internet gateway), an open web instance on 80, and optionally an
 * application load balancer with a listener on 80 forwarding to the instance on 8080.
 */
function template(extra: Record<string, any>, options: { lb?: boolean; registered?: 'instance' | 'asg' | 'none' } = {}): string {
  const resources: Record<string, any> = {
    Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
    Igw: { Type: 'AWS::EC2::InternetGateway' },
    Attach: { Type: 'AWS::EC2::VPCGatewayAttachment', Properties: { VpcId: { Ref: 'Vpc' }, InternetGatewayId: { Ref: 'Igw' } } },
    PublicA: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.0.0/24', MapPublicIpOnLaunch: true } },
    PublicB: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.1.0/24', MapPublicIpOnLaunch: true } },
    Rt: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: { Ref: 'Vpc' } } },
    RtA: { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { SubnetId: { Ref: 'PublicA' }, RouteTableId: { Ref: 'Rt' } } },
    RtB: { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { SubnetId: { Ref: 'PublicB' }, RouteTableId: { Ref: 'Rt' } } },
    Default: { Type: 'AWS::EC2::Route', Properties: { RouteTableId: { Ref: 'Rt' }, DestinationCidrBlock: '0.0.0.0/0', GatewayId: { Ref: 'Igw' } } },
    WebSg: {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: {
        VpcId: { Ref: 'Vpc' },
        GroupDescription: 'web',
        SecurityGroupIngress: [
          { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '0.0.0.0/0' },
          { IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, SourceSecurityGroupId: { 'Fn::GetAtt': ['LbSg', 'GroupId'] } },
        ],
      },
    },
    LbSg: {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: { VpcId: { Ref: 'Vpc' }, GroupDescription: 'lb', SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '0.0.0.0/0' }] },
    },
    Web: { Type: 'AWS::EC2::Instance', Properties: { SubnetId: { Ref: 'PublicA' }, SecurityGroupIds: [{ 'Fn::GetAtt': ['WebSg', 'GroupId'] }] } },
    ...extra,
  };
  if (options.lb) {
    resources.Lb = {
      Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
      Properties: { Scheme: 'internet-facing', Type: 'application', Subnets: [{ Ref: 'PublicA' }, { Ref: 'PublicB' }], SecurityGroups: [{ 'Fn::GetAtt': ['LbSg', 'GroupId'] }] },
    };
    resources.Tg = {
      Type: 'AWS::ElasticLoadBalancingV2::TargetGroup',
      Properties: {
        VpcId: { Ref: 'Vpc' },
        Port: 8080,
        Protocol: 'HTTP',
        TargetType: 'instance',
        ...(options.registered === 'instance' || options.registered === undefined ? { Targets: [{ Id: { Ref: 'Web' } }] } : {}),
      },
    };
    resources.Listener = {
      Type: 'AWS::ElasticLoadBalancingV2::Listener',
      Properties: { LoadBalancerArn: { Ref: 'Lb' }, Port: 80, Protocol: 'HTTP', DefaultActions: [{ Type: 'forward', TargetGroupArn: { Ref: 'Tg' } }] },
    };
    if (options.registered === 'asg') {
      resources.Asg = { Type: 'AWS::AutoScaling::AutoScalingGroup', Properties: { MinSize: '1', MaxSize: '1', TargetGroupARNs: [{ Ref: 'Tg' }], VPCZoneIdentifier: [{ Ref: 'PublicA' }] } };
    }
  }
  return JSON.stringify({ Resources: resources });
}

function path(props: Record<string, any>, analysis: Record<string, any> = {}): Record<string, any> {
  return {
    P: { Type: 'AWS::EC2::NetworkInsightsPath', Properties: { Protocol: 'tcp', Source: { Ref: 'Igw' }, Destination: { Ref: 'Web' }, ...props } },
    A: { Type: 'AWS::EC2::NetworkInsightsAnalysis', Properties: { NetworkInsightsPathId: { 'Fn::GetAtt': ['P', 'NetworkInsightsPathId'] }, ...analysis } },
  };
}

function expectation(json: string): assertions.ReachabilityExpectation {
  const all = assertions.TemplateModel.fromJsonString(json).reachabilityExpectations();
  expect(all).toHaveLength(1);
  return all[0];
}

const port = (p: number) => ({ DestinationPortRange: { FromPort: p, ToPort: p } });

describe('reachability expectations without a load balancer', () => {
  test('internet gateway to an open instance on 80: found', () => {
    const e = expectation(template(path({ FilterAtSource: port(80) })));
    expect(e).toMatchObject({ analysis: 'A', path: 'P', verdict: 'ALLOWED', expectedPathFound: true });
    expect(e.explanation).toMatch(/the internet \(internet gateway Igw\) -> instance Web on TCP 80: ALLOWED/);
  });

  test('DestinationPort is read as the port when there is no FilterAtSource', () => {
    expect(expectation(template(path({ DestinationPort: 80 }))).verdict).toBe('ALLOWED');
  });

  test('a port the instance\'s group does not admit: not found, named by the group step', () => {
    const e = expectation(template(path({ FilterAtSource: port(22) })));
    expect(e).toMatchObject({ verdict: 'BLOCKED', expectedPathFound: false });
    expect(e.explanation).toMatch(/BLOCK {2}destination security group ingress: no ingress rule of WebSg allows TCP 22/);
  });

  test('a destination port at the destination that differs from the source\'s, with nothing between to translate it: not found', () => {
    const e = expectation(template(path({ FilterAtSource: port(80), FilterAtDestination: port(8080) })));
    expect(e.verdict).toBe('BLOCKED');
    expect(e.explanation).toMatch(/the destination port stays 80/);
  });

  test('the path\'s Name tag describes it', () => {
    const e = expectation(template(path({ FilterAtSource: port(80), Tags: [{ Key: 'Name', Value: 'web from the internet' }] })));
    expect(e.description).toBe('web from the internet');
  });

  test.each([
    ['UDP', { Protocol: 'udp', FilterAtSource: port(80) }, /follows TCP only/],
    ['a port range', { FilterAtSource: { DestinationPortRange: { FromPort: 80, ToPort: 90 } } }, /the range 80-90; the model answers for one port at a time/],
    ['no port', {}, /names no destination port/],
    ['a source address filter', { FilterAtSource: { ...port(80), SourceAddress: '198.51.100.1' } }, /FilterAtSource.SourceAddress, which the model does not follow/],
    ['SourceIp', { DestinationPort: 80, SourceIp: '10.0.0.9' }, /sets SourceIp/],
    ['a literal internet gateway id', { Source: 'igw-0abc', FilterAtSource: port(80) }, /Source \(igw-0abc\) is not a resource of the template/],
    ['a network interface as the source', { Source: { Ref: 'Eni' }, FilterAtSource: port(80) }, /Source Eni is a AWS::EC2::NetworkInterface; the model takes an internet gateway or an instance/],
  ])('UNKNOWN, with no expectation, for %s', (_, props, why) => {
    const eni = { Eni: { Type: 'AWS::EC2::NetworkInterface', Properties: { SubnetId: { Ref: 'PublicA' } } } };
    const e = expectation(template({ ...eni, ...path(props) }));
    expect(e.verdict).toBe('UNKNOWN');
    expect(e.expectedPathFound).toBeUndefined();
    expect(e.explanation).toMatch(why);
  });

  test('an analysis whose path is not in the template: UNKNOWN', () => {
    const e = expectation(template({ A: { Type: 'AWS::EC2::NetworkInsightsAnalysis', Properties: { NetworkInsightsPathId: 'nip-0abc' } } }));
    expect(e).toMatchObject({ analysis: 'A', verdict: 'UNKNOWN' });
    expect(e.path).toBeUndefined();
  });

  test('a destination IP address is an end at that address: the instance to a public address on 443', () => {
    const e = expectation(template(path({ Source: { Ref: 'Web' }, Destination: undefined, DestinationIp: '198.51.100.7', FilterAtSource: port(443) })));
    expect(e.verdict).toBe('ALLOWED');
    expect(e.explanation).toMatch(/instance Web -> 198\.51\.100\.7 on TCP 443: ALLOWED/);
    expect(e.explanation).toMatch(/source security group egress: rule \(all traffic, 0\.0\.0\.0\/0\)/);
  });
});

describe('reachability expectations through and around a load balancer', () => {
  test('through the load balancer (FilterInArns): the listener on the source\'s port, then the registered target on its port', () => {
    const e = expectation(template(path({ FilterAtSource: port(80), FilterAtDestination: port(8080) }, { FilterInArns: [{ Ref: 'Lb' }] }), { lb: true }));
    expect(e).toMatchObject({ verdict: 'ALLOWED', expectedPathFound: true });
    expect(e.explanation).toMatch(/load balancer Lb -> instance Web on TCP 8080 \(target group Tg of listener Listener\): ALLOWED/);
  });

  test('through the load balancer without FilterAtDestination: the port the target is registered on', () => {
    const e = expectation(template(path({ FilterAtSource: port(80) }, { FilterInArns: [{ Ref: 'Lb' }] }), { lb: true }));
    expect(e.verdict).toBe('ALLOWED');
    expect(e.explanation).toMatch(/on TCP 8080 \(target group Tg/);
  });

  test('through the load balancer on a port without a listener: not found', () => {
    const e = expectation(template(path({ FilterAtSource: port(81) }, { FilterInArns: [{ Ref: 'Lb' }] }), { lb: true }));
    expect(e.verdict).toBe('BLOCKED');
    expect(e.explanation).toMatch(/Lb has no listener on port 81/);
  });

  test('through the load balancer to an instance it does not have as a target: not found', () => {
    const e = expectation(template(path({ FilterAtSource: port(80) }, { FilterInArns: [{ Ref: 'Lb' }] }), { lb: true, registered: 'none' }));
    expect(e.verdict).toBe('BLOCKED');
    expect(e.explanation).toMatch(/instance Web is not registered in a target group of Listener \(Tg\)/);
  });

  test('through the load balancer to a port the target is not registered on: not found', () => {
    const e = expectation(template(path({ FilterAtSource: port(80), FilterAtDestination: port(9000) }, { FilterInArns: [{ Ref: 'Lb' }] }), { lb: true }));
    expect(e.verdict).toBe('BLOCKED');
    expect(e.explanation).toMatch(/Listener forwards to instance Web on 8080 \(target group Tg\), not on 9000/);
  });

  test('a target group an auto scaling group fills: whether the instance is a target is UNKNOWN', () => {
    const e = expectation(template(path({ FilterAtSource: port(80) }, { FilterInArns: [{ Ref: 'Lb' }] }), { lb: true, registered: 'asg' }));
    expect(e.verdict).toBe('UNKNOWN');
    expect(e.explanation).toMatch(/Tg gets targets the template does not list/);
  });

  test('around the load balancer (FilterOutArns): the direct path only', () => {
    const e = expectation(template(path({ FilterAtSource: port(8080) }, { FilterOutArns: [{ Ref: 'Lb' }] }), { lb: true }));
    expect(e.verdict).toBe('BLOCKED');
    expect(e.explanation).toMatch(/the internet \(internet gateway Igw\) -> instance Web on TCP 8080: BLOCKED/);
  });

  test('neither through nor around a load balancer of the template: UNKNOWN (the shortest path may take either)', () => {
    const e = expectation(template(path({ FilterAtSource: port(80) }), { lb: true }));
    expect(e.verdict).toBe('UNKNOWN');
    expect(e.explanation).toMatch(/name the load balancer in the analysis's FilterInArns \(through it\) or FilterOutArns \(around it\)/);
  });

  test('a filter naming something other than a load balancer of the template: UNKNOWN', () => {
    const e = expectation(template(path({ FilterAtSource: port(80) }, { FilterInArns: ['arn:aws:ec2:eu-west-1:111111111111:transit-gateway/tgw-0abc'] }), { lb: true }));
    expect(e.verdict).toBe('UNKNOWN');
    expect(e.explanation).toMatch(/which is not a load balancer of the template/);
  });
});
