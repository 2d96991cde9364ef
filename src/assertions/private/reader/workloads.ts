import type { References } from './references';
import type { AutoScalingGroupProperties, EcsServiceProperties, InstanceProperties, NetworkInterfaceProperties, ResourceIndex, Value } from './template';
import { asArray, listOf, numberOr } from './values';

/**
 * Where instances, auto scaling groups and ECS services put their network interfaces: the values
 * (`Ref`s, literal ids) of their security groups and subnets, as the template gives them.
 */

/** The security groups of an instance: its own, or those of its network interfaces. */
export function instanceGroups(p: InstanceProperties): Value[] {
  return [...listOf(p.SecurityGroupIds), ...listOf(p.SecurityGroups), ...asArray(p.NetworkInterfaces).flatMap((n) => listOf(n?.GroupSet))];
}

/** One network interface of an instance, as the template gives it. */
export interface InstanceInterface {
  /** Its `DeviceIndex` (0 for the primary interface); undefined where the template gives none the model can read. */
  readonly deviceIndex?: number;
  /** The logical id (or literal id) of the `AWS::EC2::NetworkInterface` it is, when it is not inline. */
  readonly eni?: string;
  /** Set when it is an interface the template names only by id (`eni-…`): its groups and subnet are unknown. */
  readonly outside?: boolean;
  readonly groups: Value[];
  readonly subnet?: Value;
  /** Its primary private IPv4 address, as the template gives it (`PrivateIpAddress`, or the `Primary` one of `PrivateIpAddresses`). */
  readonly privateIp?: Value;
}

/**
 * The network interfaces of an instance, by device index: its `NetworkInterfaces` (inline, or an
 * `AWS::EC2::NetworkInterface` named by `NetworkInterfaceId`) and the interfaces an
 * `AWS::EC2::NetworkInterfaceAttachment` attaches to it; without `NetworkInterfaces`, the primary
 * interface its own `SubnetId`, security groups and `PrivateIpAddress` make. Each interface has its
 * own groups and subnet.
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-eni.html
 */
export function instanceInterfaces(index: ResourceIndex, refs: References, id: string | undefined, p: InstanceProperties): InstanceInterface[] {
  const ofEni = (value: Value, deviceIndex: number | undefined): InstanceInterface => {
    const eni = refs.logicalId(value);
    const n = index.propertiesIf(eni, 'AWS::EC2::NetworkInterface');
    if (!n) return { deviceIndex, eni: refs.nameOf(value), outside: true, groups: [] };
    return { deviceIndex, eni, ...interfaceOf(n) };
  };
  const device = (v: Value) => { const n = numberOr(v, -1); return n >= 0 ? n : undefined; };
  const inline = asArray(p.NetworkInterfaces).filter((n) => n && typeof n === 'object');
  const out: InstanceInterface[] = inline.length > 0
    ? inline.map((n) => (n.NetworkInterfaceId !== undefined
      ? ofEni(n.NetworkInterfaceId, device(n.DeviceIndex))
      : { deviceIndex: device(n.DeviceIndex), ...interfaceOf(n) }))
    : [{ deviceIndex: 0, groups: [...listOf(p.SecurityGroupIds), ...listOf(p.SecurityGroups)], subnet: p.SubnetId, privateIp: p.PrivateIpAddress }];
  if (id !== undefined) {
    for (const [, a] of index.ofType('AWS::EC2::NetworkInterfaceAttachment')) {
      if (refs.logicalId(a.InstanceId) === id) out.push(ofEni(a.NetworkInterfaceId, device(a.DeviceIndex)));
    }
  }
  // a stable sort: interfaces without a readable device index keep their place after the others
  return out.sort((a, b) => (a.deviceIndex ?? Number.MAX_SAFE_INTEGER) - (b.deviceIndex ?? Number.MAX_SAFE_INTEGER));
}

/** An interface's groups, subnet and primary private address (an `AWS::EC2::NetworkInterface`, or an instance's inline entry). */
function interfaceOf(n: NetworkInterfaceProperties): Omit<InstanceInterface, 'deviceIndex' | 'eni'> {
  const primary = asArray(n.PrivateIpAddresses).find((x) => x?.Primary === true || x?.Primary === 'true')?.PrivateIpAddress;
  const privateIp = n.PrivateIpAddress ?? primary;
  return { groups: listOf(n.GroupSet), subnet: n.SubnetId, ...(privateIp !== undefined ? { privateIp } : {}) };
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
