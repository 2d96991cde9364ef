import { address, symbol } from '../../../../src/assertions/private/addresses';
import { TemplateReader } from '../../../../src/assertions/private/reader';

const entry = (props: Record<string, unknown>) => ({ Type: 'AWS::EC2::NetworkAclEntry', Properties: { NetworkAclId: { Ref: 'Acl' }, ...props } });

function aclOf(entries: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return new TemplateReader({ ...extra, Resources: { Acl: { Type: 'AWS::EC2::NetworkAcl', Properties: {} }, ...entries } }).acls.get('Acl')!;
}

describe('network ACLs', () => {
  test('reads a VPC\'s default ACL: the template\'s entries on its DefaultNetworkAcl attribute, then the implicit allow-all of rule 100 each way', () => {
    // GIVEN: entries on the attribute (both spellings of Fn::GetAtt), one before and one after rule 100
    const t = new TemplateReader({
      Resources: {
        Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
        Other: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.1.0.0/16' } },
        Deny: entry({ NetworkAclId: { 'Fn::GetAtt': ['Vpc', 'DefaultNetworkAcl'] }, RuleNumber: 10, RuleAction: 'deny', Protocol: -1, CidrBlock: '0.0.0.0/0' }),
        After: entry({ NetworkAclId: { 'Fn::GetAtt': 'Vpc.DefaultNetworkAcl' }, RuleNumber: 200, RuleAction: 'deny', Egress: true, Protocol: -1, CidrBlock: '0.0.0.0/0' }),
        // not a VPC's default ACL: a GetAtt of another attribute names no ACL of the model
        Stray: entry({ NetworkAclId: { 'Fn::GetAtt': ['Vpc', 'CidrBlock'] }, RuleNumber: 1, RuleAction: 'deny', Protocol: -1, CidrBlock: '0.0.0.0/0' }),
      },
    });

    // THEN
    expect([...t.acls.keys()]).toEqual(['Vpc.DefaultNetworkAcl', 'Other.DefaultNetworkAcl']);
    const acl = t.acls.get('Vpc.DefaultNetworkAcl')!;
    expect(acl.defaultOf).toBe('Vpc');
    expect(acl.entries.map((e) => [e.id, e.ruleNumber, e.egress, e.allow, e.protocol, e.implicit ?? false])).toEqual([
      ['Deny', 10, false, false, 'all', false],
      ['Vpc.DefaultNetworkAcl (allow all inbound)', 100, false, true, 'all', true],
      ['Vpc.DefaultNetworkAcl (allow all outbound)', 100, true, true, 'all', true],
      ['After', 200, true, false, 'all', false],
    ]);
    expect(acl.entries[1].cidr).toEqual(address('0.0.0.0/0'));
    expect(t.acls.get('Other.DefaultNetworkAcl')!.entries.map((e) => e.id)).toEqual(['Other.DefaultNetworkAcl (allow all inbound)', 'Other.DefaultNetworkAcl (allow all outbound)']);
  });

  test('reads an entry with numbers as strings and booleans as text, as CloudFormation accepts them', () => {
    // GIVEN
    const acl = aclOf({
      In: entry({ Egress: 'true', RuleNumber: '100', RuleAction: 'ALLOW', Protocol: '6', CidrBlock: '10.0.0.0/16', PortRange: { From: '80', To: '81' } }),
    });

    // THEN
    expect(acl).toEqual({
      id: 'Acl',
      entries: [{ id: 'In', egress: true, ruleNumber: 100, allow: true, protocol: 'tcp', fromPort: 80, toPort: 81, cidr: address('10.0.0.0/16'), icmpType: undefined, icmpCode: undefined }],
    });
    expect(Object.keys(acl.entries[0])).not.toContain('unresolved');
  });

  test('orders entries by rule number; an entry without one comes last; deny, ingress and every port are the defaults', () => {
    // GIVEN
    const acl = aclOf({
      Late: entry({ RuleNumber: 300, RuleAction: 'deny', Protocol: -1, CidrBlock: '0.0.0.0/0' }),
      NoNumber: entry({ Protocol: 'tcp', CidrBlock: '0.0.0.0/0' }),
      Early: entry({ RuleNumber: 100, RuleAction: 'allow', Protocol: 17, CidrBlock: '0.0.0.0/0', Egress: false }),
      Udp: entry({ RuleNumber: 200, RuleAction: 'allow', Protocol: 'udp', CidrBlock: '0.0.0.0/0', PortRange: { From: 53 } }),
    });

    // THEN
    expect(acl.entries.map((e) => [e.id, e.ruleNumber, e.egress, e.allow, e.protocol, e.fromPort, e.toPort])).toEqual([
      ['Early', 100, false, true, 'udp', 0, 65535],
      ['Udp', 200, false, true, 'udp', 53, 65535],
      ['Late', 300, false, false, 'all', 0, 65535],
      ['NoNumber', 32767, false, false, 'tcp', 0, 65535],
    ]);
  });

  test('ignores the port range of a protocol without ports, and reads ICMP type and code', () => {
    // GIVEN
    const acl = aclOf({
      Icmp: entry({ RuleNumber: 100, RuleAction: 'allow', Protocol: 1, CidrBlock: '0.0.0.0/0', PortRange: { From: 80, To: 80 }, Icmp: { Type: '3', Code: 4 } }),
      IcmpAny: entry({ RuleNumber: 110, RuleAction: 'allow', Protocol: 1, CidrBlock: '0.0.0.0/0', Icmp: { Type: { Ref: 'T' } } }),
    });

    // THEN
    expect(acl.entries.map((e) => [e.protocol, e.fromPort, e.toPort, e.icmpType, e.icmpCode])).toEqual([['icmp', 0, 65535, 3, 4], ['icmp', 0, 65535, -1, undefined]]);
  });

  test('an IPv6 entry gets a symbol the IPv4 flows never match', () => {
    // GIVEN
    const acl = aclOf({ V6: entry({ RuleNumber: 100, RuleAction: 'allow', Protocol: -1, Ipv6CidrBlock: '::/0' }) });

    // THEN
    expect(acl.entries[0].cidr).toEqual(symbol('ipv6:"::/0"'));
  });

  test.each([
    ['Protocol', { Protocol: { Ref: 'P' } }, 'Protocol is {Ref P}, which the model cannot resolve'],
    ['RuleNumber', { RuleNumber: { Ref: 'N' } }, 'RuleNumber is {Ref N}, which the model cannot resolve'],
    ['RuleAction', { RuleAction: { Ref: 'A' } }, 'RuleAction is {Ref A}, which the model cannot resolve'],
    ['Egress', { Egress: { Ref: 'E' } }, 'Egress is {Ref E}, which the model cannot resolve'],
    ['PortRange', { PortRange: { 'Fn::If': ['C', { From: 1, To: 2 }, { From: 3, To: 4 }] } }, 'PortRange is {If C {"From":1,"To":2} {"From":3,"To":4}}, which the model cannot resolve'],
    ['PortRange.From', { PortRange: { From: { Ref: 'F' }, To: 80 } }, 'PortRange.From is {Ref F}, which the model cannot resolve'],
    ['PortRange.To', { PortRange: { From: 80, To: { Ref: 'T' } } }, 'PortRange.To is {Ref T}, which the model cannot resolve'],
  ])('an entry whose %s is not resolved is marked', (_field, props, why) => {
    // GIVEN
    const acl = aclOf({ E: entry({ RuleNumber: 100, RuleAction: 'allow', Protocol: 6, CidrBlock: '0.0.0.0/0', Egress: false, PortRange: { From: 80, To: 80 }, ...props }) });

    // THEN
    expect(acl.entries[0].unresolved).toBe(why);
  });

  test('the port range of an entry for all protocols does not make it unresolved', () => {
    // GIVEN
    const acl = aclOf({ E: entry({ RuleNumber: 100, RuleAction: 'allow', Protocol: -1, CidrBlock: '0.0.0.0/0', PortRange: { From: { Ref: 'F' }, To: { Ref: 'T' } } }) });

    // THEN
    expect(acl.entries[0].unresolved).toBeUndefined();
  });

  test('an entry whose condition is not decided is marked with why', () => {
    // GIVEN
    const acl = aclOf({ E: { ...entry({ RuleNumber: 100, RuleAction: 'allow', Protocol: 6, CidrBlock: '0.0.0.0/0' }), Condition: 'Open' } }, {
      Parameters: { Mode: { Type: 'String' } },
      Conditions: { Open: { 'Fn::Equals': [{ Ref: 'Mode' }, 'open'] } },
    });

    // THEN
    expect(acl.entries[0].unresolved).toBe('E exists only if condition Open holds, which depends on Mode the model cannot resolve');
  });

  test('entries of an ACL outside the template are not read', () => {
    // GIVEN
    const t = new TemplateReader({ Resources: { E: { Type: 'AWS::EC2::NetworkAclEntry', Properties: { NetworkAclId: 'acl-0abc', RuleNumber: 100 } } } });

    // THEN
    expect(t.acls.size).toBe(0);
  });
});
