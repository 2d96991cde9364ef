import { address, symbol } from '../../src/assertions/private/addresses';
import { EndpointSpec, INTERNET_ADDRESS, Reachability, StepResult } from '../../src/assertions/private/reach';
import { TemplateReader } from '../../src/assertions/private/reader';

/**
 * The routes against AWS's own semantics (issue #35 items 2, 3, 5 and 12; issue #29), one minimal
 * hand-written template per semantic, the deciding step asserted by name and verdict:
 * https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html
 * https://docs.aws.amazon.com/vpc/latest/userguide/route-table-options.html (middlebox routing)
 * https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html
 * https://docs.aws.amazon.com/vpc/latest/peering/peering-configurations-unsupported.html
 * https://docs.aws.amazon.com/vpc/latest/reachability/explanation-codes.html
 */

type Row = [string, 'ALLOW' | 'BLOCK' | 'UNKNOWN', string, string];

function row(s: StepResult): Row {
  return [s.name, s.allowed ? 'ALLOW' : s.unknown ? 'UNKNOWN' : 'BLOCK', s.decidedBy, s.detail];
}

function evaluate(template: object, src: EndpointSpec, dst: EndpointSpec, port = 443) {
  const result = new Reachability(new TemplateReader(template)).evaluate(src, dst, port);
  return { allowed: result.allowed, steps: result.steps.map(row) };
}

const inSubnet = (s: string): EndpointSpec => ({ label: `in ${s}`, groups: [], subnets: [s], address: symbol(`x ${s}`) });
const internet: EndpointSpec = { label: 'the internet', groups: [], subnets: [], address: INTERNET_ADDRESS, outside: 'internet' };
const network = (cidr: string): EndpointSpec => ({ label: cidr, groups: [], subnets: [], address: address(cidr), outside: 'network' });
const EPH = 'TCP 1024-3388, 3390-65535';
const SRC_OUT = 'source subnet network ACL outbound';
const DST_IN = 'destination subnet network ACL inbound';
const DST_OUT = 'return: destination subnet network ACL outbound (ephemeral ports)';
const SRC_IN = 'return: source subnet network ACL inbound (ephemeral ports)';
const dacl = (name: string, s: string, traffic: string): Row => [name, 'ALLOW', `${s}: default network ACL`, `the subnet uses the VPC's default network ACL, which allows all ${traffic}`];
const none = (name: string): Row => [name, 'ALLOW', 'n/a', 'no subnet at this end (outside every VPC of the template): no network ACL to cross'];
/** The steps of a flow from a subnet on its default ACL to an address outside every VPC, around its route steps. */
const outTo = (s: string, to: string, routes: Row[]): Row[] => [
  dacl(SRC_OUT, s, `TCP 443 to ${to}`), ...routes, none(DST_IN), none(DST_OUT), dacl(SRC_IN, s, `${EPH} from ${to}`),
];

const vpc = { Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } } };
const igw = { Igw: { Type: 'AWS::EC2::InternetGateway', Properties: {} } };
const subnet = (id: string, cidr: string, table?: string) => ({
  [id]: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: cidr } },
  ...(table ? { [`${id}Assoc`]: { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { SubnetId: { Ref: id }, RouteTableId: { Ref: table } } } } : {}),
});
const table = (id: string) => ({ [id]: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: { Ref: 'Vpc' } } } });
const route = (id: string, rt: string, destination: string, property: string, target: unknown) => ({
  [id]: { Type: 'AWS::EC2::Route', Properties: { RouteTableId: { Ref: rt }, DestinationCidrBlock: destination, [property]: target } },
});

