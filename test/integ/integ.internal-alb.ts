/**
 * Integration test for whoever deploys it: an InternalAlbWithPrivateTargets with a web server on
 * 8080 and the private name alb.home. The internal ALB is not reachable from the test's Lambda
 * outside the VPC, so the assertion checks that the target is healthy.
 */
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as targets from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import { InternalAlbWithPrivateTargets } from '../../src';

const app = new App();
const stack = new Stack(app, 'InternalAlbInteg');

const alb = new InternalAlbWithPrivateTargets(stack, 'Internal', {
  deletionProtection: false,
  accessLogs: false,
  targetPort: 8080,
  privateDnsName: 'alb.home',
  healthCheck: { path: '/', interval: Duration.seconds(10), healthyThresholdCount: 2 },
});
const userData = ec2.UserData.forLinux();
userData.addCommands('mkdir -p /srv/www && echo ok > /srv/www/index.html', 'cd /srv/www && nohup python3 -m http.server 8080 &');
const server = new ec2.Instance(stack, 'Server', {
  vpc: alb.vpc,
  vpcSubnets: { subnetGroupName: 'Targets' },
  securityGroup: alb.targetSecurityGroup,
  instanceType: ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.MICRO),
  machineImage: ec2.MachineImage.latestAmazonLinux2023(),
  userData,
});
alb.addTarget(new targets.InstanceTarget(server, 8080));

const integ = new IntegTest(app, 'InternalAlb', { testCases: [stack] });
integ.assertions
  .awsApiCall('ElasticLoadBalancingV2', 'describeTargetHealth', { TargetGroupArn: alb.targetGroup.targetGroupArn })
  .expect(ExpectedResult.objectLike({ TargetHealthDescriptions: [{ TargetHealth: { State: 'healthy' } }] }))
  .waitForAssertions({ totalTimeout: Duration.minutes(10), interval: Duration.seconds(20) });
