import { address, symbol } from '../../../../src/assertions/private/addresses';
import { TemplateReader } from '../../../../src/assertions/private/reader';

const GROUP = (id: string) => ({ 'Fn::GetAtt': [id, 'GroupId'] });

describe('TemplateReader', () => {
  test('resolves parameters before reading, with the values of the deploy', () => {
    // GIVEN
    const template = {
      Parameters: { Ssh: { Type: 'String', Default: '0.0.0.0/0' } },
      Resources: { Sg: { Type: 'AWS::EC2::SecurityGroup', Properties: { SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: { Ref: 'Ssh' } }] } } },
    };

    // THEN
    expect(new TemplateReader(template).securityGroups.get('Sg')?.rules[0].peer).toEqual({ kind: 'address', address: address('0.0.0.0/0') });
    expect(new TemplateReader(template, { parameters: { Ssh: '192.0.2.0/24' } }).securityGroups.get('Sg')?.rules[0].peer).toEqual({ kind: 'address', address: address('192.0.2.0/24') });
  });

  test('ref, cidr and nameOf answer as the references of the template do', () => {
    // GIVEN
    const t = new TemplateReader({ Resources: { Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } } } });

    // THEN
    expect(t.ref({ Ref: 'Vpc' })).toEqual({ logicalId: 'Vpc', text: 'Vpc' });
    expect(t.cidr({ 'Fn::GetAtt': ['Vpc', 'CidrBlock'] })).toEqual(address('10.0.0.0/16'));
    expect(t.cidr({ Ref: 'Other' })).toEqual(symbol('{Ref Other}'));
    expect(t.nameOf('subnet-1')).toBe('subnet-1');
    expect(t.nameOf(undefined)).toBeUndefined();
  });

  describe('targetSecurityGroups', () => {
    const t = new TemplateReader({
      Resources: {
        Lb: { Type: 'AWS::EC2::SecurityGroup', Properties: { SecurityGroupEgress: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, DestinationSecurityGroupId: GROUP('A') }] } },
        LbOut: { Type: 'AWS::EC2::SecurityGroupEgress', Properties: { GroupId: GROUP('Lb'), IpProtocol: 'tcp', FromPort: 80, ToPort: 80, DestinationSecurityGroupId: GROUP('B') } },
        LbIn: { Type: 'AWS::EC2::SecurityGroupIngress', Properties: { GroupId: GROUP('Lb'), IpProtocol: 'tcp', FromPort: 80, ToPort: 80, SourceSecurityGroupId: GROUP('C') } },
        Other: { Type: 'AWS::EC2::SecurityGroup', Properties: { SecurityGroupEgress: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, DestinationSecurityGroupId: 'sg-outside' }] } },
        A: { Type: 'AWS::EC2::SecurityGroup', Properties: {} },
        B: { Type: 'AWS::EC2::SecurityGroup', Properties: {} },
        C: { Type: 'AWS::EC2::SecurityGroup', Properties: {} },
      },
    });
    const tg = (targetGroups: string[], ipTargets: Array<{ outsideVpc: boolean }> = []) => ({
      id: 'Tg', healthCheckOnTrafficPort: true, targetGroups, targetSubnets: [], ipTargets: ipTargets.map((i) => ({ address: address('10.9.0.1/32'), ...i })), instances: [], registeredBy: [],
    });

    test('are the groups of the registered targets when the template has them', () => {
      expect(t.targetSecurityGroups(tg(['X']), ['Lb'])).toEqual(['X']);
    });

    test('else the groups the load balancer\'s groups send to (template groups only, egress only)', () => {
      expect(t.targetSecurityGroups(tg([]), ['Lb', 'Other', 'Missing'])).toEqual(['A', 'B']);
    });

    test('none for IP targets all outside the VPC; some inside still look at the load balancer\'s egress', () => {
      expect(t.targetSecurityGroups(tg([], [{ outsideVpc: true }, { outsideVpc: true }]), ['Lb'])).toEqual([]);
      expect(t.targetSecurityGroups(tg([], [{ outsideVpc: true }, { outsideVpc: false }]), ['Lb'])).toEqual(['A', 'B']);
    });
  });

  test('a subnet takes the VPC of the first group of its load balancer that the template puts in a VPC', () => {
    // GIVEN
    const t = new TemplateReader({
      Resources: {
        NoVpc: { Type: 'AWS::EC2::SecurityGroup', Properties: {} },
        InVpc: { Type: 'AWS::EC2::SecurityGroup', Properties: { VpcId: 'vpc-1' } },
        Lb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { SecurityGroups: ['sg-x', GROUP('NoVpc'), GROUP('InVpc')], Subnets: ['subnet-1'] } },
      },
    });

    // THEN
    expect(t.subnets.get('subnet-1')?.vpc).toBe('vpc-1');
  });
});
