import { EPHEMERAL_PORTS } from '../../../private/network-util';
import { aclClientReplies } from '../shared-checks';
import { ACL_DOC, LB_ACL, OUT, outbound, PUBLIC, recommendation } from '../unit';

/** LB subnet ACL, internet-facing: outbound to 0.0.0.0/0 on the ephemeral ports. */
export const LBACL_OUT_EPHEMERAL_INTERNET = recommendation({
  id: 'LBACL-OUT-EPHEMERAL-INTERNET',
  location: LB_ACL,
  scheme: PUBLIC,
  direction: OUT,
  peer: '0.0.0.0/0',
  port: 'ephemeral',
  reason: 'Responses to clients on the internet.',
  docUrl: ACL_DOC,
  checks: {
    lbAclClient: (kit, { subnet, client }) => aclClientReplies(kit, subnet, client, LBACL_OUT_EPHEMERAL_INTERNET.row),
  },
  aclEntries: {
    built: (s) => (s.internetFacing ? [{ acl: 'loadBalancer', entryClass: 'REPLIES_TO_ANYWHERE', spec: outbound('0.0.0.0/0', EPHEMERAL_PORTS.from, EPHEMERAL_PORTS.to) }] : []),
  },
});
