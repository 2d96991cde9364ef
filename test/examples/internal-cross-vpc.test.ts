import { App, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { BAR_CIDR, InternalCrossVpcExampleStack } from '../../examples/internal-cross-vpc/stack';
import { aclEntries, entryKey, logicalIdOf, ruleKey, sgRules, synthReport } from '../util';

describe('example: internal ALB in foo reached from peered bar as alb.home (reference scenario 3)', () => {
  const env = { account: '111111111111', region: 'ap-northeast-1' };
  const stack = new InternalCrossVpcExampleStack(new App(), 'Example', { env });
  const template = Template.fromStack(stack);

  test('an internal ALB forwards to the web server on 8080', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Scheme: 'internal' });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      Port: 8080, Targets: [{ Id: { Ref: Match.stringLikeRegexp('WebServer') }, Port: 8080 }],
    });
  });

  test('the ALB group accepts bar on the listener port (the rule people forget)', () => {
    const lbSg = logicalIdOf(template, 'AWS::EC2::SecurityGroup', 'AlbSecurityGroupsLoadBalancer');
    expect(sgRules(template, lbSg).map(ruleKey)).toContain(`in tcp 80 from ${BAR_CIDR}`);
    const acl = logicalIdOf(template, 'AWS::EC2::NetworkAcl', 'AlbNetworkAclsLoadBalancerAcl');
    expect(aclEntries(template, acl).map(entryKey)).toEqual(expect.arrayContaining([`in 6 80-80 ${BAR_CIDR}`, `out 6 1024-65535 ${BAR_CIDR}`]));
  });

  test('alb.home resolves in both VPCs', () => {
    template.hasResourceProperties('AWS::Route53::HostedZone', {
      Name: 'alb.home.',
      VPCs: [{ VPCId: { Ref: Match.stringLikeRegexp('Foo') }, VPCRegion: 'ap-northeast-1' }, { VPCId: { Ref: Match.stringLikeRegexp('Bar') }, VPCRegion: 'ap-northeast-1' }],
    });
    template.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'alb.home.', Type: 'A' });
  });

  test('foo and bar are peered with routes both ways (the load balancer subnets included)', () => {
    template.resourceCountIs('AWS::EC2::VPCPeeringConnection', 1);
    const routes = Object.values(template.findResources('AWS::EC2::Route', { Properties: { VpcPeeringConnectionId: Match.anyValue() } })) as any[];
    const tables = routes.map((r) => r.Properties.RouteTableId.Ref);
    expect(tables.filter((t) => /FooLoadBalancerSubnet/.test(t))).toHaveLength(2);
    expect(tables.filter((t) => /FooWebSubnet/.test(t))).toHaveLength(2);
    expect(tables.filter((t) => /BarClientsSubnet/.test(t))).toHaveLength(2);
  });

  test('cdk-nag AwsSolutionsChecks: no unacknowledged finding', () => {
    const app = new App();
    new InternalCrossVpcExampleStack(app, 'Example', { env });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    const { report, failed } = synthReport(app);
    expect(failed).toBe(false);
    expect(report).not.toMatch(/AwsSolutions-[A-Z]+[0-9]+/);
  });
});
