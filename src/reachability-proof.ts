import { Aspects, CfnOutput, CfnResource, IAspect, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct, IConstruct } from 'constructs';
import { SecureAlbBase } from './secure-alb-base';

/**
 * Props of `ReachabilityProof`.
 */
export interface ReachabilityProofProps {
  /** The load balancer service whose flows AWS's Reachability Analyzer is to check. */
  readonly service: SecureAlbBase;

  /**
   * EC2 instances registered as targets of the service's main target group: the destinations of
   * the paths (Reachability Analyzer takes instances and network interfaces as destinations; a
   * Fargate task, a Lambda function or an IP target has no end it accepts, so it is not checked).
   */
  readonly targets: ec2.IInstance[];

  /**
   * Clients: the sources of the paths (an instance in the VPC or in a connected VPC, such as a peered
   * client VPC of an internal load balancer).
   *
   * @default - the internet gateway of the service's VPC, for an internet-facing service (an
   * internal service needs `clients`)
   */
  readonly clients?: ec2.IInstance[];

  /**
   * The internet gateway to start the internet's paths from, for a VPC defined outside the app (the
   * model cannot read a gateway given by a literal id: its expectations for those paths are UNKNOWN).
   *
   * @default - the internet gateway of the VPC, when the app defines it (`ec2.Vpc`)
   */
  readonly internetGatewayId?: string;

  /**
   * Whether each analysis's `NetworkPathFound` is a stack output (read after deploy without
   * integ-runner, and compare with `TemplateModel.reachabilityExpectations()`).
   *
   * @default true
   */
  readonly outputs?: boolean;
}

/** One path and its analysis, and the flow it stands for. */
export interface ReachabilityProofCheck {
  /** The flow, in words (also the path's `Name` tag). */
  readonly description: string;
  /** The path. */
  readonly path: ec2.CfnNetworkInsightsPath;
  /** The analysis (it runs when CloudFormation creates it, after everything else in the stack). */
  readonly analysis: ec2.CfnNetworkInsightsAnalysis;
}

/**
 * Proof in the account: VPC Reachability Analyzer paths and analyses for the flows the rules of a
 * `SecureAlbService` or `InternalAlbWithPrivateTargets` exist to allow and to block, so that AWS's own
 * analysis of the deployed configuration can be compared with the model's verdicts. For every client
 * (the internet gateway by default) and every target instance it adds three analyses:
 *
 * - through the load balancer on the main listener's port to the target on the target port (the
 *   analysis's `FilterInArns` names the load balancer);
 * - straight to the target on the target port, around the load balancer (`FilterOutArns`);
 * - through the load balancer on a port no listener serves.
 *
 * The construct does not say what AWS should answer: `TemplateModel.reachabilityExpectations()` derives
 * it from the synthesized template, so the expectations are the model's, never written by hand.
 * The load balancer's own traffic to the targets (health checks on a separate port among it) is not
 * a path Reachability Analyzer can start: a load balancer is an intermediate component only.
 * Reachability Analyzer charges per analysis.
 */
export class ReachabilityProof extends Construct {
  /** The paths and analyses, in the order they were added. */
  public readonly checks: ReachabilityProofCheck[] = [];

