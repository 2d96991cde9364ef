import { EPHEMERAL_PORTS } from '../../../private/network-util';
import { ANY, AUTH_DOC, IDP, IN, inbound, LB_ACL, recommendation, repliesFromAnywhere } from '../unit';

/** LB subnet ACL, when a listener authenticates users: inbound from the identity providers on the ephemeral ports. */
export const LBACL_IN_EPHEMERAL_IDP = recommendation({
  id: 'LBACL-IN-EPHEMERAL-IDP',
  location: LB_ACL,
  scheme: ANY,
  direction: IN,
  peer: IDP,
  port: 'ephemeral',
  reason: 'Responses from the identity provider (network ACLs are stateless).',
  docUrl: AUTH_DOC,
  checks: {
    lbAclIdentityProvider: (kit, { subnet, idp }) => {
      const eph = kit.h.ephemeral;
      const text = kit.h.addressText(idp);
      kit.addAclStep(kit.reach.aclStep(`load balancer subnet ${subnet} inbound (identity providers' replies)`, subnet, false, false, idp, [...kit.h.replyRanges]), LBACL_IN_EPHEMERAL_IDP.row,
        `Allow TCP ${eph.from}-${eph.to} inbound from ${text} (the identity providers) in the network ACL of ${subnet}.`, ' (a listener authenticates users: logins fail with HTTP 500)');
    },
  },
  aclEntries: {
    identityProvider: (_s, cidr) => [cidr === '0.0.0.0/0'
      ? repliesFromAnywhere('loadBalancer')
      : { acl: 'loadBalancer', entryClass: 'REPLIES_FROM_IDENTITY_PROVIDERS', spec: inbound(cidr, EPHEMERAL_PORTS.from, EPHEMERAL_PORTS.to) }],
  },
});
