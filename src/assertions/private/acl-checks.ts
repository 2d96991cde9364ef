import { Address, addressText, EPHEMERAL, EPHEMERAL_RANGES } from './addresses';
import { LbContext, TargetSpec } from './context';
import { endpoint, RawFinding, stepFinding, targetPortRows } from './findings';
import { IDP_PORT, LB_ACL_IN_EPHEMERAL_IDP, LB_ACL_OUT_IDP } from './identity-providers';
import { Reachability, StepResult } from './reach';
import { AclEntry, TemplateReader } from './reader';
import { Recommendation, Recommendations } from '../../recommendations';

/** Adds the finding of a step that does not let the traffic through. */
type Add = (step: StepResult, rec: Recommendation, fix: string, note?: string) => void;

/**
 * The network ACLs of the load balancer's subnets and of the targets' subnets. Only ACLs of the
 * template are checked (see `aclInTemplate`); one that cannot be compared with an address the
 * template does not give (an imported subnet's CIDR) proves no rule missing: UNKNOWN.
 */
export function checkAcls(t: TemplateReader, reach: Reachability, ctx: LbContext): RawFinding[] {
  const out: RawFinding[] = [];
  // The finding names the resource to change (the entry that denies, or the ACL whose final deny
  // applies), so that an acknowledgment on the ACL construct finds it.
  const add: Add = (step, rec, fix, note = '') => {
    if (step.allowed) return;
    out.push(stepFinding(step, rec, ctx.lb.id, step.resource ?? step.decidedBy, `${ctx.lb.id}: ${step.name}: ${step.detail}${note}`,
      step.unknown ? `Check by hand (the template does not give the addresses to compare): ${fix}` : fix));
  };
  for (const subnet of ctx.lbSubnets.filter((s) => aclInTemplate(t, s))) {
    clientEntries(reach, ctx, subnet, add);
    for (const target of ctx.targets) {
      if (target.network) {
        networkTargetEntries(reach, subnet, target, target.network, add);
      } else {
        vpcTargetEntries(reach, ctx, subnet, target, add);
      }
    }
    identityProviderEntries(reach, ctx, subnet, add);
    const open = openListenerEntries(t, ctx, subnet);
    out.push(...open, ...allowAllEntries(t, ctx, subnet, 'load balancer', open.map((f) => f.resource)));
  }
  const targetSubnets = new Set<string>();
  for (const target of ctx.targets) {
    for (const subnet of target.subnets.filter((s) => aclInTemplate(t, s))) {
      targetSubnetEntries(reach, ctx, subnet, target, add);
      if (!ctx.lbSubnets.includes(subnet)) targetSubnets.add(subnet);
    }
  }
  for (const subnet of targetSubnets) {
    out.push(...allowAllEntries(t, ctx, subnet, 'target', []));
  }
  return out;
}

/** The clients' requests on the listener ports, and the replies to them. */
function clientEntries(reach: Reachability, ctx: LbContext, subnet: string, add: Add): void {
  const listenerRec = ctx.lb.internetFacing ? Recommendations.LB_ACL_IN_LISTENER_INTERNET : Recommendations.LB_ACL_IN_LISTENER_VPC;
  const repliesRec = ctx.lb.internetFacing ? Recommendations.LB_ACL_OUT_EPHEMERAL_INTERNET : Recommendations.LB_ACL_OUT_EPHEMERAL_VPC;
  for (const client of ctx.clients) {
    for (const port of ctx.listenerPorts) {
      add(reach.aclStep(`load balancer subnet ${subnet} inbound`, subnet, false, false, client.address, port, port), listenerRec,
        `Allow TCP ${port} inbound from ${client.aclText} in the network ACL of ${subnet}.`);
    }
    add(reach.aclStep(`load balancer subnet ${subnet} outbound (ephemeral)`, subnet, false, true, client.address, EPHEMERAL_RANGES), repliesRec,
      `Allow TCP 1024-65535 outbound to ${client.aclText} in the network ACL of ${subnet}.`);
  }
}

/**
 * Targets in the VPC: the target and health-check ports out, the replies in. Targets in unknown
 * subnets stand for the whole VPC; targets in the load balancer's own subnet are reached without
 * crossing its network ACL.
 */
