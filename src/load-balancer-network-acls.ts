import { Annotations, Stack, Token, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { LoadBalancerTrafficProps } from './load-balancer-traffic';
import { ACL_ENTRY_CLASSES, AclEntryTable, RULE_NUMBER_BAND } from './private/acl-entry-table';
import { ADMIN_PORTS, rangesWithout } from './private/network-util';
import { isOwnedSubnet, networkAclFor, sharedNetworkConflicts, subnetName } from './private/shared-network';
import { stackIndex } from './private/stack-index';
import { resolveTraffic } from './private/traffic';
import { TrafficSpec } from './private/traffic-spec';
import { parseIpv4Cidr, validateMaxEntriesPerDirection, validatePort, validatePorts, validateRuleNumberBase } from './private/validate';
import { ACL_ENTRY_SOURCES } from './recommendations/private/catalog';
import { AclBuildState, AclEntryDeclaration } from './recommendations/private/unit';

const OWNER = 'LoadBalancerNetworkAcls';

/** The first rule number of the band this library uses, unless `ruleNumberBase` says otherwise. */
const DEFAULT_RULE_NUMBER_BASE = 100;
/** The default quota of entries per direction of a network ACL. */
const DEFAULT_MAX_ENTRIES = 20;

/**
 * Properties of `LoadBalancerNetworkAcls`.
 */
export interface LoadBalancerNetworkAclsProps extends LoadBalancerTrafficProps {
  /** The subnets the load balancer's nodes live in. */
  readonly loadBalancerSubnets: ec2.SubnetSelection;

  /**
   * The subnets the targets live in. When they are the same subnets as the load balancer's, one
   * network ACL carries both sets of entries; a partial overlap is refused.
   */
  readonly targetSubnets: ec2.SubnetSelection;


  /**
   * Whether NAT gateways in the load balancer's subnets serve the VPC's outbound traffic. When
   * true, the load balancer's ACL also lets `natGatewayPorts` through from the VPC to the internet
   * and the replies back.
   *
   * @default - subnets created in this app: true when one of the load balancer subnets holds a NAT
   * gateway created in the app; imported subnets: true when the load balancer subnets are public
   * subnets of a VPC that has private subnets with egress (their NAT gateways usually live there)
   */
  readonly natGatewaysInLoadBalancerSubnets?: boolean;

  /**
   * TCP ports the NAT gateways in the load balancer's subnets carry to the internet for the VPC:
   * the targets' outbound traffic and that of every other subnet whose default route points at
   * those NAT gateways. A network ACL cannot tell the targets' traffic from other workloads', so
   * these ports are opened from the whole VPC.
   *
   * @default - `targetOutboundPorts`, plus 443 when subnets other than the target subnets route
   * through those NAT gateways (with a warning that names them)
   */
  readonly natGatewayPorts?: number[];


  /**
   * First rule number of the band of `ruleNumberBase` to `ruleNumberBase + 99` this construct
   * uses. Put your own entries below the band to be evaluated first (for example denies), or above
   * it to be evaluated after.
   *
   * @default 100
   */
  readonly ruleNumberBase?: number;

  /**
   * The most entries per direction an ACL may hold (the default quota is 20). Raise it only after
   * raising the quota of your account.
   *
   * @default 20
   */
  readonly maxEntriesPerDirection?: number;
}

/**
 * Network ACLs with the entries the Elastic Load Balancing guide recommends: one for the load
 * balancer's subnets and one for the targets' subnets (internet-facing and internal variants,
 * ephemeral ports 1024-65535 for return traffic), extended just enough that what else lives there
 * keeps working: NAT gateways in the load balancer's public subnets, and replies from S3 to the
 * targets.
 *
 * Rule numbers sit in the band `ruleNumberBase` to `ruleNumberBase + 99` (default 100-199), each
 * kind of entry in a sub-band of its own (see the README, "Updating a deployed construct"). Each
 * entry's logical id is its slot (`Ingress100`, `Egress125`): a later prop change updates entries in
 * place or adds and removes slots, and never creates an entry on a rule number a live entry holds.
 */
export class LoadBalancerNetworkAcls extends Construct {
  /** The network ACL of the load balancer's subnets. */
  public readonly loadBalancerAcl: ec2.NetworkAcl;
  /**
   * The network ACL of the targets' subnets: the same object as `loadBalancerAcl` when the load
   * balancer and the targets share their subnets.
   */
  public readonly targetAcl: ec2.NetworkAcl;
  /** Whether one ACL serves both the load balancer and the targets. */
  public readonly sharedAcl: boolean;

  private readonly internetFacing: boolean;
  private readonly vpcCidr: string;
  private readonly clientCidrs: string[];
  private readonly ruleNumberBase: number;
  private readonly maxEntries: number;
  private readonly targetCidrs: string[];
  private readonly networkTargets: boolean;
  private readonly targetPortSet = new Set<number>();
  private readonly listenerPortSet = new Set<number>();
  /** The traffic spec of the L3 construct these ACLs belong to, when they belong to one. */
  private spec?: TrafficSpec;
  /** What the units' entries depend on, resolved from the props. */
  private readonly state: AclBuildState;

  constructor(scope: Construct, id: string, props: LoadBalancerNetworkAclsProps) {
    super(scope, id);
    const traffic = resolveTraffic(OWNER, props);
    this.internetFacing = traffic.internetFacing;
    const { listenerPorts, targetPort, healthCheckPort, outboundPorts } = traffic;
    this.ruleNumberBase = props.ruleNumberBase ?? DEFAULT_RULE_NUMBER_BASE;
    validateRuleNumberBase(OWNER, this.ruleNumberBase);
    this.maxEntries = props.maxEntriesPerDirection ?? DEFAULT_MAX_ENTRIES;
    validateMaxEntriesPerDirection(OWNER, this.maxEntries);

    this.vpcCidr = traffic.vpcCidr;
    this.clientCidrs = traffic.clientCidrs;
    this.targetCidrs = traffic.targetCidrs;
    this.networkTargets = traffic.networkTargets;

    const lbSubnets = props.vpc.selectSubnets(props.loadBalancerSubnets).subnets;
    const targetSubnets = props.vpc.selectSubnets(props.targetSubnets).subnets;
    if (lbSubnets.length === 0) {
      throw new Error(`${OWNER}: \`loadBalancerSubnets\` selects no subnet of the VPC`);
    }
    if (targetSubnets.length === 0) {
      throw new Error(`${OWNER}: \`targetSubnets\` selects no subnet of the VPC`);
    }
    const lbIds = new Set(lbSubnets.map((s) => s.subnetId));
    const shared = targetSubnets.filter((s) => lbIds.has(s.subnetId)).length;
    if (shared > 0 && !(shared === targetSubnets.length && shared === lbSubnets.length)) {
      throw new Error(`${OWNER}: \`loadBalancerSubnets\` and \`targetSubnets\` partially overlap (${shared} shared subnets): a subnet has one network ACL, so select either the same subnets or disjoint ones`);
    }

    // One ACL per subnet, whoever asks: subnets another construct of this library already gave an
    // ACL keep it, and this construct adds its entries to it.
    this.loadBalancerAcl = networkAclFor(this, 'LoadBalancerAcl', props.vpc, lbSubnets, `${OWNER}: \`loadBalancerSubnets\``);
    this.targetAcl = shared > 0 ? this.loadBalancerAcl : networkAclFor(this, 'TargetAcl', props.vpc, targetSubnets, `${OWNER}: \`targetSubnets\``);
    this.sharedAcl = this.loadBalancerAcl === this.targetAcl;
    const imported = [...lbSubnets, ...targetSubnets].filter((s) => !isOwnedSubnet(s));
    if (imported.length > 0) {
      Annotations.of(this).addWarningV2('cdk-secure-alb:imported-subnet-acl', `The subnets ${imported.map(subnetName).join(', ')} were not created in this app: associating them with these network ACLs puts everything else in them behind the recommended entries (their own ACL stops applying). Acknowledge this warning if nothing else lives there.`);
    }

    const nat = natGatewaysIn(props, lbSubnets);
    const natPorts = nat.others.length > 0 && props.natGatewayPorts === undefined
      ? [...new Set([...outboundPorts, 443])]
      : validatePorts(OWNER, 'natGatewayPorts', props.natGatewayPorts ?? outboundPorts, true);
    if (nat.present && nat.others.length > 0 && props.natGatewayPorts === undefined) {
      Annotations.of(this).addWarningV2('cdk-secure-alb:shared-nat', `The subnets ${nat.others.map(subnetName).join(', ')} are not target subnets of this construct but send their internet traffic through the NAT gateways in the load balancer subnets, whose network ACL passes only TCP ${natPorts.join(', ')} for them; set \`natGatewayPorts\` to the ports they use.`);
    }

    // The entries each recommendation unit declares (src/recommendations/private/units), then
    // those of the extensions (NAT gateways, the targets' own outbound traffic and its replies from
    // the internet and S3, client returns, clients in the target subnets, target networks, path MTU).
    this.state = {
      internetFacing: this.internetFacing,
      vpcCidr: this.vpcCidr,
      clientCidrs: this.clientCidrs,
      targetCidrs: this.targetCidrs,
      networkTargets: this.networkTargets,
      sharedAcl: this.sharedAcl,
      outboundPorts,
      natPresent: nat.present,
      natPorts,
    };
    for (const port of listenerPorts) {
      this.addListenerPort(port);
    }
    this.addTargetPort(targetPort);
    this.addTargetPort(healthCheckPort);
    for (const source of ACL_ENTRY_SOURCES) {
      this.addDeclared(source.built?.(this.state) ?? []);
    }

    this.node.addValidation({ validate: () => this.validateEntries() });
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-VPC3',
      reason: 'These network ACLs are the point of this construct: they carry exactly the entries the Elastic Load Balancing guide recommends for load balancer and target subnets.',
    });
  }

  /** The listener ports opened so far. */
  public get listenerPorts(): number[] {
    return Array.from(this.listenerPortSet);
  }

  /**
   * Lets a new listener port through the load balancer's ACL from the clients. Replies already
   * pass on the ephemeral ports. In a `SecureAlbService` or `InternalAlbWithPrivateTargets`, the
   * construct's security groups open it too (as the construct's `allowListenerPort` does).
   */
  public addListenerPort(port: number): void {
    validatePort(OWNER, 'port', port);
    if (this.spec) {
      this.spec.addListenerPort(port);
    } else {
      this._renderListenerPort(port);
    }
  }

  /**
   * Joins the traffic spec of an L3 construct: ports added to these ACLs are added to the spec (and
   * so to the security groups), and the other way round.
   * @internal
   */
  public _joinTraffic(spec: TrafficSpec): void {
    this.spec = spec;
    spec.join(this);
  }

  /** @internal */
  public _renderListenerPort(port: number): void {
    if (this.listenerPortSet.has(port)) {
      return;
    }
    this.listenerPortSet.add(port);
    for (const source of ACL_ENTRY_SOURCES) {
      this.addDeclared(source.listenerPort?.(this.state, port) ?? []);
    }
  }

  /** The ports opened from the load balancer to the targets so far. */
  public get targetPorts(): number[] {
    return Array.from(this.targetPortSet);
  }

  /**
   * Lets another port through from the load balancer to the targets (the target or health-check
   * port of another target group): out of the load balancer's ACL and into the targets' ACL, and to
   * `targetCidrs` with their replies. A no-op for Lambda targets. In a `SecureAlbService` or
   * `InternalAlbWithPrivateTargets`, the construct's security groups open it too (as the
   * construct's `allowTargetPort` does).
   */
  public addTargetPort(port: number): void {
    validatePort(OWNER, 'port', port);
    if (this.spec) {
      this.spec.addTargetPort(port);
    } else {
      this._renderTargetPort(port);
    }
  }

  /** @internal */
  public _renderTargetPort(port: number): void {
    if (!this.networkTargets || this.targetPortSet.has(port)) {
      return;
    }
    this.targetPortSet.add(port);
    for (const source of ACL_ENTRY_SOURCES) {
      this.addDeclared(source.targetPort?.(this.state, port) ?? []);
    }
  }

  /**
   * Lets the load balancer reach identity providers on HTTPS (443), as a listener that
   * authenticates users (OIDC, Amazon Cognito) needs, and their replies back: whether or not a NAT
   * gateway shares the subnets.
   *
   * @param cidrs the identity providers' networks; `0.0.0.0/0` when they are not known
   */
  public allowIdentityProviders(cidrs: string[]): void {
    cidrs.forEach((c, i) => {
      if (!Token.isUnresolved(c)) parseIpv4Cidr(OWNER, `identityProviderCidrs[${i}]`, c);
    });
    for (const cidr of cidrs) {
      for (const source of ACL_ENTRY_SOURCES) {
        this.addDeclared(source.identityProvider?.(this.state, cidr) ?? []);
      }
    }
  }

  /**
   * Adds the entries a unit declared, each to the ACL and in the class it names. An inbound range
   * from `0.0.0.0/0` is split around the admin ports (SSH and RDP: Control Tower CT.EC2.PR.5,
   * Security Hub EC2.21), which nothing this construct serves listens on. For the reply ranges this
   * costs nothing for the targets (Linux picks source ports from 32768, Windows from 49152) and, in
   * the load balancer subnets, the replies to a NAT gateway connection that happens to use source
   * port 3389 (1 port of the 64,512 it picks from).
   */
  private addDeclared(entries: AclEntryDeclaration[]): void {
    for (const e of entries) {
      const acl = e.acl === 'loadBalancer' ? this.loadBalancerAcl : this.targetAcl;
      const table = AclEntryTable.of(acl, this.ruleNumberBase, OWNER);
      const fromEveryone = !e.spec.egress && e.spec.protocol === 'tcp' && e.spec.cidr === '0.0.0.0/0';
      const range = { from: e.spec.fromPort, to: e.spec.toPort };
      const ranges = fromEveryone ? rangesWithout(range, ADMIN_PORTS) : [range];
      for (const r of ranges) {
        table.add(ACL_ENTRY_CLASSES[e.entryClass], { ...e.spec, fromPort: r.from, toPort: r.to });
      }
    }
  }

  /**
   * At synth: every entry of these ACLs, wherever it was added (the user's too), fits the quota per
   * direction, no two entries of one direction share a rule number, and the user's entries stay
   * out of this construct's band.
   */
  private validateEntries(): string[] {
    const errors: string[] = sharedNetworkConflicts(this, OWNER, { acls: [this.loadBalancerAcl, this.targetAcl] });
    const ours = new Set([this.loadBalancerAcl, this.targetAcl].flatMap((acl) => AclEntryTable.of(acl, this.ruleNumberBase, OWNER).entries));
    const band = `${this.ruleNumberBase}-${this.ruleNumberBase + RULE_NUMBER_BAND - 1}`;
    for (const acl of new Set([this.loadBalancerAcl, this.targetAcl])) {
      // The ACL may belong to another stack (another construct created it): its entries live there.
      const stack = Stack.of(acl);
      const entries = stackIndex(stack).aclEntries;
      const aclRef = JSON.stringify(stack.resolve(acl.networkAclId));
      const all = entries.filter((e) => JSON.stringify(stack.resolve(e.networkAclId)) === aclRef);
      for (const egress of [false, true]) {
        const direction = egress ? 'outbound' : 'inbound';
        const inDirection = all.filter((e) => Boolean(stack.resolve(e.egress)) === egress);
        if (inDirection.length > this.maxEntries) {
          errors.push(`${OWNER}: the network ACL ${acl.node.path} has ${inDirection.length} ${direction} entries, more than \`maxEntriesPerDirection\` (${this.maxEntries}, the default quota is 20); use fewer listener ports, client CIDRs or outbound ports, or raise the quota and \`maxEntriesPerDirection\``);
        }
        const byNumber = new Map<number, ec2.CfnNetworkAclEntry>();
        for (const e of inDirection) {
          const n = stack.resolve(e.ruleNumber);
          const other = byNumber.get(n);
          if (other) {
            errors.push(`${OWNER}: the ${direction} entries ${other.node.path} and ${e.node.path} of ${acl.node.path} both use rule number ${n}; rule numbers must be unique per direction`);
          }
          byNumber.set(n, e);
          if (!ours.has(e) && typeof n === 'number' && n >= this.ruleNumberBase && n < this.ruleNumberBase + RULE_NUMBER_BAND) {
            errors.push(`${OWNER}: the entry ${e.node.path} uses rule number ${n}, inside the band ${band} this construct manages; number your own entries below ${this.ruleNumberBase} (evaluated first) or from ${this.ruleNumberBase + RULE_NUMBER_BAND} (evaluated after), or move the band with \`ruleNumberBase\``);
          }
        }
      }
    }
    return errors;
  }
}

