import { symbol } from '../../../../src/assertions/private/addresses';
import { TemplateReader } from '../../../../src/assertions/private/reader';
import { References } from '../../../../src/assertions/private/reader/references';
import { ResourceIndex } from '../../../../src/assertions/private/reader/template';

/**
 * What the reader does with ports it cannot read (it says so, for the checks to report UNKNOWN)
 * and with list elements of shapes CloudFormation would refuse (it skips them, never throws).
 */

const read = (resources: Record<string, unknown>) => new TemplateReader({ Resources: resources });

describe('ports the reader cannot read', () => {
  test('a target group\'s port and health-check port are given as text when they are not numbers', () => {
    // GIVEN
    const t = read({
      Param: { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: { Port: { Ref: 'Port' }, HealthCheckPort: { Ref: 'Hc' } } },
      NoPort: { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: { TargetType: 'ip' } },
      Lambda: { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: { TargetType: 'lambda' } },
      Known: { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: { Port: 80, HealthCheckPort: '81' } },
      Traffic: { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: { Port: 80, HealthCheckPort: 'traffic-port' } },
    });

    // THEN
    const texts = (id: string) => { const g = t.targetGroups.get(id)!; return [g.portText, g.healthCheckPortText]; };
    expect(texts('Param')).toEqual(['{Ref Port}', '{Ref Hc}']);
    expect(texts('NoPort')).toEqual(['no Port', undefined]);
    expect(texts('Lambda')).toEqual([undefined, undefined]);
    expect(texts('Known')).toEqual([undefined, undefined]);
    expect(texts('Traffic')).toEqual([undefined, undefined]);
    expect(Object.keys(t.targetGroups.get('Known')!)).not.toEqual(expect.arrayContaining(['portText']));
    expect(Object.keys(t.targetGroups.get('Known')!)).not.toEqual(expect.arrayContaining(['healthCheckPortText']));
  });

  test('a classic load balancer\'s instance port and a health check target computed at deploy are given as text', () => {
    // GIVEN
    const t = read({
      Elb: {
        Type: 'AWS::ElasticLoadBalancing::LoadBalancer',
        Properties: {
          Listeners: [{ LoadBalancerPort: 80, InstancePort: { Ref: 'Ip' } }, null],
          HealthCheck: { Target: { 'Fn::Sub': 'HTTP:${Port}/' } },
        },
      },
      Null: { Type: 'AWS::ElasticLoadBalancing::LoadBalancer', Properties: { Listeners: [{ LoadBalancerPort: 80, InstancePort: 80 }], HealthCheck: { Target: null } } },
    });

    // THEN
    expect(t.targetGroups.get('Elb:{Ref Ip}')).toEqual({
      id: 'Elb:{Ref Ip}',
      port: undefined,
      portText: '{Ref Ip}',
      healthCheckPort: undefined,
      healthCheckOnTrafficPort: false,
      healthCheckPortText: '{Sub HTTP:${Port}/}',
      targetGroups: [],
      targetSubnets: [],
      ipTargets: [],
      instances: [],
      registeredBy: [],
    });
    // a listener that is not an object: no ports, and the target group of an unknown instance port
    expect(t.loadBalancers.get('Elb')?.listeners[1]).toEqual({
      id: 'Elb listener 2', port: undefined, portText: 'no value', protocol: undefined, targetGroups: ['Elb:no value'], authenticates: false,
    });
    expect(t.targetGroups.get('Null:80')).toEqual({ id: 'Null:80', port: 80, healthCheckPort: 80, healthCheckOnTrafficPort: true, targetGroups: [], targetSubnets: [], ipTargets: [], instances: [], registeredBy: [] });
  });

  test('the health check target needs a protocol and a port at its start', () => {
    // GIVEN
    const t = read({
      A: { Type: 'AWS::ElasticLoadBalancing::LoadBalancer', Properties: { Listeners: [{ LoadBalancerPort: 80, InstancePort: 80 }], HealthCheck: { Target: 'x HTTP:81/' } } },
      B: { Type: 'AWS::ElasticLoadBalancing::LoadBalancer', Properties: { Listeners: [{ LoadBalancerPort: 80, InstancePort: 80 }], HealthCheck: { Target: 'TCP:82' } } },
    });

    // THEN
    expect([t.targetGroups.get('A:80')?.healthCheckPort, t.targetGroups.get('B:80')?.healthCheckPort]).toEqual([80, 82]);
  });
});

