import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { AlbSecurityGroupPair } from './alb-security-group-pair';
import { LoadBalancerNetworkAcls } from './load-balancer-network-acls';
import { newVpc } from './private/default-vpc';
import { addTargetGroup, allowListenerPort, allowTargetPort, buildSecureAlb, SecureAlbParts, validateSecureAlbOptions } from './private/secure-alb-core';
import { vpcCidrOf } from './private/validate';
import { S3GatewayEndpoint } from './s3-gateway-endpoint';
import { SecureAlbBaseProps, SecureTargetGroupOptions } from './secure-alb-options';

/**
 * The parts and operations `SecureAlbService` and `InternalAlbWithPrivateTargets` share: an ALB
 * built from the library's building blocks (security-group pair, network ACLs, access-log bucket,
 * S3 gateway endpoint), exposed part by part. The constructor builds everything from the base
 * props; a subclass only decides the kind-specific props (as aws-cdk-lib's `BaseLoadBalancer`).
 */
export abstract class SecureAlbBase extends Construct implements ec2.IConnectable {
  /** The VPC. */
  public readonly vpc: ec2.IVpc;
  /** The load balancer. */
  public readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  /** The load balancer's DNS name. */
  public readonly loadBalancerDnsName: string;
  /** The main listener (HTTPS with certificates, HTTP otherwise). */
  public readonly listener: elbv2.ApplicationListener;
  /** The HTTP listener that redirects to HTTPS, when there is one. */
  public readonly redirectListener?: elbv2.ApplicationListener;
  /** The target group of the main listener. */
  public readonly targetGroup: elbv2.ApplicationTargetGroup;
  /** The security-group pair (the load balancer's group and the targets' group, wired to each other). */
  public readonly securityGroupPair: AlbSecurityGroupPair;
  /** The load balancer's security group. */
  public readonly loadBalancerSecurityGroup: ec2.ISecurityGroup;
  /** The targets' security group: attach it to the instances or tasks behind the load balancer. */
  public readonly targetSecurityGroup: ec2.ISecurityGroup;
  /** The access-log bucket, when access logs are on. */
  public readonly accessLogBucket?: s3.IBucket;
  /** The S3 gateway endpoint, when it is on. */
  public readonly s3Endpoint?: S3GatewayEndpoint;
  /** The network ACLs, when they are on. */
  public readonly networkAcls?: LoadBalancerNetworkAcls;
  /** The network ACL of the load balancer's subnets, when ACLs are on. */
  public readonly loadBalancerNetworkAcl?: ec2.INetworkAcl;
  /** The network ACL of the targets' subnets, when ACLs are on (the same as `loadBalancerNetworkAcl` when they share subnets). */
  public readonly targetNetworkAcl?: ec2.INetworkAcl;
  /** The ARN of the web ACL associated with the load balancer, when `webAcl` is given. */
  public readonly webAclArn?: string;
  /** The load balancer's connections, with the listener port as default port. */
  public readonly connections: ec2.Connections;

  private readonly parts: SecureAlbParts;

  /**
   * Checks the props, makes the VPC when none is given, and builds the load balancer and its parts.
   * Errors name the subclass (the construct the user called).
   */
  protected constructor(scope: Construct, id: string, props: SecureAlbBaseProps) {
    super(scope, id);
    const owner = new.target.name;
    validateSecureAlbOptions(owner, props);
    for (const [prop, value] of [['flowLogRetention', props.flowLogRetention], ['flowLogEncryptionKey', props.flowLogEncryptionKey]] as const) {
      if (value !== undefined && props.vpc) {
        throw new Error(`${owner}: \`${prop}\` applies to the VPC the construct creates, but \`vpc\` is given; set it on that VPC's flow logs`);
      }
    }
    const vpc = props.vpc ?? newVpc(this, props.defaultVpcSubnets, {
      flowLogRetention: props.flowLogRetention,
      flowLogEncryptionKey: props.flowLogEncryptionKey,
    });
    for (const [prop, sel] of [['loadBalancerSubnets', props.loadBalancerSubnets], ['targetSubnets', props.targetSubnets]] as const) {
      let selected: ec2.ISubnet[];
      try {
        selected = vpc.selectSubnets(sel).subnets;
      } catch (e) {
        throw new Error(`${owner}: \`${prop}\` selects no subnet of the VPC (${(e as Error).message}); give a selection that matches subnets of \`vpc\``);
      }
      if (selected.length === 0) {
        throw new Error(`${owner}: \`${prop}\` selects no subnet of the VPC; give a selection that matches subnets of \`vpc\``);
      }
    }
    const vpcCidr = vpcCidrOf(owner, vpc);
    const clientCidrs = props.internetFacing ? props.clientCidrs : [vpcCidr, ...props.clientCidrs ?? []];
    const parts = buildSecureAlb(this, { ...props, vpc, clientCidrs, owner });
    this.parts = parts;
    this.vpc = vpc;
    this.loadBalancer = parts.loadBalancer;
    this.loadBalancerDnsName = parts.loadBalancer.loadBalancerDnsName;
    this.listener = parts.listener;
    this.redirectListener = parts.redirectListener;
    this.targetGroup = parts.targetGroup;
    this.securityGroupPair = parts.securityGroupPair;
    this.loadBalancerSecurityGroup = parts.securityGroupPair.loadBalancerSecurityGroup;
    this.targetSecurityGroup = parts.securityGroupPair.targetSecurityGroup;
    this.accessLogBucket = parts.accessLogBucket;
    this.s3Endpoint = parts.s3Endpoint;
    this.networkAcls = parts.networkAcls;
    this.loadBalancerNetworkAcl = parts.networkAcls?.loadBalancerAcl;
    this.targetNetworkAcl = parts.networkAcls?.targetAcl;
    this.webAclArn = parts.webAclArn;
    this.connections = parts.connections;
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
   * Target groups attached through aws-cdk-lib's own methods (the listener's `addTargets` or
   * `addTargetGroups`, `addAction`, `ApplicationListenerRule`, a listener of your own), in this
   * construct, in your scope or in another stack, are refused at synth unless their ports are open
   * (see `allowTargetPort`).
   *
   * @returns the target group
   */
  public addTargetGroup(id: string, options: SecureTargetGroupOptions): elbv2.ApplicationTargetGroup {
    return addTargetGroup(this, this.parts, id, options);
  }

  /**
   * Opens one more listener port to the clients, in the security groups and the network ACLs.
   * Call it for every listener you add to `loadBalancer` yourself (with `open: false`).
   */
  public allowListenerPort(port: number): void {
    allowListenerPort(this.parts, port);
  }

  /**
   * Opens one more port from the load balancer to the targets, in the security groups and the
   * network ACLs: the target or health-check port of a target group you attach with aws-cdk-lib's
   * own methods (`addTargets`, `addTargetGroups`, `addAction`, `ApplicationListenerRule`,
   * `configureHealthCheck`, an ECS service's container port). `addTargetGroup` calls it for you.
   * Not for Lambda targets (nothing is opened to them).
   */
  public allowTargetPort(port: number): void {
    allowTargetPort(this.parts, port);
  }
}
