import { CfnElement, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as fc from 'fast-check';
import { assertions, InternalAlbWithPrivateTargets, SecureAlbBase, SecureAlbService } from '../../src';
import { newStack } from '../util';

const { FlowEndpoint, NetworkAssertions, TemplateModel } = assertions;
const NUM_RUNS = Number(process.env.FC_NUM_RUNS ?? 1000);

/** A random valid configuration. */
interface Config {
  internetFacing: boolean;
  https: boolean;
  listenerPort: number;
  targetPort: number;
  healthCheckPort: number;
  /** Second octets of client networks 172.<n>.0.0/16 (internal only; distinct, so they never overlap). */
  clientOctets: number[];
  networkAcls: boolean;
  s3Endpoint: boolean;
  accessLogs: boolean;
  outbound: boolean;
}

const port = fc.integer({ min: 1, max: 65535 });
const config: fc.Arbitrary<Config> = fc.record({
  internetFacing: fc.boolean(),
  https: fc.boolean(),
  listenerPort: fc.oneof(fc.constantFrom(80, 443, 8080, 8443), port),
  targetPort: fc.oneof(fc.constantFrom(80, 8080, 3000), port),
  healthCheckPort: fc.option(port, { nil: undefined }),
  clientOctets: fc.uniqueArray(fc.integer({ min: 16, max: 31 }), { maxLength: 3 }),
  networkAcls: fc.boolean(),
  s3Endpoint: fc.boolean(),
  accessLogs: fc.boolean(),
  outbound: fc.boolean(),
}).map((c) => ({ ...c, healthCheckPort: c.healthCheckPort ?? c.targetPort }))
  // with certificates the redirect listens on 80: the HTTPS listener needs another port
  .filter((c) => !(c.https && c.listenerPort === 80));

function logicalId(c: { node: { defaultChild?: unknown } }): string {
  const cfn = c.node.defaultChild as CfnElement;
  return Stack.of(cfn).resolve(cfn.logicalId) as string;
}

function build(c: Config): { stack: Stack; alb: SecureAlbBase; targetSubnets: ec2.ISubnet[] } {
  const stack = newStack();
  const common = {
    listenerPort: c.listenerPort,
    targetPort: c.targetPort,
    healthCheck: { port: String(c.healthCheckPort) },
    certificates: c.https ? [elbv2.ListenerCertificate.fromArn('arn:aws:acm:eu-west-1:111111111111:certificate/abc')] : undefined,
    networkAcls: c.networkAcls,
    s3Endpoint: c.s3Endpoint,
    accessLogs: c.accessLogs,
    targetOutboundPorts: c.outbound ? [443] : [],
  };
  if (c.internetFacing) {
    const alb = new SecureAlbService(stack, 'Web', common);
    return { stack, alb, targetSubnets: alb.vpc.privateSubnets };
  }
  const alb = new InternalAlbWithPrivateTargets(stack, 'Web', { ...common, allowedClientCidrs: c.clientOctets.map((o) => `172.${o}.0.0/16`) });
  return { stack, alb, targetSubnets: alb.vpc.selectSubnets({ subnetGroupName: 'Targets' }).subnets };
}

/** A port none of the given ports, deterministic. */
function otherPort(used: number[]): number {
  for (const p of [22, 3389, 5432, 6379, 9999, 12345]) {
    if (!used.includes(p)) return p;
  }
  return 65000;
}

describe('random valid configurations: exactly the intended flows', () => {
  test(`${NUM_RUNS} configurations`, () => {
    fc.assert(fc.property(config, (c) => {
      const { stack, alb, targetSubnets } = build(c);
      const model = TemplateModel.fromStack(stack);
      const lb = FlowEndpoint.fromConstruct(alb.loadBalancer);
      const targets = FlowEndpoint.securityGroup(logicalId(alb.targetSecurityGroup), targetSubnets.map(logicalId));
      const listenerPorts = c.https ? [c.listenerPort, 80] : [c.listenerPort];
      const vpcCidr = '10.0.0.0/16';
      const clients = c.internetFacing
        ? [FlowEndpoint.internet()]
        : [FlowEndpoint.cidr(vpcCidr), ...c.clientOctets.map((o) => FlowEndpoint.cidr(`172.${o}.0.0/16`))];

      // intended: every client on every listener port (and the replies), the load balancer to the target and health-check ports
      for (const client of clients) {
        for (const p of listenerPorts) {
          NetworkAssertions.assertReachable(model, client, lb, p);
        }
      }
      NetworkAssertions.assertReachable(model, lb, targets, c.targetPort);
      NetworkAssertions.assertReachable(model, lb, targets, c.healthCheckPort);

      // unintended: other ports, other peers, the internet to an internal load balancer, the load balancer to anything but the targets
      const other = otherPort([...listenerPorts, c.targetPort, c.healthCheckPort]);
      for (const client of clients) {
        NetworkAssertions.assertNotReachable(model, client, lb, other);
        NetworkAssertions.assertNotReachable(model, client, targets, c.targetPort);
      }
      NetworkAssertions.assertNotReachable(model, lb, targets, other);
      NetworkAssertions.assertNotReachable(model, lb, FlowEndpoint.internet(), 443);
      NetworkAssertions.assertNotReachable(model, lb, FlowEndpoint.s3(), 443);
      if (!c.internetFacing) {
        NetworkAssertions.assertNotReachable(model, FlowEndpoint.internet(), lb, c.listenerPort);
        NetworkAssertions.assertNotReachable(model, FlowEndpoint.cidr('192.0.2.0/24'), lb, c.listenerPort);
      }
      if (!c.outbound) {
        NetworkAssertions.assertNotReachable(model, targets, FlowEndpoint.internet(), 443);
      }

      // and the recommendation checks find nothing
      NetworkAssertions.assertFollowsRecommendations(model);
    }), { numRuns: NUM_RUNS });
  }, 30 * 60 * 1000);
});
