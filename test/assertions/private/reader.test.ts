import { aclEntry, conforming, findingsOf, modelOf, Resources, tcp, toGroup, withAcl } from './fixtures';
import { assertions } from '../../../src';

/**
 * The template reader, seen through the checks: targets registered in every way the template can
 * say it, listeners forwarding in every way, and the load balancer's subnets however they are given.
 */

const TARGET_SG = { 'Fn::GetAtt': ['TargetSg', 'GroupId'] };
const TARGET_SUBNET = { Ref: 'TargetSubnet' };

/**
 * Targets found (their group and subnet): a broken target rule and an empty target ACL are
 * reported, the ACL's findings on the ACL itself (its final deny decides).
 */
const TARGETS_FOUND = [
  ['TGSG-IN-TARGET', 'TargetSg'],
  ['TGACL-IN-TARGET', 'TargetSubnetAcl'],
  ['TGACL-IN-HEALTH-CHECK', 'TargetSubnetAcl'],
  ['TGACL-OUT-EPHEMERAL-VPC', 'TargetSubnetAcl'],
];

function probe(r: Resources) {
  // the target port rule removed from the targets' group, and an ACL without entries on their subnet
  (r.TargetSg.Properties.SecurityGroupIngress as unknown[]).splice(0, 1);
  withAcl(r, 'TargetSubnet', {});
  return findingsOf(r).map((f) => [f.id, f.resource]);
}

function withoutInstance(): Resources {
  const r = conforming();
  delete r.Web;
  delete r.Tg.Properties.Targets;
  return r;
}

