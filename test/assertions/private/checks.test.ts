import { aclEntry, cidr, conforming, findingsOf, Resources, tcp, toGroup, withAcl } from './fixtures';

/**
 * The recommendation checks on small hand-written templates, one branch at a time, with the
 * findings pinned word for word (the ids, the resource to change, the message and the fix).
 */

const LB_OUT_FIX = 'Set allowAllOutbound: false and allow only the target and health-check ports to the target security group.';
const WIDER_IN_FIX = 'Remove the rule or narrow it to the listener ports.';
const PMTU = {
  kind: 'MISSING',
  id: 'TGSG-IN-ICMP-PMTU',
  resource: 'TargetSg',
  message: 'Lb: TargetSg does not accept ICMP type 3 code 4 (fragmentation needed) from the VPC; path MTU discovery can fail',
  fix: 'Allow ICMP type 3 code 4 inbound on TargetSg from the VPC CIDR.',
};
const widerOut = (text: string) => ({
  kind: 'WIDER',
  id: 'LBSG-OUT-TARGET',
  resource: 'LbSg',
  message: `Lb: LbSg allows ${text}; the load balancer needs only the target and health-check ports (8080, 8081) to the targets' security group (access logs need no egress)`,
  fix: LB_OUT_FIX,
});
const widerIn = (text: string, ports = '80') => ({
  kind: 'WIDER',
  id: 'LBSG-IN-LISTENER-INTERNET',
  resource: 'LbSg',
  message: `Lb: LbSg allows ${text}, beyond the listener ports (${ports})`,
  fix: WIDER_IN_FIX,
});
const listener = (port: unknown, targetGroup?: string) => ({
  Type: 'AWS::ElasticLoadBalancingV2::Listener',
  Properties: {
    LoadBalancerArn: { Ref: 'Lb' },
    Port: port,
    DefaultActions: targetGroup ? [{ Type: 'forward', TargetGroupArn: { Ref: targetGroup } }] : [{ Type: 'fixed-response' }],
  },
});
const lbIngress = (r: Resources) => r.LbSg.Properties.SecurityGroupIngress as unknown[];
const lbEgress = (r: Resources) => r.LbSg.Properties.SecurityGroupEgress as unknown[];
const targetIngress = (r: Resources) => r.TargetSg.Properties.SecurityGroupIngress as unknown[];

