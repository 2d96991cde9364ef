import { readIntents } from './intents';
import { readLoadBalancers, readTargetGroups } from './load-balancing';
import { AssumedRoute, defaultGroupId, Intent, LoadBalancer, NetworkAcl, OUTSIDE_DEFAULT_GROUP, PeeringConnection, Ref, Route, SecurityGroup, Subnet, TargetGroup, VpcEndpoint } from './model';
import { associationIds, readRoutes, readSubnets, readVpcBlocks, readVpcs } from './network';
import { readNetworkAcls } from './network-acls';
import { References } from './references';
import { outsideGroups, readSecurityGroups } from './security-groups';
import { Resource, ResourceIndex, Value } from './template';
import type { Address } from '../addresses';
import { ResolveOptions, resolveTemplate } from '../intrinsics';

/** The group Elastic Load Balancing gives a classic load balancer of the default VPC that names none. */
const DEFAULT_ELB_GROUP = 'the default_elb security group of the default VPC';

/** How the reader reads a template: the values to resolve it with, and what the user vouches for. */
export interface ReaderOptions extends ResolveOptions {
  /** Routes the user vouches for (checked against the template by the caller). */
  readonly assumedRoutes?: readonly AssumedRoute[];
}

/**
 * Reads a CloudFormation template (the JSON CDK synthesizes, or any other) into the pieces the
 * reachability model needs, one template section and one family of resources at a time (the
 * modules of this folder). Intrinsics resolve to the resource they name where the template says;
 * otherwise they become named symbols. Nothing here throws on an unexpected shape.
 */
export class TemplateReader {
  /** The template's resources after resolution, by logical id. */
  public readonly resources: Readonly<Record<string, Resource>>;
  public readonly index: ResourceIndex;
  public readonly vpcs: Map<string, Address>;
  /** Every IPv4 block of each VPC of the template (its `CidrBlock` first, then its `AWS::EC2::VPCCidrBlock`s). */
  public readonly vpcBlocks: Map<string, Address[]>;
  public readonly securityGroups: Map<string, SecurityGroup>;
  public readonly acls: Map<string, NetworkAcl>;
  public readonly subnets: Map<string, Subnet>;
  public readonly routes: Route[];
  /** NAT gateways and the subnet each lives in. */
  public readonly natGateways: Map<string, string>;
  /** Each NAT gateway's connectivity: `public`, `private`, or the text of a value the model cannot resolve. */
  public readonly natConnectivity: Map<string, string>;
  public readonly peerings: Map<string, PeeringConnection>;
  /** Routes the user vouches for (`TemplateModelOptions.assumedRoutes`). */
  public readonly assumedRoutes: readonly AssumedRoute[];
  public readonly endpoints: VpcEndpoint[];
  public readonly targetGroups: Map<string, TargetGroup>;
  public readonly loadBalancers: Map<string, LoadBalancer>;
  /**
   * Security groups the template names (as a load balancer's groups or as rule peers) by a value
   * that is not one of its groups: a literal id (`sg-0123`), an import. Their rules are unknown.
   */
  public readonly outsideGroups: Set<string>;
  /** Resources whose condition the model cannot decide, with why (they are kept; what they decide is not proven). */
  public readonly uncertain: Map<string, string>;
  /** Subnet -> the logical id of its network ACL association, and of its route table association. */
  public readonly aclAssociations: Map<string, string>;
  public readonly routeTableAssociations: Map<string, string>;
  /** What values name: resources, external ids, CIDRs, symbols. */
  public readonly refs: References;

  /**
   * Reads a template after one pre-resolution pass (parameters, pseudo parameters, conditions and
   * the intrinsics CloudFormation evaluates at deploy: see `resolveTemplate`).
   */
  constructor(rawTemplate: Value, options: ReaderOptions = {}) {
    const { assumedRoutes, ...resolve } = options;
    this.assumedRoutes = assumedRoutes ?? [];
    const resolved = resolveTemplate(rawTemplate, resolve);
    this.uncertain = resolved.uncertain;
    this.index = new ResourceIndex(resolved.template);
    this.resources = this.index.resources;
    this.vpcs = readVpcs(this.index);
    this.refs = new References(this.index, this.vpcs);
    this.vpcBlocks = readVpcBlocks(this.index, this.refs, this.vpcs);
    // the intents first: they name the CIDRs of imported VPCs
    const intents: ReadonlyMap<string, Intent> = readIntents(this.index, this.refs, this.vpcs);
    this.securityGroups = readSecurityGroups(this.index, this.refs, this.uncertain);
    this.acls = readNetworkAcls(this.index, this.refs, this.uncertain);
    this.subnets = readSubnets(this.index, this.refs, {
      vpcOfGroups: (values) => this.vpcOfGroups(values),
      intentOf: (lb) => intents.get(lb),
    });
    this.aclAssociations = associationIds(this.index, this.refs, 'AWS::EC2::SubnetNetworkAclAssociation');
    this.routeTableAssociations = associationIds(this.index, this.refs, 'AWS::EC2::SubnetRouteTableAssociation');
    const routes = readRoutes(this.index, this.refs);
    this.routes = routes.routes;
    this.natGateways = routes.natGateways;
    this.natConnectivity = routes.natConnectivity;
    this.endpoints = routes.endpoints;
    this.peerings = routes.peerings;
    this.targetGroups = readTargetGroups(this.index, this.refs, { vpcs: this.vpcs, subnets: this.subnets });
    this.loadBalancers = readLoadBalancers(this.index, this.refs, intents, this.targetGroups);
    this.outsideGroups = outsideGroups(this.securityGroups, this.loadBalancers.values());
  }

