import { App, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { InternetFacingExampleStack } from '../../examples/internet-facing/stack';
import { logicalIdOf, ruleKey, sgRules, synthReport } from '../util';

describe('example: internet-facing ALB with two EC2 targets and access logs (reference scenario 1)', () => {
  const app = new App();
  const stack = new InternetFacingExampleStack(app, 'Example', { env: { account: '111111111111', region: 'ap-northeast-1' } });
  const template = Template.fromStack(stack);

  test('the ALB listens on port 80 and forwards to two instances', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 80, Protocol: 'HTTP' });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      Targets: [{ Id: { Ref: Match.stringLikeRegexp('Server1') }, Port: 80 }, { Id: { Ref: Match.stringLikeRegexp('Server2') }, Port: 80 }],
    });
    template.resourceCountIs('AWS::EC2::Instance', 2);
  });

  test('access logs are delivered to S3 while the ALB outbound is narrowed to the targets', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'access_logs.s3.enabled', Value: 'true' }]),
    });
    const lbSg = logicalIdOf(template, 'AWS::EC2::SecurityGroup', 'SecurityGroupsLoadBalancer');
    const tgSg = logicalIdOf(template, 'AWS::EC2::SecurityGroup', 'SecurityGroupsTargets');
    expect(sgRules(template, lbSg).filter((r) => r.direction === 'out').map(ruleKey)).toEqual([`out tcp 80 to ${tgSg}.GroupId`]);
  });

  test('both servers carry the target security group', () => {
    const instances = Object.values(template.findResources('AWS::EC2::Instance')) as any[];
    for (const i of instances) {
      expect(i.Properties.SecurityGroupIds).toEqual([{ 'Fn::GetAtt': [expect.stringMatching(/SecurityGroupsTargets/), 'GroupId'] }]);
    }
  });

  test('cdk-nag AwsSolutionsChecks: no unacknowledged finding', () => {
    const nagApp = new App();
    new InternetFacingExampleStack(nagApp, 'Example', { env: { account: '111111111111', region: 'ap-northeast-1' } });
    Validations.of(nagApp).addPlugins(new AwsSolutionsChecks(nagApp));
    const { report, failed } = synthReport(nagApp);
    expect(failed).toBe(false);
    expect(report).toMatch(/AwsSolutions\s*│\s*success/);
    expect(report).not.toMatch(/AwsSolutions-[A-Z]+[0-9]+/);
  });
});