describe('targets', () => {
  test.each([
    ['an instance with SubnetId and SecurityGroupIds', () => conforming()],
    ['an instance with a network interface', () => {
      const r = withoutInstance();
      r.Web = { Type: 'AWS::EC2::Instance', Properties: { NetworkInterfaces: [{ DeviceIndex: '0', SubnetId: TARGET_SUBNET, GroupSet: [TARGET_SG] }] } };
      r.Tg.Properties.Targets = [{ Id: { Ref: 'Web' } }];
      return r;
    }],
    ['an auto scaling group with a launch template', () => {
      const r = withoutInstance();
      r.Lt = { Type: 'AWS::EC2::LaunchTemplate', Properties: { LaunchTemplateData: { SecurityGroupIds: [TARGET_SG] } } };
      r.Asg = { Type: 'AWS::AutoScaling::AutoScalingGroup', Properties: { LaunchTemplate: { LaunchTemplateId: { Ref: 'Lt' } }, VPCZoneIdentifier: [TARGET_SUBNET], TargetGroupARNs: [{ Ref: 'Tg' }] } };
      return r;
    }],
    ['an auto scaling group with a launch template\'s network interface', () => {
      const r = withoutInstance();
      r.Lt = { Type: 'AWS::EC2::LaunchTemplate', Properties: { LaunchTemplateData: { NetworkInterfaces: [{ DeviceIndex: 0, Groups: [TARGET_SG] }] } } };
      r.Asg = { Type: 'AWS::AutoScaling::AutoScalingGroup', Properties: { LaunchTemplate: { LaunchTemplateId: { Ref: 'Lt' } }, VPCZoneIdentifier: [TARGET_SUBNET], TargetGroupARNs: [{ Ref: 'Tg' }] } };
      return r;
    }],
    ['an auto scaling group with a launch configuration', () => {
      const r = withoutInstance();
      r.Lc = { Type: 'AWS::AutoScaling::LaunchConfiguration', Properties: { SecurityGroups: [TARGET_SG] } };
      r.Asg = { Type: 'AWS::AutoScaling::AutoScalingGroup', Properties: { LaunchConfigurationName: { Ref: 'Lc' }, VPCZoneIdentifier: [TARGET_SUBNET], TargetGroupARNs: [{ Ref: 'Tg' }] } };
      return r;
    }],
    ['an ECS service (awsvpc)', () => {
      const r = withoutInstance();
      r.Service = {
        Type: 'AWS::ECS::Service',
        Properties: {
          LoadBalancers: [{ TargetGroupArn: { Ref: 'Tg' }, ContainerPort: 8080 }],
          NetworkConfiguration: { AwsvpcConfiguration: { SecurityGroups: [TARGET_SG], Subnets: [TARGET_SUBNET] } },
        },
      };
      return r;
    }],
    ['a listener forwarding through ForwardConfig', () => {
      const r = conforming();
      r.Listener.Properties.DefaultActions = [{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: { Ref: 'Tg' }, Weight: 1 }] } }];
      return r;
    }],
    ['a listener rule forwarding (the default action answers itself)', () => {
      const r = conforming();
      r.Listener.Properties.DefaultActions = [{ Type: 'fixed-response' }];
      r.Rule = { Type: 'AWS::ElasticLoadBalancingV2::ListenerRule', Properties: { ListenerArn: { Ref: 'Listener' }, Priority: 1, Actions: [{ Type: 'forward', TargetGroupArn: { Ref: 'Tg' } }] } };
      return r;
    }],
  ])('registered through %s: found with their group and subnet', (_, template) => {
    expect(probe(template())).toEqual(TARGETS_FOUND);
  });

  test('an auto scaling group of a target group outside the template: no registration, but its instances place the targets\' group (#33)', () => {
    const r = withoutInstance();
    r.Lt = { Type: 'AWS::EC2::LaunchTemplate', Properties: { LaunchTemplateData: { SecurityGroupIds: [TARGET_SG] } } };
    r.Asg = { Type: 'AWS::AutoScaling::AutoScalingGroup', Properties: { LaunchTemplate: { LaunchTemplateId: { Ref: 'Lt' } }, VPCZoneIdentifier: [TARGET_SUBNET], TargetGroupARNs: ['arn:aws:elasticloadbalancing:eu-west-1:111111111111:targetgroup/other/1'] } };
    // the targets' group is found through the load balancer's egress rules, and its members (the
    // auto scaling group's instances) are in TargetSubnet: the target ACL is checked there too
    expect(probe(r)).toEqual(TARGETS_FOUND);
  });

  test('a target group port given as a string and the health check on the traffic port', () => {
    const r = conforming();
    r.Tg.Properties.Port = '8080';
    r.Tg.Properties.HealthCheckPort = 'traffic-port';
    r.LbSg.Properties.SecurityGroupEgress = [tcp(8080, toGroup('TargetSg'))];
    (r.TargetSg.Properties.SecurityGroupIngress as unknown[]).splice(1, 1);
    expect(findingsOf(r)).toEqual([]);
  });

  test('a health-check port given as a number', () => {
    const r = conforming();
    r.Tg.Properties.HealthCheckPort = 8081;
    (r.TargetSg.Properties.SecurityGroupIngress as unknown[]).splice(1, 1);
    expect(findingsOf(r).map((f) => f.id)).toEqual(['TGSG-IN-HEALTH-CHECK']);
  });
});

describe('load balancer subnets', () => {
  test.each([
    ['Subnets', (r: Resources) => r],
    ['SubnetMappings', (r: Resources) => {
      delete r.Lb.Properties.Subnets;
      r.Lb.Properties.SubnetMappings = [{ SubnetId: { Ref: 'LbSubnet' } }];
      return r;
    }],
  ])('given as %s', (_, shape) => {
    const r = shape(withAcl(conforming(), 'LbSubnet', { Only: aclEntry('LbSubnetAcl', 100, false, '0.0.0.0/0', 80) }));
    expect(findingsOf(r).map((f) => f.id)).toEqual(['LBACL-OUT-EPHEMERAL-INTERNET', 'LBACL-OUT-TARGET', 'LBACL-OUT-HEALTH-CHECK', 'LBACL-IN-EPHEMERAL-VPC']);
  });
});

