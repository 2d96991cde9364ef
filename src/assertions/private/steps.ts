import type { Address } from './addresses';

/*
 * The shapes the reachability engine (`reach.ts`) and its route evaluation (`routes.ts`) share.
 */

/** A resolved end of a flow. */
export interface EndpointSpec {
  readonly label: string;
  /** Security groups (logical ids) of the ENIs at this end; empty for internet or CIDR clients. */
  readonly groups: string[];
  /** Subnets (logical ids, or external ids) of the ENIs; empty when unknown or outside the VPC. */
  readonly subnets: string[];
  /** The address when there is no subnet (internet, CIDR clients, groups without subnets). */
  readonly address: Address;
  /** Set for ends outside the VPC: the source's route table decides how traffic gets there. */
  readonly outside?: 'internet' | 'network' | 's3';
  /**
   * The logical id of the load balancer at this end, when the end is one. Unset, an end labelled
   * `load balancer <id>` with that load balancer's groups and subnets is taken to be it.
   */
  readonly loadBalancer?: string;
  /**
   * Set when which groups the ENIs at this end are in is not in the template (an auto scaling
   * group's launch template, an ECS service's container instances): a rule naming a group may
   * match them, so it makes the step unknown instead of not matching.
   */
  readonly groupsUnknown?: boolean;
  /**
   * Set when `address` is the end's own address inside its subnet (an instance's fixed
   * `PrivateIpAddress`): the steps compare it, not the subnet's CIDR.
   */
  readonly pinned?: boolean;
  /**
   * Set for an end with several network interfaces (an instance with two): each is a place of its
   * own, with its own groups, subnet and address. The flow is allowed through any of them, blocked
   * only when it is blocked through each; `groups` and `subnets` above are their union, for display.
   */
  readonly interfaces?: readonly EndInterface[];
}

/** One network interface of an end with several. */
export interface EndInterface {
  /** How the steps name it: `instance Web, network interface 1 (Eni2)`. */
  readonly label: string;
  readonly groups: string[];
  readonly subnets: string[];
  readonly address: Address;
  readonly pinned?: boolean;
  readonly groupsUnknown?: boolean;
}

export interface StepResult {
  readonly name: string;
  readonly allowed: boolean;
  /** Logical id of the rule or entry that decided, or a description of the default. */
  readonly decidedBy: string;
  readonly ruleNumber?: number;
  readonly detail: string;
  /**
   * Set when the step depends on what the template does not hold: a network ACL, security group or
   * route table outside it, or an address it cannot compare. `allowed` is then false because
   * nothing proves the traffic passes, not because a rule is known to block it.
   */
  readonly unknown?: boolean;
  /**
   * The logical id of the resource to change when the step blocks: the network ACL entry that
   * denies, or the network ACL whose final deny applies (`decidedBy` reads "<acl> (final deny *)").
   */
  readonly resource?: string;
  /** Set when the step passes only because of a route the user vouches for (`RouteAssumption`): the assumption, as the explanation names it. */
  readonly assumption?: string;
}
