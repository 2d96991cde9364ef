import { ResourceIndex } from '../../../../src/assertions/private/reader/template';

describe('ResourceIndex', () => {
  const index = new ResourceIndex({
    Resources: {
      A: { Type: 'AWS::EC2::Subnet', Properties: { CidrBlock: '10.0.0.0/24' } },
      B: { Type: 'AWS::EC2::Subnet' },
      C: { Type: 'AWS::EC2::VPC', Properties: ['not', 'an', 'object'] },
      D: { Properties: {} },
      E: 'not a resource',
      F: null,
      G: { Type: 42 },
    },
  });

  test('keeps only resources with a string Type', () => {
    expect(Object.keys(index.resources)).toEqual(['A', 'B', 'C']);
  });

  test('lists the resources of a type in template order, properties defaulting to an empty object', () => {
    expect(index.ofType('AWS::EC2::Subnet').map(([id, p]) => [id, p])).toEqual([['A', { CidrBlock: '10.0.0.0/24' }], ['B', {}]]);
    expect(index.ofType('AWS::EC2::VPC').map(([id, p]) => [id, p])).toEqual([['C', {}]]);
    expect(index.ofType('AWS::EC2::Instance')).toEqual([]);
  });

  test('gives the resource itself as third element', () => {
    expect(index.ofType('AWS::EC2::Subnet')[0][2]).toBe(index.resources.A);
  });

  test('get finds own logical ids only', () => {
    expect(index.get('A')?.Type).toBe('AWS::EC2::Subnet');
    expect(index.get('D')).toBeUndefined();
    expect(index.get('constructor')).toBeUndefined();
    expect(index.get('toString')).toBeUndefined();
  });

  test('propertiesIf gives the properties of a resource of the type only', () => {
    expect(index.propertiesIf('A', 'AWS::EC2::Subnet')).toEqual({ CidrBlock: '10.0.0.0/24' });
    expect(index.propertiesIf('B', 'AWS::EC2::Subnet')).toEqual({});
    expect(index.propertiesIf('A', 'AWS::EC2::VPC')).toBeUndefined();
    expect(index.propertiesIf(undefined, 'AWS::EC2::Subnet')).toBeUndefined();
    expect(index.propertiesIf('Missing', 'AWS::EC2::Subnet')).toBeUndefined();
  });

  test.each([undefined, null, 'text', [], { Resources: 'none' }, { Resources: null }, {}])('reads %p as a template without resources', (t) => {
    expect(new ResourceIndex(t).resources).toEqual({});
  });
});
