import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { AlbSecurityGroupPair } from './alb-security-group-pair';
import { LoadBalancerNetworkAcls } from './load-balancer-network-acls';
import { allowListenerPort, buildSecureAlb, SecureAlbParts } from './private/secure-alb-core';
import { S3GatewayEndpoint } from './s3-gateway-endpoint';

const OWNER = 'SecureAlbService';

/**
 * Properties of a `SecureAlbService`.
 */
export interface SecureAlbServiceProps {
  /**
   * The VPC.
   *
   * @default - a new VPC in 2 availability zones with public and private subnets, a NAT gateway
   * per zone and VPC flow logs to CloudWatch Logs
   */
  readonly vpc?: ec2.IVpc;

  /**
   * The subnets of the load balancer.
   *
   * @default - the public subnets
   */
  readonly loadBalancerSubnets?: ec2.SubnetSelection;

  /**
   * The subnets of the targets.
   *
   * @default - the private subnets with egress
   */
  readonly targetSubnets?: ec2.SubnetSelection;

  /**
   * IPv4 CIDR blocks allowed to reach the listener.
   *
   * @default ['0.0.0.0/0']
   */
  readonly clientCidrs?: string[];

  /**
   * Certificates for an HTTPS listener. With certificates, the listener is HTTPS with
   * `sslPolicy`, and HTTP 80 redirects to it (see `redirectHttp`).
   *
   * @default - an HTTP listener, no TLS
   */
  readonly certificates?: elbv2.IListenerCertificate[];

  /**
   * The listener port.
   *
   * @default - 443 with certificates, 80 otherwise
   */
  readonly listenerPort?: number;

  /**
   * With certificates: add an HTTP listener on port 80 that redirects to the HTTPS listener.
   *
   * @default - true with certificates
   */
  readonly redirectHttp?: boolean;

  /**
   * The TLS policy of the HTTPS listener.
   *
   * @default elbv2.SslPolicy.RECOMMENDED_TLS (TLS 1.3 and 1.2)
   */
  readonly sslPolicy?: elbv2.SslPolicy;

  /**
   * The port the targets listen on.
   *
   * @default 80
   */
  readonly targetPort?: number;

  /**
   * The protocol between the load balancer and the targets.
   *
   * @default elbv2.ApplicationProtocol.HTTP
   */
  readonly targetProtocol?: elbv2.ApplicationProtocol;

  /**
   * The target type of the target group.
   *
   * @default - inferred from the first target added
   */
  readonly targetType?: elbv2.TargetType;

  /**
   * The health check. Its `port` may differ from the target port: both are opened between the
   * load balancer and the targets, and nothing else.
   *
   * @default - elbv2 defaults: HTTP on the traffic port, path '/'
   */
  readonly healthCheck?: elbv2.HealthCheck;

  /**
   * Targets to register. Targets with their own security group (auto scaling groups, ECS
   * services) get the target and health-check ports from the load balancer; give EC2 instances the
   * construct's `targetSecurityGroup` (or use `addTarget` after creating them with it).
   *
   * @default - none
   */
  readonly targets?: elbv2.IApplicationLoadBalancerTarget[];

  /**
   * TCP ports the targets may connect to anywhere for their own outbound traffic (AWS APIs, ECR,
   * package repositories), in their security group and network ACL. `[]` for none.
   *
   * @default [443]
   */
  readonly targetOutboundPorts?: number[];

  /**
   * Deliver access logs to S3.
   *
   * @default true
   */
  readonly accessLogs?: boolean;

  /**
   * The bucket for access logs. It must use SSE-S3; its policy gets the log-delivery statement.
   *
   * @default - a new `AlbAccessLogBucket`
   */
  readonly accessLogBucket?: s3.IBucket;

  /**
   * The key prefix of the logs.
   *
   * @default 'alb'
   */
  readonly accessLogPrefix?: string;

  /**
   * Also deliver connection logs (requires access logs).
   *
   * @default false
   */
  readonly connectionLogs?: boolean;

  /**
   * Associate network ACLs with the recommended entries to the load balancer's and the targets'
   * subnets.
   *
   * @default true
   */
  readonly networkAcls?: boolean;

  /**
   * Add an S3 gateway endpoint to the route tables of the target subnets.
   *
   * @default true
   */
  readonly s3Endpoint?: boolean;

