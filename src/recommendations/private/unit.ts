// Internal: what one recommendation is beyond its public row. Only types come from the assertions
// engine (`import type`, erased at run time): the engine hands each check what it needs (the
// `CheckKit`), so nothing here loads src/assertions and no import cycle can form.
import type { Address } from '../../assertions/private/addresses';
import type { Client, LbContext, TargetSpec } from '../../assertions/private/context';
import type { RawFinding } from '../../assertions/private/findings';
import type { EndpointSpec, Reachability, StepResult } from '../../assertions/private/reach';
import type { SgRule, TemplateReader } from '../../assertions/private/reader';
import type { ACL_ENTRY_CLASSES, AclEntrySpec } from '../../private/acl-entry-table';
import { EPHEMERAL_PORTS, PortRange } from '../../private/network-util';
import { LoadBalancerScheme, Recommendation, RuleDirection, RuleLocation } from '../recommendation';

/** The helpers of the engine a check may use (pure functions of the assertions' model). */
export interface CheckHelpers {
  readonly addressText: (a: Address) => string;
  readonly contains: (outer: Address, inner: Address) => 'yes' | 'no' | 'unknown';
  readonly symbol: (name: string) => Address;
  readonly endpoint: (label: string, groups: string[], subnets: string[], addr: Address) => EndpointSpec;
  readonly stepFinding: (step: StepResult, rec: Recommendation, loadBalancer: string, resource: string, message: string, fix: string) => RawFinding;
  readonly isWorldRule: (rule: SgRule) => boolean;
  readonly portsOf: (rule: SgRule) => string;
  readonly describePeer: (rule: SgRule) => string;
  readonly coversOnly: (rule: SgRule, allowed: number[]) => boolean;
  readonly ephemeral: PortRange;
  /** The ports replies are checked on: the ephemeral range without the admin ports (3389). */
  readonly replyRanges: readonly PortRange[];
}

/** What the engine gives a check: the template, the reachability model, one load balancer. */
export interface CheckKit {
  readonly t: TemplateReader;
  readonly reach: Reachability;
  readonly ctx: LbContext;
  readonly h: CheckHelpers;
  /**
   * For network-ACL checks: reports a step that does not let the traffic through (MISSING, or
   * UNKNOWN when the step depends on what the template does not hold), naming the resource to change.
   */
  readonly addAclStep: (step: StepResult, rec: Recommendation, fix: string, note?: string) => void;
}

/**
 * The places in the engine's walk over one load balancer where a check runs, each with what it
 * is given. The engine walks them in this order for each load balancer; at each place the checks
 * of the units run in table order.
 */
export interface CheckScopes {
  /** Per client of the listeners: the load balancer's groups. */
  readonly lbSgClient: { readonly client: Client };
  /** Per rule of the load balancer's groups, in template order. */
  readonly lbSgRule: { readonly group: string; readonly rule: SgRule };
  /** Per target: the load balancer's groups towards it. */
  readonly lbSgTarget: { readonly target: TargetSpec };
  /** Per identity provider network (a listener authenticates users). */
  readonly lbSgIdentityProvider: { readonly idp: Address };
  /** Per target in the VPC whose groups the template holds. */
  readonly targetSgTarget: { readonly target: TargetSpec };
  /** Per security group of those targets: what it must accept. */
  readonly targetSgGroup: { readonly group: string };
  /** Per security group of those targets, after `targetSgGroup`: what it must not accept. */
  readonly targetSgGroupWider: { readonly group: string };
  /** Per load balancer subnet and client: requests in, replies out. */
  readonly lbAclClient: { readonly subnet: string; readonly client: Client };
  /** Per load balancer subnet and target (subnet): requests out to `address`. */
  readonly lbAclToTarget: { readonly subnet: string; readonly target: TargetSpec; readonly address: Address; readonly peerText: string };
  /** Per load balancer subnet and target (subnet): replies in from `address`. */
  readonly lbAclFromTarget: { readonly subnet: string; readonly target: TargetSpec; readonly address: Address; readonly peerText: string };
  /** Per load balancer subnet and identity provider network. */
  readonly lbAclIdentityProvider: { readonly subnet: string; readonly idp: Address };
  /** Per load balancer subnet, over its ACL's entries: entries wider than recommended. */
  readonly lbAclEntries: { readonly subnet: string };
  /** Per target subnet and load balancer subnet: requests in, replies out. */
  readonly targetAclFromLb: { readonly subnet: string; readonly target: TargetSpec; readonly lbSubnet: string; readonly lbAddress: Address };
}

