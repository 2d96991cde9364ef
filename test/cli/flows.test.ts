import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import { SecureAlbService } from '../../src';
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

/**
 * A synthesized app (its cdk.out) whose service's targets' ACL lost its entry for the target port
 * 80; `change` runs on the service before synth.
 */
function brokenApp(change: (service: SecureAlbService) => void = () => undefined): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'flows-cli-app-'));
  const app = new App({ outdir });
  const service = new SecureAlbService(new Stack(app, 'Web'), 'Svc', { deletionProtection: false });
  const entry = service.networkAcls!.node.findAll().find((c: IConstruct) => c instanceof ec2.CfnNetworkAclEntry && !c.egress
    && c.node.path.includes('TargetAcl') && (c.portRange as ec2.CfnNetworkAclEntry.PortRangeProperty | undefined)?.from === 80)!;
  entry.node.scope!.node.tryRemoveChild(entry.node.id);
  change(service);
  app.synth();
  return outdir;
}

describe('cdk-secure-alb-flows: findings', () => {
  test('one missing entry is one finding, listing every subnet pair it affects', () => {
    // GIVEN
    const cdkOut = brokenApp();

    // WHEN
    const { output, exitCode } = run([cdkOut]);

    // THEN
    expect(exitCode).toBe(0);
    expect(output).toContain('Recommendations: 1 finding(s)');
    const line = output.split('\n').find((l) => l.includes('[MISSING TGACL-IN-TARGET]'))!;
    expect(line).toMatch(/ — affects 4: SvcVpcPrivateSubnet1\w+ ↔ 10\.0\.0\.0\/24; SvcVpcPrivateSubnet1\w+ ↔ 10\.0\.1\.0\/24; SvcVpcPrivateSubnet2\w+ ↔ 10\.0\.0\.0\/24; SvcVpcPrivateSubnet2\w+ ↔ 10\.0\.1\.0\/24$/);
  });

  test('a finding acknowledged on its construct is counted as acknowledged, not listed as open; --show-acknowledged lists it with its reason', () => {
    // GIVEN
    const reason = 'test: the targets listen on 80 behind another ACL';
    const cdkOut = brokenApp((service) => Validations.of(service.targetNetworkAcl!).acknowledge({ id: 'cdk-secure-alb::SecureAlb-TGACL-IN-TARGET', reason }));

    // WHEN
    const plain = run([cdkOut]).output;
    const shown = run(['--show-acknowledged', cdkOut]).output;

    // THEN
    expect(plain).toContain('Recommendations: no finding.');
    expect(plain).toContain('Acknowledged: 1 finding(s), not listed (--show-acknowledged lists them with their reason)');
    expect(plain).not.toContain('[MISSING TGACL-IN-TARGET');
    expect(shown).toContain(`Acknowledged: 1 finding(s)\n  [MISSING TGACL-IN-TARGET, acknowledged at Web/Svc/NetworkAcls/TargetAcl: ${reason}]`);
  });

  test('fails to hide a finding whose acknowledgment is on another construct', () => {
    // GIVEN
    const cdkOut = brokenApp((service) => Validations.of(service.loadBalancerNetworkAcl!).acknowledge({ id: 'cdk-secure-alb::SecureAlb-TGACL-IN-TARGET', reason: 'test: wrong ACL' }));

    // THEN
    const { output } = run([cdkOut]);
    expect(output).toContain('Recommendations: 1 finding(s)');
    expect(output).not.toContain('Acknowledged:');
  });
});

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

  test('--assume-route states a route the template does not hold: the row is allowed assuming it, and the report lists it', () => {
    // GIVEN a load balancer in an imported subnet with a network ACL of the template (allow all), its route table outside the template
    const all = (egress: boolean) => ({ Type: 'AWS::EC2::NetworkAclEntry', Properties: { NetworkAclId: { Ref: 'Acl' }, RuleNumber: 100, Egress: egress, RuleAction: 'allow', Protocol: -1, CidrBlock: '0.0.0.0/0' } });
    const t = lb(80, {
      Acl: { Type: 'AWS::EC2::NetworkAcl', Properties: { VpcId: 'vpc-0abc' } },
      AclIn: all(false),
      AclOut: all(true),
      AclAssoc: { Type: 'AWS::EC2::SubnetNetworkAclAssociation', Properties: { SubnetId: 'subnet-0pub1', NetworkAclId: { Ref: 'Acl' } } },
    });
    (t.Resources.Lb.Properties as Record<string, unknown>).Subnets = ['subnet-0pub1'];
    const f = file(t);
    expect(run(['--no-findings', f]).output).toContain('| Lb | 0.0.0.0/0 | load balancer Lb | 80 | UNKNOWN | not proven: subnet-0pub1 (route table outside the template)');

    // WHEN
    const { output, exitCode } = run(['--no-findings', '--assume-route', 'subnet:subnet-0pub1=0.0.0.0/0,internet-gateway', f]);

    // THEN
    expect(exitCode).toBe(0);
    expect(output).toContain('| Lb | 0.0.0.0/0 | load balancer Lb | 80 | allowed (assuming A1) | LbSg |');
    expect(output).toContain('- A1: the route table of subnet subnet-0pub1 sends 0.0.0.0/0 to an internet gateway');
  });

  test.each([
    [['--assume-route', 'rtb-1=0.0.0.0/0', 'FILE'], "--assume-route expects TABLE=CIDR,TARGET (TABLE a route table id or subnet:ID; TARGET internet-gateway, nat-gateway or network), got 'rtb-1=0.0.0.0/0'"],
    [['--assume-route', 'rtb-nope=0.0.0.0/0,network', 'FILE'], "assumedRoutes[0].routeTable: no route table 'rtb-nope' in the template; route tables it names: none"],
  ])('fails on a bad --assume-route %j', (flags, error) => {
    const f = file(lb(80));
    const { output, exitCode } = run(flags.map((a) => (a === 'FILE' ? f : a)));
    expect(exitCode).toBe(1);
    expect(output.split('\n')[0]).toContain(error);
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

  describe('inputs', () => {
    const ECS = path.join(__dirname, '..', 'assertions', 'corpus', 'yaml', 'ecsrefarch');

    test('a YAML file works', () => {
      const { output, exitCode } = run(['--no-findings', path.join(ECS, 'load-balancers.yaml')]);
      expect(exitCode).toBe(0);
      expect(output).toContain('## load-balancers.yaml');
      expect(output).toContain('| LoadBalancer |');
    });

    test('several files are read together (the parent passes its children their parameters)', () => {
      const { output, exitCode } = run(['--no-findings', ...['master.yaml', 'vpc.yaml', 'security-groups.yaml', 'load-balancers.yaml'].map((f) => path.join(ECS, f))]);
      expect(exitCode).toBe(0);
      expect(output).toContain('## load-balancers.yaml\n');
      expect(output).toContain('| master/ALB/LoadBalancer | 0.0.0.0/0 | load balancer master/ALB/LoadBalancer |');
    });

    test('a folder of plain *.json templates is read (not "No load balancer in 0 template(s)")', () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flows-cli-'));
      fs.writeFileSync(path.join(dir, 'a.json'), JSON.stringify(lb(80)));
      fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'not-a-template' }));
      const { output, exitCode } = run(['--no-findings', dir]);
      expect(exitCode).toBe(0);
      expect(output).toContain('## a.json');
      expect(output).toContain('| Lb | 0.0.0.0/0 | load balancer Lb | 80 | allowed |');
    });

    test('a folder without templates says so', () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flows-cli-'));
      expect(run([dir]).output).toBe('No load balancer in 0 template(s) (no JSON or YAML template found).');
    });

    test('a cdk.out directory is read as one assembly', () => {
      // GIVEN an assembly of two stacks: the listener in one, its group in the other (imported)
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flows-cli-'));
      const network = { Resources: { LbSg: lb(80).Resources.LbSg }, Outputs: { Sg: { Value: { Ref: 'LbSg' }, Export: { Name: 'lb-sg' } } } };
      const app = { Resources: { Lb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { SecurityGroups: [{ 'Fn::ImportValue': 'lb-sg' }] } }, Listener: lb(80).Resources.Listener } };
      fs.writeFileSync(path.join(dir, 'Network.template.json'), JSON.stringify(network));
      fs.writeFileSync(path.join(dir, 'App.template.json'), JSON.stringify(app));
      fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({
        version: '36.0.0',
        artifacts: {
          Network: { type: 'aws:cloudformation:stack', properties: { templateFile: 'Network.template.json' }, displayName: 'Network' },
          App: { type: 'aws:cloudformation:stack', properties: { templateFile: 'App.template.json' }, displayName: 'App' },
        },
      }));
      // WHEN
      const { output, exitCode } = run(['--no-findings', dir]);
      // THEN one report, the group resolved across the stacks
      expect(exitCode).toBe(0);
      expect(output).toContain(`## ${dir}`);
      expect(output).toContain('| App/Lb | 0.0.0.0/0 | load balancer App/Lb | 80 | allowed |');
    });

    test.each([
      ['bad.yaml', 'Resources:\n  A: [1\n', /^bad\.yaml:3:1: not a YAML template \(.*\)$/],
      ['bad.json', '{"Resources": ', /^bad\.json(:\d+)?: not a JSON template \(.*\)$/],
    ])('fails on a broken %s with one line, never a stack trace', (name, text, error) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flows-cli-'));
      fs.writeFileSync(path.join(dir, name), text);
      const { output, exitCode } = run([path.join(dir, name)]);
      expect(exitCode).toBe(1);
      expect(output.split('\n')).toHaveLength(1);
      expect(output).toMatch(error);
      expect(output).not.toMatch(/\n\s+at /);
    });
  });
});
