import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';

/** The network resources of a stack that synth-time validations look at, found in one walk. */
export interface StackIndex {
  readonly aclEntries: ec2.CfnNetworkAclEntry[];
  readonly ingress: ec2.CfnSecurityGroupIngress[];
  readonly egress: ec2.CfnSecurityGroupEgress[];
}

const cache = new WeakMap<Stack, StackIndex>();

/**
 * Indexes a stack's network resources once per synth: validations run after the construct tree is
 * final (CDK refuses changes after the first synth), so every validation of the stack can share it.
 */
export function stackIndex(stack: Stack): StackIndex {
  let index = cache.get(stack);
  if (!index) {
    const all = stack.node.findAll();
    index = {
      aclEntries: all.filter((c): c is ec2.CfnNetworkAclEntry => c instanceof ec2.CfnNetworkAclEntry),
      ingress: all.filter((c): c is ec2.CfnSecurityGroupIngress => c instanceof ec2.CfnSecurityGroupIngress),
      egress: all.filter((c): c is ec2.CfnSecurityGroupEgress => c instanceof ec2.CfnSecurityGroupEgress),
    };
    cache.set(stack, index);
  }
  return index;
}
