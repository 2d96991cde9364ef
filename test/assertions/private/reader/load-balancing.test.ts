import { address } from '../../../../src/assertions/private/addresses';
import { TemplateReader } from '../../../../src/assertions/private/reader';

const GROUP = (id: string) => ({ 'Fn::GetAtt': [id, 'GroupId'] });
const read = (resources: Record<string, unknown>) => new TemplateReader({ Resources: resources });

describe('target groups', () => {
  test('reads ports as numbers or digit strings and the health check port', () => {
    // GIVEN
    const t = read({
      Plain: { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: { Port: '8080', TargetType: 'instance' } },
      Traffic: { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: { Port: 80, HealthCheckPort: 'traffic-port' } },
      Own: { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: { Port: 80, HealthCheckPort: '8081' } },
      Param: { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: { Port: { Ref: 'Port' }, HealthCheckPort: { Ref: 'Hc' } } },
    });

    // THEN
    expect([...t.targetGroups.values()].map((g) => [g.id, g.port, g.healthCheckPort, g.healthCheckOnTrafficPort, g.targetType])).toEqual([
      ['Plain', 8080, 8080, true, 'instance'],
      ['Traffic', 80, 80, true, undefined],
      ['Own', 80, 8081, false, undefined],
      ['Param', undefined, undefined, false, undefined],
    ]);
  });

  test('locates IP targets against the VPC: inside (with the subnets holding them), outside by CIDR or by availability zone all', () => {
    // GIVEN
    const t = read({
      Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
      Other: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
      A: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.1.0/24' } },
      B: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.2.0/24' } },
      OtherA: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Other' }, CidrBlock: '10.0.1.0/24' } },
      Tg: {
        Type: 'AWS::ElasticLoadBalancingV2::TargetGroup',
        Properties: {
          VpcId: { Ref: 'Vpc' },
          TargetType: 'ip',
          Targets: [
            { Id: '10.0.1.10', Port: '8443' },
            { Id: '10.8.0.10' },
            { Id: '10.0.2.10', AvailabilityZone: 'all' },
            { Id: '999.0.0.1' },
            { Id: 'i-0abc' },
          ],
        },
      },
    });

    // THEN
    const tg = t.targetGroups.get('Tg')!;
    expect(tg.ipTargets).toEqual([
      { address: address('10.0.1.10/32'), port: 8443, outsideVpc: false },
      { address: address('10.8.0.10/32'), port: undefined, outsideVpc: true },
      { address: address('10.0.2.10/32'), port: undefined, outsideVpc: true },
    ]);
    expect(tg.targetSubnets).toEqual(['A']);
    expect(tg.targetGroups).toEqual([]);
  });

  test('IP targets of a target group without a known VPC are located in any subnet of the template', () => {
    // GIVEN
    const t = read({
      A: { Type: 'AWS::EC2::Subnet', Properties: { CidrBlock: '10.0.1.0/24' } },
      B: { Type: 'AWS::EC2::Subnet', Properties: { CidrBlock: { Ref: 'Cidr' } } },
      Tg: { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: { Targets: [{ Id: '10.0.1.10' }, { Id: '10.0.1.11' }] } },
    });

    // THEN
    expect(t.targetGroups.get('Tg')?.targetSubnets).toEqual(['A']);
    expect(t.targetGroups.get('Tg')?.ipTargets.map((i) => i.outsideVpc)).toEqual([false, false]);
  });

  test('instance targets give their groups and subnets (subnets outside the template too); other resources are not targets', () => {
    // GIVEN
    const t = read({
      Sg: { Type: 'AWS::EC2::SecurityGroup', Properties: {} },
      Web: { Type: 'AWS::EC2::Instance', Properties: { SubnetId: 'subnet-1', SecurityGroupIds: [GROUP('Sg'), 'sg-outside'] } },
      NotAnInstance: { Type: 'AWS::EC2::Subnet', Properties: {} },
      Tg: { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: { Targets: [{ Id: { Ref: 'Web' } }, { Id: { Ref: 'NotAnInstance' } }, { Id: { Ref: 'Web' } }] } },
    });

    // THEN
    expect(t.targetGroups.get('Tg')).toEqual(expect.objectContaining({ targetGroups: ['Sg'], targetSubnets: ['subnet-1'], ipTargets: [] }));
    // the instances as the template registers them, with the port where a target names one
    expect(t.targetGroups.get('Tg')?.instances).toEqual([{ instance: 'Web' }, { instance: 'Web' }]);
  });

  test('an instance target\'s own port is read with it', () => {
    const t = read({
      Web: { Type: 'AWS::EC2::Instance', Properties: { SubnetId: 'subnet-1' } },
      Tg: { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: { Port: 80, Targets: [{ Id: { Ref: 'Web' }, Port: '8080' }] } },
    });
    expect(t.targetGroups.get('Tg')?.instances).toEqual([{ instance: 'Web', port: 8080 }]);
  });

  test('auto scaling groups and ECS services add their groups and subnets to the target groups they name', () => {
    // GIVEN
    const t = read({
      Sg: { Type: 'AWS::EC2::SecurityGroup', Properties: {} },
      TaskSg: { Type: 'AWS::EC2::SecurityGroup', Properties: {} },
      Lt: { Type: 'AWS::EC2::LaunchTemplate', Properties: { LaunchTemplateData: { SecurityGroupIds: [GROUP('Sg')] } } },
      Tg: { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: {} },
      Tg2: { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: {} },
      Asg: { Type: 'AWS::AutoScaling::AutoScalingGroup', Properties: { LaunchTemplate: { LaunchTemplateId: { Ref: 'Lt' } }, VPCZoneIdentifier: ['subnet-1', 'subnet-2'], TargetGroupARNs: [{ Ref: 'Tg' }, { Ref: 'Gone' }] } },
      Asg2: { Type: 'AWS::AutoScaling::AutoScalingGroup', Properties: { LaunchTemplate: { LaunchTemplateId: 'lt-elsewhere' }, VPCZoneIdentifier: ['subnet-3'], TargetGroupARNs: [{ Ref: 'Tg' }] } },
      Lonely: { Type: 'AWS::AutoScaling::AutoScalingGroup', Properties: { VPCZoneIdentifier: ['subnet-9'] } },
      Service: {
        Type: 'AWS::ECS::Service',
        Properties: { LoadBalancers: [{ TargetGroupArn: { Ref: 'Tg2' } }, { TargetGroupArn: { Ref: 'Tg' } }], NetworkConfiguration: { AwsvpcConfiguration: { SecurityGroups: [GROUP('TaskSg')], Subnets: ['subnet-1'] } } },
      },
      Bridge: { Type: 'AWS::ECS::Service', Properties: { LoadBalancers: [{ TargetGroupArn: { Ref: 'Tg2' } }] } },
    });

    // THEN
    expect(t.targetGroups.get('Tg')).toEqual(expect.objectContaining({ targetGroups: ['Sg', 'TaskSg'], targetSubnets: ['subnet-1', 'subnet-2', 'subnet-3'] }));
    expect(t.targetGroups.get('Tg2')).toEqual(expect.objectContaining({ targetGroups: ['TaskSg'], targetSubnets: ['subnet-1'] }));
    // who registers in each: the auto scaling groups and services that name it
    expect(t.targetGroups.get('Tg')?.registeredBy).toEqual(['Asg', 'Asg2', 'Service']);
    expect(t.targetGroups.get('Tg2')?.registeredBy).toEqual(['Service', 'Bridge']);
  });
});