describe('what the checks look at', () => {
  test.each([false, true])('a conforming hand-written template (internal: %s): no finding', (internal) => {
    expect(findingsOf(conforming(internal))).toEqual([]);
  });

  test('network load balancers are not checked (they have no security group of their own here)', () => {
    const r = conforming();
    r.Nlb = { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Type: 'network', Subnets: [{ Ref: 'LbSubnet' }] } };
    expect(findingsOf(r)).toEqual([]);
  });

  test('an imported group id beside the load balancer\'s own group is skipped, not reported', () => {
    const r = conforming();
    r.Lb.Properties.SecurityGroups.unshift('sg-0123456789abcdef0');
    expect(findingsOf(r)).toEqual([]);
  });

  test('a group given by a resource that is not a security group (a lookup) has no rules to read', () => {
    const r = conforming();
    r.Lookup = { Type: 'Custom::GroupLookup', Properties: {} };
    r.Lb.Properties.SecurityGroups.push({ 'Fn::GetAtt': ['Lookup', 'GroupId'] });
    expect(findingsOf(r)).toEqual([]);
  });

  test('a Lambda target group is skipped; a listener and a target group whose port is a parameter are UNKNOWN, never skipped', () => {
    const r = conforming();
    r.Listener2 = listener({ Ref: 'PortParameter' });
    r.Fn = { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: { TargetType: 'lambda' } };
    r.Tok = { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: { Port: { Ref: 'P' }, Targets: [{ Id: { Ref: 'Web' } }] } };
    r.Rule = {
      Type: 'AWS::ElasticLoadBalancingV2::ListenerRule',
      Properties: { ListenerArn: { Ref: 'Listener' }, Actions: [{ Type: 'forward', TargetGroupArn: { Ref: 'Fn' } }, { Type: 'forward', TargetGroupArn: { Ref: 'Tok' } }] },
    };
    const fix = 'Give the port a value the model can read (pass the parameter with `parameters`, or give it a default), or check these rules yourself.';
    expect(findingsOf(r)).toEqual([
      {
        kind: 'UNKNOWN',
        id: 'LBSG-IN-LISTENER-INTERNET',
        resource: 'Listener2',
        fix,
        message: 'Lb: listener Listener2 has a port the template does not resolve ({Ref PortParameter}): the rules for its clients are not checked',
      },
      { kind: 'UNKNOWN', id: 'LBSG-OUT-TARGET', resource: 'Tok', fix, message: 'Lb: target group Tok has a port the template does not resolve ({Ref P}): the rules to its targets are not checked' },
    ]);
  });

  test('a load balancer with no security group: one UNKNOWN finding, and the targets\' groups are still checked', () => {
    const r = conforming();
    r.Lb.Properties.SecurityGroups = [];
    expect(findingsOf(r)).toEqual([
      {
        kind: 'UNKNOWN',
        id: 'LBSG-OUT-TARGET',
        resource: 'Lb',
        message: 'Lb has no security group in the template: its rules cannot be checked',
        fix: 'Give the load balancer a security group defined in the same template.',
      },
      {
        kind: 'MISSING',
        id: 'TGSG-IN-TARGET',
        resource: 'TargetSg',
        message: 'Lb: no ingress rule of TargetSg allows TCP 8080 from the load balancer Lb',
        fix: 'Allow TCP 8080 inbound on TargetSg from the load balancer security group.',
      },
      {
        kind: 'MISSING',
        id: 'TGSG-IN-HEALTH-CHECK',
        resource: 'TargetSg',
        message: 'Lb: no ingress rule of TargetSg allows TCP 8081 from the load balancer Lb (health-check port: the targets stay unhealthy)',
        fix: 'Allow TCP 8081 inbound on TargetSg from the load balancer security group.',
      },
    ]);
  });

  test('targets registered outside the template: UNKNOWN, and the load balancer\'s egress is judged without them', () => {
    const r = conforming();
    r.Tg.Properties.Targets = [];
    r.LbSg.Properties.SecurityGroupEgress = [tcp(8080, cidr('10.0.1.0/24'))];
    expect(findingsOf(r)).toEqual([
      widerOut('tcp 8080 outbound to 10.0.1.0/24'),
      {
        kind: 'UNKNOWN',
        id: 'TGSG-IN-TARGET',
        resource: 'Tg',
        message: 'Lb: the targets of Tg and their security groups are not in the template',
        fix: 'Register targets defined in the same template, or check their security groups yourself.',
      },
    ]);
  });

  test.each([
    ['all traffic to everyone', [{ IpProtocol: '-1', CidrIp: '0.0.0.0/0' }], ['all traffic outbound to 0.0.0.0/0']],
    ['CloudFormation\'s default (no egress rule)', undefined, ['implicit']],
    ['one port to a group', [tcp(8080, toGroup('TargetSg'))], []],
  ] as Array<[string, unknown[] | undefined, string[]]>)('a listener without target groups: only all-traffic egress is judged (%s)', (_, egress, expected) => {
    const r = conforming();
    r.Listener = listener(80);
    if (egress === undefined) delete r.LbSg.Properties.SecurityGroupEgress;
    else r.LbSg.Properties.SecurityGroupEgress = egress;
    const message = (text: string) => (text === 'implicit'
      ? 'Lb: LbSg declares no egress rule, so CloudFormation\'s default allows all outbound traffic'
      : `Lb: LbSg allows ${text}; the load balancer needs egress to its targets' ports only (access logs need no egress)`);
    expect(findingsOf(r)).toEqual(expected.map((text) => ({ kind: 'WIDER', id: 'LBSG-OUT-TARGET', resource: 'LbSg', message: message(text), fix: LB_OUT_FIX })));
  });

  test('the same finding for two target groups is reported once', () => {
    const r = conforming();
    r.Tg2 = JSON.parse(JSON.stringify(r.Tg));
    r.Listener2 = listener(81, 'Tg2');
    lbIngress(r).push(tcp(81, cidr('0.0.0.0/0')));
    targetIngress(r).splice(0, 1);
    expect(findingsOf(r)).toEqual([{
      kind: 'MISSING',
      id: 'TGSG-IN-TARGET',
      resource: 'TargetSg',
      message: 'Lb: no ingress rule of TargetSg allows TCP 8080 from the load balancer Lb',
      fix: 'Allow TCP 8080 inbound on TargetSg from the load balancer security group.',
    }]);
  });
});

