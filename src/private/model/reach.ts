import { Address, addressText, contains, EPHEMERAL, overlaps, symbol, address } from './addresses';
import { AclEntry, SecurityGroup, SgRule, TemplateReader } from './reader';

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
}

export interface StepResult {
  readonly name: string;
  readonly allowed: boolean;
  /** Logical id of the rule or entry that decided, or a description of the default. */
  readonly decidedBy: string;
  readonly ruleNumber?: number;
  readonly detail: string;
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
  constructor(private readonly t: TemplateReader, private readonly ephemeral = EPHEMERAL) {}

  /** Can `src` open a TCP connection to `dst` on `port`, and can the replies come back? */
  public evaluate(src: EndpointSpec, dst: EndpointSpec, port: number): ReachResult {
    const srcSubnets: Array<string | undefined> = src.subnets.length > 0 ? src.subnets : [undefined];
    const dstSubnets: Array<string | undefined> = dst.subnets.length > 0 ? dst.subnets : [undefined];
    let first: StepResult[] | undefined;
    let pairs = 0;
    for (const s of srcSubnets) {
      for (const d of dstSubnets) {
        pairs++;
        const steps = this.evaluatePair(src, s, dst, d, port);
        if (!first) first = steps;
        if (steps.some((x) => !x.allowed)) {
          return { allowed: false, steps, pairsChecked: pairs };
        }
      }
    }
    return { allowed: true, steps: first ?? [], pairsChecked: pairs };
  }

