import { asArray, isCidrValue, isString, listOf, normalizeProtocol, numberOr, portOf, portRange, unresolvedField } from '../../../../src/assertions/private/reader/values';

describe('normalizeProtocol', () => {
  test.each([
    ['-1', 'all'], [-1, 'all'], ['6', 'tcp'], [6, 'tcp'], ['17', 'udp'], ['1', 'icmp'], ['58', 'icmpv6'],
    ['TCP', 'tcp'], [' tcp ', 'tcp'], ['icmp', 'icmp'], ['50', '50'], [undefined, 'undefined'],
  ])('reads %p as %p', (given, expected) => {
    expect(normalizeProtocol(given)).toBe(expected);
  });

  test('names an unresolved protocol by its intrinsic', () => {
    expect(normalizeProtocol({ Ref: 'Protocol' })).toBe('{Ref Protocol}');
  });
});

describe('unresolvedField', () => {
  test('names the first field that is an object (an intrinsic the model could not resolve)', () => {
    expect(unresolvedField({ A: 'tcp', B: 80, C: { Ref: 'P' }, D: { Ref: 'Q' } })).toBe('C is {Ref P}, which the model cannot resolve');
  });

  test('is undefined when every field is a literal or missing (null counts as a literal)', () => {
    expect(unresolvedField({ A: 'tcp', B: 80, C: undefined, D: null })).toBeUndefined();
  });
});

describe('numbers', () => {
  test.each([
    [80, 80], ['80', 80], ['080', 80], ['8o', undefined], ['', undefined], [{ Ref: 'Port' }, undefined], [undefined, undefined], ['-1', undefined],
  ])('portOf(%p) is %p', (given, expected) => {
    expect(portOf(given)).toBe(expected);
  });

  test.each([
    [5, 5], ['-1', -1], ['12', 12], ['1.5', 7], [Infinity, 7], [NaN, 7], [{ Ref: 'X' }, 7], [undefined, 7], [true, 7],
  ])('numberOr(%p, 7) is %p', (given, expected) => {
    expect(numberOr(given, 7)).toBe(expected);
  });

  test('portRange reads both ends, and every port for an end not given', () => {
    expect(portRange('80', 443)).toEqual({ fromPort: 80, toPort: 443 });
    expect(portRange(undefined, undefined)).toEqual({ fromPort: 0, toPort: 65535 });
  });
});

describe('lists', () => {
  test('asArray keeps arrays only', () => {
    expect(asArray([1, 2])).toEqual([1, 2]);
    expect(asArray({ Ref: 'X' })).toEqual([]);
    expect(asArray('a,b')).toEqual([]);
  });

  test('listOf keeps an unresolved list as one unknown element, never dropped', () => {
    expect(listOf([1])).toEqual([1]);
    expect(listOf({ 'Fn::Split': [',', { 'Fn::ImportValue': 'x' }] })).toEqual([{ 'Fn::Split': [',', { 'Fn::ImportValue': 'x' }] }]);
    expect(listOf({ NotAnIntrinsic: 1 })).toEqual([]);
    expect(listOf('subnet-1')).toEqual([]);
  });

  test('isCidrValue takes literals and intrinsics, not lists, numbers or null', () => {
    expect([isCidrValue('10.0.0.0/16'), isCidrValue({ 'Fn::GetAtt': ['Vpc', 'CidrBlock'] }), isCidrValue(['10.0.0.0/16']), isCidrValue(10), isCidrValue(null)])
      .toEqual([true, true, false, false, false]);
  });

  test('isString', () => {
    expect([isString('a'), isString(1), isString(undefined)]).toEqual([true, false, false]);
  });
});
