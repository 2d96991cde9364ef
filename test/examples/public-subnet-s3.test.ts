import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { AwsSolutionsChecks } from 'cdk-nag';
import { PublicSubnetS3ExampleStack } from '../../examples/public-subnet-s3/stack';
import { assertions } from '../../src';
import { synthReport } from '../util';

const { FlowEndpoint, NetworkAssertions, TemplateModel } = assertions;

describe('example: a web server in a public subnet reads S3 only through the gateway endpoint (reference scenario 2)', () => {
  const env = { account: '111111111111', region: 'ap-northeast-1' };
  const stack = new PublicSubnetS3ExampleStack(new App(), 'Example', { env });
  const template = Template.fromStack(stack);

  test('the gateway endpoint is on the public route tables, next to their default route to the internet gateway', () => {
    const endpoint = Object.values(template.findResources('AWS::EC2::VPCEndpoint'))[0] as any;
    expect(endpoint.Properties.RouteTableIds.map((r: any) => r.Ref)).toEqual([
      expect.stringMatching(/PublicSubnet1RouteTable/), expect.stringMatching(/PublicSubnet2RouteTable/),
    ]);
    template.hasResourceProperties('AWS::EC2::Route', { DestinationCidrBlock: '0.0.0.0/0', GatewayId: Match.anyValue() });
  });

  test('the data bucket denies object access that does not come through the endpoint', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: Match.stringLikeRegexp('Data') },
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Effect: 'Deny',
          Condition: { StringNotEquals: { 'aws:SourceVpce': { Ref: Match.stringLikeRegexp('WebS3Endpoint') } } },
        })]),
      },
    });
  });

  test('the model: the server reaches S3 through the endpoint (the prefix-list route wins), and the ALB reaches the server', () => {
    const model = TemplateModel.fromStack(stack);
    const server = FlowEndpoint.fromConstruct(stack.server);
    const toS3 = model.evaluate(server, FlowEndpoint.s3(), 443);
    expect(toS3.allowed).toBe(true);
    expect(toS3.steps.find((s) => s.name === 'route')?.detail).toContain('S3 prefix-list route of gateway endpoint');
    NetworkAssertions.assertReachable(model, FlowEndpoint.fromConstruct(stack.service.loadBalancer), server, 80);
    NetworkAssertions.assertNotReachable(model, FlowEndpoint.internet(), server, 80);
    NetworkAssertions.assertFollowsRecommendations(model);
    expect(stack.server.instance.subnetId).toBeDefined();
    expect((stack.node.findChild('Vpc') as ec2.Vpc).privateSubnets).toEqual([]);
  });

  test('cdk-nag and the library\'s checks: no unacknowledged finding', () => {
    const app = new App();
    const s: Stack = new PublicSubnetS3ExampleStack(app, 'Example', { env });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new assertions.SecureAlbChecks());
    const { report, failed } = synthReport(app);
    expect(failed).toBe(false);
    expect(report).not.toMatch(/(AwsSolutions|SecureAlb)-[A-Z]+[0-9A-Z-]*/);
    expect(s.stackName).toEqual('Example');
  });
});
