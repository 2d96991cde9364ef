import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';

/**
 * The traffic of a load balancer both building blocks open (`AlbSecurityGroupPair` in security
 * groups, `LoadBalancerNetworkAcls` in network ACLs): who the clients are, which ports the listeners
 * and the targets use, and where the targets' own traffic goes. Declared and validated once.
 */
export interface LoadBalancerTrafficProps {
  /** The VPC. */
  readonly vpc: ec2.IVpc;

  /**
   * Whether the load balancer is internet-facing (selects the documented variant). Internal load
   * balancers never accept `0.0.0.0/0` or `::/0` as a client.
   *
   * @default true
   */
  readonly internetFacing?: boolean;

  /**
   * The listener ports clients connect to.
   *
   * @default [80]
   */
  readonly listenerPorts?: number[];

  /**
   * IPv4 CIDR blocks of the clients allowed on the listener ports. Literals are validated; tokens
   * (such as a VPC's `vpcCidrBlock`) are taken as they are. Network ACLs cannot name security
   * groups: clients given as security groups are covered by their network's CIDR there.
   *
   * @default - internet-facing: `['0.0.0.0/0']`; internal: the VPC's CIDR block
   */
  readonly clientCidrs?: string[];

  /**
   * The port the targets listen on.
   *
   * @default 80
   */
  readonly targetPort?: number;

  /**
   * The port the load balancer sends health checks to.
   *
   * @default - the target port
   */
  readonly healthCheckPort?: number;

  /**
   * TCP ports the targets connect to anywhere (`0.0.0.0/0`) for their own outbound traffic: AWS
   * APIs, ECR image pulls, package repositories, through a NAT gateway, an internet gateway or the
   * S3 gateway endpoint. The targets' ACL then also accepts replies on the ephemeral ports from
   * `0.0.0.0/0`: replies from S3 come from S3's public addresses, which a network ACL cannot name by
   * prefix list. This is not part of the load balancer recommendations; pass `[]` for targets with no
   * outbound traffic at all.
   *
   * @default [443]
   */
  readonly targetOutboundPorts?: number[];

  /**
   * IPv4 CIDR blocks of IP targets outside the VPC (a peered VPC, on premises, reached by
   * `IpTarget` with availability zone `all`): the target and health-check ports are also opened to
   * them, with the return path. `0.0.0.0/0` and networks inside the VPC are refused.
   *
   * @default - none: the targets are in the VPC
   */
  readonly targetCidrs?: string[];

  /**
   * The type of the targets. Lambda functions are invoked by the Elastic Load Balancing service,
   * not reached over the network: with `TargetType.LAMBDA` nothing is opened from the load balancer
   * to the targets.
   *
   * @default - instances or IP addresses in the VPC
   */
  readonly targetType?: elbv2.TargetType;
}
