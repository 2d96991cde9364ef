import { aclInTemplate } from './acl-checks';
import { Address, addressText, contains, symbol } from './addresses';
import { contextOf, TargetSpec } from './context';
import { blockingStep, EndpointSpec, INTERNET_ADDRESS, Reachability, ReachResult, StepResult } from './reach';
import { LoadBalancer, Peer, SgRule, TemplateReader } from './reader';
import type { FlowRow } from '../../assertions/flows-report';

function row(loadBalancer: string, from: string, to: string, portText: string, allowed: boolean, decidedBy: string): FlowRow {
  return { loadBalancer, from, to, ports: portText, allowed, decidedBy };
}

/**
 * The step a blocked row names. A row has no third verdict: one that is only unknown (it depends on
 * what the template does not hold) says so first, as `evaluate`'s NOT PROVEN does.
 */
function blockedBy(step: StepResult): string {
  return `${step.unknown ? 'not proven: ' : ''}${step.decidedBy} (${step.name})`;
}

/** Why no one reaches a listener port: no rule opens it, or a group outside the template may. */
function noListenerRule(reach: Reachability, lb: EndpointSpec, port: number): string {
  const anyone: EndpointSpec = { label: 'anyone', groups: [], subnets: [], address: symbol('anyone') };
  const step = reach.groupsAllow('destination security group ingress', lb.groups, 'in', anyone, anyone.address, port);
  return step.unknown ? blockedBy(step) : `no ingress rule for listener port ${port}`;
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
    return { label: `security group ${peer.group.text}`, groups: [id], subnets: [], address: (vpc ? t.vpcs.get(vpc) : undefined) ?? symbol(`members of ${id}`) };
  }
  if (peer.kind === 'prefixList') {
    return { label: `prefix list ${peer.name}`, groups: [], subnets: [], address: symbol(peer.name) };
  }
  const a: Address = peer.address.kind === 'cidr' && peer.address.prefixLength === 0 ? INTERNET_ADDRESS : peer.address;
  return { label: addressText(peer.address), groups: [], subnets: [], address: a };
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
    const groups = lb.securityGroups.map((g) => g.logicalId ?? g.text);
    const subnets = lb.subnets.map((s) => s.logicalId ?? s.text);
    const lbEnd: EndpointSpec = { label: `load balancer ${lb.id}`, groups, subnets, address: symbol(`addresses of ${lb.id}`) };
    const rules = groups.flatMap((g) => t.securityGroups.get(g)?.rules ?? []);
    rows.push(...clientRows(t, reach, lb, lbEnd, rules));
    const targets = targetRows(t, reach, lb, lbEnd);
    rows.push(...targets.rows);
    rows.push(...otherEgressRows(lb, rules, targets.groups));
    rows.push(...bypassRows(t, lb, groups, targets.groups));
  }
  return rows;
}

/** Who may reach the load balancer: a row per ingress rule, and one per listener port no rule opens. */
function clientRows(t: TemplateReader, reach: Reachability, lb: LoadBalancer, lbEnd: EndpointSpec, rules: SgRule[]): FlowRow[] {
  const out: FlowRow[] = [];
  const listenerPorts = lb.listeners.map((l) => l.port).filter((p): p is number => p !== undefined);
  for (const rule of rules.filter((r) => r.direction === 'in')) {
    const probe = listenerPorts.find((p) => p >= rule.fromPort && p <= rule.toPort) ?? rule.fromPort;
    const port = Math.max(1, probe);
    const r = reach.evaluate(peerEndpoint(t, rule.peer), lbEnd, port);
    const blocked = blockingStep(r.steps);
    const fromSubnets = lb.internetFacing ? undefined : blockedClientSubnets(t, reach, lbEnd, rule.peer, port);
    const allowed = r.allowed && !fromSubnets;
    const decidedBy = blocked ? blockedBy(blocked) : fromSubnets ? `${blockedBy(fromSubnets.step)} from ${fromSubnets.subnets.join(', ')}` : rule.source;
    out.push(row(lb.id, peerName(rule.peer), `load balancer ${lb.id}`, ports(rule), allowed, decidedBy));
  }
  for (const port of listenerPorts) {
    if (!rules.some((r) => r.direction === 'in' && (r.protocol === 'all' || r.protocol === 'tcp') && port >= r.fromPort && port <= r.toPort)) {
      out.push(row(lb.id, 'anyone', `load balancer ${lb.id}`, `${port}`, false, noListenerRule(reach, lbEnd, port)));
    }
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
function targetRows(t: TemplateReader, reach: Reachability, lb: LoadBalancer, lbEnd: EndpointSpec): { rows: FlowRow[]; groups: Map<string, string> } {
  const rows: FlowRow[] = [];
  const targetGroups = new Map<string, string>(); // security group -> label of the targets it holds
  for (const target of contextOf(t, lb).targets) {
    const dst = targetEnd(t, target);
    for (const g of target.groups) {
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
      rows.push(row(lb.id, lbEnd.label, dst.label, label, r.allowed, blocked ? `${unproven}${blockedBy(blocked)}` : opener));
    }
  }
  rows.push(...lambdaRows(t, lb, lbEnd));
  return { rows, groups: targetGroups };
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
  return ids.map((id) => row(lb.id, lbEnd.label, `Lambda functions of ${id}`, 'invoke', true, 'invoked by the Elastic Load Balancing service (no network path)'));
}

/** Where else the load balancer may send: its egress rules to anything but its targets' groups, as written. */
function otherEgressRows(lb: LoadBalancer, rules: SgRule[], targetGroups: Map<string, string>): FlowRow[] {
  return rules.filter((r) => r.direction === 'out' && !(r.peer.kind === 'group' && targetGroups.has(r.peer.group.logicalId ?? '')))
    .map((rule) => row(lb.id, `load balancer ${lb.id}`, peerName(rule.peer), ports(rule), true, rule.implicit ? `${rule.source} (CloudFormation default egress)` : rule.source));
}

/** Who may reach the targets without the load balancer: the ingress rules of their groups, as written. */
function bypassRows(t: TemplateReader, lb: LoadBalancer, lbGroups: string[], targetGroups: Map<string, string>): FlowRow[] {
  const out: FlowRow[] = [];
  for (const [g, label] of targetGroups) {
    for (const rule of (t.securityGroups.get(g)?.rules ?? []).filter((r) => r.direction === 'in')) {
      // the load balancer's own groups (imported ones too, by id) are its path, reported above
      if (rule.peer.kind === 'group' && lbGroups.includes(rule.peer.group.logicalId ?? rule.peer.group.text)) continue;
      out.push(row(lb.id, peerName(rule.peer), label, ports(rule), true, rule.source));
    }
  }
  return out;
}