describe('values as CloudFormation allows them', () => {

  test('ports given as strings', () => {
    const r = conforming();
    r.LbSg.Properties.SecurityGroupIngress = [{ IpProtocol: 'tcp', FromPort: '80', ToPort: '80', CidrIp: '0.0.0.0/0' }];
    expect(findingsOf(r)).toEqual([]);
    r.LbSg.Properties.SecurityGroupIngress = [{ IpProtocol: 'tcp', FromPort: '81', ToPort: '81', CidrIp: '0.0.0.0/0' }];
    expect(findingsOf(r).map((f) => f.id)).toEqual(['LBSG-IN-LISTENER-INTERNET', 'LBSG-IN-LISTENER-INTERNET']);
  });

  test('the VPC\'s CidrBlock attribute as a rule\'s CIDR is the VPC\'s block; another attribute is a symbol', () => {
    const r = conforming();
    r.TargetSg.Properties.SecurityGroupIngress[2] = { IpProtocol: 'icmp', FromPort: 3, ToPort: 4, CidrIp: { 'Fn::GetAtt': ['Vpc', 'CidrBlock'] } };
    expect(findingsOf(r)).toEqual([]);
    r.LbSg.Properties.SecurityGroupIngress = [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: { 'Fn::GetAtt': ['Vpc', 'CidrBlock'] } }];
    expect(modelOf(r).evaluate(assertions.FlowEndpoint.cidr('10.0.5.0/24'), assertions.FlowEndpoint.securityGroup('LbSg'), 80).allowed).toBe(true);
    expect(modelOf(r).evaluate(assertions.FlowEndpoint.cidr('10.1.0.0/24'), assertions.FlowEndpoint.securityGroup('LbSg'), 80).allowed).toBe(false);
    r.LbSg.Properties.SecurityGroupIngress = [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: { 'Fn::GetAtt': ['Vpc', 'Ipv6CidrBlocks'] } }];
    const flow = modelOf(r).evaluate(assertions.FlowEndpoint.cidr('10.0.5.0/24'), assertions.FlowEndpoint.securityGroup('LbSg'), 80);
    expect(flow.allowed).toBe(false);
    expect(flow.explanation).toContain('Vpc.Ipv6CidrBlocks');
  });

  test('a VPC whose block is not a literal is a symbol named after it', () => {
    const r = conforming(true);
    r.Vpc.Properties = { Ipv4IpamPoolId: 'ipam-pool-1', Ipv4NetmaskLength: 16 };
    r.LbSg.Properties.SecurityGroupIngress = [];
    expect(findingsOf(r)[0].message).toEqual('Lb: no ingress rule of LbSg allows TCP 80 from a client in the VPC (Vpc.CidrBlock)');
  });

  test('ACL entries are evaluated by rule number, not by their order in the template', () => {
    const r = withAcl(conforming(), 'LbSubnet', {
      AllowAll: aclEntry('LbSubnetAcl', 200, false, '0.0.0.0/0', undefined, undefined, 'allow', -1),
      DenyListener: aclEntry('LbSubnetAcl', 100, false, '0.0.0.0/0', 80, 80, 'deny'),
      Out: aclEntry('LbSubnetAcl', 100, true, '0.0.0.0/0', undefined, undefined, 'allow', -1),
    });
    // the allow-all entries are wider than recommended
    expect(findingsOf(r).map((f) => [f.id, f.resource])).toEqual([['LBACL-IN-LISTENER-INTERNET', 'DenyListener'], ['LBACL-OUT-TARGET', 'Out'], ['LBACL-IN-LISTENER-INTERNET', 'AllowAll']]);
  });

  test('a rule with no peer is an unknown peer: never a silent "allowed"', () => {
    const r = conforming();
    r.LbSg.Properties.SecurityGroupIngress = [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80 }];
    expect(findingsOf(r).map((f) => f.id)).toEqual(['LBSG-IN-LISTENER-INTERNET']);
  });

  test.each([
    ['no Resources', '{}'],
    ['Resources that is not an object', '{"Resources": 3}'],
    ['a resource without Type or Properties', '{"Resources": {"X": {}, "Lb": {"Type": "AWS::ElasticLoadBalancingV2::LoadBalancer"}}}'],
  ])('a template with %s reads without a crash', (_, json) => {
    expect(() => assertions.TemplateModel.fromJsonString(json).checkRecommendations()).not.toThrow();
  });
});
