import { checkAcls } from './acl-checks';
import { Address, addressText, contains, symbol } from './addresses';
import { contextOf, LbContext, TargetSpec } from './context';
import { coversOnly, dedupe, describePeer, endpoint, isHealthCheck, isWorldRule, portsOf, RawFinding, stepFinding, targetPortRows } from './findings';
import { IDP_PORT, LB_SG_OUT_IDP } from './identity-providers';
import { Reachability } from './reach';
import { SgRule, TemplateReader } from './reader';
import { Recommendations } from '../../recommendations';

export type { FindingKindValue, RawFinding } from './findings';

/**
 * Checks every application load balancer of a template against the recommended rules: each
 * recommended rule that is missing, and each rule wider than recommended. The intent an L3
 * construct recorded on the load balancer (its clients, target networks, identity providers and
 * own target groups) says what is needed; without it, the documented defaults apply.
 */
export function checkRecommendations(t: TemplateReader, reach: Reachability): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const lb of t.loadBalancers.values()) {
    if (lb.type === 'classic') {
      findings.push({
        kind: 'UNKNOWN',
        recommendation: Recommendations.LB_SG_OUT_TARGET,
        loadBalancer: lb.id,
        resource: lb.id,
        message: `classic load balancer ${lb.id}: not checked (the recommendations are for application load balancers; its flows are in the flows report)`,
        fix: 'Check its security groups and network ACLs by hand, or move it to an application load balancer.',
      });
      continue;
    }
    if (lb.type !== 'application') continue;
    const ctx = contextOf(t, lb);
    findings.push(...dedupe([
      ...checkLoadBalancerGroup(t, reach, ctx),
      ...checkTargetGroups(t, reach, ctx),
      ...checkAcls(t, reach, ctx),
    ]));
  }
  return findings;
}

function checkLoadBalancerGroup(t: TemplateReader, reach: Reachability, ctx: LbContext): RawFinding[] {
  if (ctx.lbGroups.length === 0) {
    return [{
      kind: 'UNKNOWN',
      recommendation: Recommendations.LB_SG_OUT_TARGET,
      loadBalancer: ctx.lb.id,
      resource: ctx.lb.id,
      message: `${ctx.lb.id} has no security group in the template: its rules cannot be checked`,
      fix: 'Give the load balancer a security group defined in the same template.',
    }];
  }
  // the group's rules in the order the template gives them
  const rules = ctx.lbGroups.flatMap((g) => (t.securityGroups.get(g)?.rules ?? []).map((rule) => ({ g, rule })));
  return [
    ...listenerIngress(t, reach, ctx),
    ...rules.flatMap(({ g, rule }) => (rule.direction === 'in' ? widerIngress(rule, ctx) : widerEgress(g, rule, ctx))),
    ...ctx.targets.flatMap((target) => egressToTargets(reach, ctx, target)),
    ...egressToIdentityProviders(reach, ctx),
  ];
}

/**
 * Every client the listeners are opened to reaches every listener port. A client network the
 * template does not spell out (an imported value) cannot be compared: UNKNOWN, not MISSING.
 */
function listenerIngress(t: TemplateReader, reach: Reachability, ctx: LbContext): RawFinding[] {
  const rec = ctx.lb.internetFacing ? Recommendations.LB_SG_IN_LISTENER_INTERNET : Recommendations.LB_SG_IN_LISTENER_VPC;
  const out: RawFinding[] = [];
  for (const client of ctx.clients) {
    for (const port of ctx.listenerPorts) {
      const step = reach.groupsAllow('ingress', ctx.lbGroups, 'in', endpoint(client.label, [], [], client.address), client.address, port);
      if (step.allowed) continue;
      // an internal load balancer whose clients are admitted by security group: that is the rule for them
      if (!ctx.lb.internetFacing && client.address === ctx.vpcCidr && groupReferenceIngress(t, ctx.lbGroups, port)) continue;
      out.push({
        kind: client.address.kind === 'symbol' || step.unknown ? 'UNKNOWN' : 'MISSING',
        recommendation: rec,
        loadBalancer: ctx.lb.id,
        resource: ctx.lbGroups.join(', '),
        message: `${ctx.lb.id}: ${step.detail}`,
        fix: `Allow TCP ${port} inbound from ${client.groupText} on the load balancer security group.`,
      });
    }
  }
  return out;
}

