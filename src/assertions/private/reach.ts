import { Address, addressText, contains, overlaps, symbol, address } from './addresses';
import { AclEntry, LoadBalancer, NetworkAcl, Ref, Route, SecurityGroup, SgRule, Subnet, TemplateReader } from './reader';
import { EPHEMERAL_REPLY_RANGES, PortRange, portsText } from '../../private/network-util';

/** A resolved end of a flow. */
export interface EndpointSpec {
  readonly label: string;
  /** Security groups (logical ids) of the ENIs at this end; empty for internet or CIDR clients. */
  readonly groups: string[];
  /** Subnets (logical ids, or external ids) of the ENIs; empty when unknown or outside the VPC. */
  readonly subnets: string[];
  /** The address when there is no subnet (internet, CIDR clients, groups without subnets). */
  readonly address: Address;
  /** Set for ends outside the VPC: the source's route table decides how traffic gets there. */
  readonly outside?: 'internet' | 'network' | 's3';
  /**
   * The logical id of the load balancer at this end, when the end is one. Unset, an end labelled
   * `load balancer <id>` with that load balancer's groups and subnets is taken to be it.
   */
  readonly loadBalancer?: string;
  /**
   * Set when which groups the ENIs at this end are in is not in the template (an auto scaling
   * group's launch template, an ECS service's container instances): a rule naming a group may
   * match them, so it makes the step unknown instead of not matching.
   */
  readonly groupsUnknown?: boolean;
}

export interface StepResult {
  readonly name: string;
  readonly allowed: boolean;
  /** Logical id of the rule or entry that decided, or a description of the default. */
  readonly decidedBy: string;
  readonly ruleNumber?: number;
  readonly detail: string;
  /**
   * Set when the step depends on what the template does not hold: a network ACL, security group or
   * route table outside it, or an address it cannot compare. `allowed` is then false because
   * nothing proves the traffic passes, not because a rule is known to block it.
   */
  readonly unknown?: boolean;
  /**
   * The logical id of the resource to change when the step blocks: the network ACL entry that
   * denies, or the network ACL whose final deny applies (`decidedBy` reads "<acl> (final deny *)").
   */
  readonly resource?: string;
}

/** The step a blocked flow is reported by: a step known to block before one that is only unknown. */
export function blockingStep(steps: StepResult[]): StepResult | undefined {
  return steps.find((s) => !s.allowed && !s.unknown) ?? steps.find((s) => !s.allowed);
}

export interface ReachResult {
  readonly allowed: boolean;
  readonly steps: StepResult[];
  readonly pairsChecked: number;
}

/** A representative address on the internet (TEST-NET-2), outside every private range. */
export const INTERNET_ADDRESS = address('198.51.100.10/32');
/** A representative public address of Amazon S3 (S3 answers from public addresses, also through a gateway endpoint). */
export const S3_ADDRESS = address('52.216.0.10/32');

export class Reachability {
  constructor(private readonly t: TemplateReader, private readonly ephemeral: readonly PortRange[] = EPHEMERAL_REPLY_RANGES) {}

  /**
   * Can `src` open a TCP connection to `dst` on `port`, and can the replies come back? A pair of
   * subnets known to block decides; else the first pair that is only unknown (not proven).
   */
  public evaluate(src: EndpointSpec, dst: EndpointSpec, port: number): ReachResult {
    const srcSubnets: Array<string | undefined> = src.subnets.length > 0 ? src.subnets : [undefined];
    const dstSubnets: Array<string | undefined> = dst.subnets.length > 0 ? dst.subnets : [undefined];
    let first: StepResult[] | undefined;
    let unproven: StepResult[] | undefined;
    let pairs = 0;
    for (const s of srcSubnets) {
      for (const d of dstSubnets) {
        pairs++;
        const steps = this.evaluatePair(src, s, dst, d, port);
        if (!first) first = steps;
        const blocked = blockingStep(steps);
        if (blocked && !blocked.unknown) {
          return { allowed: false, steps, pairsChecked: pairs };
        }
        if (blocked && !unproven) unproven = steps;
      }
    }
    return { allowed: unproven === undefined, steps: unproven ?? first ?? [], pairsChecked: pairs };
  }

