import { defaultGroupId, LoadBalancer, Peer, SecurityGroup, SgRule } from './model';
import type { References } from './references';
import type { ResourceIndex, SecurityGroupRuleProperties, Value } from './template';
import { asArray, normalizeProtocol, portRange, unresolvedField } from './values';
import { ALL_PORTS } from '../../../private/network-util';
import { address, symbol } from '../addresses';
import { isIntrinsic, unresolvedText } from '../intrinsics';

/** The custom resource aws-cdk-lib's `Vpc` (`restrictDefaultSecurityGroup`) removes the default group's rules with. */
const RESTRICT_DEFAULT_GROUP = 'Custom::VpcRestrictDefaultSG';

/**
 * The security groups of the template with every rule: inline, as separate ingress and egress
 * resources, and CloudFormation's implicit allow-all egress where none is declared. A rule of a
 * resource whose condition is not decided (`uncertain`) is marked unresolved.
 *
 * Each VPC of the template has its default security group (`<vpc>.DefaultSecurityGroup`), which
 * AWS creates with two rules: all traffic in from the group itself, all traffic out. aws-cdk-lib's
 * `Custom::VpcRestrictDefaultSG` revokes both; rules the template adds to it
 * (`GroupId: Fn::GetAtt [vpc, DefaultSecurityGroup]`) are read as any group's. Rules changed
 * outside the template are not seen.
 * https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html
 */
export function readSecurityGroups(index: ResourceIndex, refs: References, uncertain: ReadonlyMap<string, string>): Map<string, SecurityGroup> {
  const groups = new Map<string, SecurityGroup>();
  for (const [vpc] of index.ofType('AWS::EC2::VPC')) {
    const id = defaultGroupId(vpc);
    groups.set(id, { id, vpc, defaultOf: vpc, rules: defaultGroupRules(index, refs, uncertain, id) });
  }
  for (const [id, p] of index.ofType('AWS::EC2::SecurityGroup')) {
    const rules: SgRule[] = [
      ...asArray(p.SecurityGroupIngress).map((x) => sgRule(refs, 'in', x, id, true)),
      ...asArray(p.SecurityGroupEgress).map((x) => sgRule(refs, 'out', x, id, true)),
    ];
    groups.set(id, { id, vpc: refs.vpc(p.VpcId), rules: rules.map((rule) => conditional(uncertain, id, rule)) });
  }
  for (const [type, direction] of [['AWS::EC2::SecurityGroupIngress', 'in'], ['AWS::EC2::SecurityGroupEgress', 'out']] as const) {
    for (const [id, p] of index.ofType(type)) {
      const group = refs.logicalId(p.GroupId ?? p.GroupName);
      groups.get(group ?? '')?.rules.push(conditional(uncertain, id, sgRule(refs, direction, p, id, false)));
    }
  }
  // CloudFormation's default: a group with no egress rule at all (inline or separate) allows all
  // outbound (not a VPC's default group: CloudFormation does not create it).
  for (const sg of groups.values()) {
    if (sg.defaultOf === undefined && !sg.rules.some((rule) => rule.direction === 'out')) {
      sg.rules.push({
        direction: 'out',
        protocol: 'all',
        fromPort: ALL_PORTS.from,
        toPort: ALL_PORTS.to,
        peer: { kind: 'address', address: address('0.0.0.0/0') },
        source: sg.id,
        inline: true,
        implicit: true,
        description: 'CloudFormation default egress (no egress rule declared)',
      });
    }
  }
  return groups;
}

/**
 * The rules AWS creates a VPC's default security group with, unless a `Custom::VpcRestrictDefaultSG`
 * of the template revokes them (one whose condition is not decided leaves them unresolved).
 */
