import { planUpdate } from './update-plan';
import { assertions } from '../../src';

type Template = Record<string, any>;

/** The resource types whose update order matters to the traffic: network ACL entries and security-group rules. */
const NETWORK_TYPES = new Set(['AWS::EC2::NetworkAclEntry', 'AWS::EC2::SecurityGroupIngress', 'AWS::EC2::SecurityGroupEgress', 'AWS::EC2::SecurityGroup']);

/** A flow to watch during an update: source, destination and port, by endpoint. */
export interface WatchedFlow {
  readonly name: string;
  readonly source: assertions.FlowEndpoint;
  readonly destination: assertions.FlowEndpoint;
  readonly port: number;
}

/** A flow allowed before and after an update but blocked in a state the update passes through. */
export interface UpdateGap {
  readonly flow: string;
  /** The network resources still in their old state (or not yet created) in that state. */
  readonly pending: string[];
}

/**
 * The intermediate states of an update that CloudFormation may pass through, and the flows they
 * block. Each network resource the update creates or updates in place is, in a given state, done
 * or not yet done (in any order `DependsOn` allows); everything the update deletes is still there
 * (deletes come last). Every subset is checked up to `maxUnits` resources (2^n states), which is
 * exhaustive for one-prop changes.
 */
export function updateGaps(before: Template, after: Template, flows: WatchedFlow[], maxUnits = 12): UpdateGap[] {
  const plan = planUpdate(before, after);
  const units = [...plan.created, ...plan.updated, ...plan.replaced].filter((id) => NETWORK_TYPES.has(after.Resources[id].Type)).sort();
  if (units.length > maxUnits) {
    throw new Error(`${units.length} network resources change: more than ${maxUnits} to enumerate`);
  }
  const beforeModel = assertions.TemplateModel.fromJsonString(JSON.stringify(before));
  const afterModel = assertions.TemplateModel.fromJsonString(JSON.stringify(after));
  const watched = flows.filter((f) => beforeModel.evaluate(f.source, f.destination, f.port).allowed
    && afterModel.evaluate(f.source, f.destination, f.port).allowed);
  const dependsOn = (id: string): string[] => {
    const d = after.Resources[id].DependsOn;
    return (Array.isArray(d) ? d : d ? [d] : []).filter((x: string) => units.includes(x));
  };
  const gaps: UpdateGap[] = [];
  for (const done of subsets(units)) {
    // a resource is processed only after what it depends on
    if ([...done].some((id) => dependsOn(id).some((d) => !done.has(d)))) continue;
    const resources: Record<string, any> = { ...after.Resources };
    for (const id of plan.deleted) resources[id] = before.Resources[id];
    for (const id of units.filter((u) => !done.has(u))) {
      if (before.Resources[id]) resources[id] = before.Resources[id];
      else delete resources[id];
    }
    const model = assertions.TemplateModel.fromJsonString(JSON.stringify({ ...after, Resources: resources }));
    for (const f of watched) {
      if (!model.evaluate(f.source, f.destination, f.port).allowed) {
        gaps.push({ flow: f.name, pending: units.filter((u) => !done.has(u)) });
      }
    }
  }
  return gaps;
}

/** Every subset of a list (2^n of them). */
function subsets<T>(items: T[]): Array<Set<T>> {
  return items.reduce<Array<Set<T>>>((all, item) => [...all, ...all.map((set) => new Set([...set, item]))], [new Set()]);
}
