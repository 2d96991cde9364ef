/**
 * One side that renders the traffic of a load balancer as rules: the security-group pair (rules)
 * or the network ACLs (entries). Each renders a port once, however often it is asked.
 */
export interface TrafficSide {
  /** The listener ports it has rendered (from its props, before it joined). */
  readonly listenerPorts: number[];
  /** The target ports it has rendered (from its props, before it joined). */
  readonly targetPorts: number[];
  /** Renders a listener port (clients to the load balancer). */
  _renderListenerPort(port: number): void;
  /** Renders a port from the load balancer to the targets (a target or health-check port). */
  _renderTargetPort(port: number): void;
}

/**
 * The traffic of one load balancer an L3 construct opens, in one place: the listener ports and the
 * ports from the load balancer to the targets. The security-group pair and the network ACLs join
 * it; a port added through any route (the construct's `allowListenerPort`, `allowTargetPort` or
 * `addTargetGroup`, or a building block's own `addListenerPort` / `addTargetPort`) is added here
 * and rendered on every side, so the two kinds of rule never disagree. The later-addition checks
 * read the ports from here.
 */
export class TrafficSpec {
  private readonly listeners = new Set<number>();
  private readonly targets = new Set<number>();
  private readonly sides: TrafficSide[] = [];

  /** The listener ports, in the order they were added. */
  public get listenerPorts(): number[] {
    return [...this.listeners];
  }

  /** The ports from the load balancer to the targets, in the order they were added. */
  public get targetPorts(): number[] {
    return [...this.targets];
  }

  /**
   * Joins a side: what it already renders is added to the spec (and so to the other sides), and
   * what the spec holds is rendered on it.
   */
  public join(side: TrafficSide): void {
    this.sides.push(side);
    for (const p of side.listenerPorts) this.addListenerPort(p);
    for (const p of side.targetPorts) this.addTargetPort(p);
    for (const p of this.listeners) side._renderListenerPort(p);
    for (const p of this.targets) side._renderTargetPort(p);
  }

  /** Adds a listener port, rendered on every side. */
  public addListenerPort(port: number): void {
    if (this.listeners.has(port)) return;
    this.listeners.add(port);
    for (const side of this.sides) side._renderListenerPort(port);
  }

  /** Adds a port from the load balancer to the targets, rendered on every side. */
  public addTargetPort(port: number): void {
    if (this.targets.has(port)) return;
    this.targets.add(port);
    for (const side of this.sides) side._renderTargetPort(port);
  }
}
