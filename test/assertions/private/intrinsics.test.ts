import { conforming, findingsOf, modelOf, Resources, withAcl, aclEntry } from './fixtures';
import { FlowEndpoint, FlowsReport, FlowVerdict, TemplateModel } from '../../../src/assertions';
import { cidrs, resolveTemplate } from '../../../src/assertions/private/intrinsics';

function resolved(template: Record<string, unknown>, options = {}) {
  return resolveTemplate(template, options).template.Resources.R.Properties;
}

describe('the pre-resolution pass', () => {
  test.each([
    ['Ref of a parameter default', { Ref: 'P' }, '10.0.0.0/16'],
    ['Ref of a CommaDelimitedList', { Ref: 'L' }, ['a', 'b']],
    ['Fn::Sub, string form', { 'Fn::Sub': '${P}-${AWS::Region}-${!Literal}' }, '10.0.0.0/16-eu-west-1-${Literal}'],
    ['Fn::Sub, variable form', { 'Fn::Sub': ['${X}.${AWS::URLSuffix}', { X: 'x' }] }, 'x.amazonaws.com'],
    ['Fn::Join', { 'Fn::Join': [':', ['a', { Ref: 'AWS::AccountId' }]] }, 'a:123456789012'],
    ['Fn::Split then Fn::Select', { 'Fn::Select': ['1', { 'Fn::Split': [',', 'a,b,c'] }] }, 'b'],
    ['Fn::FindInMap', { 'Fn::FindInMap': ['M', { Ref: 'AWS::Region' }, 'Cidr'] }, '10.1.0.0/16'],
    ['Fn::If on a true condition', { 'Fn::If': ['IsProd', 'p', 'd'] }, 'd'],
    ['Fn::Cidr', { 'Fn::Cidr': ['10.0.0.0/16', 3, 8] }, ['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24']],
    ['AWS::Partition', { Ref: 'AWS::Partition' }, 'aws'],
    ['Fn::GetAZs stays symbolic', { 'Fn::GetAZs': '' }, { 'Fn::GetAZs': '' }],
    ['a resource Ref stays', { Ref: 'R' }, { Ref: 'R' }],
  ])('%s', (_, value, expected) => {
    const t = {
      Parameters: { P: { Type: 'String', Default: '10.0.0.0/16' }, L: { Type: 'CommaDelimitedList', Default: 'a, b' }, Env: { Type: 'String', Default: 'dev' } },
      Mappings: { M: { 'eu-west-1': { Cidr: '10.1.0.0/16' } } },
      Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } },
      Resources: { R: { Type: 'X', Properties: { V: value } } },
    };
    expect(resolved(t, { region: 'eu-west-1', account: '123456789012' }).V).toEqual(expected);
  });

  test('AWS::NoValue removes the property and the list element', () => {
    const t = {
      Conditions: { Yes: { 'Fn::Equals': ['a', 'a'] } },
      Resources: { R: { Type: 'X', Properties: { A: { 'Fn::If': ['Yes', { Ref: 'AWS::NoValue' }, 1] }, B: ['x', { Ref: 'AWS::NoValue' }], C: 1 } } },
    };
    expect(resolved(t)).toEqual({ B: ['x'], C: 1 });
  });

  test('a condition on an unknown region stays undecided: Fn::If is kept, the resource kept and marked', () => {
    const t = {
      Conditions: { InUsEast1: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] } },
      Resources: { R: { Type: 'X', Condition: 'InUsEast1', Properties: { V: { 'Fn::If': ['InUsEast1', 'a', 'b'] } } } },
    };
    const r = resolveTemplate(t);
    expect(r.template.Resources.R.Properties.V).toEqual({ 'Fn::If': ['InUsEast1', 'a', 'b'] });
    expect(r.uncertain.get('R')).toBe('R exists only if condition InUsEast1 holds, which depends on AWS::Region the model cannot resolve');
    expect(resolveTemplate(t, { region: 'eu-west-1' }).template.Resources.R).toBeUndefined();
  });

  test.each([
    [['10.0.0.0/16', 2, 9], undefined], // /23 blocks from /16: fits? 2 * 512 <= 65536 -> yes
    [['10.0.0.0/24', 2, 8], undefined],
    [['not a cidr', 1, 8], undefined],
  ])('Fn::Cidr that does not fit stays unresolved: %j', (args, _) => {
    const [block, count, bits] = args as [string, number, number];
    const out = cidrs(block, count, bits);
    if (block === '10.0.0.0/16') expect(out).toEqual(['10.0.0.0/23', '10.0.2.0/23']);
    else expect(out).toBeUndefined();
  });
});

