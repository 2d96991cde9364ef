import type { InstanceTarget, Intent, IpTarget, Listener, LoadBalancer, Subnet, TargetGroup } from './model';
import type { References } from './references';
import type { LoadBalancerProperties, ResourceIndex, Value } from './template';
import { asArray, isString, listOf, portOf } from './values';
import { autoScalingGroupGroups, autoScalingGroupSubnets, ecsServiceNetwork, instanceInterfaces } from './workloads';
import { Address, address, contains } from '../addresses';
import { isIntrinsic, unresolvedText } from '../intrinsics';

/** What the target-group reader asks of the rest: the VPCs' CIDRs and the subnets. */
export interface TargetGroupContext {
  readonly vpcs: ReadonlyMap<string, Address>;
  readonly subnets: ReadonlyMap<string, Subnet>;
}

/**
 * The target groups of the template with their targets: registered by IP address, by instance, or
 * by the auto scaling groups and ECS services that point at them.
 */
export function readTargetGroups(index: ResourceIndex, refs: References, ctx: TargetGroupContext): Map<string, TargetGroup> {
  const targetGroups = new Map<string, TargetGroup>();
  for (const [id, p] of index.ofType('AWS::ElasticLoadBalancingV2::TargetGroup')) {
    const port = portOf(p.Port);
    const hc = p.HealthCheckPort;
    const healthCheckOnTrafficPort = hc === undefined || hc === 'traffic-port';
    const groups = new Set<string>();
    const subnets = new Set<string>();
    const ipTargets: IpTarget[] = [];
    const instances: InstanceTarget[] = [];
    const vpc = refs.vpc(p.VpcId);
    const vpcCidr = vpc ? ctx.vpcs.get(vpc) : undefined;
    for (const t of asArray(p.Targets)) {
      const ip = ipTargetOf(t, vpcCidr);
      if (ip) {
        ipTargets.push(ip);
        if (!ip.outsideVpc) subnetsHolding(ctx.subnets, ip.address, vpc).forEach((s) => subnets.add(s));
        continue;
      }
      const instance = collectInstance(index, refs, t?.Id, groups, subnets);
      if (instance) instances.push({ instance, ...(portOf(t?.Port) !== undefined ? { port: portOf(t?.Port) } : {}) });
    }
    const healthCheckPort = healthCheckOnTrafficPort ? port : portOf(hc);
    targetGroups.set(id, {
      id,
      port,
      ...(port === undefined && p.TargetType !== 'lambda' ? { portText: p.Port === undefined ? 'no Port' : unresolvedText(p.Port) } : {}),
      healthCheckPort,
      healthCheckOnTrafficPort,
      ...(!healthCheckOnTrafficPort && healthCheckPort === undefined ? { healthCheckPortText: unresolvedText(hc) } : {}),
      targetType: p.TargetType,
      targetGroups: [...groups],
      targetSubnets: [...subnets],
      ipTargets,
      instances,
      registeredBy: [],
    });
  }
  // Auto scaling groups and ECS services point at their target groups.
  for (const [id, p] of index.ofType('AWS::AutoScaling::AutoScalingGroup')) {
    const tgs = asArray(p.TargetGroupARNs).map((t) => refs.logicalId(t)).filter(isString);
    if (tgs.length === 0) continue;
    const groups = (autoScalingGroupGroups(index, refs, p) ?? []).map((g) => refs.logicalId(g)).filter(isString);
    const subnets = autoScalingGroupSubnets(p).map((s) => refs.nameOf(s)).filter(isString);
    addTargets(targetGroups, tgs, id, groups, subnets);
  }
  for (const [id, p] of index.ofType('AWS::ECS::Service')) {
    const tgs = asArray(p.LoadBalancers).map((l) => refs.logicalId(l?.TargetGroupArn)).filter(isString);
    const network = ecsServiceNetwork(p);
    const groups = (network?.groups ?? []).map((g) => refs.logicalId(g)).filter(isString);
    const subnets = (network?.subnets ?? []).map((s) => refs.nameOf(s)).filter(isString);
    addTargets(targetGroups, tgs, id, groups, subnets);
  }
  return targetGroups;
}

/** A target registered by a literal IPv4 address, located against its VPC's CIDR where known. */
function ipTargetOf(t: Value, vpcCidr: Address | undefined): IpTarget | undefined {
  if (typeof t?.Id !== 'string' || !/^\d{1,3}(\.\d{1,3}){3}$/.test(t.Id)) return undefined;
  const a = address(`${t.Id}/32`);
  if (a.kind !== 'cidr') return undefined;
  const outsideVpc = t.AvailabilityZone === 'all' || (vpcCidr !== undefined && contains(vpcCidr, a) === 'no');
  return { address: a, port: portOf(t.Port), outsideVpc };
}