function vpcTargetEntries(reach: Reachability, ctx: LbContext, subnet: string, target: TargetSpec, add: Add): void {
  const targetSubnets = target.subnets.length > 0 ? target.subnets : [undefined];
  for (const targetSubnet of targetSubnets.filter((s) => s !== subnet)) {
    const addr = targetSubnet === undefined ? ctx.vpcCidr : reach.addressIn(endpoint('', [], [], ctx.vpcCidr), targetSubnet);
    for (const [port, rec] of targetPortRows(target, Recommendations.LB_ACL_OUT_TARGET, Recommendations.LB_ACL_OUT_HEALTH_CHECK)) {
      add(reach.aclStep(`load balancer subnet ${subnet} outbound`, subnet, false, true, addr, port, port), rec,
        `Allow TCP ${port} outbound to the VPC CIDR in the network ACL of ${subnet}.`);
    }
    add(reach.aclStep(`load balancer subnet ${subnet} inbound (ephemeral)`, subnet, false, false, addr, EPHEMERAL_RANGES), Recommendations.LB_ACL_IN_EPHEMERAL_VPC,
      `Allow TCP 1024-65535 inbound from the VPC CIDR in the network ACL of ${subnet}.`);
  }
}

/** IP targets outside the VPC: the target and health-check ports out to their address, the replies in from it. */
function networkTargetEntries(reach: Reachability, subnet: string, target: TargetSpec, network: Address, add: Add): void {
  const text = addressText(network);
  for (const [port, rec] of targetPortRows(target, Recommendations.LB_ACL_OUT_TARGET, Recommendations.LB_ACL_OUT_HEALTH_CHECK)) {
    add(reach.aclStep(`load balancer subnet ${subnet} outbound`, subnet, false, true, network, port, port), rec,
      `Allow TCP ${port} outbound to ${text} (the targets' network) in the network ACL of ${subnet}.`);
  }
  add(reach.aclStep(`load balancer subnet ${subnet} inbound (ephemeral)`, subnet, false, false, network, EPHEMERAL_RANGES), Recommendations.LB_ACL_IN_EPHEMERAL_VPC,
    `Allow TCP 1024-65535 inbound from ${text} (the targets' network) in the network ACL of ${subnet}.`);
}

/** A listener that authenticates users: HTTPS out to the identity providers, and their replies in. */
function identityProviderEntries(reach: Reachability, ctx: LbContext, subnet: string, add: Add): void {
  const note = ' (a listener authenticates users: logins fail with HTTP 500)';
  for (const idp of ctx.identityProviders) {
    const text = addressText(idp);
    add(reach.aclStep(`load balancer subnet ${subnet} outbound (identity providers)`, subnet, false, true, idp, IDP_PORT, IDP_PORT), LB_ACL_OUT_IDP,
      `Allow TCP ${IDP_PORT} outbound to ${text} (the identity providers) in the network ACL of ${subnet}.`, note);
    add(reach.aclStep(`load balancer subnet ${subnet} inbound (identity providers' replies)`, subnet, false, false, idp, EPHEMERAL_RANGES), LB_ACL_IN_EPHEMERAL_IDP,
      `Allow TCP 1024-65535 inbound from ${text} (the identity providers) in the network ACL of ${subnet}.`, note);
  }
}

/**
 * An entry that lets everyone reach a listener port of a load balancer not opened to everyone
 * (internal, or internet-facing with narrowed clients). An entry for the whole ephemeral range is
 * a reply entry (NAT gateways, identity providers), not a way in the construct chose.
 */
function openListenerEntries(t: TemplateReader, ctx: LbContext, subnet: string): RawFinding[] {
  if (ctx.lb.internetFacing && !ctx.narrowedClients) return [];
  const acl = t.subnets.get(subnet)?.acl;
  const entries = acl ? t.acls.get(acl)?.entries ?? [] : [];
  const opens = (e: AclEntry) => !e.egress && e.allow && e.cidr.kind === 'cidr' && e.cidr.prefixLength === 0 && !isReplyEntry(e)
    && (e.protocol === 'all' || (e.protocol === 'tcp' && ctx.listenerPorts.some((p) => p >= e.fromPort && p <= e.toPort)));
  return entries.filter(opens).map((e) => ({
    kind: 'WIDER' as const,
    recommendation: ctx.lb.internetFacing ? Recommendations.LB_ACL_IN_LISTENER_INTERNET : Recommendations.LB_ACL_IN_LISTENER_VPC,
    loadBalancer: ctx.lb.id,
    resource: e.id,
    message: ctx.lb.internetFacing
      ? `${ctx.lb.id}: entry ${e.ruleNumber} (${e.id}) of ${acl} lets 0.0.0.0/0 reach the listener port, but the listeners are opened to ${ctx.clients.map((c) => addressText(c.address)).join(', ')} only (clientCidrs)`
      : `${ctx.lb.id} is internal but entry ${e.ruleNumber} (${e.id}) of ${acl} lets 0.0.0.0/0 reach the listener port`,
    fix: ctx.lb.internetFacing ? 'Allow the listener ports from the client networks (clientCidrs) only.' : 'Allow the listener port from the VPC CIDR and the client networks only.',
  }));
}

