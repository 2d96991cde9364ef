import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { assertions, InternalAlbWithPrivateTargets, VpcPeering } from '../../src';

const { AssumedRouteTarget, FlowEndpoint, FlowVerdict, FlowsReport, TemplateModel } = assertions;

const CLIENTS = '10.3.0.0/16';
const env = { account: '111111111111', region: 'eu-west-1' };

/**
 * An internal load balancer in VPC foo (10.2.0.0/16) opened to the clients' network, and a client
 * instance in VPC bar (10.3.0.0/16), in `albStack` and `clientStack` (the same stack unless told),
 * with or without the peering (routes both ways in the private and isolated route tables).
 */
function layout(props: { peering?: boolean; twoStacks?: boolean } = {}) {
  const app = new App();
  const albStack = new Stack(app, 'AlbStack', { env });
  const clientStack = props.twoStacks ? new Stack(app, 'ClientStack', { env }) : albStack;
  const foo = new ec2.Vpc(albStack, 'Foo', {
    ipAddresses: ec2.IpAddresses.cidr('10.2.0.0/16'),
    maxAzs: 2,
    natGateways: 1,
    subnetConfiguration: [
      { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
      { name: 'LoadBalancer', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      { name: 'Web', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
    ],
  });
  const alb = new InternalAlbWithPrivateTargets(albStack, 'Alb', {
    vpc: foo, loadBalancerSubnets: { subnetGroupName: 'LoadBalancer' }, targetSubnets: { subnetGroupName: 'Web' }, targetPort: 8080, clientCidrs: [CLIENTS], deletionProtection: false,
  });
  const bar = new ec2.Vpc(clientStack, 'Bar', {
    ipAddresses: ec2.IpAddresses.cidr(CLIENTS), maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'Clients', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
  });
  if (props.peering) new VpcPeering(clientStack, 'FooBar', { vpc: foo, peerVpc: bar });
  const client = new ec2.Instance(clientStack, 'Client', {
    vpc: bar, instanceType: ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.MICRO), machineImage: ec2.MachineImage.latestAmazonLinux2023(),
  });
  return { albStack, clientStack, alb, client, foo, bar };
}

const stepsOf = (r: assertions.FlowResult) => r.steps.filter((s) => /route/.test(s.name)).map((s) => [s.name, s.verdict, s.detail]);

describe('flows between VPCs: the routes both ways (issue 29)', () => {
  test('fails without the peering: the client\'s subnet has no route to foo, and foo\'s subnets none back to the clients', () => {
    // GIVEN
    const { albStack, alb, client } = layout();
    const model = TemplateModel.fromStack(albStack);

    // WHEN
    const r = model.evaluate(FlowEndpoint.fromConstruct(client), FlowEndpoint.fromConstruct(alb.loadBalancer), 80);

    // THEN
    expect(r.verdict).toEqual(FlowVerdict.BLOCKED);
    expect(stepsOf(r)).toEqual([
      ['route', FlowVerdict.BLOCKED, expect.stringMatching(/^BarClientsSubnet1RouteTable\w+ has no route to 10\.2\.\d+\.0\/24$/)],
      ['return route: destination subnet route table (replies)', FlowVerdict.BLOCKED, expect.stringMatching(/^FooLoadBalancerSubnet1RouteTable\w+ has no route to 10\.3\.\d+\.0\/24: the replies cannot go back$/)],
    ]);
    // and the network as a CIDR end: the route back decides
    const cidr = model.evaluate(FlowEndpoint.cidr(CLIENTS), FlowEndpoint.fromConstruct(alb.loadBalancer), 80);
    expect(cidr.verdict).toEqual(FlowVerdict.BLOCKED);
    expect(cidr.steps.find((s) => !s.allowed)?.name).toEqual("route from clients in 10.3.0.0/16: its subnets' route tables");
  });

  test('with the peering, routes both ways name it: allowed', () => {
    // GIVEN
    const { albStack, alb, client } = layout({ peering: true });
    const model = TemplateModel.fromStack(albStack);

    // WHEN
    const r = model.evaluate(FlowEndpoint.fromConstruct(client), FlowEndpoint.fromConstruct(alb.loadBalancer), 80);

    // THEN
    expect(r.verdict).toEqual(FlowVerdict.ALLOWED);
    expect(stepsOf(r)).toEqual([
      ['route', FlowVerdict.ALLOWED, expect.stringMatching(/^BarClientsSubnet1RouteTable\w+ sends 10\.2\.\d+\.0\/24 to peering connection FooBarConnection\w+ \(10\.2\.0\.0\/16\), which connects Bar\w+ and Foo\w+$/)],
      ['return route: destination subnet route table (replies)', FlowVerdict.ALLOWED,
        expect.stringMatching(/^FooLoadBalancerSubnet1RouteTable\w+ of FooLoadBalancerSubnet1Subnet\w+ sends 10\.3\.\d+\.0\/24 to peering connection FooBarConnection\w+ \(10\.3\.0\.0\/16\), which connects Foo\w+ and Bar\w+$/)],
    ]);
    expect(model.evaluate(FlowEndpoint.cidr(CLIENTS), FlowEndpoint.fromConstruct(alb.loadBalancer), 80).verdict).toEqual(FlowVerdict.ALLOWED);
    // the flows report agrees with evaluate for the client network
    expect(FlowsReport.of(model).rows.find((row) => row.from === CLIENTS && row.ports === '80')?.verdict).toEqual(FlowVerdict.ALLOWED);
  });
});

describe('a model of several stacks (issue 29 item 3)', () => {
  test('TemplateModel.fromStacks reads the app\'s stacks as one model, and fromConstruct finds each construct by its stack\'s prefix', () => {
    // GIVEN the client VPC, its instance and the peering in a second stack
    const { albStack, clientStack, alb, client } = layout({ peering: true, twoStacks: true });

    // WHEN
    const model = TemplateModel.fromStacks([albStack, clientStack]);
    const r = model.evaluate(FlowEndpoint.fromConstruct(client), FlowEndpoint.fromConstruct(alb.loadBalancer), 80);

    // THEN
    expect(model.loadBalancerIds).toEqual([expect.stringMatching(/^AlbStack\/AlbLoadBalancer\w+$/)]);
    expect(r.source).toMatch(/^instance ClientStack\/Client\w+$/);
    expect(r.verdict).toEqual(FlowVerdict.ALLOWED);
    expect(stepsOf(r).map(([name, verdict]) => [name, verdict])).toEqual([
      ['route', FlowVerdict.ALLOWED], ['return route: destination subnet route table (replies)', FlowVerdict.ALLOWED],
    ]);
  });

  test('fails naming the id to use when the construct\'s stack is not in the model', () => {
    const { albStack, clientStack, client } = layout({ twoStacks: true });
    const model = TemplateModel.fromStacks([albStack]);
    const id = clientStack.resolve((client.node.defaultChild as ec2.CfnInstance).logicalId);
    expect(() => model.evaluate(FlowEndpoint.fromConstruct(client), FlowEndpoint.internet(), 443))
      .toThrow(`FlowEndpoint.fromConstruct: no resource '${id}' (stack ClientStack) in the model, nor 'ClientStack/${id}'; was the model read from that stack?`);
    expect(() => TemplateModel.fromStacks([])).toThrow('TemplateModel.fromStacks: `stacks` is empty; give at least one stack');
  });

  test('one stack keeps its ids, as fromStack', () => {
    const { albStack, alb } = layout();
    expect(TemplateModel.fromStacks([albStack]).loadBalancerIds).toEqual(TemplateModel.fromStack(albStack).loadBalancerIds);
    const lb = FlowEndpoint.fromConstruct(alb.loadBalancer);
    expect(() => TemplateModel.fromStacks([albStack]).evaluate(FlowEndpoint.internet(), lb, 80)).not.toThrow();
  });
});

describe('routes the user vouches for (issue 29 item 2)', () => {
  const { albStack, alb, bar } = layout();
  const tablesOf = (subnets: ec2.ISubnet[]) => subnets.map((s) => albStack.resolve(s.routeTable.routeTableId).Ref as string);
  const lbTables = tablesOf(alb.vpc.selectSubnets({ subnetGroupName: 'LoadBalancer' }).subnets);
  const barTables = tablesOf(bar.isolatedSubnets);

  test('a client network the template has no route to is allowed only assuming the stated routes both ways, and says so', () => {
    // GIVEN foo and bar connected by a transit gateway the template does not hold, stated on both sides
    const assumedRoutes = [
      ...barTables.map((routeTable) => ({ routeTable, destinationCidr: '10.2.0.0/16', target: AssumedRouteTarget.NETWORK, reason: 'tgw-0abc' })),
      ...lbTables.map((routeTable) => ({ routeTable, destinationCidr: CLIENTS, target: AssumedRouteTarget.NETWORK, reason: 'tgw-0abc' })),
    ];
    const model = TemplateModel.fromStack(albStack, { assumedRoutes });

    // WHEN
    const r = model.evaluate(FlowEndpoint.cidr(CLIENTS), FlowEndpoint.fromConstruct(alb.loadBalancer), 80);

    // THEN
    const out = `route table ${barTables[0]} sends 10.2.0.0/16 to the destination network (and the replies come back) (tgw-0abc)`;
    const back = `route table ${lbTables[0]} sends 10.3.0.0/16 to the destination network (and the replies come back) (tgw-0abc)`;
    expect(r.verdict).toEqual(FlowVerdict.ALLOWED);
    expect(r.assumptions).toEqual([out, back]);
    expect(r.explanation.split('\n')[0]).toContain(`: ALLOWED assuming ${out}; ${back} (stated, not in the template) (2 subnet pairs checked)`);
    expect(r.steps.filter((s) => s.assumption).map((s) => [s.name, s.verdict, s.assumption])).toEqual([
      ["route from clients in 10.3.0.0/16: its subnets' route tables", FlowVerdict.ALLOWED, out],
      ['return route: destination subnet route table (replies)', FlowVerdict.ALLOWED, back],
    ]);
    const report = FlowsReport.of(model);
    expect(report.rows.find((x) => x.from === CLIENTS && x.ports === '80')).toMatchObject({ verdict: FlowVerdict.ALLOWED, assumptions: [out, back] });
    expect(report.toMarkdown()).toContain('allowed (assuming A1, A2)');
    // without them: blocked, the routes are missing
    const without = TemplateModel.fromStack(albStack).evaluate(FlowEndpoint.cidr(CLIENTS), FlowEndpoint.fromConstruct(alb.loadBalancer), 80);
    expect(without.verdict).toEqual(FlowVerdict.BLOCKED);
  });

  test.each<[string, assertions.RouteAssumption, string]>([
    ['neither table nor subnet', { destinationCidr: '0.0.0.0/0', target: AssumedRouteTarget.NETWORK }, 'assumedRoutes[0]: give exactly one of `routeTable` and `subnet`, got neither'],
    ['both', { routeTable: 'rtb-1', subnet: 'subnet-1', destinationCidr: '0.0.0.0/0', target: AssumedRouteTarget.NETWORK }, "assumedRoutes[0]: give exactly one of `routeTable` and `subnet`, got both ('rtb-1', 'subnet-1')"],
    ['a destination that is not a CIDR', { routeTable: 'rtb-1', destinationCidr: '10.0.0.0', target: AssumedRouteTarget.NETWORK }, "assumedRoutes[0].destinationCidr: expected an IPv4 CIDR such as '0.0.0.0/0' or '10.3.0.0/16', got '10.0.0.0'"],
    ['a route table the template does not name', { routeTable: 'rtb-nope', destinationCidr: '0.0.0.0/0', target: AssumedRouteTarget.NETWORK }, "assumedRoutes[0].routeTable: no route table 'rtb-nope' in the template; route tables it names: "],
    ['a subnet the template does not name', { subnet: 'subnet-nope', destinationCidr: '0.0.0.0/0', target: AssumedRouteTarget.NETWORK }, "assumedRoutes[0].subnet: no subnet 'subnet-nope' in the template; subnets it names: "],
  ])('fails on %s', (_, assumption, message) => {
    expect(() => TemplateModel.fromStack(albStack, { assumedRoutes: [assumption] })).toThrow(message);
  });
});

describe('VPCs of several stacks with the same CIDR', () => {
  test('a network end that the other end\'s own VPC holds is placed in that VPC (the local route), not in another VPC with the same CIDR', () => {
    // GIVEN two stacks, each with a VPC of the default CIDR 10.0.0.0/16; an internal ALB in the second
    const app = new App();
    const first = new Stack(app, 'First');
    new ec2.Vpc(first, 'Vpc', { ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'), maxAzs: 2 });
    const second = new Stack(app, 'Second');
    const alb = new InternalAlbWithPrivateTargets(second, 'Alb', { deletionProtection: false, accessLogs: false });
    // WHEN both are read as one model
    const model = assertions.TemplateModel.fromStacks([first, second]);
    // THEN the clients of the ALB's own VPC reach it
    const result = model.evaluate(assertions.FlowEndpoint.cidr('10.0.0.0/16'), assertions.FlowEndpoint.fromConstruct(alb.loadBalancer), 80);
    expect(result.explanation).not.toMatch(/First\/Vpc/);
    expect(result.verdict).toBe(assertions.FlowVerdict.ALLOWED);
  });
});
