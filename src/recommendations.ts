/**
 * Where a recommended rule lives.
 */
export enum RuleLocation {
  /** The load balancer's security group. */
  LOAD_BALANCER_SECURITY_GROUP = 'load-balancer-security-group',
  /** The targets' (instances') security group. */
  TARGET_SECURITY_GROUP = 'target-security-group',
  /** The network ACL of the load balancer's subnets. */
  LOAD_BALANCER_SUBNET_ACL = 'load-balancer-subnet-acl',
  /** The network ACL of the targets' subnets. */
  TARGET_SUBNET_ACL = 'target-subnet-acl',
}

/**
 * Which kind of load balancer a recommended rule applies to.
 */
export enum LoadBalancerScheme {
  /** Internet-facing load balancers only. */
  INTERNET_FACING = 'internet-facing',
  /** Internal load balancers only. */
  INTERNAL = 'internal',
  /** Both internet-facing and internal load balancers. */
  ANY = 'any',
}

/**
 * Traffic direction of a rule.
 */
export enum RuleDirection {
  /** Inbound (ingress). */
  INBOUND = 'inbound',
  /** Outbound (egress). */
  OUTBOUND = 'outbound',
}

/**
 * One row of the documented rule tables.
 */
export interface Recommendation {
  /** Stable identifier, used by tests, findings and acknowledgments. */
  readonly id: string;
  /** Where the rule lives. */
  readonly location: RuleLocation;
  /** Which load balancers it applies to. */
  readonly scheme: LoadBalancerScheme;
  /** Inbound or outbound. */
  readonly direction: RuleDirection;
  /** The peer, in the terms of the documentation (e.g. `0.0.0.0/0`, `VPC CIDR`, `target security group`). */
  readonly peer: string;
  /** The port, in the terms of the documentation (`listener`, `target`, `health-check`, `ephemeral`, `icmp-3-4`, `https`). */
  readonly port: string;
  /** Why the rule exists. */
  readonly reason: string;
  /** The AWS documentation page the row comes from. */
  readonly docUrl: string;
}

const SG_DOC = 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-update-security-groups.html';
const CLASSIC_SG_DOC = 'https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/elb-security-groups.html';
const ACL_DOC = 'https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/elb-security-groups.html#elb-vpc-nacl';
const PMTU_DOC = 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/network_mtu.html#path_mtu_discovery';
const AUTH_DOC = 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-authenticate-users.html';
const IDP = 'identity provider networks (0.0.0.0/0 unless known)';

function row(
  id: string, location: RuleLocation, scheme: LoadBalancerScheme, direction: RuleDirection,
  peer: string, port: string, reason: string, docUrl: string,
): Recommendation {
  return { id, location, scheme, direction, peer, port, reason, docUrl };
}

const LB_SG = RuleLocation.LOAD_BALANCER_SECURITY_GROUP;
const TG_SG = RuleLocation.TARGET_SECURITY_GROUP;
const LB_ACL = RuleLocation.LOAD_BALANCER_SUBNET_ACL;
const TG_ACL = RuleLocation.TARGET_SUBNET_ACL;
const IN = RuleDirection.INBOUND;
const OUT = RuleDirection.OUTBOUND;
const PUBLIC = LoadBalancerScheme.INTERNET_FACING;
const INTERNAL = LoadBalancerScheme.INTERNAL;
const ANY = LoadBalancerScheme.ANY;

/**
 * The rules the Elastic Load Balancing guide recommends, as data: each row has a stable id and a
 * link to the page it comes from.
 */
