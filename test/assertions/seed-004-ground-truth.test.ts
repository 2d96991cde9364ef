import { assertions } from '../../src';

const { FlowEndpoint, TemplateModel } = assertions;

/**
 * The source/destination scenarios of the reference article on security-group sources and
 * destinations (resources of type A, B and C), worked by hand. The groups have no subnet here, so
 * only the security groups decide.
 */
interface Rule {
  IpProtocol: string;
  FromPort?: number;
  ToPort?: number;
  CidrIp?: string;
  SourceSecurityGroupId?: unknown;
  DestinationSecurityGroupId?: unknown;
}

function template(groups: Record<string, { ingress?: Rule[]; egress?: Rule[] }>): string {
  const Resources: Record<string, unknown> = {};
  for (const [name, g] of Object.entries(groups)) {
    Resources[name] = {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: { GroupDescription: name, VpcId: 'vpc-1', SecurityGroupIngress: g.ingress, SecurityGroupEgress: g.egress },
    };
  }
  return JSON.stringify({ Resources });
}
const sg = (id: string) => ({ 'Fn::GetAtt': [id, 'GroupId'] });
const ALL_OUT: Rule[] = [{ IpProtocol: '-1', CidrIp: '0.0.0.0/0' }];

describe('seed 004: inbound sources', () => {
  test('open to all: 80 and 443 from 0.0.0.0/0 admit the internet, other ports do not', () => {
    const model = TemplateModel.fromJsonString(template({
      A: { ingress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' }, { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '0.0.0.0/0' }] },
    }));
    expect(model.evaluate(FlowEndpoint.internet(), FlowEndpoint.securityGroup('A'), 443).allowed).toBe(true);
    expect(model.evaluate(FlowEndpoint.internet(), FlowEndpoint.securityGroup('A'), 80).allowed).toBe(true);
    expect(model.evaluate(FlowEndpoint.internet(), FlowEndpoint.securityGroup('A'), 22).allowed).toBe(false);
  });

  test('a specific address: 1.1.1.1/32 is admitted, any other address is not', () => {
    const model = TemplateModel.fromJsonString(template({
      A: { ingress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '1.1.1.1/32' }, { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '1.1.1.1/32' }] },
    }));
    expect(model.evaluate(FlowEndpoint.cidr('1.1.1.1/32'), FlowEndpoint.securityGroup('A'), 443).allowed).toBe(true);
    expect(model.evaluate(FlowEndpoint.cidr('1.1.1.2/32'), FlowEndpoint.securityGroup('A'), 443).allowed).toBe(false);
    expect(model.evaluate(FlowEndpoint.internet(), FlowEndpoint.securityGroup('A'), 80).allowed).toBe(false);
  });

  test('a security group as the source: B reaches A, C does not (its egress allows it, A\'s ingress does not)', () => {
    const model = TemplateModel.fromJsonString(template({
      A: { ingress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, SourceSecurityGroupId: sg('B') }, { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, SourceSecurityGroupId: sg('B') }] },
      B: { egress: ALL_OUT },
      C: { egress: ALL_OUT },
    }));
    const bToA = model.evaluate(FlowEndpoint.securityGroup('B'), FlowEndpoint.securityGroup('A'), 443);
    expect(bToA.allowed).toBe(true);
    expect(bToA.steps.find((s) => s.name === 'destination security group ingress')?.detail).toContain('group B');
    const cToA = model.evaluate(FlowEndpoint.securityGroup('C'), FlowEndpoint.securityGroup('A'), 443);
    expect(cToA.allowed).toBe(false);
    expect(cToA.steps.find((s) => !s.allowed)).toMatchObject({ name: 'destination security group ingress', decidedBy: 'A' });
    expect(cToA.steps.find((s) => s.name === 'source security group egress')?.allowed).toBe(true);
  });
});

describe('seed 004: outbound destinations', () => {
  const model = TemplateModel.fromJsonString(template({
    // A: all traffic, but only to 1.1.1.1/32
    A: { egress: [{ IpProtocol: '-1', CidrIp: '1.1.1.1/32' }] },
    // B: 443 from 0.0.0.0/32 — that is the single address 0.0.0.0, not "everyone"
    B: { ingress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/32' }] },
    C: { ingress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '2.2.2.2/32' }] },
  }));

  test('A reaches 1.1.1.1 and nothing else', () => {
    expect(model.evaluate(FlowEndpoint.securityGroup('A'), FlowEndpoint.cidr('1.1.1.1/32'), 443).allowed).toBe(true);
    expect(model.evaluate(FlowEndpoint.securityGroup('A'), FlowEndpoint.internet(), 443).allowed).toBe(false);
  });

  test('A does not reach B: A\'s egress names only 1.1.1.1/32, and 0.0.0.0/32 on B admits nobody', () => {
    const r = model.evaluate(FlowEndpoint.securityGroup('A'), FlowEndpoint.securityGroup('B'), 443);
    expect(r.allowed).toBe(false);
    expect(r.steps[0]).toMatchObject({ name: 'source security group egress', allowed: false });
    expect(model.evaluate(FlowEndpoint.internet(), FlowEndpoint.securityGroup('B'), 443).allowed).toBe(false);
    expect(model.evaluate(FlowEndpoint.cidr('0.0.0.0/32'), FlowEndpoint.securityGroup('B'), 443).allowed).toBe(true);
  });

  test('A does not reach C: C admits only 2.2.2.2/32', () => {
    expect(model.evaluate(FlowEndpoint.securityGroup('A'), FlowEndpoint.securityGroup('C'), 443).allowed).toBe(false);
    expect(model.evaluate(FlowEndpoint.cidr('2.2.2.2/32'), FlowEndpoint.securityGroup('C'), 443).allowed).toBe(true);
  });
});

describe('seed 004: a security group as the destination', () => {
  const model = TemplateModel.fromJsonString(template({
    // A sends 80/443 to members of sg-type-a (itself) only
    A: { egress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, DestinationSecurityGroupId: sg('A') }, { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, DestinationSecurityGroupId: sg('A') }] },
    B: { ingress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, SourceSecurityGroupId: sg('A') }, { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, SourceSecurityGroupId: sg('A') }], egress: ALL_OUT },
    C: { ingress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, SourceSecurityGroupId: 'sg-type-z' }], egress: ALL_OUT },
  }));

  test('B admits A, but A\'s egress names only its own group: A -> B is blocked at A\'s egress', () => {
    const r = model.evaluate(FlowEndpoint.securityGroup('A'), FlowEndpoint.securityGroup('B'), 443);
    expect(r.allowed).toBe(false);
    expect(r.steps[0]).toMatchObject({ name: 'source security group egress', allowed: false, decidedBy: 'A' });
    expect(r.steps.find((s) => s.name === 'destination security group ingress')?.allowed).toBe(true);
  });

  test('A -> A is allowed both ways (a group may name itself)', () => {
    // A has no ingress rule: even its own members cannot reach it
    expect(model.evaluate(FlowEndpoint.securityGroup('A'), FlowEndpoint.securityGroup('A'), 443).allowed).toBe(false);
  });

  test('C admits only sg-type-z (not in the template): neither A nor B reaches it', () => {
    expect(model.evaluate(FlowEndpoint.securityGroup('A'), FlowEndpoint.securityGroup('C'), 443).allowed).toBe(false);
    const r = model.evaluate(FlowEndpoint.securityGroup('B'), FlowEndpoint.securityGroup('C'), 443);
    expect(r.allowed).toBe(false);
    expect(r.steps.find((s) => !s.allowed)?.name).toEqual('destination security group ingress');
  });
});
