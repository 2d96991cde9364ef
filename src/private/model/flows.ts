import { Address, addressText, symbol } from './addresses';
import { blockingStep, EndpointSpec, INTERNET_ADDRESS, Reachability, StepResult } from './reach';
import { Peer, SgRule, TemplateReader } from './reader';
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
 * may be open in a security group and still be blocked by a network ACL).
 */
export function allowedFlows(t: TemplateReader): FlowRow[] {
  const reach = new Reachability(t);
  const rows: FlowRow[] = [];
  for (const lb of t.loadBalancers.values()) {
    const groups = lb.securityGroups.map((g) => g.logicalId ?? g.text);
    const subnets = lb.subnets.map((s) => s.logicalId ?? s.text);
    const lbEnd: EndpointSpec = { label: `load balancer ${lb.id}`, groups, subnets, address: symbol(`addresses of ${lb.id}`) };
    const listenerPorts = lb.listeners.map((l) => l.port).filter((p): p is number => p !== undefined);
    const rules = groups.flatMap((g) => t.securityGroups.get(g)?.rules ?? []);

    // who may reach the load balancer
    for (const rule of rules.filter((r) => r.direction === 'in')) {
      const probe = listenerPorts.find((p) => p >= rule.fromPort && p <= rule.toPort) ?? rule.fromPort;
      const probePort = Math.max(1, probe);
      const r = reach.evaluate(peerEndpoint(t, rule.peer), lbEnd, probePort);
      const blocked = blockingStep(r.steps);
      rows.push(row(lb.id, peerName(rule.peer), `load balancer ${lb.id}`, ports(rule), r.allowed, blocked ? blockedBy(blocked) : rule.source));
    }
    for (const port of listenerPorts) {
      if (!rules.some((r) => r.direction === 'in' && (r.protocol === 'all' || r.protocol === 'tcp') && port >= r.fromPort && port <= r.toPort)) {
        rows.push(row(lb.id, 'anyone', `load balancer ${lb.id}`, `${port}`, false, noListenerRule(reach, lbEnd, port)));
      }
    }

    // where the load balancer may send
    const targetGroupIds = new Set(lb.listeners.flatMap((l) => l.targetGroups));
    const targetSgs = new Set<string>();
    const targetLabel = new Map<string, string>();
    for (const tgId of targetGroupIds) {
      const tg = t.targetGroups.get(tgId);
      if (!tg || tg.port === undefined) continue;
      const tgGroups = t.targetSecurityGroups(tg, groups);
      tgGroups.forEach((g) => { targetSgs.add(g); targetLabel.set(g, `targets of ${tgId}`); });
      // the targets' addresses are those of their groups' VPC, as for a group endpoint of `evaluate`
      const vpc = tgGroups.map((g) => t.securityGroups.get(g)?.vpc).find((v) => v !== undefined);
      const dst: EndpointSpec = tgGroups.length > 0
        ? { label: `targets of ${tgId}`, groups: tgGroups, subnets: tg.targetSubnets, address: (vpc ? t.vpcs.get(vpc) : undefined) ?? symbol(`targets of ${tgId}`) }
        : { label: `targets of ${tgId} (not in the template)`, groups: [], subnets: [], address: symbol(`targets of ${tgId}`) };
      for (const port of [...new Set([tg.port, tg.healthCheckPort ?? tg.port])]) {
        const r = reach.evaluate(lbEnd, dst, port);
        const blocked = blockingStep(r.steps);
        const opener = r.steps.find((x) => x.name === 'source security group egress')?.decidedBy ?? '';
        const label = `${port}${port === tg.port ? '' : ' (health check)'}`;
        rows.push(row(lb.id, `load balancer ${lb.id}`, dst.label, label, r.allowed, blocked ? blockedBy(blocked) : opener));
      }
    }
    for (const rule of rules.filter((r) => r.direction === 'out')) {
      const toTargets = rule.peer.kind === 'group' && targetSgs.has(rule.peer.group.logicalId ?? '');
      if (toTargets) continue;
      const source = rule.implicit ? `${rule.source} (CloudFormation default egress)` : rule.source;
      rows.push(row(lb.id, `load balancer ${lb.id}`, peerName(rule.peer), ports(rule), true, source));
    }

    // who may reach the targets without the load balancer
    for (const g of targetSgs) {
      for (const rule of (t.securityGroups.get(g)?.rules ?? []).filter((r) => r.direction === 'in')) {
        // the load balancer's own groups (imported ones too, by id) are its path, reported above
        if (rule.peer.kind === 'group' && groups.includes(rule.peer.group.logicalId ?? rule.peer.group.text)) continue;
        rows.push(row(lb.id, peerName(rule.peer), targetLabel.get(g) ?? `targets (${g})`, ports(rule), true, rule.source));
      }
    }
  }
  return rows;
}
