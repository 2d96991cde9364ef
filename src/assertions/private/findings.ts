import { Address, addressText } from './addresses';
import { EndpointSpec, StepResult } from './reach';
import { SgRule } from './reader';
import type { Recommendation } from '../../recommendations/recommendation';

export type FindingKindValue = 'MISSING' | 'WIDER' | 'UNKNOWN' | 'ADVISORY';

export interface RawFinding {
  readonly kind: FindingKindValue;
  readonly recommendation: Recommendation;
  readonly loadBalancer: string;
  readonly resource: string;
  readonly message: string;
  readonly fix: string;
  /**
   * The subnet pairs (`subnet ↔ address`) or target groups the finding was found for, once each:
   * one missing or wider rule or entry is one finding however many of them it affects.
   */
  readonly affected?: string[];
}

/**
 * The finding of a step that does not allow what a recommendation needs: MISSING, or UNKNOWN when
 * the step depends on something the template does not hold.
 */
export function stepFinding(
  step: StepResult, recommendation: Recommendation, loadBalancer: string, resource: string, message: string, fix: string,
): RawFinding {
  return { kind: step.unknown ? 'UNKNOWN' : 'MISSING', recommendation, loadBalancer, resource, message, fix };
}

export function endpoint(label: string, groups: string[], subnets: string[], addr: Address): EndpointSpec {
  return { label, groups, subnets, address: addr };
}

export function portsOf(rule: SgRule): string {
  return rule.protocol === 'all' ? 'all traffic' : `${rule.protocol} ${rule.fromPort === rule.toPort ? rule.fromPort : `${rule.fromPort}-${rule.toPort}`}`;
}

/** Whether a TCP rule opens none but the given ports. */
export function coversOnly(rule: SgRule, allowed: number[]): boolean {
  if (rule.protocol !== 'tcp') return false;
  for (let p = rule.fromPort; p <= rule.toPort; p++) {
    if (!allowed.includes(p)) return false;
  }
  return true;
}

/** Whether a rule names everyone (0.0.0.0/0 or ::/0). */
export function isWorldRule(rule: SgRule): boolean {
  if (rule.peer.kind !== 'address') return false;
  const a = rule.peer.address;
  return (a.kind === 'cidr' && a.prefixLength === 0) || (a.kind === 'symbol' && a.name === 'ipv6:::/0');
}

export function describePeer(rule: SgRule): string {
  if (rule.peer.kind === 'group') return rule.peer.group.text;
  if (rule.peer.kind === 'prefixList') return rule.peer.name;
  return addressText(rule.peer.address);
}

/**
 * One finding per message: the same missing rule found for two target groups (or as the target
 * and the health-check row of one port) is reported once.
 */
export function dedupe(findings: RawFinding[]): RawFinding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.kind}|${f.resource}|${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