  /** The address of an endpoint in one of its subnets. */
  public addressIn(e: EndpointSpec, subnet: string | undefined): Address {
    if (subnet) {
      return this.t.subnets.get(subnet)?.cidr ?? symbol(`${subnet}.CidrBlock`);
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
    steps.push(this.aclStep('destination subnet network ACL inbound', dstSubnet, sameSubnet, false, srcAddr, port, port));
    if (dst.groups.length > 0) {
      steps.push(this.groupsAllow('destination security group ingress', dst.groups, 'in', src, srcAddr, port));
    }
    steps.push(this.aclStep('return: destination subnet network ACL outbound (ephemeral ports)', dstSubnet, sameSubnet, true, srcAddr, this.ephemeral.from, this.ephemeral.to));
    steps.push(this.aclStep('return: source subnet network ACL inbound (ephemeral ports)', srcSubnet, sameSubnet, false, dstAddr, this.ephemeral.from, this.ephemeral.to));
    return steps;
  }

  /**
   * How traffic from a subnet leaves the VPC: an S3 gateway endpoint on the subnet's route table
   * (S3 only), else the most specific route to the destination. A NAT gateway is a hop of its own:
   * its subnet's network ACL sees the request (in and out) and the replies (in and out).
   */
  private routeSteps(srcSubnet: string, srcAddr: Address, dst: EndpointSpec, dstAddr: Address, port: number): StepResult[] {
    const table = this.t.subnets.get(srcSubnet)?.routeTable;
    if (!table) {
      return [{ name: 'route', allowed: false, decidedBy: srcSubnet, detail: `the route table of ${srcSubnet} is not in the template: the way out of the VPC cannot be checked` }];
    }
    if (dst.outside === 's3') {
      const endpoint = this.t.endpoints.find((e) => e.service.includes('.s3') && e.routeTables.includes(table));
      if (endpoint) {
        return [{ name: 'route', allowed: true, decidedBy: endpoint.id, detail: `${table} has the S3 prefix-list route of gateway endpoint ${endpoint.id} (more specific than any default route)` }];
      }
    }
    let best: { destination: Address; target: string; id: string } | undefined;
    for (const r of this.t.routes.filter((x) => x.routeTable === table)) {
      if (contains(r.destination, dstAddr) === 'yes' && (!best || prefixOf(r.destination) > prefixOf(best.destination))) {
        best = r;
      }
    }
    if (!best) {
      return [{ name: 'route', allowed: false, decidedBy: table, detail: `${table} has no route to ${addressText(dstAddr)}${dst.outside === 's3' ? ' and no S3 gateway endpoint' : ''}` }];
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
      this.aclStep(`NAT gateway ${best.target}: its subnet's network ACL inbound (replies, ephemeral ports)`, natSubnet, false, false, dstAddr, EPHEMERAL.from, EPHEMERAL.to),
      this.aclStep(`NAT gateway ${best.target}: its subnet's network ACL outbound (replies, ephemeral ports)`, natSubnet, same, true, srcAddr, this.ephemeral.from, this.ephemeral.to),
    ];
  }

  /** Does any of the groups allow TCP `port` to/from the peer endpoint? (Security groups are stateful: no return step.) */
  public groupsAllow(name: string, groups: string[], direction: 'in' | 'out', peer: EndpointSpec, peerAddr: Address, port: number): StepResult {
    const notes: string[] = [];
    for (const g of groups) {
      const sg = this.t.securityGroups.get(g);
      if (!sg) {
        notes.push(`${g} is not in the template`);
        continue;
      }
      const rule = matchingRule(sg, direction, peer, peerAddr, port, notes);
      if (rule) {
        const what = rule.implicit ? `${sg.id} (CloudFormation default egress: no egress rule declared)` : rule.inline ? `${sg.id} (inline rule)` : rule.source;
        return { name, allowed: true, decidedBy: what, detail: `${describeRule(rule)} allows TCP ${port} ${direction === 'in' ? 'from' : 'to'} ${peer.label}` };
      }
    }
    return {
      name,
      allowed: false,
      decidedBy: groups.join(', '),
      detail: `no ${direction === 'in' ? 'ingress' : 'egress'} rule of ${groups.join(', ')} allows TCP ${port} ${direction === 'in' ? 'from' : 'to'} ${peer.label}${notes.length ? ` (${notes.join('; ')})` : ''}`,
    };
  }

  /** The network ACL of a subnet, for TCP ports `from`..`to` (every port must be allowed). */
  public aclStep(
    name: string, subnet: string | undefined, sameSubnet: boolean, egress: boolean, peer: Address, from: number, to: number,
  ): StepResult {
    const ports = from === to ? `TCP ${from}` : `TCP ${from}-${to}`;
    const dir = egress ? 'to' : 'from';
    if (subnet === undefined) {
      return { name, allowed: true, decidedBy: 'n/a', detail: 'no subnet at this end (outside the VPC, or not located): no network ACL to cross' };
    }
    if (sameSubnet) {
      return { name, allowed: true, decidedBy: 'n/a', detail: 'traffic within one subnet does not cross its network ACL' };
    }
    const s = this.t.subnets.get(subnet);
    if (!s) {
      return { name, allowed: false, decidedBy: subnet, detail: `subnet ${subnet} is not in the template: its network ACL cannot be checked` };
    }
    if (!s.acl) {
      return { name, allowed: true, decidedBy: `${subnet}: default network ACL`, detail: `the subnet uses the VPC's default network ACL, which allows all ${ports} ${dir} ${addressText(peer)}` };
    }
    const acl = this.t.acls.get(s.acl);
    const entries = (acl?.entries ?? []).filter((e) => e.egress === egress);
    const used: AclEntry[] = [];
    for (const p of segmentStarts(entries, from, to)) {
      const decision = firstMatch(entries, peer, p);
      if (!decision.entry || !decision.entry.allow) {
        const by = decision.entry ? decision.entry.id : `${s.acl} (final deny *)`;
        const why = decision.entry
          ? `entry ${decision.entry.ruleNumber} (${decision.entry.id}) denies TCP ${p} ${dir} ${addressText(peer)}${decision.note ? ` ${decision.note}` : ''}`
          : `no entry of ${s.acl} allows TCP ${p} ${dir} ${addressText(peer)}: the final deny (*) applies${decision.note ? ` ${decision.note}` : ''}`;
        return { name, allowed: false, decidedBy: by, ruleNumber: decision.entry?.ruleNumber, detail: why };
      }
      if (!used.includes(decision.entry)) used.push(decision.entry);
    }
    return {
      name,
      allowed: true,
      decidedBy: used.map((e) => e.id).join(', '),
      ruleNumber: used[0]?.ruleNumber,
      detail: `${used.map((e) => `entry ${e.ruleNumber} (${e.id})`).join(', ')} of ${s.acl} allow${used.length === 1 ? 's' : ''} ${ports} ${dir} ${addressText(peer)}`,
    };
  }
}

function matchingRule(sg: SecurityGroup, direction: 'in' | 'out', peer: EndpointSpec, peerAddr: Address, port: number, notes: string[]): SgRule | undefined {
  for (const rule of sg.rules) {
    if (rule.direction !== direction) continue;
    if (rule.protocol !== 'all' && rule.protocol !== 'tcp') continue;
    if (port < rule.fromPort || port > rule.toPort) continue;
    if (rule.peer.kind === 'group') {
      const id = rule.peer.group.logicalId ?? rule.peer.group.text;
      if (peer.groups.includes(id)) return rule;
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
 * of the peer's addresses does not decide; a deny entry that may cover some of them does.
 */
function firstMatch(entries: AclEntry[], peer: Address, port: number): { entry?: AclEntry; note?: string } {
  for (const e of entries) {
    if (e.protocol !== 'all' && e.protocol !== 'tcp') continue;
    if (e.protocol === 'tcp' && (port < e.fromPort || port > e.toPort)) continue;
    const c = contains(e.cidr, peer);
    if (c === 'yes') return { entry: e };
    if (!e.allow && (c === 'unknown' || overlaps(e.cidr, peer) !== 'no')) {
      return { entry: e, note: c === 'unknown' ? '(its CIDR cannot be compared, so it is assumed to match)' : '(it covers part of the peer\'s addresses)' };
    }
  }
  return {};
}
