import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as fc from 'fast-check';
import { InternalAlbWithPrivateTargets, SecureAlbBase, SecureAlbService } from '../../src';
import { newStack } from '../util';

// The random valid configurations of the L3 constructs, shared by the property tests.

/** A random valid configuration. */
export interface Config {
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
export const config: fc.Arbitrary<Config> = fc.record({
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

export function build(c: Config): { stack: Stack; alb: SecureAlbBase; targetSubnets: ec2.ISubnet[] } {
  const stack = newStack();
  const common = {
    listenerPort: c.listenerPort,
    targetPort: c.targetPort,
    healthCheck: { port: String(c.healthCheckPort) },
    certificates: c.https ? [elbv2.ListenerCertificate.fromArn('arn:aws:acm:eu-west-1:111111111111:certificate/abc')] : undefined,
    manageNetworkAcls: c.networkAcls,
    addS3Endpoint: c.s3Endpoint,
    accessLogs: c.accessLogs,
    targetOutboundPorts: c.outbound ? [443] : [],
  };
  if (c.internetFacing) {
    const alb = new SecureAlbService(stack, 'Web', common);
    return { stack, alb, targetSubnets: alb.vpc.privateSubnets };
  }
  const alb = new InternalAlbWithPrivateTargets(stack, 'Web', { ...common, clientCidrs: c.clientOctets.map((o) => `172.${o}.0.0/16`) });
  return { stack, alb, targetSubnets: alb.vpc.selectSubnets({ subnetGroupName: 'Targets' }).subnets };
}