function defaultGroupRules(index: ResourceIndex, refs: References, uncertain: ReadonlyMap<string, string>, id: string): SgRule[] {
  const restrict = Object.entries(index.resources)
    .find(([, r]) => r.Type === RESTRICT_DEFAULT_GROUP && refs.logicalId(r.Properties?.DefaultSecurityGroupId) === id)?.[0];
  if (restrict !== undefined && !uncertain.has(restrict)) return [];
  const all = { protocol: 'all', fromPort: ALL_PORTS.from, toPort: ALL_PORTS.to, source: id, inline: true, awsDefault: true } as const;
  const rules: SgRule[] = [
    { ...all, direction: 'in', peer: { kind: 'group', group: { logicalId: id, text: id } }, description: 'AWS default: all traffic from the group itself' },
    { ...all, direction: 'out', peer: { kind: 'address', address: address('0.0.0.0/0') }, description: 'AWS default: all traffic out' },
  ];
  return restrict !== undefined ? rules.map((rule) => ({ ...rule, unresolved: `${uncertain.get(restrict)}, and it revokes this AWS default rule of ${id}` })) : rules;
}

/** A rule (or entry) of a resource whose condition is not decided: not proven. */
export function conditional<T extends { unresolved?: string }>(uncertain: ReadonlyMap<string, string>, resource: string, rule: T): T {
  const why = uncertain.get(resource);
  return why && !rule.unresolved ? { ...rule, unresolved: why } : rule;
}

function sgRule(refs: References, direction: 'in' | 'out', x: SecurityGroupRuleProperties | Value, source: string, inline: boolean): SgRule {
  if (isIntrinsic(x)) {
    // a rule the template chooses at deploy (an `Fn::If` on an unknown condition): anything
    const text = unresolvedText(x);
    return {
      direction,
      protocol: 'all',
      fromPort: ALL_PORTS.from,
      toPort: ALL_PORTS.to,
      peer: { kind: 'address', address: symbol(text) },
      source,
      inline,
      unresolved: `the rule is ${text}, which the model cannot resolve`,
    };
  }
  const r: SecurityGroupRuleProperties = x && typeof x === 'object' ? x : {};
  const unresolved = unresolvedField({ IpProtocol: r.IpProtocol, FromPort: r.FromPort, ToPort: r.ToPort });
  const protocol = normalizeProtocol(r.IpProtocol);
  const { fromPort, toPort } = protocol === 'all' ? { fromPort: ALL_PORTS.from, toPort: ALL_PORTS.to } : portRange(r.FromPort, r.ToPort);
  const rule: SgRule = { direction, protocol, fromPort, toPort, peer: peerOf(refs, direction, r), source, inline, description: r.Description };
  return unresolved ? { ...rule, unresolved } : rule;
}

function peerOf(refs: References, direction: 'in' | 'out', r: SecurityGroupRuleProperties): Peer {
  const group = direction === 'in' ? (r.SourceSecurityGroupId ?? r.SourceSecurityGroupName) : r.DestinationSecurityGroupId;
  const prefixList = direction === 'in' ? r.SourcePrefixListId : r.DestinationPrefixListId;
  if (group !== undefined) return { kind: 'group', group: refs.ref(group) };
  if (prefixList !== undefined) return { kind: 'prefixList', name: refs.ref(prefixList).text };
  if (r.CidrIp !== undefined) return { kind: 'address', address: refs.cidr(r.CidrIp) };
  if (r.CidrIpv6 !== undefined) return { kind: 'address', address: symbol(`ipv6:${typeof r.CidrIpv6 === 'string' ? r.CidrIpv6 : JSON.stringify(r.CidrIpv6)}`) };
  return { kind: 'address', address: symbol('unknown peer') };
}

/**
 * Security groups the template names (as a load balancer's groups or as rule peers) by a value
 * that is not one of its groups: a literal id (`sg-0123`), an import. Their rules are unknown.
 */
export function outsideGroups(groups: ReadonlyMap<string, SecurityGroup>, loadBalancers: Iterable<LoadBalancer>): Set<string> {
  const named = [
    ...[...loadBalancers].flatMap((lb) => lb.securityGroups),
    ...[...groups.values()].flatMap((sg) => sg.rules).flatMap((r) => (r.peer.kind === 'group' ? [r.peer.group] : [])),
  ];
  return new Set(named.map((g) => g.logicalId ?? g.text).filter((id) => !groups.has(id)));
}
