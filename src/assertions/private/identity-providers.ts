import { Recommendations } from '../../recommendations';

/**
 * The rules a listener that authenticates users (OIDC, Amazon Cognito) needs: the load balancer
 * calls the identity provider's token and user-info endpoints on HTTPS, and logins fail with HTTP
 * 500 when it cannot.
 */
export const LB_SG_OUT_IDP = Recommendations.LB_SG_OUT_IDP;
export const LB_ACL_OUT_IDP = Recommendations.LB_ACL_OUT_IDP;
export const LB_ACL_IN_EPHEMERAL_IDP = Recommendations.LB_ACL_IN_EPHEMERAL_IDP;

/** The HTTPS port identity providers answer on. */
export const IDP_PORT = 443;
