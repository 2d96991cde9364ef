import type { Address } from '../addresses';

/**
 * The model's rows: what the reader makes of a template, the shapes the reachability engine and the
 * checks work on. Private to the engine (the public face in \`src/assertions/\` has its own types).
 */

/** A reference to another resource of the template, or an external id / symbol. */
export interface Ref {
  /**
   * The logical id when the value names a resource of the template (for a VPC's default security
   * group, `<vpc>.DefaultSecurityGroup`: see `defaultGroupId`).
   */
  readonly logicalId?: string;
  /** A readable name in any case: the logical id, the literal, or the intrinsic. */
  readonly text: string;
}

export type Peer =
  | { readonly kind: 'address'; readonly address: Address }
  | { readonly kind: 'group'; readonly group: Ref }
  | { readonly kind: 'prefixList'; readonly name: string };

export interface SgRule {
  readonly direction: 'in' | 'out';
  /** 'all', 'tcp', 'udp', 'icmp', 'icmpv6' or the protocol number. */
  readonly protocol: string;
  readonly fromPort: number;
  readonly toPort: number;
  readonly peer: Peer;
  /** Logical id of the resource that holds the rule (the group itself for inline rules). */
  readonly source: string;
  readonly inline: boolean;
  readonly description?: string;
  /** CloudFormation's implicit allow-all egress, modeled. */
  readonly implicit?: boolean;
  /**
   * One of the rules AWS creates a VPC's default security group with (all traffic in from the
   * group itself, all traffic out): not a resource of the template.
   */
  readonly awsDefault?: boolean;
  /**
   * Set when the rule depends on a value the model cannot resolve (its protocol or ports, or a
   * condition on its resource): it may or may not open what it seems to, so a step it would
   * decide is not proven. Says what it depends on.
   */
  readonly unresolved?: string;
}

export interface SecurityGroup {
  /** The logical id, or for a VPC's default security group `<vpc>.DefaultSecurityGroup` (see `defaultGroupId`). */
  readonly id: string;
  /** The logical id of a VPC of the template, or the literal id (`vpc-0abc`) of a VPC outside it. */
  readonly vpc?: string;
  /** Set on a VPC's default security group: the logical id of that VPC. */
  readonly defaultOf?: string;
  readonly rules: SgRule[];
}

/**
 * The id the model gives the default security group of a VPC of the template (what
 * `Fn::GetAtt [vpc, DefaultSecurityGroup]` names).
 */
export function defaultGroupId(vpc: string): string {
  return `${vpc}.DefaultSecurityGroup`;
}

/**
 * How the model names the default security group of a VPC it does not hold (imported, or not
 * known): its rules are not in the template.
 */
export const OUTSIDE_DEFAULT_GROUP = 'the VPC default security group';

export interface AclEntry {
  readonly id: string;
  readonly egress: boolean;
  readonly ruleNumber: number;
  readonly allow: boolean;
  readonly protocol: string;
  readonly fromPort: number;
  readonly toPort: number;
  readonly cidr: Address;
  readonly icmpType?: number;
  readonly icmpCode?: number;
  /** Set when the entry depends on a value the model cannot resolve (see `SgRule.unresolved`). */
  readonly unresolved?: string;
  /**
   * Set when its `RuleNumber` is unresolved (says so): where it stands among the entries is unknown,
   * so it is not sorted with them (`ruleNumber` is then a placeholder) but weighed against their
   * decision. `unresolved` then names the first other value it depends on, else this.
   */
  readonly floating?: string;
  /**
   * Set on the entries AWS gives a VPC's default network ACL (rule 100, allow all, each
   * direction): not resources of the template, nothing a check can ask to narrow.
   */
  readonly implicit?: boolean;
}

export interface NetworkAcl {
  /** The logical id, or for a VPC's default ACL `<vpc>.DefaultNetworkAcl` (see `defaultAclId`). */
  readonly id: string;
  /** Set on a VPC's default network ACL: the logical id of that VPC. */
  readonly defaultOf?: string;
  readonly entries: AclEntry[];
}