describe('the load balancer security group', () => {
  test('listener port missing, internet-facing', () => {
    const r = conforming();
    r.LbSg.Properties.SecurityGroupIngress = [];
    expect(findingsOf(r)).toEqual([{
      kind: 'MISSING',
      id: 'LBSG-IN-LISTENER-INTERNET',
      resource: 'LbSg',
      message: 'Lb: no ingress rule of LbSg allows TCP 80 from a client on the internet',
      fix: 'Allow TCP 80 inbound from 0.0.0.0/0 on the load balancer security group.',
    }]);
  });

  test.each([
    ['in the template', [{ Ref: 'LbSubnet' }]],
    ['outside the template (the VPC is found through the group)', ['subnet-1', 'subnet-2']],
  ])('listener port missing, internal, subnets %s: the client is the VPC CIDR', (_, subnets) => {
    const r = conforming(true);
    r.Lb.Properties.Subnets = subnets;
    r.LbSg.Properties.SecurityGroupIngress = [];
    expect(findingsOf(r)).toEqual([{
      kind: 'MISSING',
      id: 'LBSG-IN-LISTENER-VPC',
      resource: 'LbSg',
      message: 'Lb: no ingress rule of LbSg allows TCP 80 from a client in the VPC (10.0.0.0/16)',
      fix: 'Allow TCP 80 inbound from the VPC CIDR and the client networks on the load balancer security group.',
    }]);
  });

  test('ingress wider than the listener ports: a port range, another protocol, all traffic; a prefix list on the listener port is fine', () => {
    const r = conforming();
    lbIngress(r).push(
      tcp(80, cidr('0.0.0.0/0'), 90),
      { IpProtocol: 'udp', FromPort: 80, ToPort: 80, CidrIp: '0.0.0.0/0' },
      { IpProtocol: '-1', CidrIp: '10.0.0.0/8' },
      { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, SourcePrefixListId: 'pl-1' },
    );
    expect(findingsOf(r)).toEqual([
      widerIn('tcp 80-90 inbound from 0.0.0.0/0'),
      widerIn('udp 80 inbound from 0.0.0.0/0'),
      widerIn('all traffic inbound from 10.0.0.0/8'),
    ]);
  });

  test('without listeners every ingress rule is wider ("none")', () => {
    const r = conforming();
    delete r.Listener;
    lbIngress(r).push(tcp(443, cidr('0.0.0.0/0')));
    expect(findingsOf(r)).toEqual([
      widerIn('tcp 80 inbound from 0.0.0.0/0', 'none'),
      widerIn('tcp 443 inbound from 0.0.0.0/0', 'none'),
    ]);
  });

  test('an internal load balancer open to ::/0 is reported; a peered CIDR or a parameter on the listener port is not', () => {
    const r = conforming(true);
    lbIngress(r).push({ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIpv6: '::/0' }, tcp(80, cidr('10.1.0.0/16')), tcp(80, { CidrIp: { Ref: 'ClientCidr' } }));
    expect(findingsOf(r)).toEqual([{
      kind: 'WIDER',
      id: 'LBSG-IN-LISTENER-VPC',
      resource: 'LbSg',
      message: 'Lb is internal but LbSg allows tcp 80 from everyone (ipv6:::/0)',
      fix: 'Allow only the VPC CIDR and the client networks; pass open: false to listeners.',
    }]);
  });

  test('an internet-facing load balancer open to ::/0 on the listener port is as recommended', () => {
    const r = conforming();
    lbIngress(r).push({ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIpv6: '::/0' });
    expect(findingsOf(r)).toEqual([]);
  });

  test('egress to another group, to a CIDR, on another port, to a prefix list: each is wider', () => {
    const r = conforming();
    r.Other = { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'o', VpcId: { Ref: 'Vpc' } } };
    lbEgress(r).push(
      tcp(8080, toGroup('Other')),
      tcp(8080, cidr('10.0.0.0/16')),
      tcp(9000, toGroup('TargetSg')),
      { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, DestinationPrefixListId: 'pl-63a5400a' },
    );
    expect(findingsOf(r)).toEqual([
      widerOut('tcp 8080 outbound to Other'),
      widerOut('tcp 8080 outbound to 10.0.0.0/16'),
      widerOut('tcp 9000 outbound to TargetSg'),
      widerOut('tcp 443 outbound to pl-63a5400a'),
    ]);
  });

  test('no egress rule at all: CloudFormation\'s default allow-all is reported as such', () => {
    const r = conforming();
    delete r.LbSg.Properties.SecurityGroupEgress;
    expect(findingsOf(r)).toEqual([{
      kind: 'WIDER',
      id: 'LBSG-OUT-TARGET',
      resource: 'LbSg',
      message: 'Lb: LbSg declares no egress rule, so CloudFormation\'s default allows all outbound traffic',
      fix: LB_OUT_FIX,
    }]);
  });

  test('health-check port missing on both groups', () => {
    const r = conforming();
    r.LbSg.Properties.SecurityGroupEgress = [tcp(8080, toGroup('TargetSg'))];
    targetIngress(r).splice(1, 1);
    expect(findingsOf(r)).toEqual([
      {
        kind: 'MISSING',
        id: 'LBSG-OUT-HEALTH-CHECK',
        resource: 'LbSg',
        message: 'Lb: no egress rule of LbSg allows TCP 8081 to the targets of Tg (TargetSg) (health-check port)',
        fix: 'Allow TCP 8081 outbound from the load balancer security group to TargetSg.',
      },
      {
        kind: 'MISSING',
        id: 'TGSG-IN-HEALTH-CHECK',
        resource: 'TargetSg',
        message: 'Lb: no ingress rule of TargetSg allows TCP 8081 from the load balancer Lb (health-check port: the targets stay unhealthy)',
        fix: 'Allow TCP 8081 inbound on TargetSg from the load balancer security group.',
      },
    ]);
  });

  test('target port missing on both groups', () => {
    const r = conforming();
    r.LbSg.Properties.SecurityGroupEgress = [tcp(8081, toGroup('TargetSg'))];
    targetIngress(r).splice(0, 1);
    expect(findingsOf(r)).toEqual([
      {
        kind: 'MISSING',
        id: 'LBSG-OUT-TARGET',
        resource: 'LbSg',
        message: 'Lb: no egress rule of LbSg allows TCP 8080 to the targets of Tg (TargetSg)',
        fix: 'Allow TCP 8080 outbound from the load balancer security group to TargetSg.',
      },
      {
        kind: 'MISSING',
        id: 'TGSG-IN-TARGET',
        resource: 'TargetSg',
        message: 'Lb: no ingress rule of TargetSg allows TCP 8080 from the load balancer Lb',
        fix: 'Allow TCP 8080 inbound on TargetSg from the load balancer security group.',
      },
    ]);
  });
});

