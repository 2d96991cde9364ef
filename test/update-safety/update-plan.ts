import { fullDiff, ResourceImpact } from '@aws-cdk/cloudformation-diff';

/**
 * What CloudFormation does to each resource when a stack with template `before` is updated to
 * `after`, judged with `@aws-cdk/cloudformation-diff` (what `cdk diff` uses to say "requires
 * replacement"), and the collisions that update would meet.
 *
 * CloudFormation creates new and replacement resources first and deletes old ones (removed logical
 * ids, and the old halves of replacements) in the clean-up phase at the end: every resource of
 * `before` is still live while the creates run.
 */
export interface UpdatePlan {
  /** Logical ids created (new in `after`). */
  readonly created: string[];
  /** Logical ids replaced (a new physical resource, then the old one deleted). */
  readonly replaced: string[];
  /** Logical ids updated in place. */
  readonly updated: string[];
  /** Logical ids deleted in the clean-up phase. */
  readonly deleted: string[];
  /** Every collision, in words; empty when the update applies. */
  readonly collisions: string[];
}

type Template = Record<string, any>;
type Resources = Record<string, { Type: string; Properties?: Record<string, any> }>;

const REPLACING = new Set<ResourceImpact>([ResourceImpact.WILL_REPLACE, ResourceImpact.MAY_REPLACE]);

/**
 * Properties that give a resource a fixed physical name: replacing such a resource while the name
 * stays the same fails ("already exists"). Only the types the constructs of this library create.
 */
const NAME_PROPERTIES: Record<string, string> = {
  'AWS::ElasticLoadBalancingV2::LoadBalancer': 'Name',
  'AWS::ElasticLoadBalancingV2::TargetGroup': 'Name',
  'AWS::S3::Bucket': 'BucketName',
  'AWS::EC2::SecurityGroup': 'GroupName',
  'AWS::Route53::HostedZone': 'Name',
};

export function planUpdate(before: Template, after: Template): UpdatePlan {
  const diff = fullDiff(before, after);
  const oldResources: Resources = before.Resources ?? {};
  const newResources: Resources = after.Resources ?? {};
  const created: string[] = [];
  const replaced: string[] = [];
  const updated: string[] = [];
  const deleted: string[] = [];
  diff.resources.forEachDifference((logicalId, change) => {
    if (change.isAddition) created.push(logicalId);
    else if (change.isRemoval) deleted.push(logicalId);
    else if (REPLACING.has(change.changeImpact)) replaced.push(logicalId);
    else if (change.changeImpact === ResourceImpact.WILL_UPDATE) updated.push(logicalId);
  });
  // A resource whose physical id is new: created, or replaced. Whatever refers to it by Ref gets a new id too.
  const fresh = new Set([...created, ...replaced]);
  const collisions: string[] = [];

  // Network ACL entries: (ACL, direction, rule number) is unique among live entries.
  const aclOf = (p: Record<string, any>) => JSON.stringify(p.NetworkAclId);
  const refersToFresh = (v: unknown) => typeof v === 'object' && v !== null && typeof (v as any).Ref === 'string' && fresh.has((v as any).Ref);
  const liveEntries = new Map<string, string>();
  for (const [id, r] of Object.entries(oldResources)) {
    if (r.Type === 'AWS::EC2::NetworkAclEntry' && !refersToFresh(r.Properties?.NetworkAclId)) {
      liveEntries.set(`${aclOf(r.Properties!)}|${Boolean(r.Properties!.Egress)}|${r.Properties!.RuleNumber}`, id);
    }
  }
  const createdEntries = new Map<string, string>();
  for (const id of fresh) {
    const r = newResources[id];
    if (r?.Type !== 'AWS::EC2::NetworkAclEntry' || refersToFresh(r.Properties?.NetworkAclId)) {
      continue; // an entry of a new ACL cannot meet the old entries
    }
    const key = `${aclOf(r.Properties!)}|${Boolean(r.Properties!.Egress)}|${r.Properties!.RuleNumber}`;
    const holder = liveEntries.get(key) ?? createdEntries.get(key);
    if (holder) {
      collisions.push(`network ACL entry ${id} is created on ${r.Properties!.Egress ? 'outbound' : 'inbound'} rule number ${r.Properties!.RuleNumber} of ${aclOf(r.Properties!)}, still held by ${holder}`);
    }
    createdEntries.set(key, id);
  }

  // Security-group rules: a rule identical to a live one cannot be created. Rules of a new or
  // replaced group are on a new physical group and cannot meet the old ones.
  const live = new Map<string, string>();
  for (const [key, where] of sgRules(oldResources, (_id, group) => !fresh.has(group))) {
    live.set(key, where);
  }
  const createdRules = sgRules(newResources, (id, group, inline) => !fresh.has(group) && (inline ? updated.includes(id) : fresh.has(id)));
  for (const [key, where] of createdRules) {
    const holder = live.get(key);
    if (holder && holder !== where) {
      collisions.push(`security-group rule ${where} is created identical to the live rule ${holder} (${key})`);
    }
  }

  // Fixed physical names: a replacement under the same name fails.
  for (const id of replaced) {
    const type = newResources[id]?.Type;
    const nameProperty = type ? NAME_PROPERTIES[type] : undefined;
    const name = nameProperty ? newResources[id].Properties?.[nameProperty] : undefined;
    if (name !== undefined && JSON.stringify(name) === JSON.stringify(oldResources[id]?.Properties?.[nameProperty!])) {
      collisions.push(`${type} ${id} is replaced but keeps its fixed name ${JSON.stringify(name)} (${nameProperty})`);
    }
  }

  return { created, replaced, updated, deleted, collisions };
}

