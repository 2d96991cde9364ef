import { Stack } from 'aws-cdk-lib';

/**
 * The prefix of a stack's logical ids in a model of several stacks: its path (as the cloud
 * assembly's display name), a nested stack's its parent's prefix and its resource's logical id.
 */
export function stackPrefix(stack: Stack): string {
  const parent = stack.nestedStackParent;
  if (parent && stack.nestedStackResource) {
    return `${stackPrefix(parent)}/${parent.resolve(stack.nestedStackResource.logicalId)}`;
  }
  return stack.node.path.replace(/\./g, '_');
}