/**
 * An ingress rule beyond the listener ports; or one from everyone on a load balancer not opened
 * to everyone (internal, or internet-facing with narrowed clients).
 */
function widerIngress(rule: SgRule, ctx: LbContext): RawFinding[] {
  const lbId = ctx.lb.id;
  const finding = (message: string, fix: string) => [{
    kind: 'WIDER' as const,
    recommendation: ctx.lb.internetFacing ? Recommendations.LB_SG_IN_LISTENER_INTERNET : Recommendations.LB_SG_IN_LISTENER_VPC,
    loadBalancer: lbId,
    resource: rule.source,
    message,
    fix,
  }];
  if (!ctx.lb.internetFacing && isWorldRule(rule)) {
    return finding(`${lbId} is internal but ${rule.source} allows ${portsOf(rule)} from everyone (${describePeer(rule)})`,
      'Allow only the VPC CIDR and the client networks; pass open: false to listeners.');
  }
  if (ctx.narrowedClients && isWorldRule(rule)) {
    return finding(`${lbId}: ${rule.source} allows ${portsOf(rule)} from everyone (${describePeer(rule)}), but the listeners are opened to ${clientsText(ctx)} only (clientCidrs)`,
      'Allow only the client networks (clientCidrs); pass open: false to listeners.');
  }
  if (!coversOnly(rule, ctx.listenerPorts)) {
    return finding(`${lbId}: ${rule.source} allows ${portsOf(rule)} inbound from ${describePeer(rule)}, beyond the listener ports (${ctx.listenerPorts.join(', ') || 'none'})`,
      'Remove the rule or narrow it to the listener ports.');
  }
  return [];
}

function clientsText(ctx: LbContext): string {
  return ctx.clients.map((c) => addressText(c.address)).join(', ');
}

/**
 * An egress rule the load balancer does not need. Without targets in the template only what is
 * wide for any target is reported: all traffic (CloudFormation's default included). With targets,
 * anything but their ports to them, to the construct's own target groups, and 443 to the
 * identity providers.
 */
function widerEgress(group: string, rule: SgRule, ctx: LbContext): RawFinding[] {
  const targetPorts = targetPortsOf(ctx);
  const wider = rule.implicit || rule.protocol === 'all'
    || (ctx.targets.length > 0 && !toTargets(rule, ctx, targetPorts) && !toOwnTargetGroup(rule, ctx, targetPorts) && !toIdentityProviders(rule, ctx));
  if (!wider) return [];
  const lbId = ctx.lb.id;
  return [{
    kind: 'WIDER',
    recommendation: Recommendations.LB_SG_OUT_TARGET,
    loadBalancer: lbId,
    resource: rule.source,
    message: rule.implicit
      ? `${lbId}: ${group} declares no egress rule, so CloudFormation's default allows all outbound traffic`
      : `${lbId}: ${rule.source} allows ${portsOf(rule)} outbound to ${describePeer(rule)}; the load balancer needs ${neededEgressText(ctx, targetPorts)} (access logs need no egress)`,
    fix: 'Set allowAllOutbound: false and allow only the target and health-check ports to the target security group.',
  }];
}

function targetPortsOf(ctx: LbContext): number[] {
  return [...new Set(ctx.targets.flatMap((x) => [x.port, x.healthCheckPort]))];
}

/** The target ports, to the targets' groups in the VPC or into a network of targets outside it. */
function toTargets(rule: SgRule, ctx: LbContext, targetPorts: number[]): boolean {
  if (!coversOnly(rule, targetPorts)) return false;
  if (rule.peer.kind === 'group') {
    const id = rule.peer.group.logicalId ?? '';
    return ctx.targets.some((x) => x.groups.includes(id));
  }
  return rule.peer.kind === 'address' && within(rule.peer.address, ctx.targetNetworks);
}

/**
 * The target ports to a group the construct made for its targets: made on purpose, and needed as
 * soon as a target is put in it, even while the targets registered now have groups of their own.
 */
