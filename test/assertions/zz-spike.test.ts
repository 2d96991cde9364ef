import { App, CfnResource, SecretValue, Stack } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as targets from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { AlbSecurityGroupPair, assertions, LoadBalancerNetworkAcls } from '../../src';

const { TemplateModel, FlowsReport } = assertions;
const show = (stack: Stack) => {
  const m = TemplateModel.fromStack(stack);
  return { findings: m.checkRecommendations().map((f) => `${f.kind} ${f.recommendationId} [${f.resource}] ${f.message}`), rows: FlowsReport.of(m).rows.map((r) => `${r.from} -> ${r.to} ${r.ports} ${r.allowed} ${r.decidedBy}`) };
};
function base(o: { internetFacing?: boolean; clientCidrs?: string[]; targetCidrs?: string[]; imported?: boolean; intent?: Record<string, unknown>; targetPort?: number }) {
  const stack = new Stack(new App(), 'T', { env: { account: '111111111111', region: 'eu-west-1' } });
  const vpc = o.imported ? ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
    vpcId: 'vpc-0abc', vpcCidrBlock: '10.0.0.0/16', availabilityZones: ['eu-west-1a', 'eu-west-1b'],
    publicSubnetIds: ['subnet-0pub1', 'subnet-0pub2'], privateSubnetIds: ['subnet-0priv1', 'subnet-0priv2'],
    publicSubnetRouteTableIds: ['rtb-0pub1', 'rtb-0pub2'], privateSubnetRouteTableIds: ['rtb-0priv1', 'rtb-0priv2'],
  }) : new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  const internetFacing = o.internetFacing ?? true;
  const targetPort = o.targetPort ?? 8080;
  const pair = new AlbSecurityGroupPair(stack, 'Groups', { vpc, internetFacing, clientCidrs: o.clientCidrs, targetPort, targetOutboundPorts: [], targetCidrs: o.targetCidrs });
  const acls = new LoadBalancerNetworkAcls(stack, 'Acls', { vpc, internetFacing, loadBalancerSubnets: { subnetType: internetFacing ? ec2.SubnetType.PUBLIC : ec2.SubnetType.PRIVATE_WITH_EGRESS }, targetSubnets: { subnetType: internetFacing ? ec2.SubnetType.PRIVATE_WITH_EGRESS : ec2.SubnetType.PUBLIC }, clientCidrs: o.clientCidrs, targetPort, targetOutboundPorts: [], targetCidrs: o.targetCidrs });
  const lb = new elbv2.ApplicationLoadBalancer(stack, 'Lb', { vpc, internetFacing, securityGroup: pair.loadBalancerSecurityGroup, vpcSubnets: { subnetType: internetFacing ? ec2.SubnetType.PUBLIC : ec2.SubnetType.PRIVATE_WITH_EGRESS } });
  const listener = lb.addListener('Http', { port: 80, open: false });
  if (o.intent) (lb.node.defaultChild as CfnResource).addMetadata('cdk-secure-alb:intent', o.intent);
  return { stack, vpc, pair, acls, lb, listener };
}
const asg = (stack: Stack, vpc: ec2.IVpc, id: string, sg?: ec2.ISecurityGroup) => new autoscaling.AutoScalingGroup(stack, id, { vpc, securityGroup: sg, instanceType: new ec2.InstanceType('t3.micro'), machineImage: ec2.MachineImage.latestAmazonLinux2023(), vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } });

