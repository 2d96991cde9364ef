import { CfnResource, IResolvable, Stack, Stage } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { IConstruct } from 'constructs';

/**
 * What is attached to one load balancer anywhere in the app, found by reference, not by where it
 * was created: listeners whose `LoadBalancerArn` is the load balancer, listener rules whose
 * `ListenerArn` is one of those listeners, target groups their actions forward to (also weighted
 * and after authentication), and ECS services that register in those target groups.
 */
export interface Attachments {
  readonly listeners: elbv2.CfnListener[];
  readonly rules: elbv2.CfnListenerRule[];
  readonly targetGroups: elbv2.CfnTargetGroup[];
  /** ECS services registered in one of `targetGroups`, with the container port they register. */
  readonly ecsTargets: EcsTarget[];
}

/** An ECS service that registers its tasks in a target group. */
export interface EcsTarget {
  readonly service: ecs.CfnService;
  readonly targetGroup: elbv2.CfnTargetGroup;
  /** The container port the tasks are registered on (a number, or what the template holds). */
  readonly containerPort: unknown;
  /** Whether the tasks have their own network interfaces (`awsvpc`): the load balancer then sends to the container port. */
  readonly awsvpc: boolean;
}

/**
 * The unit CDK synthesizes and validates in one pass: the innermost stage (an `App` is one; a
 * `Stage` inside it synthesizes and validates on its own), or the root of a tree without one.
 */
function rootOf(scope: IConstruct): IConstruct {
  return Stage.of(scope) ?? scope.node.root;
}

/** The index of each app, built once per synth phase (see `AppIndex.install`). */
const built = new WeakMap<IConstruct, AppIndex>();
const installed = new WeakSet<IConstruct>();

/**
 * The resources of the whole app (every stack) the constructs' synth-time checks look at, found in
 * one walk of the construct tree and shared by every construct's checks, so the cost is linear in
 * the app, not quadratic.
 *
 * Lifecycle: the index is built afresh at the start of every synth's validation (a validation on
 * the app's root, which CDK validates before any other construct), so each validation pass sees the
 * final tree, and a tree changed between two synths is indexed again. Before that (aspects at the
 * start of a synth) the first use builds it.
 */
export class AppIndex {
  /** Indexes the app `scope` belongs to (the one built for this synth phase). */
  public static of(scope: IConstruct): AppIndex {
    const root = rootOf(scope);
    AppIndex.install(root);
    let index = built.get(root);
    if (!index) {
      index = new AppIndex(root);
      built.set(root, index);
    }
    return index;
  }

  /** Makes the app's root rebuild the index at the start of every validation pass. */
  public static install(scope: IConstruct): void {
    const root = rootOf(scope);
    if (installed.has(root)) return;
    installed.add(root);
    root.node.addValidation({
      validate: () => {
        built.set(root, new AppIndex(root));
        return [];
      },
    });
  }

  public readonly listeners: elbv2.CfnListener[] = [];
  public readonly rules: elbv2.CfnListenerRule[] = [];
  public readonly targetGroups: elbv2.CfnTargetGroup[] = [];
  public readonly ecsServices: ecs.CfnService[] = [];
  public readonly ingress: ec2.CfnSecurityGroupIngress[] = [];
  public readonly egress: ec2.CfnSecurityGroupEgress[] = [];

  private constructor(root: IConstruct) {
    for (const c of root.node.findAll()) {
      if (c instanceof elbv2.CfnListener) this.listeners.push(c);
      else if (c instanceof elbv2.CfnListenerRule) this.rules.push(c);
      else if (c instanceof elbv2.CfnTargetGroup) this.targetGroups.push(c);
      else if (c instanceof ec2.CfnSecurityGroupIngress) this.ingress.push(c);
      else if (c instanceof ec2.CfnSecurityGroupEgress) this.egress.push(c);
      else if (CfnResource.isCfnResource(c) && c.cfnResourceType === 'AWS::ECS::Service') this.ecsServices.push(c as ecs.CfnService);
    }
  }

  /** What is attached to the load balancer, wherever in the app it was created. */
  public attachedTo(loadBalancer: elbv2.IApplicationLoadBalancer): Attachments {
    const listeners = this.listeners.filter((l) => refersTo(l, l.loadBalancerArn, loadBalancer.loadBalancerArn, Stack.of(loadBalancer)));
    const rules = this.rules.filter((r) => listeners.some((l) => refersTo(r, r.listenerArn, l.ref, Stack.of(l))));
    const actions = [
      ...listeners.map((l) => ({ at: l, json: resolvedText(l, l.defaultActions) })),
      ...rules.map((r) => ({ at: r, json: resolvedText(r, r.actions) })),
    ];
    const targetGroups = this.targetGroups.filter((tg) => actions.some((a) => a.json !== undefined && mentions(a.at, a.json, tg)));
    const ecsTargets: EcsTarget[] = [];
    for (const service of this.ecsServices) {
      const lbs = resolved(service, service.loadBalancers);
      if (!Array.isArray(lbs)) continue;
      for (const entry of lbs as Array<Record<string, unknown>>) {
        const text = JSON.stringify(entry.TargetGroupArn ?? entry.targetGroupArn);
        const tg = targetGroups.find((t) => text !== undefined && mentions(service, text, t));
        if (tg) {
          const containerPort = entry.ContainerPort ?? entry.containerPort;
          ecsTargets.push({ service, targetGroup: tg, containerPort, awsvpc: service.networkConfiguration !== undefined });
        }
      }
    }
    return { listeners, rules, targetGroups, ecsTargets };
  }

  /** Separate ingress rules (`AWS::EC2::SecurityGroupIngress`) of the app on the group. */
  public ingressOf(group: ec2.ISecurityGroup): ec2.CfnSecurityGroupIngress[] {
    return this.ingress.filter((r) => refersTo(r, r.groupId, group.securityGroupId, Stack.of(group)));
  }
}

/**
 * Whether `value`, a property of `at`, is the same reference as `target`, a value of `targetStack`:
 * the same token (also across stacks), or, in one stack, the same once resolved there. Values of
 * two stacks are never compared resolved: two stacks may hold resources of one logical id.
 */
function refersTo(at: IConstruct, value: string | undefined, target: string, targetStack: Stack): boolean {
  if (value === undefined) return false;
  if (value === target) return true;
  if (Stack.of(at) !== targetStack) return false;
  const a = resolvedText(at, value);
  return a !== undefined && a === resolvedText(at, target);
}

/**
 * Whether `json` (resolved in `at`'s stack) mentions the target group: its `Ref` in the same stack,
 * or the import of it from another stack.
 */
function mentions(at: IConstruct, json: string, tg: elbv2.CfnTargetGroup): boolean {
  const ref = resolvedText(at, tg.ref);
  if (ref === undefined) return false;
  if (Stack.of(tg) !== Stack.of(at) && !ref.includes('Fn::ImportValue')) return false;
  return json.includes(ref);
}

function resolved(at: IConstruct, value: unknown): unknown {
  try {
    return Stack.of(at).resolve(value);
  } catch {
    return undefined;
  }
}

function resolvedText(at: IConstruct, value: unknown | IResolvable): string | undefined {
  const r = resolved(at, value);
  return r === undefined ? undefined : JSON.stringify(r);
}
