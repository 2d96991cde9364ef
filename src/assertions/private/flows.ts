import { aclInTemplate } from './acl-checks';
import { Address, addressText, contains, symbol } from './addresses';
import { contextOf, TargetSpec } from './context';
import { memberSubnets } from './endpoints';
import { blockingStep, EndpointSpec, INTERNET_ADDRESS, Reachability, ReachResult, StepResult } from './reach';
import { LoadBalancer, Peer, SgRule, TemplateReader } from './reader';
import { MAX_PORT, MIN_PORT } from '../../private/network-util';

/** A verdict as the model computes it; the public `FlowVerdict` enum has the same values. */
export type Verdict = 'ALLOWED' | 'BLOCKED' | 'UNKNOWN';
const FlowVerdict = { ALLOWED: 'ALLOWED', BLOCKED: 'BLOCKED', UNKNOWN: 'UNKNOWN' } as const;
type FlowVerdict = Verdict;

/** One row of the flows report, as the model computes it (the public `FlowRow` has the same shape). */
export interface RawFlowRow {
  readonly loadBalancer: string;
  readonly from: string;
  readonly to: string;
  readonly ports: string;
  readonly allowed: boolean;
  readonly verdict: Verdict;
  readonly decidedBy: string;
  /** The routes the user vouched for that an ALLOWED row depends on. */
  readonly assumptions?: string[];
}
type FlowRow = RawFlowRow;

/** A row; one that is ALLOWED by an evaluated flow `r` names the routes the user vouched for that it depends on. */
function row(loadBalancer: string, from: string, to: string, portText: string, verdict: FlowVerdict, decidedBy: string, r?: ReachResult): FlowRow {
  const out: FlowRow = { loadBalancer, from, to, ports: portText, allowed: verdict === FlowVerdict.ALLOWED, verdict, decidedBy };
  const stated = verdict === FlowVerdict.ALLOWED && r ? r.steps.map((s) => s.assumption).filter((a): a is string => a !== undefined) : [];
  const assumptions = [...new Set(stated)];
  return assumptions.length > 0 ? { ...out, assumptions } : out;
}

/** The verdict of an evaluated flow: a step known to block decides, else one that is only unknown. */
function verdictOf(r: ReachResult): FlowVerdict {
  if (r.allowed) return FlowVerdict.ALLOWED;
  return blockingStep(r.steps)?.unknown ? FlowVerdict.UNKNOWN : FlowVerdict.BLOCKED;
}

/**
 * The step a blocked row names. One that is only unknown (it depends on what the template does not
 * hold or resolve) says so first, as `evaluate`'s NOT PROVEN does; its verdict is UNKNOWN.
 */
function blockedBy(step: StepResult): string {
  return `${step.unknown ? 'not proven: ' : ''}${step.decidedBy} (${step.name})`;
}

/** A row for a rule the model does not evaluate as a TCP flow (UDP, ICMP, another protocol): UNKNOWN, never allowed as written. */
function notTcp(rule: SgRule): boolean {
  return rule.protocol !== 'all' && rule.protocol !== 'tcp';
}

function notTcpText(rule: SgRule): string {
  return `not evaluated: the model follows TCP flows, and ${rule.source} opens ${ports(rule)}`;
}

/** A representative port of a rule: the listener (or target) port it covers, else its first port; 443 for all traffic. */
function probePort(rule: SgRule, preferred: number[]): number {
  const p = preferred.find((x) => x >= rule.fromPort && x <= rule.toPort);
  if (p !== undefined) return p;
  if (rule.protocol === 'all') return 443;
  return Math.min(MAX_PORT, Math.max(MIN_PORT, rule.fromPort));
}

/** Why no one reaches a listener port: no rule opens it, or a group outside the template may. */
function noListenerRule(reach: Reachability, lb: EndpointSpec, port: number): { text: string; unknown: boolean } {
  const anyone: EndpointSpec = { label: 'anyone', groups: [], subnets: [], address: symbol('anyone') };
  const step = reach.groupsAllow('destination security group ingress', lb.groups, 'in', anyone, anyone.address, port);
  return step.unknown ? { text: blockedBy(step), unknown: true } : { text: `no ingress rule for listener port ${port}`, unknown: false };
}

function ports(rule: SgRule): string {
  if (rule.protocol === 'all') return 'all';
  if (rule.protocol !== 'tcp') return `${rule.protocol} ${rule.fromPort}-${rule.toPort}`;
  return rule.fromPort === rule.toPort ? `${rule.fromPort}` : `${rule.fromPort}-${rule.toPort}`;
}

function peerName(peer: Peer): string {
  if (peer.kind === 'group') return `security group ${peer.group.text}`;
  if (peer.kind === 'prefixList') return `prefix list ${peer.name}`;
  return addressText(peer.address);
}