describe('the targets\' security group', () => {
  test.each([
    ['ICMP type 3 code 4 from the VPC', { IpProtocol: 'icmp', FromPort: 3, ToPort: 4, CidrIp: '10.0.0.0/16' }, []],
    ['all ICMP from the VPC', { IpProtocol: 'icmp', FromPort: -1, ToPort: -1, CidrIp: '10.0.0.0/16' }, []],
    ['ICMP type 3, any code', { IpProtocol: 'icmp', FromPort: 3, ToPort: -1, CidrIp: '10.0.0.0/16' }, []],
    ['any ICMP type, code 4', { IpProtocol: 'icmp', FromPort: -1, ToPort: 4, CidrIp: '10.0.0.0/16' }, []],
    ['all traffic from a block holding the VPC', { IpProtocol: '-1', CidrIp: '10.0.0.0/8' }, []],
    ['ICMP type 3 code 4 from a group', { IpProtocol: 'icmp', FromPort: 3, ToPort: 4, SourceSecurityGroupId: { 'Fn::GetAtt': ['LbSg', 'GroupId'] } }, []],
    ['ICMP type 3 code 4 from an imported CIDR (cannot be compared)', { IpProtocol: 'icmp', FromPort: 3, ToPort: 4, CidrIp: { 'Fn::ImportValue': 'x' } }, []],
    ['ICMP type 3 code 4 from everyone (not a way around the load balancer)', { IpProtocol: 'icmp', FromPort: 3, ToPort: 4, CidrIp: '0.0.0.0/0' }, []],
    ['ICMP type 3 code 4 from another network', { IpProtocol: 'icmp', FromPort: 3, ToPort: 4, CidrIp: '192.168.0.0/16' }, [PMTU]],
    // no ICMP type 3 rule left in the template, and no intent metadata: the template did not opt into it, so a warning (ADVISORY), not an error
    ['ICMP echo', { IpProtocol: 'icmp', FromPort: 8, ToPort: 0, CidrIp: '10.0.0.0/16' }, [{ ...PMTU, kind: 'ADVISORY' }]],
    ['ICMP type 3 code 3', { IpProtocol: 'icmp', FromPort: 3, ToPort: 3, CidrIp: '10.0.0.0/16' }, [{ ...PMTU, kind: 'ADVISORY' }]],
    ['TCP ports 3-4', { IpProtocol: 'tcp', FromPort: 3, ToPort: 4, CidrIp: '10.0.0.0/16' }, [{ ...PMTU, kind: 'ADVISORY' }]],
    ['SSH from everyone', { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '0.0.0.0/0' }, [{ ...PMTU, kind: 'ADVISORY' }, {
      kind: 'WIDER',
      id: 'TGSG-IN-TARGET',
      resource: 'TargetSg',
      message: 'Lb: TargetSg lets everyone reach the targets directly (tcp 22 from 0.0.0.0/0), bypassing the load balancer',
      fix: 'Allow the target and health-check ports from the load balancer security group only.',
    }]],
  ])('in place of the ICMP rule: %s', (_, rule, expected) => {
    const r = conforming();
    targetIngress(r).splice(2, 1, rule);
    expect(findingsOf(r)).toEqual(expected);
  });

  test('ICMP type 3 code 4 as egress does not count', () => {
    const r = conforming();
    targetIngress(r).splice(2, 1);
    r.TargetSg.Properties.SecurityGroupEgress = [{ IpProtocol: 'icmp', FromPort: 3, ToPort: 4, CidrIp: '10.0.0.0/16' }];
    expect(findingsOf(r)).toEqual([PMTU]);
  });
});