function toOwnTargetGroup(rule: SgRule, ctx: LbContext, targetPorts: number[]): boolean {
  return rule.peer.kind === 'group' && ctx.ownTargetGroups.includes(rule.peer.group.logicalId ?? '') && coversOnly(rule, targetPorts);
}

/** HTTPS to the identity providers a listener authenticates users with. */
function toIdentityProviders(rule: SgRule, ctx: LbContext): boolean {
  return rule.peer.kind === 'address' && coversOnly(rule, [IDP_PORT]) && within(rule.peer.address, ctx.identityProviders);
}

function within(a: Address, networks: Address[]): boolean {
  return networks.some((n) => contains(n, a) === 'yes');
}

function neededEgressText(ctx: LbContext, targetPorts: number[]): string {
  if (ctx.targets.length === 0) return 'egress to its targets\' ports only';
  const peers = [
    ...ctx.targets.some((x) => !x.network) ? ['the targets\' security group'] : [],
    ...ctx.targetNetworks.length > 0 ? [`the target networks (${ctx.targetNetworks.map(addressText).join(', ')})`] : [],
  ];
  const idp = ctx.identityProviders.length > 0 ? `, and ${IDP_PORT} to the identity providers (${ctx.identityProviders.map(addressText).join(', ')})` : '';
  return `only the target and health-check ports (${targetPorts.join(', ')}) to ${peers.join(' and ')}${idp}`;
}

/** The load balancer's group lets the target and health-check ports out to the targets. */
function egressToTargets(reach: Reachability, ctx: LbContext, target: TargetSpec): RawFinding[] {
  if (!target.network && target.groups.length === 0) return []; // unknown targets: see checkTargetGroups
  const out: RawFinding[] = [];
  for (const [port, rec] of targetPortRows(target, Recommendations.LB_SG_OUT_TARGET, Recommendations.LB_SG_OUT_HEALTH_CHECK)) {
    const dst = target.network
      ? endpoint(`the IP targets of ${target.targetGroup} (${addressText(target.network)})`, [], [], target.network)
      : endpoint(`the targets of ${target.targetGroup} (${target.groups.join(', ')})`, target.groups, [], symbol(`members of ${target.groups.join(', ')}`));
    const step = reach.groupsAllow('egress', ctx.lbGroups, 'out', dst, dst.address, port);
    if (step.allowed) continue;
    out.push(stepFinding(step, rec, ctx.lb.id, ctx.lbGroups.join(', '),
      `${ctx.lb.id}: ${step.detail}${isHealthCheck(rec) ? ' (health-check port)' : ''}`,
      target.network
        ? `Allow TCP ${port} outbound from the load balancer security group to ${addressText(target.network)} (the targets' network).`
        : `Allow TCP ${port} outbound from the load balancer security group to ${target.groups.join(', ')}.`));
  }
  return out;
}

/** A listener that authenticates users: the load balancer's group lets HTTPS out to the identity providers. */
function egressToIdentityProviders(reach: Reachability, ctx: LbContext): RawFinding[] {
  const out: RawFinding[] = [];
  for (const idp of ctx.identityProviders) {
    const text = addressText(idp);
    const step = reach.groupsAllow('egress', ctx.lbGroups, 'out', endpoint(`the identity providers (${text})`, [], [], idp), idp, IDP_PORT);
    if (step.allowed) continue;
    out.push(stepFinding(step, LB_SG_OUT_IDP, ctx.lb.id, ctx.lbGroups.join(', '),
      `${ctx.lb.id}: ${step.detail} (a listener authenticates users: logins fail with HTTP 500)`,
      `Allow TCP ${IDP_PORT} outbound from the load balancer security group to ${text} (the identity providers).`));
  }
  return out;
}

/** The targets' groups (in the VPC): the load balancer's requests and health checks, path MTU discovery, no way around it. */
function checkTargetGroups(t: TemplateReader, reach: Reachability, ctx: LbContext): RawFinding[] {
  const out: RawFinding[] = [];
  const lbId = ctx.lb.id;
  for (const target of ctx.targets.filter((x) => !x.network)) {
    if (target.groups.length === 0) {
      out.push({
        kind: 'UNKNOWN',
        recommendation: Recommendations.TARGET_SG_IN_TARGET,
        loadBalancer: lbId,
        resource: target.targetGroup,
        message: `${lbId}: the targets of ${target.targetGroup} and their security groups are not in the template`,
        fix: 'Register targets defined in the same template, or check their security groups yourself.',
      });
      continue;
    }
    out.push(...targetIngress(reach, ctx, target));
    for (const g of target.groups) {
      out.push(...pathMtu(t, ctx, g), ...bypasses(t, ctx, g));
    }
  }
  return out;
}