/**
 * Whether NAT gateways in the load balancer subnets serve the VPC, and which subnets other than the
 * targets' route their default traffic through them (found in VPCs created in this app: the NAT
 * gateways and routes are resources of the app; an imported VPC's routes are not known).
 */
function natGatewaysIn(props: LoadBalancerNetworkAclsProps, lbSubnets: ec2.ISubnet[]): { present: boolean; others: ec2.ISubnet[] } {
  const vpc = props.vpc;
  const nats = lbSubnets.flatMap((s) => s.node.findAll().filter((c): c is ec2.CfnNatGateway => c instanceof ec2.CfnNatGateway));
  const imported = lbSubnets.some((s) => !isOwnedSubnet(s));
  const lbIds = new Set(lbSubnets.map((s) => s.subnetId));
  const present = props.natGatewaysInLoadBalancerSubnets ?? (imported
    ? lbSubnets.every((s) => vpc.publicSubnets.some((p) => p.subnetId === s.subnetId)) && vpc.privateSubnets.length > 0
    : nats.length > 0);
  if (!present || nats.length === 0) {
    return { present, others: [] };
  }
  const stack = Stack.of(nats[0]);
  const natRefs = new Set(nats.map((n) => JSON.stringify(stack.resolve(n.ref))));
  const targets = new Set(vpc.selectSubnets(props.targetSubnets).subnets.map((s) => s.subnetId));
  const routedTables = new Set(vpc.node.findAll()
    .filter((c): c is ec2.CfnRoute => c instanceof ec2.CfnRoute && c.natGatewayId !== undefined && Stack.of(c) === stack)
    .filter((r) => natRefs.has(JSON.stringify(stack.resolve(r.natGatewayId))))
    .map((r) => JSON.stringify(stack.resolve(r.routeTableId))));
  const others = [...vpc.publicSubnets, ...vpc.privateSubnets, ...vpc.isolatedSubnets]
    .filter((s) => !targets.has(s.subnetId) && !lbIds.has(s.subnetId))
    .filter((s) => Stack.of(s) === stack && routedTables.has(JSON.stringify(stack.resolve(s.routeTable.routeTableId))));
  return { present, others };
}
