import { Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import { InternalAlbWithPrivateTargets, SecureAlbService } from '../../src';

/** The VPC this example looks up; `cdk.context.json` answers the lookup, so no AWS account is needed. */
export const VPC_ID = 'vpc-0a1b2c3d4e5f60718';
export const ENV = { account: '111111111111', region: 'eu-west-1' };

/**
 * A VPC made elsewhere (by a network team, another app or the console), looked up by id: public
 * subnets with NAT gateways and private subnets with egress that belong to this application. Two
 * load balancers share it: an internet-facing one for the web tier and an internal one for the API,
 * both with their targets (ECS tasks, registered later by IP) in the private subnets. They share the network ACL of those subnets (one
 * ACL per subnet, carrying what both need) and one S3 gateway endpoint.
 *
 * The constructs leave imported subnets alone unless told otherwise: `manageNetworkAcls: true` says
 * these subnets hold nothing but this application, and the VPC has no S3 endpoint yet, so
 * `addS3Endpoint: true` adds one.
 */
export class ImportedVpcExampleStack extends Stack {
  public readonly vpc: ec2.IVpc;
  public readonly web: SecureAlbService;
  public readonly api: InternalAlbWithPrivateTargets;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, { env: ENV, ...props });
    this.vpc = ec2.Vpc.fromLookup(this, 'Vpc', { vpcId: VPC_ID });

    this.web = new SecureAlbService(this, 'Web', {
      vpc: this.vpc,
      manageNetworkAcls: true,
      addS3Endpoint: true,
      targetType: elbv2.TargetType.IP,
      deletionProtection: false,
    });

    this.api = new InternalAlbWithPrivateTargets(this, 'Api', {
      vpc: this.vpc,
      loadBalancerSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      targetSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      targetPort: 8080,
      manageNetworkAcls: true,
      addS3Endpoint: true,
      targetType: elbv2.TargetType.IP,
      deletionProtection: false,
    });
  }
}
