import { Address, address, contains, symbol } from './addresses';
import { isIntrinsic, ResolveOptions, resolveTemplate, unresolvedText } from './intrinsics';
import { INTENT_METADATA_KEY } from '../../private/intent';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

/** A reference to another resource of the template, or an external id / symbol. */
export interface Ref {
  /** The logical id when the value names a resource of the template. */
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
   * Set when the rule depends on a value the model cannot resolve (its protocol or ports, or a
   * condition on its resource): it may or may not open what it seems to, so a step it would
   * decide is not proven. Says what it depends on.
   */
  readonly unresolved?: string;
}

export interface SecurityGroup {
  readonly id: string;
  /** The logical id of a VPC of the template, or the literal id (`vpc-0abc`) of a VPC outside it. */
  readonly vpc?: string;
  readonly rules: SgRule[];
}

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
}

export interface NetworkAcl {
  readonly id: string;
  readonly entries: AclEntry[];
}

export interface Subnet {
  /** The logical id, or for a subnet outside the template the literal id (or intrinsic) that names it. */
  readonly id: string;
  /** The logical id or literal id of its VPC, where the template says. */
  readonly vpc?: string;
  /** Its CIDR block: a symbol for a subnet outside the template (the template does not give it). */
  readonly cidr: Address;
  /**
   * The ACL of an association in the template (a logical id, or the literal id of an ACL outside
   * the template). Undefined: the VPC's default ACL (allow all) for a subnet of the template; the
   * subnet's existing ACL, which the template does not show, for a subnet outside it.
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

export interface Route {
  readonly id: string;
  readonly routeTable: string;
  readonly destination: Address;
  readonly target: string;
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
  readonly healthCheckPort?: number;
  readonly targetType?: string;
  /** Whether the health check goes to each target's traffic port (no `HealthCheckPort`, or `traffic-port`). */
  readonly healthCheckOnTrafficPort: boolean;
  /** Security groups and subnets of the registered targets found in the template. */
  readonly targetGroups: string[];
  readonly targetSubnets: string[];
  /** Targets registered by literal IPv4 address. */
  readonly ipTargets: IpTarget[];
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
}

export interface LoadBalancer {
  readonly id: string;
  /** `application`, `network`, `gateway`, or `classic` (an `AWS::ElasticLoadBalancing::LoadBalancer`). */
  readonly type: string;
  readonly internetFacing: boolean;
  readonly subnets: Ref[];
  readonly securityGroups: Ref[];
  readonly listeners: Listener[];
  /** The intent an L3 construct of this library recorded on it; undefined for templates from elsewhere. */
  readonly intent?: Intent;
}

const PROTOCOLS: Record<string, string> = { '-1': 'all', '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6' };

function normalizeProtocol(p: Json): string {
  if (p !== null && typeof p === 'object') return unresolvedText(p);
  const s = String(p).toLowerCase().trim();
  return PROTOCOLS[s] ?? s;
}

/** The text of the first value that is an unresolved intrinsic (an object), with the field it is in. */
function unresolvedField(fields: Record<string, Json>): string | undefined {
  for (const [name, v] of Object.entries(fields)) {
    if (v !== null && typeof v === 'object') return `${name} is ${unresolvedText(v)}, which the model cannot resolve`;
  }
  return undefined;
}

/** The ports of a classic load balancer's health check target (`HTTP:8080/health`, `TCP:22`). */
function classicHealthCheckPort(target: Json): number | undefined {
  const m = typeof target === 'string' ? /^[A-Za-z]+:(\d+)/.exec(target) : null;
  return m ? Number(m[1]) : undefined;
}

/**
 * Reads a CloudFormation template (the JSON CDK synthesizes, or any other) into the pieces the
 * reachability model needs. Intrinsics resolve to the resource they name where the template says;
 * otherwise they become named symbols. Nothing here throws on an unexpected shape.
 */
