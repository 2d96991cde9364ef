import { address, addressText, contains, overlaps, symbol } from '../../../src/assertions/private/addresses';

describe('address', () => {
  test.each([
    ['10.0.0.0/16', { kind: 'cidr', network: 167772160, prefixLength: 16, text: '10.0.0.0/16' }],
    ['10.0.5.7/16', { kind: 'cidr', network: 167772160, prefixLength: 16, text: '10.0.5.7/16' }], // host bits masked, as AWS does
    ['255.255.255.255/32', { kind: 'cidr', network: 4294967295, prefixLength: 32, text: '255.255.255.255/32' }],
    ['0.0.0.0/0', { kind: 'cidr', network: 0, prefixLength: 0, text: '0.0.0.0/0' }],
    ['1.2.3.4/24', { kind: 'cidr', network: 16909056, prefixLength: 24, text: '1.2.3.4/24' }],
  ])('parses %s', (text, expected) => {
    expect(address(text)).toEqual(expected);
  });

  test.each(['256.0.0.0/8', '10.0.0.300/32', '10.0.0.0/33', '10.0.0.0', 'x10.0.0.0/8', '10.0.0.0/8x', '10.0.0.1234/32', '10.0.0.0/123', '::/0'])('keeps %s as a symbol', (text) => {
    expect(address(text)).toEqual({ kind: 'symbol', name: text });
  });

  test('symbol and addressText', () => {
    expect(symbol('VPC CIDR')).toEqual({ kind: 'symbol', name: 'VPC CIDR' });
    expect(addressText(symbol('x'))).toEqual('x');
    expect(addressText(address('10.0.0.0/8'))).toEqual('10.0.0.0/8');
  });
});

describe('contains', () => {
  test.each([
    ['0.0.0.0/0', '10.0.0.0/8', 'yes'],
    ['0.0.0.0/0', 'VPC', 'yes'],
    ['10.0.0.0/8', '10.1.0.0/16', 'yes'],
    ['10.0.0.0/8', '10.0.0.0/8', 'yes'],
    ['10.1.0.0/16', '10.0.0.0/8', 'no'], // the inner block is wider
    ['10.0.0.0/8', '11.0.0.0/16', 'no'],
    ['10.0.0.0/16', '10.0.255.255/32', 'yes'],
    ['10.0.0.0/16', '10.1.0.0/32', 'no'],
    ['VPC', 'VPC', 'yes'],
    ['VPC', 'OTHER', 'unknown'],
    ['VPC', '10.0.0.0/16', 'unknown'],
    ['10.0.0.0/16', 'VPC', 'unknown'],
  ])('%s contains %s: %s', (outer, inner, expected) => {
    expect(contains(address(outer), address(inner))).toEqual(expected);
  });
});

describe('overlaps', () => {
  test.each([
    ['10.0.0.0/8', '10.1.0.0/16', 'yes'],
    ['10.1.0.0/16', '10.0.0.0/8', 'yes'],
    ['10.1.0.0/16', '10.2.0.0/16', 'no'],
    ['10.1.0.0/24', '10.1.0.128/25', 'yes'],
    ['10.1.0.0/25', '10.1.0.128/25', 'no'],
    ['0.0.0.0/0', 'VPC', 'yes'],
    ['VPC', '0.0.0.0/0', 'yes'],
    ['VPC', 'VPC', 'yes'],
    ['VPC', 'OTHER', 'unknown'],
    ['VPC', '10.0.0.0/16', 'unknown'],
    ['10.0.0.0/16', 'VPC', 'unknown'],
  ])('%s and %s: %s', (a, b, expected) => {
    expect(overlaps(address(a), address(b))).toEqual(expected);
  });
});