  constructor(scope: Construct, id: string, props: ReachabilityProofProps) {
    super(scope, id);
    const { service } = props;
    if (props.targets.length === 0) {
      throw new Error('ReachabilityProof: `targets` is empty; give the EC2 instances registered in `service.targetGroup`');
    }
    const cfnLb = service.loadBalancer.node.defaultChild as elbv2.CfnLoadBalancer;
    const internetFacing = cfnLb.scheme === 'internet-facing';
    const sources: Array<{ name: string; id: string }> = [];
    if (props.clients && props.clients.length > 0) {
      props.clients.forEach((c) => sources.push({ name: `client ${c.node.path}`, id: c.instanceId }));
    } else if (internetFacing) {
      const igw = props.internetGatewayId ?? (service.vpc instanceof ec2.Vpc ? service.vpc.internetGatewayId : undefined);
      if (!igw) {
        throw new Error('ReachabilityProof: the VPC of `service` has no internet gateway the construct can name (a VPC defined outside the app); give `internetGatewayId` or `clients`');
      }
      sources.push({ name: 'the internet', id: igw });
    } else {
      throw new Error('ReachabilityProof: `clients` is required for an internal load balancer (instances in the VPC or a connected VPC)');
    }
    const listenerPort = portOf('service.listener', (service.listener.node.defaultChild as elbv2.CfnListener).port);
    const targetPort = portOf('service.targetGroup', (service.targetGroup.node.defaultChild as elbv2.CfnTargetGroup).port);
    const lbArn = service.loadBalancer.loadBalancerArn;
    // a port no listener serves, chosen at synth so that listeners added later count too
    const unserved = Lazy.number({ produce: () => unservedPort(service.loadBalancer, targetPort) });

    sources.forEach((source, s) => {
      props.targets.forEach((target, t) => {
        const tag = `${sources.length > 1 ? `Client${s}` : ''}Target${t}`;
        const to = `target ${target.node.path}`;
        this.add(`${tag}ThroughListener`, `${source.name} -> ${to} through the load balancer, listener port ${listenerPort}, target port ${targetPort}`, {
          source: source.id, destination: target.instanceId, sourcePort: listenerPort, destinationPort: targetPort, filterIn: lbArn,
        });
        this.add(`${tag}Direct`, `${source.name} -> ${to} directly on the target port ${targetPort}, around the load balancer`, {
          source: source.id, destination: target.instanceId, sourcePort: targetPort, filterOut: lbArn,
        });
        this.add(`${tag}NoListener`, `${source.name} -> ${to} through the load balancer on a port no listener serves`, {
          source: source.id, destination: target.instanceId, sourcePort: unserved, filterIn: lbArn,
        });
      });
    });

    if (props.outputs ?? true) {
      this.checks.forEach((c) => {
        new CfnOutput(this, `${c.path.node.scope!.node.id}PathFound`, {
          value: Token.asString(c.analysis.attrNetworkPathFound),
          description: `NetworkPathFound of: ${c.description}`,
        });
      });
    }

    // the analyses run when CloudFormation creates them: after every other resource of the stack
    Aspects.of(Stack.of(this)).add(new AfterEverything(this));
  }

  private add(id: string, description: string, p: PathSpec): void {
    const scope = new Construct(this, id);
    const path = new ec2.CfnNetworkInsightsPath(scope, 'Path', {
      protocol: 'tcp',
      source: p.source,
      destination: p.destination,
      filterAtSource: { destinationPortRange: { fromPort: p.sourcePort, toPort: p.sourcePort } },
      ...(p.destinationPort !== undefined
        ? { filterAtDestination: { destinationPortRange: { fromPort: p.destinationPort, toPort: p.destinationPort } } }
        : {}),
      tags: [{ key: 'Name', value: description }],
    });
    const analysis = new ec2.CfnNetworkInsightsAnalysis(scope, 'Analysis', {
      networkInsightsPathId: path.attrNetworkInsightsPathId,
      ...(p.filterIn ? { filterInArns: [p.filterIn] } : {}),
      ...(p.filterOut ? { filterOutArns: [p.filterOut] } : {}),
    });
    this.checks.push({ description, path, analysis });
  }
}

interface PathSpec {
  readonly source: string;
  readonly destination: string;
  readonly sourcePort: number;
  readonly destinationPort?: number;
  readonly filterIn?: string;
  readonly filterOut?: string;
}

function portOf(what: string, port: number | undefined): number {
  if (port === undefined || Token.isUnresolved(port)) {
    throw new Error(`ReachabilityProof: the port of \`${what}\` is ${port === undefined ? 'not set' : 'a token'}; the paths need a literal port`);
  }
  return port;
}

/** The target port when no listener serves it, else the first port above every listener's. */
function unservedPort(lb: elbv2.ApplicationLoadBalancer, targetPort: number): number {
  const ports = new Set<number>();
  for (const l of lb.listeners) {
    const port = (l.node.defaultChild as elbv2.CfnListener).port;
    if (typeof port === 'number' && !Token.isUnresolved(port)) ports.add(port);
  }
  if (!ports.has(targetPort)) return targetPort;
  let p = Math.max(...ports) + 1;
  while (ports.has(p)) p++;
  return p;
}

/** Makes each path depend on every other resource of its stack, so the analyses see the deployed configuration. */
class AfterEverything implements IAspect {
  constructor(private readonly proof: ReachabilityProof) {}

  public visit(node: IConstruct): void {
    if (!CfnResource.isCfnResource(node) || isUnder(node, this.proof) || Stack.of(node) !== Stack.of(this.proof)) return;
    for (const c of this.proof.checks) c.path.addDependency(node);
  }
}

function isUnder(node: IConstruct, ancestor: IConstruct): boolean {
  return node.node.scopes.includes(ancestor);
}