  /**
   * The address of an endpoint in one of its subnets. A subnet outside the template has no CIDR
   * here: where its VPC's CIDR is known it stands for the subnet (it contains the subnet, so an
   * entry that allows it allows the subnet too), as targets in unknown subnets do in the checks.
   */
  public addressIn(e: EndpointSpec, subnet: string | undefined): Address {
    if (subnet) {
      const s = this.t.subnets.get(subnet);
      const vpcCidr = s?.outside && s.vpc ? this.t.vpcs.get(s.vpc) : undefined;
      if (s?.cidr.kind === 'symbol' && vpcCidr?.kind === 'cidr') return vpcCidr;
      return s?.cidr ?? symbol(`${subnet}.CidrBlock`);
    }
    return e.address;
  }

  private evaluatePair(
    src: EndpointSpec, srcSubnet: string | undefined, dst: EndpointSpec, dstSubnet: string | undefined, port: number,
  ): StepResult[] {
    const srcAddr = this.addressIn(src, srcSubnet);
    const dstAddr = this.addressIn(dst, dstSubnet);
    const sameSubnet = srcSubnet !== undefined && srcSubnet === dstSubnet;
    const steps: StepResult[] = [];
    if (src.groups.length > 0) {
      steps.push(this.groupsAllow('source security group egress', src.groups, 'out', dst, dstAddr, port));
    }
    steps.push(this.aclStep('source subnet network ACL outbound', srcSubnet, sameSubnet, true, dstAddr, port, port));
    if (srcSubnet !== undefined && dst.outside) {
      steps.push(...this.routeSteps(srcSubnet, srcAddr, dst, dstAddr, port));
    }
    const inbound = dstSubnet !== undefined && src.outside === 'internet' ? this.inboundRouteStep(dstSubnet, srcAddr) : undefined;
    if (inbound) steps.push(inbound);
    steps.push(this.aclStep('destination subnet network ACL inbound', dstSubnet, sameSubnet, false, srcAddr, port, port));
    if (dst.groups.length > 0) {
      steps.push(this.groupsAllow('destination security group ingress', dst.groups, 'in', src, srcAddr, port));
    }
    steps.push(this.aclStep('return: destination subnet network ACL outbound (ephemeral ports)', dstSubnet, sameSubnet, true, srcAddr, this.ephemeral));
    steps.push(this.aclStep('return: source subnet network ACL inbound (ephemeral ports)', srcSubnet, sameSubnet, false, dstAddr, this.ephemeral));
    const listener = this.listenerStep(dst, port);
    if (listener) steps.push(listener);
    return steps;
  }

  /**
   * The load balancer at an end: the one it names, or the one whose label (`load balancer <id>`),
   * groups and subnets it carries.
   */
  public loadBalancerOf(e: EndpointSpec): LoadBalancer | undefined {
    const id = e.loadBalancer ?? /^load balancer (.+)$/.exec(e.label)?.[1];
    const lb = id !== undefined ? this.t.loadBalancers.get(id) : undefined;
    if (!lb || e.loadBalancer !== undefined) return lb;
    const same = (ids: string[], refs: Ref[]) => ids.length === refs.length && refs.every((r, i) => ids[i] === (r.logicalId ?? r.text));
    return same(e.groups, lb.securityGroups) && same(e.subnets, lb.subnets) ? lb : undefined;
  }

  /**
   * A load balancer accepts connections only on its listeners' ports: to a load balancer
   * (application, network or classic) whose listeners' ports are all known, a port without a
   * listener is blocked, whatever its groups and subnets allow. Undefined when the destination is
   * not a load balancer, has no listener in the template, or one whose port is not resolved.
   */
  private listenerStep(dst: EndpointSpec, port: number): StepResult | undefined {
    const lb = this.loadBalancerOf(dst);
    if (!lb || !['application', 'network', 'classic'].includes(lb.type) || lb.listeners.length === 0) return undefined;
    if (lb.listeners.some((l) => l.port === undefined)) return undefined;
    const name = 'destination load balancer listener';
    const listener = lb.listeners.find((l) => l.port === port);
    if (listener) {
      return { name, allowed: true, decidedBy: listener.id, detail: `listener ${listener.id} of ${lb.id} accepts connections on port ${port}` };
    }
    const ports = [...new Set(lb.listeners.map((l) => l.port))].sort((a, b) => a! - b!).join(', ');
    return {
      name,
      allowed: false,
      decidedBy: `no listener on port ${port}`,
      detail: `${lb.id} has no listener on port ${port} (its listeners are on ${ports}): nothing accepts the connection, whatever its security groups and subnets allow`,
      resource: lb.id,
    };
  }

