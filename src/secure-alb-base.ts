import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { AlbSecurityGroupPair } from './alb-security-group-pair';
import { LoadBalancerNetworkAcls } from './load-balancer-network-acls';
import { addTargetGroup, allowListenerPort, buildSecureAlb, SecureAlbParts } from './private/secure-alb-core';
import { S3GatewayEndpoint } from './s3-gateway-endpoint';
import { SecureAlbOptions, SecureTargetGroupOptions } from './secure-alb-options';

/**
 * What a subclass of `SecureAlbBase` passes to `buildLoadBalancer`.
 */
export interface SecureAlbBaseProps extends SecureAlbOptions {
  /** The VPC. */
  readonly vpc: ec2.IVpc;
  /** Whether the load balancer is internet-facing. */
  readonly internetFacing: boolean;
  /** The subnets of the load balancer. */
  readonly loadBalancerSubnets: ec2.SubnetSelection;
  /** The subnets of the targets. */
  readonly targetSubnets: ec2.SubnetSelection;
  /**
   * IPv4 CIDR blocks of the clients.
   *
   * @default - internet-facing: `['0.0.0.0/0']`; internal: the VPC's CIDR block
   */
  readonly clientCidrs?: string[];
  /**
   * Other clients allowed on the listener ports (security groups, connectables).
   *
   * @default - none
   */
  readonly clients?: ec2.IConnectable[];
}

/**
 * The parts and operations `SecureAlbService` and `InternalAlbWithPrivateTargets` share: an ALB
 * built from the library's building blocks (security-group pair, network ACLs, access-log bucket,
 * S3 gateway endpoint), exposed part by part.
 */
export abstract class SecureAlbBase extends Construct implements ec2.IConnectable {
  private built?: { vpc: ec2.IVpc; parts: SecureAlbParts };

  protected constructor(scope: Construct, id: string) {
    super(scope, id);
  }

  /** The VPC. */
  public get vpc(): ec2.IVpc {
    return this.state.vpc;
  }

  /** The load balancer. */
  public get loadBalancer(): elbv2.ApplicationLoadBalancer {
    return this.state.parts.loadBalancer;
  }

  /** The load balancer's DNS name. */
  public get loadBalancerDnsName(): string {
    return this.loadBalancer.loadBalancerDnsName;
  }

  /** The main listener (HTTPS with certificates, HTTP otherwise). */
  public get listener(): elbv2.ApplicationListener {
    return this.state.parts.listener;
  }

  /** The HTTP listener that redirects to HTTPS, when there is one. */
  public get redirectListener(): elbv2.ApplicationListener | undefined {
    return this.state.parts.redirectListener;
  }

  /** The target group of the main listener. */
  public get targetGroup(): elbv2.ApplicationTargetGroup {
    return this.state.parts.targetGroup;
  }

  /** The security group pair. */
  public get securityGroups(): AlbSecurityGroupPair {
    return this.state.parts.securityGroups;
  }

  /** The load balancer's security group. */
  public get loadBalancerSecurityGroup(): ec2.ISecurityGroup {
    return this.securityGroups.loadBalancerSecurityGroup;
  }

  /** The targets' security group: attach it to the instances or tasks behind the load balancer. */
  public get targetSecurityGroup(): ec2.ISecurityGroup {
    return this.securityGroups.targetSecurityGroup;
  }

  /** The access-log bucket, when access logs are on. */
  public get accessLogBucket(): s3.IBucket | undefined {
    return this.state.parts.accessLogBucket;
  }

  /** The S3 gateway endpoint, when it is on. */
  public get s3Endpoint(): S3GatewayEndpoint | undefined {
    return this.state.parts.s3Endpoint;
  }

  /** The network ACLs, when they are on. */
  public get networkAcls(): LoadBalancerNetworkAcls | undefined {
    return this.state.parts.networkAcls;
  }

  /** The network ACL of the load balancer's subnets, when ACLs are on. */
  public get loadBalancerNetworkAcl(): ec2.INetworkAcl | undefined {
    return this.networkAcls?.loadBalancerAcl;
  }

  /** The network ACL of the targets' subnets, when ACLs are on (the same as `loadBalancerNetworkAcl` when they share subnets). */
  public get targetNetworkAcl(): ec2.INetworkAcl | undefined {
    return this.networkAcls?.targetAcl;
  }

  /** The ARN of the web ACL associated with the load balancer, when `webAcl` is given. */
  public get webAclArn(): string | undefined {
    return this.state.parts.webAclArn;
  }

  /** The load balancer's connections, with the listener port as default port. */
  public get connections(): ec2.Connections {
    return this.state.parts.connections;
  }

  /**
   * Registers targets in the main target group. Targets with their own security group get the
   * target and health-check ports from the load balancer.
   */
  public addTarget(...targets: elbv2.IApplicationLoadBalancerTarget[]): void {
    this.targetGroup.addTarget(...targets);
  }

  /**
   * Adds a target group behind a listener rule of the main listener (for example `/api/*` to port
   * 8080 while the rest goes to the main target group), and opens exactly its target and
   * health-check ports in both security groups and both network ACLs. Lambda targets get no network
   * rules: the service invokes the function (the invoke permission comes with `LambdaTarget`).
   * Target groups attached through the listener's own methods are refused at synth unless their
   * ports are open.
   *
   * @returns the target group
   */
  public addTargetGroup(id: string, options: SecureTargetGroupOptions): elbv2.ApplicationTargetGroup {
    return addTargetGroup(this, this.state.parts, id, options);
  }

  /**
   * Opens one more listener port to the clients, in the security groups and the network ACLs.
   * Call it for every listener you add to `loadBalancer` yourself (with `open: false`).
   */
  public allowListenerPort(port: number): void {
    allowListenerPort(this.state.parts, port);
  }

  /**
   * Builds the load balancer and its parts; subclasses call it once, from their constructor.
   *
   * @param owner the construct's name, used in error messages
   */
  protected buildLoadBalancer(owner: string, props: SecureAlbBaseProps): void {
    if (this.built) {
      throw new Error(`${owner}: the load balancer is already built`);
    }
    for (const [prop, sel] of [['loadBalancerSubnets', props.loadBalancerSubnets], ['targetSubnets', props.targetSubnets]] as const) {
      if (props.vpc.selectSubnets(sel).subnets.length === 0) {
        throw new Error(`${owner}: \`${prop}\` selects no subnet of the VPC; give a selection that matches subnets of \`vpc\``);
      }
    }
    this.built = { vpc: props.vpc, parts: buildSecureAlb(this, { ...props, owner }) };
  }

  private get state(): { vpc: ec2.IVpc; parts: SecureAlbParts } {
    if (!this.built) {
      throw new Error(`${this.node.path}: the load balancer is not built yet; subclasses call buildLoadBalancer() in their constructor`);
    }
    return this.built;
  }
}