export class TemplateReader {
  public readonly resources: Record<string, Json>;
  public readonly securityGroups = new Map<string, SecurityGroup>();
  public readonly acls = new Map<string, NetworkAcl>();
  public readonly subnets = new Map<string, Subnet>();
  public readonly vpcs = new Map<string, Address>();
  public readonly routes: Route[] = [];
  public readonly targetGroups = new Map<string, TargetGroup>();
  public readonly loadBalancers = new Map<string, LoadBalancer>();
  public readonly endpoints: Array<{ id: string; service: string; routeTables: string[] }> = [];
  /** Resources by type, indexed once: every reader walks only the resources of its types. */
  private byType?: Map<string, Array<[string, Json]>>;
  /** NAT gateways and the subnet each lives in. */
  public readonly natGateways = new Map<string, string>();
  /**
   * Security groups the template names (as a load balancer's groups or as rule peers) by a value
   * that is not one of its groups: a literal id (`sg-0123`), an import. Their rules are unknown.
   */
  public readonly outsideGroups = new Set<string>();
  /** The intent recorded on each load balancer that has one (read before the rest: it names VPC CIDRs). */
  private readonly intents = new Map<string, Intent>();
  /** Resources whose condition the model cannot decide, with why (they are kept; what they decide is not proven). */
  public readonly uncertain: Map<string, string>;

  /**
   * Reads a template after one pre-resolution pass (parameters, pseudo parameters, conditions and
   * the intrinsics CloudFormation evaluates at deploy: see `resolveTemplate`).
   */
  constructor(rawTemplate: Json, options: ResolveOptions = {}) {
    const resolved = resolveTemplate(rawTemplate, options);
    const template = resolved.template;
    this.uncertain = resolved.uncertain;
    this.resources = (template && typeof template === 'object' && template.Resources && typeof template.Resources === 'object')
      ? template.Resources : {};
    this.readVpcs();
    this.readIntents();
    this.readSecurityGroups();
    this.readAcls();
    this.readSubnets();
    this.readRoutes();
    this.readTargetGroups();
    this.readLoadBalancers();
    this.readOutsideGroups();
  }

