import { EPHEMERAL_PORTS } from '../../../private/network-util';
import { ACL_DOC, ANY, IN, inbound, LB_ACL, recommendation } from '../unit';

/** LB subnet ACL: inbound from the VPC CIDR on the ephemeral ports. */
export const LBACL_IN_EPHEMERAL_VPC = recommendation({
  id: 'LBACL-IN-EPHEMERAL-VPC',
  location: LB_ACL,
  scheme: ANY,
  direction: IN,
  peer: 'VPC CIDR',
  port: 'ephemeral',
  reason: 'Responses from the targets (network ACLs are stateless).',
  docUrl: ACL_DOC,
  checks: {
    lbAclFromTarget: (kit, { subnet, address, peerText }) => {
      const eph = kit.h.ephemeral;
      kit.addAclStep(kit.reach.aclStep(`load balancer subnet ${subnet} inbound (ephemeral)`, subnet, false, false, address, [...kit.h.replyRanges]), LBACL_IN_EPHEMERAL_VPC.row,
        `Allow TCP ${eph.from}-${eph.to} inbound from ${peerText} in the network ACL of ${subnet}.`);
    },
  },
  aclEntries: {
    built: (s) => (s.networkTargets ? [{ acl: 'loadBalancer', entryClass: 'REPLIES_FROM_VPC', spec: inbound(s.vpcCidr, EPHEMERAL_PORTS.from, EPHEMERAL_PORTS.to) }] : []),
  },
});
