import { ACL_DOC, ANY, healthCheckPortOf, LB_ACL, OUT, recommendation } from '../unit';
import { LBACL_OUT_TARGET, requestsOut } from './lbacl-out-target';

/** LB subnet ACL: outbound to the VPC CIDR on the health-check port. */
export const LBACL_OUT_HEALTH_CHECK = recommendation({
  id: 'LBACL-OUT-HEALTH-CHECK',
  location: LB_ACL,
  scheme: ANY,
  direction: OUT,
  peer: 'VPC CIDR',
  port: 'health-check',
  reason: 'Health checks to the targets.',
  docUrl: ACL_DOC,
  checks: {
    lbAclToTarget: (kit, { subnet, target, address, peerText }) => {
      const port = healthCheckPortOf(target);
      if (port !== undefined) requestsOut(kit, subnet, port, address, peerText, LBACL_OUT_HEALTH_CHECK.row);
    },
  },
  // the health-check port is a port the load balancer sends to: the same entries as the target port's
  aclEntries: LBACL_OUT_TARGET.aclEntries,
});
