import { FlowEndpoint, FlowsReport, FlowVerdict, NetworkAssertions, TemplateModel } from '../../src/assertions';

/** The AWS sample "EC2 instance with a security group": SSH open to a parameter, 0.0.0.0/0 by default. */
function sshSample(extra: Record<string, unknown> = {}) {
  return {
    Parameters: {
      SSHLocation: { Type: 'String', Default: '0.0.0.0/0', AllowedPattern: '(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})' },
      ...extra,
    },
    Resources: {
      InstanceSecurityGroup: {
        Type: 'AWS::EC2::SecurityGroup',
        Properties: {
          GroupDescription: 'Enable SSH access via port 22',
          SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: '22', ToPort: '22', CidrIp: { Ref: 'SSHLocation' } }],
        },
      },
      EC2Instance: { Type: 'AWS::EC2::Instance', Properties: { InstanceType: 't3.micro', SecurityGroups: [{ Ref: 'InstanceSecurityGroup' }] } },
    },
  };
}

const internet = FlowEndpoint.internet();
const instance = FlowEndpoint.resource('EC2Instance');

describe('three-valued verdicts', () => {
  test('fails open no more: a parameter\'s default of 0.0.0.0/0 opens SSH to the world', () => {
    // GIVEN
    const model = TemplateModel.fromJsonString(JSON.stringify(sshSample()));

    // WHEN
    const flow = model.evaluate(internet, instance, 22);

    // THEN
    expect(flow.verdict).toBe(FlowVerdict.ALLOWED);
    expect(flow.allowed).toBe(true);
    expect(() => NetworkAssertions.assertNotReachable(model, internet, instance, 22)).toThrow(/Expected the flow to be blocked, but it is allowed/);
  });

  test('a parameter value given at read time replaces the default', () => {
    // GIVEN
    const model = TemplateModel.fromJsonString(JSON.stringify(sshSample()), { parameters: { SSHLocation: '203.0.113.0/24' } });

    // WHEN
    const flow = model.evaluate(internet, instance, 22);

    // THEN
    expect(flow.verdict).toBe(FlowVerdict.BLOCKED);
    expect(() => NetworkAssertions.assertNotReachable(model, internet, instance, 22)).not.toThrow();
  });

  test('a parameter without a value is UNKNOWN, naming the step and the value; both assertions fail', () => {
    // GIVEN
    const t = sshSample();
    delete (t.Parameters.SSHLocation as { Default?: string }).Default;
    const model = TemplateModel.fromJsonString(JSON.stringify(t));

    // WHEN
    const flow = model.evaluate(internet, instance, 22);

    // THEN
    expect(flow.verdict).toBe(FlowVerdict.UNKNOWN);
    expect(flow.allowed).toBe(false);
    const step = flow.steps.find((s) => s.verdict === FlowVerdict.UNKNOWN)!;
    expect(step.name).toBe('destination security group ingress');
    expect(step.allowed).toBe(false);
    expect(step.detail).toContain('{Ref SSHLocation}');
    expect(() => NetworkAssertions.assertNotReachable(model, internet, instance, 22))
      .toThrow(/Expected the flow to be blocked, but it is UNKNOWN \(not proven either way\): step "destination security group ingress": .*\{Ref SSHLocation\}/);
    expect(() => NetworkAssertions.assertReachable(model, internet, instance, 22))
      .toThrow(/Expected the flow to be allowed, but it is UNKNOWN \(not proven either way\): step "destination security group ingress": .*\{Ref SSHLocation\}/);
  });

  test('every step has a verdict, and allowed is true only for ALLOWED', () => {
    const model = TemplateModel.fromJsonString(JSON.stringify(sshSample()));
    const flow = model.evaluate(internet, instance, 23);
    expect(flow.verdict).toBe(FlowVerdict.BLOCKED);
    for (const s of flow.steps) {
      expect(s.allowed).toBe(s.verdict === FlowVerdict.ALLOWED);
    }
  });

  test.each([
    [{ NotDeclared: '1' }, "TemplateModel: parameter 'NotDeclared' is not declared by the template; its parameters: SSHLocation, Env"],
    [{ Env: 'qa' }, "TemplateModel: parameter 'Env' must be one of prod, dev, got 'qa'"],
  ])('fails on parameters that do not fit the template: %j', (parameters, error) => {
    const t = sshSample({ Env: { Type: 'String', Default: 'dev', AllowedValues: ['prod', 'dev'] } });
    expect(() => TemplateModel.fromJsonString(JSON.stringify(t), { parameters })).toThrow(error);
  });
});

