import { addressText } from './addresses';
import { LbContext } from './context';
import { endpoint, RawFinding, stepFinding } from './findings';
import { Reachability, StepResult } from './reach';
import { AclEntry, TemplateReader } from './reader';
import { UnitRunner } from './run-units';
import { MAX_PORT, MIN_PORT } from '../../private/network-util';
import { Recommendation, Recommendations } from '../../recommendations';

/**
 * The network ACLs of the load balancer's subnets and of the targets' subnets. Only ACLs of the
 * template are checked (see `aclInTemplate`); one that cannot be compared with an address the
 * template does not give (an imported subnet's CIDR) proves no rule missing: UNKNOWN.
 *
 * This is the walk; each recommendation's check is in its unit (src/recommendations/private/units).
 */
export function checkAcls(t: TemplateReader, reach: Reachability, ctx: LbContext): RawFinding[] {
  const out: RawFinding[] = [];
  // The finding names the resource to change (the entry that denies, or the ACL whose final deny
  // applies), so that an acknowledgment on the ACL construct finds it.
  const add = (step: StepResult, rec: Recommendation, fix: string, note = '') => {
    if (step.allowed) return;
    out.push(stepFinding(step, rec, ctx.lb.id, step.resource ?? step.decidedBy, `${ctx.lb.id}: ${step.name}: ${step.detail}${note}`,
      step.unknown ? `Check by hand (the template does not give the addresses to compare): ${fix}` : fix));
  };
  const units = new UnitRunner(t, reach, ctx, add);
  const run: UnitRunner['run'] = (scope, at) => {
    const found = units.run(scope, at);
    out.push(...found);
    return found;
  };
  for (const subnet of ctx.lbSubnets.filter((s) => aclInTemplate(t, s))) {
    // the clients' requests on the listener ports, and the replies to them
    for (const client of ctx.clients) run('lbAclClient', { subnet, client });
    for (const target of ctx.targets) {
      if (target.network) {
        // IP targets outside the VPC: the target and health-check ports out to their address, the replies in from it
        const at = { subnet, target, address: target.network, peerText: `${addressText(target.network)} (the targets' network)` };
        run('lbAclToTarget', at);
        run('lbAclFromTarget', at);
      } else {
        // Targets in the VPC: targets in unknown subnets stand for the whole VPC; targets in the
        // load balancer's own subnet are reached without crossing its network ACL.
        const targetSubnets = target.subnets.length > 0 ? target.subnets : [undefined];
        for (const targetSubnet of targetSubnets.filter((s) => s !== subnet)) {
          const address = targetSubnet === undefined ? ctx.vpcCidr : reach.addressIn(endpoint('', [], [], ctx.vpcCidr), targetSubnet);
          const at = { subnet, target, address, peerText: 'the VPC CIDR' };
          run('lbAclToTarget', at);
          run('lbAclFromTarget', at);
        }
      }
    }
    // a listener that authenticates users: HTTPS out to the identity providers, and their replies in
    for (const idp of ctx.identityProviders) run('lbAclIdentityProvider', { subnet, idp });
    const open = run('lbAclEntries', { subnet });
    out.push(...allowAllEntries(t, ctx, subnet, 'load balancer', open.map((f) => f.resource)));
  }
  const targetSubnets = new Set<string>();
  for (const target of ctx.targets) {
    for (const subnet of target.subnets.filter((s) => aclInTemplate(t, s))) {
      // the targets' subnets: the load balancer's requests and health checks in, the replies out
      for (const lbSubnet of ctx.lbSubnets.filter((s) => s !== subnet)) {
        const lbAddress = reach.addressIn(endpoint('', [], [], ctx.vpcCidr), lbSubnet);
        run('targetAclFromLb', { subnet, target, lbSubnet, lbAddress });
      }
      if (!ctx.lbSubnets.includes(subnet)) targetSubnets.add(subnet);
    }
  }
  for (const subnet of targetSubnets) {
    out.push(...allowAllEntries(t, ctx, subnet, 'target', []));
  }
  return out;
}

/**
 * An entry that allows every protocol and port (or every TCP port) from or to everyone
 * (0.0.0.0/0), in the network ACL of a load balancer or target subnet: the recommended entries
 * are narrower (the listener, target and ephemeral ports). One check across the rows of a
 * subnet's ACL: the finding names the row the entry stands in for.
 */
function allowAllEntries(t: TemplateReader, ctx: LbContext, subnet: string, role: 'load balancer' | 'target', reported: string[]): RawFinding[] {
  const acl = t.subnets.get(subnet)?.acl;
  const entries = (acl ? t.acls.get(acl)?.entries ?? [] : []).filter((e) => !e.implicit);
  const wide = (e: AclEntry) => e.allow && !e.unresolved && e.cidr.kind === 'cidr' && e.cidr.prefixLength === 0
    && (e.protocol === 'all' || (e.protocol === 'tcp' && e.fromPort <= MIN_PORT && e.toPort >= MAX_PORT));
  const recommendation = (e: AclEntry): Recommendation => {
    if (role === 'target') return e.egress ? Recommendations.TGACL_OUT_EPHEMERAL_VPC : Recommendations.TGACL_IN_TARGET;
    if (e.egress) return Recommendations.LBACL_OUT_TARGET;
    return ctx.lb.internetFacing ? Recommendations.LBACL_IN_LISTENER_INTERNET : Recommendations.LBACL_IN_LISTENER_VPC;
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