describe('the NAT gateway\'s own way out (issue 35 item 2)', () => {
  // GIVEN a private subnet whose default route names a NAT gateway, the NAT gateway's own subnet
  // routed (or not) to an internet gateway, all on the default ACL
  const natIn = (natSubnet: object, natProps: object) => ({
    Resources: {
      ...vpc,
      ...igw,
      ...table('PrivateRt'),
      ...subnet('Private', '10.0.1.0/24', 'PrivateRt'),
      ...route('PrivateDefault', 'PrivateRt', '0.0.0.0/0', 'NatGatewayId', { Ref: 'Nat' }),
      ...natSubnet,
      Nat: { Type: 'AWS::EC2::NatGateway', Properties: { SubnetId: { Ref: 'NatSubnet' }, AllocationId: 'eipalloc-0abc', ...natProps } },
    },
  });
  const toNat: Row = ['route', 'ALLOW', 'PrivateDefault', 'PrivateRt sends 198.51.100.10/32 to NAT gateway Nat (0.0.0.0/0)'];
  const hop: Row[] = [
    dacl("NAT gateway Nat: its subnet's network ACL inbound (request)", 'NatSubnet', 'TCP 443 from 10.0.1.0/24'),
    dacl("NAT gateway Nat: its subnet's network ACL outbound (request)", 'NatSubnet', 'TCP 443 to 198.51.100.10/32'),
    dacl("NAT gateway Nat: its subnet's network ACL inbound (replies, ephemeral ports)", 'NatSubnet', `${EPH} from 198.51.100.10/32`),
    dacl("NAT gateway Nat: its subnet's network ACL outbound (replies, ephemeral ports)", 'NatSubnet', `${EPH} to 10.0.1.0/24`),
  ];
  const OUT = "NAT gateway Nat: its own way out (its subnet's route table)";

  test('fails to reach the internet through a NAT gateway whose own subnet has no route to an internet gateway: BLOCKED by its way out', () => {
    // GIVEN the NAT gateway's subnet has a route table with no default route
    const template = natIn({ ...table('NatRt'), ...subnet('NatSubnet', '10.0.0.0/24', 'NatRt') }, {});

    // WHEN
    const result = evaluate(template, inSubnet('Private'), internet);

    // THEN
    expect(result).toEqual({
      allowed: false,
      steps: outTo('Private', '198.51.100.10/32', [toNat, ...hop, [OUT, 'BLOCK', 'NatRt', 'NatRt has no route to 198.51.100.10/32']]),
    });
  });

  test('reaches the internet through a NAT gateway whose own subnet routes to an internet gateway', () => {
    // GIVEN the NAT gateway's subnet routes 0.0.0.0/0 to the internet gateway
    const template = natIn({ ...table('NatRt'), ...subnet('NatSubnet', '10.0.0.0/24', 'NatRt'), ...route('NatDefault', 'NatRt', '0.0.0.0/0', 'GatewayId', { Ref: 'Igw' }) }, {});

    // WHEN
    const result = evaluate(template, inSubnet('Private'), internet);

    // THEN
    expect(result).toEqual({
      allowed: true,
      steps: outTo('Private', '198.51.100.10/32', [toNat, ...hop, [OUT, 'ALLOW', 'NatDefault', 'NatRt sends 198.51.100.10/32 to internet gateway Igw (0.0.0.0/0)']]),
    });
  });

  test('fails to reach the internet through a private NAT gateway (ConnectivityType: private), even in a public subnet: BLOCKED', () => {
    // GIVEN a private NAT gateway in a subnet routed to the internet gateway (which drops its traffic)
    const template = natIn({ ...table('NatRt'), ...subnet('NatSubnet', '10.0.0.0/24', 'NatRt'), ...route('NatDefault', 'NatRt', '0.0.0.0/0', 'GatewayId', { Ref: 'Igw' }) },
      { ConnectivityType: 'private', AllocationId: undefined });

    // WHEN
    const result = evaluate(template, inSubnet('Private'), internet);

    // THEN
    expect(result).toEqual({
      allowed: false,
      steps: outTo('Private', '198.51.100.10/32', [toNat, ...hop, [OUT, 'BLOCK', 'Nat', 'Nat is a private NAT gateway (ConnectivityType: private): it has no way to the internet']]),
    });
  });

  test('a NAT gateway in an imported subnet, whose route table the template does not hold: UNKNOWN by its way out', () => {
    // GIVEN the NAT gateway's subnet is named by id only
    const template = natIn({}, { SubnetId: 'subnet-0nat' });

    // WHEN
    const result = evaluate(template, inSubnet('Private'), internet);

    // THEN the way out is unknown (the ACL steps of the NAT's subnet are unknown too)
    expect(result.allowed).toBe(false);
    expect(result.steps.find((s) => s[0] === "NAT gateway Nat: its own way out (its subnet's route table)")).toEqual(
      ["NAT gateway Nat: its own way out (its subnet's route table)", 'UNKNOWN', 'subnet-0nat (route table outside the template)',
        'subnet subnet-0nat has no route table association in the template: its route table is outside the template, so the way to 198.51.100.10/32 is unknown']);
    expect(result.steps.filter((s) => s[1] === 'BLOCK')).toEqual([]);
  });
});

