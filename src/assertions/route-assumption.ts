/** Where a route you vouch for (`RouteAssumption`) leads. */
export enum AssumedRouteTarget {
  /**
   * An internet gateway: the subnet reaches the internet and clients on the internet reach it (a
   * public subnet of an imported VPC). Private addresses are not carried.
   */
  INTERNET_GATEWAY = 'internet-gateway',
  /**
   * A NAT gateway that reaches the internet: connections out of the subnet reach the internet, and
   * nothing on the internet reaches the subnet (a private subnet of an imported VPC).
   */
  NAT_GATEWAY = 'nat-gateway',
  /**
   * The destination network itself, both ways: a peering connection, transit gateway, VPN or
   * appliance that delivers the traffic to the destination and carries the replies back.
   */
  NETWORK = 'network',
}

/**
 * A route the template does not hold (or whose far side it does not show), stated by you: the
 * model then judges the flows that take it as ALLOWED *assuming* it, and lists the assumption in
 * the flow's explanation, its `assumptions`, the flows report and the CLI. Without it such a flow
 * is UNKNOWN.
 *
 * Name the route table (a logical id of the template, or the literal id an imported subnet's
 * association names, `rtb-0abc`), or the subnet whose route table the template does not name at
 * all (an imported subnet without `routeTableId`). Give one of the two.
 */
export interface RouteAssumption {
  /**
   * The route table the route is in: a logical id of the template or a literal id it names.
   *
   * @default - none: give `subnet`
   */
  readonly routeTable?: string;

  /**
   * The subnet (logical id, or the literal id the template names an imported subnet by) whose
   * route table holds the route.
   *
   * @default - none: give `routeTable`
   */
  readonly subnet?: string;

  /** The destination as an IPv4 CIDR block, for example `0.0.0.0/0` or `10.3.0.0/16`. */
  readonly destinationCidr: string;

  /** Where the route leads. */
  readonly target: AssumedRouteTarget;

  /**
   * Why you vouch for it (a ticket, the account the VPC lives in), shown with the assumption.
   *
   * @default - no reason shown
   */
  readonly reason?: string;
}