function peerEndpoint(t: TemplateReader, peer: Peer): EndpointSpec {
  if (peer.kind === 'group') {
    const id = peer.group.logicalId ?? peer.group.text;
    const vpc = t.securityGroups.get(id)?.vpc;
    return { label: `security group ${peer.group.text}`, groups: [id], subnets: memberSubnets(t, id), address: (vpc ? t.vpcs.get(vpc) : undefined) ?? symbol(`members of ${id}`) };
  }
  if (peer.kind === 'prefixList') {
    return { label: `prefix list ${peer.name}`, groups: [], subnets: [], address: symbol(peer.name) };
  }
  // as `evaluate` takes them: everyone is a client on the internet, a block a network end (routes both ways decide)
  const world = peer.address.kind === 'cidr' && peer.address.prefixLength === 0;
  const a: Address = world ? INTERNET_ADDRESS : peer.address;
  return { label: addressText(peer.address), groups: [], subnets: [], address: a, ...(peer.address.kind === 'cidr' ? { outside: world ? 'internet' as const : 'network' as const } : {}) };
}

/**
 * What is open around every load balancer of a template: who may reach it and on which ports,
 * where it may send, and who may reach its targets directly, each with the model's verdict (a rule
 * may be open in a security group and still be blocked by a network ACL). Every row that names a
 * verdict is the verdict `evaluate` gives for the same ends.
 */
export function allowedFlows(t: TemplateReader): FlowRow[] {
  const reach = new Reachability(t);
  const rows: FlowRow[] = [];
  for (const lb of t.loadBalancers.values()) {
    // an application or classic load balancer that names no group is in its VPC's default group
    const groups = t.loadBalancerGroups(lb);
    const subnets = lb.subnets.map((s) => s.logicalId ?? s.text);
    const lbEnd: EndpointSpec = { label: `load balancer ${lb.id}`, groups, subnets, address: symbol(`addresses of ${lb.id}`), loadBalancer: lb.id };
    const rules = groups.flatMap((g) => t.securityGroups.get(g)?.rules ?? []);
    rows.push(...clientRows(t, reach, lb, lbEnd, rules));
    const targets = targetRows(t, reach, lb, lbEnd);
    rows.push(...targets.rows);
    rows.push(...otherEgressRows(t, reach, lb, lbEnd, rules, targets.groups));
    rows.push(...bypassRows(t, reach, lb, groups, targets));
  }
  return rows;
}

/** Who may reach the load balancer: a row per ingress rule, and one per listener port no rule opens. */
function clientRows(t: TemplateReader, reach: Reachability, lb: LoadBalancer, lbEnd: EndpointSpec, rules: SgRule[]): FlowRow[] {
  const out: FlowRow[] = [];
  const listenerPorts = lb.listeners.map((l) => l.port).filter((p): p is number => p !== undefined);
  for (const rule of rules.filter((r) => r.direction === 'in')) {
    if (notTcp(rule)) {
      out.push(row(lb.id, peerName(rule.peer), `load balancer ${lb.id}`, ports(rule), FlowVerdict.UNKNOWN, notTcpText(rule)));
      continue;
    }
    const port = probePort(rule, listenerPorts);
    const r = reach.evaluate(peerEndpoint(t, rule.peer), lbEnd, port);
    const blocked = blockingStep(r.steps);
    const fromSubnets = lb.internetFacing ? undefined : blockedClientSubnets(t, reach, lbEnd, rule.peer, port);
    let verdict = verdictOf(r);
    if (verdict === FlowVerdict.ALLOWED && fromSubnets) verdict = fromSubnets.step.unknown ? FlowVerdict.UNKNOWN : FlowVerdict.BLOCKED;
    const decidedBy = blocked ? blockedBy(blocked) : fromSubnets ? `${blockedBy(fromSubnets.step)} from ${fromSubnets.subnets.join(', ')}` : rule.source;
    out.push(row(lb.id, peerName(rule.peer), `load balancer ${lb.id}`, ports(rule), verdict, decidedBy, r));
  }
  for (const port of listenerPorts) {
    if (!rules.some((r) => r.direction === 'in' && (r.protocol === 'all' || r.protocol === 'tcp') && port >= r.fromPort && port <= r.toPort)) {
      const why = noListenerRule(reach, lbEnd, port);
      out.push(row(lb.id, 'anyone', `load balancer ${lb.id}`, `${port}`, why.unknown ? FlowVerdict.UNKNOWN : FlowVerdict.BLOCKED, why.text));
    }
  }
  for (const l of lb.listeners.filter((x) => x.port === undefined)) {
    out.push(row(lb.id, 'anyone', `load balancer ${lb.id}`, 'unknown', FlowVerdict.UNKNOWN, `not proven: listener ${l.id} has a port the template does not resolve (${l.portText ?? 'no Port'})`));
  }
  return out;
}