describe('route targets that are not the internet (issue 35 item 3)', () => {
  // GIVEN a subnet whose only route is 0.0.0.0/0 to a target of each kind
  const withDefault = (property: string, target: unknown, extra: object = {}) => ({
    Resources: { ...vpc, ...igw, ...table('Rt'), ...subnet('S', '10.0.1.0/24', 'Rt'), ...route('Default', 'Rt', '0.0.0.0/0', property, target), ...extra },
  });
  const sends = (what: string) => `Rt sends 198.51.100.10/32 to ${what} (0.0.0.0/0)`;
  const opaque = (what: string) => `${sends(what)}: whether ${what} delivers to the internet and carries the replies back is outside the template`;

  test.each([
    ['a peering connection of the template: BLOCKED (no edge-to-edge routing)', 'VpcPeeringConnectionId', { Ref: 'Pcx' }, 'BLOCK',
      `${sends('peering connection Pcx')}: a peering connection carries no traffic to the internet (no edge-to-edge routing through the peer's internet or NAT gateway)`],
    ['a peering connection named by id: BLOCKED all the same', 'VpcPeeringConnectionId', 'pcx-0abc', 'BLOCK',
      `${sends('peering connection pcx-0abc')}: a peering connection carries no traffic to the internet (no edge-to-edge routing through the peer's internet or NAT gateway)`],
    ['a transit gateway: UNKNOWN naming it', 'TransitGatewayId', 'tgw-0abc', 'UNKNOWN', opaque('transit gateway tgw-0abc')],
    ['a virtual private gateway of the template: UNKNOWN naming it', 'GatewayId', { Ref: 'Vgw' }, 'UNKNOWN', opaque('virtual private gateway Vgw')],
    ['a virtual private gateway named by id: UNKNOWN naming it', 'GatewayId', 'vgw-0abc', 'UNKNOWN', opaque('virtual private gateway vgw-0abc')],
    ['a network interface (an appliance): UNKNOWN naming it', 'NetworkInterfaceId', 'eni-0abc', 'UNKNOWN', opaque('network interface eni-0abc')],
    ['an instance (a NAT instance): UNKNOWN naming it', 'InstanceId', 'i-0abc', 'UNKNOWN', opaque('instance i-0abc')],
    ['a VPC endpoint (a Gateway Load Balancer endpoint): UNKNOWN naming it', 'VpcEndpointId', 'vpce-0abc', 'UNKNOWN', opaque('VPC endpoint vpce-0abc')],
    ['a gateway of a kind the model cannot tell: UNKNOWN naming it', 'GatewayId', { Ref: 'NotInTemplate' }, 'UNKNOWN', opaque('gateway {Ref NotInTemplate}')],
    ['the local target: BLOCKED (it carries only the VPC\'s own addresses)', 'GatewayId', 'local', 'BLOCK',
      `${sends('local')}: the local target carries only the VPC's own addresses, and 198.51.100.10/32 is not one`],
    ['an egress-only internet gateway: BLOCKED (IPv6 only)', 'EgressOnlyInternetGatewayId', 'eigw-0abc', 'BLOCK',
      `${sends('egress-only internet gateway eigw-0abc')}, which carries IPv6 traffic only`],
    ['a carrier gateway: UNKNOWN (only interfaces with a carrier IP address in a Wavelength Zone get out)', 'CarrierGatewayId', 'cagw-0abc', 'UNKNOWN',
      `${sends('carrier gateway cagw-0abc')}: a carrier gateway (Wavelength Zones) carries to the carrier network and the internet only the traffic of network interfaces `
        + 'with a carrier IP address in a Wavelength Zone subnet, which the template does not say: whether it reaches the internet is unknown'],
  ])('0.0.0.0/0 to %s', (_, property, target, verdict, detail) => {
    // GIVEN
    const template = withDefault(property, target, {
      Pcx: { Type: 'AWS::EC2::VPCPeeringConnection', Properties: { VpcId: { Ref: 'Vpc' }, PeerVpcId: 'vpc-0peer' } },
      Vgw: { Type: 'AWS::EC2::VPNGateway', Properties: { Type: 'ipsec.1' } },
    });

    // WHEN
    const result = evaluate(template, inSubnet('S'), internet);

    // THEN never a pass, never "to undefined"
    expect(result).toEqual({ allowed: false, steps: outTo('S', '198.51.100.10/32', [['route', verdict as Row[1], 'Default', detail]]) });
    expect(JSON.stringify(result)).not.toMatch(/undefined/);
  });

  test('fails from the internet into a subnet whose default route is a carrier gateway: it lets in the carrier network only', () => {
    // GIVEN
    const template = withDefault('CarrierGatewayId', 'cagw-0abc');

    // WHEN
    const result = evaluate(template, internet, inSubnet('S'));

    // THEN
    expect(result.allowed).toBe(false);
    expect(result.steps[1]).toEqual(['route from the internet: destination subnet route table', 'BLOCK', 'Default',
      'Rt of S sends 198.51.100.10/32 to carrier gateway cagw-0abc (0.0.0.0/0), not to an internet gateway: a carrier gateway (Wavelength Zones) carries traffic out to '
      + 'the carrier network and the internet, and lets in traffic from the carrier network only, never from the internet: the internet cannot reach the subnet']);
  });

  test('from the internet into a subnet whose default route is a transit gateway: UNKNOWN naming it', () => {
    // GIVEN
    const template = withDefault('TransitGatewayId', 'tgw-0abc');

    // WHEN
    const result = evaluate(template, internet, inSubnet('S'));

    // THEN
    expect(result.allowed).toBe(false);
    expect(result.steps[1]).toEqual(['route from the internet: destination subnet route table', 'UNKNOWN', 'Default',
      'Rt of S sends 198.51.100.10/32 to transit gateway tgw-0abc (0.0.0.0/0), not to an internet gateway: whether transit gateway tgw-0abc brings the internet in and carries the replies out is outside the template']);
  });
});

