import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { assertions, SecureAlbService } from '../../src';
import { newStack } from '../util';

const { FindingKind, FlowEndpoint, FlowVerdict, TemplateModel } = assertions;

/**
 * #33: an end the model cannot place is not a pass. Targets not registered in the template are
 * placed in the subnets the construct recorded for them; a group with no member the template places
 * is not located, and its subnet steps are UNKNOWN, never "no subnet at this end".
 */

const idOf = (stack: Stack, c: { node: { defaultChild?: unknown } }) => stack.getLogicalId(c.node.defaultChild as ec2.CfnSecurityGroup);

function service(props: ConstructorParameters<typeof SecureAlbService>[2], vpcOf?: (stack: Stack) => ec2.IVpc) {
  const stack = newStack();
  const vpc = vpcOf?.(stack);
  const svc = new SecureAlbService(stack, 'Web', { ...props, ...(vpc ? { vpc } : {}) });
  return { stack, svc, template: Template.fromStack(stack).toJSON() };
}

describe('targets not registered in the template', () => {
  test('a target ACL that drops the target port is found: BLOCKED, a BLOCKED flows row and a MISSING finding', () => {
    // GIVEN a service on target port 81 with no targets, and the target ACL's inbound entry for 81 deleted
    const { stack, svc, template } = service({ targetPort: 81 });
    const tgAcl = stack.getLogicalId(svc.targetNetworkAcl!.node.defaultChild as ec2.CfnNetworkAcl);
    const entries = Object.entries<any>(template.Resources).filter(([, r]) => r.Type === 'AWS::EC2::NetworkAclEntry'
      && r.Properties.NetworkAclId?.Ref === tgAcl && r.Properties.Egress !== true && r.Properties.PortRange?.From === 81);
    expect(entries.length).toBeGreaterThan(0);
    entries.forEach(([id]) => delete template.Resources[id]);
    const model = TemplateModel.fromJsonString(JSON.stringify(template));
    const lb = FlowEndpoint.resource(stack.getLogicalId(svc.loadBalancer.node.defaultChild as ec2.CfnSecurityGroup));
    const targets = FlowEndpoint.securityGroup(idOf(stack, svc.targetSecurityGroup));

    // WHEN
    const r = model.evaluate(lb, targets, 81);

    // THEN the targets are placed in the construct's target subnets, whose ACL denies 81
    expect(r.verdict).toBe(FlowVerdict.BLOCKED);
    expect(r.explanation).toMatch(/destination subnet network ACL inbound: no entry of \w+ allows TCP 81 from [\d./]+: the final deny \(\*\) applies/);
    expect(model.allowedFlows().filter((row) => row.from === `load balancer ${lb.value}` && row.ports === '81').map((row) => row.verdict))
      .toEqual([FlowVerdict.BLOCKED]);
    expect(model.checkRecommendations().filter((f) => f.kind === FindingKind.MISSING).map((f) => [f.recommendationId, f.resource]))
      .toContainEqual(['TGACL-IN-TARGET', tgAcl]);
  });

  test('the same service, unchanged: ALLOWED through the target subnets\' ACL, with no finding', () => {
    // GIVEN
    const { stack, svc, template } = service({ targetPort: 81 });
    const model = TemplateModel.fromJsonString(JSON.stringify(template));

    // WHEN
    const r = model.evaluate(FlowEndpoint.fromConstruct(svc.loadBalancer), FlowEndpoint.securityGroup(idOf(stack, svc.targetSecurityGroup)), 81);

    // THEN
    expect(r.verdict).toBe(FlowVerdict.ALLOWED);
    expect(r.explanation).toMatch(/destination subnet network ACL inbound: entry \d+ \(\w+\) of \w+ allows TCP 81/);
    expect(model.checkRecommendations()).toEqual([]);
  });

  test('targets in isolated subnets do not reach the internet', () => {
    // GIVEN public and isolated subnets only (no NAT gateway), the targets in the isolated ones
    const { stack, svc, template } = service({ targetPort: 80, targetSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } }, (s) => new ec2.Vpc(s, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC },
        { name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      ],
    }));
    const model = TemplateModel.fromJsonString(JSON.stringify(template));

    // WHEN
    const r = model.evaluate(FlowEndpoint.securityGroup(idOf(stack, svc.targetSecurityGroup)), FlowEndpoint.internet(), 443);

    // THEN not ALLOWED: the isolated subnets' ACL or route table stops it
    expect(r.verdict).toBe(FlowVerdict.BLOCKED);
  });
});

describe('a group with no member the template places', () => {
  test('its subnet steps are UNKNOWN, naming what would place it', () => {
    // GIVEN a group in the service's VPC that nothing in the template is a member of
    const stack = newStack();
    const svc = new SecureAlbService(stack, 'Web', { targetPort: 80 });
    const lonelyId = idOf(stack, new ec2.SecurityGroup(stack, 'Lonely', { vpc: svc.vpc }));
    const model = TemplateModel.fromStack(stack);

    // WHEN
    const r = model.evaluate(FlowEndpoint.securityGroup(lonelyId), FlowEndpoint.internet(), 443);

    // THEN
    expect(r.verdict).toBe(FlowVerdict.UNKNOWN);
    expect(r.explanation).toContain(`source subnet network ACL outbound: the subnets of security group ${lonelyId} are not in the template`);
    expect(r.explanation).toContain('FlowEndpoint.securityGroup(group, subnets)');

    // AND the internet end crosses no ACL of the template
    expect(r.explanation).toContain('no subnet at this end (outside every VPC of the template)');
  });
});

describe('one answer however the app is read', () => {
  test('the construct\'s unregistered targets are placed the same read alone and read with another stack', () => {
    // GIVEN a service in one stack and a second stack that uses its load balancer
    const app = new App();
    const web = new Stack(app, 'Web');
    const other = new Stack(app, 'Admin');
    const svc = new SecureAlbService(web, 'Service', { deletionProtection: false });
    svc.allowListenerPort(8443);
    new elbv2.ApplicationListener(other, 'Admin', { loadBalancer: svc.loadBalancer, port: 8443, protocol: elbv2.ApplicationProtocol.HTTP, open: false, defaultAction: elbv2.ListenerAction.fixedResponse(404) });

    // WHEN the flows are read from the service stack alone and from both stacks
    const verdicts = (model: assertions.TemplateModel, prefix: string) => model.allowedFlows()
      .map((r) => `${r.from.replace(prefix, '')} -> ${r.to.replace(prefix, '')} ${r.ports}: ${r.verdict}`).sort();
    const alone = verdicts(TemplateModel.fromStack(web), '');
    const both = verdicts(TemplateModel.fromStacks([web, other]), 'Web/');

    // THEN the rows of the service are the same, the targets located in both (the intent's own ids resolved in its stack)
    expect(both.filter((r) => !r.includes('8443'))).toEqual(alone.filter((r) => !r.includes('8443')));
    expect(both.filter((r) => /-> targets of .* 80: /.test(r))).toEqual([expect.stringMatching(/: ALLOWED$/)]);
  });
});
