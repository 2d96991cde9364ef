import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { RULE_NUMBER_BAND } from './acl-entry-table';
import { blocksOverlap, formatIpv4, isPort, parseIpv4Block } from './network-util';

/**
 * Throws unless `value` is an integer TCP port (1-65535). Tokens pass: they cannot be checked here.
 *
 * @param owner the construct type, e.g. `SecureAlbService`
 * @param prop the prop name, e.g. `targetPort`
 */
export function validatePort(owner: string, prop: string, value: number): void {
  if (Token.isUnresolved(value)) {
    throw new Error(`${owner}: \`${prop}\` must be a literal port number (an integer between 1 and 65535), got an unresolved token; the security-group and network-ACL rules are computed from it at synth time`);
  }
  if (!isPort(value)) {
    throw new Error(`${owner}: \`${prop}\` must be an integer between 1 and 65535, got ${value}`);
  }
}

/**
 * Throws unless `value` can start the band of network-ACL rule numbers the library's entries use
 * (an integer, the whole band inside 1-32766).
 */
export function validateRuleNumberBase(owner: string, value: number): void {
  const last = 32766 - RULE_NUMBER_BAND + 1;
  if (Token.isUnresolved(value)) {
    throw new Error(`${owner}: \`ruleNumberBase\` must be a literal integer between 1 and ${last}, got an unresolved token; the rule numbers of the network-ACL entries are computed from it at synth time`);
  }
  if (!Number.isInteger(value) || value < 1 || value > last) {
    throw new Error(`${owner}: \`ruleNumberBase\` must be an integer between 1 and ${last} (the band spans ${RULE_NUMBER_BAND} numbers), got ${value}`);
  }
}

/** Throws unless `value` is a number of entries per direction a network ACL may hold (1-40). */
export function validateMaxEntriesPerDirection(owner: string, value: number): void {
  if (Token.isUnresolved(value)) {
    throw new Error(`${owner}: \`maxEntriesPerDirection\` must be a literal integer between 1 and 40, got an unresolved token; the entries are counted against it at synth time`);
  }
  if (!Number.isInteger(value) || value < 1 || value > 40) {
    throw new Error(`${owner}: \`maxEntriesPerDirection\` must be an integer between 1 and 40 (the quota can be raised to 40), got ${value}`);
  }
}

/** Validates every port of a list and rejects an empty list when `allowEmpty` is false. */
export function validatePorts(owner: string, prop: string, values: number[], allowEmpty: boolean): number[] {
  if (!allowEmpty && values.length === 0) {
    throw new Error(`${owner}: \`${prop}\` must name at least one port, got an empty list`);
  }
  values.forEach((v, i) => validatePort(owner, `${prop}[${i}]`, v));
  return Array.from(new Set(values));
}

/**
 * Reads the port of an `elbv2.HealthCheck` (a string: a number or `traffic-port`).
 * Returns the target port for `traffic-port` or when unset.
 */
export function healthCheckPortOf(owner: string, port: string | undefined, targetPort: number): number {
  if (port === undefined || port === 'traffic-port') {
    return targetPort;
  }
  if (Token.isUnresolved(port)) {
    throw new Error(`${owner}: \`healthCheck.port\` must be a literal port number or 'traffic-port', got an unresolved token; the rules between the load balancer and the targets are computed from it`);
  }
  const n = /^[0-9]+$/.test(port) ? Number(port) : NaN;
  if (!isPort(n)) {
    throw new Error(`${owner}: \`healthCheck.port\` must be 'traffic-port' or an integer between 1 and 65535, got '${port}'`);
  }
  return n;
}

/** An IPv4 CIDR block parsed into a network address and a prefix length. */
export interface Ipv4Cidr {
  readonly cidr: string;
  readonly network: number;
  readonly prefixLength: number;
}

/**
 * Parses a literal IPv4 CIDR (`a.b.c.d/n`, host bits zero). Throws with the prop name otherwise.
 */
export function parseIpv4Cidr(owner: string, prop: string, value: string): Ipv4Cidr {
  if (Token.isUnresolved(value)) {
    throw new Error(`${owner}: \`${prop}\` must be a literal IPv4 CIDR such as '10.1.0.0/16', got an unresolved token`);
  }
  const block = parseIpv4Block(value);
  if (!block) {
    throw new Error(`${owner}: \`${prop}\` must be an IPv4 CIDR such as '10.1.0.0/16', got '${value}'`);
  }
  const { network, prefixLength } = block;
  if (network !== block.address) {
    throw new Error(`${owner}: \`${prop}\` has host bits set: got '${value}', expected '${formatIpv4(network)}/${prefixLength}'`);
  }
  return { cidr: value, network, prefixLength };
}

/**
 * The IPv4 CIDR of a VPC, with a clear error for imported VPCs that lack it. For a VPC defined in
 * the app the literal block it was created with, not the `Fn::GetAtt` of its `CidrBlock`: rules and
 * entries then carry a CIDR every reader understands (cdk-nag's rules crash on the token; cfn-guard
 * and Security Hub's template checks cannot compare it).
 */
export function vpcCidrOf(owner: string, vpc: ec2.IVpc): string {
  const cfn = vpc.node.defaultChild;
  if (cfn instanceof ec2.CfnVPC && typeof cfn.cidrBlock === 'string' && !Token.isUnresolved(cfn.cidrBlock)) {
    return cfn.cidrBlock;
  }
  try {
    return vpc.vpcCidrBlock;
  } catch (e) {
    throw new Error(`${owner}: \`vpc\` must know its IPv4 CIDR block (the documented rules name it), but the imported VPC has none: pass \`vpcCidrBlock\` to \`Vpc.fromVpcAttributes\` or use \`Vpc.fromLookup\` (${(e as Error).message})`);
  }
}

/**
 * IPv4 CIDR blocks of IP targets outside the VPC (a peered VPC, on premises): literals, never
 * everyone, never inside the VPC (targets there are reached through the target security group).
 */
export function validateTargetCidrs(owner: string, cidrs: string[], vpcCidr: string): string[] {
  const vpc = Token.isUnresolved(vpcCidr) ? undefined : parseIpv4Cidr(owner, 'vpc', vpcCidr);
  cidrs.forEach((c, i) => {
    const parsed = parseIpv4Cidr(owner, `targetCidrs[${i}]`, c);
    if (parsed.prefixLength === 0) {
      throw new Error(`${owner}: \`targetCidrs[${i}]\` is '${c}', but the load balancer never sends to everyone; name the target networks (for example '10.3.0.0/16')`);
    }
    if (vpc && blocksOverlap(parsed, vpc)) {
      throw new Error(`${owner}: \`targetCidrs[${i}]\` ('${c}') overlaps the VPC's CIDR ('${vpcCidr}'); targets in the VPC are reached through the target security group, list only networks outside it`);
    }
  });
  return [...new Set(cidrs)];
}
