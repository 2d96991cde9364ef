import { address, symbol } from '../../../../src/assertions/private/addresses';
import { TemplateReader } from '../../../../src/assertions/private/reader';

const GROUP = (id: string) => ({ 'Fn::GetAtt': [id, 'GroupId'] });

function groupsOf(resources: Record<string, unknown>) {
  return new TemplateReader({ Resources: resources });
}

describe('security groups', () => {
  test('reads inline rules in both directions, with their ports, peers and descriptions', () => {
    // GIVEN
    const t = groupsOf({
      Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
      Lb: {
        Type: 'AWS::EC2::SecurityGroup',
        Properties: {
          VpcId: { Ref: 'Vpc' },
          SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: '443', CidrIp: '0.0.0.0/0', Description: 'clients' }],
          SecurityGroupEgress: [{ IpProtocol: '6', FromPort: 8080, ToPort: 8080, DestinationSecurityGroupId: GROUP('Target') }],
        },
      },
      Target: { Type: 'AWS::EC2::SecurityGroup', Properties: { VpcId: 'vpc-0abc', SecurityGroupEgress: [{ IpProtocol: '-1', CidrIp: '10.0.0.0/16', FromPort: 5, ToPort: 6 }] } },
    });

    // THEN
    expect(t.securityGroups.get('Lb')).toEqual({
      id: 'Lb',
      vpc: 'Vpc',
      rules: [
        { direction: 'in', protocol: 'tcp', fromPort: 443, toPort: 443, peer: { kind: 'address', address: address('0.0.0.0/0') }, source: 'Lb', inline: true, description: 'clients' },
        { direction: 'out', protocol: 'tcp', fromPort: 8080, toPort: 8080, peer: { kind: 'group', group: { logicalId: 'Target', text: 'Target' } }, source: 'Lb', inline: true, description: undefined },
      ],
    });
    // all traffic: every port, whatever the rule says
    expect(t.securityGroups.get('Target')?.rules).toEqual([
      { direction: 'out', protocol: 'all', fromPort: 0, toPort: 65535, peer: { kind: 'address', address: address('10.0.0.0/16') }, source: 'Target', inline: true, description: undefined },
    ]);
    expect(t.securityGroups.get('Target')?.vpc).toBe('vpc-0abc');
  });

  test('adds separate ingress and egress resources to the group they name, by GroupId or GroupName, and drops those naming no group of the template', () => {
    // GIVEN
    const t = groupsOf({
      Sg: { Type: 'AWS::EC2::SecurityGroup', Properties: {} },
      In: { Type: 'AWS::EC2::SecurityGroupIngress', Properties: { GroupId: GROUP('Sg'), IpProtocol: 'tcp', FromPort: 80, ToPort: 80, SourceSecurityGroupId: GROUP('Other') } },
      ByName: { Type: 'AWS::EC2::SecurityGroupIngress', Properties: { GroupName: { Ref: 'Sg' }, IpProtocol: 'tcp', FromPort: 81, ToPort: 81, SourceSecurityGroupName: 'legacy' } },
      Out: { Type: 'AWS::EC2::SecurityGroupEgress', Properties: { GroupId: GROUP('Sg'), IpProtocol: 'tcp', FromPort: 443, ToPort: 443, DestinationPrefixListId: 'pl-123' } },
      Elsewhere: { Type: 'AWS::EC2::SecurityGroupIngress', Properties: { GroupId: 'sg-0123', IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '0.0.0.0/0' } },
    });

    // THEN
    expect(t.securityGroups.get('Sg')?.rules).toEqual([
      { direction: 'in', protocol: 'tcp', fromPort: 80, toPort: 80, peer: { kind: 'group', group: { text: '{GetAtt Other.GroupId}' } }, source: 'In', inline: false, description: undefined },
      { direction: 'in', protocol: 'tcp', fromPort: 81, toPort: 81, peer: { kind: 'group', group: { text: 'legacy' } }, source: 'ByName', inline: false, description: undefined },
      { direction: 'out', protocol: 'tcp', fromPort: 443, toPort: 443, peer: { kind: 'prefixList', name: 'pl-123' }, source: 'Out', inline: false, description: undefined },
    ]);
    expect([...t.securityGroups.keys()]).toEqual(['Sg']);
  });

  test('models CloudFormation\'s allow-all egress only for a group without any egress rule', () => {
    // GIVEN
    const t = groupsOf({
      Open: { Type: 'AWS::EC2::SecurityGroup', Properties: { SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '10.0.0.0/8' }] } },
      Separate: { Type: 'AWS::EC2::SecurityGroup', Properties: {} },
      SeparateOut: { Type: 'AWS::EC2::SecurityGroupEgress', Properties: { GroupId: GROUP('Separate'), IpProtocol: 'icmp', FromPort: -1, ToPort: -1, CidrIp: '255.255.255.255/32' } },
    });

    // THEN
    expect(t.securityGroups.get('Open')?.rules[1]).toEqual({
      direction: 'out',
      protocol: 'all',
      fromPort: 0,
      toPort: 65535,
      peer: { kind: 'address', address: address('0.0.0.0/0') },
      source: 'Open',
      inline: true,
      implicit: true,
      description: 'CloudFormation default egress (no egress rule declared)',
    });
    expect(t.securityGroups.get('Separate')?.rules.map((r) => [r.direction, r.protocol, r.fromPort, r.toPort, r.implicit])).toEqual([['out', 'icmp', -1, -1, undefined]]);
  });

  test.each([
    ['CidrIpv6 literal', { CidrIpv6: '::/0' }, { kind: 'address', address: symbol('ipv6:::/0') }],
    ['CidrIpv6 intrinsic', { CidrIpv6: { Ref: 'V6' } }, { kind: 'address', address: symbol('ipv6:{"Ref":"V6"}') }],
    ['a CIDR parameter without a value', { CidrIp: { Ref: 'Clients' } }, { kind: 'address', address: symbol('{Ref Clients}') }],
    ['no peer at all', {}, { kind: 'address', address: symbol('unknown peer') }],
    ['a source prefix list by Ref', { SourcePrefixListId: { Ref: 'Pl' } }, { kind: 'prefixList', name: '{Ref Pl}' }],
    ['a group peer before a CIDR', { SourceSecurityGroupId: 'sg-1', CidrIp: '0.0.0.0/0' }, { kind: 'group', group: { text: 'sg-1' } }],
    ['a prefix list before a CIDR', { SourcePrefixListId: 'pl-1', CidrIp: '0.0.0.0/0' }, { kind: 'prefixList', name: 'pl-1' }],
  ])('reads the peer of an ingress rule with %s', (_name, peer, expected) => {
    // GIVEN
    const t = groupsOf({ Sg: { Type: 'AWS::EC2::SecurityGroup', Properties: { SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, ...peer }] } } });

    // THEN
    expect(t.securityGroups.get('Sg')?.rules[0].peer).toEqual(expected);
  });

  test('an egress rule ignores source peers (and an ingress rule destination peers)', () => {
    // GIVEN
    const t = groupsOf({
      Sg: {
        Type: 'AWS::EC2::SecurityGroup',
        Properties: {
          SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, DestinationSecurityGroupId: 'sg-1', DestinationPrefixListId: 'pl-1', CidrIp: '10.0.0.0/8' }],
          SecurityGroupEgress: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, SourceSecurityGroupId: 'sg-1', SourcePrefixListId: 'pl-1', CidrIp: '10.0.0.0/8' }],
        },
      },
    });

    // THEN
    expect(t.securityGroups.get('Sg')?.rules.map((r) => r.peer)).toEqual([
      { kind: 'address', address: address('10.0.0.0/8') }, { kind: 'address', address: address('10.0.0.0/8') },
    ]);
  });

  test('a rule with unresolved protocol or ports is marked, naming the field', () => {
    // GIVEN
    const t = groupsOf({
      Sg: {
        Type: 'AWS::EC2::SecurityGroup',
        Properties: {
          SecurityGroupIngress: [
            { IpProtocol: 'tcp', FromPort: { Ref: 'Port' }, ToPort: { Ref: 'Port' }, CidrIp: '0.0.0.0/0' },
            { IpProtocol: { Ref: 'Proto' }, FromPort: 1, ToPort: 2, CidrIp: '0.0.0.0/0' },
            { IpProtocol: 'tcp', FromPort: 1, ToPort: { Ref: 'To' }, CidrIp: '0.0.0.0/0' },
          ],
        },
      },
    });

    // THEN
    const rules = t.securityGroups.get('Sg')!.rules;
    expect(rules.map((r) => r.unresolved)).toEqual([
      'FromPort is {Ref Port}, which the model cannot resolve',
      'IpProtocol is {Ref Proto}, which the model cannot resolve',
      'ToPort is {Ref To}, which the model cannot resolve',
      undefined,
    ]);
    expect(rules.slice(0, 3).map((r) => [r.protocol, r.fromPort, r.toPort])).toEqual([['tcp', 0, 65535], ['{Ref Proto}', 1, 2], ['tcp', 1, 65535]]);
  });

  test('a rule the template chooses at deploy stands for anything, unresolved', () => {
    // GIVEN: an `Fn::If` on a condition the model cannot decide
    const t = groupsOf({
      Sg: { Type: 'AWS::EC2::SecurityGroup', Properties: { SecurityGroupIngress: [{ 'Fn::If': ['Maybe', { IpProtocol: 'tcp' }, { IpProtocol: 'udp' }] }] } },
    });

    // THEN
    const [rule] = t.securityGroups.get('Sg')!.rules;
    expect(rule).toEqual(expect.objectContaining({ direction: 'in', protocol: 'all', fromPort: 0, toPort: 65535, source: 'Sg', inline: true }));
    expect(rule.peer).toEqual({ kind: 'address', address: symbol('{If Maybe {"IpProtocol":"tcp"} {"IpProtocol":"udp"}}') });
    expect(rule.unresolved).toBe('the rule is {If Maybe {"IpProtocol":"tcp"} {"IpProtocol":"udp"}}, which the model cannot resolve');
  });

  test('rules of a group or rule resource whose condition is not decided are marked with why; an already unresolved rule keeps its reason', () => {
    // GIVEN
    const reader = new TemplateReader({
      Parameters: { Cert: { Type: 'String' } },
      Conditions: { HasCert: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'Cert' }, ''] }] } },
      Resources: {
        Sg: {
          Type: 'AWS::EC2::SecurityGroup',
          Condition: 'HasCert',
          Properties: { SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' }, { IpProtocol: 'tcp', FromPort: { Ref: 'P' }, ToPort: 1, CidrIp: '0.0.0.0/0' }] },
        },
        Extra: { Type: 'AWS::EC2::SecurityGroupIngress', Condition: 'HasCert', Properties: { GroupId: GROUP('Sg'), IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '0.0.0.0/0' } },
      },
    });

    // THEN
    const why = 'exists only if condition HasCert holds, which depends on Cert the model cannot resolve';
    expect(reader.securityGroups.get('Sg')!.rules.map((r) => r.unresolved)).toEqual([
      `Sg ${why}`, 'FromPort is {Ref P}, which the model cannot resolve', `Extra ${why}`, undefined,
    ]);
  });
});

describe('groups outside the template', () => {
  test('are the groups load balancers and rule peers name that the template does not define', () => {
    // GIVEN
    const t = groupsOf({
      Sg: {
        Type: 'AWS::EC2::SecurityGroup',
        Properties: { SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, SourceSecurityGroupId: 'sg-peer' }, { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, SourceSecurityGroupId: GROUP('Sg') }] },
      },
      Lb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { SecurityGroups: [GROUP('Sg'), 'sg-lb', { 'Fn::ImportValue': 'shared-sg' }] } },
    });

    // THEN
    expect([...t.outsideGroups]).toEqual(['sg-lb', '{ImportValue shared-sg}', 'sg-peer']);
  });
});
