import { aclEntry, conforming, findingsOf, Resources, tcp, toGroup, withAcl } from './fixtures';

/**
 * The template reader, seen through the checks: targets registered in every way the template can
 * say it, listeners forwarding in every way, and the load balancer's subnets however they are given.
 */

const TARGET_SG = { 'Fn::GetAtt': ['TargetSg', 'GroupId'] };
const TARGET_SUBNET = { Ref: 'TargetSubnet' };

/** Targets found (their group and subnet): a broken target rule and an empty target ACL are reported. */
const TARGETS_FOUND = [
  ['TGSG-IN-TARGET', 'TargetSg'],
  ['TGACL-IN-TARGET', 'TargetSubnetAcl (final deny *)'],
  ['TGACL-IN-HEALTH-CHECK', 'TargetSubnetAcl (final deny *)'],
  ['TGACL-OUT-EPHEMERAL-VPC', 'TargetSubnetAcl (final deny *)'],
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

  test('an auto scaling group of a target group outside the template adds nothing', () => {
    const r = withoutInstance();
    r.Lt = { Type: 'AWS::EC2::LaunchTemplate', Properties: { LaunchTemplateData: { SecurityGroupIds: [TARGET_SG] } } };
    r.Asg = { Type: 'AWS::AutoScaling::AutoScalingGroup', Properties: { LaunchTemplate: { LaunchTemplateId: { Ref: 'Lt' } }, VPCZoneIdentifier: [TARGET_SUBNET], TargetGroupARNs: ['arn:aws:elasticloadbalancing:eu-west-1:111111111111:targetgroup/other/1'] } };
    // the targets' group is still found through the load balancer's egress rules, the subnet is not
    expect(probe(r)).toEqual([['TGSG-IN-TARGET', 'TargetSg']]);
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
