import { address, symbol } from '../../../src/assertions/private/addresses';
import { EndKind, resolveEnd } from '../../../src/assertions/private/endpoints';
import { INTERNET_ADDRESS, S3_ADDRESS } from '../../../src/assertions/private/reach';
import { TemplateReader } from '../../../src/assertions/private/reader';

const GROUP = (id: string) => ({ 'Fn::GetAtt': [id, 'GroupId'] });
const t = new TemplateReader({
  Resources: {
    Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
    Sub: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.1.0/24' } },
    Sg: { Type: 'AWS::EC2::SecurityGroup', Properties: { VpcId: { Ref: 'Vpc' }, SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 1, ToPort: 1, SourceSecurityGroupId: 'sg-peer' }] } },
    NoVpcSg: { Type: 'AWS::EC2::SecurityGroup', Properties: {} },
    Lb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Subnets: [{ Ref: 'Sub' }, 'subnet-2'], SecurityGroups: [GROUP('Sg'), 'sg-x'] } },
    Elb: { Type: 'AWS::ElasticLoadBalancing::LoadBalancer', Properties: { Subnets: [{ Ref: 'Sub' }], SecurityGroups: [GROUP('Sg')] } },
    Web: { Type: 'AWS::EC2::Instance', Properties: { SubnetId: { Ref: 'Sub' }, SecurityGroupIds: [GROUP('Sg'), 'sg-1'] } },
    Bare: { Type: 'AWS::EC2::Instance', Properties: { NetworkInterfaces: [{ SubnetId: 'subnet-3' }] } },
    Lt: { Type: 'AWS::EC2::LaunchTemplate', Properties: { LaunchTemplateData: { SecurityGroupIds: [GROUP('Sg')] } } },
    EmptyLt: { Type: 'AWS::EC2::LaunchTemplate', Properties: { LaunchTemplateData: {} } },
    Asg: { Type: 'AWS::AutoScaling::AutoScalingGroup', Properties: { LaunchTemplate: { LaunchTemplateId: { Ref: 'Lt' } }, VPCZoneIdentifier: [{ Ref: 'Sub' }] } },
    AsgDefault: { Type: 'AWS::AutoScaling::AutoScalingGroup', Properties: { LaunchTemplate: { LaunchTemplateId: { Ref: 'EmptyLt' } }, VPCZoneIdentifier: ['subnet-4'] } },
    AsgElsewhere: { Type: 'AWS::AutoScaling::AutoScalingGroup', Properties: { LaunchTemplate: { LaunchTemplateId: 'lt-0abc' }, VPCZoneIdentifier: ['subnet-4'] } },
    Service: { Type: 'AWS::ECS::Service', Properties: { NetworkConfiguration: { AwsvpcConfiguration: { SecurityGroups: [GROUP('Sg')], Subnets: [{ Ref: 'Sub' }] } } } },
    ServiceDefault: { Type: 'AWS::ECS::Service', Properties: { NetworkConfiguration: { AwsvpcConfiguration: { Subnets: [{ Ref: 'Sub' }] } } } },
    Bridge: { Type: 'AWS::ECS::Service', Properties: {} },
    Bucket: { Type: 'AWS::S3::Bucket', Properties: {} },
  },
});
const end = (kind: EndKind, value: string, subnets: string[] = [], label = 'the end') => resolveEnd(t, { kind, value, subnets, label });
const addresses = (id: string) => symbol(`addresses of ${id}`);

describe('flow ends outside the VPC', () => {
  test.each([
    ['internet', { label: 'the end', groups: [], subnets: [], address: INTERNET_ADDRESS, outside: 'internet' }],
    ['s3', { label: 'the end', groups: [], subnets: [], address: S3_ADDRESS, outside: 's3' }],
  ] as const)('%s', (kind, expected) => {
    expect(end(kind, '')).toEqual(expected);
  });

  test('a CIDR block, and the error for anything else', () => {
    expect(end('cidr', '192.0.2.0/24')).toEqual({ label: 'the end', groups: [], subnets: [], address: address('192.0.2.0/24'), outside: 'network' });
    expect(() => end('cidr', 'somewhere')).toThrow("FlowEndpoint.cidr: expected an IPv4 CIDR such as '10.1.0.0/16', got 'somewhere'");
  });
});

