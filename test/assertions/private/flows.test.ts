import { cidr, conforming, fromGroup, modelOf, Resources, tcp, withAcl } from './fixtures';
import { assertions } from '../../../src';

/** The flows report of small hand-written templates, row by row. */

function rowsOf(r: Resources) {
  return assertions.FlowsReport.of(modelOf(r)).rows.map((x) => [x.from, x.to, x.ports, x.allowed, x.decidedBy]);
}

const LB_TO_TARGETS = [
  ['load balancer Lb', 'targets of Tg', '8080', true, 'LbSg (inline rule)'],
  ['load balancer Lb', 'targets of Tg', '8081 (health check)', true, 'LbSg (inline rule)'],
];

test('a conforming template: clients, the load balancer to both ports, ICMP to the targets', () => {
  expect(rowsOf(conforming())).toEqual([
    ['0.0.0.0/0', 'load balancer Lb', '80', true, 'LbSg'],
    ...LB_TO_TARGETS,
    ['10.0.0.0/16', 'targets of Tg', 'icmp 3-4', false, 'not evaluated: the model follows TCP flows, and TargetSg opens icmp 3-4'],
  ]);
});

test('clients as a security group and a prefix list; a listener port no rule opens', () => {
  const r = conforming();
  r.Client = { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'c', VpcId: { Ref: 'Vpc' } } };
  r.LbSg.Properties.SecurityGroupIngress = [tcp(80, fromGroup('Client')), { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, SourcePrefixListId: 'pl-1' }];
  r.Listener2 = { Type: 'AWS::ElasticLoadBalancingV2::Listener', Properties: { LoadBalancerArn: { Ref: 'Lb' }, Port: 443, DefaultActions: [] } };
  expect(rowsOf(r).slice(0, 3)).toEqual([
    // #33: Client has no member the template places: its subnet's ACL is unknown, not passed
    ['security group Client', 'load balancer Lb', '80', false, 'not proven: security group Client: not located (source subnet network ACL outbound)'],
    ['prefix list pl-1', 'load balancer Lb', '80', false, 'not proven: LbSg (destination security group ingress)'],
    ['anyone', 'load balancer Lb', '443', false, 'no ingress rule for listener port 443'],
  ]);
});

test('a flow open in the group but blocked by the ACL names the entry that blocks it', () => {
  const r = withAcl(conforming(), 'LbSubnet', {});
  expect(rowsOf(r)[0]).toEqual(['0.0.0.0/0', 'load balancer Lb', '80', false, 'LbSubnetAcl (final deny *) (destination subnet network ACL inbound)']);
});

test('egress beyond the targets, CloudFormation\'s default, and targets open to everyone', () => {
  const r = conforming();
  r.LbSg.Properties.SecurityGroupEgress.push(tcp(443, cidr('0.0.0.0/0')));
  r.TargetSg.Properties.SecurityGroupIngress.push(tcp(22, cidr('0.0.0.0/0')));
  const rows = rowsOf(r);
  // evaluated, the route out included: the fixture's subnets route 0.0.0.0/0 to an internet gateway
  expect(rows).toContainEqual(['load balancer Lb', '0.0.0.0/0', '443', true, 'LbSg']);
  expect(rows).toContainEqual(['0.0.0.0/0', 'targets of Tg', '22', true, 'TargetSg']);
  delete r.LbSg.Properties.SecurityGroupEgress;
  expect(rowsOf(r)).toContainEqual(['load balancer Lb', '0.0.0.0/0', 'all', true, 'LbSg (CloudFormation default egress)']);
  // without the route table, the subnet uses the VPC's main route table: only the local route
  delete r.LbSubnetRt;
  expect(rowsOf(r)).toContainEqual(['load balancer Lb', '0.0.0.0/0', 'all', false, 'LbSubnet (main route table of Vpc) (route)']);
});

test('targets not in the template: the load balancer\'s egress cannot be proven to reach them', () => {
  const r = conforming();
  delete r.Tg.Properties.Targets;
  r.LbSg.Properties.SecurityGroupEgress = [tcp(8080, cidr('10.0.1.0/24'))];
  // nothing proves targets the template does not hold are blocked either: not proven
  expect(rowsOf(r).slice(1, 2)).toEqual([['load balancer Lb', 'targets of Tg (not in the template)', '8080', false, 'not proven: LbSg (source security group egress)']]);
});
