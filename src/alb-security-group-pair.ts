import { Stack, Token, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { LoadBalancerTrafficProps } from './load-balancer-traffic';
import { stackIndex } from './private/stack-index';
import { refuseOpenClientOnInternal, resolveTraffic } from './private/traffic';
import { TrafficSpec } from './private/traffic-spec';
import { validatePort } from './private/validate';
import { SG_RULE_SOURCES } from './recommendations/private/catalog';
import { SgBuildState, SgRuleDeclaration, TargetPortRole } from './recommendations/private/unit';

const OWNER = 'AlbSecurityGroupPair';

/**
 * Properties of an `AlbSecurityGroupPair`.
 */
export interface AlbSecurityGroupPairProps extends LoadBalancerTrafficProps {
  /**
   * Other clients (for example a client security group) allowed on the listener ports.
   *
   * @default - none
   */
  readonly clients?: ec2.IConnectable[];


  /**
   * The most rules per direction a group may hold, the rules you add included (the default quota
   * is 60 inbound and 60 outbound per security group). Raise it only after raising the quota.
   *
   * @default 60
   */
  readonly maxRulesPerDirection?: number;
}

/**
 * The load balancer's security group and the targets' security group, with exactly the rules the
 * Elastic Load Balancing guide recommends:
 *
 * - load balancer: inbound from the clients on the listener ports; outbound to the target
 *   security group on the target port and on the health-check port (one rule when they are equal).
 *   Never outbound to S3 or `0.0.0.0/0`: access logs are delivered by the ELB service, not from
 *   the load balancer's network interfaces.
 * - targets: inbound from the load balancer security group on the target and health-check ports,
 *   ICMP type 3 code 4 (path MTU discovery) from the VPC, and outbound HTTPS (see `targetOutboundPorts`).
 */
export class AlbSecurityGroupPair extends Construct {
  /** The load balancer's security group (no default allow-all egress). */
  public readonly loadBalancerSecurityGroup: ec2.SecurityGroup;
  /** The targets' security group (no default allow-all egress). */
  public readonly targetSecurityGroup: ec2.SecurityGroup;
  /** Whether the load balancer is internet-facing. */
  public readonly internetFacing: boolean;
  /** The target port. */
  public readonly targetPort: number;
  /** The health-check port. */
  public readonly healthCheckPort: number;

  private readonly listenerPortSet = new Set<number>();
  private readonly targetPortSet = new Set<number>();
  private readonly clientPeers: ec2.IConnectable[];
  private readonly networkTargets: boolean;
  /** What the units' rules depend on, resolved from the props. */
  private readonly state: SgBuildState;
  /** The traffic spec of the L3 construct this pair belongs to, when it belongs to one. */
  private spec?: TrafficSpec;

  constructor(scope: Construct, id: string, props: AlbSecurityGroupPairProps) {
    super(scope, id);
    const traffic = resolveTraffic(OWNER, props);
    this.internetFacing = traffic.internetFacing;
    const listenerPorts = traffic.listenerPorts;
    this.targetPort = traffic.targetPort;
    this.healthCheckPort = traffic.healthCheckPort;
    const outboundPorts = traffic.outboundPorts;
    const maxRules = props.maxRulesPerDirection ?? 60;
    if (!Number.isInteger(maxRules) || maxRules < 1 || maxRules > 1000) {
      throw new Error(`${OWNER}: \`maxRulesPerDirection\` must be an integer between 1 and 1000, got ${maxRules}`);
    }

    const cidrs = traffic.clientCidrs;
    (props.clients ?? []).forEach((c, i) => {
      const cidr = peerCidrOf(c);
      if (cidr !== undefined) {
        refuseOpenClientOnInternal(OWNER, this.internetFacing, `clients[${i}]`, cidr);
      }
    });
    if (cidrs.length === 0 && (props.clients ?? []).length === 0) {
      throw new Error(`${OWNER}: \`clientCidrs\` and \`clients\` are both empty: nobody could reach the listener; pass at least one client`);
    }
    this.clientPeers = [...cidrs.map((c) => ec2.Peer.ipv4(c)), ...(props.clients ?? [])];

    this.loadBalancerSecurityGroup = new ec2.SecurityGroup(this, 'LoadBalancer', {
      vpc: props.vpc,
      allowAllOutbound: false,
      description: 'Load balancer: listener ports from clients; target and health-check ports to the targets only',
    });
    this.targetSecurityGroup = new ec2.SecurityGroup(this, 'Targets', {
      vpc: props.vpc,
      allowAllOutbound: false,
      description: 'Load balancer targets: target and health-check ports from the load balancer only',
    });

    // The rules each recommendation unit declares (src/recommendations/private/units), then those of
    // the extensions (the targets' own outbound traffic): per listener port, per port to the
    // targets, and once.
    this.networkTargets = traffic.networkTargets;
    this.state = {
      internetFacing: this.internetFacing,
      vpcCidr: traffic.vpcCidr,
      targetCidrs: traffic.targetCidrs,
      networkTargets: traffic.networkTargets,
      outboundPorts,
    };
    listenerPorts.forEach((p) => this.addListenerPort(p));

    this.node.addValidation({ validate: () => this.validateQuota(maxRules) });

    // cdk-nag (AwsSolutions) findings caused on purpose, acknowledged with the reason.
    const lbReasons = [
      ...cidrs.includes('0.0.0.0/0')
        ? ['An internet-facing load balancer accepts clients from anywhere on its listener ports only, as the Elastic Load Balancing guide recommends; every other port is closed.']
        : [],
      ...cidrs.some((c) => Token.isUnresolved(c))
        ? ['A client CIDR is a token cdk-nag cannot read (the VPC\'s own CidrBlock for an internal load balancer); 0.0.0.0/0 is refused for internal load balancers.']
        : [],
    ];
    if (lbReasons.length > 0) {
      Validations.of(this.loadBalancerSecurityGroup).acknowledge({ id: 'AwsSolutions-EC23', reason: lbReasons.join(' ') });
    }
    if (Token.isUnresolved(traffic.vpcCidr)) {
      Validations.of(this.targetSecurityGroup).acknowledge({
        id: 'AwsSolutions-EC23',
        reason: 'The only CIDR ingress rule is ICMP type 3 code 4 (path MTU discovery) from the VPC\'s own CIDR block, a token cdk-nag cannot read; targets accept TCP from the load balancer security group only.',
      });
    }

    this._renderTargetPort(this.targetPort, undefined, 'target');
    this._renderTargetPort(this.healthCheckPort, undefined, 'healthCheck');
    for (const source of SG_RULE_SOURCES) {
      this.addDeclared(source.built?.(this.state) ?? []);
    }
  }

  /** The listener ports opened so far. */
  public get listenerPorts(): number[] {
    return Array.from(this.listenerPortSet);
  }

  /**
   * Opens another listener port to the clients (inbound on the load balancer security group). In a
   * `SecureAlbService` or `InternalAlbWithPrivateTargets`, the construct's network ACLs open it too
   * (as the construct's `allowListenerPort` does).
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
   * Joins the traffic spec of an L3 construct: ports added to the pair are added to the spec (and
   * so to the network ACLs), and the other way round.
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
    for (const source of SG_RULE_SOURCES) {
      this.addDeclared(source.listenerPort?.(this.state, port) ?? []);
    }
  }

  /** The ports opened from the load balancer to the targets so far (target and health-check ports). */
  public get targetPorts(): number[] {
    return Array.from(this.targetPortSet);
  }

  /**
   * Opens another port from the load balancer to the targets (a target or health-check port of
   * another target group): outbound on the load balancer group to the target group and to
   * `targetCidrs`, inbound on the target group from the load balancer group. A no-op for Lambda
   * targets. In a `SecureAlbService` or `InternalAlbWithPrivateTargets`, the construct's network
   * ACLs open it too (as the construct's `allowTargetPort` does).
   */
  public addTargetPort(port: number, description?: string): void {
    validatePort(OWNER, 'port', port);
    if (this.spec) {
      this.spec.addTargetPort(port);
    } else {
      this._renderTargetPort(port, description);
    }
  }

  /** @internal */
  public _renderTargetPort(port: number, description?: string, role: TargetPortRole = 'additional'): void {
    if (!this.networkTargets || this.targetPortSet.has(port)) {
      return;
    }
    this.targetPortSet.add(port);
    for (const source of SG_RULE_SOURCES) {
      this.addDeclared((source.targetPort?.(this.state, port, role) ?? [])
        .map((d) => (description !== undefined && d.peer.kind === 'targets' ? { ...d, description } : d)));
    }
  }

  /**
   * Lets the load balancer reach identity providers on HTTPS (443), as a listener that
   * authenticates users (OIDC, Amazon Cognito) needs: outbound on the load balancer's group.
   *
   * @param cidrs the identity providers' networks
   */
  public allowIdentityProviders(cidrs: string[]): void {
    for (const cidr of cidrs) {
      for (const source of SG_RULE_SOURCES) {
        this.addDeclared(source.identityProvider?.(this.state, cidr) ?? []);
      }
    }
  }

  /** Adds the rules units declared, each to the group and in the direction it names. */
  private addDeclared(rules: SgRuleDeclaration[]): void {
    for (const d of rules) {
      const group = d.group === 'loadBalancer' ? this.loadBalancerSecurityGroup : this.targetSecurityGroup;
      const port = sgPort(d);
      const inbound = d.direction === 'in';
      switch (d.peer.kind) {
        case 'clients':
          for (const peer of this.clientPeers) {
            if (inbound) group.connections.allowFrom(peer, port, d.description);
            else group.connections.allowTo(peer, port, d.description);
          }
          break;
        case 'targets':
          // one connection: the load balancer group's egress and the targets' group's ingress
          this.loadBalancerSecurityGroup.connections.allowTo(this.targetSecurityGroup, port, d.description);
          break;
        case 'cidr':
          if (inbound) group.addIngressRule(ec2.Peer.ipv4(d.peer.cidr), port, d.description);
          else group.addEgressRule(ec2.Peer.ipv4(d.peer.cidr), port, d.description);
          break;
      }
    }
  }

  /** At synth: both groups, with the rules added later (by anyone), fit the quota per direction. */
  private validateQuota(maxRules: number): string[] {
    const errors: string[] = [];
    const stack = Stack.of(this);
    const index = stackIndex(stack);
    for (const group of [this.loadBalancerSecurityGroup, this.targetSecurityGroup]) {
      const cfn = group.node.defaultChild as ec2.CfnSecurityGroup;
      const id = JSON.stringify(stack.resolve(group.securityGroupId));
      const separate = (rules: Array<ec2.CfnSecurityGroupIngress | ec2.CfnSecurityGroupEgress>) => rules
        .filter((c) => JSON.stringify(stack.resolve(c.groupId)) === id).length;
      const counts = {
        inbound: asList(stack.resolve(cfn.securityGroupIngress)).length + separate(index.ingress),
        outbound: asList(stack.resolve(cfn.securityGroupEgress)).length + separate(index.egress),
      };
      for (const [direction, count] of Object.entries(counts)) {
        if (count > maxRules) {
          errors.push(`${OWNER}: the security group ${group.node.path} has ${count} ${direction} rules, more than \`maxRulesPerDirection\` (${maxRules}, the default quota is 60); use fewer listener ports or clients, or raise the quota and \`maxRulesPerDirection\``);
        }
      }
    }
    return errors;
  }

}

/** The port (range) or ICMP type and code of a declared rule. */
export function sgPort(d: SgRuleDeclaration): ec2.Port {
  if (d.protocol === 'icmp') return ec2.Port.icmpTypeAndCode(d.fromPort, d.toPort);
  return d.fromPort === d.toPort ? ec2.Port.tcp(d.fromPort) : ec2.Port.tcpRange(d.fromPort, d.toPort);
}

function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** The CIDR of a peer given as an `IConnectable`, when it is a CIDR peer. */
function peerCidrOf(c: ec2.IConnectable): string | undefined {
  const peer = c as Partial<ec2.IPeer>;
  if (typeof peer.toIngressRuleConfig !== 'function') {
    return undefined;
  }
  const config = peer.toIngressRuleConfig();
  return config.cidrIp ?? config.cidrIpv6;
}
