import { planUpdate, collisionsBothWays } from './update-plan';

// The judge of the update-safety tests, on hand-written templates: it must see every collision.

function entry(acl: string, egress: boolean, ruleNumber: number, from: number, cidr = '10.0.0.0/16') {
  return {
    Type: 'AWS::EC2::NetworkAclEntry',
    Properties: { NetworkAclId: { Ref: acl }, Egress: egress, RuleNumber: ruleNumber, Protocol: 6, RuleAction: 'allow', CidrBlock: cidr, PortRange: { From: from, To: from } },
  };
}
const ACL = { Type: 'AWS::EC2::NetworkAcl', Properties: { VpcId: 'vpc-1' } };
const template = (resources: Record<string, unknown>) => ({ Resources: { Acl: ACL, ...resources } });

describe('planUpdate', () => {
  test('fails an entry created under a new logical id on a rule number a live entry holds', () => {
    // GIVEN content-named entries, as this library named them before: a new port takes number 101
    const before = template({ In80: entry('Acl', false, 100, 80), InEph: entry('Acl', false, 101, 1024) });
    const after = template({ In80: entry('Acl', false, 100, 80), In8080: entry('Acl', false, 101, 8080), InEph: entry('Acl', false, 102, 1024) });
    // WHEN
    const plan = planUpdate(before, after);
    // THEN
    expect(plan.created).toEqual(['In8080']);
    expect(plan.replaced).toEqual(['InEph']);
    expect(plan.collisions).toEqual([
      'network ACL entry In8080 is created on inbound rule number 101 of {"Ref":"Acl"}, still held by InEph',
    ]);
  });

  test('fails a replacement (new rule number) onto a number a live entry holds', () => {
    // GIVEN two entries that swap numbers
    const before = template({ A: entry('Acl', true, 100, 80), B: entry('Acl', true, 101, 81) });
    const after = template({ A: entry('Acl', true, 101, 80), B: entry('Acl', true, 100, 81) });
    // WHEN
    const plan = planUpdate(before, after);
    // THEN the spec says RuleNumber replaces the entry
    expect(plan.replaced.sort()).toEqual(['A', 'B']);
    expect(plan.collisions).toHaveLength(2);
  });

  test('passes content updated in place, slots added and slots removed', () => {
    // GIVEN entries named by their slot
    const before = template({ Ingress100: entry('Acl', false, 100, 80), Ingress101: entry('Acl', false, 101, 1024) });
    const after = template({ Ingress100: entry('Acl', false, 100, 8080), Ingress102: entry('Acl', false, 102, 443) });
    // WHEN
    const plan = planUpdate(before, after);
    // THEN
    expect(plan.updated).toEqual(['Ingress100']);
    expect(plan.created).toEqual(['Ingress102']);
    expect(plan.deleted).toEqual(['Ingress101']);
    expect(collisionsBothWays(before, after)).toEqual([]);
  });

  test('passes entries of a replaced ACL (a new physical ACL starts empty)', () => {
    // GIVEN the ACL moves to another VPC: replaced, and its entries with it
    const before = template({ In80: entry('Acl', false, 100, 80) });
    const after = { Resources: { Acl: { Type: 'AWS::EC2::NetworkAcl', Properties: { VpcId: 'vpc-2' } }, In81: entry('Acl', false, 100, 81) } };
    // WHEN
    const plan = planUpdate(before, after);
    // THEN
    expect(plan.replaced).toEqual(['Acl']);
    expect(plan.collisions).toEqual([]);
  });

  test('fails a security-group rule created identical to a live one', () => {
    // GIVEN an inline rule that becomes a separate resource
    const sg = (ingress: unknown[]) => ({ Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'g', VpcId: 'vpc-1', SecurityGroupIngress: ingress } });
    const rule = { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '0.0.0.0/0' };
    const before = { Resources: { Sg: sg([rule]) } };
    const after = { Resources: { Sg: sg([]), Rule: { Type: 'AWS::EC2::SecurityGroupIngress', Properties: { GroupId: { 'Fn::GetAtt': ['Sg', 'GroupId'] }, ...rule, Description: 'other words' } } } };
    // WHEN
    const collisions = planUpdate(before, after).collisions;
    // THEN
    expect(collisions).toEqual(['security-group rule Rule is created identical to the live rule Sg (inline) (["Sg",false,"tcp",80,80,"0.0.0.0/0"])']);
    // and a new inline rule identical to a live separate one, on the way back
    expect(planUpdate(after, before).collisions).toEqual(['security-group rule Sg (inline) is created identical to the live rule Rule (["Sg",false,"tcp",80,80,"0.0.0.0/0"])']);
  });

  test('fails a replacement that keeps a fixed name', () => {
    // GIVEN a named load balancer whose scheme changes (Scheme replaces it)
    const lb = (scheme: string) => ({ Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Name: 'web', Scheme: scheme, Subnets: ['subnet-1'] } });
    // WHEN
    const collisions = planUpdate({ Resources: { Lb: lb('internet-facing') } }, { Resources: { Lb: lb('internal') } }).collisions;
    // THEN
    expect(collisions).toEqual(['AWS::ElasticLoadBalancingV2::LoadBalancer Lb is replaced but keeps its fixed name "web" (Name)']);
  });
});