describe('secondary CIDR blocks (issue 35 item 5)', () => {
  // GIVEN a VPC with a secondary block, a subnet whose only route is 0.0.0.0/0 to the internet gateway
  const template = (block: object) => ({
    Resources: {
      ...vpc,
      ...igw,
      Second: { Type: 'AWS::EC2::VPCCidrBlock', Properties: { VpcId: { Ref: 'Vpc' }, ...block } },
      ...table('Rt'),
      ...route('Default', 'Rt', '0.0.0.0/0', 'GatewayId', { Ref: 'Igw' }),
      ...subnet('S', '10.0.1.0/24', 'Rt'),
      ...subnet('InSecond', '100.64.1.0/24', 'Rt'),
    },
  });

  test('traffic to an address of an AWS::EC2::VPCCidrBlock takes the local route, not the internet gateway: ALLOWED by the route step', () => {
    // WHEN
    const result = evaluate(template({ CidrBlock: '100.64.0.0/16' }), inSubnet('S'), network('100.64.7.0/24'));

    // THEN
    expect(result).toEqual({
      allowed: true,
      steps: outTo('S', '100.64.7.0/24', [['route', 'ALLOW', 'local', "100.64.7.0/24 is inside the VPC (100.64.0.0/16): the route table's implicit local route carries it"]]),
    });
  });

  test('the replies to a client in the secondary block take the local route too: no route step blocks', () => {
    // WHEN
    const result = evaluate(template({ CidrBlock: '100.64.0.0/16' }), network('100.64.7.0/24'), inSubnet('S'));

    // THEN
    expect(result.allowed).toBe(true);
    expect(result.steps.filter((s) => /route/.test(s[0]))).toEqual([]);
  });

  test('a subnet of the secondary block and one of the primary block are one VPC: no route step', () => {
    // WHEN
    const result = evaluate(template({ CidrBlock: '100.64.0.0/16' }), inSubnet('S'), inSubnet('InSecond'));

    // THEN
    expect(result.allowed).toBe(true);
    expect(result.steps.filter((s) => /route/.test(s[0]))).toEqual([]);
  });

  test('a block from an IPAM pool (no CidrBlock) may hold the address: UNKNOWN naming the block, not the internet gateway\'s BLOCKED', () => {
    // WHEN
    const result = evaluate(template({ Ipv4IpamPoolId: 'ipam-pool-0abc', Ipv4NetmaskLength: 16 }), inSubnet('S'), network('100.64.7.0/24'));

    // THEN
    expect(result).toEqual({
      allowed: false,
      steps: outTo('S', '100.64.7.0/24', [['route', 'UNKNOWN', 'Vpc (Second.CidrBlock)',
        'Vpc has the block Second.CidrBlock, which cannot be compared with 100.64.7.0/24: whether the implicit local route carries it (it is in the VPC) or another route does is unknown']]),
    });
  });
});

