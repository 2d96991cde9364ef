import { address } from './addresses';
import { resolveEnd } from './endpoints';
import { blockingStep, EndpointSpec, ReachResult, Reachability, StepResult } from './reach';
import { LoadBalancer, TemplateReader } from './reader';
import type { Value } from './reader/template';
import { isPort } from '../../private/network-util';

/**
 * What the model expects of one VPC Reachability Analyzer analysis of the template
 * (`AWS::EC2::NetworkInsightsAnalysis` of an `AWS::EC2::NetworkInsightsPath`): `ALLOWED` means the
 * analysis should find a path (`NetworkPathFound: true`), `BLOCKED` that it should not, `UNKNOWN`
 * that the model cannot say (the explanation names why).
 */
export interface RawExpectation {
  readonly analysis: string;
  readonly path?: string;
  readonly description: string;
  readonly verdict: 'ALLOWED' | 'BLOCKED' | 'UNKNOWN';
  readonly explanation: string;
}

type Verdict = RawExpectation['verdict'];

/** Why the model gives no verdict for a path: one line, in the explanation. */
class Unmodelled extends Error {}

/**
 * The expectations for every Reachability Analyzer analysis of the template. The ends and filters
 * are read as Reachability Analyzer reads them (the VPC Reachability Analyzer guide, "How
 * Reachability Analyzer works"): an internet gateway as the source stands for the internet; an
 * instance is an end with its security groups and subnet; `FilterAtSource.DestinationPortRange` (or
 * `DestinationPort`) is the port the source connects to; `FilterInArns` naming a load balancer asks
 * for the path through it (the source reaches its listener, the load balancer reaches the
 * destination as one of its targets, on `FilterAtDestination.DestinationPortRange` or the port the
 * target is registered on), `FilterOutArns` naming it asks for a path around it. What the model does
 * not follow (UDP, port ranges, address filters, network interfaces, ends given by literal ids) is
 * UNKNOWN, never a verdict.
 */
export function proofExpectations(t: TemplateReader, reach: Reachability): RawExpectation[] {
  const out: RawExpectation[] = [];
  for (const [id, r] of Object.entries(t.resources)) {
    if (r.Type !== 'AWS::EC2::NetworkInsightsAnalysis') continue;
    const pathId = t.refs.logicalId(r.Properties?.NetworkInsightsPathId);
    const path = pathId !== undefined ? t.resources[pathId] : undefined;
    if (!pathId || path?.Type !== 'AWS::EC2::NetworkInsightsPath') {
      out.push({ analysis: id, description: `analysis ${id}`, verdict: 'UNKNOWN', explanation: `analysis ${id}: its path is not an AWS::EC2::NetworkInsightsPath of the template` });
      continue;
    }
    const description = tagName(path.Properties?.Tags) ?? `path ${pathId}`;
    try {
      const { verdict, lines } = expectation(t, reach, pathId, path.Properties ?? {}, r.Properties ?? {});
      out.push({ analysis: id, path: pathId, description, verdict, explanation: [`${description}: ${verdict}`, ...lines].join('\n') });
    } catch (e) {
      if (!(e instanceof Unmodelled)) throw e;
      out.push({ analysis: id, path: pathId, description, verdict: 'UNKNOWN', explanation: `${description}: UNKNOWN: ${e.message}` });
    }
  }
  return out;
}

