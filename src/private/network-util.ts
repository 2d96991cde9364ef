/**
 * The one home of the numbers and arithmetic of IPv4 CIDRs and TCP ports, shared by the constructs
 * (validation, network-ACL entries) and the reachability model (addresses, reply ranges,
 * `Fn::Cidr`). Pure functions: no CDK, no tokens.
 */

/** A range of TCP ports, both ends included. */
export interface PortRange {
  readonly from: number;
  readonly to: number;
}

/** The lowest and highest TCP port a rule or a listener can name. */
export const MIN_PORT = 1;
export const MAX_PORT = 65535;

/** Every port (`0-65535`, as security-group and ACL rules for all traffic write it). */
export const ALL_PORTS: PortRange = { from: 0, to: MAX_PORT };

/** The ephemeral port range the load balancer guide documents for return traffic (1024-65535). */
export const EPHEMERAL_PORTS: PortRange = { from: 1024, to: MAX_PORT };

/**
 * The ports no network ACL entry should admit from everyone: SSH and RDP (Control Tower CT.EC2.PR.5,
 * Security Hub EC2.21). The library's from-everyone reply entries leave them out.
 */
export const ADMIN_PORTS: readonly number[] = [22, 3389];

/** Whether a value is an integer TCP port (1-65535). */
export function isPort(n: number): boolean {
  return Number.isInteger(n) && n >= MIN_PORT && n <= MAX_PORT;
}

/** A range without the given ports (the ranges around them), in order. */
export function rangesWithout(range: PortRange, ports: readonly number[]): PortRange[] {
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
export const EPHEMERAL_REPLY_RANGES: readonly PortRange[] = rangesWithout(EPHEMERAL_PORTS, ADMIN_PORTS);

/** Ports as text: `TCP 443`, `TCP 1024-3388, 3390-65535`. */
export function portsText(ranges: readonly PortRange[]): string {
  return `TCP ${ranges.map((r) => (r.from === r.to ? `${r.from}` : `${r.from}-${r.to}`)).join(', ')}`;
}

/** An IPv4 CIDR as numbers: the address as written, and its prefix length. */
export interface Ipv4Block {
  /** The address as written, host bits included (a 32-bit unsigned number). */
  readonly address: number;
  /** The address with the host bits off. */
  readonly network: number;
  readonly prefixLength: number;
}

const IPV4_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses `a.b.c.d/n` (octets up to 255, prefix up to 32); undefined for anything else. */
export function parseIpv4Block(text: string): Ipv4Block | undefined {
  const m = IPV4_CIDR.exec(text);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefixLength = Number(m[5]);
  if (octets.some((o) => o > 255) || prefixLength > 32) return undefined;
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  return { address, network: networkOf(address, prefixLength), prefixLength };
}

/** The network address of `address` under a prefix length (arithmetic: JavaScript bit operators are 32-bit signed). */
export function networkOf(address: number, prefixLength: number): number {
  const size = 2 ** (32 - prefixLength);
  return Math.floor(address / size) * size;
}

/** Whether two blocks share at least one address. */
export function blocksOverlap(a: { network: number; prefixLength: number }, b: { network: number; prefixLength: number }): boolean {
  const p = Math.min(a.prefixLength, b.prefixLength);
  return networkOf(a.network, p) === networkOf(b.network, p);
}

/** An IPv4 address as dotted text. */
export function formatIpv4(n: number): string {
  return [2 ** 24, 2 ** 16, 2 ** 8, 1].map((d) => Math.floor(n / d) % 256).join('.');
}

/**
 * CloudFormation's `Fn::Cidr`: `count` blocks of `2^hostBits` addresses from the start of `block`
 * (1-256 of them); undefined when the arguments are not such numbers or the blocks do not fit.
 */
export function subdivide(block: string, count: number, hostBits: number): string[] | undefined {
  const parsed = parseIpv4Block(block);
  if (!parsed || !Number.isInteger(count) || !Number.isInteger(hostBits)) return undefined;
  if (count < 1 || count > 256 || hostBits < 0 || hostBits > 32) return undefined;
  const room = 32 - parsed.prefixLength;
  if (hostBits > room || count * 2 ** hostBits > 2 ** room) return undefined;
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    out.push(`${formatIpv4(parsed.network + i * 2 ** hostBits)}/${32 - hostBits}`);
  }
  return out;
}
