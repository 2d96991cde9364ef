import { Address, addressText, contains, EPHEMERAL, symbol } from './addresses';
import { EndpointSpec, INTERNET_ADDRESS, Reachability, StepResult } from './reach';
import { LoadBalancer, SgRule, TemplateReader } from './reader';
import { Recommendation, Recommendations } from '../../recommendations';

export type FindingKindValue = 'MISSING' | 'WIDER' | 'UNKNOWN';

export interface RawFinding {
  readonly kind: FindingKindValue;
  readonly recommendation: Recommendation;
  readonly loadBalancer: string;
  readonly resource: string;
  readonly message: string;
  readonly fix: string;
}

/** What the checks know about one application load balancer. */
interface LbContext {
  readonly lb: LoadBalancer;
  readonly lbGroups: string[];
  readonly lbSubnets: string[];
  readonly listenerPorts: number[];
  readonly targets: Array<{ targetGroup: string; port: number; healthCheckPort: number; groups: string[]; subnets: string[] }>;
  readonly vpcCidr: Address;
}

/**
 * Checks every application load balancer of a template against the recommended rules: each
 * recommended rule that is missing, and each rule wider than recommended.
 */
export function checkRecommendations(t: TemplateReader, reach: Reachability): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const lb of t.loadBalancers.values()) {
    if (lb.type !== 'application') continue;
    const ctx = context(t, lb);
    findings.push(...checkLoadBalancerGroup(t, reach, ctx));
    findings.push(...checkTargetGroups(t, reach, ctx));
    findings.push(...checkAcls(t, reach, ctx));
  }
  return findings;
}

function context(t: TemplateReader, lb: LoadBalancer): LbContext {
  const lbGroups = lb.securityGroups.map((g) => g.logicalId).filter((g): g is string => g !== undefined);
  const lbSubnets = lb.subnets.map((s) => s.logicalId ?? s.text);
  const listenerPorts = [...new Set(lb.listeners.map((l) => l.port).filter((p): p is number => p !== undefined))];
  const targets = [];
  for (const tgId of new Set(lb.listeners.flatMap((l) => l.targetGroups))) {
    const tg = t.targetGroups.get(tgId);
    if (!tg || tg.port === undefined || tg.targetType === 'lambda') continue;
    const groups = t.targetSecurityGroups(tg, lbGroups);
    targets.push({ targetGroup: tgId, port: tg.port, healthCheckPort: tg.healthCheckPort ?? tg.port, groups, subnets: tg.targetSubnets });
  }
  const vpc = t.subnets.get(lbSubnets[0] ?? '')?.vpc ?? t.securityGroups.get(lbGroups[0] ?? '')?.vpc;
  const vpcCidr = (vpc ? t.vpcs.get(vpc) : undefined) ?? symbol('VPC CIDR');
  return { lb, lbGroups, lbSubnets, listenerPorts, targets, vpcCidr };
}

function endpoint(label: string, groups: string[], subnets: string[], addr: Address): EndpointSpec {
  return { label, groups, subnets, address: addr };
}

function clientOf(ctx: LbContext): EndpointSpec {
  return ctx.lb.internetFacing
    ? endpoint('a client on the internet', [], [], INTERNET_ADDRESS)
    : endpoint(`a client in the VPC (${addressText(ctx.vpcCidr)})`, [], [], ctx.vpcCidr);
}

function portsOf(rule: SgRule): string {
  return rule.protocol === 'all' ? 'all traffic' : `${rule.protocol} ${rule.fromPort === rule.toPort ? rule.fromPort : `${rule.fromPort}-${rule.toPort}`}`;
}

function coversOnly(rule: SgRule, allowed: number[]): boolean {
  if (rule.protocol !== 'tcp') return false;
  for (let p = rule.fromPort; p <= rule.toPort; p++) {
    if (!allowed.includes(p)) return false;
  }
  return true;
}

function isWorld(rule: SgRule): boolean {
  if (rule.peer.kind !== 'address') return false;
  const a = rule.peer.address;
  return (a.kind === 'cidr' && a.prefixLength === 0) || (a.kind === 'symbol' && a.name === 'ipv6:::/0');
}