function expectation(
  t: TemplateReader, reach: Reachability, pathId: string, p: Record<string, Value>, a: Record<string, Value>,
): { verdict: Verdict; lines: string[] } {
  if (typeof p.Protocol !== 'string' || p.Protocol.toLowerCase() !== 'tcp') {
    throw new Unmodelled(`${pathId} asks about protocol ${JSON.stringify(p.Protocol)}; the model follows TCP only`);
  }
  for (const prop of ['SourceIp']) {
    if (p[prop] !== undefined) throw new Unmodelled(`${pathId} sets ${prop}, which the model does not follow`);
  }
  const atSource = p.FilterAtSource ?? {};
  const atDestination = p.FilterAtDestination ?? {};
  for (const [filter, value] of [['FilterAtSource', atSource], ['FilterAtDestination', atDestination]] as const) {
    const extra = Object.keys(value).filter((k) => k !== 'DestinationPortRange');
    if (extra.length > 0) throw new Unmodelled(`${pathId} sets ${filter}.${extra.join(', ')}, which the model does not follow`);
  }
  const port = atSource.DestinationPortRange !== undefined ? singlePort(pathId, 'FilterAtSource.DestinationPortRange', atSource.DestinationPortRange)
    : p.DestinationPort !== undefined ? singlePort(pathId, 'DestinationPort', { FromPort: p.DestinationPort, ToPort: p.DestinationPort })
      : undefined;
  if (port === undefined) throw new Unmodelled(`${pathId} names no destination port (FilterAtSource.DestinationPortRange or DestinationPort)`);
  const src = end(t, pathId, 'Source', p.Source, undefined);
  const dst = end(t, pathId, 'Destination', p.Destination, p.DestinationIp);
  const through = loadBalancers(t, pathId, 'FilterInArns', a.FilterInArns);
  const around = loadBalancers(t, pathId, 'FilterOutArns', a.FilterOutArns);
  if (through.length > 1) throw new Unmodelled(`${pathId}'s analysis names ${through.length} load balancers in FilterInArns; the model follows one`);
  if (through.length === 0) {
    const others = [...t.loadBalancers.keys()].filter((id) => !around.includes(id));
    if (others.length > 0) {
      throw new Unmodelled(`the path may go through ${others.join(', ')} or around it (Reachability Analyzer reports the shortest path found); name the load balancer in the analysis's FilterInArns (through it) or FilterOutArns (around it)`);
    }
    if (atSource.DestinationPortRange !== undefined && atDestination.DestinationPortRange !== undefined) {
      const at = singlePort(pathId, 'FilterAtDestination.DestinationPortRange', atDestination.DestinationPortRange);
      if (at !== port) return blocked(`without a load balancer between them, the destination port stays ${port}: ${pathId} asks for ${at} at the destination`);
    }
    return fromResults([[`${src.label} -> ${dst.label} on TCP ${port}`, reach.evaluate(src, dst, port)]]);
  }
  const lb = t.loadBalancers.get(through[0])!;
  if (lb.type !== 'application' && lb.type !== 'network') {
    throw new Unmodelled(`${lb.id} is a ${lb.type} load balancer; the model follows application and network load balancers through their target groups`);
  }
  const lbEnd = resolveEnd(t, { kind: 'resource', value: lb.id, subnets: [], label: `load balancer ${lb.id}` });
  const first = reach.evaluate(src, lbEnd, port);
  const listener = lb.listeners.find((l) => l.port === port);
  if (!listener) {
    return fromResults([[`${src.label} -> ${lbEnd.label} on TCP ${port}`, first]]);
  }
  const registered = registration(t, listener.targetGroups, p.Destination);
  if (registered.kind === 'unknown') throw new Unmodelled(registered.why);
  if (registered.kind === 'none') {
    return blocked(`${dst.label} is not registered in a target group of ${listener.id} (${listener.targetGroups.join(', ') || 'none'}): the load balancer does not send it the traffic (ELBV2_LISTENER_HAS_NO_TG / not a target)`);
  }
  const asked = atDestination.DestinationPortRange !== undefined
    ? singlePort(pathId, 'FilterAtDestination.DestinationPortRange', atDestination.DestinationPortRange) : undefined;
  const targetPort = asked ?? registered.port;
  if (targetPort === undefined) throw new Unmodelled(`the port ${dst.label} is registered on in ${registered.targetGroup} is not resolved`);
  if (asked !== undefined && registered.port !== undefined && asked !== registered.port) {
    return blocked(`${listener.id} forwards to ${dst.label} on ${registered.port} (target group ${registered.targetGroup}), not on ${asked}`);
  }
  return fromResults([
    [`${src.label} -> ${lbEnd.label} on TCP ${port}`, first],
    [`${lbEnd.label} -> ${dst.label} on TCP ${targetPort} (target group ${registered.targetGroup} of listener ${listener.id})`, reach.evaluate(lbEnd, dst, targetPort)],
  ]);
}

function blocked(why: string): { verdict: Verdict; lines: string[] } {
  return { verdict: 'BLOCKED', lines: [`  BLOCK  ${why}`] };
}

/** One verdict from the hops: blocked when a hop is known to block, allowed when every hop is. */
function fromResults(hops: Array<[string, ReachResult]>): { verdict: Verdict; lines: string[] } {
  const verdicts = hops.map(([, r]) => verdictOf(r));
  const verdict: Verdict = verdicts.includes('BLOCKED') ? 'BLOCKED' : verdicts.includes('UNKNOWN') ? 'UNKNOWN' : 'ALLOWED';
  const lines = hops.flatMap(([title, r], i) => [`  ${title}: ${verdicts[i]}`, ...r.steps.map(stepLine)]);
  return { verdict, lines };
}

function verdictOf(r: ReachResult): Verdict {
  if (r.allowed) return 'ALLOWED';
  return blockingStep(r.steps)?.unknown ? 'UNKNOWN' : 'BLOCKED';
}

function stepLine(s: StepResult): string {
  return `    ${s.allowed ? 'ALLOW' : s.unknown ? 'UNKNOWN' : 'BLOCK'}  ${s.name}: ${s.detail}`;
}