export class Recommendations {
  /** LB SG, internet-facing: inbound from 0.0.0.0/0 on the listener port. */
  public static readonly LB_SG_IN_LISTENER_INTERNET = row('LBSG-IN-LISTENER-INTERNET', LB_SG, PUBLIC, IN, '0.0.0.0/0', 'listener', 'Clients on the internet reach the listener.', SG_DOC);
  /** LB SG, internal: inbound from the VPC CIDR (and the client networks) on the listener port. */
  public static readonly LB_SG_IN_LISTENER_VPC = row('LBSG-IN-LISTENER-VPC', LB_SG, INTERNAL, IN, 'VPC CIDR and client networks', 'listener', 'Clients in the VPC or in connected networks reach the listener.', SG_DOC);
  /** LB SG: outbound to the target security group on the target port. */
  public static readonly LB_SG_OUT_TARGET = row('LBSG-OUT-TARGET', LB_SG, ANY, OUT, 'target security group', 'target', 'The load balancer forwards requests to the targets.', SG_DOC);
  /** LB SG: outbound to the target security group on the health-check port. */
  public static readonly LB_SG_OUT_HEALTH_CHECK = row('LBSG-OUT-HEALTH-CHECK', LB_SG, ANY, OUT, 'target security group', 'health-check', 'The load balancer sends health checks to the targets.', SG_DOC);
  /** Target SG: inbound from the LB security group on the target port. */
  public static readonly TARGET_SG_IN_TARGET = row('TGSG-IN-TARGET', TG_SG, ANY, IN, 'load balancer security group', 'target', 'Targets accept requests from the load balancer only.', CLASSIC_SG_DOC);
  /** Target SG: inbound from the LB security group on the health-check port. */
  public static readonly TARGET_SG_IN_HEALTH_CHECK = row('TGSG-IN-HEALTH-CHECK', TG_SG, ANY, IN, 'load balancer security group', 'health-check', 'Targets accept health checks from the load balancer.', CLASSIC_SG_DOC);
  /** Target SG: inbound ICMP type 3 code 4 ("fragmentation needed") for path MTU discovery. */
  public static readonly TARGET_SG_IN_ICMP_PMTU = row('TGSG-IN-ICMP-PMTU', TG_SG, ANY, IN, 'VPC CIDR', 'icmp-3-4', 'Path MTU discovery needs ICMP "fragmentation needed".', PMTU_DOC);

  /** LB subnet ACL, internet-facing: inbound from 0.0.0.0/0 on the listener port. */
  public static readonly LB_ACL_IN_LISTENER_INTERNET = row('LBACL-IN-LISTENER-INTERNET', LB_ACL, PUBLIC, IN, '0.0.0.0/0', 'listener', 'Requests from clients on the internet.', ACL_DOC);
  /** LB subnet ACL, internal: inbound from the VPC CIDR on the listener port. */
  public static readonly LB_ACL_IN_LISTENER_VPC = row('LBACL-IN-LISTENER-VPC', LB_ACL, INTERNAL, IN, 'VPC CIDR', 'listener', 'Requests from clients in the VPC.', ACL_DOC);
  /** LB subnet ACL: inbound from the VPC CIDR on the ephemeral ports. */
  public static readonly LB_ACL_IN_EPHEMERAL_VPC = row('LBACL-IN-EPHEMERAL-VPC', LB_ACL, ANY, IN, 'VPC CIDR', 'ephemeral', 'Responses from the targets (network ACLs are stateless).', ACL_DOC);
  /** LB subnet ACL: outbound to the VPC CIDR on the target port. */
  public static readonly LB_ACL_OUT_TARGET = row('LBACL-OUT-TARGET', LB_ACL, ANY, OUT, 'VPC CIDR', 'target', 'Requests to the targets.', ACL_DOC);
  /** LB subnet ACL: outbound to the VPC CIDR on the health-check port. */
  public static readonly LB_ACL_OUT_HEALTH_CHECK = row('LBACL-OUT-HEALTH-CHECK', LB_ACL, ANY, OUT, 'VPC CIDR', 'health-check', 'Health checks to the targets.', ACL_DOC);
  /** LB subnet ACL, internet-facing: outbound to 0.0.0.0/0 on the ephemeral ports. */
  public static readonly LB_ACL_OUT_EPHEMERAL_INTERNET = row('LBACL-OUT-EPHEMERAL-INTERNET', LB_ACL, PUBLIC, OUT, '0.0.0.0/0', 'ephemeral', 'Responses to clients on the internet.', ACL_DOC);
  /** LB subnet ACL, internal: outbound to the VPC CIDR on the ephemeral ports. */
  public static readonly LB_ACL_OUT_EPHEMERAL_VPC = row('LBACL-OUT-EPHEMERAL-VPC', LB_ACL, INTERNAL, OUT, 'VPC CIDR', 'ephemeral', 'Responses to clients in the VPC.', ACL_DOC);
  /** Target subnet ACL: inbound from the VPC CIDR on the target port. */
  public static readonly TARGET_ACL_IN_TARGET = row('TGACL-IN-TARGET', TG_ACL, ANY, IN, 'VPC CIDR', 'target', 'Requests from the load balancer.', ACL_DOC);
  /** Target subnet ACL: inbound from the VPC CIDR on the health-check port. */
  public static readonly TARGET_ACL_IN_HEALTH_CHECK = row('TGACL-IN-HEALTH-CHECK', TG_ACL, ANY, IN, 'VPC CIDR', 'health-check', 'Health checks from the load balancer.', ACL_DOC);
  /** Target subnet ACL: outbound to the VPC CIDR on the ephemeral ports. */
  public static readonly TARGET_ACL_OUT_EPHEMERAL_VPC = row('TGACL-OUT-EPHEMERAL-VPC', TG_ACL, ANY, OUT, 'VPC CIDR', 'ephemeral', 'Responses to the load balancer.', ACL_DOC);