/** The id the model gives the default network ACL of a VPC of the template (what `Fn::GetAtt [vpc, DefaultNetworkAcl]` names). */
export function defaultAclId(vpc: string): string {
  return `${vpc}.DefaultNetworkAcl`;
}

export interface Subnet {
  /** The logical id, or for a subnet outside the template the literal id (or intrinsic) that names it. */
  readonly id: string;
  /** The logical id or literal id of its VPC, where the template says. */
  readonly vpc?: string;
  /** Its CIDR block: a symbol for a subnet outside the template (the template does not give it). */
  readonly cidr: Address;
  /**
   * The ACL of an association in the template (a logical id, `<vpc>.DefaultNetworkAcl` for the
   * default ACL of a VPC of the template, or the literal id of an ACL outside the template). A
   * subnet of the template in a VPC of the template with no association is on that VPC's default
   * ACL. Undefined: for a subnet of the template whose VPC the template does not hold, its VPC's
   * default ACL (taken as AWS creates it: allow all); for a subnet outside the template, its
   * existing ACL, which the template does not show.
   */
  readonly acl?: string;
  /** The route table of an association in the template (a logical id or a literal id). */
  readonly routeTable?: string;
  /**
   * Set for a subnet the template names but does not define (a literal id such as `subnet-0abc` of
   * an imported VPC, a parameter, an import): its ACL, route table and CIDR are known only where
   * the template's own resources say.
   */
  readonly outside?: boolean;
}

/** What a route sends its traffic to: the property that names its target, and for `GatewayId` the kind of gateway. */
export type RouteTargetKind =
  | 'internetGateway' // GatewayId: an AWS::EC2::InternetGateway or `igw-…`
  | 'vpnGateway' // GatewayId: an AWS::EC2::VPNGateway or `vgw-…`
  | 'local' // GatewayId: `local`
  | 'gateway' // GatewayId: a value the model cannot tell the kind of
  | 'natGateway'
  | 'peering'
  | 'transitGateway'
  | 'vpcEndpoint'
  | 'networkInterface'
  | 'instance'
  | 'egressOnlyInternetGateway'
  | 'carrierGateway'
  | 'localGateway'
  | 'coreNetwork'
  | 'none'; // no target property

export interface Route {
  readonly id: string;
  readonly routeTable: string;
  readonly destination: Address;
  /** The logical id of the target where it is a resource of the template, else its literal id or text. */
  readonly target: string;
  readonly targetKind: RouteTargetKind;
  /** A route for IPv6 addresses (`DestinationIpv6CidrBlock`): the model follows IPv4 flows, it never matches them. */
  readonly ipv6?: boolean;
}

/** A VPC peering connection of the template and the two VPCs it connects (logical ids or literal ids). */
export interface PeeringConnection {
  readonly id: string;
  readonly vpc?: string;
  readonly peerVpc?: string;
}

/**
 * A route the user vouches for (`RouteAssumption` of the public face, validated): in a route table
 * (logical or literal id), or in the route table of a subnet that has none in the template.
 */
export interface AssumedRoute {
  readonly routeTable?: string;
  readonly subnet?: string;
  readonly destination: Address;
  /** Where it leads: the internet through an internet gateway (both ways), through a NAT gateway (out only), or the destination network. */
  readonly via: 'internetGateway' | 'natGateway' | 'network';
  /** How the explanation names it. */
  readonly text: string;
}

export interface Listener {
  readonly id: string;
  readonly port?: number;
  /** The port as the template gives it, when it is not a number the model can read (a parameter without a value). */
  readonly portText?: string;
  readonly protocol?: string;
  readonly targetGroups: string[];
  /** Whether its default actions or one of its rules authenticate users (OIDC or Amazon Cognito). */
  authenticates: boolean;
}

