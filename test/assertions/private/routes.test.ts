import { ROUTES_TEMPLATE } from './routes-fixture';
import { address, symbol } from '../../../src/assertions/private/addresses';
import { assumedRoutes } from '../../../src/assertions/private/assumptions';
import { EndpointSpec, INTERNET_ADDRESS, Reachability, StepResult } from '../../../src/assertions/private/reach';
import { TemplateReader } from '../../../src/assertions/private/reader';

/**
 * Routes between networks, every step worked out by hand over `routes-fixture.ts` (three VPCs, two
 * peerings, every kind of route target), as Reachability Analyzer and the VPC user guide read them:
 * - between VPCs, the source subnet's route to the destination and the destination subnet's route
 *   back (the replies) must each name a peering connection between exactly these two VPCs (no
 *   transitive peering); a network end inside another VPC of the template is reached from the
 *   subnets of that VPC that hold it;
 * - what lies behind a transit gateway, a virtual private gateway, a network interface, a carrier
 *   or local gateway is outside the template (UNKNOWN), unless the user states the route; an
 *   egress-only internet gateway carries IPv6 only; a peering connection carries nothing to the
 *   internet (no edge-to-edge routing);
 * - a NAT gateway reaches the internet only through its own subnet's route to an internet gateway,
 *   and a private one never;
 * - the local route covers every block of the VPC (the secondary one too); a route more specific
 *   than it sends the traffic through an appliance (UNKNOWN);
 * - a subnet with no association uses the VPC's main route table (only the local route); an
 *   imported subnet's route table is outside the template.
 */

const t = new TemplateReader(ROUTES_TEMPLATE);
const reach = new Reachability(t);
const internet: EndpointSpec = { label: 'the internet', groups: [], subnets: [], address: INTERNET_ADDRESS, outside: 'internet' };
const net = (cidr: string): EndpointSpec => ({ label: cidr, groups: [], subnets: [], address: address(cidr), outside: 'network' });
const inSubnet = (s: string): EndpointSpec => ({ label: `in ${s}`, groups: [], subnets: [s], address: symbol(`x ${s}`) });

type Row = [string, 'ALLOW' | 'BLOCK' | 'UNKNOWN', string, string, { assumption?: string }?];
const EPH = 'TCP 1024-3388, 3390-65535';
const SRC_OUT = 'source subnet network ACL outbound';
const DST_IN = 'destination subnet network ACL inbound';
const DST_OUT = 'return: destination subnet network ACL outbound (ephemeral ports)';
const SRC_IN = 'return: source subnet network ACL inbound (ephemeral ports)';
const ROUTE_BACK = 'return route: destination subnet route table (replies)';
const FROM_INTERNET = 'route from the internet: destination subnet route table';
/** A subnet on its VPC's default network ACL (allow all). */
const dacl = (name: string, subnet: string, traffic: string): Row => [name, 'ALLOW', `${subnet}: default network ACL`, `the subnet uses the VPC's default network ACL, which allows all ${traffic}`];
const none = (name: string): Row => [name, 'ALLOW', 'n/a', 'no subnet at this end (outside every VPC of the template): no network ACL to cross'];
/** The four ACL steps of a flow on 443 between two subnets on default ACLs, around the route steps. */
const between = (src: string, srcAddr: string, dst: string, dstAddr: string, routes: Row[]): Row[] => [
  dacl(SRC_OUT, src, `TCP 443 to ${dstAddr}`), ...routes, dacl(DST_IN, dst, `TCP 443 from ${srcAddr}`),
  dacl(DST_OUT, dst, `${EPH} to ${srcAddr}`), dacl(SRC_IN, src, `${EPH} from ${dstAddr}`),
];
/** A flow on 443 from a subnet to an end outside it (no subnet). */
const out = (src: string, dstAddr: string, routes: Row[]): Row[] => [dacl(SRC_OUT, src, `TCP 443 to ${dstAddr}`), ...routes, none(DST_IN), none(DST_OUT), dacl(SRC_IN, src, `${EPH} from ${dstAddr}`)];
/** A flow on 443 from an end outside (no subnet) to a subnet. */
const into = (dst: string, srcAddr: string, routes: Row[]): Row[] => [none(SRC_OUT), ...routes, dacl(DST_IN, dst, `TCP 443 from ${srcAddr}`), dacl(DST_OUT, dst, `${EPH} to ${srcAddr}`), none(SRC_IN)];
/** The NAT gateway hop: its subnet's default ACL both ways. */
const natHop = (nat: string, subnet: string, srcAddr: string, dstAddr: string): Row[] => [
  dacl(`NAT gateway ${nat}: its subnet's network ACL inbound (request)`, subnet, `TCP 443 from ${srcAddr}`),
  dacl(`NAT gateway ${nat}: its subnet's network ACL outbound (request)`, subnet, `TCP 443 to ${dstAddr}`),
  dacl(`NAT gateway ${nat}: its subnet's network ACL inbound (replies, ephemeral ports)`, subnet, `${EPH} from ${dstAddr}`),
  dacl(`NAT gateway ${nat}: its subnet's network ACL outbound (replies, ephemeral ports)`, subnet, `${EPH} to ${srcAddr}`),
];
const I = '198.51.100.10/32';

