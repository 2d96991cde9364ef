import { LoadBalancerScheme, Recommendation, RuleDirection, RuleLocation } from '../../recommendations';

/**
 * The rules a listener that authenticates users (OIDC, Amazon Cognito) needs: the load balancer
 * calls the identity provider's token and user-info endpoints on HTTPS, and logins fail with HTTP
 * 500 when it cannot. They are not rows of `Recommendations` yet (it holds the tables of the load
 * balancer guide); the checks use these until they are.
 */
const AUTH_DOC = 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-authenticate-users.html';
const PEER = 'identity provider networks (0.0.0.0/0 unless known)';

/** LB SG: outbound to the identity providers on 443. */
export const LB_SG_OUT_IDP: Recommendation = {
  id: 'LBSG-OUT-IDP',
  location: RuleLocation.LOAD_BALANCER_SECURITY_GROUP,
  scheme: LoadBalancerScheme.ANY,
  direction: RuleDirection.OUTBOUND,
  peer: PEER,
  port: '443',
  reason: 'A listener that authenticates users calls the identity provider on HTTPS.',
  docUrl: AUTH_DOC,
};

/** LB subnet ACL: outbound to the identity providers on 443. */
export const LB_ACL_OUT_IDP: Recommendation = {
  id: 'LBACL-OUT-IDP',
  location: RuleLocation.LOAD_BALANCER_SUBNET_ACL,
  scheme: LoadBalancerScheme.ANY,
  direction: RuleDirection.OUTBOUND,
  peer: PEER,
  port: '443',
  reason: 'Requests to the identity provider.',
  docUrl: AUTH_DOC,
};

/** LB subnet ACL: inbound from the identity providers on the ephemeral ports. */
export const LB_ACL_IN_EPHEMERAL_IDP: Recommendation = {
  id: 'LBACL-IN-EPHEMERAL-IDP',
  location: RuleLocation.LOAD_BALANCER_SUBNET_ACL,
  scheme: LoadBalancerScheme.ANY,
  direction: RuleDirection.INBOUND,
  peer: PEER,
  port: 'ephemeral',
  reason: 'Responses from the identity provider (network ACLs are stateless).',
  docUrl: AUTH_DOC,
};

/** The HTTPS port identity providers answer on. */
export const IDP_PORT = 443;