describe('conditions decide what exists', () => {
  function withConditionalSsh(r: Resources): Record<string, unknown> {
    r.Ssh = {
      Type: 'AWS::EC2::SecurityGroupIngress',
      Condition: 'OpenSsh',
      Properties: { GroupId: { 'Fn::GetAtt': ['TargetSg', 'GroupId'] }, IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '0.0.0.0/0' },
    };
    return {
      Parameters: { Debug: { Type: 'String', Default: 'false' } },
      Conditions: { OpenSsh: { 'Fn::Equals': [{ Ref: 'Debug' }, 'true'] }, InUsEast1: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] } },
      Resources: r,
    };
  }

  test('a resource whose condition is false by default is not in the model', () => {
    const json = JSON.stringify(withConditionalSsh(conforming()));
    expect(TemplateModel.fromJsonString(json).evaluate(FlowEndpoint.internet(), FlowEndpoint.securityGroup('TargetSg', ['TargetSubnet']), 22).verdict).toBe(FlowVerdict.BLOCKED);
    expect(TemplateModel.fromJsonString(json, { parameters: { Debug: 'true' } })
      .evaluate(FlowEndpoint.internet(), FlowEndpoint.securityGroup('TargetSg', ['TargetSubnet']), 22).verdict).toBe(FlowVerdict.ALLOWED);
  });

  test('a rule whose condition cannot be decided makes the flow UNKNOWN, naming the condition', () => {
    const t = withConditionalSsh(conforming()) as { Resources: Resources };
    t.Resources.Ssh.Condition = 'InUsEast1';
    const flow = TemplateModel.fromJsonString(JSON.stringify(t)).evaluate(FlowEndpoint.internet(), FlowEndpoint.securityGroup('TargetSg', ['TargetSubnet']), 22);
    expect(flow.verdict).toBe(FlowVerdict.UNKNOWN);
    expect(flow.steps.find((s) => s.verdict === FlowVerdict.UNKNOWN)!.detail).toContain('Ssh exists only if condition InUsEast1 holds, which depends on AWS::Region');
    expect(TemplateModel.fromJsonString(JSON.stringify(t), { region: 'us-east-1' })
      .evaluate(FlowEndpoint.internet(), FlowEndpoint.securityGroup('TargetSg', ['TargetSubnet']), 22).verdict).toBe(FlowVerdict.ALLOWED);
  });

  test('load balancer subnets from Fn::If pick the branch of the condition', () => {
    const r = conforming();
    r.Lb.Properties.Subnets = { 'Fn::If': ['InUsEast1', [{ Ref: 'LbSubnet' }], [{ Ref: 'TargetSubnet' }]] };
    const t = { Conditions: { InUsEast1: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] } }, Resources: withAcl(r, 'LbSubnet', {}) };
    const lb = FlowEndpoint.resource('Lb');
    expect(TemplateModel.fromJsonString(JSON.stringify(t), { region: 'us-east-1' }).evaluate(FlowEndpoint.internet(), lb, 80).verdict).toBe(FlowVerdict.BLOCKED);
    expect(TemplateModel.fromJsonString(JSON.stringify(t), { region: 'eu-west-1' }).evaluate(FlowEndpoint.internet(), lb, 80).verdict).toBe(FlowVerdict.ALLOWED);
    expect(TemplateModel.fromJsonString(JSON.stringify(t)).evaluate(FlowEndpoint.internet(), lb, 80).verdict).toBe(FlowVerdict.UNKNOWN);
  });

  test('an ACL entry with a parameter port and no value is UNKNOWN, never allowed as all ports', () => {
    const r = withAcl(conforming(), 'LbSubnet', {
      In: { ...aclEntry('LbSubnetAcl', 100, false, '0.0.0.0/0', 80), Properties: { ...aclEntry('LbSubnetAcl', 100, false, '0.0.0.0/0').Properties, Protocol: '6', RuleNumber: '100', PortRange: { From: { Ref: 'Port' }, To: { Ref: 'Port' } } } },
      Out: aclEntry('LbSubnetAcl', 100, true, '0.0.0.0/0', 1024, 65535),
    });
    const t = { Parameters: { Port: { Type: 'Number' } }, Resources: r };
    const flow = TemplateModel.fromJsonString(JSON.stringify(t)).evaluate(FlowEndpoint.internet(), FlowEndpoint.resource('Lb'), 80);
    expect(flow.verdict).toBe(FlowVerdict.UNKNOWN);
    expect(flow.explanation).toContain('PortRange.From is {Ref Port}');
    expect(TemplateModel.fromJsonString(JSON.stringify(t), { parameters: { Port: '80' } }).evaluate(FlowEndpoint.internet(), FlowEndpoint.resource('Lb'), 80).verdict)
      .toBe(FlowVerdict.ALLOWED);
  });
});