  /**
   * Traffic from the internet reaches an address in a subnet only if the subnet's route table sends
   * the internet (the source address) to an internet gateway: the replies take that route back, and
   * AWS does not carry inbound internet traffic to a subnet without it (a private subnet routes
   * 0.0.0.0/0 to a NAT gateway, or has no default route). Unknown for a route table named by a
   * literal id. Undefined (no claim) for a subnet with no route table association in the template
   * (an imported subnet, or one on its VPC's main route table): the template says nothing of its routes.
   */
  private inboundRouteStep(dstSubnet: string, srcAddr: Address): StepResult | undefined {
    const name = 'route from the internet: destination subnet route table';
    const table = this.t.subnets.get(dstSubnet)?.routeTable;
    if (!table) return undefined;
    let best: Route | undefined;
    for (const r of this.t.routes.filter((x) => x.routeTable === table)) {
      if (contains(r.destination, srcAddr) === 'yes' && (!best || prefixOf(r.destination) > prefixOf(best.destination))) {
        best = r;
      }
    }
    if (!this.t.routeTableInTemplate(table)) {
      return { ...outsideRouteTableStep(table, best, srcAddr), name };
    }
    if (best && this.isInternetGateway(best.target)) {
      return { name, allowed: true, decidedBy: best.id, detail: `${table} of ${dstSubnet} sends ${addressText(srcAddr)} to internet gateway ${best.target} (${addressText(best.destination)}): the subnet is reachable from the internet, and the replies go back` };
    }
    const via = best ? `it sends ${addressText(srcAddr)} to ${this.t.natGateways.has(best.target) ? 'NAT gateway ' : ''}${best.target} (${addressText(best.destination)}), not to an internet gateway` : `it has no route to ${addressText(srcAddr)}`;
    return {
      name,
      allowed: false,
      decidedBy: best?.id ?? table,
      detail: `${table} of ${dstSubnet} has no route to an internet gateway for ${addressText(srcAddr)} (${via}): the internet cannot reach the subnet, and the replies could not go back`,
    };
  }

  /**
   * How traffic from a subnet leaves the VPC: an S3 gateway endpoint on the subnet's route table
   * (S3 only), else the most specific route to the destination. A NAT gateway is a hop of its own:
   * its subnet's network ACL sees the request (in and out) and the replies (in and out).
   */
  private routeSteps(srcSubnet: string, srcAddr: Address, dst: EndpointSpec, dstAddr: Address, port: number): StepResult[] {
    const subnet = this.t.subnets.get(srcSubnet);
    const local = this.localRoute(subnet, dstAddr);
    if (local) {
      return [local];
    }
    const table = subnet?.routeTable;
    if (!table) {
      return [noRouteTableStep(srcSubnet, subnet)];
    }
    if (dst.outside === 's3') {
      const endpoint = this.t.endpoints.find((e) => e.service.includes('.s3') && e.routeTables.includes(table));
      if (endpoint) {
        return [{ name: 'route', allowed: true, decidedBy: endpoint.id, detail: `${table} has the S3 prefix-list route of gateway endpoint ${endpoint.id} (more specific than any default route)` }];
      }
    }
    let best: Route | undefined;
    for (const r of this.t.routes.filter((x) => x.routeTable === table)) {
      if (contains(r.destination, dstAddr) === 'yes' && (!best || prefixOf(r.destination) > prefixOf(best.destination))) {
        best = r;
      }
    }
    if (!this.t.routeTableInTemplate(table)) {
      return [outsideRouteTableStep(table, best, dstAddr)];
    }
    if (!best) {
      return [{ name: 'route', allowed: false, decidedBy: table, detail: `${table} has no route to ${addressText(dstAddr)}${dst.outside === 's3' ? ' and no S3 gateway endpoint' : ''}` }];
    }
    if (this.isInternetGateway(best.target) && isPrivate(dstAddr)) {
      return [{
        name: 'route',
        allowed: false,
        decidedBy: best.id,
        detail: `${table} sends ${addressText(dstAddr)} to internet gateway ${best.target} (${addressText(best.destination)}), which does not carry private addresses: a route to the network (a peering connection, a transit gateway, a VPN) is missing`,
      }];
    }
    const route: StepResult = { name: 'route', allowed: true, decidedBy: best.id, detail: `${table} sends ${addressText(dstAddr)} to ${best.target} (${addressText(best.destination)})` };
    const natSubnet = this.t.natGateways.get(best.target);
    if (!natSubnet) {
      return [route];
    }
    const same = natSubnet === srcSubnet;
    return [
      route,
      this.aclStep(`NAT gateway ${best.target}: its subnet's network ACL inbound (request)`, natSubnet, same, false, srcAddr, port, port),
      this.aclStep(`NAT gateway ${best.target}: its subnet's network ACL outbound (request)`, natSubnet, false, true, dstAddr, port, port),
      this.aclStep(`NAT gateway ${best.target}: its subnet's network ACL inbound (replies, ephemeral ports)`, natSubnet, false, false, dstAddr, this.ephemeral),
      this.aclStep(`NAT gateway ${best.target}: its subnet's network ACL outbound (replies, ephemeral ports)`, natSubnet, same, true, srcAddr, this.ephemeral),
    ];
  }