describe('listeners and load balancers', () => {
  test('reads listeners with their port, protocol, forwarded target groups and authentication', () => {
    // GIVEN
    const t = read({
      Lb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: {} },
      Tg: { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: {} },
      Tg2: { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: {} },
      Http: { Type: 'AWS::ElasticLoadBalancingV2::Listener', Properties: { LoadBalancerArn: { Ref: 'Lb' }, Port: '80', Protocol: 'HTTP', DefaultActions: [{ Type: 'forward', TargetGroupArn: { Ref: 'Tg' } }] } },
      Https: {
        Type: 'AWS::ElasticLoadBalancingV2::Listener',
        Properties: {
          LoadBalancerArn: { Ref: 'Lb' },
          Port: { Ref: 'Port' },
          DefaultActions: [{ Type: 'authenticate-oidc' }, { Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: { Ref: 'Tg' } }, { TargetGroupArn: { Ref: 'Tg2' } }, { TargetGroupArn: 'arn:elsewhere' }] } }],
        },
      },
      NoPort: { Type: 'AWS::ElasticLoadBalancingV2::Listener', Properties: { LoadBalancerArn: { Ref: 'Lb' }, DefaultActions: [{ Type: 'fixed-response' }] } },
      Elsewhere: { Type: 'AWS::ElasticLoadBalancingV2::Listener', Properties: { LoadBalancerArn: 'arn:lb', Port: 80 } },
    });

    // THEN
    expect(t.loadBalancers.get('Lb')?.listeners).toEqual([
      { id: 'Http', port: 80, protocol: 'HTTP', targetGroups: ['Tg'], authenticates: false },
      { id: 'Https', port: undefined, portText: '{Ref Port}', protocol: undefined, targetGroups: ['Tg', 'Tg2'], authenticates: true },
      { id: 'NoPort', port: undefined, portText: 'no Port', protocol: undefined, targetGroups: [], authenticates: false },
    ]);
  });

  test('listener rules add their target groups once and their authentication to the listener', () => {
    // GIVEN
    const t = read({
      Lb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: {} },
      Tg: { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: {} },
      Tg2: { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: {} },
      L: { Type: 'AWS::ElasticLoadBalancingV2::Listener', Properties: { LoadBalancerArn: { Ref: 'Lb' }, Port: 443, DefaultActions: [{ Type: 'forward', TargetGroupArn: { Ref: 'Tg' } }] } },
      R1: { Type: 'AWS::ElasticLoadBalancingV2::ListenerRule', Properties: { ListenerArn: { Ref: 'L' }, Actions: [{ Type: 'forward', TargetGroupArn: { Ref: 'Tg' } }, { Type: 'forward', TargetGroupArn: { Ref: 'Tg2' } }] } },
      R2: { Type: 'AWS::ElasticLoadBalancingV2::ListenerRule', Properties: { ListenerArn: { Ref: 'L' }, Actions: [{ Type: 'authenticate-cognito' }] } },
      R3: { Type: 'AWS::ElasticLoadBalancingV2::ListenerRule', Properties: { ListenerArn: { Ref: 'L' }, Actions: [{ Type: 'fixed-response' }] } },
      Stray: { Type: 'AWS::ElasticLoadBalancingV2::ListenerRule', Properties: { ListenerArn: 'arn:listener', Actions: [{ Type: 'forward', TargetGroupArn: { Ref: 'Tg2' } }] } },
    });

    // THEN
    expect(t.loadBalancers.get('Lb')?.listeners[0]).toEqual({ id: 'L', port: 443, targetGroups: ['Tg', 'Tg2'], authenticates: true, protocol: undefined });
  });

  test('reads type, scheme, subnets (lists, mappings, unresolved lists kept as one unknown subnet) and groups', () => {
    // GIVEN
    const t = read({
      Sg: { Type: 'AWS::EC2::SecurityGroup', Properties: {} },
      A: { Type: 'AWS::EC2::Subnet', Properties: {} },
      Alb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Scheme: 'internet-facing', Subnets: [{ Ref: 'A' }], SecurityGroups: [GROUP('Sg')] } },
      Nlb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Type: 'network', Scheme: 'internal', SubnetMappings: [{ SubnetId: 'subnet-1' }, { 'Fn::If': ['C', { SubnetId: 'subnet-2' }, { SubnetId: 'subnet-3' }] }, { AllocationId: 'eipalloc-1' }] } },
      Imported: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Type: 42, Subnets: { 'Fn::Split': [',', { 'Fn::ImportValue': 'subnets' }] }, SecurityGroups: { 'Fn::ImportValue': 'sgs' } } },
    });

    // THEN
    const name = (r: { logicalId?: string; text: string }) => r.logicalId ?? r.text;
    expect([...t.loadBalancers.values()].map((lb) => [lb.id, lb.type, lb.internetFacing, lb.subnets.map(name),
      lb.securityGroups.map(name)])).toEqual([
      ['Alb', 'application', true, ['A'], ['Sg']],
      ['Nlb', 'network', false, ['subnet-1', '{If C {"SubnetId":"subnet-2"} {"SubnetId":"subnet-3"}}'], []],
      ['Imported', 'application', true, ['{Split , {ImportValue subnets}}'], ['{ImportValue sgs}']],
    ]);
    expect(t.loadBalancers.get('Alb')?.listeners).toEqual([]);
  });

  test('reads a classic load balancer: a target group per instance port, with the instances and the health check port', () => {
    // GIVEN
    const t = read({
      Sg: { Type: 'AWS::EC2::SecurityGroup', Properties: {} },
      InstSg: { Type: 'AWS::EC2::SecurityGroup', Properties: {} },
      Web: { Type: 'AWS::EC2::Instance', Properties: { SubnetId: 'subnet-1', SecurityGroups: [{ Ref: 'InstSg' }] } },
      NotInstance: { Type: 'AWS::EC2::SecurityGroup', Properties: {} },
      Elb: {
        Type: 'AWS::ElasticLoadBalancing::LoadBalancer',
        Properties: {
          Scheme: 'internal',
          Subnets: ['subnet-1'],
          SecurityGroups: [GROUP('Sg')],
          Instances: [{ Ref: 'Web' }, { Ref: 'NotInstance' }],
          HealthCheck: { Target: 'HTTP:8080/health' },
          Listeners: [
            { LoadBalancerPort: '80', InstancePort: '8080', Protocol: 'HTTP' },
            { LoadBalancerPort: 443, InstancePort: 8080, Protocol: 'HTTPS' },
            { LoadBalancerPort: { Ref: 'P' }, InstancePort: 9090, Protocol: 7 },
          ],
        },
      },
      Plain: { Type: 'AWS::ElasticLoadBalancing::LoadBalancer', Properties: { Listeners: [{ LoadBalancerPort: 80, InstancePort: { Ref: 'IP' } }], HealthCheck: { Target: 'nonsense' } } },
    });

    // THEN
    expect(t.loadBalancers.get('Elb')).toEqual({
      id: 'Elb',
      type: 'classic',
      internetFacing: false,
      subnets: [{ text: 'subnet-1' }],
      securityGroups: [{ logicalId: 'Sg', text: 'Sg' }],
      listeners: [
        { id: 'Elb listener 1', port: 80, protocol: 'HTTP', targetGroups: ['Elb:8080'], authenticates: false },
        { id: 'Elb listener 2', port: 443, protocol: 'HTTPS', targetGroups: ['Elb:8080'], authenticates: false },
        { id: 'Elb listener 3', port: undefined, portText: '{Ref P}', protocol: undefined, targetGroups: ['Elb:9090'], authenticates: false },
      ],
    });
    expect(t.targetGroups.get('Elb:8080')).toEqual({
      id: 'Elb:8080',
      port: 8080,
      healthCheckPort: 8080,
      healthCheckOnTrafficPort: true,
      targetGroups: ['InstSg'],
      targetSubnets: ['subnet-1'],
      ipTargets: [],
      instances: [{ instance: 'Web' }],
      registeredBy: [],
    });
    expect(t.targetGroups.get('Elb:9090')).toEqual(expect.objectContaining({ port: 9090, healthCheckPort: 8080, healthCheckOnTrafficPort: false }));
    expect(t.targetGroups.get('Plain:{Ref IP}')).toEqual(expect.objectContaining({ port: undefined, healthCheckPort: undefined, healthCheckOnTrafficPort: true, targetGroups: [] }));
    expect(t.loadBalancers.get('Plain')).toEqual(expect.objectContaining({ internetFacing: true, subnets: [], securityGroups: [] }));
  });
});