export type CheckScope = keyof CheckScopes;

/** The checks of a unit, by the place they run; each returns findings or reports through `addAclStep`. */
export type UnitChecks = { readonly [S in CheckScope]?: (kit: CheckKit, at: CheckScopes[S]) => RawFinding[] | void };

/** What the network-ACL builder resolved from its props: what a unit's entries depend on. */
export interface AclBuildState {
  readonly internetFacing: boolean;
  readonly vpcCidr: string;
  readonly clientCidrs: string[];
  readonly targetCidrs: string[];
  readonly networkTargets: boolean;
  readonly sharedAcl: boolean;
  readonly outboundPorts: number[];
  /** NAT gateways in the load balancer subnets that carry `natPorts` for the VPC. */
  readonly natPresent: boolean;
  readonly natPorts: number[];
}

/** One entry a unit asks the network-ACL builder for. */
export interface AclEntryDeclaration {
  readonly acl: 'loadBalancer' | 'target';
  readonly entryClass: keyof typeof ACL_ENTRY_CLASSES;
  readonly spec: AclEntrySpec;
}

/**
 * When the builder adds a unit's entries: once when built; per listener port (`addListenerPort`);
 * per target or health-check port (`addTargetPort`); per identity-provider network
 * (`allowIdentityProviders`).
 */
export interface AclEntriesOf {
  readonly built?: (s: AclBuildState) => AclEntryDeclaration[];
  readonly listenerPort?: (s: AclBuildState, port: number) => AclEntryDeclaration[];
  readonly targetPort?: (s: AclBuildState, port: number) => AclEntryDeclaration[];
  readonly identityProvider?: (s: AclBuildState, cidr: string) => AclEntryDeclaration[];
}

/** What the security-group builder resolved from its props: what a unit's rules depend on. */
export interface SgBuildState {
  readonly internetFacing: boolean;
  readonly vpcCidr: string;
  readonly targetCidrs: string[];
  readonly networkTargets: boolean;
  readonly outboundPorts: number[];
}

/**
 * The peer of a security-group rule a unit declares: the clients (every client CIDR and client the
 * props name), the targets' security group (for a rule of the load balancer's group: the egress and
 * the matching ingress on the targets' group, one connection), or a CIDR.
 */
export type SgPeer = { readonly kind: 'clients' } | { readonly kind: 'targets' } | { readonly kind: 'cidr'; readonly cidr: string };

/** One rule a unit asks the security-group builder for (plain data: the builder makes the rule). */
export interface SgRuleDeclaration {
  readonly group: 'loadBalancer' | 'target';
  readonly direction: 'in' | 'out';
  readonly peer: SgPeer;
  readonly protocol: 'tcp' | 'icmp';
  /** The first port (TCP) or the ICMP type. */
  readonly fromPort: number;
  /** The last port (TCP) or the ICMP code. */
  readonly toPort: number;
  /** The rule's description: the ids of the rows it realizes first. */
  readonly description: string;
}

/** Why a port from the load balancer to the targets is opened: the target port, the health-check port, or another target group's. */
export type TargetPortRole = 'target' | 'healthCheck' | 'additional';

/**
 * When the security-group builder adds a unit's rules: once when built; per listener port; per
 * port to the targets (with its role); per identity-provider network.
 */
export interface SgRulesOf {
  readonly built?: (s: SgBuildState) => SgRuleDeclaration[];
  readonly listenerPort?: (s: SgBuildState, port: number) => SgRuleDeclaration[];
  readonly targetPort?: (s: SgBuildState, port: number, role: TargetPortRole) => SgRuleDeclaration[];
  readonly identityProvider?: (s: SgBuildState, cidr: string) => SgRuleDeclaration[];
}

