import type { Address } from '../../../assertions/private/addresses';
import type { LbContext, TargetSpec } from '../../../assertions/private/context';
import type { RawFinding } from '../../../assertions/private/findings';
import type { SgRule } from '../../../assertions/private/reader';
import { Recommendation } from '../../recommendation';
import { ANY, CheckKit, IDP_PORT, LB_SG, OUT, recommendation, SG_DOC, tcpRule } from '../unit';

/** LB SG: outbound to the target security group on the target port. */
export const LBSG_OUT_TARGET = recommendation({
  id: 'LBSG-OUT-TARGET',
  location: LB_SG,
  scheme: ANY,
  direction: OUT,
  peer: 'target security group',
  port: 'target',
  reason: 'The load balancer forwards requests to the targets.',
  docUrl: SG_DOC,
  checks: {
    lbSgRule: (kit, { group, rule }) => widerEgress(kit, group, rule),
    lbSgTarget: (kit, { target }) => egressToTarget(kit, target, target.port, LBSG_OUT_TARGET.row, ''),
  },
  sgRules: {
    // the load balancer's group to the targets' group (and the targets' ingress from it: TGSG-IN-TARGET),
    // and to the IP targets outside the VPC, on every port the load balancer sends to but the health check's own
    targetPort: (s, port, role) => [
      ...role === 'healthCheck' ? [] : [tcpRule('loadBalancer', 'out', { kind: 'targets' }, port,
        role === 'target' ? 'LBSG-OUT-TARGET/TGSG-IN-TARGET: requests on the target port' : `LBSG-OUT-TARGET/TGSG-IN-TARGET: target port ${port}`)],
      ...s.targetCidrs.map((cidr) => tcpRule('loadBalancer', 'out', { kind: 'cidr', cidr }, port, `LBSG-OUT-TARGET: IP targets in ${cidr} on port ${port} (targetCidrs)`)),
    ],
  },
});

/**
 * The load balancer's group lets a target port out to the targets (shared with LBSG-OUT-HEALTH-CHECK,
 * which passes the health-check port).
 */
export function egressToTarget(kit: CheckKit, target: TargetSpec, port: number, rec: Recommendation, note: string): RawFinding[] {
  const { reach, ctx, h } = kit;
  if (!target.network && target.groups.length === 0) return []; // unknown targets: see the target groups' checks
  const dst = target.network
    ? h.endpoint(`the IP targets of ${target.targetGroup} (${h.addressText(target.network)})`, [], [], target.network)
    : h.endpoint(`the targets of ${target.targetGroup} (${target.groups.join(', ')})`, target.groups, [], h.symbol(`members of ${target.groups.join(', ')}`));
  const step = reach.groupsAllow('egress', ctx.lbGroups, 'out', dst, dst.address, port);
  if (step.allowed) return [];
  return [h.stepFinding(step, rec, ctx.lb.id, ctx.lbGroups.join(', '),
    `${ctx.lb.id}: ${step.detail}${note}`,
    target.network
      ? `Allow TCP ${port} outbound from the load balancer security group to ${h.addressText(target.network)} (the targets' network).`
      : `Allow TCP ${port} outbound from the load balancer security group to ${target.groups.join(', ')}.`)];
}

/**
 * An egress rule the load balancer does not need. Without targets in the template only what is
 * wide for any target is reported: all traffic (CloudFormation's default included). With targets,
 * anything but their ports to them, to the construct's own target groups, and 443 to the
 * identity providers.
 */