describe('security groups and subnets', () => {
  test('a group of the template has its VPC\'s addresses; one outside it, or without a VPC, its members', () => {
    expect(end('securityGroup', 'Sg', ['Sub'])).toEqual({ label: 'the end', groups: ['Sg'], subnets: ['Sub'], address: address('10.0.0.0/16') });
    expect(end('securityGroup', 'NoVpcSg')).toEqual({ label: 'the end', groups: ['NoVpcSg'], subnets: [], address: symbol('members of NoVpcSg') });
    expect(end('securityGroup', 'sg-peer')).toEqual({ label: 'the end', groups: ['sg-peer'], subnets: [], address: symbol('members of sg-peer') });
  });

  test('fails for a group the template neither defines nor names, listing both', () => {
    expect(() => end('securityGroup', 'Nope')).toThrow("FlowEndpoint: no AWS::EC2::SecurityGroup 'Nope' in the template; security groups: Sg, NoVpcSg; groups it names outside the template: sg-x, sg-peer");
    const empty = new TemplateReader({ Resources: {} });
    expect(() => resolveEnd(empty, { kind: 'securityGroup', value: 'Nope', subnets: [], label: '' })).toThrow("FlowEndpoint: no AWS::EC2::SecurityGroup 'Nope' in the template; security groups: none");
  });

  test('fails for a subnet given with a group that the template does not name', () => {
    expect(() => end('securityGroup', 'Sg', ['subnet-9'])).toThrow("FlowEndpoint: no AWS::EC2::Subnet 'subnet-9' in the template, and no subnet id the template names");
  });

  test('a subnet of the template, or one it names by literal id', () => {
    expect(end('subnet', 'Sub')).toEqual({ label: 'the end', groups: [], subnets: ['Sub'], address: address('10.0.1.0/24') });
    expect(end('subnet', 'subnet-2')).toEqual({ label: 'the end', groups: [], subnets: ['subnet-2'], address: symbol('subnet-2.CidrBlock') });
    expect(() => end('subnet', 'subnet-9')).toThrow("FlowEndpoint: no AWS::EC2::Subnet 'subnet-9' in the template, and no subnet id the template names");
  });
});

describe('resources', () => {
  test.each([
    // #35 item 9: an instance, auto scaling group or service that names no group is in its VPC's
    // default group: a group of the model in a VPC of the template (Sub), else one outside it (subnet-3, subnet-4)
    // #33: a group without subnets named is placed where its members are (the load balancer, the instance, the auto scaling group, the service)
    ['Sg', { label: 'security group Sg', groups: ['Sg'], subnets: ['Sub', 'subnet-2'], address: address('10.0.0.0/16') }],
    ['Sub', { label: 'subnet Sub', groups: [], subnets: ['Sub'], address: address('10.0.1.0/24') }],
    ['Lb', { label: 'load balancer Lb', groups: ['Sg', 'sg-x'], subnets: ['Sub', 'subnet-2'], address: addresses('Lb'), loadBalancer: 'Lb' }],
    ['Elb', { label: 'load balancer Elb', groups: ['Sg'], subnets: ['Sub'], address: addresses('Elb'), loadBalancer: 'Elb' }],
    ['Web', { label: 'instance Web', groups: ['Sg', 'sg-1'], subnets: ['Sub'], address: addresses('Web') }],
    ['Bare', { label: 'instance Bare', groups: ['the VPC default security group'], subnets: ['subnet-3'], address: addresses('Bare') }],
    ['Asg', { label: 'auto scaling group Asg', groups: ['Sg'], subnets: ['Sub'], address: addresses('Asg'), groupsUnknown: false }],
    ['AsgDefault', { label: 'auto scaling group AsgDefault', groups: ['the VPC default security group'], subnets: ['subnet-4'], address: addresses('AsgDefault'), groupsUnknown: false }],
    ['AsgElsewhere', {
      label: 'auto scaling group AsgElsewhere',
      groups: ['the security groups of the launch template of AsgElsewhere (not in the template)'],
      subnets: ['subnet-4'],
      address: addresses('AsgElsewhere'),
      groupsUnknown: true,
    }],
    ['Service', { label: 'ECS service Service', groups: ['Sg'], subnets: ['Sub'], address: addresses('Service') }],
    ['ServiceDefault', { label: 'ECS service ServiceDefault', groups: ['Vpc.DefaultSecurityGroup'], subnets: ['Sub'], address: addresses('ServiceDefault') }],
    ['Bridge', {
      label: 'ECS service Bridge', groups: ['the container instances\' security groups of Bridge (not awsvpc networking)'], subnets: [], address: addresses('Bridge'), groupsUnknown: true,
    }],
  ])('%s', (id, expected) => {
    expect(end('resource', id)).toEqual(expected);
  });

  test('fails for a resource that is not in the template or cannot be an end', () => {
    expect(() => end('resource', 'Nope')).toThrow("FlowEndpoint: no resource 'Nope' in the template");
    expect(() => end('resource', 'Bucket')).toThrow("FlowEndpoint: 'Bucket' is a AWS::S3::Bucket; use a load balancer, an instance, an auto scaling group, an ECS service, a security group or a subnet");
  });
});