/**
 * Every security-group rule of a template, keyed by what AWS compares (group, direction, protocol,
 * ports, peer; not the description), with where it is defined, for the rules `pick` accepts (by the
 * logical id of the rule or inline group, the group's logical id, and whether the rule is inline).
 */
function sgRules(resources: Resources, pick: (logicalId: string, group: string, inline: boolean) => boolean): Array<[string, string]> {
  const rules: Array<[string, string]> = [];
  const key = (group: string, egress: boolean, r: Record<string, any>) => JSON.stringify([
    group, egress, String(r.IpProtocol), r.FromPort ?? null, r.ToPort ?? null,
    r.CidrIp ?? r.CidrIpv6 ?? r.SourceSecurityGroupId ?? r.DestinationSecurityGroupId ?? r.SourcePrefixListId ?? r.DestinationPrefixListId ?? null,
  ]);
  for (const [id, r] of Object.entries(resources)) {
    const p = r.Properties ?? {};
    if (r.Type === 'AWS::EC2::SecurityGroup') {
      if (!pick(id, id, true)) continue;
      for (const [egress, list] of [[false, p.SecurityGroupIngress], [true, p.SecurityGroupEgress]] as const) {
        for (const rule of (list ?? []) as Array<Record<string, any>>) {
          rules.push([key(id, egress, rule), `${id} (inline)`]);
        }
      }
    } else if (r.Type === 'AWS::EC2::SecurityGroupIngress' || r.Type === 'AWS::EC2::SecurityGroupEgress') {
      const group = groupLogicalId(p.GroupId);
      if (!pick(id, group, false)) continue;
      rules.push([key(group, r.Type === 'AWS::EC2::SecurityGroupEgress', p), id]);
    }
  }
  return rules;
}

/** The logical id of a group written as `Ref` or `Fn::GetAtt [G, GroupId]`, or the literal id. */
function groupLogicalId(group: unknown): string {
  const getAtt = (group as any)?.['Fn::GetAtt'];
  if (Array.isArray(getAtt)) return String(getAtt[0]);
  const ref = (group as any)?.Ref;
  return typeof ref === 'string' ? ref : JSON.stringify(group);
}

/** The update and its rollback: the collisions of both, each prefixed with its direction. */
export function collisionsBothWays(a: Template, b: Template): string[] {
  return [
    ...planUpdate(a, b).collisions.map((c) => `update: ${c}`),
    ...planUpdate(b, a).collisions.map((c) => `rollback: ${c}`),
  ];
}
