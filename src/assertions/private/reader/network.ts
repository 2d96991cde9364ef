import { loadBalancerSubnets } from './load-balancing';
import { defaultAclId, Intent, PeeringConnection, Route, RouteTargetKind, Subnet, VpcEndpoint } from './model';
import type { References } from './references';
import type { ResourceIndex, ResourceType, ResourceTypes, Value } from './template';
import { asArray, isString, listOf } from './values';
import { autoScalingGroupGroups, autoScalingGroupSubnets, ecsServiceNetwork, instanceGroups, instanceSubnets } from './workloads';
import { Address, address, symbol } from '../addresses';
import { unreachable } from '../exhaustive';

/** The VPCs of the template and their CIDR blocks (a symbol where the block is not a literal). */
export function readVpcs(index: ResourceIndex): Map<string, Address> {
  const vpcs = new Map<string, Address>();
  for (const [id, p] of index.ofType('AWS::EC2::VPC')) {
    vpcs.set(id, typeof p.CidrBlock === 'string' ? address(p.CidrBlock) : symbol(`${id}.CidrBlock`));
  }
  return vpcs;
}

/**
 * Every IPv4 block of each VPC of the template: its `CidrBlock` and each `AWS::EC2::VPCCidrBlock`
 * that adds one (a symbol where the block is not a literal, an IPAM pool's say). IPv6 blocks are
 * left out: the model follows IPv4 flows. The local route of every route table covers them all.
 */
export function readVpcBlocks(index: ResourceIndex, refs: References, vpcs: ReadonlyMap<string, Address>): Map<string, Address[]> {
  const blocks = new Map<string, Address[]>([...vpcs].map(([id, cidr]) => [id, [cidr]]));
  for (const [id, p] of index.ofType('AWS::EC2::VPCCidrBlock')) {
    const vpc = refs.logicalId(p.VpcId);
    const list = vpc !== undefined ? blocks.get(vpc) : undefined;
    if (!list) continue;
    if (p.CidrBlock !== undefined) {
      list.push(refs.cidr(p.CidrBlock));
    } else if (p.Ipv4IpamPoolId !== undefined) {
      list.push(symbol(`${id}.CidrBlock`));
    }
  }
  return blocks;
}

/** What the subnet reader asks of the rest: the VPC of a list of security groups, the intent of a load balancer. */
export interface SubnetContext {
  readonly vpcOfGroups: (values: Value[]) => string | undefined;
  readonly intentOf: (loadBalancer: string) => Intent | undefined;
}

/**
 * The subnets of the template, and those of an imported VPC that it names only by literal id:
 * subnets of the model all the same, with the associations the template gives them (by literal
 * id) and no CIDR.
 */
export function readSubnets(index: ResourceIndex, refs: References, ctx: SubnetContext): Map<string, Subnet> {
  const aclOf = associations(index, refs, 'AWS::EC2::SubnetNetworkAclAssociation', 'NetworkAclId');
  const tableOf = associations(index, refs, 'AWS::EC2::SubnetRouteTableAssociation', 'RouteTableId');
  const subnets = new Map<string, Subnet>();
  for (const [id, p] of index.ofType('AWS::EC2::Subnet')) {
    const vpc = refs.logicalId(p.VpcId);
    subnets.set(id, {
      id,
      vpc,
      cidr: p.CidrBlock !== undefined ? refs.cidr(p.CidrBlock) : symbol(`${id}.CidrBlock`),
      // no association: the default ACL of its VPC, where the template holds that VPC
      acl: aclOf.get(id) ?? (vpc !== undefined && index.get(vpc)?.Type === 'AWS::EC2::VPC' ? defaultAclId(vpc) : undefined),
      routeTable: tableOf.get(id),
    });
  }
  for (const [id, vpc] of subnetMentions(index, refs, ctx)) {
    if (subnets.has(id)) continue;
    subnets.set(id, { id, vpc, cidr: symbol(`${id}.CidrBlock`), acl: aclOf.get(id), routeTable: tableOf.get(id), outside: true });
  }
  return subnets;
}

/** Subnet -> the resource an association of this type gives it (logical ids or literal ids). */
function associations(index: ResourceIndex, refs: References, type: 'AWS::EC2::SubnetNetworkAclAssociation' | 'AWS::EC2::SubnetRouteTableAssociation',
  property: 'NetworkAclId' | 'RouteTableId'): Map<string, string> {
  const out = new Map<string, string>();
  for (const [, p] of index.ofType(type)) {
    const subnet = refs.nameOf(p.SubnetId);
    const other = property === 'NetworkAclId' ? refs.networkAcl(p[property]) ?? refs.nameOf(p[property]) : refs.nameOf(p[property]);
    if (subnet && other) out.set(subnet, other);
  }
  return out;
}

