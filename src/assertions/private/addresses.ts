/**
 * Addresses in the reachability model: a literal IPv4 CIDR, or a named symbol for a value the
 * template does not spell out (an unresolved intrinsic, an imported value, a prefix list).
 */
export type Address =
  | { readonly kind: 'cidr'; readonly network: number; readonly prefixLength: number; readonly text: string }
  | { readonly kind: 'symbol'; readonly name: string };

/** Three-valued answer: a symbol cannot always be compared with a CIDR. */
export type Tri = 'yes' | 'no' | 'unknown';

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses `a.b.c.d/n` (host bits are masked off, as AWS does for rules); anything else is a symbol. */
export function address(text: string): Address {
  const m = CIDR.exec(text);
  if (!m) {
    return { kind: 'symbol', name: text };
  }
  const octets = m.slice(1, 5).map(Number);
  const prefixLength = Number(m[5]);
  if (octets.some((o) => o > 255) || prefixLength > 32) {
    return { kind: 'symbol', name: text };
  }
  const value = ((octets[0] * 256 + octets[1]) * 256 + octets[2]) * 256 + octets[3];
  return { kind: 'cidr', network: networkOf(value, prefixLength), prefixLength, text };
}

export function symbol(name: string): Address {
  return { kind: 'symbol', name };
}

function networkOf(value: number, prefixLength: number): number {
  const size = 2 ** (32 - prefixLength);
  return Math.floor(value / size) * size;
}

/** Does `outer` contain every address of `inner`? */
export function contains(outer: Address, inner: Address): Tri {
  if (outer.kind === 'cidr' && outer.prefixLength === 0) {
    return 'yes';
  }
  if (outer.kind === 'cidr' && inner.kind === 'cidr') {
    if (inner.prefixLength < outer.prefixLength) {
      return 'no';
    }
    return networkOf(inner.network, outer.prefixLength) === outer.network ? 'yes' : 'no';
  }
  if (outer.kind === 'symbol' && inner.kind === 'symbol' && outer.name === inner.name) {
    return 'yes';
  }
  return 'unknown';
}

/** Do `a` and `b` share at least one address? */
export function overlaps(a: Address, b: Address): Tri {
  if (a.kind === 'cidr' && b.kind === 'cidr') {
    const p = Math.min(a.prefixLength, b.prefixLength);
    return networkOf(a.network, p) === networkOf(b.network, p) ? 'yes' : 'no';
  }
  if ((a.kind === 'cidr' && a.prefixLength === 0) || (b.kind === 'cidr' && b.prefixLength === 0)) {
    return 'yes';
  }
  return a.kind === 'symbol' && b.kind === 'symbol' && a.name === b.name ? 'yes' : 'unknown';
}

export function addressText(a: Address): string {
  return a.kind === 'cidr' ? a.text : a.name;
}

/** The first and last port of the ephemeral range the load balancer guide documents. */
export const EPHEMERAL = { from: 1024, to: 65535 };

/** A range of TCP ports, both ends included. */
export interface PortRange {
  readonly from: number;
  readonly to: number;
}

/**
 * The ports no network ACL entry should admit from everyone: SSH and RDP (Control Tower CT.EC2.PR.5,
 * Security Hub EC2.21). The library's from-everyone reply entries leave them out.
 */
export const ADMIN_PORTS = [22, 3389];

/** A range without the given ports (the ranges around them). */
export function rangesWithout(range: PortRange, ports: number[]): PortRange[] {
  const out: PortRange[] = [];
  let from = range.from;
  for (const port of [...ports].sort((a, b) => a - b).filter((p) => p >= range.from && p <= range.to)) {
    if (port > from) out.push({ from, to: port - 1 });
    from = port + 1;
  }
  if (from <= range.to) out.push({ from, to: range.to });
  return out;
}

/**
 * The ports replies are checked on, unless the caller names the source's range: the documented
 * ephemeral range without the admin ports. Operating systems pick source ports from 32768 (Linux)
 * or 49152 (Windows), never 3389; a NAT gateway picks from 1024-65535, so 1 of its 64,512 source
 * ports (3389) gets no reply through an ACL that refuses RDP from everyone — a cost the model
 * leaves out by default and shows when asked for the whole range.
 */
export const EPHEMERAL_RANGES: PortRange[] = rangesWithout(EPHEMERAL, ADMIN_PORTS);

/** Ports as text: `TCP 443`, `TCP 1024-3388, 3390-65535`. */
export function portsText(ranges: PortRange[]): string {
  return `TCP ${ranges.map((r) => (r.from === r.to ? `${r.from}` : `${r.from}-${r.to}`)).join(', ')}`;
}