describe('list elements of other shapes', () => {
  test('null elements are skipped everywhere', () => {
    // GIVEN
    const t = read({
      Sg: { Type: 'AWS::EC2::SecurityGroup', Properties: { SecurityGroupIngress: [null, 'tcp'] } },
      Web: { Type: 'AWS::EC2::Instance', Properties: { NetworkInterfaces: [null, { SubnetId: 'subnet-1', GroupSet: [{ Ref: 'Sg' }] }] } },
      Tg: { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: { Port: 80, Targets: [null, { Id: { Ref: 'Web' } }] } },
      Lb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { SubnetMappings: [null, { SubnetId: 'subnet-2' }] } },
      L: {
        Type: 'AWS::ElasticLoadBalancingV2::Listener',
        Properties: { LoadBalancerArn: { Ref: 'Lb' }, Port: 80, DefaultActions: [null, { Type: 'forward', ForwardConfig: { TargetGroups: [null, { TargetGroupArn: { Ref: 'Tg' } }] } }] },
      },
      Service: { Type: 'AWS::ECS::Service', Properties: { LoadBalancers: [null, { TargetGroupArn: { Ref: 'Tg' } }], NetworkConfiguration: { AwsvpcConfiguration: { Subnets: [null, 'subnet-3'] } } } },
      Lt: { Type: 'AWS::EC2::LaunchTemplate', Properties: { LaunchTemplateData: { NetworkInterfaces: [null, { Groups: ['sg-9'] }] } } },
      Asg: { Type: 'AWS::AutoScaling::AutoScalingGroup', Properties: { LaunchTemplate: { LaunchTemplateId: { Ref: 'Lt' } }, VPCZoneIdentifier: [null, 'subnet-4'], TargetGroupARNs: [{ Ref: 'Tg' }] } },
    });

    // THEN: rules of a shape CloudFormation refuses read as a rule with nothing resolved; the rest as usual
    expect(t.securityGroups.get('Sg')?.rules.slice(0, 2).map((r) => [r.protocol, r.fromPort, r.toPort, r.peer])).toEqual([
      ['undefined', 0, 65535, { kind: 'address', address: symbol('unknown peer') }],
      ['undefined', 0, 65535, { kind: 'address', address: symbol('unknown peer') }],
    ]);
    expect(t.targetGroups.get('Tg')).toEqual(expect.objectContaining({ targetGroups: ['Sg'], targetSubnets: ['subnet-1', 'subnet-4', 'subnet-3'] }));
    expect(t.loadBalancers.get('Lb')?.subnets).toEqual([{ text: 'subnet-2' }]);
    expect(t.loadBalancers.get('Lb')?.listeners[0].targetGroups).toEqual(['Tg']);
  });

  test('IP targets are literal addresses only; groups and target groups outside the template are left out', () => {
    // GIVEN
    const t = read({
      Sg: { Type: 'AWS::EC2::SecurityGroup', Properties: {} },
      Tg: { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: { Port: 80, Targets: [{ Id: 'x10.0.0.1' }, { Id: '10.0.0.1x' }, { Id: { Ref: 'Ip' } }, { Id: '10.0.0.2' }] } },
      Lt: { Type: 'AWS::EC2::LaunchTemplate', Properties: { LaunchTemplateData: { SecurityGroupIds: [{ Ref: 'Sg' }, 'sg-outside'] } } },
      Asg: { Type: 'AWS::AutoScaling::AutoScalingGroup', Properties: { LaunchTemplate: { LaunchTemplateId: { Ref: 'Lt' } }, TargetGroupARNs: [{ Ref: 'Tg' }, { Ref: 'Sg' }, 'arn:tg'] } },
      Service: { Type: 'AWS::ECS::Service', Properties: { LoadBalancers: [{ TargetGroupArn: { Ref: 'Sg' } }], NetworkConfiguration: { AwsvpcConfiguration: { SecurityGroups: ['sg-outside', { Ref: 'Sg' }] } } } },
      Web: { Type: 'AWS::EC2::Instance', Properties: { SecurityGroupIds: ['sg-outside'] } },
      Tg2: { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: { Port: 80, Targets: [{ Id: { Ref: 'Web' } }] } },
    });

    // THEN
    expect(t.targetGroups.get('Tg')?.ipTargets.map((i) => i.address)).toEqual([expect.objectContaining({ text: '10.0.0.2/32' })]);
    expect(t.targetGroups.get('Tg')?.targetGroups).toEqual(['Sg']);
    expect(t.targetGroups.get('Tg2')?.targetGroups).toEqual([]);
    expect([...t.targetGroups.keys()]).toEqual(['Tg', 'Tg2']);
  });

  test('an ACL entry with Egress true as a boolean, and ICMP codes that are not numbers', () => {
    // GIVEN
    const t = read({
      Acl: { Type: 'AWS::EC2::NetworkAcl', Properties: {} },
      E: { Type: 'AWS::EC2::NetworkAclEntry', Properties: { NetworkAclId: { Ref: 'Acl' }, Egress: true, RuleNumber: 1, Protocol: 1, RuleAction: 'allow', CidrBlock: '0.0.0.0/0', Icmp: { Code: { Ref: 'C' } } } },
      F: { Type: 'AWS::EC2::NetworkAclEntry', Properties: { NetworkAclId: { Ref: 'Acl' }, Egress: 'yes', RuleNumber: 2, Protocol: 1, RuleAction: 'allow', CidrBlock: '0.0.0.0/0' } },
    });

    // THEN
    expect(t.acls.get('Acl')?.entries.map((e) => [e.egress, e.icmpType, e.icmpCode])).toEqual([[true, undefined, -1], [false, undefined, undefined]]);
  });

  test('references to resources without properties or type, and to nothing', () => {
    // GIVEN
    const index = new ResourceIndex({ Resources: { Acl: { Type: 'AWS::EC2::NetworkAcl' } } });
    const refs = new References(index, new Map());

    // THEN
    expect(refs.vpcOfResource({ Ref: 'Acl' })).toBeUndefined();
    expect(refs.cidr(null)).toEqual(symbol('null'));
    expect(refs.cidr({ 'Fn::GetAtt': ['Gone', 'CidrBlock'] })).toEqual(symbol('Gone.CidrBlock'));
  });

  test('groups outside the template are exactly those named', () => {
    // GIVEN: a group whose only rule has an address peer (and the implicit egress)
    const t = read({ Sg: { Type: 'AWS::EC2::SecurityGroup', Properties: { SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 1, ToPort: 1, CidrIp: '10.0.0.0/8' }] } } });

    // THEN
    expect(t.outsideGroups.size).toBe(0);
  });
});