/** The resource types that name subnets (by `Ref`, or by literal id when the VPC is imported). */
const SUBNET_NAMING_TYPES = [
  'AWS::EC2::SubnetNetworkAclAssociation',
  'AWS::EC2::SubnetRouteTableAssociation',
  'AWS::EC2::NatGateway',
  'AWS::ElasticLoadBalancingV2::LoadBalancer',
  'AWS::ElasticLoadBalancing::LoadBalancer',
  'AWS::ECS::Service',
  'AWS::AutoScaling::AutoScalingGroup',
  'AWS::EC2::Instance',
] as const;
type SubnetNamingType = typeof SUBNET_NAMING_TYPES[number];

/** The subnets a resource names, and the VPC it is in where it says. */
interface NamedSubnets {
  readonly subnets: Value[];
  readonly vpc?: string;
}

/** Every subnet a resource of the template names, with the VPC of that resource where it says. */
function subnetMentions(index: ResourceIndex, refs: References, ctx: SubnetContext): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  for (const type of SUBNET_NAMING_TYPES) {
    for (const [resourceId] of index.ofType(type)) {
      const { subnets, vpc } = subnetsNamedBy(index, refs, ctx, type, resourceId);
      for (const id of subnets.map((v) => refs.nameOf(v)).filter(isString)) {
        if (out.get(id) === undefined) out.set(id, vpc);
      }
    }
  }
  return out;
}

/** The subnets one resource names, and its VPC: through its ACL, route table or security groups. */
function subnetsNamedBy(index: ResourceIndex, refs: References, ctx: SubnetContext, type: SubnetNamingType, id: string): NamedSubnets {
  const props = <T extends ResourceType>(t: T): ResourceTypes[T] => index.propertiesIf(id, t) ?? {};
  switch (type) {
    case 'AWS::EC2::SubnetNetworkAclAssociation':
    case 'AWS::EC2::SubnetRouteTableAssociation': {
      const p = props(type);
      return { subnets: [p.SubnetId], vpc: refs.vpcOfResource(p.NetworkAclId ?? p.RouteTableId) };
    }
    case 'AWS::EC2::NatGateway':
      return { subnets: [props(type).SubnetId] };
    case 'AWS::ElasticLoadBalancingV2::LoadBalancer': {
      const p = props(type);
      return { subnets: loadBalancerSubnets(p), vpc: ctx.vpcOfGroups(listOf(p.SecurityGroups)) ?? ctx.intentOf(id)?.vpc };
    }
    case 'AWS::ElasticLoadBalancing::LoadBalancer': {
      const p = props(type);
      return { subnets: listOf(p.Subnets), vpc: ctx.vpcOfGroups(listOf(p.SecurityGroups)) };
    }
    case 'AWS::ECS::Service': {
      const network = ecsServiceNetwork(props(type));
      return { subnets: network?.subnets ?? [], vpc: ctx.vpcOfGroups(network?.groups ?? []) };
    }
    case 'AWS::AutoScaling::AutoScalingGroup': {
      const p = props(type);
      return { subnets: autoScalingGroupSubnets(p), vpc: ctx.vpcOfGroups(autoScalingGroupGroups(index, refs, p) ?? []) };
    }
    case 'AWS::EC2::Instance': {
      const p = props(type);
      return { subnets: instanceSubnets(p), vpc: ctx.vpcOfGroups(instanceGroups(p)) };
    }
    default:
      return unreachable(type);
  }
}

/** Routes, NAT gateways (logical id -> subnet), their connectivity, VPC endpoints and peering connections. */
export interface RoutesAndGateways {
  readonly routes: Route[];
  readonly natGateways: Map<string, string>;
  /** Each NAT gateway's `ConnectivityType`: `public` (the default), `private`, or the text of a value the model cannot resolve. */
  readonly natConnectivity: Map<string, string>;
  readonly endpoints: VpcEndpoint[];
  readonly peerings: Map<string, PeeringConnection>;
}

/** The properties of `AWS::EC2::Route` that name a target, and the kind each names. */
const ROUTE_TARGETS = [
  ['NatGatewayId', 'natGateway'],
  ['GatewayId', 'gateway'],
  ['VpcPeeringConnectionId', 'peering'],
  ['TransitGatewayId', 'transitGateway'],
  ['VpcEndpointId', 'vpcEndpoint'],
  ['NetworkInterfaceId', 'networkInterface'],
  ['InstanceId', 'instance'],
  ['EgressOnlyInternetGatewayId', 'egressOnlyInternetGateway'],
  ['CarrierGatewayId', 'carrierGateway'],
  ['LocalGatewayId', 'localGateway'],
  ['CoreNetworkArn', 'coreNetwork'],
] as const;

/** The kind of gateway a `GatewayId` names: an internet gateway, a virtual private gateway, `local`, or unknown. */
function gatewayKind(index: ResourceIndex, id: string): RouteTargetKind {
  const type = index.get(id)?.Type;
  if (type === 'AWS::EC2::InternetGateway' || /^igw-/.test(id)) return 'internetGateway';
  if (type === 'AWS::EC2::VPNGateway' || /^vgw-/.test(id)) return 'vpnGateway';
  if (id === 'local') return 'local';
  return 'gateway';
}

