import { blocksOverlap, networkOf, parseIpv4Block } from '../../private/network-util';

/**
 * Addresses in the reachability model: a literal IPv4 CIDR, or a named symbol for a value the
 * template does not spell out (an unresolved intrinsic, an imported value, a prefix list).
 */
export type Address =
  | { readonly kind: 'cidr'; readonly network: number; readonly prefixLength: number; readonly text: string }
  | { readonly kind: 'symbol'; readonly name: string };

/** Three-valued answer: a symbol cannot always be compared with a CIDR. */
export type Tri = 'yes' | 'no' | 'unknown';

/** Parses `a.b.c.d/n` (host bits are masked off, as AWS does for rules); anything else is a symbol. */
export function address(text: string): Address {
  const block = parseIpv4Block(text);
  return block ? { kind: 'cidr', network: block.network, prefixLength: block.prefixLength, text } : { kind: 'symbol', name: text };
}

export function symbol(name: string): Address {
  return { kind: 'symbol', name };
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
    return blocksOverlap(a, b) ? 'yes' : 'no';
  }
  if ((a.kind === 'cidr' && a.prefixLength === 0) || (b.kind === 'cidr' && b.prefixLength === 0)) {
    return 'yes';
  }
  return a.kind === 'symbol' && b.kind === 'symbol' && a.name === b.name ? 'yes' : 'unknown';
}

export function addressText(a: Address): string {
  return a.kind === 'cidr' ? a.text : a.name;
}
