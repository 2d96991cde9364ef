import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { run } from '../../src/cli/flows';

function file(template: unknown): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flows-cli-'));
  const p = path.join(dir, 'T.template.json');
  fs.writeFileSync(p, JSON.stringify(template));
  return p;
}

function lb(port: unknown, extra: Record<string, unknown> = {}) {
  return {
    Parameters: { ListenerPort: { Type: 'Number' } },
    Resources: {
      LbSg: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'lb', SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '0.0.0.0/0' }] } },
      Lb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { SecurityGroups: [{ Ref: 'LbSg' }] } },
      Listener: { Type: 'AWS::ElasticLoadBalancingV2::Listener', Properties: { LoadBalancerArn: { Ref: 'Lb' }, Port: port, DefaultActions: [] } },
      ...extra,
    },
  };
}

describe('cdk-secure-alb-flows', () => {
  test('UNKNOWN rows are shown as UNKNOWN, neither allowed nor blocked, and counted', () => {
    const { output, exitCode } = run(['--no-findings', file(lb({ Ref: 'ListenerPort' }))]);
    expect(exitCode).toBe(0);
    expect(output).toContain('| Lb | anyone | load balancer Lb | unknown | UNKNOWN | not proven: listener Listener has a port the template does not resolve ({Ref ListenerPort}) |');
    expect(output).toContain('UNKNOWN: 1 flow(s) neither allowed nor blocked');
  });

  test.each([
    [['--parameter', 'ListenerPort=80']],
    [['--parameter=ListenerPort=80']],
  ])('--parameter resolves the value: %j', (flags) => {
    const { output } = run(['--no-findings', '--region', 'eu-west-1', '--account=123456789012', ...flags, file(lb({ Ref: 'ListenerPort' }))]);
    expect(output).toContain('| Lb | 0.0.0.0/0 | load balancer Lb | 80 | allowed |');
    expect(output).not.toContain('UNKNOWN');
  });

  test('a classic load balancer is not "No load balancer"', () => {
    const t = { Resources: { Elb: { Type: 'AWS::ElasticLoadBalancing::LoadBalancer', Properties: { Listeners: [{ LoadBalancerPort: 80, InstancePort: 80, Protocol: 'HTTP' }] } } } };
    const { output } = run([file(t)]);
    expect(output).not.toContain('No load balancer');
    expect(output).toContain('classic load balancer Elb: not checked');
  });

  test.each([
    [['FILE', '--parameter'], '--parameter needs a value'],
    [['--parameter', 'NoEquals', 'FILE'], "--parameter expects Key=Value, got 'NoEquals'"],
    [['FILE', '--region'], '--region needs a value'],
    [['--bogus', 'FILE'], 'unknown option --bogus'],
    [['--parameter', 'Nope=1', 'FILE'], "T.template.json: TemplateModel: parameter 'Nope' is not declared by the template; its parameters: ListenerPort"],
  ])('fails on bad flags %j', (flags, error) => {
    const f = file(lb(80));
    const { output, exitCode } = run(flags.map((a) => (a === 'FILE' ? f : a)));
    expect(exitCode).toBe(1);
    expect(output.split('\n')[0]).toBe(error);
  });
});
