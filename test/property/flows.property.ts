import { CfnElement, Stack } from 'aws-cdk-lib';
import { CfnLoadBalancer } from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as fc from 'fast-check';
import { build, config } from './configurations';
import { assertions } from '../../src';

const { FlowEndpoint, NetworkAssertions, TemplateModel } = assertions;
const NUM_RUNS = Number(process.env.FC_NUM_RUNS ?? 1000);

function logicalId(c: { node: { defaultChild?: unknown } }): string {
  const cfn = c.node.defaultChild as CfnElement;
  return Stack.of(cfn).resolve(cfn.logicalId) as string;
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
      // an internal load balancer's client networks are connected outside the template (a peering, a VPN):
      // state the routes to them from the load balancer's subnets, as a user would
      const cfnLb = alb.loadBalancer.node.defaultChild as CfnLoadBalancer;
      const lbSubnets = (Stack.of(alb).resolve(cfnLb.subnets) as Array<{ Ref: string }>).map((s) => s.Ref);
      const assumedRoutes = c.internetFacing ? [] : c.clientOctets.flatMap((o) => lbSubnets.map((subnet) => ({
        subnet, destinationCidr: `172.${o}.0.0/16`, target: assertions.AssumedRouteTarget.NETWORK, reason: 'client network connected outside the template',
      })));
      const model = TemplateModel.fromStack(stack, { assumedRoutes });
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
