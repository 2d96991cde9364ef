import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { parseIpv4Cidr } from './private/validate';
import { SecureAlbBase } from './secure-alb-base';
import { SecureAlbOptions } from './secure-alb-options';

const OWNER = 'SecureAlbService';

/**
 * Properties of a `SecureAlbService`.
 */
export interface SecureAlbServiceProps extends SecureAlbOptions {
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
   * Clients allowed on the listener ports by security group (for example a CloudFront origin-facing
   * prefix list peer or a partner's security group), in addition to `clientCidrs`. Network ACLs
   * cannot name security groups: their networks must also be in `clientCidrs` (the default
   * `0.0.0.0/0` covers them).
   *
   * @default - none
   */
  readonly clients?: ec2.IConnectable[];
}

/**
 * An internet-facing Application Load Balancer in public subnets with targets in private subnets,
 * locked down the way the Elastic Load Balancing guide recommends: a least-privilege security
 * group pair (including the health-check port), network ACLs with the documented entries, access
 * logs to an SSE-S3 bucket (without any egress on the load balancer), an S3 gateway endpoint,
 * invalid header fields dropped and deletion protection on.
 */
export class SecureAlbService extends SecureAlbBase {
  constructor(scope: Construct, id: string, props: SecureAlbServiceProps = {}) {
    (props.clientCidrs ?? []).forEach((c, i) => {
      if (!Token.isUnresolved(c)) {
        parseIpv4Cidr(OWNER, `clientCidrs[${i}]`, c);
      }
    });
    super(scope, id, {
      ...props,
      defaultVpcSubnets: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
      ],
      internetFacing: true,
      loadBalancerSubnets: props.loadBalancerSubnets ?? { subnetType: ec2.SubnetType.PUBLIC },
      targetSubnets: props.targetSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    });
  }
}
