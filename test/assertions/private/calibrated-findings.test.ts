import { aclEntry, conforming, findingsOf, fromGroup, tcp, withAcl } from './fixtures';

describe('calibrated findings', () => {
  test('a template that never asked for path MTU discovery gets an ADVISORY finding, not MISSING', () => {
    // GIVEN no ICMP type 3 rule anywhere, no intent metadata
    const r = conforming();
    r.TargetSg.Properties.SecurityGroupIngress.splice(2, 1);
    r.TargetSg.Properties.SecurityGroupEgress = [];

    // THEN
    expect(findingsOf(r).map((f) => [f.kind, f.id])).toEqual([['ADVISORY', 'TGSG-IN-ICMP-PMTU']]);
  });

  test('fails with MISSING where the template opted in: an ICMP 3/4 rule elsewhere', () => {
    const r = conforming();
    r.TargetSg.Properties.SecurityGroupIngress.splice(2, 1);
    r.TargetSg.Properties.SecurityGroupEgress = [];
    r.Other = { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'o', SecurityGroupIngress: [{ IpProtocol: 'icmp', FromPort: 3, ToPort: 4, CidrIp: '10.0.0.0/16' }] } };
    expect(findingsOf(r).map((f) => [f.kind, f.id])).toEqual([['MISSING', 'TGSG-IN-ICMP-PMTU']]);
  });

  test('an internal load balancer whose clients are admitted by security group is not missing its VPC-CIDR rule', () => {
    const r = conforming(true);
    r.Client = { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'c', VpcId: { Ref: 'Vpc' } } };
    r.LbSg.Properties.SecurityGroupIngress = [tcp(80, fromGroup('Client'))];
    expect(findingsOf(r)).toEqual([]);
  });

  test('fails with MISSING when the group reference is on another port', () => {
    const r = conforming(true);
    r.Client = { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'c', VpcId: { Ref: 'Vpc' } } };
    r.LbSg.Properties.SecurityGroupIngress = [tcp(81, fromGroup('Client'))];
    expect(findingsOf(r).map((f) => [f.kind, f.id])).toContainEqual(['MISSING', 'LBSG-IN-LISTENER-VPC']);
  });

  test.each([
    ['the load balancer subnet, inbound', 'LbSubnet', false, 'LBACL-IN-LISTENER-INTERNET'],
    ['the load balancer subnet, outbound', 'LbSubnet', true, 'LBACL-OUT-TARGET'],
    ['the target subnet, inbound', 'TargetSubnet', false, 'TGACL-IN-TARGET'],
    ['the target subnet, outbound', 'TargetSubnet', true, 'TGACL-OUT-EPHEMERAL-VPC'],
  ])('an allow-all entry in %s is WIDER', (_, subnet, egress, id) => {
    const r = withAcl(conforming(), subnet, {
      In: aclEntry(`${subnet}Acl`, 100, false, '0.0.0.0/0', undefined, undefined, 'allow', egress ? 6 : -1),
      InTcp: aclEntry(`${subnet}Acl`, 110, false, '0.0.0.0/0', 0, 65535),
      Out: aclEntry(`${subnet}Acl`, 100, true, '0.0.0.0/0', undefined, undefined, 'allow', egress ? -1 : 6),
      OutTcp: aclEntry(`${subnet}Acl`, 110, true, '0.0.0.0/0', 0, 65535),
    });
    const wider = findingsOf(r).filter((f) => f.kind === 'WIDER');
    expect(wider.map((f) => [f.id, f.resource])).toContainEqual([id, egress ? 'Out' : 'In']);
    expect(wider.find((f) => f.resource === (egress ? 'Out' : 'In'))!.message)
      .toBe(`Lb: entry 100 (${egress ? 'Out' : 'In'}) of ${subnet}Acl, the network ACL of ${subnet === 'LbSubnet' ? 'load balancer' : 'target'} subnet ${subnet}, allows all traffic ${egress ? 'to' : 'from'} 0.0.0.0/0`);
  });
});
