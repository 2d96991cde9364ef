import { CfnResource, Lazy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { IConstruct } from 'constructs';
import { AppIndex } from './app-index';
import { INTENT_METADATA_KEY, LoadBalancerIntent } from './intent-metadata';

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
  const { listeners, rules } = AppIndex.of(loadBalancer).attachedTo(loadBalancer);
  const authenticates = (at: IConstruct, actions: unknown) => /"type":"authenticate-(oidc|cognito)"/i.test(JSON.stringify(Stack.of(at).resolve(actions)) ?? '');
  return listeners.filter((l) => authenticates(l, l.defaultActions)
    || rules.some((r) => r.listenerArn === l.ref && authenticates(r, r.actions)));
}
