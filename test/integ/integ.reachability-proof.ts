/**
 * Integration test for whoever deploys it (Reachability Analyzer charges per analysis: this test runs
 * 6): a SecureAlbService with an EC2 target and an InternalAlbWithPrivateTargets with a client in a
 * peered VPC, each with a ReachabilityProof. The expected `NetworkPathFound` of every analysis comes
 * from the reachability model, read from a synthesis of the same stacks (never written by hand):
 * integ-runner fails, naming the analysis, where AWS disagrees with the model.
 */
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as targets from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import { assertions, InternalAlbWithPrivateTargets, ReachabilityProof, SecureAlbService, VpcPeering } from '../../src';

function server(stack: Stack, id: string, vpc: ec2.IVpc, subnets: ec2.SubnetSelection, group: ec2.ISecurityGroup): ec2.Instance {
  return new ec2.Instance(stack, id, {
    vpc,
    vpcSubnets: subnets,
    securityGroup: group,
    instanceType: ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.MICRO),
    machineImage: ec2.MachineImage.latestAmazonLinux2023(),
    requireImdsv2: true,
  });
}

/** The stacks under test, built the same way in every app. */
function build(app: App): Array<{ stack: Stack; proof: ReachabilityProof }> {
  const web = new Stack(app, 'ReachabilityProofInternetFacing');
  const service = new SecureAlbService(web, 'Service', { targetPort: 8080, deletionProtection: false, accessLogs: false });
  const target = server(web, 'Web', service.vpc, { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }, service.targetSecurityGroup);
  service.addTarget(new targets.InstanceTarget(target, 8080));
  const webProof = new ReachabilityProof(web, 'Proof', { service, targets: [target] });

  const internal = new Stack(app, 'ReachabilityProofInternal');
  const foo = new ec2.Vpc(internal, 'Foo', {
    ipAddresses: ec2.IpAddresses.cidr('10.2.0.0/16'),
    maxAzs: 2,
    natGateways: 1,
    subnetConfiguration: [
      { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
      { name: 'LoadBalancer', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      { name: 'Web', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
    ],
  });
  const bar = new ec2.Vpc(internal, 'Bar', {
    ipAddresses: ec2.IpAddresses.cidr('10.3.0.0/16'),
    maxAzs: 2,
    natGateways: 0,
    subnetConfiguration: [{ name: 'Clients', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
  });
  new VpcPeering(internal, 'FooBar', { vpc: foo, peerVpc: bar });
  const alb = new InternalAlbWithPrivateTargets(internal, 'Alb', {
    vpc: foo,
    loadBalancerSubnets: { subnetGroupName: 'LoadBalancer' },
    targetSubnets: { subnetGroupName: 'Web' },
    targetPort: 8080,
    clientCidrs: ['10.3.0.0/16'],
    deletionProtection: false,
    accessLogs: false,
  });
  const internalTarget = server(internal, 'Web', foo, { subnetGroupName: 'Web' }, alb.targetSecurityGroup);
  alb.addTarget(new targets.InstanceTarget(internalTarget, 8080));
  const clientGroup = new ec2.SecurityGroup(internal, 'ClientGroup', { vpc: bar, allowAllOutbound: false, description: 'Client in bar' });
  clientGroup.addEgressRule(ec2.Peer.ipv4('10.2.0.0/16'), ec2.Port.tcp(80), 'HTTP to the internal ALB in foo');
  clientGroup.addEgressRule(ec2.Peer.ipv4('10.2.0.0/16'), ec2.Port.tcp(8080), 'what the proof checks is blocked: straight to the target');
  const client = server(internal, 'Client', bar, { subnetGroupName: 'Clients' }, clientGroup);
  const internalProof = new ReachabilityProof(internal, 'Proof', { service: alb, targets: [internalTarget], clients: [client] });

  return [{ stack: web, proof: webProof }, { stack: internal, proof: internalProof }];
}

// The model's expectations, from a synthesis of the same stacks in an app of their own.
const expected = build(new App()).map(({ stack }) => assertions.TemplateModel.fromStack(stack).reachabilityExpectations());

const app = new App();
const built = build(app);
const integ = new IntegTest(app, 'ReachabilityProof', { testCases: built.map((b) => b.stack) });
built.forEach(({ stack, proof }, i) => {
  for (const check of proof.checks) {
    const expectation = expected[i].find((e) => e.analysis === stack.getLogicalId(check.analysis));
    if (expectation?.expectedPathFound === undefined) {
      throw new Error(`the model has no expectation for ${check.description}: ${expectation?.explanation ?? 'analysis not found'}`);
    }
    integ.assertions
      .awsApiCall('EC2', 'describeNetworkInsightsAnalyses', { NetworkInsightsAnalysisIds: [check.analysis.attrNetworkInsightsAnalysisId] })
      .assertAtPath('NetworkInsightsAnalyses.0.NetworkPathFound', ExpectedResult.exact(expectation.expectedPathFound));
  }
});
