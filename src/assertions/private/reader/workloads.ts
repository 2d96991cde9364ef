import type { References } from './references';
import type { AutoScalingGroupProperties, EcsServiceProperties, InstanceProperties, ResourceIndex, Value } from './template';
import { asArray, listOf } from './values';

/**
 * Where instances, auto scaling groups and ECS services put their network interfaces: the values
 * (`Ref`s, literal ids) of their security groups and subnets, as the template gives them.
 */

/** The security groups of an instance: its own, or those of its network interfaces. */
export function instanceGroups(p: InstanceProperties): Value[] {
  return [...listOf(p.SecurityGroupIds), ...listOf(p.SecurityGroups), ...asArray(p.NetworkInterfaces).flatMap((n) => listOf(n?.GroupSet))];
}

/** The subnets of an instance: its own, or those of its network interfaces. */
export function instanceSubnets(p: InstanceProperties): Value[] {
  return [p.SubnetId, ...asArray(p.NetworkInterfaces).map((n) => n?.SubnetId)].filter((s) => s !== undefined);
}

/**
 * The security groups of an auto scaling group's instances: those of its launch template (plain or
 * in a mixed instances policy: `SecurityGroupIds`, `SecurityGroups`, the network interfaces'
 * `Groups`) or launch configuration. Undefined when the launch template or configuration is not a
 * resource of the template (its groups are unknown).
 */
export function autoScalingGroupGroups(index: ResourceIndex, refs: References, p: AutoScalingGroupProperties): Value[] | undefined {
  const spec = p.LaunchTemplate ?? p.MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification;
  if (spec) {
    const lt = index.propertiesIf(refs.logicalId(spec.LaunchTemplateId ?? spec.LaunchTemplateName), 'AWS::EC2::LaunchTemplate');
    if (!lt) return undefined;
    const data = lt.LaunchTemplateData ?? {};
    return [...listOf(data.SecurityGroupIds), ...listOf(data.SecurityGroups), ...asArray(data.NetworkInterfaces).flatMap((n) => listOf(n?.Groups))];
  }
  if (p.LaunchConfigurationName !== undefined) {
    const lc = index.propertiesIf(refs.logicalId(p.LaunchConfigurationName), 'AWS::AutoScaling::LaunchConfiguration');
    return lc ? listOf(lc.SecurityGroups) : undefined;
  }
  return [];
}

/** The subnets of an auto scaling group's instances. */
export function autoScalingGroupSubnets(p: AutoScalingGroupProperties): Value[] {
  return listOf(p.VPCZoneIdentifier);
}

/** The `awsvpc` network configuration of an ECS service; undefined with another network mode. */
export function ecsServiceNetwork(p: EcsServiceProperties): { groups: Value[]; subnets: Value[] } | undefined {
  const c = p.NetworkConfiguration?.AwsvpcConfiguration;
  return c && typeof c === 'object' ? { groups: listOf(c.SecurityGroups), subnets: listOf(c.Subnets) } : undefined;
}