function targetIngress(reach: Reachability, ctx: LbContext, target: TargetSpec): RawFinding[] {
  const lb = endpoint(`the load balancer ${ctx.lb.id}`, ctx.lbGroups, [], symbol(`members of ${ctx.lbGroups.join(', ')}`));
  const out: RawFinding[] = [];
  for (const [port, rec] of targetPortRows(target, Recommendations.TARGET_SG_IN_TARGET, Recommendations.TARGET_SG_IN_HEALTH_CHECK)) {
    const step = reach.groupsAllow('ingress', target.groups, 'in', lb, lb.address, port);
    if (step.allowed) continue;
    out.push(stepFinding(step, rec, ctx.lb.id, target.groups.join(', '),
      `${ctx.lb.id}: ${step.detail}${isHealthCheck(rec) ? ' (health-check port: the targets stay unhealthy)' : ''}`,
      `Allow TCP ${port} inbound on ${target.groups.join(', ')} from the load balancer security group.`));
  }
  return out;
}

function pathMtu(t: TemplateReader, ctx: LbContext, g: string): RawFinding[] {
  const rules = t.securityGroups.get(g)?.rules ?? [];
  const icmp34 = (r: SgRule) => r.protocol === 'icmp' && (r.fromPort === 3 || r.fromPort === -1) && (r.toPort === 4 || r.toPort === -1);
  const pmtu = rules.some((r) => r.direction === 'in' && (r.protocol === 'all' || icmp34(r))
    && (r.peer.kind !== 'address' || contains(r.peer.address, ctx.vpcCidr) !== 'no'));
  return pmtu ? [] : [{
    // an error only where the template opted into path MTU discovery; a warning elsewhere
    kind: optedIntoPathMtu(t, ctx) ? 'MISSING' : 'ADVISORY',
    recommendation: Recommendations.TARGET_SG_IN_ICMP_PMTU,
    loadBalancer: ctx.lb.id,
    resource: g,
    message: `${ctx.lb.id}: ${g} does not accept ICMP type 3 code 4 (fragmentation needed) from the VPC; path MTU discovery can fail`,
    fix: `Allow ICMP type 3 code 4 inbound on ${g} from the VPC CIDR.`,
  }];
}

/** The template asks for the path-MTU rule: an ICMP type 3 rule somewhere, or this library's intent on the load balancer. */
function optedIntoPathMtu(t: TemplateReader, ctx: LbContext): boolean {
  if (ctx.lb.intent) return true;
  return [...t.securityGroups.values()].some((sg) => sg.rules.some((r) => r.protocol === 'icmp' && r.fromPort === 3 && (r.toPort === 4 || r.toPort === -1)));
}

/** An ingress rule of the load balancer's groups from a security group, on the port. */
function groupReferenceIngress(t: TemplateReader, groups: string[], port: number): boolean {
  return groups.some((g) => (t.securityGroups.get(g)?.rules ?? []).some((r) => r.direction === 'in' && r.peer.kind === 'group' && !r.unresolved
    && (r.protocol === 'all' || (r.protocol === 'tcp' && port >= r.fromPort && port <= r.toPort))));
}

function bypasses(t: TemplateReader, ctx: LbContext, g: string): RawFinding[] {
  const rules = (t.securityGroups.get(g)?.rules ?? []).filter((x) => x.direction === 'in' && isWorldRule(x) && x.protocol !== 'icmp');
  return rules.map((r) => ({
    kind: 'WIDER' as const,
    recommendation: Recommendations.TARGET_SG_IN_TARGET,
    loadBalancer: ctx.lb.id,
    resource: r.source,
    message: `${ctx.lb.id}: ${r.source} lets everyone reach the targets directly (${portsOf(r)} from ${describePeer(r)}), bypassing the load balancer`,
    fix: 'Allow the target and health-check ports from the load balancer security group only.',
  }));
}
