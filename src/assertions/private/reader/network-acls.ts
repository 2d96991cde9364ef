import type { NetworkAcl } from './model';
import type { References } from './references';
import type { ResourceIndex } from './template';
import { normalizeProtocol, numberOr, portRange, unresolvedField } from './values';
import { ALL_PORTS } from '../../../private/network-util';
import { symbol } from '../addresses';
import { isIntrinsic } from '../intrinsics';

/** The rule number CloudFormation's `*` (default deny) entry stands for: after every numbered entry. */
const LAST_RULE_NUMBER = 32767;

/**
 * The network ACLs of the template and their entries in evaluation order (by rule number). An
 * entry that depends on a value the model cannot resolve, or whose condition is not decided, is
 * marked unresolved.
 */
export function readNetworkAcls(index: ResourceIndex, refs: References, uncertain: ReadonlyMap<string, string>): Map<string, NetworkAcl> {
  const acls = new Map<string, NetworkAcl>(index.ofType('AWS::EC2::NetworkAcl').map(([id]) => [id, { id, entries: [] }]));
  for (const [id, p] of index.ofType('AWS::EC2::NetworkAclEntry')) {
    const acl = acls.get(refs.logicalId(p.NetworkAclId) ?? '');
    if (!acl) continue;
    const protocol = normalizeProtocol(p.Protocol);
    const ranged = protocol === 'tcp' || protocol === 'udp';
    const unresolved = unresolvedField({
      'Protocol': p.Protocol,
      'RuleNumber': p.RuleNumber,
      'RuleAction': p.RuleAction,
      'Egress': p.Egress,
      'PortRange': ranged && isIntrinsic(p.PortRange) ? p.PortRange : undefined,
      'PortRange.From': ranged ? p.PortRange?.From : undefined,
      'PortRange.To': ranged ? p.PortRange?.To : undefined,
    }) ?? uncertain.get(id);
    const { fromPort, toPort } = ranged ? portRange(p.PortRange?.From, p.PortRange?.To) : { fromPort: ALL_PORTS.from, toPort: ALL_PORTS.to };
    acl.entries.push({
      ...(unresolved ? { unresolved } : {}),
      id,
      egress: p.Egress === true || p.Egress === 'true',
      ruleNumber: numberOr(p.RuleNumber, LAST_RULE_NUMBER),
      allow: String(p.RuleAction).toLowerCase() === 'allow',
      protocol,
      fromPort,
      toPort,
      cidr: p.CidrBlock !== undefined ? refs.cidr(p.CidrBlock) : symbol(`ipv6:${JSON.stringify(p.Ipv6CidrBlock)}`),
      icmpType: p.Icmp?.Type === undefined ? undefined : numberOr(p.Icmp.Type, -1),
      icmpCode: p.Icmp?.Code === undefined ? undefined : numberOr(p.Icmp.Code, -1),
    });
  }
  for (const acl of acls.values()) {
    acl.entries.sort((a, b) => a.ruleNumber - b.ruleNumber);
  }
  return acls;
}
