import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App } from 'aws-cdk-lib';
import { assertions } from '../../src';
import { cidr, conforming, findingsOf, modelOf, Resources, tcp } from './private/fixtures';

const { FlowEndpoint, NetworkAssertions, SecureAlbChecks } = assertions;

describe('the validation plugin on a template file', () => {
  function report(props: assertions.SecureAlbChecksProps, r: Resources) {
    const dir = mkdtempSync(join(tmpdir(), 'secure-alb-'));
    const file = join(dir, 'Test.template.json');
    writeFileSync(file, JSON.stringify({ Resources: r }));
    const result = new SecureAlbChecks(props).validate({ templatePaths: [file], appConstruct: new App() });
    return {
      success: result.success,
      violations: result.violations.map((v) => ({
        rule: v.ruleName,
        severity: v.severity,
        description: v.description.replace(/ \(https:.*\)$/, ''),
        resources: v.violatingResources.map((x) => x.resourceLogicalId),
      })),
    };
  }
  // targets outside the template, two wider egress rules, the listener rule missing
  const nonConforming = () => {
    const r = conforming();
    delete r.Tg.Properties.Targets;
    r.LbSg.Properties.SecurityGroupIngress = [];
    r.LbSg.Properties.SecurityGroupEgress = [tcp(8080, cidr('10.0.1.0/24')), tcp(8081, cidr('10.0.1.0/24'))];
    return r;
  };
  const wider = (port: number) => `Lb: LbSg allows tcp ${port} outbound to 10.0.1.0/24; the load balancer needs only the target and health-check ports (8080, 8081) to the targets' security group (access logs need no egress)`;

  test('by default: missing rules are errors, wider ones warnings (one violation per distinct finding, each with its own message), unknowns left out', () => {
    expect(report({}, nonConforming())).toEqual({
      success: false,
      violations: [
        { rule: 'cdk-secure-alb::SecureAlb-LBSG-IN-LISTENER-INTERNET', severity: 'error', description: 'Missing recommended rule: Lb: no ingress rule of LbSg allows TCP 80 from a client on the internet', resources: ['LbSg'] },
        { rule: 'cdk-secure-alb::SecureAlb-LBSG-OUT-TARGET', severity: 'warning', description: `Rule wider than recommended: ${wider(8080)}`, resources: ['LbSg'] },
        { rule: 'cdk-secure-alb::SecureAlb-LBSG-OUT-TARGET', severity: 'warning', description: `Rule wider than recommended: ${wider(8081)}`, resources: ['LbSg'] },
      ],
    });
  });

  test('reportUnknown: true adds what cannot be checked; reportWider: false leaves the wider rules out', () => {
    const { violations } = report({ reportUnknown: true, reportWider: false }, nonConforming());
    expect(violations.map((v) => [v.rule, v.severity, v.description, v.resources])).toEqual([
      ['cdk-secure-alb::SecureAlb-LBSG-IN-LISTENER-INTERNET', 'error', 'Missing recommended rule: Lb: no ingress rule of LbSg allows TCP 80 from a client on the internet', ['LbSg']],
      ['cdk-secure-alb::SecureAlb-UNKNOWN-TGSG-IN-TARGET', 'warning', 'UNKNOWN (not proven: the template does not hold or resolve what the check needs): Lb: the targets of Tg and their security groups are not in the template', ['Tg']],
    ]);
  });

  test('a conforming template passes', () => {
    expect(report({}, conforming())).toEqual({ success: true, violations: [] });
  });

  test('a finding on several groups is reported on the first', () => {
    const r = conforming();
    r.Lb.Properties.SecurityGroups.push({ 'Fn::GetAtt': ['TargetSg', 'GroupId'] });
    r.LbSg.Properties.SecurityGroupIngress = [];
    r.TargetSg.Properties.SecurityGroupIngress.splice(0, 2);
    expect(findingsOf(r)[0].resource).toEqual('LbSg, TargetSg');
    expect(report({ reportWider: false }, r).violations[0].resources).toEqual(['LbSg']);
  });
});