/**
 * The subnets of the template whose CIDR holds an address (an IP target inside the VPC): their
 * network ACLs see the target's traffic. None when the VPC's subnets are not in the template.
 */
function subnetsHolding(subnets: ReadonlyMap<string, Subnet>, a: Address, vpc: string | undefined): string[] {
  return [...subnets.values()]
    .filter((s) => (vpc === undefined || s.vpc === vpc) && s.cidr.kind === 'cidr' && contains(s.cidr, a) === 'yes')
    .map((s) => s.id);
}

/**
 * The groups and subnet of an instance a value names, if it names one of the template: those of
 * its primary network interface, where a target registered by instance id gets its traffic.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-target-groups.html#target-type
 */
function collectInstance(index: ResourceIndex, refs: References, value: Value, groups: Set<string>, subnets: Set<string>): string | undefined {
  const id = refs.logicalId(value);
  const p = index.propertiesIf(id, 'AWS::EC2::Instance');
  if (!p) return undefined;
  const interfaces = instanceInterfaces(index, refs, id, p);
  const primary = interfaces.find((i) => i.deviceIndex === 0) ?? interfaces[0];
  primary?.groups.map((g) => refs.logicalId(g)).filter(isString).forEach((g) => groups.add(g));
  // subnets outside the template count too: they are subnets of the model
  [primary?.subnet].map((s) => refs.nameOf(s)).filter(isString).forEach((s) => subnets.add(s));
  return id;
}

function addTargets(targetGroups: Map<string, TargetGroup>, tgs: string[], registrar: string, groups: string[], subnets: string[]): void {
  for (const tg of tgs) {
    const existing = targetGroups.get(tg);
    if (!existing) continue;
    targetGroups.set(tg, {
      ...existing,
      targetGroups: [...new Set([...existing.targetGroups, ...groups])],
      targetSubnets: [...new Set([...existing.targetSubnets, ...subnets])],
      registeredBy: [...new Set([...existing.registeredBy, registrar])],
    });
  }
}

/**
 * The load balancers of the template (application, network and gateway; classic ones too, see
 * `readClassicLoadBalancers`) with their listeners and the target groups each forwards to.
 * Classic load balancers add a target group per listener to `targetGroups`.
 */
export function readLoadBalancers(index: ResourceIndex, refs: References, intents: ReadonlyMap<string, Intent>,
  targetGroups: Map<string, TargetGroup>): Map<string, LoadBalancer> {
  const listenersOf = new Map<string, Listener[]>();
  const listenerById = new Map<string, Listener>();
  for (const [id, p] of index.ofType('AWS::ElasticLoadBalancingV2::Listener')) {
    const lb = refs.logicalId(p.LoadBalancerArn);
    if (!lb) continue;
    const port = portOf(p.Port);
    const listener: Listener = {
      id,
      port,
      ...(port === undefined ? { portText: p.Port === undefined ? 'no Port' : unresolvedText(p.Port) } : {}),
      protocol: p.Protocol,
      targetGroups: forwardedTargetGroups(refs, p.DefaultActions),
      authenticates: authenticates(p.DefaultActions),
    };
    listenersOf.set(lb, [...(listenersOf.get(lb) ?? []), listener]);
    listenerById.set(id, listener);
  }
  for (const [, p] of index.ofType('AWS::ElasticLoadBalancingV2::ListenerRule')) {
    const listener = listenerById.get(refs.logicalId(p.ListenerArn) ?? '');
    if (listener) {
      // every target group of every rule counts once, whichever action forwards to it
      const merged = [...new Set([...listener.targetGroups, ...forwardedTargetGroups(refs, p.Actions)])];
      listener.targetGroups.splice(0, listener.targetGroups.length, ...merged);
      listener.authenticates ||= authenticates(p.Actions);
    }
  }
  const loadBalancers = new Map<string, LoadBalancer>();
  for (const [id, p] of index.ofType('AWS::ElasticLoadBalancingV2::LoadBalancer')) {
    loadBalancers.set(id, {
      id,
      type: typeof p.Type === 'string' ? p.Type : 'application',
      internetFacing: p.Scheme !== 'internal',
      ...schemeUnresolved(p.Scheme),
      subnets: loadBalancerSubnets(p).map((s) => refs.ref(s)),
      securityGroups: listOf(p.SecurityGroups).map((g) => refs.ref(g)),
      listeners: listenersOf.get(id) ?? [],
      intent: intents.get(id),
    });
  }
  readClassicLoadBalancers(index, refs, targetGroups).forEach((lb) => loadBalancers.set(lb.id, lb));
  return loadBalancers;
}

