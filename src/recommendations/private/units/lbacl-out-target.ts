import type { Address } from '../../../assertions/private/addresses';
import { Recommendation } from '../../recommendation';
import { ACL_DOC, ANY, CheckKit, LB_ACL, OUT, outbound, recommendation } from '../unit';

/** LB subnet ACL: outbound to the VPC CIDR on the target port. */
export const LBACL_OUT_TARGET = recommendation({
  id: 'LBACL-OUT-TARGET',
  location: LB_ACL,
  scheme: ANY,
  direction: OUT,
  peer: 'VPC CIDR',
  port: 'target',
  reason: 'Requests to the targets.',
  docUrl: ACL_DOC,
  checks: {
    lbAclToTarget: (kit, { subnet, target, address, peerText }) => requestsOut(kit, subnet, target.port, address, peerText, LBACL_OUT_TARGET.row),
  },
  aclEntries: {
    // every port the load balancer sends to: the target port and the health-check port (addTargetPort)
    targetPort: (s, port) => [{ acl: 'loadBalancer', entryClass: 'LOAD_BALANCER_TO_TARGETS_OUT', spec: outbound(s.vpcCidr, port) }],
  },
});

/** The load balancer subnet's ACL lets a port out to the targets (shared with LBACL-OUT-HEALTH-CHECK). */
export function requestsOut(kit: CheckKit, subnet: string, port: number, address: Address, peerText: string, rec: Recommendation): void {
  kit.addAclStep(kit.reach.aclStep(`load balancer subnet ${subnet} outbound`, subnet, false, true, address, port, port), rec,
    `Allow TCP ${port} outbound to ${peerText} in the network ACL of ${subnet}.`);
}

