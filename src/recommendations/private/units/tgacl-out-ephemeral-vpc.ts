import { EPHEMERAL_PORTS } from '../../../private/network-util';
import { ACL_DOC, ANY, OUT, outbound, recommendation, TG_ACL } from '../unit';

/** Target subnet ACL: outbound to the VPC CIDR on the ephemeral ports. */
export const TGACL_OUT_EPHEMERAL_VPC = recommendation({
  id: 'TGACL-OUT-EPHEMERAL-VPC',
  location: TG_ACL,
  scheme: ANY,
  direction: OUT,
  peer: 'VPC CIDR',
  port: 'ephemeral',
  reason: 'Responses to the load balancer.',
  docUrl: ACL_DOC,
  checks: {
    targetAclFromLb: (kit, { subnet, lbAddress }) => {
      const eph = kit.h.ephemeral;
      kit.addAclStep(kit.reach.aclStep(`target subnet ${subnet} outbound (ephemeral)`, subnet, false, true, lbAddress, [...kit.h.replyRanges]), TGACL_OUT_EPHEMERAL_VPC.row,
        `Allow TCP ${eph.from}-${eph.to} outbound to the VPC CIDR in the network ACL of ${subnet}.`);
    },
  },
  aclEntries: {
    built: (s) => (s.networkTargets ? [{ acl: 'target', entryClass: 'REPLIES_TO_VPC', spec: outbound(s.vpcCidr, EPHEMERAL_PORTS.from, EPHEMERAL_PORTS.to) }] : []),
  },
});
