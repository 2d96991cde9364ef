import { App, Stack } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { assertions } from '../../src';

const { FlowEndpoint, FlowsReport, TemplateModel } = assertions;

test('probe', () => {
  const stack = new Stack(new App(), 'S');
  const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: 'vpc-0abc', vpcCidrBlock: '10.0.0.0/16', availabilityZones: ['us-east-1a', 'us-east-1b'],
    publicSubnetIds: ['subnet-0pub1', 'subnet-0pub2'], privateSubnetIds: ['subnet-0priv1', 'subnet-0priv2'],
    publicSubnetRouteTableIds: ['rtb-0pub1', 'rtb-0pub2'], privateSubnetRouteTableIds: ['rtb-0priv1', 'rtb-0priv2'] });
  const acl = new ec2.NetworkAcl(stack, 'Acl', { vpc, subnetSelection: { subnets: [vpc.publicSubnets[0]] } });
  acl.addEntry('In80', { ruleNumber: 100, cidr: ec2.AclCidr.anyIpv4(), traffic: ec2.AclTraffic.tcpPort(80), direction: ec2.TrafficDirection.INGRESS });
  acl.addEntry('OutEph', { ruleNumber: 100, cidr: ec2.AclCidr.anyIpv4(), traffic: ec2.AclTraffic.tcpPortRange(1024, 65535), direction: ec2.TrafficDirection.EGRESS });
  acl.addEntry('InEphVpc', { ruleNumber: 110, cidr: ec2.AclCidr.ipv4(vpc.vpcCidrBlock), traffic: ec2.AclTraffic.tcpPortRange(1024, 65535), direction: ec2.TrafficDirection.INGRESS });
  const sg = new ec2.SecurityGroup(stack, 'LbSg', { vpc, allowAllOutbound: false });
  sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(80));
  sg.addIngressRule(ec2.Peer.securityGroupId('sg-0123456789abcdef0'), ec2.Port.tcp(80));
  const lb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true, securityGroup: sg });
  const asg = new autoscaling.AutoScalingGroup(stack, 'Asg', { vpc, instanceType: new ec2.InstanceType('t3.micro'), machineImage: ec2.MachineImage.latestAmazonLinux2023() });
  lb.addListener('Http', { port: 80, open: false }).addTargets('App', { port: 8080, targets: [asg] });
  const m = TemplateModel.fromStack(stack);
  console.log(FlowsReport.of(m).toMarkdown());
  const alb = FlowEndpoint.fromConstruct(lb);
  console.log(m.evaluate(FlowEndpoint.internet(), alb, 80).explanation);
  console.log(m.evaluate(FlowEndpoint.securityGroup('sg-0123456789abcdef0'), alb, 80).explanation);
  const asgSg = stack.resolve((asg.connections.securityGroups[0].node.defaultChild as ec2.CfnSecurityGroup).logicalId);
  console.log(m.evaluate(alb, FlowEndpoint.securityGroup(asgSg, ['subnet-0priv1', 'subnet-0priv2']), 8080).explanation);
  console.log(m.evaluate(FlowEndpoint.securityGroup(asgSg, ['subnet-0priv1']), FlowEndpoint.s3(), 443).explanation);
  console.log(JSON.stringify(m.checkRecommendations(), null, 1));
});
