import { ANY, AUTH_DOC, IDP, IDP_PORT, LB_ACL, OUT, outbound, recommendation } from '../unit';

/** LB subnet ACL, when a listener authenticates users: outbound to the identity providers on HTTPS. */
export const LBACL_OUT_IDP = recommendation({
  id: 'LBACL-OUT-IDP',
  location: LB_ACL,
  scheme: ANY,
  direction: OUT,
  peer: IDP,
  port: 'https',
  reason: 'Requests to the identity provider.',
  docUrl: AUTH_DOC,
  checks: {
    lbAclIdentityProvider: (kit, { subnet, idp }) => {
      const text = kit.h.addressText(idp);
      kit.addAclStep(kit.reach.aclStep(`load balancer subnet ${subnet} outbound (identity providers)`, subnet, false, true, idp, IDP_PORT, IDP_PORT), LBACL_OUT_IDP.row,
        `Allow TCP ${IDP_PORT} outbound to ${text} (the identity providers) in the network ACL of ${subnet}.`, ' (a listener authenticates users: logins fail with HTTP 500)');
    },
  },
  aclEntries: {
    identityProvider: (_s, cidr) => [{ acl: 'loadBalancer', entryClass: 'TO_IDENTITY_PROVIDERS', spec: outbound(cidr, IDP_PORT) }],
  },
});
