import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Template } from 'aws-cdk-lib/assertions';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { assertions, InternalAlbWithPrivateTargets, SecureAlbService } from '../../src';
import { run } from '../../src/cli/flows';
import { newStack } from '../util';

const { FlowEndpoint, FlowsReport, TemplateModel } = assertions;

/** An app that does not use this library: an ALB with aws-cdk-lib defaults, SSH open on its targets. */
function plainTemplate(): Record<string, any> {
  const stack = newStack();
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
  const lb = new elbv2.ApplicationLoadBalancer(stack, 'Lb', { vpc, internetFacing: true });
  const asg = new autoscaling.AutoScalingGroup(stack, 'Asg', { vpc, instanceType: new ec2.InstanceType('t3.micro'), machineImage: ec2.MachineImage.latestAmazonLinux2023() });
  asg.connections.allowFromAnyIpv4(ec2.Port.tcp(22));
  lb.addListener('Http', { port: 80 }).addTargets('App', { port: 8080, protocol: elbv2.ApplicationProtocol.HTTP, targets: [asg], healthCheck: { port: '8081' } });
  return Template.fromStack(stack).toJSON();
}

describe('FlowsReport', () => {
  test('a service of this library: clients on the listener, the load balancer to the target and health-check ports, ICMP to the targets', () => {
    const stack = newStack();
    new SecureAlbService(stack, 'Web', { targetPort: 8080, healthCheck: { port: '8081' } });
    const report = FlowsReport.of(TemplateModel.fromStack(stack));
    expect(report.rows.map((r) => `${r.from} -> ${r.to} ${r.ports} ${r.verdict === 'UNKNOWN' ? 'UNKNOWN' : r.allowed ? 'allowed' : 'BLOCKED'}`)).toEqual([
      expect.stringMatching(/^0\.0\.0\.0\/0 -> load balancer WebLoadBalancer\w+ 80 allowed$/),
      expect.stringMatching(/^load balancer WebLoadBalancer\w+ -> targets of WebTargetGroup\w+ 8080 allowed$/),
      expect.stringMatching(/^load balancer WebLoadBalancer\w+ -> targets of WebTargetGroup\w+ 8081 \(health check\) allowed$/),
      // ICMP is not a TCP flow: the row is not evaluated, so it is UNKNOWN (it used to be written "allowed" as the rule reads)
      expect.stringMatching(/^10\.0\.0\.0\/16 -> targets of WebTargetGroup\w+ icmp 3-4 UNKNOWN$/),
    ]);
  });

  test('an app that does not use this library: what is open, including the health check that is blocked and SSH to the targets', () => {
    const report = FlowsReport.of(TemplateModel.fromJsonString(JSON.stringify(plainTemplate())));
    const lines = report.rows.map((r) => `${r.from} -> ${r.to} ${r.ports} ${r.allowed ? 'allowed' : 'BLOCKED'}`);
    expect(lines).toEqual(expect.arrayContaining([
      expect.stringMatching(/^0\.0\.0\.0\/0 -> load balancer Lb\w+ 80 allowed$/),
      expect.stringMatching(/^load balancer Lb\w+ -> targets of LbHttpAppGroup\w+ 8080 allowed$/),
      expect.stringMatching(/^load balancer Lb\w+ -> targets of LbHttpAppGroup\w+ 8081 \(health check\) BLOCKED$/),
      // the group admits SSH from everyone, but the targets' subnets route 0.0.0.0/0 to a NAT gateway: the internet cannot reach them
      expect.stringMatching(/^0\.0\.0\.0\/0 -> targets of LbHttpAppGroup\w+ 22 BLOCKED$/),
    ]));
    expect(report.rows.find((r) => r.ports === '22')?.decidedBy).toMatch(/^\w+ \(route from the internet: destination subnet route table\)$/);
    const markdown = report.toMarkdown();
    expect(markdown.split('\n')[0]).toEqual('| load balancer | from | to | ports | verdict | decided by |');
    expect(markdown).toMatch(/\| 8081 \(health check\) \| BLOCKED \| \w+ \(source security group egress\) \|/);
    const mermaid = report.toMermaid();
    expect(mermaid.split('\n')[0]).toEqual('flowchart LR');
    expect(mermaid).toContain('-. "8081 (health check) blocked" .->');
    expect(mermaid).toContain('-. "22 blocked" .->');
    expect(mermaid).toContain('-- "80" -->');
  });

  test('an internal load balancer whose targets share its subnets: the row to the targets agrees with evaluate (allowed by the ACL entry to the VPC)', () => {
    // GIVEN a VPC without NAT gateways: the load balancer and the targets default to the same isolated subnets
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
    const alb = new InternalAlbWithPrivateTargets(stack, 'Alb', { vpc, targetPort: 8080 });
    const model = TemplateModel.fromStack(stack);
    // WHEN
    const row = FlowsReport.of(model).rows.find((r) => r.to.startsWith('targets of') && r.ports === '8080');
    // THEN
    const verdict = model.evaluate(FlowEndpoint.fromConstruct(alb.loadBalancer), FlowEndpoint.fromConstruct(alb.targetSecurityGroup), 8080).allowed;
    expect(verdict).toBe(true);
    expect(row?.allowed).toBe(verdict);
  });

  test('a template without load balancer', () => {
    expect(FlowsReport.of(TemplateModel.fromJsonString('{"Resources": {}}')).toMarkdown()).toEqual('_No load balancer in this template._');
  });
});

describe('cdk-secure-alb-flows (CLI)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flows-'));
  fs.writeFileSync(path.join(dir, 'Plain.template.json'), JSON.stringify(plainTemplate()));
  fs.writeFileSync(path.join(dir, 'Empty.template.json'), '{"Resources": {}}');

  test('reads a cdk.out directory: a table, a Mermaid diagram and the findings per template with a load balancer', () => {
    const { output, exitCode } = run(['--mermaid', dir]);
    expect(exitCode).toBe(0);
    expect(output).toContain('## Plain.template.json');
    expect(output).not.toContain('## Empty.template.json');
    expect(output).toContain('| load balancer | from | to | ports | verdict | decided by |');
    expect(output).toContain('```mermaid\nflowchart LR');
    expect(output).toMatch(/Recommendations: \d+ finding\(s\)\n {2}\[MISSING LBSG-OUT-HEALTH-CHECK\]/);
  });

  test('reads one template file; --no-findings leaves the findings out', () => {
    const { output } = run(['--no-findings', path.join(dir, 'Plain.template.json')]);
    expect(output).not.toContain('Recommendations');
    expect(output).not.toContain('mermaid');
  });

  test.each([
    [[], 'usage: cdk-secure-alb-flows [--mermaid] [--no-findings] [--show-acknowledged] [--parameter Key=Value ...] [--region R] [--account A] [--assume-route TABLE=CIDR,TARGET ...] <cdk.out directory | template.json> ...'],
    [['--bogus', dir], 'unknown option --bogus'],
    [['/nonexistent/cdk.out'], 'no such file or directory: /nonexistent/cdk.out'],
  ])('fails on bad usage %j', (args, message) => {
    const { output, exitCode } = run(args);
    expect(exitCode).toBe(1);
    expect(output).toContain(message);
  });

  test('says so when no template has a load balancer', () => {
    expect(run([path.join(dir, 'Empty.template.json')]).output).toEqual('No load balancer in 1 template(s).');
  });
});