/**
 * Clients of an internal load balancer live in the VPC's subnets (services calling each other
 * through it), and each subnet's network ACL sees their requests and the replies: a rule from a
 * network that holds subnets of the template is evaluated from each of them too (those whose ACL
 * the template holds, the load balancer's own left out: they are for the load balancer). Returns
 * the subnets a client is blocked from, and the first blocking step; undefined when none is.
 */
function blockedClientSubnets(
  t: TemplateReader, reach: Reachability, lbEnd: EndpointSpec, peer: Peer, port: number,
): { subnets: string[]; step: StepResult } | undefined {
  if (peer.kind !== 'address' || peer.address.kind !== 'cidr' || peer.address.prefixLength === 0) return undefined;
  const network = peer.address;
  const vpc = t.subnets.get(lbEnd.subnets[0] ?? '')?.vpc;
  const candidates = [...t.subnets.values()].filter((s) => s.vpc === vpc && !lbEnd.subnets.includes(s.id) && aclInTemplate(t, s.id)
    && contains(network, reach.addressIn(lbEnd, s.id)) === 'yes');
  const blocked: Array<{ subnet: string; result: ReachResult }> = [];
  for (const s of candidates) {
    const result = reach.evaluate({ label: `subnet ${s.id}`, groups: [], subnets: [s.id], address: s.cidr }, lbEnd, port);
    if (!result.allowed) blocked.push({ subnet: s.id, result });
  }
  const step = blocked.length > 0 ? blockingStep(blocked[0].result.steps) : undefined;
  return step ? { subnets: blocked.map((b) => b.subnet), step } : undefined;
}

/**
 * The load balancer to every target group of every listener and rule, on the target and
 * health-check ports: targets in the VPC in their groups' VPC (as a group end of `evaluate`), IP
 * targets outside the VPC at their address (as a CIDR end), Lambda functions invoked by the service.
 */
function targetRows(
  t: TemplateReader, reach: Reachability, lb: LoadBalancer, lbEnd: EndpointSpec,
): { rows: FlowRow[]; groups: Map<string, string>; subnets: Map<string, string[]> } {
  const rows: FlowRow[] = [];
  const targetGroups = new Map<string, string>(); // security group -> label of the targets it holds
  const targetSubnets = new Map<string, string[]>(); // security group -> the subnets of its targets
  const ctx = contextOf(t, lb);
  for (const target of ctx.targets) {
    const dst = targetEnd(t, target);
    for (const g of target.groups) {
      targetSubnets.set(g, [...new Set([...(targetSubnets.get(g) ?? []), ...target.subnets])]);
      const holds = targetGroups.get(g);
      targetGroups.set(g, holds && holds !== `targets of ${target.targetGroup}` ? `${holds}, ${target.targetGroup}` : `targets of ${target.targetGroup}`);
    }
    for (const port of [...new Set([target.port, target.healthCheckPort])]) {
      const r = reach.evaluate(lbEnd, dst, port);
      const blocked = blockingStep(r.steps);
      const opener = r.steps.find((x) => x.name === 'source security group egress')?.decidedBy ?? '';
      // nothing proves targets the template does not hold are blocked: the row is not proven
      const unproven = !target.network && target.groups.length === 0 && blocked && !blocked.unknown ? 'not proven: ' : '';
      const label = `${port}${port === target.port ? '' : ' (health check)'}`;
      const verdict = unproven ? FlowVerdict.UNKNOWN : verdictOf(r);
      rows.push(row(lb.id, lbEnd.label, dst.label, label, verdict, blocked ? `${unproven}${blockedBy(blocked)}` : opener, r));
    }
    if (target.healthCheckUnknown !== undefined) {
      rows.push(row(lb.id, lbEnd.label, dst.label, 'unknown (health check)', FlowVerdict.UNKNOWN,
        `not proven: the health-check port of ${target.targetGroup} is ${target.healthCheckUnknown}, which the template does not resolve`));
    }
  }
  for (const u of ctx.unresolvedPorts.filter((x) => x.kind === 'target group')) {
    rows.push(row(lb.id, lbEnd.label, `targets of ${u.id}`, 'unknown', FlowVerdict.UNKNOWN, `not proven: target group ${u.id} has a port the template does not resolve (${u.text})`));
  }
  rows.push(...lambdaRows(t, lb, lbEnd));
  return { rows, groups: targetGroups, subnets: targetSubnets };
}

