import { ANY, healthCheckPortOf, LB_SG, OUT, recommendation, SG_DOC, tcpRule } from '../unit';
import { egressToTarget } from './lbsg-out-target';

/** LB SG: outbound to the target security group on the health-check port. */
export const LBSG_OUT_HEALTH_CHECK = recommendation({
  id: 'LBSG-OUT-HEALTH-CHECK',
  location: LB_SG,
  scheme: ANY,
  direction: OUT,
  peer: 'target security group',
  port: 'health-check',
  reason: 'The load balancer sends health checks to the targets.',
  docUrl: SG_DOC,
  checks: {
    // the health-check port is its own row only when it is another port than the target port
    lbSgTarget: (kit, { target }) => {
      const port = healthCheckPortOf(target);
      return port === undefined ? [] : egressToTarget(kit, target, port, LBSG_OUT_HEALTH_CHECK.row, ' (health-check port)');
    },
  },
  sgRules: {
    // the health-check port, when it is not the target port (and the targets' ingress: TGSG-IN-HEALTH-CHECK)
    targetPort: (_s, port, role) => (role === 'healthCheck'
      ? [tcpRule('loadBalancer', 'out', { kind: 'targets' }, port, 'LBSG-OUT-HEALTH-CHECK/TGSG-IN-HEALTH-CHECK: health checks on the health-check port')]
      : []),
  },
});