/** The region as a service name spells it: a literal (`us-east-1`) or the stack's region (`Ref AWS::Region`). */
const REGION = String.raw`([a-z]{2}(-[a-z]+)+-\d+|\$\{AWS::Region\})`;
const S3 = new RegExp(String.raw`^(cn\.)?com\.amazonaws\.${REGION}\.s3$`);
const S3_EXPRESS = new RegExp(String.raw`^(cn\.)?com\.amazonaws\.${REGION}\.s3express$`);

/**
 * What a VPC endpoint's service name names, matched exactly: Amazon S3 (`com.amazonaws.<region>.s3`),
 * S3 Express One Zone (`com.amazonaws.<region>.s3express`: directory buckets only, not S3), or
 * another service or a name the model cannot read. The region may be a literal or the stack's
 * (`Fn::Join` or `Fn::Sub` of `AWS::Region`, as CDK writes it).
 * https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-s3.html
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-express-networking.html
 */
function serviceKind(v: Value): VpcEndpoint['serviceKind'] {
  const text = serviceText(v);
  if (text === undefined) return 'other';
  return S3.test(text) ? 's3' : S3_EXPRESS.test(text) ? 's3express' : 'other';
}

/** A service name as text, `${AWS::Region}` standing for the stack's region; undefined for anything else. */
function serviceText(v: Value): string | undefined {
  if (typeof v === 'string') return v;
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
  if (v.Ref === 'AWS::Region') return '${AWS::Region}';
  const join = v['Fn::Join'];
  if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
    const parts = join[1].map(serviceText);
    return parts.every((x: string | undefined) => x !== undefined) ? parts.join(join[0]) : undefined;
  }
  const sub = v['Fn::Sub'];
  if (typeof sub === 'string') return sub;
  if (Array.isArray(sub) && typeof sub[0] === 'string' && (sub[1] === undefined || Object.keys(sub[1]).length === 0)) return sub[0];
  return undefined;
}

/** The routes of the template, its NAT gateways (and the subnet of each), VPC endpoints and peering connections. */
export function readRoutes(index: ResourceIndex, refs: References): RoutesAndGateways {
  const name = (v: Value) => refs.logicalId(v) ?? refs.ref(v).text;
  const routes: Route[] = index.ofType('AWS::EC2::Route').map(([id, p]) => {
    const [property, kind] = ROUTE_TARGETS.find(([k]) => p[k] !== undefined && p[k] !== null) ?? [undefined, 'none'];
    const target = property !== undefined ? name(p[property]) : 'no target';
    const ipv6 = p.DestinationCidrBlock === undefined && p.DestinationIpv6CidrBlock !== undefined;
    const destination = p.DestinationCidrBlock !== undefined ? refs.cidr(p.DestinationCidrBlock)
      : ipv6 ? symbol(`ipv6:${name(p.DestinationIpv6CidrBlock)}`) : symbol(refs.ref(p.DestinationPrefixListId).text);
    return {
      id,
      routeTable: name(p.RouteTableId),
      destination,
      target,
      targetKind: kind === 'gateway' ? gatewayKind(index, target) : kind,
      ...(ipv6 ? { ipv6 } : {}),
    };
  });
  const nats = index.ofType('AWS::EC2::NatGateway');
  const natGateways = new Map(nats.map(([id, p]) => [id, name(p.SubnetId)]));
  const natConnectivity = new Map(nats.map(([id, p]) => [id, p.ConnectivityType === undefined ? 'public' : typeof p.ConnectivityType === 'string' ? p.ConnectivityType : name(p.ConnectivityType)]));
  const endpoints = index.ofType('AWS::EC2::VPCEndpoint').map(([id, p]) => ({
    id,
    service: JSON.stringify(p.ServiceName),
    serviceKind: serviceKind(p.ServiceName),
    routeTables: asArray(p.RouteTableIds).map(name),
  }));
  const peerings = new Map(index.ofType('AWS::EC2::VPCPeeringConnection').map(([id, p]) => [id, { id, vpc: refs.vpc(p.VpcId), peerVpc: refs.vpc(p.PeerVpcId) }]));
  return { routes, natGateways, natConnectivity, endpoints, peerings };
}

/**
 * Subnet -> the logical id of the association of this type that gives it its network ACL or route
 * table (to tell where the association's condition decides).
 */
export function associationIds(index: ResourceIndex, refs: References,
  type: 'AWS::EC2::SubnetNetworkAclAssociation' | 'AWS::EC2::SubnetRouteTableAssociation'): Map<string, string> {
  const out = new Map<string, string>();
  for (const [id, p] of index.ofType(type)) {
    const subnet = refs.nameOf(p.SubnetId);
    if (subnet) out.set(subnet, id);
  }
  return out;
}
