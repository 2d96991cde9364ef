import { Token } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { parseIpv4Cidr, validatePort, validatePorts, validateTargetCidrs, vpcCidrOf } from './validate';
import type { LoadBalancerTrafficProps } from '../load-balancer-traffic';

/** `LoadBalancerTrafficProps` with the defaults applied and every value checked. */
export interface ResolvedTraffic {
  readonly internetFacing: boolean;
  readonly listenerPorts: number[];
  readonly targetPort: number;
  readonly healthCheckPort: number;
  readonly outboundPorts: number[];
  readonly vpcCidr: string;
  /** The clients' CIDRs, the default applied. */
  readonly clientCidrs: string[];
  readonly targetCidrs: string[];
  /** False for Lambda targets: nothing is opened from the load balancer to them. */
  readonly networkTargets: boolean;
}

/**
 * Applies the defaults of `LoadBalancerTrafficProps` and validates each value once, for both
 * building blocks, with the name of the construct the user called.
 */
export function resolveTraffic(owner: string, props: LoadBalancerTrafficProps): ResolvedTraffic {
  const internetFacing = props.internetFacing ?? true;
  const listenerPorts = validatePorts(owner, 'listenerPorts', props.listenerPorts ?? [80], false);
  const targetPort = props.targetPort ?? 80;
  validatePort(owner, 'targetPort', targetPort);
  const healthCheckPort = props.healthCheckPort ?? targetPort;
  validatePort(owner, 'healthCheckPort', healthCheckPort);
  const outboundPorts = validatePorts(owner, 'targetOutboundPorts', props.targetOutboundPorts ?? [443], true);
  const vpcCidr = vpcCidrOf(owner, props.vpc);
  (props.clientCidrs ?? []).forEach((c, i) => {
    refuseOpenClientOnInternal(owner, internetFacing, `clientCidrs[${i}]`, c);
    // tokens (a VPC's CidrBlock attribute) are fine in rules and entries; literals are checked
    if (!Token.isUnresolved(c)) {
      parseIpv4Cidr(owner, `clientCidrs[${i}]`, c);
    }
  });
  const networkTargets = props.targetType !== elbv2.TargetType.LAMBDA;
  const targetCidrs = validateTargetCidrs(owner, props.targetCidrs ?? [], vpcCidr);
  if (!networkTargets && targetCidrs.length > 0) {
    throw new Error(`${owner}: \`targetCidrs\` is set but \`targetType\` is LAMBDA: Lambda targets are invoked by the service, not reached over the network`);
  }
  return {
    internetFacing,
    listenerPorts,
    targetPort,
    healthCheckPort,
    outboundPorts,
    vpcCidr,
    // the VPC's own CidrBlock attribute, given as a client, is the VPC's CIDR (written as the literal when known)
    clientCidrs: props.clientCidrs?.map((c) => (Token.isUnresolved(c) && c === props.vpc.vpcCidrBlock ? vpcCidr : c)) ?? (internetFacing ? ['0.0.0.0/0'] : [vpcCidr]),
    targetCidrs,
    networkTargets,
  };
}

/** An internal load balancer is never open to everyone, whichever prop says so. */
export function refuseOpenClientOnInternal(owner: string, internetFacing: boolean, prop: string, cidr: string): void {
  if (!internetFacing && (cidr === '0.0.0.0/0' || cidr === '::/0')) {
    throw new Error(`${owner}: \`${prop}\` is '${cidr}', but an internal load balancer must never be open to everyone; name the client networks instead (for example '10.1.0.0/16')`);
  }
}