  /**
   * Every route table has an implicit `local` route for its VPC's CIDR, more specific than a
   * default route: an address inside the source's VPC never takes the internet gateway or a NAT
   * gateway, whatever else the table holds.
   */
  private localRoute(subnet: Subnet | undefined, dstAddr: Address): StepResult | undefined {
    const vpcCidr = subnet?.vpc ? this.t.vpcs.get(subnet.vpc) : undefined;
    if (!vpcCidr || contains(vpcCidr, dstAddr) !== 'yes') {
      return undefined;
    }
    return { name: 'route', allowed: true, decidedBy: 'local', detail: `${addressText(dstAddr)} is inside the VPC (${addressText(vpcCidr)}): the route table's implicit local route carries it` };
  }

  /**
   * A classic load balancer's source security group (`Fn::GetAtt [Elb, SourceSecurityGroup.GroupName]`,
   * read as a group named by the load balancer's logical id): the group its traffic to the
   * instances comes from. Undefined when the end is not a classic load balancer.
   */
  private classicSourceGroup(e: EndpointSpec): string | undefined {
    const lb = this.loadBalancerOf(e);
    return lb?.type === 'classic' ? lb.id : undefined;
  }

  /** A route target that is an internet gateway: of the template, or a literal `igw-…` id. */
  private isInternetGateway(target: string): boolean {
    return this.t.resources[target]?.Type === 'AWS::EC2::InternetGateway' || /^igw-/.test(target);
  }

  /**
   * Does any of the groups allow TCP `port` to/from the peer endpoint? (Security groups are
   * stateful: no return step.) A group outside the template may allow what the others do not:
   * without a group of the template that allows it, the step is unknown.
   */
  public groupsAllow(name: string, groups: string[], direction: 'in' | 'out', peer: EndpointSpec, peerAddr: Address, port: number): StepResult {
    const notes: string[] = [];
    for (const g of groups) {
      const sg = this.t.securityGroups.get(g);
      const rule = sg ? matchingRule(sg, direction, peer, peerAddr, port, notes, this.classicSourceGroup(peer)) : undefined;
      if (sg && rule) {
        const what = rule.implicit ? `${sg.id} (CloudFormation default egress: no egress rule declared)` : rule.inline ? `${sg.id} (inline rule)` : rule.source;
        return { name, allowed: true, decidedBy: what, detail: `${describeRule(rule)} allows TCP ${port} ${direction === 'in' ? 'from' : 'to'} ${peer.label}` };
      }
    }
    const traffic = `TCP ${port} ${direction === 'in' ? 'from' : 'to'} ${peer.label}`;
    const known = groups.filter((g) => this.t.securityGroups.has(g));
    const noRule = `no ${direction === 'in' ? 'ingress' : 'egress'} rule of ${known.join(', ')} allows ${traffic}${notes.length ? ` (${notes.join('; ')})` : ''}`;
    const outside = groups.filter((g) => !known.includes(g));
    if (outside.length === 0 && notes.length > 0) {
      // a rule may allow it, depending on a value the model cannot resolve or compare: not proven
      return { name, allowed: false, unknown: true, decidedBy: groups.join(', '), detail: `whether ${traffic} is allowed is unknown: ${noRule}` };
    }
    if (outside.length === 0) {
      return { name, allowed: false, decidedBy: groups.join(', '), detail: noRule };
    }
    const one = outside.length === 1;
    return {
      name,
      allowed: false,
      unknown: true,
      decidedBy: groups.join(', '),
      detail: `whether ${traffic} is allowed is unknown: ${outside.join(', ')} ${one ? 'is' : 'are'} outside the template (${one ? 'its' : 'their'} rules are unknown)${known.length ? `, and ${noRule}` : ''}`,
    };
  }

