import * as fs from 'fs';
import * as path from 'path';
import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ImportedVpcExampleStack } from '../../examples/imported-vpc/stack';
import { assertions } from '../../src';
import { synthReport } from '../util';

const context = JSON.parse(fs.readFileSync(path.join(__dirname, '../../examples/imported-vpc/cdk.context.json'), 'utf8'));

describe('example: an imported VPC (Vpc.fromLookup from cdk.context.json) shared by two load balancers', () => {
  const app = new App({ context });
  const stack = new ImportedVpcExampleStack(app, 'Example');
  const template = Template.fromStack(stack);

  test('each looked-up subnet has one network ACL association, and one S3 endpoint serves the private route tables', () => {
    const subnets = Object.values(template.findResources('AWS::EC2::SubnetNetworkAclAssociation')).map((r: any) => r.Properties.SubnetId).sort();
    expect(subnets).toEqual(['subnet-0a00000000000pub1', 'subnet-0a00000000000pub2', 'subnet-0a0000000000priv1', 'subnet-0a0000000000priv2'].sort());
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 1);
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', { RouteTableIds: ['rtb-0a000000000000priv1', 'rtb-0a000000000000priv2'] });
  });

  test('the internet reaches the web load balancer, the VPC reaches the internal one, both reach their targets', () => {
    // the looked-up public subnets' route tables are not in the template: stated, as the lookup found them
    const bare = assertions.TemplateModel.fromStack(stack);
    const web = assertions.FlowEndpoint.fromConstruct(stack.web.loadBalancer);
    expect(bare.evaluate(assertions.FlowEndpoint.internet(), web, 80).verdict).toEqual(assertions.FlowVerdict.UNKNOWN);
    const model = assertions.TemplateModel.fromStack(stack, {
      assumedRoutes: ['subnet-0a00000000000pub1', 'subnet-0a00000000000pub2'].map((subnet) => ({
        subnet, destinationCidr: '0.0.0.0/0', target: assertions.AssumedRouteTarget.INTERNET_GATEWAY, reason: 'cdk.context.json: a public subnet',
      })),
    });
    const api = assertions.FlowEndpoint.fromConstruct(stack.api.loadBalancer);
    expect(model.evaluate(assertions.FlowEndpoint.internet(), web, 80).explanation).toMatch(/ALLOWED/);
    expect(model.evaluate(assertions.FlowEndpoint.internet(), api, 80).allowed).toBe(false);
    expect(model.evaluate(web, assertions.FlowEndpoint.fromConstruct(stack.web.targetSecurityGroup), 80).explanation).toMatch(/ALLOWED/);
    expect(model.evaluate(api, assertions.FlowEndpoint.fromConstruct(stack.api.targetSecurityGroup), 8080).explanation).toMatch(/ALLOWED/);
  });

  test('cdk-nag AwsSolutionsChecks and SecureAlbChecks: no unacknowledged finding', () => {
    const nagApp = new App({ context });
    new ImportedVpcExampleStack(nagApp, 'Example');
    Validations.of(nagApp).addPlugins(new AwsSolutionsChecks(nagApp), new assertions.SecureAlbChecks());
    const { report, failed } = synthReport(nagApp);
    expect(report).not.toMatch(/AwsSolutions-[A-Z]+[0-9]+|cdk-secure-alb::/);
    expect(failed).toBe(false);
  });
});