describe('flows report verdicts', () => {
  function lbTemplate(subnets: unknown) {
    return {
      Resources: {
        Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
        LbSg: {
          Type: 'AWS::EC2::SecurityGroup',
          Properties: {
            GroupDescription: 'lb',
            VpcId: { Ref: 'Vpc' },
            SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '0.0.0.0/0' }],
            SecurityGroupEgress: [{ IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, CidrIp: '10.0.0.0/16' }],
          },
        },
        Lb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Subnets: subnets, SecurityGroups: [{ Ref: 'LbSg' }] } },
        Listener: { Type: 'AWS::ElasticLoadBalancingV2::Listener', Properties: { LoadBalancerArn: { Ref: 'Lb' }, Port: '80', Protocol: 'HTTP', DefaultActions: [] } },
      },
    };
  }

  test('load balancer subnets from Fn::Split of Fn::ImportValue are not dropped: the client row is UNKNOWN, not allowed', () => {
    // GIVEN
    const model = TemplateModel.fromJsonString(JSON.stringify(lbTemplate({ 'Fn::Split': [',', { 'Fn::ImportValue': 'PublicSubnets' }] })));

    // WHEN
    const report = FlowsReport.of(model);
    const flow = model.evaluate(internet, FlowEndpoint.resource('Lb'), 80);

    // THEN
    expect(flow.verdict).toBe(FlowVerdict.UNKNOWN);
    expect(flow.explanation).toContain('{Split , {ImportValue PublicSubnets}}');
    const row = report.rows.find((r) => r.from === '0.0.0.0/0')!;
    expect(row.verdict).toBe(FlowVerdict.UNKNOWN);
    expect(row.allowed).toBe(false);
    expect(report.toMarkdown()).toContain('| 80 | UNKNOWN |');
    expect(report.toMermaid()).toContain('"80 UNKNOWN"');
  });

  test('a load balancer\'s other egress rows are evaluated, not written as allowed', () => {
    // GIVEN a load balancer in a subnet whose ACL denies everything
    const t = lbTemplate([{ Ref: 'LbSubnet' }]) as { Resources: Record<string, unknown> };
    t.Resources.LbSubnet = { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.0.0/24' } };
    t.Resources.Acl = { Type: 'AWS::EC2::NetworkAcl', Properties: { VpcId: { Ref: 'Vpc' } } };
    t.Resources.Assoc = { Type: 'AWS::EC2::SubnetNetworkAclAssociation', Properties: { SubnetId: { Ref: 'LbSubnet' }, NetworkAclId: { Ref: 'Acl' } } };

    // WHEN
    const rows = FlowsReport.of(TemplateModel.fromJsonString(JSON.stringify(t))).rows;

    // THEN
    expect(rows.find((r) => r.to === '10.0.0.0/16')).toEqual(expect.objectContaining({
      ports: '8080', allowed: false, verdict: FlowVerdict.BLOCKED, decidedBy: 'Acl (final deny *) (source subnet network ACL outbound)',
    }));
  });

  test('the targets reached directly are evaluated, not written as allowed', () => {
    // GIVEN targets whose group is open to everyone on 22, in a subnet whose ACL denies everything
    const t = lbTemplate([{ Ref: 'LbSubnet' }]) as { Resources: Record<string, any> };
    t.Resources.LbSubnet = { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.0.0/24' } };
    t.Resources.TargetSubnet = { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.1.0/24' } };
    t.Resources.Acl = { Type: 'AWS::EC2::NetworkAcl', Properties: { VpcId: { Ref: 'Vpc' } } };
    t.Resources.Assoc = { Type: 'AWS::EC2::SubnetNetworkAclAssociation', Properties: { SubnetId: { Ref: 'TargetSubnet' }, NetworkAclId: { Ref: 'Acl' } } };
    t.Resources.TargetSg = {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: { GroupDescription: 't', VpcId: { Ref: 'Vpc' }, SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '0.0.0.0/0' }] },
    };
    t.Resources.Web = { Type: 'AWS::EC2::Instance', Properties: { SubnetId: { Ref: 'TargetSubnet' }, SecurityGroupIds: [{ Ref: 'TargetSg' }] } };
    t.Resources.Tg = { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: { Port: '8080', VpcId: { Ref: 'Vpc' }, Targets: [{ Id: { Ref: 'Web' } }] } };
    t.Resources.Listener.Properties.DefaultActions = [{ Type: 'forward', TargetGroupArn: { Ref: 'Tg' } }];

    // WHEN
    const rows = FlowsReport.of(TemplateModel.fromJsonString(JSON.stringify(t))).rows;

    // THEN
    // (the subnets have no route table association: they use the VPC's main route table, only the local route)
    expect(rows.find((r) => r.ports === '22')).toEqual(expect.objectContaining({
      from: '0.0.0.0/0', to: 'targets of Tg', verdict: FlowVerdict.BLOCKED, decidedBy: 'TargetSubnet (main route table of Vpc) (route from the internet: destination subnet route table)',
    }));
    // routed to an internet gateway, the ACL that denies everything decides
    t.Resources.Igw = { Type: 'AWS::EC2::InternetGateway' };
    t.Resources.Rt = { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: { Ref: 'Vpc' } } };
    t.Resources.RtDefault = { Type: 'AWS::EC2::Route', Properties: { RouteTableId: { Ref: 'Rt' }, DestinationCidrBlock: '0.0.0.0/0', GatewayId: { Ref: 'Igw' } } };
    t.Resources.RtAssoc = { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { SubnetId: { Ref: 'TargetSubnet' }, RouteTableId: { Ref: 'Rt' } } };
    expect(FlowsReport.of(TemplateModel.fromJsonString(JSON.stringify(t))).rows.find((r) => r.ports === '22')).toEqual(expect.objectContaining({
      from: '0.0.0.0/0', to: 'targets of Tg', verdict: FlowVerdict.BLOCKED, decidedBy: 'Acl (final deny *) (destination subnet network ACL inbound)',
    }));
  });
});