  /**
   * Turn on deletion protection of the load balancer.
   *
   * @default true
   */
  readonly deletionProtection?: boolean;

  /**
   * The name of the load balancer.
   *
   * @default - a name CloudFormation generates
   */
  readonly loadBalancerName?: string;
}

/**
 * An internet-facing Application Load Balancer in public subnets with targets in private subnets,
 * locked down the way the Elastic Load Balancing guide recommends: a least-privilege security
 * group pair (including the health-check port), network ACLs with the documented entries, access
 * logs to an SSE-S3 bucket (without any egress on the load balancer), an S3 gateway endpoint,
 * invalid header fields dropped and deletion protection on.
 */
export class SecureAlbService extends Construct implements ec2.IConnectable {
  /** The VPC. */
  public readonly vpc: ec2.IVpc;
  /** The load balancer. */
  public readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  /** The main listener (HTTPS with certificates, HTTP otherwise). */
  public readonly listener: elbv2.ApplicationListener;
  /** The HTTP listener that redirects to HTTPS, when there is one. */
  public readonly redirectListener?: elbv2.ApplicationListener;
  /** The target group of the main listener. */
  public readonly targetGroup: elbv2.ApplicationTargetGroup;
  /** The security group pair. */
  public readonly securityGroups: AlbSecurityGroupPair;
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
  /** The network ACL of the targets' subnets, when ACLs are on. */
  public readonly targetNetworkAcl?: ec2.INetworkAcl;
  /** The load balancer's connections, with the listener port as default port. */
  public readonly connections: ec2.Connections;

  private readonly parts: SecureAlbParts;

  constructor(scope: Construct, id: string, props: SecureAlbServiceProps = {}) {
    super(scope, id);
    this.vpc = props.vpc ?? new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
      ],
      flowLogs: { FlowLogs: { trafficType: ec2.FlowLogTrafficType.ALL } },
    });
    const loadBalancerSubnets = props.loadBalancerSubnets ?? { subnetType: ec2.SubnetType.PUBLIC };
    const targetSubnets = props.targetSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
    for (const [prop, sel] of [['loadBalancerSubnets', loadBalancerSubnets], ['targetSubnets', targetSubnets]] as const) {
      if (this.vpc.selectSubnets(sel).subnets.length === 0) {
        throw new Error(`${OWNER}: \`${prop}\` selects no subnet of the VPC; give a selection that matches subnets of \`vpc\``);
      }
    }

    this.parts = buildSecureAlb(this, {
      ...props,
      owner: OWNER,
      vpc: this.vpc,
      internetFacing: true,
      loadBalancerSubnets,
      targetSubnets,
    });
    this.loadBalancer = this.parts.loadBalancer;
    this.listener = this.parts.listener;
    this.redirectListener = this.parts.redirectListener;
    this.targetGroup = this.parts.targetGroup;
    this.securityGroups = this.parts.securityGroups;
    this.loadBalancerSecurityGroup = this.parts.securityGroups.loadBalancerSecurityGroup;
    this.targetSecurityGroup = this.parts.securityGroups.targetSecurityGroup;
    this.accessLogBucket = this.parts.accessLogBucket;
    this.s3Endpoint = this.parts.s3Endpoint;
    this.networkAcls = this.parts.networkAcls;
    this.loadBalancerNetworkAcl = this.parts.networkAcls?.loadBalancerAcl;
    this.targetNetworkAcl = this.parts.networkAcls?.targetAcl;
    this.connections = this.parts.connections;
  }

  /** The load balancer's DNS name. */
  public get loadBalancerDnsName(): string {
    return this.loadBalancer.loadBalancerDnsName;
  }

  /**
   * Registers targets in the main target group. Targets with their own security group get the
   * target and health-check ports from the load balancer.
   */
  public addTarget(...targets: elbv2.IApplicationLoadBalancerTarget[]): void {
    this.targetGroup.addTarget(...targets);
  }

  /**
   * Opens one more listener port to the clients, in the security groups and the network ACLs.
   * Call it for every listener you add to `loadBalancer` yourself (with `open: false`).
   */
  public allowListenerPort(port: number): void {
    allowListenerPort(this.parts, port);
  }
}