describe('middlebox routes, more specific than local (issue 35 item 12)', () => {
  // GIVEN two subnets of one VPC; the client's route table sends the server subnet through an
  // appliance (an inspection instance's interface, or a Gateway Load Balancer endpoint)
  const template = (property: string, target: string, where: 'Client' | 'Server') => ({
    Resources: {
      ...vpc,
      ...table('Rt'),
      ...route('Inspect', 'Rt', where === 'Client' ? '10.0.2.0/24' : '10.0.1.0/24', property, target),
      ...subnet('Client', '10.0.1.0/24', where === 'Client' ? 'Rt' : undefined),
      ...subnet('Server', '10.0.2.0/24', where === 'Server' ? 'Rt' : undefined),
    },
  });
  const inspected = (rt: string, dest: string, what: string, to: string) =>
    `${rt} sends ${dest} to ${what}, more specific than the local route for 10.0.0.0/16: traffic to ${to} goes through it, and what it forwards is outside the template`;

  test.each([
    ['a network interface', 'NetworkInterfaceId', 'eni-0abc', 'network interface eni-0abc'],
    ['an instance', 'InstanceId', 'i-0abc', 'instance i-0abc'],
    ['a Gateway Load Balancer endpoint', 'VpcEndpointId', 'vpce-0abc', 'VPC endpoint vpce-0abc'],
  ])('the request through %s: UNKNOWN by the route step, naming the route', (_, property, target, what) => {
    // WHEN
    const result = evaluate(template(property, target, 'Client'), inSubnet('Client'), inSubnet('Server'));

    // THEN
    expect(result).toEqual({
      allowed: false,
      steps: [
        dacl(SRC_OUT, 'Client', 'TCP 443 to 10.0.2.0/24'),
        ['route', 'UNKNOWN', 'Inspect', inspected('Rt', '10.0.2.0/24', what, '10.0.2.0/24')],
        dacl(DST_IN, 'Server', 'TCP 443 from 10.0.1.0/24'),
        dacl(DST_OUT, 'Server', `${EPH} to 10.0.1.0/24`),
        dacl(SRC_IN, 'Client', `${EPH} from 10.0.2.0/24`),
      ],
    });
  });

  test('the replies through an appliance (the server\'s table sends the client subnet to it): UNKNOWN by the return route step', () => {
    // WHEN
    const result = evaluate(template('NetworkInterfaceId', 'eni-0abc', 'Server'), inSubnet('Client'), inSubnet('Server'));

    // THEN
    expect(result.allowed).toBe(false);
    expect(result.steps.filter((s) => /route/.test(s[0]))).toEqual([
      ['return route: destination subnet route table (replies)', 'UNKNOWN', 'Inspect', inspected('Rt', '10.0.1.0/24', 'network interface eni-0abc', '10.0.1.0/24')],
    ]);
  });

  test('a route to the appliance that does not cover the destination leaves the local route alone: ALLOWED, no route step', () => {
    // WHEN the appliance route covers 10.0.2.0/24 and the flow is to the client's own neighbour 10.0.3.0/24
    const t = template('NetworkInterfaceId', 'eni-0abc', 'Client');
    const result = evaluate({ Resources: { ...t.Resources, ...subnet('Other', '10.0.3.0/24') } }, inSubnet('Client'), inSubnet('Other'));

    // THEN
    expect(result.allowed).toBe(true);
    expect(result.steps.filter((s) => /route/.test(s[0]))).toEqual([]);
  });
});