  /** LB SG, when a listener authenticates users: outbound to the identity providers on HTTPS. */
  public static readonly LB_SG_OUT_IDP = row('LBSG-OUT-IDP', LB_SG, ANY, OUT, IDP, 'https', 'A listener that authenticates users calls the identity provider on HTTPS.', AUTH_DOC);
  /** LB subnet ACL, when a listener authenticates users: outbound to the identity providers on HTTPS. */
  public static readonly LB_ACL_OUT_IDP = row('LBACL-OUT-IDP', LB_ACL, ANY, OUT, IDP, 'https', 'Requests to the identity provider.', AUTH_DOC);
  /** LB subnet ACL, when a listener authenticates users: inbound from the identity providers on the ephemeral ports. */
  public static readonly LB_ACL_IN_EPHEMERAL_IDP = row('LBACL-IN-EPHEMERAL-IDP', LB_ACL, ANY, IN, IDP, 'ephemeral', 'Responses from the identity provider (network ACLs are stateless).', AUTH_DOC);

  /** Every recommendation, in table order. */
  public static all(): Recommendation[] {
    return [
      Recommendations.LB_SG_IN_LISTENER_INTERNET, Recommendations.LB_SG_IN_LISTENER_VPC,
      Recommendations.LB_SG_OUT_TARGET, Recommendations.LB_SG_OUT_HEALTH_CHECK,
      Recommendations.TARGET_SG_IN_TARGET, Recommendations.TARGET_SG_IN_HEALTH_CHECK, Recommendations.TARGET_SG_IN_ICMP_PMTU,
      Recommendations.LB_ACL_IN_LISTENER_INTERNET, Recommendations.LB_ACL_IN_LISTENER_VPC, Recommendations.LB_ACL_IN_EPHEMERAL_VPC,
      Recommendations.LB_ACL_OUT_TARGET, Recommendations.LB_ACL_OUT_HEALTH_CHECK,
      Recommendations.LB_ACL_OUT_EPHEMERAL_INTERNET, Recommendations.LB_ACL_OUT_EPHEMERAL_VPC,
      Recommendations.TARGET_ACL_IN_TARGET, Recommendations.TARGET_ACL_IN_HEALTH_CHECK, Recommendations.TARGET_ACL_OUT_EPHEMERAL_VPC,
      Recommendations.LB_SG_OUT_IDP, Recommendations.LB_ACL_OUT_IDP, Recommendations.LB_ACL_IN_EPHEMERAL_IDP,
    ];
  }

  /** The recommendations that apply to a load balancer of the given scheme. */
  public static forScheme(scheme: LoadBalancerScheme): Recommendation[] {
    return Recommendations.all().filter((r) => r.scheme === LoadBalancerScheme.ANY || scheme === LoadBalancerScheme.ANY || r.scheme === scheme);
  }

  /** Looks a recommendation up by id; throws for an unknown id. */
  public static byId(id: string): Recommendation {
    const found = Recommendations.all().find((r) => r.id === id);
    if (!found) {
      throw new Error(`Recommendations.byId: unknown id '${id}'; expected one of ${Recommendations.all().map((r) => r.id).join(', ')}`);
    }
    return found;
  }

  private constructor() {}
}
