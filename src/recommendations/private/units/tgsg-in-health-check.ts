import { ANY, CLASSIC_SG_DOC, healthCheckPortOf, IN, recommendation, TG_SG } from '../unit';
import { targetIngress } from './tgsg-in-target';

/** Target SG: inbound from the LB security group on the health-check port. */
export const TGSG_IN_HEALTH_CHECK = recommendation({
  id: 'TGSG-IN-HEALTH-CHECK',
  location: TG_SG,
  scheme: ANY,
  direction: IN,
  peer: 'load balancer security group',
  port: 'health-check',
  reason: 'Targets accept health checks from the load balancer.',
  docUrl: CLASSIC_SG_DOC,
  checks: {
    targetSgTarget: (kit, { target }) => {
      const port = healthCheckPortOf(target);
      return port === undefined ? [] : targetIngress(kit, target, port, TGSG_IN_HEALTH_CHECK.row, ' (health-check port: the targets stay unhealthy)');
    },
  },
});
