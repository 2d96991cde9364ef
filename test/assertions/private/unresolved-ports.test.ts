import { conforming, Resources } from './fixtures';
import { assertions } from '../../../src';

/**
 * Ports the template does not resolve (a parameter without a value) leave the rules that depend on
 * them unchecked: an UNKNOWN finding and an UNKNOWN row in the flows report, never a silent pass.
 */

const FIX = 'Give the port a value the model can read (pass the parameter with `parameters`, or give it a default), or check these rules yourself.';

function modelWith(change: (r: Resources) => void, parameters?: Record<string, string>) {
  const r = conforming();
  change(r);
  const template = { Parameters: { Port: { Type: 'Number' } }, Resources: r };
  return assertions.TemplateModel.fromJsonString(JSON.stringify(template), parameters ? { parameters } : {});
}

const unknowns = (m: assertions.TemplateModel) => m.checkRecommendations().filter((f) => f.kind === assertions.FindingKind.UNKNOWN)
  .map((f) => [f.recommendationId, f.resource, f.message, f.fix]);
const rows = (m: assertions.TemplateModel) => m.allowedFlows().filter((r) => r.verdict === assertions.FlowVerdict.UNKNOWN)
  .map((r) => [r.from, r.to, r.ports, r.decidedBy]);

describe('a health-check port the template does not resolve', () => {
  const model = modelWith((r) => { r.Tg.Properties.HealthCheckPort = { Ref: 'Port' }; });

  test('is an UNKNOWN finding on the health-check rules; the traffic port is still checked', () => {
    expect(unknowns(model)).toEqual([[
      'LBSG-OUT-HEALTH-CHECK', 'Tg',
      'Lb: the health-check port of Tg is {Ref Port}, which the model cannot resolve: the health-check rules are not checked (those of the traffic port are)', FIX,
    ]]);
    expect(model.checkRecommendations().filter((f) => f.kind !== assertions.FindingKind.UNKNOWN)).toEqual([]);
  });

  test('is an UNKNOWN row of the flows report, beside the row of the traffic port', () => {
    expect(rows(model).filter((r) => r[1] === 'targets of Tg' && r[0] === 'load balancer Lb')).toEqual([
      ['load balancer Lb', 'targets of Tg', 'unknown (health check)', 'not proven: the health-check port of Tg is {Ref Port}, which the template does not resolve'],
    ]);
    expect(model.allowedFlows().filter((r) => r.to === 'targets of Tg' && r.from === 'load balancer Lb').map((r) => [r.ports, r.verdict])).toEqual([
      ['8080', assertions.FlowVerdict.ALLOWED], ['unknown (health check)', assertions.FlowVerdict.UNKNOWN],
    ]);
  });

  test('is checked once the parameter has a value', () => {
    // WHEN: the health check goes to 8082, which no rule opens (and the rules for 8081 are not needed)
    const given = modelWith((r) => { r.Tg.Properties.HealthCheckPort = { Ref: 'Port' }; }, { Port: '8082' });

    // THEN
    expect(unknowns(given)).toEqual([]);
    expect(given.checkRecommendations().map((f) => [f.kind, f.recommendationId, f.resource])).toEqual([
      [assertions.FindingKind.WIDER, 'LBSG-OUT-TARGET', 'LbSg'],
      [assertions.FindingKind.MISSING, 'LBSG-OUT-HEALTH-CHECK', 'LbSg'],
      [assertions.FindingKind.MISSING, 'TGSG-IN-HEALTH-CHECK', 'TargetSg'],
    ]);
  });
});

describe('a target group port the template does not resolve', () => {
  const model = modelWith((r) => { r.Tg.Properties.Port = { Ref: 'Port' }; });

  test('is an UNKNOWN finding on the rules to the targets, which are never reported wider', () => {
    expect(model.checkRecommendations().filter((f) => f.kind !== assertions.FindingKind.UNKNOWN)).toEqual([]);
    expect(unknowns(model)).toEqual([[
      'LBSG-OUT-TARGET', 'Tg', 'Lb: target group Tg has a port the template does not resolve ({Ref Port}): the rules to its targets are not checked', FIX,
    ]]);
  });

  test('is an UNKNOWN row of the flows report', () => {
    expect(rows(model)).toEqual([['load balancer Lb', 'targets of Tg', 'unknown', 'not proven: target group Tg has a port the template does not resolve ({Ref Port})']]);
  });

  test('a target group without a port says so; a Lambda target group needs none', () => {
    const noPort = modelWith((r) => { delete r.Tg.Properties.Port; });
    const lambda = modelWith((r) => { r.Tg.Properties = { TargetType: 'lambda', Targets: [{ Id: 'arn:aws:lambda:eu-west-1:123456789012:function:f' }] }; });

    expect(unknowns(noPort).map((f) => f[2])).toEqual(['Lb: target group Tg has a port the template does not resolve (no Port): the rules to its targets are not checked']);
    expect(unknowns(lambda)).toEqual([]);
  });
});

describe('a listener port the template does not resolve', () => {
  test.each([
    ['internet-facing', 'internet-facing', 'LBSG-IN-LISTENER-INTERNET'],
    ['internal', 'internal', 'LBSG-IN-LISTENER-VPC'],
  ])('is an UNKNOWN finding on the client rules (%s)', (_name, scheme, id) => {
    const model = modelWith((r) => {
      r.Listener.Properties.Port = { Ref: 'Port' };
      r.Lb.Properties.Scheme = scheme;
    });

    expect(unknowns(model)).toEqual([[id, 'Listener', 'Lb: listener Listener has a port the template does not resolve ({Ref Port}): the rules for its clients are not checked', FIX]]);
  });
});

describe('a classic load balancer whose health check target is computed at deploy', () => {
  test('has a health-check port the model does not know, and says so in the flows report', () => {
    // GIVEN
    const template = {
      Parameters: { Path: { Type: 'String' } },
      Resources: {
        Sg: { Type: 'AWS::EC2::SecurityGroup', Properties: { SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '0.0.0.0/0' }] } },
        Elb: {
          Type: 'AWS::ElasticLoadBalancing::LoadBalancer',
          Properties: {
            SecurityGroups: [{ 'Fn::GetAtt': ['Sg', 'GroupId'] }],
            Listeners: [{ LoadBalancerPort: 80, InstancePort: 8080, Protocol: 'HTTP' }],
            HealthCheck: { Target: { 'Fn::Sub': 'HTTP:8080/${Path}' } },
          },
        },
      },
    };

    // WHEN
    const rowsOf = assertions.TemplateModel.fromJsonString(JSON.stringify(template)).allowedFlows().filter((r) => r.ports.includes('health check'));

    // THEN
    expect(rowsOf.map((r) => [r.ports, r.verdict, r.decidedBy])).toEqual([
      ['unknown (health check)', assertions.FlowVerdict.UNKNOWN, 'not proven: the health-check port of Elb:8080 is {Sub HTTP:8080/${Path}}, which the template does not resolve'],
    ]);
  });
});