  /**
   * The network ACL of a subnet, for TCP ports `from`..`to`, or for the port ranges `from` lists
   * (every port must be allowed).
   */
  public aclStep(
    name: string, subnet: string | undefined, sameSubnet: boolean, egress: boolean, peer: Address, from: number | readonly PortRange[], to?: number,
  ): StepResult {
    const ranges = typeof from === 'number' ? [{ from, to: to ?? from }] : from;
    const traffic = `${portsText(ranges)} ${egress ? 'to' : 'from'} ${addressText(peer)}`;
    if (subnet === undefined) {
      return { name, allowed: true, decidedBy: 'n/a', detail: 'no subnet at this end (outside the VPC, or not located): no network ACL to cross' };
    }
    if (sameSubnet) {
      return { name, allowed: true, decidedBy: 'n/a', detail: 'traffic within one subnet does not cross its network ACL' };
    }
    const s = this.t.subnets.get(subnet);
    if (!s) {
      return { name, allowed: false, unknown: true, decidedBy: subnet, detail: `subnet ${subnet} is not in the template: its network ACL cannot be checked` };
    }
    const acl = s.acl !== undefined ? this.t.acls.get(s.acl) : undefined;
    if (acl) {
      return entriesStep(name, acl, egress, peer, ranges);
    }
    if (s.acl !== undefined || s.outside) {
      return outsideAclStep(name, s, traffic);
    }
    return { name, allowed: true, decidedBy: `${subnet}: default network ACL`, detail: `the subnet uses the VPC's default network ACL, which allows all ${traffic}` };
  }
}

/** The entries of a network ACL of the template, for TCP ports `from`..`to`. */
function entriesStep(name: string, acl: NetworkAcl, egress: boolean, peer: Address, ranges: readonly PortRange[]): StepResult {
  const ports = portsText(ranges);
  const dir = egress ? 'to' : 'from';
  const entries = acl.entries.filter((e) => e.egress === egress);
  const used: AclEntry[] = [];
  for (const p of ranges.flatMap((r) => segmentStarts(entries, r.from, r.to))) {
    const decision = firstMatch(entries, peer, p);
    if (!decision.entry || !decision.entry.allow) {
      const by = decision.entry ? decision.entry.id : `${acl.id} (final deny *)`;
      const resource = decision.entry ? decision.entry.id : acl.id;
      const why = decision.entry
        ? `entry ${decision.entry.ruleNumber} (${decision.entry.id}) denies TCP ${p} ${dir} ${addressText(peer)}${decision.note ? ` ${decision.note}` : ''}`
        : `no entry of ${acl.id} allows TCP ${p} ${dir} ${addressText(peer)}: the final deny (*) applies${decision.note ? ` ${decision.note}` : ''}`;
      const unknown = decision.uncomparable ? { unknown: true } : {};
      return { name, allowed: false, decidedBy: by, ruleNumber: decision.entry?.ruleNumber, detail: why, resource, ...unknown };
    }
    if (!used.includes(decision.entry)) used.push(decision.entry);
  }
  return {
    name,
    allowed: true,
    decidedBy: used.map((e) => e.id).join(', '),
    ruleNumber: used[0]?.ruleNumber,
    detail: `${used.map((e) => `entry ${e.ruleNumber} (${e.id})`).join(', ')} of ${acl.id} allow${used.length === 1 ? 's' : ''} ${ports} ${dir} ${addressText(peer)}`,
  };
}