const VPN = assumedRoutes([{ routeTable: 'PublicRt', destinationCidr: '172.16.0.0/16', via: 'network', reason: 'the office VPN' }]);
const VPN_TEXT = 'route table PublicRt sends 172.16.0.0/16 to the destination network (and the replies come back) (the office VPN)';
const IMPORTED = assumedRoutes([{ subnet: 'subnet-0imp', destinationCidr: '0.0.0.0/0', via: 'natGateway' }]);
const IMPORTED_TEXT = 'the route table of subnet subnet-0imp sends 0.0.0.0/0 to a NAT gateway that reaches the internet';
const stated = new Reachability(new TemplateReader(ROUTES_TEMPLATE, { assumedRoutes: [...VPN, ...IMPORTED] }));
const { SecondBlock: _, ...withoutSecondary } = ROUTES_TEMPLATE.Resources;
const noSecondary = new Reachability(new TemplateReader({ Resources: withoutSecondary }));

/** A route to a table the template names by id only, associated with no subnet of it: it may be the main route table. */
const toSomeTable = { Type: 'AWS::EC2::Route', Properties: { RouteTableId: 'rtb-0main', DestinationCidrBlock: '0.0.0.0/0', GatewayId: { Ref: 'Igw' } } };
const maybeMain = new Reachability(new TemplateReader({ Resources: { ...ROUTES_TEMPLATE.Resources, ToSomeTable: toSomeTable } }));

const CASES: Record<string, [EndpointSpec, EndpointSpec, Reachability?]> = {
  peered: [inSubnet('Public'), inSubnet('B1')],
  noReturnRoute: [inSubnet('Public'), inSubnet('B2')],
  noRouteOut: [inSubnet('B2'), inSubnet('Public')],
  wrongPair: [inSubnet('Public'), inSubnet('C1')],
  networkInPeer: [net('10.1.0.0/24'), inSubnet('Public')],
  networkInPeerUnrouted: [net('10.1.0.0/16'), inSubnet('Public')],
  transitGateway: [inSubnet('Public'), net('10.9.0.0/16')],
  vpnOut: [inSubnet('Public'), net('172.16.5.0/24')],
  vpnIn: [net('172.16.5.0/24'), inSubnet('Public')],
  vpnStated: [net('172.16.5.0/24'), inSubnet('Public'), stated],
  secondaryBlock: [inSubnet('Public'), net('100.64.1.0/24')],
  secondaryBlockSubnet: [inSubnet('Public'), inSubnet('Second')],
  secondaryBlockMissing: [inSubnet('Public'), net('100.64.1.0/24'), noSecondary],
  middlebox: [inSubnet('Public'), inSubnet('Inspected')],
  nat: [inSubnet('Private'), internet],
  natWithoutWayOut: [inSubnet('BehindStuck'), internet],
  privateNat: [inSubnet('ViaPrivateNat'), internet],
  peeringToInternet: [inSubnet('Odd'), internet],
  carrierGateway: [inSubnet('Odd'), net('203.0.113.0/24')],
  localGateway: [inSubnet('Odd'), net('192.0.2.0/24')],
  egressOnly: [inSubnet('Odd'), net('198.18.0.0/15')],
  mainRouteTableOut: [inSubnet('Loose'), internet],
  mainRouteTableIn: [internet, inSubnet('Loose')],
  mainRouteTableMaybeChanged: [inSubnet('Loose'), internet, maybeMain],
  importedOut: [inSubnet('subnet-0imp'), internet],
  importedStatedOut: [inSubnet('subnet-0imp'), internet, stated],
  importedStatedIn: [internet, inSubnet('subnet-0imp'), stated],
};