function widerEgress(kit: CheckKit, group: string, rule: SgRule): RawFinding[] {
  const { ctx, h } = kit;
  if (rule.direction === 'in') return [];
  const targetPorts = targetPortsOf(ctx);
  const wider = rule.implicit || rule.protocol === 'all'
    || (ctx.targets.length > 0 && !toTargets(kit, rule, targetPorts) && !toOwnTargetGroup(kit, rule, targetPorts) && !toIdentityProviders(kit, rule)
      && !toTargetsOnUnknownPorts(kit, rule));
  if (!wider) return [];
  const lbId = ctx.lb.id;
  return [{
    kind: 'WIDER',
    recommendation: LBSG_OUT_TARGET.row,
    loadBalancer: lbId,
    resource: rule.source,
    message: rule.implicit
      ? `${lbId}: ${group} declares no egress rule, so CloudFormation's default allows all outbound traffic`
      : `${lbId}: ${rule.source} allows ${h.portsOf(rule)} outbound to ${h.describePeer(rule)}; the load balancer needs ${neededEgressText(kit, targetPorts)} (access logs need no egress)`,
    fix: 'Set allowAllOutbound: false and allow only the target and health-check ports to the target security group.',
  }];
}

function targetPortsOf(ctx: LbContext): number[] {
  return [...new Set(ctx.targets.flatMap((x) => [x.port, x.healthCheckPort]))];
}

/** The target ports, to the targets' groups in the VPC or into a network of targets outside it. */
function toTargets(kit: CheckKit, rule: SgRule, targetPorts: number[]): boolean {
  if (!kit.h.coversOnly(rule, targetPorts)) return false;
  if (rule.peer.kind === 'group') {
    const id = rule.peer.group.logicalId ?? '';
    return kit.ctx.targets.some((x) => x.groups.includes(id));
  }
  return rule.peer.kind === 'address' && within(kit, rule.peer.address, kit.ctx.targetNetworks);
}

/**
 * A rule to targets whose port or health-check port the template does not resolve: it may be just
 * that port (the UNKNOWN finding on the port says the rule is not checked), never reported wider.
 */
function toTargetsOnUnknownPorts(kit: CheckKit, rule: SgRule): boolean {
  const { ctx } = kit;
  const groups = [
    ...ctx.targets.filter((x) => x.healthCheckUnknown !== undefined).flatMap((x) => x.groups),
    ...ctx.unresolvedPorts.flatMap((u) => u.groups),
  ];
  const networks = ctx.targets.filter((x) => x.healthCheckUnknown !== undefined).flatMap((x) => (x.network ? [x.network] : []));
  if (rule.peer.kind === 'group') return groups.includes(rule.peer.group.logicalId ?? '');
  return rule.peer.kind === 'address' && within(kit, rule.peer.address, networks);
}

/**
 * The target ports to a group the construct made for its targets: made on purpose, and needed as
 * soon as a target is put in it, even while the targets registered now have groups of their own.
 */
function toOwnTargetGroup(kit: CheckKit, rule: SgRule, targetPorts: number[]): boolean {
  return rule.peer.kind === 'group' && kit.ctx.ownTargetGroups.includes(rule.peer.group.logicalId ?? '') && kit.h.coversOnly(rule, targetPorts);
}

/** HTTPS to the identity providers a listener authenticates users with. */
function toIdentityProviders(kit: CheckKit, rule: SgRule): boolean {
  return rule.peer.kind === 'address' && kit.h.coversOnly(rule, [IDP_PORT]) && within(kit, rule.peer.address, kit.ctx.identityProviders);
}

function within(kit: CheckKit, a: Address, networks: Address[]): boolean {
  return networks.some((n) => kit.h.contains(n, a) === 'yes');
}

function neededEgressText(kit: CheckKit, targetPorts: number[]): string {
  const { ctx, h } = kit;
  if (ctx.targets.length === 0) return 'egress to its targets\' ports only';
  const peers = [
    ...ctx.targets.some((x) => !x.network) ? ['the targets\' security group'] : [],
    ...ctx.targetNetworks.length > 0 ? [`the target networks (${ctx.targetNetworks.map(h.addressText).join(', ')})`] : [],
  ];
  const idp = ctx.identityProviders.length > 0 ? `, and ${IDP_PORT} to the identity providers (${ctx.identityProviders.map(h.addressText).join(', ')})` : '';
  return `only the target and health-check ports (${targetPorts.join(', ')}) to ${peers.join(' and ')}${idp}`;
}
