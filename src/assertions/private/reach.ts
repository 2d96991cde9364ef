import { Address, addressText, contains, isIpv4, overlaps, symbol, address } from './addresses';
import { AclEntry, defaultAclId, LoadBalancer, NetworkAcl, SecurityGroup, SgRule, Subnet, TemplateReader } from './reader';
import { Routes } from './routes';
import type { EndpointSpec, StepResult } from './steps';
import { EPHEMERAL_REPLY_RANGES, PortRange, portsText } from '../../private/network-util';

export type { EndInterface, EndpointSpec, StepResult } from './steps';

/** The places of an end: each of its network interfaces, or the end itself. */
function interfacesOf(e: EndpointSpec): EndpointSpec[] {
  if (!e.interfaces || e.interfaces.length === 0) return [e];
  return e.interfaces.map((i) => {
    const { interfaces: _all, pinned: _p, groupsUnknown: _g, ...rest } = e;
    return { ...rest, ...i };
  });
}

/** For an end with several network interfaces: the one this path takes (it passes; the steps after it decide). */
function interfaceStep(role: 'source' | 'destination', e: EndpointSpec, i: EndpointSpec): StepResult[] {
  if (!e.interfaces || e.interfaces.length < 2) return [];
  return [{
    name: `${role} network interface`,
    allowed: true,
    decidedBy: i.label,
    detail: `${e.label} has ${e.interfaces.length} network interfaces, each with its own security groups and subnet: this path is through ${i.label}`
      + ` (in ${i.subnets.join(', ') || 'no subnet the template names'}, groups ${i.groups.join(', ')}); the flow passes through any of them, and is blocked only when it is through each`,
  }];
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
   * Can `src` open a TCP connection to `dst` on `port`, and can the replies come back? An end with
   * several network interfaces is reached (or reaches) through any of them: each pair of interfaces
   * is evaluated with its own groups and subnet; the first that passes decides, else one that is
   * only unknown, else the first that blocks. Each such path's steps start with the interfaces it
   * takes.
   */
  public evaluate(src: EndpointSpec, dst: EndpointSpec, port: number): ReachResult {
    const srcs = interfacesOf(src);
    const dsts = interfacesOf(dst);
    if (srcs.length === 1 && dsts.length === 1) return this.evaluatePlaced(srcs[0], dsts[0], port);
    let pairs = 0;
    let unknown: StepResult[] | undefined;
    let blocked: StepResult[] | undefined;
    for (const s of srcs) {
      for (const d of dsts) {
        const r = this.evaluatePlaced(s, d, port);
        pairs += r.pairsChecked;
        const steps = [...interfaceStep('source', src, s), ...interfaceStep('destination', dst, d), ...r.steps];
        if (r.allowed) return { allowed: true, steps, pairsChecked: pairs };
        if (blockingStep(r.steps)?.unknown) unknown = unknown ?? steps;
        else blocked = blocked ?? steps;
      }
    }
    return { allowed: false, steps: unknown ?? blocked ?? [], pairsChecked: pairs };
  }

  /**
   * An end placed on one interface: a pair of subnets known to block decides; else the first pair
   * that is only unknown (not proven).
   */
  private evaluatePlaced(src: EndpointSpec, dst: EndpointSpec, port: number): ReachResult {
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
    if (e.pinned) return e.address;
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
    steps.push(this.endAcl(src, 'source subnet network ACL outbound', srcSubnet, sameSubnet, true, dstAddr, port, port));
    const routes = new Routes(this.t, (nat, natSubnet, from, fromAddr, toAddr) => this.natHop(nat, natSubnet, from, fromAddr, toAddr, port));
    const vpcOf = (subnet: string | undefined) => (subnet !== undefined ? this.t.subnets.get(subnet)?.vpc : undefined);
    const srcPlace = routes.placeOf(src, srcSubnet, vpcOf(dstSubnet));
    const dstPlace = routes.placeOf(dst, dstSubnet, vpcOf(srcSubnet));
    const scheme = srcPlace.kind === 'internet' ? this.schemeStep(dst) : undefined;
    if (scheme) steps.push(scheme);
    const fromNetwork = routes.networkSide(src, srcPlace, dstPlace, dstAddr, 'from');
    if (fromNetwork) steps.push(fromNetwork);
    if (srcSubnet !== undefined) steps.push(...routes.outbound(srcSubnet, srcAddr, dst, dstPlace, dstAddr));
    const back = dstSubnet !== undefined ? routes.inbound(dstSubnet, srcPlace, srcAddr, src) : undefined;
    if (back) steps.push(back);
    const toNetwork = routes.networkSide(dst, dstPlace, srcPlace, srcAddr, 'back');
    if (toNetwork) steps.push(toNetwork);
    steps.push(this.endAcl(dst, 'destination subnet network ACL inbound', dstSubnet, sameSubnet, false, srcAddr, port, port));
    if (dst.groups.length > 0) {
      steps.push(this.groupsAllow('destination security group ingress', dst.groups, 'in', src, srcAddr, port));
    }
    steps.push(this.endAcl(dst, 'return: destination subnet network ACL outbound (ephemeral ports)', dstSubnet, sameSubnet, true, srcAddr, this.ephemeral));
    steps.push(this.endAcl(src, 'return: source subnet network ACL inbound (ephemeral ports)', srcSubnet, sameSubnet, false, dstAddr, this.ephemeral));
    const listener = this.listenerStep(dst, port);
    if (listener) steps.push(listener);
    steps.push(...this.existsSteps('source', src), ...this.existsSteps('destination', dst));
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
    const same = (ids: string[], others: string[]) => ids.length === others.length && others.every((o, i) => ids[i] === o);
    return same(e.groups, this.t.loadBalancerGroups(lb)) && same(e.subnets, lb.subnets.map((s) => s.logicalId ?? s.text)) ? lb : undefined;
  }

  /**
   * An end that is a resource under a condition the model cannot decide (a load balancer) may not
   * exist: the flow is not proven (and is blocked if it does not).
   */
  private existsSteps(role: 'source' | 'destination', e: EndpointSpec): StepResult[] {
    const lb = this.loadBalancerOf(e);
    const why = this.t.conditionOf(lb?.id);
    if (!lb || !why) return [];
    return [{ name: `${role} load balancer condition`, allowed: false, unknown: true, decidedBy: lb.id, resource: lb.id, detail: `${why}: whether ${lb.id} exists is unknown` }];
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
    const onPort = lb.listeners.filter((l) => l.port === port);
    // a listener whose condition is undecided may not exist: another on the port decides, else not proven
    const listener = onPort.find((l) => !this.t.conditionOf(l.id)) ?? onPort[0];
    const why = this.t.conditionOf(listener?.id);
    if (listener && why) {
      return { name, allowed: false, unknown: true, decidedBy: listener.id, resource: listener.id, detail: `listener ${listener.id} of ${lb.id} accepts connections on port ${port}, but ${why}` };
    }
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
   * From the internet to a load balancer: an internal one (`Scheme: internal`) has nodes with
   * private addresses only, so the internet cannot reach it, whatever its subnets and groups allow
   * (Reachability Analyzer: the load balancer is internal, not internet accessible). Undefined when
   * the destination is not a load balancer or is internet-facing.
   * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#load-balancer-scheme
   */
  private schemeStep(dst: EndpointSpec): StepResult | undefined {
    const lb = this.loadBalancerOf(dst);
    if (!lb) return undefined;
    const name = 'destination load balancer scheme';
    if (lb.schemeUnresolved) {
      return { name, allowed: false, unknown: true, decidedBy: lb.id, resource: lb.id, detail: `${lb.schemeUnresolved}: whether ${lb.id} is internet-facing (reachable from the internet) or internal is unknown` };
    }
    if (lb.internetFacing) return undefined;
    return {
      name,
      allowed: false,
      decidedBy: lb.id,
      resource: lb.id,
      detail: `${lb.id} is internal (Scheme: internal): its nodes have private addresses only, so it is not internet accessible, whatever its subnets' routes and its security groups allow`,
    };
  }

  /**
   * A NAT gateway is a hop of its own: its subnet's network ACL sees the request (in and out) and
   * the replies (in and out).
   */
  private natHop(nat: string, natSubnet: string, srcSubnet: string, srcAddr: Address, dstAddr: Address, port: number): StepResult[] {
    const same = natSubnet === srcSubnet;
    return [
      this.aclStep(`NAT gateway ${nat}: its subnet's network ACL inbound (request)`, natSubnet, same, false, srcAddr, port, port),
      this.aclStep(`NAT gateway ${nat}: its subnet's network ACL outbound (request)`, natSubnet, false, true, dstAddr, port, port),
      this.aclStep(`NAT gateway ${nat}: its subnet's network ACL inbound (replies, ephemeral ports)`, natSubnet, false, false, dstAddr, this.ephemeral),
      this.aclStep(`NAT gateway ${nat}: its subnet's network ACL outbound (replies, ephemeral ports)`, natSubnet, same, true, srcAddr, this.ephemeral),
    ];
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
        const what = rule.implicit ? `${sg.id} (CloudFormation default egress: no egress rule declared)`
          : rule.awsDefault ? `${sg.id} (AWS default rule of the VPC's default security group)` : rule.inline ? `${sg.id} (inline rule)` : rule.source;
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
   * The network ACL step at one end of a flow. An end outside every VPC (the internet, a network
   * outside the template's VPCs, S3) has no subnet and crosses no ACL of the template. An end inside
   * a VPC whose subnet the model cannot place (a group with no member the template places, targets
   * not registered in the template) crosses an ACL the model cannot name: unknown, never a pass.
   */
  private endAcl(
    e: EndpointSpec, name: string, subnet: string | undefined, sameSubnet: boolean, egress: boolean, peer: Address,
    from: number | readonly PortRange[], to?: number,
  ): StepResult {
    if (subnet === undefined && e.outside === undefined && this.inTemplateVpc(e)) {
      return {
        name,
        allowed: false,
        unknown: true,
        decidedBy: `${e.label}: not located`,
        detail: `the subnets of ${e.label} are not in the template, so its network ACL cannot be checked: `
          + 'register the targets in the template, pass the subnets with the end (FlowEndpoint.securityGroup(group, subnets)), or read the stack that places them',
      };
    }
    return this.aclStep(name, subnet, sameSubnet, egress, peer, from, to);
  }

  /**
   * Whether an end is in a VPC whose subnets the template holds (through its groups' VPC): there,
   * an end with no subnet is one the model did not place, not one outside the network.
   */
  private inTemplateVpc(e: EndpointSpec): boolean {
    const vpcs = new Set(e.groups.map((g) => this.t.securityGroups.get(g)?.vpc).filter((v) => v !== undefined));
    if (vpcs.size === 0) return false;
    return [...this.t.subnets.values()].some((s) => !s.outside && s.vpc !== undefined && vpcs.has(s.vpc));
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
      return { name, allowed: true, decidedBy: 'n/a', detail: 'no subnet at this end (outside every VPC of the template): no network ACL to cross' };
    }
    if (sameSubnet) {
      return { name, allowed: true, decidedBy: 'n/a', detail: 'traffic within one subnet does not cross its network ACL' };
    }
    const s = this.t.subnets.get(subnet);
    if (!s) {
      return { name, allowed: false, unknown: true, decidedBy: subnet, detail: `subnet ${subnet} is not in the template: its network ACL cannot be checked` };
    }
    const step = this.subnetAcl(name, s, s.acl, egress, peer, ranges, traffic);
    const association = this.t.aclAssociations.get(subnet);
    const why = this.t.conditionOf(association);
    if (!why) return step;
    // an association that may not exist: without it the subnet is on its VPC's default ACL (its
    // existing one, outside the template, for an imported subnet); where both agree, they decide
    const fallbackAcl = !s.outside && s.vpc !== undefined && this.t.vpcs.has(s.vpc) ? defaultAclId(s.vpc) : undefined;
    const fallback = this.subnetAcl(name, s, fallbackAcl, egress, peer, ranges, traffic, !!s.outside);
    if (!step.unknown && !fallback.unknown && step.allowed === fallback.allowed) return step;
    const verdict = (x: StepResult) => (x.unknown ? 'may allow it or not' : x.allowed ? 'allows it' : 'does not allow it');
    return {
      name,
      allowed: false,
      unknown: true,
      decidedBy: association!,
      resource: association,
      detail: `${why}: subnet ${subnet} is on ${s.acl} (which ${verdict(step)}) or, without the association, on ${fallbackAcl ?? 'the network ACL it has outside the template'} (which ${verdict(fallback)}) for ${traffic}`,
    };
  }

  /** The step of one network ACL of a subnet (`aclId`: its association's, a default ACL's, or none the template holds). */
  private subnetAcl(name: string, s: Subnet, aclId: string | undefined, egress: boolean, peer: Address, ranges: readonly PortRange[], traffic: string,
    outside = aclId !== undefined || !!s.outside): StepResult {
    const acl = aclId !== undefined ? this.t.acls.get(aclId) : undefined;
    if (acl?.defaultOf !== undefined && acl.entries.every((e) => e.implicit)) {
      return { name, allowed: true, decidedBy: `${s.id}: default network ACL`, detail: `the subnet uses the VPC's default network ACL, which allows all ${traffic}` };
    }
    if (acl) {
      return entriesStep(name, acl, egress, peer, ranges);
    }
    if (outside) {
      return outsideAclStep(name, { ...s, acl: aclId }, traffic);
    }
    return { name, allowed: true, decidedBy: `${s.id}: default network ACL`, detail: `the subnet uses the VPC's default network ACL, which allows all ${traffic}` };
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
    if (decision.floating) {
      const f = decision.floating;
      const before = decision.entry
        ? `entry ${decision.entry.ruleNumber} (${decision.entry.id}), which ${decision.entry.allow ? 'allows' : 'denies'} it,`
        : 'the final deny (*)';
      const verb = /^RuleAction/.test(f.unresolved ?? '') ? 'may allow or deny' : f.allow ? 'allows' : 'denies';
      const also = f.unresolved !== f.floating ? ` (and ${f.unresolved})` : '';
      return {
        name,
        allowed: false,
        unknown: true,
        decidedBy: f.id,
        resource: f.id,
        detail: `entry ${f.id} of ${acl.id} ${verb} TCP ${p} ${dir} ${addressText(peer)}${also}, but ${f.floating}: whether it is evaluated before ${before} is unknown`,
      };
    }
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
function firstMatch(
  entries: AclEntry[], peer: Address, port: number,
): { entry?: AclEntry; note?: string; uncomparable?: boolean; floating?: AclEntry } {
  const decision = firstFixedMatch(entries.filter((e) => !e.floating), peer, port);
  const floating = entries.find((e) => e.floating && mayOverrule(e, !!decision.entry?.allow, peer, port));
  return floating ? { ...decision, floating } : decision;
}

/**
 * Whether an entry whose rule number is unresolved (it may stand anywhere) may change the
 * decision of the others: it may match the traffic, and its action differs from theirs (or is
 * itself unresolved). An entry with the same action gives the same verdict wherever it stands.
 */
function mayOverrule(e: AclEntry, allowed: boolean, peer: Address, port: number): boolean {
  if (isIpv4(peer) && e.cidr.kind === 'symbol' && e.cidr.name.startsWith('ipv6:')) return false;
  if (overlaps(e.cidr, peer) === 'no') return false;
  const resolved = e.unresolved === e.floating;
  if (resolved) {
    if (e.protocol !== 'all' && e.protocol !== 'tcp') return false;
    if (e.protocol === 'tcp' && (port < e.fromPort || port > e.toPort)) return false;
  }
  return /^RuleAction/.test(e.unresolved ?? '') || e.allow !== allowed;
}

/** The first match among the entries whose rule numbers are known (sorted). */
function firstFixedMatch(entries: AclEntry[], peer: Address, port: number): { entry?: AclEntry; note?: string; uncomparable?: boolean } {
  let unsure: AclEntry | undefined;
  for (const e of entries) {
    if (e.unresolved) {
      if (isIpv4(peer) && e.cidr.kind === 'symbol' && e.cidr.name.startsWith('ipv6:')) continue;
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
    if (isIpv4(peer) && e.cidr.kind === 'symbol' && e.cidr.name.startsWith('ipv6:')) continue;
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
