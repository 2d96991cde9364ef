import { AclEntry, defaultAclId, NetworkAcl } from './model';
import type { References } from './references';
import type { ResourceIndex, Value } from './template';
import { normalizeProtocol, numberOr, portRange, unresolvedField } from './values';
import { ALL_PORTS } from '../../../private/network-util';
import { address, symbol } from '../addresses';
import { isIntrinsic } from '../intrinsics';

/** The rule number CloudFormation's `*` (default deny) entry stands for: after every numbered entry. */
const LAST_RULE_NUMBER = 32767;

/** The rule number of the allow-all entries AWS gives a VPC's default network ACL. */
const DEFAULT_ACL_RULE_NUMBER = 100;

/**
 * The network ACLs of the template and their entries in evaluation order (by rule number), with
 * the default ACL of each VPC of the template (`<vpc>.DefaultNetworkAcl`): the entries the
 * template gives it (`NetworkAclId: Fn::GetAtt [vpc, DefaultNetworkAcl]`), then the allow-all
 * entries AWS creates it with (rule 100 each direction), then the final deny. An entry that
 * depends on a value the model cannot resolve, or whose condition is not decided, is marked
 * unresolved.
 */
export function readNetworkAcls(index: ResourceIndex, refs: References, uncertain: ReadonlyMap<string, string>): Map<string, NetworkAcl> {
  const acls = new Map<string, NetworkAcl>(index.ofType('AWS::EC2::NetworkAcl').map(([id]) => [id, { id, entries: [] }]));
  for (const [vpc] of index.ofType('AWS::EC2::VPC')) {
    const id = defaultAclId(vpc);
    if (!acls.has(id)) acls.set(id, { id, defaultOf: vpc, entries: [] });
  }
  for (const [id, p] of index.ofType('AWS::EC2::NetworkAclEntry')) {
    const acl = acls.get(refs.networkAcl(p.NetworkAclId) ?? '');
    if (!acl) continue;
    const protocol = normalizeProtocol(p.Protocol);
    const ranged = protocol === 'tcp' || protocol === 'udp';
    // An unresolved rule number puts the entry at a place among the others the model cannot tell:
    // it is weighed apart (`floating`); `unresolved` then names what else it depends on (its action first).
    const floating = unresolvedField({ RuleNumber: p.RuleNumber });
    const fields: Record<string, Value> = {
      'Protocol': p.Protocol,
      'RuleNumber': floating ? undefined : p.RuleNumber,
      'RuleAction': p.RuleAction,
      'Egress': p.Egress,
      'PortRange': ranged && isIntrinsic(p.PortRange) ? p.PortRange : undefined,
      'PortRange.From': ranged ? p.PortRange?.From : undefined,
      'PortRange.To': ranged ? p.PortRange?.To : undefined,
    };
    const unresolved = (floating ? unresolvedField({ RuleAction: p.RuleAction }) : undefined)
      ?? unresolvedField(fields) ?? uncertain.get(id) ?? floating;
    const { fromPort, toPort } = ranged ? portRange(p.PortRange?.From, p.PortRange?.To) : { fromPort: ALL_PORTS.from, toPort: ALL_PORTS.to };
    acl.entries.push({
      ...(unresolved ? { unresolved } : {}),
      ...(floating ? { floating } : {}),
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
    if (acl.defaultOf !== undefined) acl.entries.push(...[false, true].map((egress) => implicitAllowAll(acl.id, egress)));
    // a stable sort: at one rule number the template's entry stays ahead of an implicit one
    acl.entries.sort((a, b) => a.ruleNumber - b.ruleNumber);
  }
  return acls;
}

/** One of the allow-all entries (rule 100) AWS creates a VPC's default network ACL with. */
function implicitAllowAll(acl: string, egress: boolean): AclEntry {
  return {
    id: `${acl} (allow all ${egress ? 'outbound' : 'inbound'})`,
    egress,
    ruleNumber: DEFAULT_ACL_RULE_NUMBER,
    allow: true,
    protocol: 'all',
    fromPort: ALL_PORTS.from,
    toPort: ALL_PORTS.to,
    cidr: address('0.0.0.0/0'),
    implicit: true,
  };
}
