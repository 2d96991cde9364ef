import { Address, address, contains, symbol } from './addresses';
import { unreachable } from './exhaustive';
import { EndInterface, EndpointSpec, INTERNET_ADDRESS, S3_ADDRESS } from './reach';
import { TemplateReader } from './reader';
import { autoScalingGroupGroups, autoScalingGroupSubnets, ecsServiceNetwork, InstanceInterface, instanceInterfaces } from './reader/workloads';

/** The kinds of flow end the engine resolves (the public `FlowEndpointKind`, in the engine's own terms). */
export type EndKind = 'internet' | 's3' | 'cidr' | 'securityGroup' | 'subnet' | 'resource';

/** A flow end as asked for: its kind, its value (a CIDR, a logical id), subnets named with a group, a label. */
export interface EndRequest {
  readonly kind: EndKind;
  readonly value: string;
  readonly subnets: readonly string[];
  readonly label: string;
}

/** The resource types an end can name (each gives its groups and subnets its own way, below). */
const RESOURCE_ENDS = ['AWS::EC2::SecurityGroup', 'AWS::EC2::Subnet', 'AWS::ElasticLoadBalancing::LoadBalancer',
  'AWS::ElasticLoadBalancingV2::LoadBalancer', 'AWS::EC2::Instance', 'AWS::AutoScaling::AutoScalingGroup', 'AWS::ECS::Service'] as const;
type ResourceEnd = typeof RESOURCE_ENDS[number];

function isResourceEnd(type: string): type is ResourceEnd {
  return (RESOURCE_ENDS as readonly string[]).includes(type);
}

/**
 * Resolves a flow end against a template: the security groups and subnets of the network
 * interfaces there, and the address where there is no subnet. Throws, naming what the template
 * has, when the end names nothing of it.
 */
export function resolveEnd(t: TemplateReader, e: EndRequest): EndpointSpec {
  switch (e.kind) {
    case 'internet':
      return { label: e.label, groups: [], subnets: [], address: INTERNET_ADDRESS, outside: 'internet' };
    case 's3':
      return { label: e.label, groups: [], subnets: [], address: S3_ADDRESS, outside: 's3' };
    case 'cidr': {
      const a = address(e.value);
      if (a.kind !== 'cidr') {
        throw new Error(`FlowEndpoint.cidr: expected an IPv4 CIDR such as '10.1.0.0/16', got '${e.value}'`);
      }
      // addresses inside one subnet of the template are that subnet's: its network ACL is crossed
      const holder = [...t.subnets.values()].find((s) => !s.outside && s.cidr.kind === 'cidr' && contains(s.cidr, a) === 'yes');
      if (holder) return { label: e.label, groups: [], subnets: [holder.id], address: a, pinned: true };
      return { label: e.label, groups: [], subnets: [], address: a, outside: 'network' };
    }
    case 'securityGroup':
      return groupEnd(t, e.value, [...e.subnets], e.label);
    case 'subnet':
      return subnetEnd(t, e.value, e.label);
    case 'resource':
      return resourceEnd(t, e.value);
    default:
      return unreachable(e.kind);
  }
}

function groupEnd(t: TemplateReader, id: string, subnets: string[], label: string): EndpointSpec {
  const sg = t.securityGroups.get(id);
  if (!sg && !t.outsideGroups.has(id)) {
    const outside = [...t.outsideGroups];
    const named = [...t.securityGroups.values()].filter((g) => g.defaultOf === undefined).map((g) => g.id);
    throw new Error(`FlowEndpoint: no AWS::EC2::SecurityGroup '${id}' in the template; security groups: ${named.join(', ') || 'none'}`
      + (outside.length ? `; groups it names outside the template: ${outside.join(', ')}` : ''));
  }
  subnets.forEach((s) => subnetEnd(t, s, s));
  const vpcCidr = sg?.vpc ? t.vpcs.get(sg.vpc) : undefined;
  // no subnets named: the group's members where the template puts them (#33)
  const placed = subnets.length > 0 ? subnets : memberSubnets(t, id);
  return { label, groups: [id], subnets: placed, address: vpcCidr ?? symbol(`members of ${id}`) };
}

/**
 * The subnets of a group's members the template places: instances (and their network interfaces),
 * network interfaces, load balancers, auto scaling groups (through their launch template or
 * configuration), ECS services with `awsvpc` networking and Lambda functions in a VPC. Empty when
 * the template places no member (the end is then not located, and its subnet steps are unknown).
 */