describe('a subnet whose VPC the template does not say (issue 29)', () => {
  // GIVEN a subnet of the template and an instance in a subnet named by id only, which no group,
  // association or load balancer of the template ties to a VPC
  const template = {
    Resources: {
      ...vpc,
      ...subnet('S', '10.0.1.0/24'),
      Instance: { Type: 'AWS::EC2::Instance', Properties: { SubnetId: 'subnet-0imp', ImageId: 'ami-0abc' } },
    },
  };

  test.each([
    ['to it', inSubnet('S'), inSubnet('subnet-0imp'), "whether S's traffic to subnet-0imp.CidrBlock takes the local route of Vpc or a route out of the VPC (and which) is unknown"],
    ['from it', inSubnet('subnet-0imp'), inSubnet('S'), "whether subnet-0imp's traffic to 10.0.1.0/24 takes the local route of Vpc or a route out of the VPC (and which) is unknown"],
  ])('a flow %s gets an UNKNOWN route step naming the subnet whose VPC would decide it', (_, src, dst, why) => {
    // WHEN
    const result = evaluate(template, src, dst);

    // THEN
    expect(result.allowed).toBe(false);
    expect(result.steps.filter((s) => /route/.test(s[0]))).toEqual([
      ['route', 'UNKNOWN', 'subnet-0imp (VPC unknown)', `the template does not say which VPC subnet-0imp is in: ${why}`],
    ]);
  });

  test('two such subnets: one route step naming both', () => {
    // GIVEN
    const two = { Resources: { ...template.Resources, Other: { Type: 'AWS::EC2::Instance', Properties: { SubnetId: 'subnet-0two', ImageId: 'ami-0abc' } } } };

    // WHEN
    const result = evaluate(two, inSubnet('subnet-0imp'), inSubnet('subnet-0two'));

    // THEN
    expect(result.steps.filter((s) => /route/.test(s[0]))).toEqual([
      ['route', 'UNKNOWN', 'subnet-0imp (VPC unknown), subnet-0two (VPC unknown)',
        "the template does not say which VPC subnet-0imp and subnet-0two are in: whether subnet-0imp's traffic to subnet-0two.CidrBlock takes the local route or a route out of the VPC (and which) is unknown"],
    ]);
  });
});
