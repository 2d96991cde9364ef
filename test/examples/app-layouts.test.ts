import { App, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { AwsSolutionsChecks } from 'cdk-nag';
import { OneAlbManyServicesStack, PeeredIpTargetsStack, TARGETS_CIDR } from '../../examples/app-layouts/stack';
import { assertions } from '../../src';
import { logicalIdOf, ruleKey, sgRules, synthReport } from '../util';

describe('example: one ALB for many services (Fargate web and API, a Lambda function, an OIDC login)', () => {
  const app = new App();
  const stack = new OneAlbManyServicesStack(app, 'Example');
  const template = Template.fromStack(stack);

  test('three target groups behind one HTTPS listener: the web service, /api/* and /hello', () => {
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::TargetGroup', 3);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { Port: 8080, HealthCheckPort: '8081', TargetType: 'ip' });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { TargetType: 'lambda' });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', { Priority: 30, Actions: Match.arrayWith([Match.objectLike({ Type: 'authenticate-oidc' })]) });
  });

  test('LBSG-OUT-TARGET: the load balancer group sends the target and health-check ports to each service\'s own group, and HTTPS to the identity provider', () => {
    const lbSg = logicalIdOf(template, 'AWS::EC2::SecurityGroup', 'SecurityGroupsLoadBalancer');
    const webSg = logicalIdOf(template, 'AWS::EC2::SecurityGroup', 'WebSecurityGroup');
    const apiSg = logicalIdOf(template, 'AWS::EC2::SecurityGroup', 'ApiSecurityGroup');
    const out = sgRules(template, lbSg).filter((r) => r.direction === 'out').map(ruleKey);
    expect(out).toEqual(expect.arrayContaining([
      `out tcp 80 to ${webSg}.GroupId`, `out tcp 8080 to ${apiSg}.GroupId`, `out tcp 8081 to ${apiSg}.GroupId`, 'out tcp 443 to 0.0.0.0/0',
    ]));
    expect(sgRules(template, apiSg).filter((r) => r.direction === 'in').map(ruleKey).sort()).toEqual([
      'in icmp 3-4 from 10.0.0.0/16', `in tcp 8080 from ${lbSg}.GroupId`, `in tcp 8081 from ${lbSg}.GroupId`,
    ].sort());
  });

  test('the internet reaches the listener, and the load balancer reaches each service on its ports', () => {
    const model = assertions.TemplateModel.fromStack(stack);
    const lb = assertions.FlowEndpoint.fromConstruct(stack.alb.loadBalancer);
    expect(model.evaluate(assertions.FlowEndpoint.internet(), lb, 443).explanation).toMatch(/ALLOWED/);
    const apiGroup = stack.getLogicalId(stack.api.connections.securityGroups[0].node.defaultChild as ec2.CfnSecurityGroup);
    const api = assertions.FlowEndpoint.securityGroup(apiGroup,
      stack.alb.vpc.privateSubnets.map((s) => stack.getLogicalId(s.node.defaultChild as ec2.CfnSubnet)));
    for (const port of [8080, 8081]) {
      expect(model.evaluate(lb, api, port).explanation).toMatch(/ALLOWED/);
    }
    expect(model.evaluate(lb, api, 22).allowed).toBe(false);
  });

  test('the load balancer reaches the identity provider on HTTPS through its subnets\' ACL', () => {
    const model = assertions.TemplateModel.fromStack(stack);
    const lb = assertions.FlowEndpoint.fromConstruct(stack.alb.loadBalancer);
    expect(model.evaluate(lb, assertions.FlowEndpoint.internet(), 443).explanation).toMatch(/ALLOWED/);
  });

  test('cdk-nag AwsSolutionsChecks and SecureAlbChecks: no unacknowledged finding', () => {
    const nagApp = new App();
    new OneAlbManyServicesStack(nagApp, 'Example');
    Validations.of(nagApp).addPlugins(new AwsSolutionsChecks(nagApp), new assertions.SecureAlbChecks());
    const { report, failed } = synthReport(nagApp);
    expect(report).not.toMatch(/AwsSolutions-[A-Z]+[0-9]+|cdk-secure-alb::/);
    expect(failed).toBe(false);
  });
});

describe('example: internal ALB with IP targets in a peered VPC (targetCidrs)', () => {
  const app = new App();
  const stack = new PeeredIpTargetsStack(app, 'Example');
  const template = Template.fromStack(stack);

  test('LBSG-OUT-TARGET: the load balancer group sends the target port to the peered network only', () => {
    const lbSg = logicalIdOf(template, 'AWS::EC2::SecurityGroup', 'SecurityGroupsLoadBalancer');
    const out = sgRules(template, lbSg).filter((r) => r.direction === 'out' && !r.peer.includes('SecurityGroupsTargets')).map(ruleKey);
    expect(out).toEqual([`out tcp 8080 to ${TARGETS_CIDR}`]);
  });

  test('the load balancer reaches the IP target across the peering', () => {
    const model = assertions.TemplateModel.fromStack(stack);
    const lb = assertions.FlowEndpoint.fromConstruct(stack.alb.loadBalancer);
    expect(model.evaluate(lb, assertions.FlowEndpoint.cidr('10.30.0.10/32'), 8080).explanation).toMatch(/ALLOWED/);
    expect(model.evaluate(lb, assertions.FlowEndpoint.cidr('10.30.0.10/32'), 8081).allowed).toBe(false);
  });

  test('cdk-nag AwsSolutionsChecks and SecureAlbChecks: no unacknowledged finding', () => {
    const nagApp = new App();
    new PeeredIpTargetsStack(nagApp, 'Example');
    Validations.of(nagApp).addPlugins(new AwsSolutionsChecks(nagApp), new assertions.SecureAlbChecks());
    const { report, failed } = synthReport(nagApp);
    expect(report).not.toMatch(/AwsSolutions-[A-Z]+[0-9]+|cdk-secure-alb::/);
    expect(failed).toBe(false);
  });
});