  /**
   * Why a resource of the template may not exist (its condition depends on a value the model cannot
   * resolve); undefined when it exists for sure (or is not a resource of the template).
   */
  public conditionOf(id: string | undefined): string | undefined {
    return id === undefined ? undefined : this.uncertain.get(id);
  }

  /** Whether a route table is a resource of the template (else its routes are known only in part). */
  public routeTableInTemplate(id: string): boolean {
    return this.index.get(id)?.Type === 'AWS::EC2::RouteTable';
  }

  /**
   * The security groups of a target group's targets: those of the registered targets found in the
   * template, or else the groups the load balancer's groups send to (targets registered elsewhere).
   */
  public targetSecurityGroups(targetGroup: TargetGroup, loadBalancerGroups: string[]): string[] {
    if (targetGroup.targetGroups.length > 0) {
      return targetGroup.targetGroups;
    }
    // IP targets outside the VPC have no group of the template: nothing to guess
    if (targetGroup.ipTargets.length > 0 && targetGroup.ipTargets.every((t) => t.outsideVpc)) {
      return [];
    }
    const out = new Set<string>();
    for (const g of loadBalancerGroups) {
      for (const r of this.securityGroups.get(g)?.rules ?? []) {
        if (r.direction === 'out' && r.peer.kind === 'group' && r.peer.group.logicalId) {
          out.add(r.peer.group.logicalId);
        }
      }
    }
    return [...out];
  }

  /**
   * The default security group of the VPC of these subnets (logical or literal ids), which a
   * network interface that names no group is in: a group of the model for a VPC of the template,
   * else one whose rules are unknown (`OUTSIDE_DEFAULT_GROUP`).
   * https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html
   */
  public defaultGroupOf(subnets: readonly string[]): string {
    const vpc = subnets.map((s) => this.subnets.get(s)?.vpc).find((v) => v !== undefined);
    return vpc !== undefined && this.vpcs.has(vpc) ? defaultGroupId(vpc) : OUTSIDE_DEFAULT_GROUP;
  }

  /** The groups an end's interfaces are in: those named, else the default group of their subnets' VPC. */
  public groupsOrDefault(groups: readonly string[], subnets: readonly string[]): string[] {
    return groups.length > 0 ? [...groups] : [this.defaultGroupOf(subnets)];
  }

  /**
   * The security groups of a load balancer's nodes: its own; for an application or classic load
   * balancer that names none, the default security group of its VPC (as the API gives it one). A
   * network load balancer created without groups has none (nothing filters its traffic), and a
   * gateway load balancer never has any. A classic load balancer with no subnets is in the default
   * VPC, where Elastic Load Balancing gives it its `default_elb` group (one per account, made with
   * the rules of the first load balancer that needed it): outside the template.
   * https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/elb-security-groups.html
   * https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-security-groups.html
   */
  public loadBalancerGroups(lb: LoadBalancer): string[] {
    const groups = lb.securityGroups.map((g) => g.logicalId ?? g.text);
    if (groups.length > 0 || (lb.type !== 'application' && lb.type !== 'classic')) return groups;
    if (lb.type === 'classic' && lb.subnets.length === 0) return [DEFAULT_ELB_GROUP];
    return [this.defaultGroupOf(lb.subnets.map((s) => s.logicalId ?? s.text))];
  }

  /** What a value refers to: a resource of the template (`Ref`, `Fn::GetAtt`), or an external id / symbol. */
  public ref(value: Value): Ref {
    return this.refs.ref(value);
  }

  /** A CIDR value: a literal, a VPC's CidrBlock attribute, or a symbol. */
  public cidr(value: Value): Address {
    return this.refs.cidr(value);
  }

  /** The name a value gives a resource: its logical id, else the literal or the intrinsic's text. */
  public nameOf(value: Value): string | undefined {
    return this.refs.nameOf(value);
  }

  /** The VPC of the first of these security groups the template defines with a VPC. */
  private vpcOfGroups(values: Value[]): string | undefined {
    for (const v of values) {
      const vpc = this.securityGroups.get(this.refs.logicalId(v) ?? '')?.vpc;
      if (vpc) return vpc;
    }
    return undefined;
  }
}