export function memberSubnets(t: TemplateReader, group: string): string[] {
  const out = new Set<string>();
  const name = (v: unknown) => t.nameOf(v) ?? String(v);
  // an interface that names no group is in its VPC's default group
  const placeIf = (groups: unknown[], subnets: unknown[]) => {
    const ids = subnets.filter((s) => s !== undefined).map(name);
    if (t.groupsOrDefault(groups.map(name), ids).includes(group)) ids.forEach((s) => out.add(s));
  };
  for (const [id, p] of t.index.ofType('AWS::EC2::Instance')) {
    // each interface with its own groups, in its own subnet
    for (const i of instanceInterfaces(t.index, t.refs, id, p)) if (!i.outside) placeIf(i.groups, [i.subnet]);
  }
  for (const lb of t.loadBalancers.values()) {
    if (t.loadBalancerGroups(lb).includes(group)) lb.subnets.forEach((s) => out.add(s.logicalId ?? s.text));
  }
  for (const [, p] of t.index.ofType('AWS::AutoScaling::AutoScalingGroup')) {
    const groups = autoScalingGroupGroups(t.index, t.refs, p);
    if (groups) placeIf(groups, autoScalingGroupSubnets(p));
  }
  for (const [, p] of t.index.ofType('AWS::ECS::Service')) {
    const network = ecsServiceNetwork(p);
    if (network) placeIf(network.groups, network.subnets);
  }
  for (const r of Object.values(t.resources)) {
    const p = r.Properties ?? {};
    if (r.Type === 'AWS::Lambda::Function' && listValues(p.VpcConfig?.SecurityGroupIds).length > 0) placeIf(listValues(p.VpcConfig?.SecurityGroupIds), listValues(p.VpcConfig?.SubnetIds));
    if (r.Type === 'AWS::EC2::NetworkInterface') placeIf(listValues(p.GroupSet), [p.SubnetId]);
  }
  if (out.size === 0) {
    // a group an L3 construct of this library made for its targets, none registered in the
    // template: the subnets the construct recorded for its targets
    for (const lb of t.loadBalancers.values()) {
      if (lb.intent?.targetSecurityGroups.includes(group)) lb.intent.targetSubnets.forEach((s) => out.add(s));
    }
  }
  return [...out].filter((s) => t.subnets.has(s));
}

/**
 * An instance: one place per network interface, each with its own groups (none named: its VPC's
 * default group), subnet and, where the template fixes it, primary private address. With one
 * interface the end is that interface.
 */
