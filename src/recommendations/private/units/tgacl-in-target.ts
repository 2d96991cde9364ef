import type { Address } from '../../../assertions/private/addresses';
import { Recommendation } from '../../recommendation';
import { ACL_DOC, ANY, CheckKit, IN, inbound, recommendation, TG_ACL } from '../unit';

/** Target subnet ACL: inbound from the VPC CIDR on the target port. */
export const TGACL_IN_TARGET = recommendation({
  id: 'TGACL-IN-TARGET',
  location: TG_ACL,
  scheme: ANY,
  direction: IN,
  peer: 'VPC CIDR',
  port: 'target',
  reason: 'Requests from the load balancer.',
  docUrl: ACL_DOC,
  checks: {
    targetAclFromLb: (kit, { subnet, target, lbAddress }) => requestsIn(kit, subnet, target.port, lbAddress, TGACL_IN_TARGET.row),
  },
  aclEntries: {
    targetPort: (s, port) => [{ acl: 'target', entryClass: 'LOAD_BALANCER_TO_TARGETS_IN', spec: inbound(s.vpcCidr, port) }],
  },
});

/** The target subnet's ACL lets a port in from the load balancer (shared with TGACL-IN-HEALTH-CHECK). */
export function requestsIn(kit: CheckKit, subnet: string, port: number, lbAddress: Address, rec: Recommendation): void {
  kit.addAclStep(kit.reach.aclStep(`target subnet ${subnet} inbound`, subnet, false, false, lbAddress, port, port), rec,
    `Allow TCP ${port} inbound from the VPC CIDR in the network ACL of ${subnet}.`);
}