/** A target registered by a literal IPv4 address (`TargetType: ip`). */
export interface IpTarget {
  readonly address: Address;
  /** The port the target is registered on, when it overrides the target group's. */
  readonly port?: number;
  /**
   * Outside the target group's VPC (a peered VPC, on premises): registered with availability zone
   * `all`, or an address the VPC's CIDR does not hold. Its security groups and subnet are not in
   * the template; the load balancer reaches it through its subnets' route tables.
   */
  readonly outsideVpc: boolean;
}

export interface TargetGroup {
  readonly id: string;
  readonly port?: number;
  /** The port as the template gives it, when the model cannot read it (a parameter without a value; `no Port`). */
  readonly portText?: string;
  readonly healthCheckPort?: number;
  readonly targetType?: string;
  /** Whether the health check goes to each target's traffic port (no `HealthCheckPort`, or `traffic-port`). */
  readonly healthCheckOnTrafficPort: boolean;
  /** The health-check port as the template gives it, when it is another port the model cannot read. */
  readonly healthCheckPortText?: string;
  /** Security groups and subnets of the registered targets found in the template. */
  readonly targetGroups: string[];
  readonly targetSubnets: string[];
  /** Targets registered by literal IPv4 address. */
  readonly ipTargets: IpTarget[];
  /** Instances of the template registered as targets (`Targets`, a classic load balancer's `Instances`). */
  readonly instances: InstanceTarget[];
  /** The auto scaling groups and ECS services of the template that register their members in it. */
  readonly registeredBy: string[];
}

/** An instance registered in a target group. */
export interface InstanceTarget {
  /** The instance's logical id. */
  readonly instance: string;
  /** The port it is registered on, when it overrides the target group's and the model can read it. */
  readonly port?: number;
}

/**
 * What the L3 constructs record of the user's intent on a load balancer (`INTENT_METADATA_KEY`,
 * the shape `LoadBalancerIntent`), read tolerantly: a missing or malformed piece is left out, and
 * the checks then do what they do for templates from elsewhere.
 */
export interface Intent {
  /** The VPC: a logical id of the template, or a literal id (`vpc-0abc`) of an imported VPC. */
  readonly vpc?: string;
  readonly vpcCidr?: Address;
  /** The networks the listeners are opened to; undefined when the metadata does not say. */
  readonly clientCidrs?: Address[];
  /** Networks of IP targets outside the VPC. */
  readonly targetCidrs: Address[];
  /** Networks the load balancer reaches on 443 to authenticate users; undefined when the metadata does not say. */
  readonly identityProviderCidrs?: Address[];
  /** Logical ids of the security groups the construct made for its targets. */
  readonly targetSecurityGroups: string[];
  /** The subnets (logical or literal ids) the construct's targets go in; empty when the metadata does not say. */
  readonly targetSubnets: string[];
}

/** A VPC endpoint and the route tables it is in (gateway endpoints). */
export interface VpcEndpoint {
  readonly id: string;
  /** The service name as the template gives it (JSON text: it is often a \`Fn::Join\`). */
  readonly service: string;
  /** What the service name names, matched exactly: S3, S3 Express One Zone (directory buckets only), or anything else. */
  readonly serviceKind: 's3' | 's3express' | 'other';
  readonly routeTables: string[];
}

export interface LoadBalancer {
  readonly id: string;
  /** `application`, `network`, `gateway`, or `classic` (an `AWS::ElasticLoadBalancing::LoadBalancer`). */
  readonly type: string;
  readonly internetFacing: boolean;
  /** Set when its `Scheme` is a value the model cannot resolve (says so): whether the internet reaches it is unknown. */
  readonly schemeUnresolved?: string;
  readonly subnets: Ref[];
  readonly securityGroups: Ref[];
  readonly listeners: Listener[];
  /** The intent an L3 construct of this library recorded on it; undefined for templates from elsewhere. */
  readonly intent?: Intent;
}