function targetEnd(t: TemplateReader, target: TargetSpec): EndpointSpec {
  const id = target.targetGroup;
  if (target.network) {
    return { label: `targets of ${id} at ${addressText(target.network)}`, groups: [], subnets: [], address: target.network, outside: 'network' };
  }
  if (target.groups.length === 0) {
    return { label: `targets of ${id} (not in the template)`, groups: [], subnets: [], address: symbol(`targets of ${id}`) };
  }
  // the targets' addresses are those of their groups' VPC, as for a group end of `evaluate`
  const vpc = target.groups.map((g) => t.securityGroups.get(g)?.vpc).find((v) => v !== undefined);
  return { label: `targets of ${id}`, groups: target.groups, subnets: target.subnets, address: (vpc ? t.vpcs.get(vpc) : undefined) ?? symbol(`targets of ${id}`) };
}

/** Lambda functions are invoked by the Elastic Load Balancing service: a row says so, with no network path. */
function lambdaRows(t: TemplateReader, lb: LoadBalancer, lbEnd: EndpointSpec): FlowRow[] {
  const ids = [...new Set(lb.listeners.flatMap((l) => l.targetGroups))].filter((id) => t.targetGroups.get(id)?.targetType === 'lambda');
  return ids.map((id) => row(lb.id, lbEnd.label, `Lambda functions of ${id}`, 'invoke', FlowVerdict.ALLOWED, 'invoked by the Elastic Load Balancing service (no network path)'));
}

/**
 * Where else the load balancer may send: its egress rules to anything but its targets' groups,
 * each evaluated from the load balancer (its subnets' ACLs, the route out for the internet).
 */
function otherEgressRows(
  t: TemplateReader, reach: Reachability, lb: LoadBalancer, lbEnd: EndpointSpec, rules: SgRule[], targetGroups: Map<string, string>,
): FlowRow[] {
  return rules.filter((r) => r.direction === 'out' && !(r.peer.kind === 'group' && targetGroups.has(r.peer.group.logicalId ?? '')))
    .map((rule) => {
      if (notTcp(rule)) return row(lb.id, `load balancer ${lb.id}`, peerName(rule.peer), ports(rule), FlowVerdict.UNKNOWN, notTcpText(rule));
      const peer = peerEndpoint(t, rule.peer);
      const dst: EndpointSpec = isWorldPeer(rule.peer) ? { ...peer, outside: 'internet' } : peer;
      const r = reach.evaluate(lbEnd, dst, probePort(rule, []));
      const blocked = blockingStep(r.steps);
      const opener = rule.implicit ? `${rule.source} (CloudFormation default egress)` : rule.source;
      return row(lb.id, `load balancer ${lb.id}`, peerName(rule.peer), ports(rule), verdictOf(r), blocked ? blockedBy(blocked) : opener, r);
    });
}

function isWorldPeer(peer: Peer): boolean {
  return peer.kind === 'address' && peer.address.kind === 'cidr' && peer.address.prefixLength === 0;
}

/**
 * Who may reach the targets without the load balancer: the ingress rules of their groups, each
 * evaluated from the rule's peer to the targets (their subnets' ACLs included).
 */
function bypassRows(
  t: TemplateReader, reach: Reachability, lb: LoadBalancer, lbGroups: string[],
  targets: { groups: Map<string, string>; subnets: Map<string, string[]> },
): FlowRow[] {
  const out: FlowRow[] = [];
  for (const [g, label] of targets.groups) {
    const vpc = t.securityGroups.get(g)?.vpc;
    const dst: EndpointSpec = { label, groups: [g], subnets: targets.subnets.get(g) ?? memberSubnets(t, g), address: (vpc ? t.vpcs.get(vpc) : undefined) ?? symbol(`members of ${g}`) };
    for (const rule of (t.securityGroups.get(g)?.rules ?? []).filter((r) => r.direction === 'in')) {
      // the load balancer's own groups (imported ones too, by id) are its path, reported above
      if (rule.peer.kind === 'group' && lbGroups.includes(rule.peer.group.logicalId ?? rule.peer.group.text)) continue;
      // a classic load balancer's source security group (GetAtt SourceSecurityGroup.*) is the load balancer itself
      if (lb.type === 'classic' && rule.peer.kind === 'group' && rule.peer.group.logicalId === lb.id) continue;
      if (notTcp(rule)) {
        out.push(row(lb.id, peerName(rule.peer), label, ports(rule), FlowVerdict.UNKNOWN, notTcpText(rule)));
        continue;
      }
      const r = reach.evaluate(peerEndpoint(t, rule.peer), dst, probePort(rule, []));
      const blocked = blockingStep(r.steps);
      out.push(row(lb.id, peerName(rule.peer), label, ports(rule), verdictOf(r), blocked ? blockedBy(blocked) : rule.source, r));
    }
  }
  return out;
}
