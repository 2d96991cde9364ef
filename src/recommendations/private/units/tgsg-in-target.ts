import type { TargetSpec } from '../../../assertions/private/context';
import type { RawFinding } from '../../../assertions/private/findings';
import { Recommendation } from '../../recommendation';
import { ANY, CheckKit, CLASSIC_SG_DOC, IN, recommendation, TG_SG } from '../unit';

/** Target SG: inbound from the LB security group on the target port. */
export const TGSG_IN_TARGET = recommendation({
  id: 'TGSG-IN-TARGET',
  location: TG_SG,
  scheme: ANY,
  direction: IN,
  peer: 'load balancer security group',
  port: 'target',
  reason: 'Targets accept requests from the load balancer only.',
  docUrl: CLASSIC_SG_DOC,
  checks: {
    targetSgTarget: (kit, { target }) => targetIngress(kit, target, target.port, TGSG_IN_TARGET.row, ''),
    // no way around the load balancer: nobody else reaches the targets directly
    targetSgGroupWider: ({ t, ctx, h }, { group }) => (t.securityGroups.get(group)?.rules ?? [])
      .filter((x) => x.direction === 'in' && h.isWorldRule(x) && x.protocol !== 'icmp')
      .map((r) => ({
        kind: 'WIDER' as const,
        recommendation: TGSG_IN_TARGET.row,
        loadBalancer: ctx.lb.id,
        resource: r.source,
        message: `${ctx.lb.id}: ${r.source} lets everyone reach the targets directly (${h.portsOf(r)} from ${h.describePeer(r)}), bypassing the load balancer`,
        fix: 'Allow the target and health-check ports from the load balancer security group only.',
      })),
  },
});

/** The targets' groups accept a port from the load balancer's groups (shared with TGSG-IN-HEALTH-CHECK). */
export function targetIngress(kit: CheckKit, target: TargetSpec, port: number, rec: Recommendation, note: string): RawFinding[] {
  const { reach, ctx, h } = kit;
  const lb = h.endpoint(`the load balancer ${ctx.lb.id}`, ctx.lbGroups, [], h.symbol(`members of ${ctx.lbGroups.join(', ')}`));
  const step = reach.groupsAllow('ingress', target.groups, 'in', lb, lb.address, port);
  if (step.allowed) return [];
  return [h.stepFinding(step, rec, ctx.lb.id, target.groups.join(', '),
    `${ctx.lb.id}: ${step.detail}${note}`,
    `Allow TCP ${port} inbound on ${target.groups.join(', ')} from the load balancer security group.`)];
}