  /** Whether a route table is a resource of the template (else its routes are known only in part). */
  public routeTableInTemplate(id: string): boolean {
    return this.resources[id]?.Type === 'AWS::EC2::RouteTable';
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

  /** The logical id a value refers to (`Ref`, `Fn::GetAtt`), if it names a resource. */
  public ref(value: Json): Ref {
    if (value && typeof value === 'object') {
      if (typeof value.Ref === 'string') {
        return this.resources[value.Ref] ? { logicalId: value.Ref, text: value.Ref } : { text: `{Ref ${value.Ref}}` };
      }
      const getAtt = value['Fn::GetAtt'];
      if (getAtt) {
        const [id, attr] = Array.isArray(getAtt) ? getAtt : String(getAtt).split('.');
        return this.resources[id] ? { logicalId: id, text: id } : { text: `{GetAtt ${id}.${attr}}` };
      }
      return { text: isIntrinsic(value) ? unresolvedText(value) : JSON.stringify(value) };
    }
    return { text: String(value) };
  }

  /** A CIDR value: a literal, a VPC's or subnet's CidrBlock attribute, or a symbol. */
  public cidr(value: Json): Address {
    if (typeof value === 'string') {
      return address(value);
    }
    const getAtt = value?.['Fn::GetAtt'];
    if (getAtt) {
      const [id, attr] = Array.isArray(getAtt) ? getAtt : String(getAtt).split('.');
      const resource = this.resources[id];
      if (resource?.Type === 'AWS::EC2::VPC' && attr === 'CidrBlock') {
        return this.vpcs.get(id) ?? symbol(`${id}.CidrBlock`);
      }
      return symbol(`${id}.${attr}`);
    }
    return symbol(isIntrinsic(value) ? unresolvedText(value) : JSON.stringify(value));
  }

  /**
   * The name a value gives a resource: the logical id where it names one, else the literal (an
   * external id such as `subnet-0abc`) or the intrinsic's text. Undefined when there is no value.
   */
  public nameOf(value: Json): string | undefined {
    if (value === undefined || value === null) return undefined;
    const r = this.ref(value);
    return r.logicalId ?? r.text;
  }

  /** A VPC: the logical id it names, or a literal id (`vpc-0abc`) of a VPC outside the template. */
  private vpcOf(value: Json): string | undefined {
    return this.ref(value).logicalId ?? (typeof value === 'string' ? value : undefined);
  }

  /** The VPC of the resource (an ACL, a route table) a value names. */
  private vpcOfResource(value: Json): string | undefined {
    const id = this.ref(value).logicalId;
    return id ? this.vpcOf(this.resources[id]?.Properties?.VpcId) : undefined;
  }

  /** The VPC of the first of these security groups the template defines with a VPC. */
  private vpcOfGroups(values: Json[]): string | undefined {
    for (const v of values) {
      const id = this.ref(v).logicalId;
      const vpc = id ? this.securityGroups.get(id)?.vpc : undefined;
      if (vpc) return vpc;
    }
    return undefined;
  }

  private ofType(type: string): Array<[string, Json]> {
    if (!this.byType) {
      this.byType = new Map();
      for (const [id, r] of Object.entries(this.resources)) {
        if (r && typeof r.Type === 'string') {
          const list = this.byType.get(r.Type) ?? [];
          list.push([id, r]);
          this.byType.set(r.Type, list);
        }
      }
    }
    return this.byType.get(type) ?? [];
  }

  private readVpcs(): void {
    for (const [id, r] of this.ofType('AWS::EC2::VPC')) {
      const cidr = r.Properties?.CidrBlock;
      this.vpcs.set(id, typeof cidr === 'string' ? address(cidr) : symbol(`${id}.CidrBlock`));
    }
  }

  /**
   * The intent metadata of every load balancer. An imported VPC is known to the template only by
   * its literal id: the intent's CIDR for it lets groups and subnets of that VPC have an address.
   */
  private readIntents(): void {
    for (const [id, r] of this.ofType('AWS::ElasticLoadBalancingV2::LoadBalancer')) {
      const intent = this.intentOf(r?.Metadata?.[INTENT_METADATA_KEY]);
      if (!intent) continue;
      this.intents.set(id, intent);
      if (intent.vpc && !this.vpcs.has(intent.vpc) && intent.vpcCidr?.kind === 'cidr') {
        this.vpcs.set(intent.vpc, intent.vpcCidr);
      }
    }
  }

  private intentOf(m: Json): Intent | undefined {
    if (!m || typeof m !== 'object' || Array.isArray(m)) return undefined;
    const cidrs = (v: Json) => (Array.isArray(v) ? v.filter(isCidrValue).map((c) => this.cidr(c)) : undefined);
    return {
      vpc: m.vpcId === undefined ? undefined : this.vpcOf(m.vpcId),
      vpcCidr: isCidrValue(m.vpcCidr) ? this.cidr(m.vpcCidr) : undefined,
      clientCidrs: cidrs(m.clientCidrs),
      targetCidrs: cidrs(m.targetCidrs) ?? [],
      identityProviderCidrs: cidrs(m.identityProviderCidrs),
      targetSecurityGroups: asArray(m.targetSecurityGroups).filter(isString),
    };
  }

  private readSecurityGroups(): void {
    for (const [id, r] of this.ofType('AWS::EC2::SecurityGroup')) {
      const p = r.Properties ?? {};
      const rules: SgRule[] = [
        ...asArray(p.SecurityGroupIngress).map((x) => this.sgRule('in', x, id, true)),
        ...asArray(p.SecurityGroupEgress).map((x) => this.sgRule('out', x, id, true)),
      ];
      this.securityGroups.set(id, { id, vpc: this.vpcOf(p.VpcId), rules: rules.map((rule) => this.conditional(id, rule)) });
    }
    for (const [type, direction] of [['AWS::EC2::SecurityGroupIngress', 'in'], ['AWS::EC2::SecurityGroupEgress', 'out']] as const) {
      for (const [id, r] of this.ofType(type)) {
        const p = r.Properties ?? {};
        const group = this.ref(p.GroupId ?? p.GroupName).logicalId;
        const sg = group ? this.securityGroups.get(group) : undefined;
        if (sg) {
          sg.rules.push(this.conditional(id, this.sgRule(direction, p, id, false)));
        }
      }
    }
    // CloudFormation's default: a group with no egress rule at all (inline or separate) allows all outbound.
    for (const sg of this.securityGroups.values()) {
      if (!sg.rules.some((rule) => rule.direction === 'out')) {
        sg.rules.push({
          direction: 'out',
          protocol: 'all',
          fromPort: 0,
          toPort: 65535,
          peer: { kind: 'address', address: address('0.0.0.0/0') },
          source: sg.id,
          inline: true,
          implicit: true,
          description: 'CloudFormation default egress (no egress rule declared)',
        });
      }
    }
  }

  /** A rule (or entry) of a resource whose condition is not decided: not proven. */
  private conditional<T extends { unresolved?: string }>(resource: string, rule: T): T {
    const why = this.uncertain.get(resource);
    return why && !rule.unresolved ? { ...rule, unresolved: why } : rule;
  }

  private sgRule(direction: 'in' | 'out', x: Json, source: string, inline: boolean): SgRule {
    if (isIntrinsic(x)) {
      // a rule the template chooses at deploy (an `Fn::If` on an unknown condition): anything
      return { direction, protocol: 'all', fromPort: 0, toPort: 65535, peer: { kind: 'address', address: symbol(unresolvedText(x)) }, source, inline, unresolved: `the rule is ${unresolvedText(x)}, which the model cannot resolve` };
    }
    const unresolved = unresolvedField({ IpProtocol: x?.IpProtocol, FromPort: x?.FromPort, ToPort: x?.ToPort });
    const protocol = normalizeProtocol(x?.IpProtocol);
    const all = protocol === 'all';
    const fromPort = all ? 0 : numberOr(x?.FromPort, 0);
    const toPort = all ? 65535 : numberOr(x?.ToPort, 65535);
    const peerGroup = direction === 'in' ? (x?.SourceSecurityGroupId ?? x?.SourceSecurityGroupName) : x?.DestinationSecurityGroupId;
    const prefixList = direction === 'in' ? x?.SourcePrefixListId : x?.DestinationPrefixListId;
    let peer: Peer;
    if (peerGroup !== undefined) {
      peer = { kind: 'group', group: this.ref(peerGroup) };
    } else if (prefixList !== undefined) {
      peer = { kind: 'prefixList', name: this.ref(prefixList).text };
    } else if (x?.CidrIp !== undefined) {
      peer = { kind: 'address', address: this.cidr(x.CidrIp) };
    } else if (x?.CidrIpv6 !== undefined) {
      peer = { kind: 'address', address: symbol(`ipv6:${typeof x.CidrIpv6 === 'string' ? x.CidrIpv6 : JSON.stringify(x.CidrIpv6)}`) };
    } else {
      peer = { kind: 'address', address: symbol('unknown peer') };
    }
    const rule: SgRule = { direction, protocol, fromPort, toPort, peer, source, inline, description: x?.Description };
    return unresolved ? { ...rule, unresolved } : rule;
  }

  private readAcls(): void {
    for (const [id] of this.ofType('AWS::EC2::NetworkAcl')) {
      this.acls.set(id, { id, entries: [] });
    }
    for (const [id, r] of this.ofType('AWS::EC2::NetworkAclEntry')) {
      const p = r.Properties ?? {};
      const acl = this.acls.get(this.ref(p.NetworkAclId).logicalId ?? '');
      if (!acl) continue;
      const protocol = normalizeProtocol(p.Protocol);
      const ranged = protocol === 'tcp' || protocol === 'udp';
      const unresolved = unresolvedField({
        'Protocol': p.Protocol,
        'RuleNumber': p.RuleNumber,
        'RuleAction': p.RuleAction,
        'Egress': p.Egress,
        'PortRange': ranged && isIntrinsic(p.PortRange) ? p.PortRange : undefined,
        'PortRange.From': ranged ? p.PortRange?.From : undefined,
        'PortRange.To': ranged ? p.PortRange?.To : undefined,
      }) ?? this.uncertain.get(id);
      acl.entries.push({
        ...(unresolved ? { unresolved } : {}),
        id,
        egress: p.Egress === true || p.Egress === 'true',
        ruleNumber: numberOr(p.RuleNumber, 32767),
        allow: String(p.RuleAction).toLowerCase() === 'allow',
        protocol,
        fromPort: ranged ? numberOr(p.PortRange?.From, 0) : 0,
        toPort: ranged ? numberOr(p.PortRange?.To, 65535) : 65535,
        cidr: p.CidrBlock !== undefined ? this.cidr(p.CidrBlock) : symbol(`ipv6:${JSON.stringify(p.Ipv6CidrBlock)}`),
        icmpType: p.Icmp?.Type === undefined ? undefined : numberOr(p.Icmp.Type, -1),
        icmpCode: p.Icmp?.Code === undefined ? undefined : numberOr(p.Icmp.Code, -1),
      });
    }
    for (const acl of this.acls.values()) {
      acl.entries.sort((a, b) => a.ruleNumber - b.ruleNumber);
    }
  }

  private readSubnets(): void {
    const aclOf = this.associations('AWS::EC2::SubnetNetworkAclAssociation', 'NetworkAclId');
    const tableOf = this.associations('AWS::EC2::SubnetRouteTableAssociation', 'RouteTableId');
    for (const [id, r] of this.ofType('AWS::EC2::Subnet')) {
      const p = r.Properties ?? {};
      this.subnets.set(id, {
        id,
        vpc: this.ref(p.VpcId).logicalId,
        cidr: p.CidrBlock !== undefined ? this.cidr(p.CidrBlock) : symbol(`${id}.CidrBlock`),
        acl: aclOf.get(id),
        routeTable: tableOf.get(id),
      });
    }
    // An imported VPC's subnets appear only as literal ids; they are subnets of the model all the
    // same, with the associations the template gives them (by literal id) and no CIDR.
    for (const [id, vpc] of this.subnetMentions()) {
      if (this.subnets.has(id)) continue;
      this.subnets.set(id, { id, vpc, cidr: symbol(`${id}.CidrBlock`), acl: aclOf.get(id), routeTable: tableOf.get(id), outside: true });
    }
  }

  /** Subnet -> the resource an association of this type gives it (logical ids or literal ids). */
  private associations(type: string, property: string): Map<string, string> {
    const out = new Map<string, string>();
    for (const [, r] of this.ofType(type)) {
      const subnet = this.nameOf(r.Properties?.SubnetId);
      const other = this.nameOf(r.Properties?.[property]);
      if (subnet && other) out.set(subnet, other);
    }
    return out;
  }

  /** Every subnet a resource of the template names, with the VPC of that resource where it says. */
  private subnetMentions(): Map<string, string | undefined> {
    const out = new Map<string, string | undefined>();
    for (const type of SUBNET_NAMING_TYPES) {
      for (const [resourceId, r] of this.ofType(type)) {
        const { subnets, vpc } = this.subnetsNamedBy(type, resourceId, r.Properties ?? {});
        for (const id of subnets.map((v) => this.nameOf(v)).filter(isString)) {
          if (out.get(id) === undefined) out.set(id, vpc);
        }
      }
    }
    return out;
  }

  /** The subnets one resource names, and its VPC: through its ACL, route table or security groups. */
  private subnetsNamedBy(type: string, id: string, p: Json): { subnets: Json[]; vpc?: string } {
    switch (type) {
      case 'AWS::EC2::SubnetNetworkAclAssociation':
        return { subnets: [p.SubnetId], vpc: this.vpcOfResource(p.NetworkAclId) };
      case 'AWS::EC2::SubnetRouteTableAssociation':
        return { subnets: [p.SubnetId], vpc: this.vpcOfResource(p.RouteTableId) };
      case 'AWS::EC2::NatGateway':
        return { subnets: [p.SubnetId] };
      case 'AWS::ElasticLoadBalancingV2::LoadBalancer':
        return { subnets: loadBalancerSubnets(p), vpc: this.vpcOfGroups(listOf(p.SecurityGroups)) ?? this.intents.get(id)?.vpc };
      case 'AWS::ElasticLoadBalancing::LoadBalancer':
        return { subnets: listOf(p.Subnets), vpc: this.vpcOfGroups(listOf(p.SecurityGroups)) };
      case 'AWS::ECS::Service': {
        const c = p.NetworkConfiguration?.AwsvpcConfiguration ?? {};
        return { subnets: asArray(c.Subnets), vpc: this.vpcOfGroups(asArray(c.SecurityGroups)) };
      }
      case 'AWS::AutoScaling::AutoScalingGroup':
        return { subnets: asArray(p.VPCZoneIdentifier), vpc: this.vpcOfGroups(this.autoScalingGroups(p)) };
      default: // AWS::EC2::Instance
        return { subnets: instanceSubnets(p), vpc: this.vpcOfGroups(instanceGroups(p)) };
    }
  }

  private readRoutes(): void {
    for (const [id, r] of this.ofType('AWS::EC2::Route')) {
      const p = r.Properties ?? {};
      const target = p.NatGatewayId ?? p.GatewayId ?? p.VpcPeeringConnectionId ?? p.TransitGatewayId
        ?? p.VpcEndpointId ?? p.NetworkInterfaceId ?? p.InstanceId;
      this.routes.push({
        id,
        routeTable: this.ref(p.RouteTableId).logicalId ?? this.ref(p.RouteTableId).text,
        destination: p.DestinationCidrBlock !== undefined ? this.cidr(p.DestinationCidrBlock) : symbol(this.ref(p.DestinationPrefixListId).text),
        target: this.ref(target).text,
      });
    }
    for (const [id, r] of this.ofType('AWS::EC2::NatGateway')) {
      const subnet = this.ref(r.Properties?.SubnetId);
      this.natGateways.set(id, subnet.logicalId ?? subnet.text);
    }
    for (const [id, r] of this.ofType('AWS::EC2::VPCEndpoint')) {
      const p = r.Properties ?? {};
      this.endpoints.push({
        id,
        service: JSON.stringify(p.ServiceName),
        routeTables: asArray(p.RouteTableIds).map((t) => this.ref(t).logicalId ?? this.ref(t).text),
      });
    }
  }

  private readTargetGroups(): void {
    for (const [id, r] of this.ofType('AWS::ElasticLoadBalancingV2::TargetGroup')) {
      const p = r.Properties ?? {};
      const port = portOf(p.Port);
      const hc = p.HealthCheckPort;
      const healthCheckOnTrafficPort = hc === undefined || hc === 'traffic-port';
      const healthCheckPort = healthCheckOnTrafficPort ? port : portOf(hc);
      const groups = new Set<string>();
      const subnets = new Set<string>();
      const ipTargets: IpTarget[] = [];
      const vpc = this.vpcOf(p.VpcId);
      const vpcCidr = vpc ? this.vpcs.get(vpc) : undefined;
      for (const t of asArray(p.Targets)) {
        const ip = ipTargetOf(t, vpcCidr);
        if (ip) {
          ipTargets.push(ip);
          if (!ip.outsideVpc) this.subnetsHolding(ip.address, vpc).forEach((s) => subnets.add(s));
          continue;
        }
        const instance = this.ref(t?.Id).logicalId;
        const res = instance ? this.resources[instance] : undefined;
        if (res?.Type === 'AWS::EC2::Instance') {
          this.collectInstance(res.Properties ?? {}, groups, subnets);
        }
      }
      this.targetGroups.set(id, {
        id,
        port,
        healthCheckPort,
        healthCheckOnTrafficPort,
        targetType: p.TargetType,
        targetGroups: [...groups],
        targetSubnets: [...subnets],
        ipTargets,
      });
    }
    // Auto scaling groups and ECS services point at their target groups.
    for (const [, r] of this.ofType('AWS::AutoScaling::AutoScalingGroup')) {
      const p = r.Properties ?? {};
      const tgs = asArray(p.TargetGroupARNs).map((t) => this.ref(t).logicalId).filter(isString);
      if (tgs.length === 0) continue;
      const groups = this.autoScalingGroups(p).map((g) => this.ref(g).logicalId).filter(isString);
      const subnets = asArray(p.VPCZoneIdentifier).map((s) => this.nameOf(s)).filter(isString);
      this.addTargets(tgs, groups, subnets);
    }
    for (const [, r] of this.ofType('AWS::ECS::Service')) {
      const p = r.Properties ?? {};
      const tgs = asArray(p.LoadBalancers).map((l) => this.ref(l?.TargetGroupArn).logicalId).filter(isString);
      const vpcConfig = p.NetworkConfiguration?.AwsvpcConfiguration ?? {};
      const groups = asArray(vpcConfig.SecurityGroups).map((g) => this.ref(g).logicalId).filter(isString);
      const subnets = asArray(vpcConfig.Subnets).map((s) => this.nameOf(s)).filter(isString);
      this.addTargets(tgs, groups, subnets);
    }
  }

  /** The security groups (values) of an auto scaling group's launch template or launch configuration. */
  private autoScalingGroups(p: Json): Json[] {
    const lt = this.ref(p.LaunchTemplate?.LaunchTemplateId).logicalId;
    const data = lt ? this.resources[lt]?.Properties?.LaunchTemplateData ?? {} : {};
    const lc = this.ref(p.LaunchConfigurationName).logicalId;
    return [
      ...asArray(data.SecurityGroupIds),
      ...asArray(data.NetworkInterfaces).flatMap((n) => asArray(n?.Groups)),
      ...asArray(lc ? this.resources[lc]?.Properties?.SecurityGroups : undefined),
    ];
  }

  /**
   * The subnet of the template whose CIDR holds an address (an IP target inside the VPC): its
   * network ACL sees the target's traffic. None when the VPC's subnets are not in the template.
   */
  private subnetsHolding(a: Address, vpc: string | undefined): string[] {
    return [...this.subnets.values()]
      .filter((s) => (vpc === undefined || s.vpc === vpc) && s.cidr.kind === 'cidr' && contains(s.cidr, a) === 'yes')
      .map((s) => s.id);
  }

  private collectInstance(p: Json, groups: Set<string>, subnets: Set<string>): void {
    for (const g of instanceGroups(p)) {
      const ref = this.ref(g).logicalId;
      if (ref) groups.add(ref);
    }
    // subnets outside the template count too: they are subnets of the model
    for (const s of instanceSubnets(p)) {
      const name = this.nameOf(s);
      if (name) subnets.add(name);
    }
  }

  private addTargets(tgs: string[], groups: string[], subnets: string[]): void {
    for (const tg of tgs) {
      const existing = this.targetGroups.get(tg);
      if (!existing) continue;
      this.targetGroups.set(tg, {
        ...existing,
        targetGroups: [...new Set([...existing.targetGroups, ...groups])],
        targetSubnets: [...new Set([...existing.targetSubnets, ...subnets])],
      });
    }
  }

  private readLoadBalancers(): void {
    const listenersOf = new Map<string, Listener[]>();
    const listenerById = new Map<string, Listener>();
    for (const [id, r] of this.ofType('AWS::ElasticLoadBalancingV2::Listener')) {
      const p = r.Properties ?? {};
      const lb = this.ref(p.LoadBalancerArn).logicalId;
      if (!lb) continue;
      const port = portOf(p.Port);
      const listener: Listener = {
        id,
        port,
        ...(port === undefined ? { portText: p.Port === undefined ? 'no Port' : unresolvedText(p.Port) } : {}),
        protocol: p.Protocol,
        targetGroups: this.forwardedTargetGroups(p.DefaultActions),
        authenticates: authenticates(p.DefaultActions),
      };
      listenersOf.set(lb, [...(listenersOf.get(lb) ?? []), listener]);
      listenerById.set(id, listener);
    }
    for (const [, r] of this.ofType('AWS::ElasticLoadBalancingV2::ListenerRule')) {
      const listener = listenerById.get(this.ref(r.Properties?.ListenerArn).logicalId ?? '');
      if (listener) {
        // every target group of every rule counts once, whichever action forwards to it
        const merged = [...new Set([...listener.targetGroups, ...this.forwardedTargetGroups(r.Properties?.Actions)])];
        listener.targetGroups.splice(0, listener.targetGroups.length, ...merged);
        listener.authenticates ||= authenticates(r.Properties?.Actions);
      }
    }
    for (const [id, r] of this.ofType('AWS::ElasticLoadBalancingV2::LoadBalancer')) {
      const p = r.Properties ?? {};
      const subnets = loadBalancerSubnets(p).map((s) => this.ref(s));
      this.loadBalancers.set(id, {
        id,
        type: typeof p.Type === 'string' ? p.Type : 'application',
        internetFacing: p.Scheme !== 'internal',
        subnets,
        securityGroups: listOf(p.SecurityGroups).map((g) => this.ref(g)),
        listeners: listenersOf.get(id) ?? [],
        intent: this.intents.get(id),
      });
    }
    this.readClassicLoadBalancers();
  }

  /**
   * Classic load balancers: each listener forwards its `LoadBalancerPort` to the registered
   * instances on its `InstancePort`; the model gives each listener a target group of its own
   * (`<id>:<instance port>`), with the instances' groups and subnets and the health check's port.
   */
  private readClassicLoadBalancers(): void {
    for (const [id, r] of this.ofType('AWS::ElasticLoadBalancing::LoadBalancer')) {
      const p = r.Properties ?? {};
      const groups = new Set<string>();
      const subnets = new Set<string>();
      for (const i of listOf(p.Instances)) {
        const instance = this.ref(i).logicalId;
        const res = instance ? this.resources[instance] : undefined;
        if (res?.Type === 'AWS::EC2::Instance') this.collectInstance(res.Properties ?? {}, groups, subnets);
      }
      const hc = classicHealthCheckPort(p.HealthCheck?.Target);
      const listeners: Listener[] = [];
      for (const [n, l] of asArray(p.Listeners).entries()) {
        const port = portOf(l?.LoadBalancerPort);
        const instancePort = portOf(l?.InstancePort);
        const tgId = `${id}:${instancePort ?? unresolvedText(l?.InstancePort)}`;
        if (!this.targetGroups.has(tgId)) {
          this.targetGroups.set(tgId, {
            id: tgId,
            port: instancePort,
            healthCheckPort: hc ?? instancePort,
            healthCheckOnTrafficPort: hc === undefined || hc === instancePort,
            targetGroups: [...groups],
            targetSubnets: [...subnets],
            ipTargets: [],
          });
        }
        listeners.push({
          id: `${id} listener ${n + 1}`,
          port,
          ...(port === undefined ? { portText: unresolvedText(l?.LoadBalancerPort) } : {}),
          protocol: typeof l?.Protocol === 'string' ? l.Protocol : undefined,
          targetGroups: [tgId],
          authenticates: false,
        });
      }
      this.loadBalancers.set(id, {
        id,
        type: 'classic',
        internetFacing: p.Scheme !== 'internal',
        subnets: listOf(p.Subnets).map((s) => this.ref(s)),
        securityGroups: listOf(p.SecurityGroups).map((g) => this.ref(g)),
        listeners,
      });
    }
  }

  private readOutsideGroups(): void {
    const named = [
      ...[...this.loadBalancers.values()].flatMap((lb) => lb.securityGroups),
      ...[...this.securityGroups.values()].flatMap((sg) => sg.rules).flatMap((r) => (r.peer.kind === 'group' ? [r.peer.group] : [])),
    ];
    for (const g of named) {
      const id = g.logicalId ?? g.text;
      if (!this.securityGroups.has(id)) this.outsideGroups.add(id);
    }
  }

  private forwardedTargetGroups(actions: Json): string[] {
    const out: string[] = [];
    for (const a of asArray(actions)) {
      if (a?.TargetGroupArn !== undefined) {
        const tg = this.ref(a.TargetGroupArn).logicalId;
        if (tg) out.push(tg);
      }
      for (const t of asArray(a?.ForwardConfig?.TargetGroups)) {
        const tg = this.ref(t?.TargetGroupArn).logicalId;
        if (tg) out.push(tg);
      }
    }
    return [...new Set(out)];
  }
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
];

/** A port given as a number or a string of digits; undefined for anything else (a parameter). */
function portOf(v: Json): number | undefined {
  if (typeof v === 'number') return v;
  return typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined;
}

/** A target registered by a literal IPv4 address, located against its VPC's CIDR where known. */
function ipTargetOf(t: Json, vpcCidr: Address | undefined): IpTarget | undefined {
  if (typeof t?.Id !== 'string' || !/^\d{1,3}(\.\d{1,3}){3}$/.test(t.Id)) return undefined;
  const a = address(`${t.Id}/32`);
  if (a.kind !== 'cidr') return undefined;
  const outsideVpc = t.AvailabilityZone === 'all' || (vpcCidr !== undefined && contains(vpcCidr, a) === 'no');
  return { address: a, port: portOf(t.Port), outsideVpc };
}

/** Whether listener actions authenticate users (an `authenticate-oidc` or `authenticate-cognito` action). */
function authenticates(actions: Json): boolean {
  return asArray(actions).some((a) => a?.Type === 'authenticate-oidc' || a?.Type === 'authenticate-cognito');
}

/** A value that can name a CIDR: a literal or an intrinsic (a VPC's `CidrBlock` attribute). */
function isCidrValue(v: Json): boolean {
  return typeof v === 'string' || (v !== null && typeof v === 'object' && !Array.isArray(v));
}

function loadBalancerSubnets(p: Json): Json[] {
  return [...listOf(p.Subnets), ...listOf(p.SubnetMappings).map((m) => (isIntrinsic(m) ? m : m?.SubnetId))].filter((s) => s !== undefined);
}

/**
 * A list property: an array, or a value the template computes at deploy that the model cannot
 * resolve (an `Fn::If` on an unknown condition, `Fn::Split` of an import), which stands for one
 * element the model knows nothing of: never dropped.
 */
function listOf(v: Json): Json[] {
  if (Array.isArray(v)) return v;
  return isIntrinsic(v) ? [v] : [];
}

function instanceGroups(p: Json): Json[] {
  return [...listOf(p.SecurityGroupIds), ...listOf(p.SecurityGroups), ...asArray(p.NetworkInterfaces).flatMap((n) => listOf(n?.GroupSet))];
}

function instanceSubnets(p: Json): Json[] {
  return [p.SubnetId, ...asArray(p.NetworkInterfaces).map((n) => n?.SubnetId)].filter((s) => s !== undefined);
}

function asArray(v: Json): Json[] {
  return Array.isArray(v) ? v : [];
}

function numberOr(v: Json, fallback: number): number {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return Number(v);
  return fallback;
}

function isString(v: unknown): v is string {
  return typeof v === 'string';
}
