import { address, symbol } from '../../../../src/assertions/private/addresses';
import { TemplateReader } from '../../../../src/assertions/private/reader';

const KEY = 'cdk-secure-alb:intent';
const lbWith = (metadata: unknown, extra: Record<string, unknown> = {}) => new TemplateReader({
  Resources: {
    Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
    Lb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Metadata: { [KEY]: metadata }, Properties: {} },
    ...extra,
  },
});

describe('intent metadata', () => {
  test('reads every piece: VPC, its CIDR, clients, target networks, identity providers and target groups', () => {
    // GIVEN
    const t = lbWith({
      vpcId: { Ref: 'Vpc' },
      vpcCidr: { 'Fn::GetAtt': ['Vpc', 'CidrBlock'] },
      clientCidrs: ['192.0.2.0/24', 7, { 'Fn::GetAtt': ['Vpc', 'CidrBlock'] }],
      targetCidrs: ['10.9.0.0/16'],
      identityProviderCidrs: ['0.0.0.0/0'],
      targetSecurityGroups: ['TargetSg', 3],
      targetSubnets: [{ Ref: 'TargetSubnet' }, 'subnet-0abc', 4, { Ref: 'NotASubnet' }],
    }, { TargetSubnet: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.1.0/24' } } });

    // THEN
    expect(t.loadBalancers.get('Lb')?.intent).toEqual({
      vpc: 'Vpc',
      vpcCidr: address('10.0.0.0/16'),
      clientCidrs: [address('192.0.2.0/24'), address('10.0.0.0/16')],
      targetCidrs: [address('10.9.0.0/16')],
      identityProviderCidrs: [address('0.0.0.0/0')],
      targetSecurityGroups: ['TargetSg'],
      targetSubnets: ['TargetSubnet', 'subnet-0abc'],
    });
  });

  test('leaves out what the metadata does not say or says in another shape', () => {
    // GIVEN
    const t = lbWith({ clientCidrs: 'not a list', vpcCidr: ['10.0.0.0/16'], targetSecurityGroups: 'TargetSg' });

    // THEN
    expect(t.loadBalancers.get('Lb')?.intent).toEqual({
      vpc: undefined,
      vpcCidr: undefined,
      clientCidrs: undefined,
      targetCidrs: [],
      identityProviderCidrs: undefined,
      targetSecurityGroups: [],
      targetSubnets: [],
    });
  });

  test.each([['a list', []], ['a string', 'intent'], ['null', null]])('metadata that is %s is no intent', (_name, metadata) => {
    expect(lbWith(metadata).loadBalancers.get('Lb')?.intent).toBeUndefined();
  });

  test('an imported VPC gets the CIDR of the intent, so its groups have an address', () => {
    // GIVEN
    const t = lbWith({ vpcId: 'vpc-0abc', vpcCidr: '10.5.0.0/16' });

    // THEN
    expect(t.vpcs.get('vpc-0abc')).toEqual(address('10.5.0.0/16'));
  });

  test('the intent never overrides a VPC of the template, nor gives a symbol as CIDR', () => {
    // GIVEN
    const own = lbWith({ vpcId: { Ref: 'Vpc' }, vpcCidr: '10.99.0.0/16' });
    const symbolic = lbWith({ vpcId: 'vpc-0abc', vpcCidr: { Ref: 'Cidr' } });

    // THEN
    expect(own.vpcs.get('Vpc')).toEqual(address('10.0.0.0/16'));
    expect(symbolic.vpcs.has('vpc-0abc')).toBe(false);
    expect(symbolic.loadBalancers.get('Lb')?.intent?.vpcCidr).toEqual(symbol('{Ref Cidr}'));
  });

  test('only load balancers of application load balancing v2 carry an intent', () => {
    // GIVEN
    const t = new TemplateReader({
      Resources: { Classic: { Type: 'AWS::ElasticLoadBalancing::LoadBalancer', Metadata: { [KEY]: { vpcId: 'vpc-1', vpcCidr: '10.5.0.0/16' } }, Properties: {} } },
    });

    // THEN
    expect(t.loadBalancers.get('Classic')?.intent).toBeUndefined();
    expect(t.vpcs.size).toBe(0);
  });
});
