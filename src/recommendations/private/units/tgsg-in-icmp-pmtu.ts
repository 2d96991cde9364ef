import type { TemplateReader, SgRule } from '../../../assertions/private/reader';
import { ANY, IN, PMTU_DOC, recommendation, TG_SG } from '../unit';

/** The description of the path-MTU rule, on the construct's target group and on the targets' own groups. */
export const PMTU_RULE_DESCRIPTION = 'TGSG-IN-ICMP-PMTU: path MTU discovery (ICMP fragmentation needed)';

/** Target SG: inbound ICMP type 3 code 4 ("fragmentation needed") for path MTU discovery. */
export const TGSG_IN_ICMP_PMTU = recommendation({
  id: 'TGSG-IN-ICMP-PMTU',
  location: TG_SG,
  scheme: ANY,
  direction: IN,
  peer: 'VPC CIDR',
  port: 'icmp-3-4',
  reason: 'Path MTU discovery needs ICMP "fragmentation needed".',
  docUrl: PMTU_DOC,
  checks: {
    targetSgGroup: ({ t, ctx, h }, { group }) => {
      const rules = t.securityGroups.get(group)?.rules ?? [];
      const icmp34 = (r: SgRule) => r.protocol === 'icmp' && (r.fromPort === 3 || r.fromPort === -1) && (r.toPort === 4 || r.toPort === -1);
      const pmtu = rules.some((r) => r.direction === 'in' && (r.protocol === 'all' || icmp34(r))
        && (r.peer.kind !== 'address' || h.contains(r.peer.address, ctx.vpcCidr) !== 'no'));
      return pmtu ? [] : [{
        // an error only where the template opted into path MTU discovery; a warning elsewhere
        kind: ctx.lb.intent || optedIntoPathMtu(t) ? 'MISSING' : 'ADVISORY',
        recommendation: TGSG_IN_ICMP_PMTU.row,
        loadBalancer: ctx.lb.id,
        resource: group,
        message: `${ctx.lb.id}: ${group} does not accept ICMP type 3 code 4 (fragmentation needed) from the VPC; path MTU discovery can fail`,
        fix: `Allow ICMP type 3 code 4 inbound on ${group} from the VPC CIDR.`,
      }];
    },
  },
  sgRules: {
    built: (s) => [{ group: 'target', direction: 'in', peer: { kind: 'cidr', cidr: s.vpcCidr }, protocol: 'icmp', fromPort: 3, toPort: 4, description: PMTU_RULE_DESCRIPTION }],
  },
});

/** The template asks for the path-MTU rule: an ICMP type 3 rule somewhere (or this library's intent on the load balancer). */
function optedIntoPathMtu(t: TemplateReader): boolean {
  return [...t.securityGroups.values()].some((sg) => sg.rules.some((r) => r.protocol === 'icmp' && r.fromPort === 3 && (r.toPort === 4 || r.toPort === -1)));
}