function instanceEnd(t: TemplateReader, id: string): EndpointSpec {
  const label = `instance ${id}`;
  const p = t.index.propertiesIf(id, 'AWS::EC2::Instance') ?? {};
  const interfaces = instanceInterfaces(t.index, t.refs, id, p);
  const places = interfaces.map((i, n): EndInterface => interfacePlace(t, id, i, interfaces.length > 1 ? `${label}, network interface ${i.deviceIndex ?? `#${n + 1}`}${i.eni ? ` (${i.eni})` : ''}` : label));
  if (places.length === 1) return places[0];
  return {
    label,
    groups: [...new Set(places.flatMap((x) => x.groups))],
    subnets: [...new Set(places.flatMap((x) => x.subnets))],
    address: symbol(`addresses of ${id}`),
    interfaces: places,
  };
}

function interfacePlace(t: TemplateReader, instance: string, i: InstanceInterface, label: string): EndInterface {
  const subnets = i.subnet !== undefined ? [t.nameOf(i.subnet) ?? String(i.subnet)] : [];
  if (i.outside) {
    return { label, groups: [`the security groups of network interface ${i.eni} (not in the template)`], subnets, address: symbol(`addresses of ${i.eni}`), groupsUnknown: true };
  }
  const groups = t.groupsOrDefault(i.groups.map((g) => t.nameOf(g) ?? String(g)), subnets);
  const fixed = fixedAddress(t, instance, i, subnets);
  return { label, groups, subnets, ...(fixed ? { address: fixed, pinned: true } : { address: symbol(`addresses of ${instance}`) }) };
}

/**
 * The primary private address an interface's template fixes: `a.b.c.d/32` for a literal; for a
 * value the model cannot resolve, one address of its subnet (compared as that subnet where the
 * subnet decides, else unknown). Undefined when the template fixes none (AWS picks one of the
 * subnet's: the end is then the subnet's addresses).
 */
function fixedAddress(t: TemplateReader, instance: string, i: InstanceInterface, subnets: string[]): Address | undefined {
  if (i.privateIp === undefined || i.privateIp === null) return undefined;
  if (typeof i.privateIp === 'string') {
    const a = address(`${i.privateIp}/32`);
    if (a.kind === 'cidr') return a;
  }
  // the subnet's CIDR, or for a subnet outside the template its VPC's (as `Reachability.addressIn` takes it)
  const subnet = subnets.length > 0 ? t.subnets.get(subnets[0]) : undefined;
  const vpcCidr = subnet?.vpc !== undefined ? t.vpcs.get(subnet.vpc) : undefined;
  const block = subnet?.cidr.kind === 'cidr' ? subnet.cidr : subnet?.outside && vpcCidr?.kind === 'cidr' ? vpcCidr : undefined;
  return block ? symbol(`the private address of ${i.eni ?? instance} (${t.ref(i.privateIp).text})`, block) : undefined;
}

function listValues(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** A subnet of the template, or one it names by a literal id (an imported VPC's subnet). */
function subnetEnd(t: TemplateReader, id: string, label: string): EndpointSpec {
  const subnet = t.subnets.get(id);
  if (!subnet) {
    throw new Error(`FlowEndpoint: no AWS::EC2::Subnet '${id}' in the template, and no subnet id the template names`);
  }
  return { label, groups: [], subnets: [id], address: subnet.cidr };
}

function resourceEnd(t: TemplateReader, id: string): EndpointSpec {
  const r = t.index.get(id);
  if (!r) {
    throw new Error(`FlowEndpoint: no resource '${id}' in the template`);
  }
  const type = r.Type;
  if (!isResourceEnd(type)) {
    throw new Error(`FlowEndpoint: '${id}' is a ${type}; use a load balancer, an instance, an auto scaling group, an ECS service, a security group or a subnet`);
  }
  const name = (v: unknown) => t.nameOf(v) ?? String(v);
  const addresses = symbol(`addresses of ${id}`);
  switch (type) {
    case 'AWS::EC2::SecurityGroup':
      return groupEnd(t, id, [], `security group ${id}`);
    case 'AWS::EC2::Subnet':
      return subnetEnd(t, id, `subnet ${id}`);
    case 'AWS::ElasticLoadBalancing::LoadBalancer':
    case 'AWS::ElasticLoadBalancingV2::LoadBalancer': {
      const lb = t.loadBalancers.get(id)!;
      const subnets = lb.subnets.map((s) => s.logicalId ?? s.text);
      return { label: `load balancer ${id}`, groups: t.loadBalancerGroups(lb), subnets, address: addresses, loadBalancer: id };
    }
    case 'AWS::EC2::Instance':
      return instanceEnd(t, id);
    case 'AWS::AutoScaling::AutoScalingGroup': {
      // the instances, in the subnets of `VPCZoneIdentifier`, with the groups of their launch
      // template or configuration; one outside the template leaves the groups unknown: not proven
      const p = t.index.propertiesIf(id, type) ?? {};
      const groups = autoScalingGroupGroups(t.index, t.refs, p)?.map(name);
      const subnets = autoScalingGroupSubnets(p).map(name);
      const named = groups === undefined ? [`the security groups of the launch template of ${id} (not in the template)`] : t.groupsOrDefault(groups, subnets);
      return { label: `auto scaling group ${id}`, groups: named, subnets, address: addresses, groupsUnknown: groups === undefined };
    }
    case 'AWS::ECS::Service': {
      // the tasks: with `awsvpc` networking in its subnets with its groups; otherwise on the
      // container instances' network, which the service does not name (unknown)
      const network = ecsServiceNetwork(t.index.propertiesIf(id, type) ?? {});
      if (!network) {
        return { label: `ECS service ${id}`, groups: [`the container instances' security groups of ${id} (not awsvpc networking)`], subnets: [], address: addresses, groupsUnknown: true };
      }
      const subnets = network.subnets.map(name);
      return { label: `ECS service ${id}`, groups: t.groupsOrDefault(network.groups.map(name), subnets), subnets, address: addresses };
    }
    default:
      return unreachable(type);
  }
}
