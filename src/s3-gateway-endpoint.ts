import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { s3EndpointClaims, sharedNetworkConflicts } from './private/shared-network';

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
    this.endpoint = sharedEndpoint(this, props, selected) ?? this.createEndpoint(props, selected);
    this.endpointId = this.endpoint.vpcEndpointId;
    this.node.addValidation({ validate: () => sharedNetworkConflicts(this, OWNER, { endpoints: [this.endpoint] }) });
  }

  private createEndpoint(props: S3GatewayEndpointProps, selected: ec2.ISubnet[]): ec2.GatewayVpcEndpoint {
    const endpoint = new ec2.GatewayVpcEndpoint(this, 'Endpoint', {
      vpc: props.vpc,
      service: ec2.GatewayVpcEndpointAwsService.S3,
      subnets: [{ subnets: selected }],
    });
    if (props.allowedBuckets) {
      endpoint.addToPolicy(new iam.PolicyStatement({
        sid: 'AllowedBuckets',
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:*'],
        resources: props.allowedBuckets.flatMap((b) => [b.bucketArn, b.arnForObjects('*')]),
      }));
    }
    if (props.onlyAccountBuckets) {
      endpoint.addToPolicy(new iam.PolicyStatement({
        sid: 'AccountBuckets',
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:ResourceAccount': Stack.of(this).account } },
      }));
    }
    const claims = s3EndpointClaims(this);
    const claim = { endpoint, policy: policyKey(props) };
    for (const table of routeTablesOf(selected)) {
      claims.set(table, claim);
    }
    return endpoint;
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

/** The route-table ids of subnets, once each. */
function routeTablesOf(subnets: ec2.ISubnet[]): string[] {
  return [...new Set(subnets.map((s) => s.routeTable?.routeTableId).filter((t): t is string => typeof t === 'string'))];
}

/** The endpoint policy an `S3GatewayEndpoint` asks for, as comparable text. */
function policyKey(props: S3GatewayEndpointProps): string {
  return JSON.stringify({ buckets: props.allowedBuckets?.map((b) => b.bucketArn) ?? null, account: props.onlyAccountBuckets ?? false });
}

/**
 * The endpoint of this library that already serves some of these route tables (a route table has
 * one route to S3's prefix list), extended to the others; undefined when none does. Refused when
 * the route tables are served by several endpoints, or by one with another policy.
 */
function sharedEndpoint(scope: Construct, props: S3GatewayEndpointProps, selected: ec2.ISubnet[]): ec2.GatewayVpcEndpoint | undefined {
  const claims = s3EndpointClaims(scope);
  const tables = routeTablesOf(selected);
  const existing = [...new Set(tables.map((t) => claims.get(t)).filter((c) => c !== undefined))];
  if (existing.length === 0) {
    return undefined;
  }
  const policy = policyKey(props);
  if (existing.length > 1 || existing[0]!.policy !== policy) {
    const owners = existing.map((c) => c!.endpoint.node.path).join(' and ');
    throw new Error(`${OWNER}: \`subnets\` selects route tables the S3 gateway endpoint${existing.length > 1 ? 's' : ''} ${owners} already serve${existing.length > 1 ? '' : 's'}${existing.length === 1 ? ' with another endpoint policy' : ''}; a route table has one route to S3, so select other subnets, or give every construct that shares the route tables the same \`allowedBuckets\` and \`onlyAccountBuckets\``);
  }
  const claim = existing[0]!;
  const cfn = claim.endpoint.node.defaultChild as ec2.CfnVPCEndpoint;
  const have = new Set(cfn.routeTableIds ?? []);
  const added = tables.filter((t) => !have.has(t));
  if (added.length > 0) {
    // Appended, so the route tables of the construct that created the endpoint keep their order.
    cfn.routeTableIds = [...(cfn.routeTableIds ?? []), ...added];
  }
  for (const t of tables) {
    claims.set(t, claim);
  }
  return claim.endpoint;
}