describe('a tolerant reader', () => {
  test('numeric strings: listener and target group ports, rule numbers, protocols', () => {
    const r = conforming();
    r.Listener.Properties.Port = '80';
    r.Tg.Properties.Port = '8080';
    r.LbSg.Properties.SecurityGroupIngress = [{ IpProtocol: '6', FromPort: '80', ToPort: '80', CidrIp: '0.0.0.0/0' }];
    expect(findingsOf(r)).toEqual([]);
    expect(FlowsReport.of(modelOf(r)).rows.filter((x) => x.ports === '80')).toHaveLength(1);
  });

  test('a classic load balancer: its listener ports in the flows report, and an UNKNOWN finding', () => {
    const r: Resources = {
      Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
      Sub: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.0.0/24' } },
      Igw: { Type: 'AWS::EC2::InternetGateway' },
      Rt: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: { Ref: 'Vpc' } } },
      RtDefault: { Type: 'AWS::EC2::Route', Properties: { RouteTableId: { Ref: 'Rt' }, DestinationCidrBlock: '0.0.0.0/0', GatewayId: { Ref: 'Igw' } } },
      SubRt: { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { SubnetId: { Ref: 'Sub' }, RouteTableId: { Ref: 'Rt' } } },
      ElbSg: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'e', VpcId: { Ref: 'Vpc' }, SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '0.0.0.0/0' }] } },
      WebSg: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'w', VpcId: { Ref: 'Vpc' }, SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, SourceSecurityGroupId: { Ref: 'ElbSg' } }] } },
      Web: { Type: 'AWS::EC2::Instance', Properties: { SubnetId: { Ref: 'Sub' }, SecurityGroupIds: [{ Ref: 'WebSg' }] } },
      Elb: {
        Type: 'AWS::ElasticLoadBalancing::LoadBalancer',
        Properties: { Subnets: [{ Ref: 'Sub' }], SecurityGroups: [{ Ref: 'ElbSg' }], Instances: [{ Ref: 'Web' }], Listeners: [{ LoadBalancerPort: '80', InstancePort: '8080', Protocol: 'HTTP' }] },
      },
    };
    const model = modelOf(r);
    expect(model.loadBalancerIds).toEqual(['Elb']);
    const rows = FlowsReport.of(model).rows.map((x) => [x.from, x.to, x.ports, x.verdict]);
    expect(rows).toContainEqual(['0.0.0.0/0', 'load balancer Elb', '80', FlowVerdict.ALLOWED]);
    expect(rows).toContainEqual(['load balancer Elb', 'targets of Elb:8080', '8080', FlowVerdict.ALLOWED]);
    expect(model.evaluate(FlowEndpoint.internet(), FlowEndpoint.resource('Elb'), 80).verdict).toBe(FlowVerdict.ALLOWED);
    expect(model.checkRecommendations().map((f) => [f.kind, f.message])).toEqual([
      ['UNKNOWN', 'classic load balancer Elb: not checked (the recommendations are for application load balancers; its flows are in the flows report)'],
    ]);
  });
});
