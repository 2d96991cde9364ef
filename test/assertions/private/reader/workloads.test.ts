import { References } from '../../../../src/assertions/private/reader/references';
import { ResourceIndex } from '../../../../src/assertions/private/reader/template';
import { autoScalingGroupGroups, autoScalingGroupSubnets, ecsServiceNetwork, instanceGroups, instanceSubnets } from '../../../../src/assertions/private/reader/workloads';

const index = new ResourceIndex({
  Resources: {
    Lt: { Type: 'AWS::EC2::LaunchTemplate', Properties: { LaunchTemplateData: { SecurityGroupIds: ['sg-1'], SecurityGroups: ['default'], NetworkInterfaces: [{ Groups: ['sg-2'] }, {}] } } },
    Empty: { Type: 'AWS::EC2::LaunchTemplate', Properties: {} },
    Lc: { Type: 'AWS::AutoScaling::LaunchConfiguration', Properties: { SecurityGroups: ['sg-3'] } },
    NotLt: { Type: 'AWS::EC2::SecurityGroup', Properties: {} },
  },
});
const refs = new References(index, new Map());

describe('instances', () => {
  test('groups and subnets come from the instance and its network interfaces', () => {
    const p = { SubnetId: 'subnet-1', SecurityGroupIds: ['sg-1'], SecurityGroups: ['web'], NetworkInterfaces: [{ SubnetId: 'subnet-2', GroupSet: ['sg-2'] }, { DeviceIndex: 1 }] };
    expect(instanceGroups(p)).toEqual(['sg-1', 'web', 'sg-2']);
    expect(instanceSubnets(p)).toEqual(['subnet-1', 'subnet-2']);
    expect([instanceGroups({}), instanceSubnets({})]).toEqual([[], []]);
  });
});

describe('auto scaling groups', () => {
  test.each([
    ['a launch template by id', { LaunchTemplate: { LaunchTemplateId: { Ref: 'Lt' } } }, ['sg-1', 'default', 'sg-2']],
    ['a launch template by name', { LaunchTemplate: { LaunchTemplateName: { Ref: 'Lt' } } }, ['sg-1', 'default', 'sg-2']],
    ['a mixed instances policy', { MixedInstancesPolicy: { LaunchTemplate: { LaunchTemplateSpecification: { LaunchTemplateId: { Ref: 'Lt' } } } } }, ['sg-1', 'default', 'sg-2']],
    ['a launch template without data', { LaunchTemplate: { LaunchTemplateId: { Ref: 'Empty' } } }, []],
    ['a launch configuration', { LaunchConfigurationName: { Ref: 'Lc' } }, ['sg-3']],
    ['neither', {}, []],
    ['a launch template elsewhere', { LaunchTemplate: { LaunchTemplateId: 'lt-0abc' } }, undefined],
    ['a launch template id naming something else', { LaunchTemplate: { LaunchTemplateId: { Ref: 'NotLt' } } }, undefined],
    ['a launch configuration elsewhere', { LaunchConfigurationName: 'legacy-lc' }, undefined],
    ['a launch configuration name naming a launch template', { LaunchConfigurationName: { Ref: 'Lt' } }, undefined],
  ])('the groups of one with %s', (_name, p, expected) => {
    expect(autoScalingGroupGroups(index, refs, p)).toEqual(expected);
  });

  test('its subnets are VPCZoneIdentifier, an unresolved list kept as one', () => {
    expect(autoScalingGroupSubnets({ VPCZoneIdentifier: ['subnet-1'] })).toEqual(['subnet-1']);
    expect(autoScalingGroupSubnets({ VPCZoneIdentifier: { Ref: 'Subnets' } })).toEqual([{ Ref: 'Subnets' }]);
    expect(autoScalingGroupSubnets({})).toEqual([]);
  });
});

describe('ECS services', () => {
  test('awsvpc networking gives groups and subnets; other modes give none', () => {
    expect(ecsServiceNetwork({ NetworkConfiguration: { AwsvpcConfiguration: { SecurityGroups: ['sg-1'], Subnets: ['subnet-1'] } } })).toEqual({ groups: ['sg-1'], subnets: ['subnet-1'] });
    expect(ecsServiceNetwork({ NetworkConfiguration: { AwsvpcConfiguration: {} } })).toEqual({ groups: [], subnets: [] });
    expect(ecsServiceNetwork({ NetworkConfiguration: { AwsvpcConfiguration: 'awsvpc' } })).toBeUndefined();
    expect(ecsServiceNetwork({})).toBeUndefined();
  });
});