/**
 * Classic load balancers: each listener forwards its `LoadBalancerPort` to the registered
 * instances on its `InstancePort`; the model gives each listener a target group of its own
 * (`<id>:<instance port>`), with the instances' groups and subnets and the health check's port.
 */
function readClassicLoadBalancers(index: ResourceIndex, refs: References, targetGroups: Map<string, TargetGroup>): LoadBalancer[] {
  return index.ofType('AWS::ElasticLoadBalancing::LoadBalancer').map(([id, p]) => {
    const groups = new Set<string>();
    const subnets = new Set<string>();
    const instances = listOf(p.Instances).map((i) => collectInstance(index, refs, i, groups, subnets)).filter(isString);
    const hcTarget = p.HealthCheck?.Target;
    const hc = classicHealthCheckPort(hcTarget);
    // a health check target the template computes at deploy: its port is not known
    const hcText = hc === undefined && hcTarget !== null && typeof hcTarget === 'object' ? unresolvedText(hcTarget) : undefined;
    const listeners: Listener[] = asArray(p.Listeners).map((l, n) => {
      const port = portOf(l?.LoadBalancerPort);
      const instancePort = portOf(l?.InstancePort);
      const tgId = `${id}:${instancePort ?? unresolvedText(l?.InstancePort)}`;
      if (!targetGroups.has(tgId)) {
        targetGroups.set(tgId, {
          id: tgId,
          port: instancePort,
          ...(instancePort === undefined ? { portText: unresolvedText(l?.InstancePort) } : {}),
          healthCheckPort: hcText ? undefined : hc ?? instancePort,
          healthCheckOnTrafficPort: !hcText && (hc === undefined || hc === instancePort),
          ...(hcText ? { healthCheckPortText: hcText } : {}),
          targetGroups: [...groups],
          targetSubnets: [...subnets],
          ipTargets: [],
          instances: instances.map((instance) => ({ instance })),
          registeredBy: [],
        });
      }
      return {
        id: `${id} listener ${n + 1}`,
        port,
        ...(port === undefined ? { portText: unresolvedText(l?.LoadBalancerPort) } : {}),
        protocol: typeof l?.Protocol === 'string' ? l.Protocol : undefined,
        targetGroups: [tgId],
        authenticates: false,
      };
    });
    return {
      id,
      type: 'classic',
      internetFacing: p.Scheme !== 'internal',
      ...schemeUnresolved(p.Scheme),
      subnets: listOf(p.Subnets).map((s) => refs.ref(s)),
      securityGroups: listOf(p.SecurityGroups).map((g) => refs.ref(g)),
      listeners,
    };
  });
}

/** The port of a classic load balancer's health check target (`HTTP:8080/health`, `TCP:22`). */
function classicHealthCheckPort(target: Value): number | undefined {
  const m = typeof target === 'string' ? /^[A-Za-z]+:(\d+)/.exec(target) : null;
  return m ? Number(m[1]) : undefined;
}

function forwardedTargetGroups(refs: References, actions: Value): string[] {
  const out: string[] = [];
  for (const a of asArray(actions)) {
    if (a?.TargetGroupArn !== undefined) out.push(...[refs.logicalId(a.TargetGroupArn)].filter(isString));
    out.push(...asArray(a?.ForwardConfig?.TargetGroups).map((t) => refs.logicalId(t?.TargetGroupArn)).filter(isString));
  }
  return [...new Set(out)];
}

/** Whether listener actions authenticate users (an `authenticate-oidc` or `authenticate-cognito` action). */
function authenticates(actions: Value): boolean {
  return asArray(actions).some((a) => a?.Type === 'authenticate-oidc' || a?.Type === 'authenticate-cognito');
}

/** The subnets of a load balancer: `Subnets` and `SubnetMappings` (an unresolved list or mapping stands for one unknown subnet). */
export function loadBalancerSubnets(p: LoadBalancerProperties): Value[] {
  return [...listOf(p.Subnets), ...listOf(p.SubnetMappings).map((m) => (isIntrinsic(m) ? m : m?.SubnetId))].filter((s) => s !== undefined);
}

/** `schemeUnresolved` for a `Scheme` the model cannot resolve (read as internet-facing, CloudFormation's default). */
function schemeUnresolved(scheme: Value): { schemeUnresolved?: string } {
  return isIntrinsic(scheme) ? { schemeUnresolved: `Scheme is ${unresolvedText(scheme)}, which the model cannot resolve` } : {};
}
