import { checkAcls } from './acl-checks';
import { contextOf, LbContext } from './context';
import { dedupe, RawFinding } from './findings';
import { groupFindings } from './group-findings';
import { Reachability } from './reach';
import { TemplateReader } from './reader';
import { UnitRunner } from './run-units';
import { Recommendations } from '../../recommendations';

export type { FindingKindValue, RawFinding } from './findings';

/**
 * Checks every application load balancer of a template against the recommended rules: each
 * recommended rule that is missing, and each rule wider than recommended. The intent an L3
 * construct recorded on the load balancer (its clients, target networks, identity providers and
 * own target groups) says what is needed; without it, the documented defaults apply.
 *
 * This is the walk: each recommendation's check is in its unit (src/recommendations/private/units),
 * run at the places of the walk it names (`CheckScopes`).
 */
export function checkRecommendations(t: TemplateReader, reach: Reachability): RawFinding[] {
  const findings: RawFinding[] = [];
  // where a rule is checked: one finding per rule or entry to fix, listing these
  const places = new Set([...t.subnets.keys(), ...t.targetGroups.keys()]);
  for (const lb of t.loadBalancers.values()) {
    if (lb.type === 'classic') {
      findings.push({
        kind: 'UNKNOWN',
        recommendation: Recommendations.LBSG_OUT_TARGET,
        loadBalancer: lb.id,
        resource: lb.id,
        message: `classic load balancer ${lb.id}: not checked (the recommendations are for application load balancers; its flows are in the flows report)`,
        fix: 'Check its security groups and network ACLs by hand, or move it to an application load balancer.',
      });
      continue;
    }
    if (lb.type !== 'application') continue;
    const ctx = contextOf(t, lb);
    findings.push(...groupFindings(dedupe([
      ...unresolvedPortFindings(ctx),
      ...checkLoadBalancerGroup(t, reach, ctx),
      ...checkTargetGroups(t, reach, ctx),
      ...checkAcls(t, reach, ctx),
    ]), places));
  }
  return findings;
}

/**
 * What the checks cannot look at because a port is not known: a listener's (its clients' rules),
 * a target group's (the rules to its targets), a health check's (the health-check rules; those of
 * the traffic port are checked). Each is an UNKNOWN finding, never a silent pass.
 */
function unresolvedPortFindings(ctx: LbContext): RawFinding[] {
  const lbId = ctx.lb.id;
  const fix = 'Give the port a value the model can read (pass the parameter with `parameters`, or give it a default), or check these rules yourself.';
  const ports = ctx.unresolvedPorts.map((u): RawFinding => ({
    kind: 'UNKNOWN',
    recommendation: u.kind === 'target group' ? Recommendations.LBSG_OUT_TARGET
      : ctx.lb.internetFacing ? Recommendations.LBSG_IN_LISTENER_INTERNET : Recommendations.LBSG_IN_LISTENER_VPC,
    loadBalancer: lbId,
    resource: u.id,
    message: `${lbId}: ${u.kind} ${u.id} has a port the template does not resolve (${u.text}): the rules ${u.kind === 'listener' ? 'for its clients' : 'to its targets'} are not checked`,
    fix,
  }));
  const healthChecks = [...new Map(ctx.targets.filter((x) => x.healthCheckUnknown !== undefined).map((x) => [x.targetGroup, x])).values()]
    .map((x): RawFinding => ({
      kind: 'UNKNOWN',
      recommendation: Recommendations.LBSG_OUT_HEALTH_CHECK,
      loadBalancer: lbId,
      resource: x.targetGroup,
      message: `${lbId}: the health-check port of ${x.targetGroup} is ${x.healthCheckUnknown}, which the model cannot resolve: the health-check rules are not checked (those of the traffic port are)`,
      fix,
    }));
  return [...ports, ...healthChecks];
}

/** The load balancer's groups: the clients in, its rules (template order), the targets and identity providers out. */
function checkLoadBalancerGroup(t: TemplateReader, reach: Reachability, ctx: LbContext): RawFinding[] {
  if (ctx.lbGroups.length === 0) {
    return [{
      kind: 'UNKNOWN',
      recommendation: Recommendations.LBSG_OUT_TARGET,
      loadBalancer: ctx.lb.id,
      resource: ctx.lb.id,
      message: `${ctx.lb.id} has no security group in the template: its rules cannot be checked`,
      fix: 'Give the load balancer a security group defined in the same template.',
    }];
  }
  const units = new UnitRunner(t, reach, ctx);
  // the group's rules in the order the template gives them
  const rules = ctx.lbGroups.flatMap((g) => (t.securityGroups.get(g)?.rules ?? []).map((rule) => ({ group: g, rule })));
  return [
    ...ctx.clients.flatMap((client) => units.run('lbSgClient', { client })),
    ...rules.flatMap((at) => units.run('lbSgRule', at)),
    ...ctx.targets.flatMap((target) => units.run('lbSgTarget', { target })),
    ...ctx.identityProviders.flatMap((idp) => units.run('lbSgIdentityProvider', { idp })),
  ];
}

/** The targets' groups (in the VPC): the load balancer's requests and health checks, path MTU discovery, no way around it. */
function checkTargetGroups(t: TemplateReader, reach: Reachability, ctx: LbContext): RawFinding[] {
  const units = new UnitRunner(t, reach, ctx);
  const out: RawFinding[] = [];
  const lbId = ctx.lb.id;
  for (const target of ctx.targets.filter((x) => !x.network)) {
    if (target.groups.length === 0) {
      out.push({
        kind: 'UNKNOWN',
        recommendation: Recommendations.TGSG_IN_TARGET,
        loadBalancer: lbId,
        resource: target.targetGroup,
        message: `${lbId}: the targets of ${target.targetGroup} and their security groups are not in the template`,
        fix: 'Register targets defined in the same template, or check their security groups yourself.',
      });
      continue;
    }
    out.push(...units.run('targetSgTarget', { target }));
    for (const group of target.groups) {
      out.push(...units.run('targetSgGroup', { group }), ...units.run('targetSgGroupWider', { group }));
    }
  }
  return out;
}
