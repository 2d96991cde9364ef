import * as fs from 'fs';
import * as path from 'path';
import { assertions } from '../../src';
import { parseYamlTemplate } from '../../src/assertions/private/inputs/yaml';

const { FlowEndpoint, TemplateModel } = assertions;

/**
 * Upstream YAML templates of the corpus, read as YAML (sources in `corpus/SOURCES.md`).
 * `corpus/yaml/ecsrefarch/` is aws-samples/ecs-refarch-cloudformation's parent template
 * `master.yaml` with three of the nested templates it names by `TemplateURL`
 * (`infrastructure/vpc.yaml`, `security-groups.yaml`, `load-balancers.yaml`), read together with
 * `TemplateModel.fromFiles`: the children get the parameters the parent passes (VPC CIDR
 * 10.180.0.0/16, public subnets 10.180.8.0/21 and 10.180.16.0/21, private 10.180.24.0/21 and
 * 10.180.32.0/21; the VPC id, subnets and groups as the other children's `Outputs`). The
 * parent's other nested stacks (ecs-cluster, services, lifecycle hook) are not given: they stay
 * `AWS::CloudFormation::Stack` resources without a template.
 */
const CORPUS = path.join(__dirname, 'corpus');
const ECS = path.join(CORPUS, 'yaml', 'ecsrefarch');
const files = ['master.yaml', 'vpc.yaml', 'security-groups.yaml', 'load-balancers.yaml'].map((f) => path.join(ECS, f));

type Row = [assertions.FlowEndpoint, assertions.FlowEndpoint, number, string, string];

describe('upstream YAML templates', () => {
  test.each([
    ['vpc.yaml', 'ecsrefarch-vpc.json'],
    ['security-groups.yaml', 'ecsrefarch-security-groups.json'],
    ['load-balancers.yaml', 'ecsrefarch-load-balancers.json'],
  ])('copy equivalence: %s read as YAML is its JSON fixture %s, and gives the same flows', (yaml, json) => {
    // GIVEN the upstream YAML and the JSON converted from it
    const y = path.join(ECS, yaml);
    const j = path.join(CORPUS, json);
    // THEN the same template, and the same flows report
    expect(parseYamlTemplate(fs.readFileSync(y, 'utf-8'), y)).toEqual(JSON.parse(fs.readFileSync(j, 'utf-8')));
    expect(TemplateModel.fromFile(y).allowedFlows()).toEqual(TemplateModel.fromFile(j).allowedFlows());
    expect(TemplateModel.fromFile(y).checkRecommendations()).toEqual(TemplateModel.fromFile(j).checkRecommendations());
  });

  const m = TemplateModel.fromFiles(files);
  const LB = 'master/ALB/LoadBalancer';
  const rows: Row[] = [
    [FlowEndpoint.internet(), FlowEndpoint.resource(LB), 80, 'ALLOWED',
      'Listener on 80; LoadBalancerSecurityGroup (passed as SecurityGroups.Outputs.LoadBalancerSecurityGroup) admits all traffic from 0.0.0.0/0; '
      + 'its subnets are VPC.Outputs.PublicSubnets (a Join of the two public subnets, split by the List parameter), whose route table sends 0.0.0.0/0 to the internet gateway; no network ACL: default allow all.'],
    [FlowEndpoint.internet(), FlowEndpoint.resource(LB), 443, 'BLOCKED', 'The only listener is on port 80.'],
    [FlowEndpoint.securityGroup('master/SecurityGroups/LoadBalancerSecurityGroup'), FlowEndpoint.securityGroup('master/SecurityGroups/ECSHostSecurityGroup'), 8080, 'UNKNOWN',
      '#33: the ECS hosts (members of ECSHostSecurityGroup) are in the ecs-cluster nested stack, which is not given: their subnets, so their ACL, are unknown. Was ALLOWED: '
      + 'ECSHostSecurityGroup admits all traffic (IpProtocol -1) from LoadBalancerSecurityGroup; the load balancer group has the default allow-all egress.'],
    [FlowEndpoint.internet(), FlowEndpoint.securityGroup('master/SecurityGroups/ECSHostSecurityGroup'), 22, 'BLOCKED', 'The host group admits only the load balancer group.'],
    [FlowEndpoint.internet(), FlowEndpoint.subnet('master/VPC/PrivateSubnet1'), 80, 'BLOCKED',
      'PrivateSubnet1\'s route table (PrivateRouteTable1) has only the NAT gateway default route: no internet gateway route, so not reachable from the internet.'],
    [FlowEndpoint.cidr('10.180.8.10/32'), FlowEndpoint.subnet('master/VPC/PrivateSubnet1'), 80, 'ALLOWED',
      'An address of PublicSubnet1 (10.180.8.0/21 as the parent passes it) inside the VPC 10.180.0.0/16 takes the local route; default network ACLs allow all.'],
  ];

  test.each(rows.map((r) => [`${r[0].label} -> ${r[1].label} :${r[2]}`, r] as const))('ecsrefarch read together: %s', (_name, [from, to, port, expected, why]) => {
    const r = m.evaluate(from, to, port);
    expect({ verdict: String(r.verdict), why }).toEqual({ verdict: expected, why });
  });

  test('read alone, the load balancer template does not know its subnets and group: UNKNOWN, not a guess', () => {
    const alone = TemplateModel.fromFile(path.join(ECS, 'load-balancers.yaml'));
    expect(String(alone.evaluate(FlowEndpoint.internet(), FlowEndpoint.resource('LoadBalancer'), 80).verdict)).toBe('UNKNOWN');
  });

  test('the children are read as the parent\'s nested stacks, not on their own', () => {
    expect(m.loadBalancerIds).toEqual([LB]);
  });
});