function checkLoadBalancerGroup(t: TemplateReader, reach: Reachability, ctx: LbContext): RawFinding[] {
  const out: RawFinding[] = [];
  const lbId = ctx.lb.id;
  if (ctx.lbGroups.length === 0) {
    return [{
      kind: 'UNKNOWN',
      recommendation: Recommendations.LB_SG_OUT_TARGET,
      loadBalancer: lbId,
      resource: lbId,
      message: `${lbId} has no security group in the template: its rules cannot be checked`,
      fix: 'Give the load balancer a security group defined in the same template.',
    }];
  }
  const listenerRec = ctx.lb.internetFacing ? Recommendations.LB_SG_IN_LISTENER_INTERNET : Recommendations.LB_SG_IN_LISTENER_VPC;
  const client = clientOf(ctx);
  for (const port of ctx.listenerPorts) {
    const step = reach.groupsAllow('ingress', ctx.lbGroups, 'in', client, client.address, port);
    if (!step.allowed) {
      out.push({
        kind: 'MISSING',
        recommendation: listenerRec,
        loadBalancer: lbId,
        resource: ctx.lbGroups.join(', '),
        message: `${lbId}: ${step.detail}`,
        fix: `Allow TCP ${port} inbound from ${ctx.lb.internetFacing ? '0.0.0.0/0' : 'the VPC CIDR and the client networks'} on the load balancer security group.`,
      });
    }
  }
  const targetPorts = [...new Set(ctx.targets.flatMap((x) => [x.port, x.healthCheckPort]))];
  for (const g of ctx.lbGroups) {
    for (const rule of t.securityGroups.get(g)?.rules ?? []) {
      if (rule.direction === 'in') {
        if (!ctx.lb.internetFacing && isWorld(rule)) {
          out.push({
            kind: 'WIDER',
            recommendation: Recommendations.LB_SG_IN_LISTENER_VPC,
            loadBalancer: lbId,
            resource: rule.source,
            message: `${lbId} is internal but ${rule.source} allows ${portsOf(rule)} from everyone (${describePeer(rule)})`,
            fix: 'Allow only the VPC CIDR and the client networks; pass open: false to listeners.',
          });
        } else if (!coversOnly(rule, ctx.listenerPorts)) {
          out.push({
            kind: 'WIDER',
            recommendation: listenerRec,
            loadBalancer: lbId,
            resource: rule.source,
            message: `${lbId}: ${rule.source} allows ${portsOf(rule)} inbound from ${describePeer(rule)}, beyond the listener ports (${ctx.listenerPorts.join(', ') || 'none'})`,
            fix: 'Remove the rule or narrow it to the listener ports.',
          });
        }
      } else {
        // Without targets in the template only what is wide for any target is reported: all
        // traffic (CloudFormation's default included); with targets, anything beyond their ports.
        const toTargetGroup = rule.peer.kind === 'group' && ctx.targets.some((x) => x.groups.includes(rule.peer.kind === 'group' ? rule.peer.group.logicalId ?? '' : ''));
        const wider = ctx.targets.length > 0 ? rule.implicit || !toTargetGroup || !coversOnly(rule, targetPorts) : rule.protocol === 'all';
        if (wider) {
          out.push({
            kind: 'WIDER',
            recommendation: Recommendations.LB_SG_OUT_TARGET,
            loadBalancer: lbId,
            resource: rule.source,
            message: rule.implicit
              ? `${lbId}: ${g} declares no egress rule, so CloudFormation's default allows all outbound traffic`
              : `${lbId}: ${rule.source} allows ${portsOf(rule)} outbound to ${describePeer(rule)}; the load balancer needs ${targetPorts.length > 0
                ? `only the target and health-check ports (${targetPorts.join(', ')}) to the targets' security group`
                : 'egress to its targets\' ports only'} (access logs need no egress)`,
            fix: 'Set allowAllOutbound: false and allow only the target and health-check ports to the target security group.',
          });
        }
      }
    }
  }
  for (const target of ctx.targets) {
    const rows = [[target.port, Recommendations.LB_SG_OUT_TARGET], [target.healthCheckPort, Recommendations.LB_SG_OUT_HEALTH_CHECK]] as const;
    for (const [port, rec] of rows) {
      if (target.groups.length === 0) continue;
      const dst = endpoint(`the targets of ${target.targetGroup} (${target.groups.join(', ')})`, target.groups, [], symbol(`members of ${target.groups.join(', ')}`));
      const step = reach.groupsAllow('egress', ctx.lbGroups, 'out', dst, dst.address, port);
      if (!step.allowed) {
        out.push({
          kind: 'MISSING',
          recommendation: rec,
          loadBalancer: lbId,
          resource: ctx.lbGroups.join(', '),
          message: `${lbId}: ${step.detail}${rec === Recommendations.LB_SG_OUT_HEALTH_CHECK ? ' (health-check port)' : ''}`,
          fix: `Allow TCP ${port} outbound from the load balancer security group to ${target.groups.join(', ')}.`,
        });
      }
    }
  }
  return dedupe(out);
}

function checkTargetGroups(t: TemplateReader, reach: Reachability, ctx: LbContext): RawFinding[] {
  const out: RawFinding[] = [];
  const lbId = ctx.lb.id;
  const lb = endpoint(`the load balancer ${lbId}`, ctx.lbGroups, [], symbol(`members of ${ctx.lbGroups.join(', ')}`));
  for (const target of ctx.targets) {
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
    const rows = [[target.port, Recommendations.TARGET_SG_IN_TARGET], [target.healthCheckPort, Recommendations.TARGET_SG_IN_HEALTH_CHECK]] as const;
    for (const [port, rec] of rows) {
      const step = reach.groupsAllow('ingress', target.groups, 'in', lb, lb.address, port);
      if (!step.allowed) {
        out.push({
          kind: 'MISSING',
          recommendation: rec,
          loadBalancer: lbId,
          resource: target.groups.join(', '),
          message: `${lbId}: ${step.detail}${rec === Recommendations.TARGET_SG_IN_HEALTH_CHECK ? ' (health-check port: the targets stay unhealthy)' : ''}`,
          fix: `Allow TCP ${port} inbound on ${target.groups.join(', ')} from the load balancer security group.`,
        });
      }
    }
    for (const g of target.groups) {
      const rules = t.securityGroups.get(g)?.rules ?? [];
      const pmtu = rules.some((r) => r.direction === 'in' && (r.protocol === 'all' || (r.protocol === 'icmp' && (r.fromPort === 3 || r.fromPort === -1) && (r.toPort === 4 || r.toPort === -1)))
        && (r.peer.kind !== 'address' || contains(r.peer.address, ctx.vpcCidr) !== 'no'));
      if (!pmtu) {
        out.push({
          kind: 'MISSING',
          recommendation: Recommendations.TARGET_SG_IN_ICMP_PMTU,
          loadBalancer: lbId,
          resource: g,
          message: `${lbId}: ${g} does not accept ICMP type 3 code 4 (fragmentation needed) from the VPC; path MTU discovery can fail`,
          fix: `Allow ICMP type 3 code 4 inbound on ${g} from the VPC CIDR.`,
        });
      }
      for (const r of rules.filter((x) => x.direction === 'in' && isWorld(x) && x.protocol !== 'icmp')) {
        out.push({
          kind: 'WIDER',
          recommendation: Recommendations.TARGET_SG_IN_TARGET,
          loadBalancer: lbId,
          resource: r.source,
          message: `${lbId}: ${r.source} lets everyone reach the targets directly (${portsOf(r)} from ${describePeer(r)}), bypassing the load balancer`,
          fix: 'Allow the target and health-check ports from the load balancer security group only.',
        });
      }
    }
  }
  return dedupe(out);
}

function checkAcls(t: TemplateReader, reach: Reachability, ctx: LbContext): RawFinding[] {
  const out: RawFinding[] = [];
  const lbId = ctx.lb.id;
  const eph = EPHEMERAL;
  const clientAddr = ctx.lb.internetFacing ? INTERNET_ADDRESS : ctx.vpcCidr;
  // Only ACLs of the template are checked (see `aclInTemplate`); one that cannot be compared with
  // an address the template does not give (an imported subnet's CIDR) proves no rule missing.
  const add = (step: StepResult, rec: Recommendation, fix: string) => {
    if (!step.allowed) {
      out.push({
        kind: step.unknown ? 'UNKNOWN' : 'MISSING',
        recommendation: rec,
        loadBalancer: lbId,
        resource: step.decidedBy,
        message: `${lbId}: ${step.name}: ${step.detail}`,
        fix: step.unknown ? `Check by hand (the template does not give the addresses to compare): ${fix}` : fix,
      });
    }
  };
  for (const subnet of ctx.lbSubnets) {
    if (!aclInTemplate(t, subnet)) continue; // its ACL is not in the template: nothing to read
    const listenerRec = ctx.lb.internetFacing ? Recommendations.LB_ACL_IN_LISTENER_INTERNET : Recommendations.LB_ACL_IN_LISTENER_VPC;
    const clientText = ctx.lb.internetFacing ? '0.0.0.0/0' : 'the VPC CIDR';
    for (const port of ctx.listenerPorts) {
      add(reach.aclStep(`load balancer subnet ${subnet} inbound`, subnet, false, false, clientAddr, port, port), listenerRec,
        `Allow TCP ${port} inbound from ${clientText} in the network ACL of ${subnet}.`);
    }
    add(reach.aclStep(`load balancer subnet ${subnet} outbound (ephemeral)`, subnet, false, true, clientAddr, eph.from, eph.to),
      ctx.lb.internetFacing ? Recommendations.LB_ACL_OUT_EPHEMERAL_INTERNET : Recommendations.LB_ACL_OUT_EPHEMERAL_VPC,
      `Allow TCP ${eph.from}-${eph.to} outbound to ${clientText} in the network ACL of ${subnet}.`);
    for (const target of ctx.targets) {
      // Targets in unknown subnets stand for the whole VPC; targets in the load balancer's own
      // subnet are reached without crossing its network ACL.
      const targetSubnets = target.subnets.length > 0 ? target.subnets : [undefined];
      for (const targetSubnet of targetSubnets.filter((s) => s !== subnet)) {
        const addr = targetSubnet === undefined ? ctx.vpcCidr : reach.addressIn(endpoint('', [], [], ctx.vpcCidr), targetSubnet);
        add(reach.aclStep(`load balancer subnet ${subnet} outbound`, subnet, false, true, addr, target.port, target.port), Recommendations.LB_ACL_OUT_TARGET,
          `Allow TCP ${target.port} outbound to the VPC CIDR in the network ACL of ${subnet}.`);
        add(reach.aclStep(`load balancer subnet ${subnet} outbound`, subnet, false, true, addr, target.healthCheckPort, target.healthCheckPort), Recommendations.LB_ACL_OUT_HEALTH_CHECK,
          `Allow TCP ${target.healthCheckPort} outbound to the VPC CIDR in the network ACL of ${subnet}.`);
        add(reach.aclStep(`load balancer subnet ${subnet} inbound (ephemeral)`, subnet, false, false, addr, eph.from, eph.to), Recommendations.LB_ACL_IN_EPHEMERAL_VPC,
          `Allow TCP ${eph.from}-${eph.to} inbound from the VPC CIDR in the network ACL of ${subnet}.`);
      }
    }
    if (!ctx.lb.internetFacing) {
      const acl = t.subnets.get(subnet)?.acl;
      for (const e of (acl ? t.acls.get(acl)?.entries ?? [] : [])) {
        if (!e.egress && e.allow && e.cidr.kind === 'cidr' && e.cidr.prefixLength === 0 && (e.protocol === 'all' || ctx.listenerPorts.some((p) => p >= e.fromPort && p <= e.toPort))) {
          out.push({
            kind: 'WIDER',
            recommendation: Recommendations.LB_ACL_IN_LISTENER_VPC,
            loadBalancer: lbId,
            resource: e.id,
            message: `${lbId} is internal but entry ${e.ruleNumber} (${e.id}) of ${acl} lets 0.0.0.0/0 reach the listener port`,
            fix: 'Allow the listener port from the VPC CIDR and the client networks only.',
          });
        }
      }
    }
  }
  for (const target of ctx.targets) {
    for (const subnet of target.subnets) {
      if (!aclInTemplate(t, subnet)) continue;
      for (const lbSubnet of ctx.lbSubnets) {
        if (lbSubnet === subnet) continue;
        const lbAddr = reach.addressIn(endpoint('', [], [], ctx.vpcCidr), lbSubnet);
        add(reach.aclStep(`target subnet ${subnet} inbound`, subnet, false, false, lbAddr, target.port, target.port), Recommendations.TARGET_ACL_IN_TARGET,
          `Allow TCP ${target.port} inbound from the VPC CIDR in the network ACL of ${subnet}.`);
        add(reach.aclStep(`target subnet ${subnet} inbound`, subnet, false, false, lbAddr, target.healthCheckPort, target.healthCheckPort), Recommendations.TARGET_ACL_IN_HEALTH_CHECK,
          `Allow TCP ${target.healthCheckPort} inbound from the VPC CIDR in the network ACL of ${subnet}.`);
        add(reach.aclStep(`target subnet ${subnet} outbound (ephemeral)`, subnet, false, true, lbAddr, eph.from, eph.to), Recommendations.TARGET_ACL_OUT_EPHEMERAL_VPC,
          `Allow TCP ${eph.from}-${eph.to} outbound to the VPC CIDR in the network ACL of ${subnet}.`);
      }
    }
  }
  return dedupe(out);
}

/**
 * Whether the template holds the subnet's network ACL: an associated ACL of the template, or the
 * default ACL of a subnet of the template. An imported subnet without an association keeps an ACL
 * the template does not show.
 */
function aclInTemplate(t: TemplateReader, subnet: string): boolean {
  const s = t.subnets.get(subnet);
  if (!s) return false;
  return s.acl !== undefined ? t.acls.has(s.acl) : !s.outside;
}

function describePeer(rule: SgRule): string {
  if (rule.peer.kind === 'group') return rule.peer.group.text;
  if (rule.peer.kind === 'prefixList') return rule.peer.name;
  return addressText(rule.peer.address);
}

function dedupe(findings: RawFinding[]): RawFinding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.kind}|${f.recommendation.id}|${f.resource}|${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
