import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

const OWNER = 'S3GatewayEndpoint';

/**
 * Properties of an `S3GatewayEndpoint`.
 */
export interface S3GatewayEndpointProps {
  /** The VPC. */
  readonly vpc: ec2.IVpc;

  /**
   * The subnets whose route tables get the S3 prefix-list route. Public subnets are fine: the
   * prefix-list route is more specific than the default route to the internet gateway, so S3
   * traffic takes the endpoint.
   *
   * @default - every subnet of the VPC
   */
  readonly subnets?: ec2.SubnetSelection[];

  /**
   * Limit the endpoint to these buckets (and their objects). Caution: a restrictive endpoint
   * policy also blocks S3 traffic users expect to keep working through the endpoint, such as ECR
   * image layers (`prod-<region>-starport-layer-bucket`) and Amazon Linux package repositories.
   *
   * @default - no bucket restriction
   */
  readonly allowedBuckets?: s3.IBucket[];

  /**
   * Limit the endpoint to buckets owned by this stack's account (`aws:ResourceAccount`). The same
   * caution as for `allowedBuckets` applies: AWS-owned buckets (ECR layers, package
   * repositories) become unreachable through the endpoint.
   *
   * @default false
   */
  readonly onlyAccountBuckets?: boolean;
}

/**
 * Options of `S3GatewayEndpoint.denyUnlessThroughEndpoint`.
 */
export interface DenyUnlessThroughEndpointOptions {
  /**
   * Principals (role or user ARNs, wildcards allowed) still allowed from elsewhere, for example
   * a CI role that uploads from outside the VPC.
   *
   * @default - none
   */
  readonly exemptPrincipalArns?: string[];
}

/**
 * An S3 gateway endpoint attached to the route tables of the given subnets, with an optional
 * endpoint policy, and a bucket-policy helper that denies object access to a bucket unless it comes
 * through this endpoint (`aws:SourceVpce`): it turns "did the traffic really use the endpoint?"
 * (CloudTrail shows `vpcEndpointId` and a private `sourceIPAddress` for calls through it) into a
 * guarantee.
 *
 * A gateway endpoint serves its own VPC only: clients in a peered VPC, on premises or behind a
 * transit gateway cannot use it, and `aws:SourceIp` conditions do not see traffic through it.
 */
export class S3GatewayEndpoint extends Construct {
  /** The gateway endpoint. */
  public readonly endpoint: ec2.GatewayVpcEndpoint;
  /** The endpoint's id (`vpce-...`). */
  public readonly endpointId: string;

  constructor(scope: Construct, id: string, props: S3GatewayEndpointProps) {
    super(scope, id);
    const subnets = props.subnets ?? [{ subnets: props.vpc.publicSubnets.concat(props.vpc.privateSubnets, props.vpc.isolatedSubnets) }];
    const selected = subnets.flatMap((sel) => props.vpc.selectSubnets(sel).subnets);
    if (selected.length === 0) {
      throw new Error(`${OWNER}: \`subnets\` selects no subnet of the VPC; the endpoint would have no route table`);
    }
    if (props.allowedBuckets && props.allowedBuckets.length === 0) {
      throw new Error(`${OWNER}: \`allowedBuckets\` is an empty list, which would block all S3 traffic through the endpoint; leave it undefined for no restriction`);
    }
    this.endpoint = new ec2.GatewayVpcEndpoint(this, 'Endpoint', {
      vpc: props.vpc,
      service: ec2.GatewayVpcEndpointAwsService.S3,
      subnets: [{ subnets: selected }],
    });
    this.endpointId = this.endpoint.vpcEndpointId;

    if (props.allowedBuckets) {
      this.endpoint.addToPolicy(new iam.PolicyStatement({
        sid: 'AllowedBuckets',
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:*'],
        resources: props.allowedBuckets.flatMap((b) => [b.bucketArn, b.arnForObjects('*')]),
      }));
    }
    if (props.onlyAccountBuckets) {
      this.endpoint.addToPolicy(new iam.PolicyStatement({
        sid: 'AccountBuckets',
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:ResourceAccount': Stack.of(this).account } },
      }));
    }
  }

  /**
   * Adds a statement to the bucket's policy that denies reading, writing, deleting and listing
   * objects unless the request comes through this endpoint. Bucket-management actions (policy,
   * configuration) are not denied, so CloudFormation can still update the bucket.
   *
   * Do not use it on the load balancer's access-log bucket: the ELB service delivers logs from
   * outside the VPC.
   */
  public denyUnlessThroughEndpoint(bucket: s3.IBucket, options: DenyUnlessThroughEndpointOptions = {}): void {
    const conditions: Record<string, Record<string, unknown>> = {
      StringNotEquals: { 'aws:SourceVpce': this.endpointId },
    };
    if (options.exemptPrincipalArns && options.exemptPrincipalArns.length > 0) {
      conditions.ArnNotLike = { 'aws:PrincipalArn': options.exemptPrincipalArns };
    }
    const result = bucket.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'DenyUnlessThroughVpcEndpoint',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['s3:GetObject*', 's3:PutObject*', 's3:DeleteObject*', 's3:ListBucket*', 's3:RestoreObject', 's3:AbortMultipartUpload'],
      resources: [bucket.bucketArn, bucket.arnForObjects('*')],
      conditions,
    }));
    if (!result.statementAdded) {
      throw new Error(`${OWNER}: cannot add a statement to the policy of ${bucket.node.path} (an imported bucket); add the aws:SourceVpce deny in the bucket's own stack`);
    }
  }
}