/**
 * A network ACL the template does not hold: the subnet's existing ACL (no association in the
 * template), or an ACL named by a literal id. Nothing proves the traffic passes, and nothing proves
 * it is blocked (an imported subnet often keeps its VPC's default ACL, but the template cannot say).
 */
function outsideAclStep(name: string, s: Subnet, traffic: string): StepResult {
  if (s.acl !== undefined) {
    return {
      name,
      allowed: false,
      unknown: true,
      decidedBy: `${s.acl} (network ACL outside the template)`,
      detail: `network ACL ${s.acl} of subnet ${s.id} is outside the template: whether it allows ${traffic} is unknown, so the flow is not proven`,
    };
  }
  return {
    name,
    allowed: false,
    unknown: true,
    decidedBy: `${s.id} (network ACL outside the template)`,
    detail: `subnet ${s.id} has no network ACL association in the template: its network ACL is outside the template, so whether it allows ${traffic} is unknown and the flow is not proven`,
  };
}

/** A source subnet with no route table association in the template. */
function noRouteTableStep(id: string, s: Subnet | undefined): StepResult {
  if (s?.outside) {
    return {
      name: 'route',
      allowed: false,
      unknown: true,
      decidedBy: `${id} (route table outside the template)`,
      detail: `subnet ${id} has no route table association in the template: its route table is outside the template, so the way out of the VPC is unknown`,
    };
  }
  return { name: 'route', allowed: false, unknown: true, decidedBy: id, detail: `the route table of ${id} is not in the template: the way out of the VPC cannot be checked` };
}

/**
 * A route table named by a literal id: the template may add routes to it, but its own routes are
 * unknown, and one more specific than the template's may take the traffic elsewhere.
 */
function outsideRouteTableStep(table: string, best: Route | undefined, dstAddr: Address): StepResult {
  const dst = addressText(dstAddr);
  return {
    name: 'route',
    allowed: false,
    unknown: true,
    decidedBy: `${table} (route table outside the template)`,
    detail: best
      ? `route table ${table} is outside the template: the template's route ${best.id} sends ${dst} to ${best.target} (${addressText(best.destination)}), but the table's own routes are unknown and a more specific one may take precedence`
      : `route table ${table} is outside the template: its routes are unknown, and no route of the template covers ${dst}`,
  };
}

function matchingRule(
  sg: SecurityGroup, direction: 'in' | 'out', peer: EndpointSpec, peerAddr: Address, port: number, notes: string[], peerSourceGroup?: string,
): SgRule | undefined {
  const inPeer = (id: string) => peer.groups.includes(id) || (direction === 'in' && id === peerSourceGroup);
  for (const rule of sg.rules) {
    if (rule.direction !== direction) continue;
    if (rule.unresolved) {
      // it may match or not: it never allows, it makes the step not proven where its peer may be this one
      const c = rule.peer.kind === 'group' ? (inPeer(rule.peer.group.logicalId ?? rule.peer.group.text) ? 'yes' : 'no')
        : rule.peer.kind === 'prefixList' ? 'unknown' : contains(rule.peer.address, peerAddr);
      if (c !== 'no') notes.push(`${rule.source}: ${rule.unresolved}`);
      continue;
    }
    if (rule.protocol !== 'all' && rule.protocol !== 'tcp') continue;
    if (port < rule.fromPort || port > rule.toPort) continue;
    if (rule.peer.kind === 'group') {
      const id = rule.peer.group.logicalId ?? rule.peer.group.text;
      if (inPeer(id)) return rule;
      if (peer.groupsUnknown) notes.push(`${rule.source} names ${id}; whether ${peer.label} is in it is unknown`);
      continue;
    }
    if (rule.peer.kind === 'prefixList') {
      notes.push(`${rule.source} names prefix list ${rule.peer.name}, which is opaque here`);
      continue;
    }
    const c = contains(rule.peer.address, peerAddr);
    if (c === 'yes') return rule;
    if (c === 'unknown') notes.push(`${rule.source} names ${addressText(rule.peer.address)}, which cannot be compared with ${addressText(peerAddr)}`);
  }
  return undefined;
}

