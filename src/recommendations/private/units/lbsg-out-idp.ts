import { ANY, AUTH_DOC, IDP, IDP_PORT, LB_SG, OUT, recommendation, tcpRule } from '../unit';

/** LB SG, when a listener authenticates users: outbound to the identity providers on HTTPS. */
export const LBSG_OUT_IDP = recommendation({
  id: 'LBSG-OUT-IDP',
  location: LB_SG,
  scheme: ANY,
  direction: OUT,
  peer: IDP,
  port: 'https',
  reason: 'A listener that authenticates users calls the identity provider on HTTPS.',
  docUrl: AUTH_DOC,
  checks: {
    // logins fail with HTTP 500 when the load balancer cannot call the token and user-info endpoints
    lbSgIdentityProvider: ({ reach, ctx, h }, { idp }) => {
      const text = h.addressText(idp);
      const step = reach.groupsAllow('egress', ctx.lbGroups, 'out', h.endpoint(`the identity providers (${text})`, [], [], idp), idp, IDP_PORT);
      if (step.allowed) return [];
      return [h.stepFinding(step, LBSG_OUT_IDP.row, ctx.lb.id, ctx.lbGroups.join(', '),
        `${ctx.lb.id}: ${step.detail} (a listener authenticates users: logins fail with HTTP 500)`,
        `Allow TCP ${IDP_PORT} outbound from the load balancer security group to ${text} (the identity providers).`)];
    },
  },
  sgRules: {
    // only when the identity providers' networks are given: aws-cdk-lib's authenticate actions open 443 to 0.0.0.0/0 otherwise
    identityProvider: (_s, cidr) => [tcpRule('loadBalancer', 'out', { kind: 'cidr', cidr }, IDP_PORT, `User authentication: HTTPS to the identity provider in ${cidr} (identityProviderCidrs)`)],
  },
});