const OUTSIDE_ACL = (name: string, traffic: string): Row => [name, 'UNKNOWN', 'subnet-0imp (network ACL outside the template)',
  `subnet subnet-0imp has no network ACL association in the template: its network ACL is outside the template, so whether it allows ${traffic} is unknown and the flow is not proven`];
const MAIN = 'it uses the main route table of VpcA, which CloudFormation creates with only the local route (a template cannot add routes to it)';

const EXPECTED: Record<string, { allowed: boolean; steps: Row[] }> = {
  peered: {
    allowed: true,
    steps: between('Public', '10.0.0.0/24', 'B1', '10.1.0.0/24', [
      ['route', 'ALLOW', 'PublicToB', 'PublicRt sends 10.1.0.0/24 to peering connection PcxAB (10.1.0.0/16), which connects VpcA and VpcB'],
      [ROUTE_BACK, 'ALLOW', 'BackToA', 'BackRt of B1 sends 10.0.0.0/24 to peering connection PcxAB (10.0.0.0/16), which connects VpcB and VpcA'],
    ]),
  },
  noReturnRoute: {
    allowed: false,
    steps: between('Public', '10.0.0.0/24', 'B2', '10.1.1.0/24', [
      ['route', 'ALLOW', 'PublicToB', 'PublicRt sends 10.1.1.0/24 to peering connection PcxAB (10.1.0.0/16), which connects VpcA and VpcB'],
      [ROUTE_BACK, 'BLOCK', 'NoBackRt', 'NoBackRt has no route to 10.0.0.0/24: the replies cannot go back'],
    ]),
  },
  noRouteOut: {
    allowed: false,
    steps: between('B2', '10.1.1.0/24', 'Public', '10.0.0.0/24', [
      ['route', 'BLOCK', 'NoBackRt', 'NoBackRt has no route to 10.0.0.0/24'],
      [ROUTE_BACK, 'ALLOW', 'PublicToB', 'PublicRt of Public sends 10.1.1.0/24 to peering connection PcxAB (10.1.0.0/16), which connects VpcA and VpcB'],
    ]),
  },
  wrongPair: {
    allowed: false,
    steps: between('Public', '10.0.0.0/24', 'C1', '10.2.0.0/24', [
      ['route', 'BLOCK', 'PublicToC', 'PublicRt sends 10.2.0.0/24 to peering connection PcxBC (10.2.0.0/16), which connects VpcB and VpcC, not VpcA'],
      [ROUTE_BACK, 'BLOCK', 'CToA', 'CRt of C1 sends 10.0.0.0/24 to peering connection PcxBC (10.0.0.0/16), which leads to VpcB, not to VpcA (peering is not transitive) (the replies cannot go back)'],
    ]),
  },
  networkInPeer: {
    allowed: true,
    steps: into('Public', '10.1.0.0/24', [
      ["route from 10.1.0.0/24: its subnets' route tables", 'ALLOW', 'BackToA', 'the subnets of VpcB that hold 10.1.0.0/24 (B1): BackRt sends 10.0.0.0/24 to peering connection PcxAB (10.0.0.0/16), which connects VpcB and VpcA'],
      [ROUTE_BACK, 'ALLOW', 'PublicToB', 'PublicRt of Public sends 10.1.0.0/24 to peering connection PcxAB (10.1.0.0/16), which connects VpcA and VpcB'],
    ]),
  },
  networkInPeerUnrouted: {
    allowed: false,
    steps: into('Public', '10.1.0.0/16', [
      ["route from 10.1.0.0/16: its subnets' route tables", 'BLOCK', 'NoBackRt', 'NoBackRt has no route to 10.0.0.0/24'],
      [ROUTE_BACK, 'ALLOW', 'PublicToB', 'PublicRt of Public sends 10.1.0.0/16 to peering connection PcxAB (10.1.0.0/16), which connects VpcA and VpcB'],
    ]),
  },
  transitGateway: {
    allowed: false,
    steps: out('Public', '10.9.0.0/16', [
      ['route', 'UNKNOWN', 'PublicToTgw', 'PublicRt sends 10.9.0.0/16 to transit gateway tgw-0abc (10.9.0.0/16): whether transit gateway tgw-0abc delivers to 10.9.0.0/16 and carries the replies back is outside the template'],
    ]),
  },
  vpnOut: {
    allowed: false,
    steps: out('Public', '172.16.5.0/24', [
      ['route', 'UNKNOWN', 'PublicToVpn', 'PublicRt sends 172.16.5.0/24 to virtual private gateway Vgw (172.16.0.0/16): whether virtual private gateway Vgw delivers to 172.16.5.0/24 and carries the replies back is outside the template'],
    ]),
  },
  vpnIn: {
    allowed: false,
    steps: into('Public', '172.16.5.0/24', [
      [ROUTE_BACK, 'UNKNOWN', 'PublicToVpn', 'PublicRt of Public sends 172.16.5.0/24 to virtual private gateway Vgw (172.16.0.0/16): whether virtual private gateway Vgw delivers the replies to 172.16.5.0/24 is outside the template'],
    ]),
  },
  vpnStated: {
    allowed: true,
    steps: into('Public', '172.16.5.0/24', [
      [ROUTE_BACK, 'ALLOW', `assumed: ${VPN_TEXT}`, `PublicRt of Public sends 172.16.5.0/24 to 172.16.0.0/16 and the replies come back (stated: ${VPN_TEXT}) (assumed, not in the template)`, { assumption: VPN_TEXT }],
    ]),
  },
  secondaryBlock: {
    allowed: true,
    steps: out('Public', '100.64.1.0/24', [
      ['route', 'ALLOW', 'local', "100.64.1.0/24 is inside the VPC (100.64.0.0/16): the route table's implicit local route carries it"],
    ]),
  },
  secondaryBlockSubnet: { allowed: true, steps: between('Public', '10.0.0.0/24', 'Second', '100.64.1.0/24', []) },
  secondaryBlockMissing: {
    allowed: false,
    steps: out('Public', '100.64.1.0/24', [
      ['route', 'BLOCK', 'PublicDefault', 'PublicRt sends 100.64.1.0/24 to internet gateway Igw (0.0.0.0/0), which does not carry private addresses: a route to the network (a peering connection, a transit gateway, a VPN) is missing'],
    ]),
  },
  middlebox: {
    allowed: false,
    steps: between('Public', '10.0.0.0/24', 'Inspected', '10.0.5.0/24', [
      ['route', 'UNKNOWN', 'PublicToAppliance', 'PublicRt sends 10.0.5.0/24 to network interface eni-0abc, more specific than the local route for 10.0.0.0/16: traffic to 10.0.5.0/24 goes through it, and what it forwards is outside the template'],
    ]),
  },
  nat: {
    allowed: true,
    steps: out('Private', I, [
      ['route', 'ALLOW', 'PrivateDefault', `PrivateRt sends ${I} to NAT gateway Nat (0.0.0.0/0)`],
      ...natHop('Nat', 'Public', '10.0.1.0/24', I),
      ["NAT gateway Nat: its own way out (its subnet's route table)", 'ALLOW', 'PublicDefault', `PublicRt sends ${I} to internet gateway Igw (0.0.0.0/0)`],
    ]),
  },
  natWithoutWayOut: {
    allowed: false,
    steps: out('BehindStuck', I, [
      ['route', 'ALLOW', 'BehindStuckDefault', `BehindStuckRt sends ${I} to NAT gateway StuckNat (0.0.0.0/0)`],
      ...natHop('StuckNat', 'Stuck', '10.0.3.0/24', I),
      ["NAT gateway StuckNat: its own way out (its subnet's route table)", 'BLOCK', 'StuckRt', `StuckRt has no route to ${I}`],
    ]),
  },
  privateNat: {
    allowed: false,
    steps: out('ViaPrivateNat', I, [
      ['route', 'ALLOW', 'ViaPrivateNatDefault', `ViaPrivateNatRt sends ${I} to NAT gateway PrivateNat (0.0.0.0/0)`],
      ...natHop('PrivateNat', 'Public', '10.0.4.0/24', I),
      ["NAT gateway PrivateNat: its own way out (its subnet's route table)", 'BLOCK', 'PrivateNat', 'PrivateNat is a private NAT gateway (ConnectivityType: private): it has no way to the internet'],
    ]),
  },
  peeringToInternet: {
    allowed: false,
    steps: out('Odd', I, [
      ['route', 'BLOCK', 'OddDefault', `OddRt sends ${I} to peering connection PcxAB (0.0.0.0/0): a peering connection carries no traffic to the internet (no edge-to-edge routing through the peer's internet or NAT gateway)`],
    ]),
  },
  carrierGateway: {
    allowed: false,
    steps: out('Odd', '203.0.113.0/24', [
      ['route', 'UNKNOWN', 'OddCarrier', 'OddRt sends 203.0.113.0/24 to carrier gateway cagw-0abc (203.0.113.0/24): a carrier gateway (Wavelength Zones) carries to the carrier network and the internet only '
        + 'the traffic of network interfaces with a carrier IP address in a Wavelength Zone subnet, which the template does not say: whether it reaches 203.0.113.0/24 is unknown'],
    ]),
  },
  localGateway: {
    allowed: false,
    steps: out('Odd', '192.0.2.0/24', [
      ['route', 'UNKNOWN', 'OddLocalGateway', 'OddRt sends 192.0.2.0/24 to local gateway lgw-0abc (192.0.2.0/24): whether local gateway lgw-0abc delivers to 192.0.2.0/24 and carries the replies back is outside the template'],
    ]),
  },
  egressOnly: {
    allowed: false,
    steps: out('Odd', '198.18.0.0/15', [
      ['route', 'BLOCK', 'OddEgressOnly', 'OddRt sends 198.18.0.0/15 to egress-only internet gateway eigw-0abc (198.18.0.0/15), which carries IPv6 traffic only'],
    ]),
  },
  mainRouteTableOut: {
    allowed: false,
    steps: out('Loose', I, [['route', 'BLOCK', 'Loose (main route table of VpcA)', `Loose has no route table association: ${MAIN}: no route to ${I}`]]),
  },
  mainRouteTableIn: {
    allowed: false,
    steps: [
      none(SRC_OUT),
      [FROM_INTERNET, 'BLOCK', 'Loose (main route table of VpcA)', `Loose has no route table association: ${MAIN}: no route to ${I}: the internet cannot reach the subnet, and the replies could not go back`],
      dacl(DST_IN, 'Loose', `TCP 443 from ${I}`), dacl(DST_OUT, 'Loose', `${EPH} to ${I}`), none(SRC_IN),
    ],
  },
  mainRouteTableMaybeChanged: {
    allowed: false,
    steps: out('Loose', I, [['route', 'UNKNOWN', 'Loose (main route table of VpcA)',
      'Loose has no route table association: it uses the main route table of VpcA, and the template adds routes to route tables it names by id only (rtb-0main), which may be it']]),
  },
  importedOut: {
    allowed: false,
    steps: [
      OUTSIDE_ACL(SRC_OUT, `TCP 443 to ${I}`),
      ['route', 'UNKNOWN', 'subnet-0imp (route table outside the template)', `subnet subnet-0imp has no route table association in the template: its route table is outside the template, so the way to ${I} is unknown`],
      none(DST_IN), none(DST_OUT),
      OUTSIDE_ACL(SRC_IN, `${EPH} from ${I}`),
    ],
  },
  importedStatedOut: {
    allowed: false,
    steps: [
      OUTSIDE_ACL(SRC_OUT, `TCP 443 to ${I}`),
      ['route', 'ALLOW', `assumed: ${IMPORTED_TEXT}`, `the route table of subnet-0imp sends ${I} to a NAT gateway that reaches the internet (stated: ${IMPORTED_TEXT}) (assumed, not in the template)`, { assumption: IMPORTED_TEXT }],
      none(DST_IN), none(DST_OUT),
      OUTSIDE_ACL(SRC_IN, `${EPH} from ${I}`),
    ],
  },
  importedStatedIn: {
    allowed: false,
    steps: [
      none(SRC_OUT),
      [FROM_INTERNET, 'BLOCK', IMPORTED_TEXT, `the route table of subnet-0imp sends ${I} to a NAT gateway (stated: ${IMPORTED_TEXT}), not to an internet gateway: the internet cannot reach the subnet`],
      OUTSIDE_ACL(DST_IN, `TCP 443 from ${I}`), OUTSIDE_ACL(DST_OUT, `${EPH} to ${I}`), none(SRC_IN),
    ],
  },
};

function row(s: StepResult): Row {
  const verdict = s.allowed ? 'ALLOW' : s.unknown ? 'UNKNOWN' : 'BLOCK';
  const extra = s.assumption !== undefined ? { assumption: s.assumption } : undefined;
  return extra ? [s.name, verdict, s.decidedBy, s.detail, extra] : [s.name, verdict, s.decidedBy, s.detail];
}

describe('routes between networks and to what the template does not hold', () => {
  test('every case has its expectation', () => {
    expect(Object.keys(EXPECTED)).toEqual(Object.keys(CASES));
  });

  test.each(Object.entries(CASES))('%s', (key, [src, dst, r]) => {
    // WHEN
    const result = (r ?? reach).evaluate(src, dst, 443);

    // THEN
    expect({ allowed: result.allowed, steps: result.steps.map(row) }).toEqual(EXPECTED[key]);
  });
});
