/**
 * Integration test for whoever deploys it to a real account (`npx integ-runner --force`): an
 * internet-facing SecureAlbService in front of one web server answers HTTP 200. Without an AWS
 * account, CI verifies the committed snapshot (`npx projen integ:snapshot`).
 */
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as targets from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import { AlbAccessLogBucket, SecureAlbService } from '../../src';

const app = new App();
const stack = new Stack(app, 'SecureAlbServiceInteg');

const logs = new AlbAccessLogBucket(stack, 'Logs', { removalPolicy: RemovalPolicy.DESTROY });
const service = new SecureAlbService(stack, 'Web', {
  deletionProtection: false,
  accessLogBucket: logs.bucket,
  healthCheck: { path: '/', interval: Duration.seconds(10), healthyThresholdCount: 2 },
});

const userData = ec2.UserData.forLinux();
userData.addCommands('dnf install -y httpd', 'echo ok > /var/www/html/index.html', 'systemctl enable --now httpd');
const server = new ec2.Instance(stack, 'Server', {
  vpc: service.vpc,
  vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
  securityGroup: service.targetSecurityGroup,
  instanceType: ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.MICRO),
  machineImage: ec2.MachineImage.latestAmazonLinux2023(),
  userData,
});
service.addTarget(new targets.InstanceTarget(server, 80));

const integ = new IntegTest(app, 'SecureAlbService', { testCases: [stack] });
integ.assertions
  .httpApiCall(`http://${service.loadBalancerDnsName}/`)
  .expect(ExpectedResult.objectLike({ status: 200 }))
  .waitForAssertions({ totalTimeout: Duration.minutes(10), interval: Duration.seconds(20) });
