// Internal: check code two scheme variants of one rule share (the internet-facing and the internal
// row of the same place). Each unit file says which of these it runs.
import type { Client } from '../../assertions/private/context';
import type { RawFinding } from '../../assertions/private/findings';
import type { AclEntry, SgRule } from '../../assertions/private/reader';
import { Recommendation } from '../recommendation';
import { CheckKit } from './unit';

/**
 * Every client the listeners are opened to reaches every listener port. A client network the
 * template does not spell out (an imported value) cannot be compared: UNKNOWN, not MISSING.
 */
export function listenerIngress(kit: CheckKit, client: Client, rec: Recommendation): RawFinding[] {
  const { reach, ctx, h } = kit;
  const out: RawFinding[] = [];
  for (const port of ctx.listenerPorts) {
    const step = reach.groupsAllow('ingress', ctx.lbGroups, 'in', h.endpoint(client.label, [], [], client.address), client.address, port);
    if (step.allowed) continue;
    // an internal load balancer whose clients are admitted by security group: that is the rule for them
    if (!ctx.lb.internetFacing && client.address === ctx.vpcCidr && groupReferenceIngress(kit, ctx.lbGroups, port)) continue;
    out.push({
      kind: client.address.kind === 'symbol' || step.unknown ? 'UNKNOWN' : 'MISSING',
      recommendation: rec,
      loadBalancer: ctx.lb.id,
      resource: ctx.lbGroups.join(', '),
      message: `${ctx.lb.id}: ${step.detail}`,
      fix: `Allow TCP ${port} inbound from ${client.groupText} on the load balancer security group.`,
    });
  }
  return out;
}

/** An ingress rule of the load balancer's groups from a security group, on the port. */
function groupReferenceIngress(kit: CheckKit, groups: string[], port: number): boolean {
  return groups.some((g) => (kit.t.securityGroups.get(g)?.rules ?? []).some((r) => r.direction === 'in' && r.peer.kind === 'group' && !r.unresolved
    && (r.protocol === 'all' || (r.protocol === 'tcp' && port >= r.fromPort && port <= r.toPort))));
}

/**
 * An ingress rule beyond the listener ports; or one from everyone on a load balancer not opened
 * to everyone (internal, or internet-facing with narrowed clients).
 */
export function widerIngress(kit: CheckKit, rule: SgRule, rec: Recommendation): RawFinding[] {
  const { ctx, h } = kit;
  if (rule.direction !== 'in') return [];
  const lbId = ctx.lb.id;
  const finding = (message: string, fix: string): RawFinding[] => [{
    kind: 'WIDER',
    recommendation: rec,
    loadBalancer: lbId,
    resource: rule.source,
    message,
    fix,
  }];
  if (!ctx.lb.internetFacing && h.isWorldRule(rule)) {
    return finding(`${lbId} is internal but ${rule.source} allows ${h.portsOf(rule)} from everyone (${h.describePeer(rule)})`,
      'Allow only the VPC CIDR and the client networks; pass open: false to listeners.');
  }
  if (ctx.narrowedClients && h.isWorldRule(rule)) {
    return finding(`${lbId}: ${rule.source} allows ${h.portsOf(rule)} from everyone (${h.describePeer(rule)}), but the listeners are opened to ${clientsText(kit)} only (clientCidrs)`,
      'Allow only the client networks (clientCidrs); pass open: false to listeners.');
  }
  if (!h.coversOnly(rule, ctx.listenerPorts)) {
    return finding(`${lbId}: ${rule.source} allows ${h.portsOf(rule)} inbound from ${h.describePeer(rule)}, beyond the listener ports (${ctx.listenerPorts.join(', ') || 'none'})`,
      'Remove the rule or narrow it to the listener ports.');
  }
  return [];
}

function clientsText(kit: CheckKit): string {
  return kit.ctx.clients.map((c) => kit.h.addressText(c.address)).join(', ');
}

/** The network ACL of a load balancer subnet lets a client's requests in on every listener port. */
export function aclListenerEntries(kit: CheckKit, subnet: string, client: Client, rec: Recommendation): void {
  for (const port of kit.ctx.listenerPorts) {
    kit.addAclStep(kit.reach.aclStep(`load balancer subnet ${subnet} inbound`, subnet, false, false, client.address, port, port), rec,
      `Allow TCP ${port} inbound from ${client.aclText} in the network ACL of ${subnet}.`);
  }
}

/** The network ACL of a load balancer subnet lets the replies out to a client. */
export function aclClientReplies(kit: CheckKit, subnet: string, client: Client, rec: Recommendation): void {
  const eph = kit.h.ephemeral;
  kit.addAclStep(kit.reach.aclStep(`load balancer subnet ${subnet} outbound (ephemeral)`, subnet, false, true, client.address, [...kit.h.replyRanges]), rec,
    `Allow TCP ${eph.from}-${eph.to} outbound to ${client.aclText} in the network ACL of ${subnet}.`);
}

/**
 * An entry that lets everyone reach a listener port of a load balancer not opened to everyone
 * (internal, or internet-facing with narrowed clients). An entry for the whole ephemeral range is
 * a reply entry (NAT gateways, identity providers), not a way in the construct chose.
 */
export function openListenerEntries(kit: CheckKit, subnet: string, rec: Recommendation): RawFinding[] {
  const { t, ctx, h } = kit;
  if (ctx.lb.internetFacing && !ctx.narrowedClients) return [];
  const acl = t.subnets.get(subnet)?.acl;
  const entries = (acl ? t.acls.get(acl)?.entries ?? [] : []).filter((e) => !e.implicit);
  const opens = (e: AclEntry) => !e.egress && e.allow && e.cidr.kind === 'cidr' && e.cidr.prefixLength === 0 && !isReplyEntry(kit, e)
    && (e.protocol === 'all' || (e.protocol === 'tcp' && ctx.listenerPorts.some((p) => p >= e.fromPort && p <= e.toPort)));
  return entries.filter(opens).map((e) => ({
    kind: 'WIDER' as const,
    recommendation: rec,
    loadBalancer: ctx.lb.id,
    resource: e.id,
    message: ctx.lb.internetFacing
      ? `${ctx.lb.id}: entry ${e.ruleNumber} (${e.id}) of ${acl} lets 0.0.0.0/0 reach the listener port, but the listeners are opened to ${ctx.clients.map((c) => h.addressText(c.address)).join(', ')} only (clientCidrs)`
      : `${ctx.lb.id} is internal but entry ${e.ruleNumber} (${e.id}) of ${acl} lets 0.0.0.0/0 reach the listener port`,
    fix: ctx.lb.internetFacing ? 'Allow the listener ports from the client networks (clientCidrs) only.' : 'Allow the listener port from the VPC CIDR and the client networks only.',
  }));
}

/** An entry of (part of) the ephemeral range: replies, also when it leaves out the admin ports. */
function isReplyEntry(kit: CheckKit, e: AclEntry): boolean {
  const eph = kit.h.ephemeral;
  return e.protocol === 'tcp' && ((e.fromPort >= eph.from && e.toPort === eph.to) || (e.fromPort === eph.from && e.toPort <= eph.to));
}
