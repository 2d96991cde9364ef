import { App, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { AwsSolutionsChecks } from 'cdk-nag';
import { synthReport } from './util';
import {
  AlbAccessLogBucket, AlbSecurityGroupPair, assertions, InternalAlbWithPrivateTargets, LoadBalancerNetworkAcls,
  S3GatewayEndpoint, SecureAlbService, VpcPeering,
} from '../src';

/**
 * Every construct with default props passes cdk-nag's AwsSolutionsChecks with no unacknowledged
 * finding: the findings the constructs cause on purpose are acknowledged, with reasons, through
 * Validations.of(...).acknowledge (what cdk-nag 3 reads). The VPCs the building blocks need are
 * created with flow logs, as AwsSolutions-VPC7 asks of any VPC.
 */
function vpc(stack: Stack, id = 'Vpc', cidr = '10.0.0.0/16'): ec2.Vpc {
  const flowLogs = { Logs: { trafficType: ec2.FlowLogTrafficType.ALL } };
  return new ec2.Vpc(stack, id, { maxAzs: 2, ipAddresses: ec2.IpAddresses.cidr(cidr), flowLogs });
}

const constructs: Array<[string, (stack: Stack) => void]> = [
  ['SecureAlbService', (s) => new SecureAlbService(s, 'Subject')],
  ['InternalAlbWithPrivateTargets', (s) => new InternalAlbWithPrivateTargets(s, 'Subject')],
  ['AlbSecurityGroupPair', (s) => new AlbSecurityGroupPair(s, 'Subject', { vpc: vpc(s) })],
  ['LoadBalancerNetworkAcls', (s) => new LoadBalancerNetworkAcls(s, 'Subject', {
    vpc: vpc(s), loadBalancerSubnets: { subnetType: ec2.SubnetType.PUBLIC }, targetSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
  })],
  ['AlbAccessLogBucket', (s) => new AlbAccessLogBucket(s, 'Subject')],
  ['S3GatewayEndpoint', (s) => new S3GatewayEndpoint(s, 'Subject', { vpc: vpc(s) })],
  ['VpcPeering', (s) => new VpcPeering(s, 'Subject', { vpc: vpc(s), peerVpc: vpc(s, 'Peer', '10.1.0.0/16') })],
];

describe('cdk-nag AwsSolutionsChecks and SecureAlbChecks over every construct with default props', () => {
  test.each(constructs)('%s: no unacknowledged finding', (_name, build) => {
    const app = new App();
    const stack = new Stack(app, 'Nag', { env: { account: '111111111111', region: 'eu-west-1' } });
    build(stack);
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new assertions.SecureAlbChecks());
    const { report, failed } = synthReport(app);
    expect(report).not.toMatch(/(AwsSolutions|SecureAlb)-[A-Z]+[0-9A-Z-]*/);
    expect(failed).toBe(false);
  });
});
