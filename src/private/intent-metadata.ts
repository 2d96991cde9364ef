/*
 * The contract between the constructs, which write the intent metadata, and the model, which reads
 * it: no CDK here, so that the model loads without aws-cdk-lib.
 */

/**
 * The resource-metadata key under which the L3 constructs record what the user asked for, on the
 * load balancer resource, so that the checks of any template read the user's intent instead of
 * guessing it (and instead of being loosened): a narrowed set of clients, target networks outside
 * the VPC, identity providers a listener authenticates with, the VPC's CIDR when the VPC is not in
 * the template.
 */
export const INTENT_METADATA_KEY = 'cdk-secure-alb:intent';

/** The intent recorded on a load balancer (the JSON shape in the template). */
export interface LoadBalancerIntent {
  /** The VPC's id (a literal for an imported VPC, a `Ref` otherwise). */
  readonly vpcId: string;
  /** The VPC's IPv4 CIDR (a literal for an imported VPC, a `Fn::GetAtt` otherwise). */
  readonly vpcCidr: string;
  /** The networks the listeners are opened to. */
  readonly clientCidrs: string[];
  /** Networks of IP targets outside the VPC. */
  readonly targetCidrs: string[];
  /** Networks the load balancer reaches on 443 to authenticate users; empty when no listener authenticates. */
  readonly identityProviderCidrs: string[];
  /** Logical ids of the security groups the construct made for its targets. */
  readonly targetSecurityGroups: string[];
  /**
   * The subnets the construct's targets go in (a `Ref` for a subnet of the load balancer's stack, a
   * literal id for an imported one): where the model places targets not registered in the template.
   */
  readonly targetSubnets?: string[];
}
