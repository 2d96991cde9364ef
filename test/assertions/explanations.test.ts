import { Template } from 'aws-cdk-lib/assertions';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { assertions, InternalAlbWithPrivateTargets, SecureAlbService } from '../../src';
import { aclEntryIds, newStack } from '../util';

const { FlowEndpoint, TemplateModel } = assertions;

/**
 * The explanations and findings are the product: users read them to learn which rule allowed or
 * blocked a step. These pin their exact wording for representative cases (the fine-grained verdicts
 * are asserted elsewhere).
 */
describe('explanations, word for word', () => {
  const stack = newStack();
  const service = new SecureAlbService(stack, 'Web', { targetPort: 8080, healthCheck: { port: '8081' } });
  const model = TemplateModel.fromStack(stack);
  const id = (c: { node: { defaultChild?: unknown } }) => stack.resolve((c.node.defaultChild as ec2.CfnSubnet).logicalId) as string;
  const targets = FlowEndpoint.securityGroup(id(service.targetSecurityGroup), [id(service.vpc.privateSubnets[0])]);
  const lb = FlowEndpoint.fromConstruct(service.loadBalancer);

  test.each([
    ['internet to the listener', FlowEndpoint.internet(), lb, 80],
    ['internet to a closed port', FlowEndpoint.internet(), lb, 22],
    ['load balancer to the health-check port', lb, targets, 8081],
    ['load balancer to a closed port', lb, targets, 9000],
    ['targets out through the NAT gateway', targets, FlowEndpoint.internet(), 443],
    ['targets to S3 through the endpoint', targets, FlowEndpoint.s3(), 443],
    ['targets to the internet on a closed port', targets, FlowEndpoint.internet(), 80],
  ] as const)('%s', (_name, source, destination, port) => {
    expect(model.evaluate(source, destination, port).explanation).toMatchSnapshot();
  });
});

describe('findings, word for word', () => {
  test('a plain aws-cdk-lib ALB: health-check port missing, SSH open on the targets, all egress on an extra group', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    const lb = new elbv2.ApplicationLoadBalancer(stack, 'Lb', { vpc, internetFacing: true });
    lb.addSecurityGroup(new ec2.SecurityGroup(stack, 'Extra', { vpc }));
    const asg = new autoscaling.AutoScalingGroup(stack, 'Asg', { vpc, instanceType: new ec2.InstanceType('t3.micro'), machineImage: ec2.MachineImage.latestAmazonLinux2023() });
    asg.connections.allowFromAnyIpv4(ec2.Port.tcp(22));
    lb.addListener('Http', { port: 80 }).addTargets('App', { port: 8080, protocol: elbv2.ApplicationProtocol.HTTP, targets: [asg], healthCheck: { port: '8081' } });
    expect(TemplateModel.fromStack(stack).checkRecommendations()).toMatchSnapshot();
  });

  test('an internal construct whose ACL lost its entries and whose group was opened', () => {
    const stack = newStack();
    new InternalAlbWithPrivateTargets(stack, 'Internal', { targetPort: 880, targetOutboundPorts: [] });
    const template = Template.fromStack(stack).toJSON();
    const dropped = [aclEntryIds(template, /LoadBalancerAcl/, false, 80, 80, 'vpc'), aclEntryIds(template, /TargetAcl/, true, 1024, 65535, 'vpc')];
    for (const key of Object.keys(template.Resources)) {
      if (dropped.some((d) => d.test(key))) delete template.Resources[key];
      if (/SecurityGroupsLoadBalancer\w+$/.test(key) && template.Resources[key].Type === 'AWS::EC2::SecurityGroup') {
        template.Resources[key].Properties.SecurityGroupIngress.push({ IpProtocol: '-1', CidrIp: '0.0.0.0/0' });
      }
    }
    expect(TemplateModel.fromJsonString(JSON.stringify(template)).checkRecommendations()).toMatchSnapshot();
  });
});
