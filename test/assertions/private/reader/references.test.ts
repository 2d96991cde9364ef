import { address, symbol } from '../../../../src/assertions/private/addresses';
import { References } from '../../../../src/assertions/private/reader/references';
import { ResourceIndex } from '../../../../src/assertions/private/reader/template';

const index = new ResourceIndex({
  Resources: {
    Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
    OtherVpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: { Ref: 'Cidr' } } },
    Acl: { Type: 'AWS::EC2::NetworkAcl', Properties: { VpcId: { Ref: 'Vpc' } } },
    ImportedAcl: { Type: 'AWS::EC2::NetworkAcl', Properties: { VpcId: 'vpc-0abc' } },
    Sg: { Type: 'AWS::EC2::SecurityGroup', Properties: {} },
  },
});
const refs = new References(index, new Map([['Vpc', address('10.0.0.0/16')]]));

describe('References.ref', () => {
  test.each([
    [{ Ref: 'Sg' }, { logicalId: 'Sg', text: 'Sg' }],
    [{ Ref: 'Param' }, { text: '{Ref Param}' }],
    [{ 'Fn::GetAtt': ['Sg', 'GroupId'] }, { logicalId: 'Sg', text: 'Sg' }],
    [{ 'Fn::GetAtt': 'Sg.GroupId' }, { logicalId: 'Sg', text: 'Sg' }],
    [{ 'Fn::GetAtt': ['Gone', 'GroupId'] }, { text: '{GetAtt Gone.GroupId}' }],
    [{ 'Fn::GetAtt': 'Gone.GroupId' }, { text: '{GetAtt Gone.GroupId}' }],
    [{ 'Fn::ImportValue': 'shared-sg' }, { text: '{ImportValue shared-sg}' }],
    [{ Id: 'x' }, { text: '{"Id":"x"}' }],
    ['sg-0123', { text: 'sg-0123' }],
    [42, { text: '42' }],
  ])('%j names %j', (value, expected) => {
    expect(refs.ref(value)).toEqual(expected);
  });

  test('logicalId is the resource named, if any', () => {
    expect(refs.logicalId({ Ref: 'Sg' })).toBe('Sg');
    expect(refs.logicalId('Sg')).toBeUndefined();
  });
});

describe('References.nameOf', () => {
  test.each([
    [{ Ref: 'Sg' }, 'Sg'], ['subnet-0abc', 'subnet-0abc'], [{ 'Fn::ImportValue': 'x' }, '{ImportValue x}'], [undefined, undefined], [null, undefined], [0, '0'],
  ])('%j is named %p', (value, expected) => {
    expect(refs.nameOf(value)).toBe(expected);
  });
});

describe('References.cidr', () => {
  test.each([
    ['10.1.0.0/16', address('10.1.0.0/16')],
    ['not-a-cidr', symbol('not-a-cidr')],
    [{ 'Fn::GetAtt': ['Vpc', 'CidrBlock'] }, address('10.0.0.0/16')],
    [{ 'Fn::GetAtt': 'Vpc.CidrBlock' }, address('10.0.0.0/16')],
    [{ 'Fn::GetAtt': ['OtherVpc', 'CidrBlock'] }, symbol('OtherVpc.CidrBlock')],
    [{ 'Fn::GetAtt': ['Vpc', 'CidrBlockAssociations'] }, symbol('Vpc.CidrBlockAssociations')],
    [{ 'Fn::GetAtt': ['Sg', 'CidrBlock'] }, symbol('Sg.CidrBlock')],
    [{ Ref: 'ClientCidr' }, symbol('{Ref ClientCidr}')],
    [{ Cidr: 1 }, symbol('{"Cidr":1}')],
  ])('%j is %j', (value, expected) => {
    expect(refs.cidr(value)).toEqual(expected);
  });
});

describe('References.vpc and vpcOfResource', () => {
  test.each([
    [{ Ref: 'Vpc' }, 'Vpc'], ['vpc-0abc', 'vpc-0abc'], [{ Ref: 'VpcParam' }, undefined], [undefined, undefined],
  ])('vpc(%j) is %p', (value, expected) => {
    expect(refs.vpc(value)).toBe(expected);
  });

  test.each([
    [{ Ref: 'Acl' }, 'Vpc'], [{ Ref: 'ImportedAcl' }, 'vpc-0abc'], [{ Ref: 'Sg' }, undefined], ['acl-0abc', undefined], [{ Ref: 'Gone' }, undefined],
  ])('vpcOfResource(%j) is %p', (value, expected) => {
    expect(refs.vpcOfResource(value)).toBe(expected);
  });
});