describe('the network ACLs', () => {
  // the finding is on the ACL (its final deny decides), where an acknowledgment finds it
  const missing = (id: string, subnet: string, step: string, what: string, fix: string) => ({
    kind: 'MISSING',
    id,
    resource: `${subnet}Acl`,
    message: `Lb: ${step}: no entry of ${subnet}Acl allows ${what}: the final deny (*) applies`,
    fix,
  });
  const lbAclFindings = (internal: boolean, targets: string) => [
    missing(internal ? 'LBACL-IN-LISTENER-VPC' : 'LBACL-IN-LISTENER-INTERNET', 'LbSubnet', 'load balancer subnet LbSubnet inbound',
      `TCP 80 from ${internal ? '10.0.0.0/16' : '198.51.100.10/32'}`, `Allow TCP 80 inbound from ${internal ? 'the VPC CIDR' : '0.0.0.0/0'} in the network ACL of LbSubnet.`),
    missing(internal ? 'LBACL-OUT-EPHEMERAL-VPC' : 'LBACL-OUT-EPHEMERAL-INTERNET', 'LbSubnet', 'load balancer subnet LbSubnet outbound (ephemeral)',
      `TCP 1024 to ${internal ? '10.0.0.0/16' : '198.51.100.10/32'}`, `Allow TCP 1024-65535 outbound to ${internal ? 'the VPC CIDR' : '0.0.0.0/0'} in the network ACL of LbSubnet.`),
    missing('LBACL-OUT-TARGET', 'LbSubnet', 'load balancer subnet LbSubnet outbound', `TCP 8080 to ${targets}`, 'Allow TCP 8080 outbound to the VPC CIDR in the network ACL of LbSubnet.'),
    missing('LBACL-OUT-HEALTH-CHECK', 'LbSubnet', 'load balancer subnet LbSubnet outbound', `TCP 8081 to ${targets}`, 'Allow TCP 8081 outbound to the VPC CIDR in the network ACL of LbSubnet.'),
    missing('LBACL-IN-EPHEMERAL-VPC', 'LbSubnet', 'load balancer subnet LbSubnet inbound (ephemeral)', `TCP 1024 from ${targets}`,
      'Allow TCP 1024-65535 inbound from the VPC CIDR in the network ACL of LbSubnet.'),
  ];

  test.each([false, true])('an empty ACL on the load balancer\'s subnet (internal: %s): every row, against the targets\' subnet', (internal) => {
    expect(findingsOf(withAcl(conforming(internal), 'LbSubnet', {}))).toEqual(lbAclFindings(internal, '10.0.1.0/24'));
  });

  test('targets in a subnet outside the template stand for the whole VPC', () => {
    const r = withAcl(conforming(), 'LbSubnet', {});
    r.Web.Properties.SubnetId = 'subnet-abc';
    expect(findingsOf(r)).toEqual(lbAclFindings(false, '10.0.0.0/16'));
  });

  test('an empty ACL on the targets\' subnet: every row, against the load balancer\'s subnet', () => {
    expect(findingsOf(withAcl(conforming(), 'TargetSubnet', {}))).toEqual([
      missing('TGACL-IN-TARGET', 'TargetSubnet', 'target subnet TargetSubnet inbound', 'TCP 8080 from 10.0.0.0/24', 'Allow TCP 8080 inbound from the VPC CIDR in the network ACL of TargetSubnet.'),
      missing('TGACL-IN-HEALTH-CHECK', 'TargetSubnet', 'target subnet TargetSubnet inbound', 'TCP 8081 from 10.0.0.0/24', 'Allow TCP 8081 inbound from the VPC CIDR in the network ACL of TargetSubnet.'),
      missing('TGACL-OUT-EPHEMERAL-VPC', 'TargetSubnet', 'target subnet TargetSubnet outbound (ephemeral)', 'TCP 1024 to 10.0.0.0/24',
        'Allow TCP 1024-65535 outbound to the VPC CIDR in the network ACL of TargetSubnet.'),
    ]);
  });

  test('load balancer and targets in one subnet: the traffic between them does not cross its ACL; the clients\' does', () => {
    const r = withAcl(conforming(), 'TargetSubnet', {});
    r.Lb.Properties.Subnets = [{ Ref: 'TargetSubnet' }];
    expect(findingsOf(r)).toEqual([
      missing('LBACL-IN-LISTENER-INTERNET', 'TargetSubnet', 'load balancer subnet TargetSubnet inbound', 'TCP 80 from 198.51.100.10/32',
        'Allow TCP 80 inbound from 0.0.0.0/0 in the network ACL of TargetSubnet.'),
      missing('LBACL-OUT-EPHEMERAL-INTERNET', 'TargetSubnet', 'load balancer subnet TargetSubnet outbound (ephemeral)', 'TCP 1024 to 198.51.100.10/32',
        'Allow TCP 1024-65535 outbound to 0.0.0.0/0 in the network ACL of TargetSubnet.'),
    ]);
  });

  test('subnets outside the template: no ACL to read, no finding', () => {
    const r = withAcl(conforming(), 'TargetSubnet', {});
    r.Web.Properties.SubnetId = 'subnet-abc';
    r.Lb.Properties.Subnets = ['subnet-x'];
    expect(findingsOf(r)).toEqual([]);
  });

  const recommendedInternal = (listenerEntry: Record<string, unknown>) => ({
    A1: listenerEntry,
    A2: aclEntry('LbSubnetAcl', 110, true, '0.0.0.0/0', 1024, 65535),
    A3: aclEntry('LbSubnetAcl', 120, true, '10.0.0.0/16', 8080, 8081),
    A4: aclEntry('LbSubnetAcl', 130, false, '10.0.0.0/16', 1024, 65535),
  });
  const worldEntry = {
    kind: 'WIDER',
    id: 'LBACL-IN-LISTENER-VPC',
    resource: 'A1',
    message: 'Lb is internal but entry 100 (A1) of LbSubnetAcl lets 0.0.0.0/0 reach the listener port',
    fix: 'Allow the listener port from the VPC CIDR and the client networks only.',
  };
  test.each([
    ['TCP 80 from 0.0.0.0/0', aclEntry('LbSubnetAcl', 100, false, '0.0.0.0/0', 80), [worldEntry]],
    ['TCP 1-1000 from 0.0.0.0/0', aclEntry('LbSubnetAcl', 100, false, '0.0.0.0/0', 1, 1000), [worldEntry]],
    ['all traffic from 0.0.0.0/0', aclEntry('LbSubnetAcl', 100, false, '0.0.0.0/0', undefined, undefined, 'allow', -1), [worldEntry]],
    ['TCP 80 from the VPC', aclEntry('LbSubnetAcl', 100, false, '10.0.0.0/16', 80), []],
    ['TCP 81-1000 from 0.0.0.0/0 (not the listener port)', aclEntry('LbSubnetAcl', 100, false, '0.0.0.0/0', 81, 1000), 'no wider'],
    ['TCP 1-79 from 0.0.0.0/0 (not the listener port)', aclEntry('LbSubnetAcl', 100, false, '0.0.0.0/0', 1, 79), 'no wider'],
    ['a deny of TCP 80 from 0.0.0.0/0', aclEntry('LbSubnetAcl', 100, false, '0.0.0.0/0', 80, 80, 'deny'), 'no wider'],
    ['TCP 80 to 0.0.0.0/0 (egress)', aclEntry('LbSubnetAcl', 100, true, '0.0.0.0/0', 80), 'no wider'],
  ])('an internal load balancer\'s ACL with %s', (_, entry, expected) => {
    const found = findingsOf(withAcl(conforming(true), 'LbSubnet', recommendedInternal(entry)));
    if (expected === 'no wider') {
      expect(found.filter((f) => f.kind === 'WIDER')).toEqual([]);
      expect(found.map((f) => f.id)).toEqual(['LBACL-IN-LISTENER-VPC']);
    } else {
      expect(found).toEqual(expected);
    }
  });

  test('an internet-facing load balancer\'s ACL open to 0.0.0.0/0 on the listener port is as recommended', () => {
    const r = withAcl(conforming(), 'LbSubnet', recommendedInternal(aclEntry('LbSubnetAcl', 100, false, '0.0.0.0/0', 80)));
    expect(findingsOf(r)).toEqual([]);
  });
});