/**
 * An entry that allows every protocol and port (or every TCP port) from or to everyone
 * (0.0.0.0/0), in the network ACL of a load balancer or target subnet: the recommended entries
 * are narrower (the listener, target and ephemeral ports).
 */
function allowAllEntries(t: TemplateReader, ctx: LbContext, subnet: string, role: 'load balancer' | 'target', reported: string[]): RawFinding[] {
  const acl = t.subnets.get(subnet)?.acl;
  const entries = acl ? t.acls.get(acl)?.entries ?? [] : [];
  const wide = (e: AclEntry) => e.allow && !e.unresolved && e.cidr.kind === 'cidr' && e.cidr.prefixLength === 0
    && (e.protocol === 'all' || (e.protocol === 'tcp' && e.fromPort <= 1 && e.toPort >= 65535));
  const recommendation = (e: AclEntry): Recommendation => {
    if (role === 'target') return e.egress ? Recommendations.TARGET_ACL_OUT_EPHEMERAL_VPC : Recommendations.TARGET_ACL_IN_TARGET;
    if (e.egress) return Recommendations.LB_ACL_OUT_TARGET;
    return ctx.lb.internetFacing ? Recommendations.LB_ACL_IN_LISTENER_INTERNET : Recommendations.LB_ACL_IN_LISTENER_VPC;
  };
  return entries.filter((e) => wide(e) && !reported.includes(e.id)).map((e) => ({
    kind: 'WIDER' as const,
    recommendation: recommendation(e),
    loadBalancer: ctx.lb.id,
    resource: e.id,
    message: `${ctx.lb.id}: entry ${e.ruleNumber} (${e.id}) of ${acl}, the network ACL of ${role} subnet ${subnet}, allows ${e.protocol === 'all' ? 'all traffic' : 'every TCP port'} ${e.egress ? 'to' : 'from'} 0.0.0.0/0`,
    fix: role === 'target'
      ? 'Allow only the target and health-check ports from the VPC CIDR in, and the ephemeral ports to the VPC CIDR out.'
      : 'Allow only the listener ports from the clients and the ephemeral ports from the VPC CIDR in; the target ports to the VPC CIDR and the ephemeral ports to the clients out.',
  }));
}

/** An entry of (part of) the ephemeral range: replies, also when it leaves out the admin ports. */
function isReplyEntry(e: AclEntry): boolean {
  return e.protocol === 'tcp' && e.fromPort >= EPHEMERAL.from && e.toPort === EPHEMERAL.to
    || e.protocol === 'tcp' && e.fromPort === EPHEMERAL.from && e.toPort <= EPHEMERAL.to;
}

/** The targets' subnets: the load balancer's requests and health checks in, the replies out. */
function targetSubnetEntries(reach: Reachability, ctx: LbContext, subnet: string, target: TargetSpec, add: Add): void {
  for (const lbSubnet of ctx.lbSubnets.filter((s) => s !== subnet)) {
    const lbAddr = reach.addressIn(endpoint('', [], [], ctx.vpcCidr), lbSubnet);
    for (const [port, rec] of targetPortRows(target, Recommendations.TARGET_ACL_IN_TARGET, Recommendations.TARGET_ACL_IN_HEALTH_CHECK)) {
      add(reach.aclStep(`target subnet ${subnet} inbound`, subnet, false, false, lbAddr, port, port), rec,
        `Allow TCP ${port} inbound from the VPC CIDR in the network ACL of ${subnet}.`);
    }
    add(reach.aclStep(`target subnet ${subnet} outbound (ephemeral)`, subnet, false, true, lbAddr, EPHEMERAL_RANGES), Recommendations.TARGET_ACL_OUT_EPHEMERAL_VPC,
      `Allow TCP 1024-65535 outbound to the VPC CIDR in the network ACL of ${subnet}.`);
  }
}

/**
 * Whether the template holds the subnet's network ACL: an associated ACL of the template, or the
 * default ACL of a subnet of the template. An imported subnet without an association keeps an ACL
 * the template does not show.
 */
export function aclInTemplate(t: TemplateReader, subnet: string): boolean {
  const s = t.subnets.get(subnet);
  if (!s) return false;
  return s.acl !== undefined ? t.acls.has(s.acl) : !s.outside;
}