function singlePort(pathId: string, prop: string, range: Value): number {
  const from = Number(range?.FromPort);
  const to = range?.ToPort === undefined ? from : Number(range.ToPort);
  if (!isPort(from) || !isPort(to)) throw new Unmodelled(`${pathId}'s ${prop} is not a port the model can read (${JSON.stringify(range)})`);
  if (from !== to) throw new Unmodelled(`${pathId}'s ${prop} is the range ${from}-${to}; the model answers for one port at a time`);
  return from;
}

/** A path's end, as Reachability Analyzer takes it. */
function end(t: TemplateReader, pathId: string, prop: string, value: Value, ip: Value): EndpointSpec {
  try {
    return readEnd(t, pathId, prop, value, ip);
  } catch (e) {
    if (e instanceof Unmodelled) throw e;
    // an end the engine refuses (it names what it expected): the model cannot place it
    throw new Unmodelled(`${pathId}'s ${prop}: ${(e as Error).message}`);
  }
}

function readEnd(t: TemplateReader, pathId: string, prop: string, value: Value, ip: Value): EndpointSpec {
  if (value === undefined && typeof ip === 'string') {
    const a = address(`${ip}/32`);
    if (a.kind !== 'cidr') throw new Unmodelled(`${pathId}'s ${prop}Ip ${ip} is not an IPv4 address`);
    return resolveEnd(t, { kind: 'cidr', value: `${ip}/32`, subnets: [], label: ip });
  }
  if (ip !== undefined) throw new Unmodelled(`${pathId} sets ${prop}Ip with ${prop}, which the model does not follow`);
  const id = t.refs.logicalId(value);
  if (!id) throw new Unmodelled(`${pathId}'s ${prop} (${t.refs.nameOf(value) ?? 'none'}) is not a resource of the template`);
  const type = t.resources[id].Type;
  switch (type) {
    case 'AWS::EC2::InternetGateway':
      return resolveEnd(t, { kind: 'internet', value: '', subnets: [], label: `the internet (internet gateway ${id})` });
    case 'AWS::EC2::Instance':
      return resolveEnd(t, { kind: 'resource', value: id, subnets: [], label: `instance ${id}` });
    default:
      throw new Unmodelled(`${pathId}'s ${prop} ${id} is a ${type}; the model takes an internet gateway or an instance`);
  }
}

/** The load balancers an analysis filter names (their `Ref` is their ARN). */
function loadBalancers(t: TemplateReader, pathId: string, prop: string, value: Value): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new Unmodelled(`${pathId}'s analysis ${prop} is not a list the model can read`);
  return value.map((v) => {
    const id = t.refs.logicalId(v);
    const lb: LoadBalancer | undefined = id !== undefined ? t.loadBalancers.get(id) : undefined;
    if (!lb) throw new Unmodelled(`${pathId}'s analysis ${prop} names ${t.refs.nameOf(v)}, which is not a load balancer of the template`);
    return lb.id;
  });
}

type Registration =
  | { kind: 'registered'; targetGroup: string; port?: number }
  | { kind: 'none' }
  | { kind: 'unknown'; why: string };

/** Where the destination is registered among a listener's target groups, from their `Targets`. */
function registration(t: TemplateReader, targetGroups: string[], destination: Value): Registration {
  const dst = t.refs.logicalId(destination);
  const opaque: string[] = [];
  for (const tg of targetGroups) {
    const p = t.resources[tg]?.Properties ?? {};
    const targets: Value[] = Array.isArray(p.Targets) ? p.Targets : [];
    const hit = targets.find((x) => dst !== undefined && t.refs.logicalId(x?.Id) === dst);
    if (hit) {
      const port = hit.Port !== undefined ? Number(hit.Port) : p.Port !== undefined ? Number(p.Port) : undefined;
      return { kind: 'registered', targetGroup: tg, port: port !== undefined && isPort(port) ? port : undefined };
    }
    if (p.Targets !== undefined && !Array.isArray(p.Targets)) opaque.push(tg);
    // an auto scaling group or ECS service of the template registers its members in it
    if ((t.targetGroups.get(tg)?.registeredBy.length ?? 0) > 0) opaque.push(tg);
  }
  if (opaque.length > 0) {
    return { kind: 'unknown', why: `${[...new Set(opaque)].join(', ')} ${opaque.length === 1 ? 'gets' : 'get'} targets the template does not list (an auto scaling group, an ECS service, or unresolved Targets): whether the destination is one of them is unknown` };
  }
  return { kind: 'none' };
}

function tagName(tags: Value): string | undefined {
  if (!Array.isArray(tags)) return undefined;
  const name = tags.find((x) => x?.Key === 'Name')?.Value;
  return typeof name === 'string' ? name : undefined;
}