describe('ends given as template resources', () => {
  test.each([
    ['an instance with SubnetId and SecurityGroupIds, on the target port: allowed', (r: Resources) => r, 8080, true],
    ['an instance with SubnetId and SecurityGroupIds, on another port: blocked', (r: Resources) => r, 9000, false],
    ['an instance with a network interface, on the target port: allowed', (r: Resources) => {
      r.Web.Properties = { NetworkInterfaces: [{ DeviceIndex: '0', SubnetId: { Ref: 'TargetSubnet' }, GroupSet: [{ 'Fn::GetAtt': ['TargetSg', 'GroupId'] }] }] };
      return r;
    }, 8080, true],
  ] as Array<[string, (r: Resources) => Resources, number, boolean]>)('the load balancer to %s', (_, shape, port, allowed) => {
    const model = modelOf(shape(conforming()));
    expect(model.evaluate(FlowEndpoint.resource('Lb'), FlowEndpoint.resource('Web'), port).allowed).toBe(allowed);
  });

  test('an instance without a security group is in the VPC\'s default one, which admits only its own members', () => {
    const r = conforming();
    r.Web.Properties = { SubnetId: { Ref: 'TargetSubnet' } };
    const flow = modelOf(r).evaluate(FlowEndpoint.resource('Lb'), FlowEndpoint.resource('Web'), 8080);
    expect(flow.verdict).toBe(assertions.FlowVerdict.BLOCKED);
    expect(flow.explanation).toContain('BLOCK  destination security group ingress: no ingress rule of Vpc.DefaultSecurityGroup allows TCP 8080 from load balancer Lb');
  });

  test('a security group and a subnet given as resources', () => {
    const model = modelOf(conforming());
    expect(model.evaluate(FlowEndpoint.resource('LbSg'), FlowEndpoint.resource('TargetSg'), 8081).allowed).toBe(true);
    expect(model.evaluate(FlowEndpoint.resource('LbSg'), FlowEndpoint.resource('TargetSg'), 8082).allowed).toBe(false);
    expect(model.evaluate(FlowEndpoint.internet(), FlowEndpoint.resource('TargetSubnet'), 22).steps.map((s) => s.name)).toEqual([
      'source subnet network ACL outbound', 'route from the internet: destination subnet route table', 'destination subnet network ACL inbound',
      'return: destination subnet network ACL outbound (ephemeral ports)', 'return: source subnet network ACL inbound (ephemeral ports)',
    ]);
  });

  test.each([1, 65535])('port %p is accepted', (port) => {
    expect(() => modelOf(conforming()).evaluate(FlowEndpoint.internet(), FlowEndpoint.resource('Lb'), port)).not.toThrow();
  });

  test.each([65536, 1.5])('fails on port %p', (port) => {
    expect(() => modelOf(conforming()).evaluate(FlowEndpoint.internet(), FlowEndpoint.resource('Lb'), port))
      .toThrow(`TemplateModel.evaluate: \`port\` must be an integer between 1 and 65535, got ${port}`);
  });

  test('fails on an unknown group, naming the groups there are (or none)', () => {
    expect(() => modelOf(conforming()).evaluate(FlowEndpoint.securityGroup('Nope'), FlowEndpoint.internet(), 443))
      .toThrow("FlowEndpoint: no AWS::EC2::SecurityGroup 'Nope' in the template; security groups: LbSg, TargetSg");
    expect(() => modelOf({}).evaluate(FlowEndpoint.securityGroup('Nope'), FlowEndpoint.internet(), 443))
      .toThrow("FlowEndpoint: no AWS::EC2::SecurityGroup 'Nope' in the template; security groups: none");
  });

  test('fails on a group end in a subnet the template does not hold', () => {
    expect(() => modelOf(conforming()).evaluate(FlowEndpoint.securityGroup('TargetSg', ['Nope']), FlowEndpoint.internet(), 443))
      .toThrow("FlowEndpoint: no AWS::EC2::Subnet 'Nope' in the template");
  });
});

describe('NetworkAssertions helpers', () => {
  test('isMissing tells missing findings from the others; formatFindings writes one line each', () => {
    const r = conforming();
    r.LbSg.Properties.SecurityGroupIngress.push(tcp(22, cidr('0.0.0.0/0')));
    r.TargetSg.Properties.SecurityGroupIngress.splice(1, 1);
    const findings = modelOf(r).checkRecommendations();
    expect(findings.map((f) => [f.recommendationId, NetworkAssertions.isMissing(f)])).toEqual([
      ['LBSG-IN-LISTENER-INTERNET', false],
      ['TGSG-IN-HEALTH-CHECK', true],
    ]);
    expect(NetworkAssertions.formatFindings(findings).split('\n')[1]).toEqual(
      '  [MISSING TGSG-IN-HEALTH-CHECK] Lb: no ingress rule of TargetSg allows TCP 8081 from the load balancer Lb (health-check port: the targets stay unhealthy)'
      + ' (resource: TargetSg) — fix: Allow TCP 8081 inbound on TargetSg from the load balancer security group.');
  });

  test('assertFollowsRecommendations ignores the ids it is given, and only those', () => {
    const r = conforming();
    r.TargetSg.Properties.SecurityGroupIngress.splice(1, 2);
    expect(() => NetworkAssertions.assertFollowsRecommendations(modelOf(r), ['TGSG-IN-HEALTH-CHECK', 'TGSG-IN-ICMP-PMTU'])).not.toThrow();
    expect(() => NetworkAssertions.assertFollowsRecommendations(modelOf(r), ['TGSG-IN-HEALTH-CHECK'])).toThrow(/\[ADVISORY TGSG-IN-ICMP-PMTU\]/);
    expect(() => NetworkAssertions.assertFollowsRecommendations(modelOf(r))).toThrow(/\[MISSING TGSG-IN-HEALTH-CHECK\]/);
  });
});
