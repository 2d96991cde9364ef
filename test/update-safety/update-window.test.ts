import { App, Stack } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { updateGaps, WatchedFlow } from './update-window';
import { assertions, SecureAlbService, SecureAlbServiceProps } from '../../src';

const { FlowEndpoint } = assertions;
const ENV = { account: '111111111111', region: 'eu-west-1' };

function build(props: Partial<SecureAlbServiceProps>): { template: Record<string, any>; flows: WatchedFlow[] } {
  const app = new App();
  const stack = new Stack(app, 'Test', { env: ENV });
  const service = new SecureAlbService(stack, 'Web', props);
  const template = app.synth().getStackByName('Test').template;
  const lb = FlowEndpoint.fromConstruct(service.loadBalancer);
  const targetGroupId = stack.resolve((service.targetSecurityGroup.node.defaultChild as any).logicalId);
  const subnets = service.vpc.privateSubnets.map((s) => stack.resolve((s.node.defaultChild as any).logicalId));
  const targets = FlowEndpoint.securityGroup(targetGroupId, subnets);
  const clients = ['198.51.100.0/24', '203.0.113.0/24', '192.0.2.0/24'].map((c) => FlowEndpoint.cidr(c));
  const flows: WatchedFlow[] = [];
  for (const port of [80, 443, 8080, 8443]) {
    clients.forEach((c, i) => flows.push({ name: `client ${i + 1} -> load balancer ${port}`, source: c, destination: lb, port }));
  }
  for (const port of [80, 8080, 8081, 9000]) {
    flows.push({ name: `load balancer -> targets ${port}`, source: lb, destination: targets, port });
  }
  flows.push({ name: 'targets -> internet 443', source: targets, destination: FlowEndpoint.internet(), port: 443 });
  return { template, flows };
}

const cert = () => [elbv2.ListenerCertificate.fromArn('arn:aws:acm:eu-west-1:111111111111:certificate/abc')];

const gapFlows = (before: { template: Record<string, any>; flows: WatchedFlow[] }, after: { template: Record<string, any> }) =>
  [...new Set(updateGaps(before.template, after.template, before.flows).map((g) => g.flow))].sort();

describe('the window during an update: flows allowed before and after stay allowed in every state the update passes through', () => {
  test.each([
    ['clientCidrs: a network added before the one there', { clientCidrs: ['203.0.113.0/24'] }, { clientCidrs: ['198.51.100.0/24', '203.0.113.0/24'] }],
    ['clientCidrs: a network added after the one there', { clientCidrs: ['198.51.100.0/24'] }, { clientCidrs: ['198.51.100.0/24', '203.0.113.0/24'] }],
    ['health checks on 8081', { targetPort: 8080 }, { targetPort: 8080, healthCheck: { port: '8081' } }],
    ['HTTPS added', { targetPort: 8080 }, { targetPort: 8080, certificates: cert(), listenerPort: 8443 }],
    ['target port changed', { targetPort: 8080 }, { targetPort: 9000 }],
    ['listener port changed', {}, { listenerPort: 8080 }],
    ['outbound ports widened', {}, { targetOutboundPorts: [80, 443] }],
    ['outbound ports narrowed', { targetOutboundPorts: [80, 443] }, { targetOutboundPorts: [443] }],
  ] as Array<[string, Partial<SecureAlbServiceProps>, Partial<SecureAlbServiceProps>]>)('%s, and its rollback', (_name, a, b) => {
    // GIVEN
    const before = build(a);
    const after = build(b);
    // THEN
    expect(gapFlows(before, after)).toEqual([]);
    expect(gapFlows(after, before)).toEqual([]);
  });

  test('without the DependsOn chain, an entry inserted in the middle of its class leaves a gap: the chain is what closes it', () => {
    // GIVEN
    const before = build({ clientCidrs: ['203.0.113.0/24'] });
    const after = build({ clientCidrs: ['198.51.100.0/24', '203.0.113.0/24'] });
    const unchained = JSON.parse(JSON.stringify(after.template));
    for (const r of Object.values<any>(unchained.Resources)) {
      if (r.Type === 'AWS::EC2::NetworkAclEntry') delete r.DependsOn;
    }
    // THEN
    expect(gapFlows(before, { template: unchained })).toEqual(['client 2 -> load balancer 80']);
  });

  test('the documented residual window: removing an entry that is not the last of a class of three moves the next one down, missing for one update', () => {
    // GIVEN
    const before = build({ clientCidrs: ['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24'] });
    const after = build({ clientCidrs: ['198.51.100.0/24', '203.0.113.0/24'] });
    // THEN the update: 198.51.100.0/24 moves from rule 101 to 100 after 101 took 203.0.113.0/24
    expect(gapFlows(before, after)).toEqual(['client 1 -> load balancer 80']);
    // and the rollback, an insertion, has none
    expect(gapFlows(after, before)).toEqual([]);
  });
});
