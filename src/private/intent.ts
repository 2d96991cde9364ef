import { CfnResource, Lazy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';

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
}

/** Records the intent on the load balancer resource, computed at synth (listeners and actions added later count). */
export function recordIntent(loadBalancer: elbv2.ApplicationLoadBalancer, produce: () => Omit<LoadBalancerIntent, 'targetSecurityGroups'> & { targetSecurityGroups: ec2.ISecurityGroup[] }): void {
  const cfn = loadBalancer.node.defaultChild as CfnResource;
  cfn.addMetadata(INTENT_METADATA_KEY, Lazy.any({
    produce: () => {
      const intent = produce();
      return {
        ...intent,
        targetSecurityGroups: intent.targetSecurityGroups.map((g) => Stack.of(g).getLogicalId(g.node.defaultChild as ec2.CfnSecurityGroup)),
      };
    },
  }));
}

/** The listeners of a load balancer whose actions authenticate users (OIDC or Amazon Cognito). */
export function authenticatingListeners(loadBalancer: elbv2.ApplicationLoadBalancer): elbv2.CfnListener[] {
  const stack = Stack.of(loadBalancer);
  const listeners = loadBalancer.node.findAll().filter((c): c is elbv2.CfnListener => c instanceof elbv2.CfnListener);
  const rules = loadBalancer.node.findAll().filter((c): c is elbv2.CfnListenerRule => c instanceof elbv2.CfnListenerRule);
  const authenticates = (actions: unknown) => /"type":"authenticate-(oidc|cognito)"/i.test(JSON.stringify(stack.resolve(actions)) ?? '');
  return listeners.filter((l) => authenticates(l.defaultActions)
    || rules.some((r) => r.node.scope?.node.scope === l.node.scope && authenticates(r.actions)));
}