test('S1 imported', () => {
  const b = base({ imported: true, intent: { vpcId: 'vpc-0abc', vpcCidr: '10.0.0.0/16', clientCidrs: ['0.0.0.0/0'], targetCidrs: [], identityProviderCidrs: [], targetSecurityGroups: [] } });
  b.listener.addTargets('App', { port: 8080, protocol: elbv2.ApplicationProtocol.HTTP, targets: [asg(b.stack, b.vpc, 'Asg', b.pair.targetSecurityGroup)] });
  console.log('S1', JSON.stringify(show(b.stack), null, 1));
});
test('S2 clientCidrs', () => {
  const b = base({ clientCidrs: ['203.0.113.0/24'] });
  b.listener.addTargets('App', { port: 8080, protocol: elbv2.ApplicationProtocol.HTTP, targets: [asg(b.stack, b.vpc, 'Asg', b.pair.targetSecurityGroup)] });
  console.log('S2', JSON.stringify(show(b.stack), null, 1));
});
test('S4 multi', () => {
  const b = base({});
  const tg1 = b.listener.addTargets('App', { port: 8080, protocol: elbv2.ApplicationProtocol.HTTP, targets: [asg(b.stack, b.vpc, 'Asg', b.pair.targetSecurityGroup)] });
  const other = new ec2.SecurityGroup(b.stack, 'ApiSg', { vpc: b.vpc, allowAllOutbound: false });
  const tg2 = new elbv2.ApplicationTargetGroup(b.stack, 'ApiTg', { vpc: b.vpc, port: 9090, protocol: elbv2.ApplicationProtocol.HTTP, targets: [asg(b.stack, b.vpc, 'Api', other)] });
  b.listener.addAction('Api', { priority: 10, conditions: [elbv2.ListenerCondition.pathPatterns(['/api/*'])], action: elbv2.ListenerAction.weightedForward([{ targetGroup: tg2, weight: 1 }, { targetGroup: tg1, weight: 1 }]) });
  console.log('S4', JSON.stringify(show(b.stack), null, 1));
});
test('S5 lambda', () => {
  const b = base({});
  b.listener.addTargets('App', { port: 8080, protocol: elbv2.ApplicationProtocol.HTTP, targets: [asg(b.stack, b.vpc, 'Asg', b.pair.targetSecurityGroup)] });
  const fn = new lambda.Function(b.stack, 'Fn', { runtime: lambda.Runtime.NODEJS_20_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler=async()=>({})') });
  b.listener.addTargets('Fn', { priority: 5, conditions: [elbv2.ListenerCondition.pathPatterns(['/fn'])], targets: [new targets.LambdaFunctionTarget(fn)] });
  console.log('S5', JSON.stringify(show(b.stack), null, 1));
});
test('S6 ip outside', () => {
  const b = base({ targetCidrs: ['10.3.0.0/16'] });
  b.listener.addTargets('App', { port: 8080, protocol: elbv2.ApplicationProtocol.HTTP, targets: [new targets.IpTarget('10.3.0.10', 8080, 'all')] });
  console.log('S6', JSON.stringify(show(b.stack), null, 1));
});
test('S7 own sg', () => {
  const b = base({ intent: { targetSecurityGroups: [] } });
  const sg = new ec2.SecurityGroup(b.stack, 'AppSg', { vpc: b.vpc, allowAllOutbound: false });
  b.listener.addTargets('App', { port: 8080, protocol: elbv2.ApplicationProtocol.HTTP, targets: [asg(b.stack, b.vpc, 'Asg', sg)] });
  console.log('S7', JSON.stringify(show(b.stack), null, 1));
});
test('S8 oidc', () => {
  const b = base({});
  const tg = b.listener.addTargets('App', { port: 8080, protocol: elbv2.ApplicationProtocol.HTTP, targets: [asg(b.stack, b.vpc, 'Asg', b.pair.targetSecurityGroup)] });
  b.listener.addAction('Login', { priority: 1, conditions: [elbv2.ListenerCondition.pathPatterns(['/app/*'])], action: elbv2.ListenerAction.authenticateOidc({ authorizationEndpoint: 'https://idp.example.com/auth', clientId: 'c', clientSecret: SecretValue.unsafePlainText('s'), issuer: 'https://idp.example.com', tokenEndpoint: 'https://idp.example.com/token', userInfoEndpoint: 'https://idp.example.com/userinfo', next: elbv2.ListenerAction.forward([tg]) }) });
  console.log('S8', JSON.stringify(show(b.stack), null, 1));
});
test('S9 internal', () => {
  const b = base({ internetFacing: false });
  const a = new autoscaling.AutoScalingGroup(b.stack, 'Asg', { vpc: b.vpc, securityGroup: b.pair.targetSecurityGroup, instanceType: new ec2.InstanceType('t3.micro'), machineImage: ec2.MachineImage.latestAmazonLinux2023(), vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } });
  b.listener.addTargets('App', { port: 8080, protocol: elbv2.ApplicationProtocol.HTTP, targets: [a] });
  console.log('S9', JSON.stringify(show(b.stack), null, 1));
});
