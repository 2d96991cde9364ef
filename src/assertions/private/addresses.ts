import { blocksOverlap, networkOf, parseIpv4Block } from '../../private/network-util';

/**
 * Addresses in the reachability model: a literal IPv4 CIDR, or a named symbol for a value the
 * template does not spell out (an unresolved intrinsic, an imported value, a prefix list).
 */
export type Address =
  | { readonly kind: 'cidr'; readonly network: number; readonly prefixLength: number; readonly text: string }
  /**
   * `within`: a block the value is known to lie in (an instance's unresolved `PrivateIpAddress` is
   * one address of its subnet): it compares as that block where the block decides, else unknown.
   */
  | { readonly kind: 'symbol'; readonly name: string; readonly within?: Cidr };

/** A literal IPv4 block. */
export type Cidr = Extract<Address, { kind: 'cidr' }>;

/** Three-valued answer: a symbol cannot always be compared with a CIDR. */
export type Tri = 'yes' | 'no' | 'unknown';

/** Parses `a.b.c.d/n` (host bits are masked off, as AWS does for rules); anything else is a symbol. */
export function address(text: string): Address {
  const block = parseIpv4Block(text);
  return block ? { kind: 'cidr', network: block.network, prefixLength: block.prefixLength, text } : { kind: 'symbol', name: text };
}

export function symbol(name: string, within?: Address): Address {
  return within?.kind === 'cidr' ? { kind: 'symbol', name, within } : { kind: 'symbol', name };
}

/** Whether an address is an IPv4 one: a literal block, or a value known to lie in one. */
export function isIpv4(a: Address): boolean {
  return a.kind === 'cidr' || a.within !== undefined;
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
  if (outer.kind === 'cidr' && inner.kind === 'symbol' && inner.within) {
    // one address somewhere in a known block: inside `outer` if the block is, outside if they do not meet
    if (contains(outer, inner.within) === 'yes') return 'yes';
    if (overlaps(outer, inner.within) === 'no') return 'no';
  }
  return 'unknown';
}

/** Do `a` and `b` share at least one address? */
export function overlaps(a: Address, b: Address): Tri {
  if (a.kind === 'symbol' && b.kind === 'symbol' && a.name === b.name) return 'yes';
  if (a.kind === 'symbol' && a.within) return overlapsWithin(b, a.within);
  if (b.kind === 'symbol' && b.within) return overlapsWithin(a, b.within);
  if (a.kind === 'cidr' && b.kind === 'cidr') {
    return blocksOverlap(a, b) ? 'yes' : 'no';
  }
  if ((a.kind === 'cidr' && a.prefixLength === 0) || (b.kind === 'cidr' && b.prefixLength === 0)) {
    return 'yes';
  }
  return a.kind === 'symbol' && b.kind === 'symbol' && a.name === b.name ? 'yes' : 'unknown';
}

/** Whether `a` shares an address with one address somewhere in `block`. */
function overlapsWithin(a: Address, block: Cidr): Tri {
  if (overlaps(a, block) === 'no') return 'no';
  return contains(a, block) === 'yes' ? 'yes' : 'unknown';
}

export function addressText(a: Address): string {
  return a.kind === 'cidr' ? a.text : a.name;
}