/** The private ranges (RFC 1918, and the shared range of RFC 6598) an internet gateway does not route. */
const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'].map(address);

function isPrivate(a: Address): boolean {
  return PRIVATE_RANGES.some((r) => contains(r, a) === 'yes');
}

function prefixOf(a: Address): number {
  return a.kind === 'cidr' ? a.prefixLength : -1;
}

function describeRule(rule: SgRule): string {
  const ports = rule.protocol === 'all' ? 'all traffic' : `${rule.protocol} ${rule.fromPort === rule.toPort ? rule.fromPort : `${rule.fromPort}-${rule.toPort}`}`;
  const peer = rule.peer.kind === 'group' ? `group ${rule.peer.group.text}` : rule.peer.kind === 'prefixList' ? rule.peer.name : addressText(rule.peer.address);
  return `rule (${ports}, ${peer})`;
}

/** Ports where the first matching entry may change: the range start and every entry boundary inside it. */
function segmentStarts(entries: AclEntry[], from: number, to: number): number[] {
  const starts = new Set<number>([from]);
  for (const e of entries) {
    if (e.fromPort > from && e.fromPort <= to) starts.add(e.fromPort);
    if (e.toPort + 1 > from && e.toPort + 1 <= to) starts.add(e.toPort + 1);
  }
  return [...starts].sort((a, b) => a - b);
}

/**
 * Network ACLs: lowest rule number first, first match wins. An allow entry that covers only part
 * of the peer's addresses does not decide; a deny entry that may cover some of them does. An allow
 * entry whose CIDR cannot be compared with the peer may have matched first: a deny after it (the
 * final one included) is then not certain (`uncomparable`).
 */
function firstMatch(entries: AclEntry[], peer: Address, port: number): { entry?: AclEntry; note?: string; uncomparable?: boolean } {
  let unsure: AclEntry | undefined;
  for (const e of entries) {
    if (e.unresolved) {
      if (peer.kind === 'cidr' && e.cidr.kind === 'symbol' && e.cidr.name.startsWith('ipv6:')) continue;
      if (overlaps(e.cidr, peer) === 'no') continue;
      // an entry that may match or not (an unresolved protocol, port, rule number, action or condition)
      if (e.allow && !/RuleAction|RuleNumber/.test(e.unresolved)) {
        unsure = unsure ?? e;
        continue;
      }
      return { entry: e, note: `(${e.unresolved}, so it is assumed to match)`, uncomparable: true };
    }
    if (e.protocol !== 'all' && e.protocol !== 'tcp') continue;
    if (e.protocol === 'tcp' && (port < e.fromPort || port > e.toPort)) continue;
    // the model follows IPv4 flows: an IPv6 entry never matches them
    if (peer.kind === 'cidr' && e.cidr.kind === 'symbol' && e.cidr.name.startsWith('ipv6:')) continue;
    const c = contains(e.cidr, peer);
    if (c === 'yes') {
      return e.allow || !unsure ? { entry: e } : { entry: e, note: unsureNote(unsure, peer), uncomparable: true };
    }
    if (!e.allow && (c === 'unknown' || overlaps(e.cidr, peer) !== 'no')) {
      const note = c === 'unknown' ? '(its CIDR cannot be compared, so it is assumed to match)' : '(it covers part of the peer\'s addresses)';
      return { entry: e, note: [note, unsure ? unsureNote(unsure, peer) : ''].filter((x) => x).join(' '), uncomparable: c === 'unknown' || unsure !== undefined };
    }
    if (e.allow && c === 'unknown') unsure = unsure ?? e;
  }
  return unsure ? { note: unsureNote(unsure, peer), uncomparable: true } : {};
}

function unsureNote(e: AclEntry, peer: Address): string {
  if (e.unresolved) return `(entry ${e.ruleNumber} (${e.id}) may allow it: ${e.unresolved})`;
  return `(entry ${e.ruleNumber} (${e.id}) allows ${addressText(e.cidr)}, which cannot be compared with ${addressText(peer)})`;
}
