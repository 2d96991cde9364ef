import type { Value } from './template';
import { ALL_PORTS } from '../../../private/network-util';
import { isIntrinsic, unresolvedText } from '../intrinsics';

/** Protocol numbers CloudFormation accepts, by name. */
const PROTOCOLS: Record<string, string> = { '-1': 'all', '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6' };

/** A protocol: 'all', 'tcp', 'udp', 'icmp', 'icmpv6', another number, or the text of an unresolved value. */
export function normalizeProtocol(p: Value): string {
  if (p !== null && typeof p === 'object') return unresolvedText(p);
  const s = String(p).toLowerCase().trim();
  return PROTOCOLS[s] ?? s;
}

/** The text of the first value that is an unresolved intrinsic (an object), with the field it is in. */
export function unresolvedField(fields: Record<string, Value>): string | undefined {
  for (const [name, v] of Object.entries(fields)) {
    if (v !== null && typeof v === 'object') return `${name} is ${unresolvedText(v)}, which the model cannot resolve`;
  }
  return undefined;
}

/** A port given as a number or a string of digits; undefined for anything else (a parameter). */
export function portOf(v: Value): number | undefined {
  if (typeof v === 'number') return v;
  return typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined;
}

/** A number, or a string of digits (CloudFormation accepts both); the fallback for anything else. */
export function numberOr(v: Value, fallback: number): number {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return Number(v);
  return fallback;
}

/** The first and last port of a rule's range; every port when the range is not given. */
export function portRange(from: Value, to: Value): { fromPort: number; toPort: number } {
  return { fromPort: numberOr(from, ALL_PORTS.from), toPort: numberOr(to, ALL_PORTS.to) };
}

/** A list property that must be a list: anything else reads as empty. */
export function asArray(v: Value): Value[] {
  return Array.isArray(v) ? v : [];
}

/**
 * A list property: an array, or a value the template computes at deploy that the model cannot
 * resolve (an `Fn::If` on an unknown condition, `Fn::Split` of an import), which stands for one
 * element the model knows nothing of: never dropped.
 */
export function listOf(v: Value): Value[] {
  if (Array.isArray(v)) return v;
  return isIntrinsic(v) ? [v] : [];
}

/** A value that can name a CIDR: a literal or an intrinsic (a VPC's `CidrBlock` attribute). */
export function isCidrValue(v: Value): boolean {
  return typeof v === 'string' || (v !== null && typeof v === 'object' && !Array.isArray(v));
}

export function isString(v: unknown): v is string {
  return typeof v === 'string';
}
