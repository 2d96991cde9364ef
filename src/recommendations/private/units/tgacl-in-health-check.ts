import { ACL_DOC, ANY, healthCheckPortOf, IN, recommendation, TG_ACL } from '../unit';
import { requestsIn, TGACL_IN_TARGET } from './tgacl-in-target';

/** Target subnet ACL: inbound from the VPC CIDR on the health-check port. */
export const TGACL_IN_HEALTH_CHECK = recommendation({
  id: 'TGACL-IN-HEALTH-CHECK',
  location: TG_ACL,
  scheme: ANY,
  direction: IN,
  peer: 'VPC CIDR',
  port: 'health-check',
  reason: 'Health checks from the load balancer.',
  docUrl: ACL_DOC,
  checks: {
    targetAclFromLb: (kit, { subnet, target, lbAddress }) => {
      const port = healthCheckPortOf(target);
      if (port !== undefined) requestsIn(kit, subnet, port, lbAddress, TGACL_IN_HEALTH_CHECK.row);
    },
  },
  // the health-check port is a port the load balancer sends to: the same entries as the target port's
  aclEntries: TGACL_IN_TARGET.aclEntries,
});
