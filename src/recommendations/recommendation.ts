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