/** A TCP rule of one port. */
export function tcpRule(group: 'loadBalancer' | 'target', direction: 'in' | 'out', peer: SgPeer, port: number, description: string): SgRuleDeclaration {
  return { group, direction, peer, protocol: 'tcp', fromPort: port, toPort: port, description };
}

/**
 * A documented recommendation: its public row, its checks, and the rules and entries the builders
 * add for it.
 */
export interface RecommendationUnit {
  /** The public row (`Recommendations.X` is this very object). */
  readonly row: Recommendation;
  readonly checks: UnitChecks;
  /** Network-ACL units: the entries `LoadBalancerNetworkAcls` adds for the row. */
  readonly aclEntries?: AclEntriesOf;
  /** Security-group units: the rules `AlbSecurityGroupPair` adds for the row. */
  readonly sgRules?: SgRulesOf;
}

/**
 * An entry the ACL builder adds that no documented row asks for (NAT gateways, the targets' own
 * outbound traffic, ...): declared in one place each, not in `Recommendations.all()`.
 */
export interface ExtensionUnit {
  readonly id: string;
  /** Why the library adds it (the README's "What the constructs add to the tables"). */
  readonly reason: string;
  readonly aclEntries?: AclEntriesOf;
  readonly sgRules?: SgRulesOf;
}

export interface UnitSpec extends Recommendation {
  readonly checks: UnitChecks;
  readonly aclEntries?: AclEntriesOf;
  readonly sgRules?: SgRulesOf;
}

/** Makes a unit from its spec: the public row is the data fields, frozen. */
export function recommendation(spec: UnitSpec): RecommendationUnit {
  const { id, location, scheme, direction, peer, port, reason, docUrl } = spec;
  const row = Object.freeze({ id, location, scheme, direction, peer, port, reason, docUrl });
  return { row, checks: spec.checks, aclEntries: spec.aclEntries, sgRules: spec.sgRules };
}

// Shorthands for the unit files.
export const LB_SG = RuleLocation.LOAD_BALANCER_SECURITY_GROUP;
export const TG_SG = RuleLocation.TARGET_SECURITY_GROUP;
export const LB_ACL = RuleLocation.LOAD_BALANCER_SUBNET_ACL;
export const TG_ACL = RuleLocation.TARGET_SUBNET_ACL;
export const IN = RuleDirection.INBOUND;
export const OUT = RuleDirection.OUTBOUND;
export const PUBLIC = LoadBalancerScheme.INTERNET_FACING;
export const INTERNAL = LoadBalancerScheme.INTERNAL;
export const ANY = LoadBalancerScheme.ANY;

export const SG_DOC = 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-update-security-groups.html';
export const CLASSIC_SG_DOC = 'https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/elb-security-groups.html';
export const ACL_DOC = 'https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/elb-security-groups.html#elb-vpc-nacl';
export const PMTU_DOC = 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/network_mtu.html#path_mtu_discovery';
export const AUTH_DOC = 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-authenticate-users.html';
export const IDP = 'identity provider networks (0.0.0.0/0 unless known)';

/** The HTTPS port identity providers answer on. */
export const IDP_PORT = 443;

export function inbound(cidr: string, fromPort: number, toPort: number = fromPort): AclEntrySpec {
  return { egress: false, cidr, protocol: 'tcp', fromPort, toPort };
}

export function outbound(cidr: string, fromPort: number, toPort: number = fromPort): AclEntrySpec {
  return { egress: true, cidr, protocol: 'tcp', fromPort, toPort };
}

/**
 * Replies from anywhere (the internet, S3, identity providers not known) on the ephemeral ports:
 * the one place that spells this inbound entry, for every unit that needs it.
 */
export function repliesFromAnywhere(acl: 'loadBalancer' | 'target'): AclEntryDeclaration {
  return { acl, entryClass: 'REPLIES_FROM_ANYWHERE', spec: inbound('0.0.0.0/0', EPHEMERAL_PORTS.from, EPHEMERAL_PORTS.to) };
}

/** The ports a target needs a row for: the health-check row only when its port is another one. */
export function healthCheckPortOf(target: TargetSpec): number | undefined {
  return target.healthCheckPort === target.port ? undefined : target.healthCheckPort;
}
