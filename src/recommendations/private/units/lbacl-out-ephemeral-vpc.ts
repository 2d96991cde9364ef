import { EPHEMERAL_PORTS } from '../../../private/network-util';
import { aclClientReplies } from '../shared-checks';
import { ACL_DOC, INTERNAL, LB_ACL, OUT, outbound, recommendation } from '../unit';

/** LB subnet ACL, internal: outbound to the VPC CIDR on the ephemeral ports. */
export const LBACL_OUT_EPHEMERAL_VPC = recommendation({
  id: 'LBACL-OUT-EPHEMERAL-VPC',
  location: LB_ACL,
  scheme: INTERNAL,
  direction: OUT,
  peer: 'VPC CIDR',
  port: 'ephemeral',
  reason: 'Responses to clients in the VPC.',
  docUrl: ACL_DOC,
  checks: {
    lbAclClient: (kit, { subnet, client }) => aclClientReplies(kit, subnet, client, LBACL_OUT_EPHEMERAL_VPC.row),
  },
  aclEntries: {
    // replies to clients of connected networks: the extension CLIENT_RETURNS
    built: (s) => (s.internetFacing ? [] : [{ acl: 'loadBalancer', entryClass: 'REPLIES_TO_VPC', spec: outbound(s.vpcCidr, EPHEMERAL_PORTS.from, EPHEMERAL_PORTS.to) }]),
  },
});
