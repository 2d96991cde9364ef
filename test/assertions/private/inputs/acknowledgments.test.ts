import { App, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { acknowledgmentOf, metadataAcknowledgments, ruleIdOf, stackAcknowledgments } from '../../../../src/assertions/private/inputs/acknowledgments';

const ACK = 'aws:cdk:acknowledged-rules';

describe('acknowledgments of a cloud assembly stack', () => {
  test('apply at their path and below, never to a sibling whose path shares a prefix', () => {
    // GIVEN the metadata of a stack artifact
    const metadata = {
      '/S': [{ type: ACK, data: { 'cdk-secure-alb::SecureAlb-A': 'stack' } }],
      '/S/Acl': [{ type: ACK, data: { 'cdk-secure-alb::SecureAlb-B': 'acl' } }],
      '/S/Acl/Resource': [{ type: 'aws:cdk:logicalId', data: 'Acl1' }],
      '/S/Acl2/Resource': [{ type: 'aws:cdk:logicalId', data: 'Acl2' }],
    };

    // WHEN
    const acks = metadataAcknowledgments(metadata);

    // THEN
    expect(acks.get('Acl1')).toEqual([{ id: 'cdk-secure-alb::SecureAlb-A', reason: 'stack', at: 'S' }, { id: 'cdk-secure-alb::SecureAlb-B', reason: 'acl', at: 'S/Acl' }]);
    expect(acks.get('Acl2')).toEqual([{ id: 'cdk-secure-alb::SecureAlb-A', reason: 'stack', at: 'S' }]);
  });

  test('fails to read what is not an acknowledgment: other metadata, malformed entries', () => {
    // WHEN
    const acks = metadataAcknowledgments({ '/S/X': [{ type: 'aws:cdk:warning', data: 'w' }, { type: ACK }, { type: 'aws:cdk:logicalId', data: 'X' }] });

    // THEN
    expect(acks.get('X')).toEqual([]);
  });
});

describe('acknowledgments of a stack read with its constructs', () => {
  test('the construct\'s own and those above it, the app included', () => {
    // GIVEN
    const app = new App();
    const stack = new Stack(app, 'S');
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0 });
    const sg = new ec2.SecurityGroup(stack, 'Sg', { vpc });
    Validations.of(app).acknowledge({ id: 'cdk-secure-alb::SecureAlb-APP', reason: 'app' });
    Validations.of(sg).acknowledge({ id: 'SecureAlb-OLD', reason: 'plain form' });

    // WHEN
    const acks = stackAcknowledgments(stack).get(stack.resolve((sg.node.defaultChild as ec2.CfnSecurityGroup).logicalId))!;

    // THEN
    expect(acknowledgmentOf(acks, 'SecureAlb-APP')?.at).toBe('');
    expect(acknowledgmentOf(acks, 'SecureAlb-OLD')).toEqual({ id: 'annotation::SecureAlb-OLD', reason: 'plain form', at: 'S/Sg' });
    expect(acknowledgmentOf(acks, 'SecureAlb-OTHER')).toBeUndefined();
  });

  test('an unknown finding has a rule id of its own', () => {
    expect([ruleIdOf('MISSING', 'X'), ruleIdOf('WIDER', 'X'), ruleIdOf('UNKNOWN', 'X')]).toEqual(['SecureAlb-X', 'SecureAlb-X', 'SecureAlb-UNKNOWN-X']);
  });
});
