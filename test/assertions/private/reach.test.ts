import { REACH_TEMPLATE } from './reach-fixture';
import { address, symbol } from '../../../src/assertions/private/addresses';
import { EndpointSpec, INTERNET_ADDRESS, Reachability, S3_ADDRESS, StepResult } from '../../../src/assertions/private/reach';
import { TemplateReader } from '../../../src/assertions/private/reader';

/**
 * The reachability engine on its own (no aws-cdk-lib, no public face): one template with every kind
 * of route, ACL entry and rule the engine decides on (`reach-fixture.ts`), and for each flow every
 * step with its verdict, the rule that decided it and the explanation. Worked out by hand:
 * - routes: the NAT gateway is a hop with its subnet's ACL both ways (the request from the source
 *   subnet's CIDR, the replies on the ephemeral ports); an internet gateway carries no private
 *   address (172.16.0.0/12 to igw-0abc); a table of the template without a route blocks; an S3
 *   gateway endpoint on the table carries S3; a table named by literal id is not proven; a subnet
 *   of the template's VPC with no association uses the VPC's main route table, which has only the
 *   local route (blocked); an address inside the VPC takes the implicit local route; a NAT gateway
 *   reaches the internet through its own subnet's route to an internet gateway; a peering
 *   connection outside the template (pcx-1) leads to a network the template does not hold (not
 *   proven, whatever the network ACLs allow: routes.test.ts has peerings of the template);
 * - from the internet: only a subnet whose table sends the internet to an internet gateway is
 *   reachable (not one routed to a NAT gateway or without a default route);
 * - listeners: a load balancer accepts only its listeners' ports, unless one of them is not
 *   resolved; a gateway load balancer is not such a step;
 * - ACLs: first match by rule number; an allow of part of the peer's addresses does not decide, a
 *   deny of part of them does; UDP and IPv6 entries never match a TCP IPv4 flow; an entry with an
 *   unresolved port may allow (not proven); the replies must pass every ephemeral port (1024-3388
 *   and 3390-65535, or the range given) and say which entries let them through;
 * - security groups: a CIDR parameter without a value or a prefix list cannot be compared (not
 *   proven); a group outside the template is not proven; so is a group rule when the peer's groups
 *   are not known; a classic load balancer's source security group is the load balancer itself;
 * - ends in several subnets pass from each (a known block decides, else an unproven pair).
 */

const t = new TemplateReader(REACH_TEMPLATE);
const reach = new Reachability(t);
const internet: EndpointSpec = { label: 'the internet', groups: [], subnets: [], address: INTERNET_ADDRESS, outside: 'internet' };
const s3: EndpointSpec = { label: 'S3', groups: [], subnets: [], address: S3_ADDRESS, outside: 's3' };
const net = (cidr: string): EndpointSpec => ({ label: cidr, groups: [], subnets: [], address: address(cidr), outside: 'network' });
const inSubnet = (s: string, groups: string[] = []): EndpointSpec => ({ label: `in ${s}`, groups, subnets: [s], address: symbol(`x ${s}`) });
const lb = (id: string): EndpointSpec => ({ label: `load balancer ${id}`, groups: ['LbSg'], subnets: ['Public'], address: symbol(id), loadBalancer: id });

/** A step at an end without a subnet (outside the VPC), or within one subnet: no network ACL to cross. */
const noSubnet = (name: string): Row => [name, 'ALLOW', 'n/a', 'no subnet at this end (outside every VPC of the template): no network ACL to cross'];
const withinSubnet = (name: string): Row => [name, 'ALLOW', 'n/a', 'traffic within one subnet does not cross its network ACL'];
/** The destination's ACL steps of a flow out of the VPC. */
const TO_OUTSIDE_NAMES = ['destination subnet network ACL inbound', 'return: destination subnet network ACL outbound (ephemeral ports)'];

type Row = [string, 'ALLOW' | 'BLOCK' | 'UNKNOWN', string, string, { ruleNumber?: number; resource?: string }?];
const TO_OUTSIDE: Row[] = TO_OUTSIDE_NAMES.map(noSubnet);
const FROM_OUTSIDE: Row[] = ['source subnet network ACL outbound', 'return: source subnet network ACL inbound (ephemeral ports)'].map(noSubnet);

const CASES: Record<string, [string, EndpointSpec, EndpointSpec, number, Reachability?]> = {
  nat: ['private to internet via NAT', inSubnet('Private'), internet, 443],
  igwPrivate: ['public to peer via IGW', inSubnet('Public'), net('172.16.5.0/24'), 443],
  noRoute: ['isolated to internet', inSubnet('Isolated'), internet, 443],
  s3Endpoint: ['isolated to S3', inSubnet('Isolated'), s3, 443],
  s3NoEndpoint: ['private to S3 (NAT)', inSubnet('Private'), s3, 443],
  outsideTable: ['imported subnet to internet', inSubnet('Imported'), internet, 443],
  outsideTableNoRoute: ['imported subnet to peer', inSubnet('Imported'), net('192.168.0.0/24'), 443],
  noTable: ['loose subnet to internet', inSubnet('Loose'), internet, 443],
  local: ['private to a VPC network', inSubnet('Private'), net('10.0.9.0/24'), 443],
  inboundIgw: ['internet to lb', internet, lb('Lb'), 443],
  inboundNat: ['internet to private', internet, inSubnet('Private'), 443],
  inboundNone: ['internet to isolated', internet, inSubnet('Isolated'), 443],
  inboundOutside: ['internet to imported', internet, inSubnet('Imported'), 443],
  noListener: ['internet to lb 8443', internet, lb('Lb'), 8443],
  unresolvedListener: ['internet to lb2 8443', internet, lb('Lb2'), 8443],
  gateway: ['internet to gwlb', internet, { label: 'load balancer Gwlb', groups: [], subnets: ['Public'], address: symbol('Gwlb'), loadBalancer: 'Gwlb' }, 9999],
  peerDeny22: ['private to peer 22', inSubnet('Private'), net('192.168.0.0/24'), 22],
  peerPartial80: ['private to 192.168.0.0/16 on 80', inSubnet('Private'), net('192.168.0.0/16'), 80],
  peerPartialDeny: ['private to 192.168.0.0/16 on 8080', inSubnet('Private'), net('192.168.0.0/16'), 8080],
  peerOk: ['private to 192.168.2.0/24 on 8080', inSubnet('Private'), net('192.168.2.0/24'), 8080],
  udpOnly: ['private to peer 53', inSubnet('Private'), net('192.168.0.0/24'), 53],
  groups: ['lb to app 8080', lb('Lb'), inSubnet('Private', ['AppSg']), 8080],
  groupsNotes: ['internet to app 9000', internet, inSubnet('Private', ['AppSg']), 9000],
  prefixList: ['internet to app 9100', internet, inSubnet('Private', ['AppSg']), 9100],
  partnerUnknown: ['unknown groups to app 9200', { label: 'tasks', groups: ['x'], subnets: [], address: symbol('tasks'), groupsUnknown: true }, inSubnet('Private', ['AppSg']), 9200],
  outsideGroup: ['internet to sg-outside', internet, inSubnet('Private', ['sg-1', 'AppSg']), 7000],
  outsideGroups: ['internet to two outside', internet, inSubnet('Private', ['sg-1', 'sg-2']), 7000],
  implicit: ['open sg to internet', inSubnet('Public', ['OpenSg']), internet, 443],
  separate: ['app sg to internet', inSubnet('Private', ['AppSg']), internet, 443],
  custom: ['custom ephemeral', inSubnet('Private'), internet, 443, new Reachability(t, [{ from: 1024, to: 65535 }])],
  externalSubnet: ['an imported subnet of the VPC to the lb', inSubnet('subnet-0aa'), { ...lb('Lb') }, 443],
  pairsUnproven: ['two subnets, one unknown', { label: 'both', groups: [], subnets: ['Public', 'Imported'], address: symbol('both') }, internet, 443],
  pairsBlocked: ['two subnets, one blocked', { label: 'both', groups: [], subnets: ['Imported', 'Isolated'], address: symbol('both') }, internet, 443],
  byLabel: ['an end labelled as the lb', internet, { label: 'load balancer Lb', groups: ['LbSg'], subnets: ['Public'], address: symbol('x') }, 8443],
  notByLabel: ['an end labelled as the lb with other groups', internet, { label: 'load balancer Lb', groups: ['AppSg'], subnets: ['Public'], address: symbol('x') }, 8443],
  sameSubnet: ['within one subnet', inSubnet('Private'), inSubnet('Private'), 5432],
  unknownSubnet: ['to a subnet not in the template', inSubnet('Private'), inSubnet('subnet-9'), 443],
  classic: ['classic lb to instances', { label: 'load balancer Elb', groups: ['LbSg'], subnets: ['Public'], address: symbol('Elb'), loadBalancer: 'Elb' }, inSubnet('Private', ['WebSg']), 8080],
};

const EXPECTED: Record<string, { allowed: boolean; pairs: number; steps: Row[] }> = {
  nat: {
    allowed: true,
    pairs: 1,
    steps: [
      ['source subnet network ACL outbound', 'ALLOW', 'PrivateAclOut100', 'entry 100 (PrivateAclOut100) of PrivateAcl allows TCP 443 to 198.51.100.10/32', { ruleNumber: 100 }],
      ['route', 'ALLOW', 'PrivateDefault', 'PrivateRt sends 198.51.100.10/32 to NAT gateway Nat (0.0.0.0/0)'],
      ["NAT gateway Nat: its subnet's network ACL inbound (request)", 'ALLOW', 'PublicAclIn110', 'entry 110 (PublicAclIn110) of PublicAcl allows TCP 443 from 10.0.1.0/24', { ruleNumber: 110 }],
      ["NAT gateway Nat: its subnet's network ACL outbound (request)", 'ALLOW', 'PublicAclOut100', 'entry 100 (PublicAclOut100) of PublicAcl allows TCP 443 to 198.51.100.10/32', { ruleNumber: 100 }],
      ["NAT gateway Nat: its subnet's network ACL inbound (replies, ephemeral ports)", 'ALLOW', 'PublicAclIn120', 'entry 120 (PublicAclIn120) of PublicAcl allows TCP 1024-3388, 3390-65535 from 198.51.100.10/32', { ruleNumber: 120 }],
      ["NAT gateway Nat: its subnet's network ACL outbound (replies, ephemeral ports)", 'ALLOW', 'PublicAclOut110', 'entry 110 (PublicAclOut110) of PublicAcl allows TCP 1024-3388, 3390-65535 to 10.0.1.0/24', { ruleNumber: 110 }],
      ["NAT gateway Nat: its own way out (its subnet's route table)", 'ALLOW', 'PublicDefault', 'PublicRt sends 198.51.100.10/32 to internet gateway Igw (0.0.0.0/0)'],
      ...TO_OUTSIDE,
      ['return: source subnet network ACL inbound (ephemeral ports)', 'ALLOW', 'PrivateAclIn100, PrivateAclIn110', 'entry 100 (PrivateAclIn100), entry 110 (PrivateAclIn110) of PrivateAcl allow TCP 1024-3388, 3390-65535 from 198.51.100.10/32', { ruleNumber: 100 }],
    ],
  },
  igwPrivate: {
    allowed: false,
    pairs: 1,
    steps: [
      ['source subnet network ACL outbound', 'ALLOW', 'PublicAclOut100', 'entry 100 (PublicAclOut100) of PublicAcl allows TCP 443 to 172.16.5.0/24', { ruleNumber: 100 }],
      ['route', 'BLOCK', 'PublicPeer', 'PublicRt sends 172.16.5.0/24 to internet gateway igw-0abc (172.16.0.0/12), which does not carry private addresses: a route to the network (a peering connection, a transit gateway, a VPN) is missing'],
      ...TO_OUTSIDE,
      ['return: source subnet network ACL inbound (ephemeral ports)', 'ALLOW', 'PublicAclIn120', 'entry 120 (PublicAclIn120) of PublicAcl allows TCP 1024-3388, 3390-65535 from 172.16.5.0/24', { ruleNumber: 120 }],
    ],
  },
  noRoute: {
    allowed: false,
    pairs: 1,
    steps: [
      ['source subnet network ACL outbound', 'ALLOW', 'Isolated: default network ACL', "the subnet uses the VPC's default network ACL, which allows all TCP 443 to 198.51.100.10/32"],
      ['route', 'BLOCK', 'IsolatedRt', 'IsolatedRt has no route to 198.51.100.10/32'],
      ...TO_OUTSIDE,
      ['return: source subnet network ACL inbound (ephemeral ports)', 'ALLOW', 'Isolated: default network ACL', "the subnet uses the VPC's default network ACL, which allows all TCP 1024-3388, 3390-65535 from 198.51.100.10/32"],
    ],
  },
  s3Endpoint: {
    allowed: true,
    pairs: 1,
    steps: [
      ['source subnet network ACL outbound', 'ALLOW', 'Isolated: default network ACL', "the subnet uses the VPC's default network ACL, which allows all TCP 443 to 52.216.0.10/32"],
      ['route', 'ALLOW', 'S3Endpoint', 'IsolatedRt has the S3 prefix-list route of gateway endpoint S3Endpoint (more specific than any default route)'],
      ...TO_OUTSIDE,
      ['return: source subnet network ACL inbound (ephemeral ports)', 'ALLOW', 'Isolated: default network ACL', "the subnet uses the VPC's default network ACL, which allows all TCP 1024-3388, 3390-65535 from 52.216.0.10/32"],
    ],
  },
  s3NoEndpoint: {
    allowed: true,
    pairs: 1,
    steps: [
      ['source subnet network ACL outbound', 'ALLOW', 'PrivateAclOut100', 'entry 100 (PrivateAclOut100) of PrivateAcl allows TCP 443 to 52.216.0.10/32', { ruleNumber: 100 }],
      ['route', 'ALLOW', 'PrivateDefault', 'PrivateRt sends 52.216.0.10/32 to NAT gateway Nat (0.0.0.0/0)'],
      ["NAT gateway Nat: its subnet's network ACL inbound (request)", 'ALLOW', 'PublicAclIn110', 'entry 110 (PublicAclIn110) of PublicAcl allows TCP 443 from 10.0.1.0/24', { ruleNumber: 110 }],
      ["NAT gateway Nat: its subnet's network ACL outbound (request)", 'ALLOW', 'PublicAclOut100', 'entry 100 (PublicAclOut100) of PublicAcl allows TCP 443 to 52.216.0.10/32', { ruleNumber: 100 }],
      ["NAT gateway Nat: its subnet's network ACL inbound (replies, ephemeral ports)", 'ALLOW', 'PublicAclIn120', 'entry 120 (PublicAclIn120) of PublicAcl allows TCP 1024-3388, 3390-65535 from 52.216.0.10/32', { ruleNumber: 120 }],
      ["NAT gateway Nat: its subnet's network ACL outbound (replies, ephemeral ports)", 'ALLOW', 'PublicAclOut110', 'entry 110 (PublicAclOut110) of PublicAcl allows TCP 1024-3388, 3390-65535 to 10.0.1.0/24', { ruleNumber: 110 }],
      ["NAT gateway Nat: its own way out (its subnet's route table)", 'ALLOW', 'PublicDefault', 'PublicRt sends 52.216.0.10/32 to internet gateway Igw (0.0.0.0/0)'],
      ...TO_OUTSIDE,
      ['return: source subnet network ACL inbound (ephemeral ports)', 'ALLOW', 'PrivateAclIn100, PrivateAclIn110', 'entry 100 (PrivateAclIn100), entry 110 (PrivateAclIn110) of PrivateAcl allow TCP 1024-3388, 3390-65535 from 52.216.0.10/32', { ruleNumber: 100 }],
    ],
  },
  outsideTable: {
    allowed: false,
    pairs: 1,
    steps: [
      ['source subnet network ACL outbound', 'UNKNOWN', 'acl-0abc (network ACL outside the template)', 'network ACL acl-0abc of subnet Imported is outside the template: whether it allows TCP 443 to 198.51.100.10/32 is unknown, so the flow is not proven'],
      ['route', 'UNKNOWN', 'rtb-0abc (route table outside the template)', "route table rtb-0abc is outside the template: the template's route ImportedDefault sends 198.51.100.10/32 to igw-0abc (0.0.0.0/0), but the table's own routes are unknown and a more specific one may take precedence"],
      ...TO_OUTSIDE,
      ['return: source subnet network ACL inbound (ephemeral ports)', 'UNKNOWN', 'acl-0abc (network ACL outside the template)', 'network ACL acl-0abc of subnet Imported is outside the template: whether it allows TCP 1024-3388, 3390-65535 from 198.51.100.10/32 is unknown, so the flow is not proven'],
    ],
  },
  outsideTableNoRoute: {
    allowed: false,
    pairs: 1,
    steps: [
      ['source subnet network ACL outbound', 'UNKNOWN', 'acl-0abc (network ACL outside the template)', 'network ACL acl-0abc of subnet Imported is outside the template: whether it allows TCP 443 to 192.168.0.0/24 is unknown, so the flow is not proven'],
      ['route', 'UNKNOWN', 'rtb-0abc (route table outside the template)', "route table rtb-0abc is outside the template: the template's route ImportedDefault sends 192.168.0.0/24 to igw-0abc (0.0.0.0/0), but the table's own routes are unknown and a more specific one may take precedence"],
      ...TO_OUTSIDE,
      ['return: source subnet network ACL inbound (ephemeral ports)', 'UNKNOWN', 'acl-0abc (network ACL outside the template)', 'network ACL acl-0abc of subnet Imported is outside the template: whether it allows TCP 1024-3388, 3390-65535 from 192.168.0.0/24 is unknown, so the flow is not proven'],
    ],
  },
  noTable: {
    allowed: false,
    pairs: 1,
    steps: [
      ['source subnet network ACL outbound', 'ALLOW', 'Loose: default network ACL', "the subnet uses the VPC's default network ACL, which allows all TCP 443 to 198.51.100.10/32"],
      ['route', 'BLOCK', 'Loose (main route table of Vpc)', 'Loose has no route table association: it uses the main route table of Vpc, which CloudFormation creates with only the local route (a template cannot add routes to it): no route to 198.51.100.10/32'],
      ...TO_OUTSIDE,
      ['return: source subnet network ACL inbound (ephemeral ports)', 'ALLOW', 'Loose: default network ACL', "the subnet uses the VPC's default network ACL, which allows all TCP 1024-3388, 3390-65535 from 198.51.100.10/32"],
    ],
  },
  local: {
    allowed: true,
    pairs: 1,
    steps: [
      ['source subnet network ACL outbound', 'ALLOW', 'PrivateAclOut90', 'entry 90 (PrivateAclOut90) of PrivateAcl allows TCP 443 to 10.0.9.0/24', { ruleNumber: 90 }],
      ['route', 'ALLOW', 'local', "10.0.9.0/24 is inside the VPC (10.0.0.0/16): the route table's implicit local route carries it"],
      ...TO_OUTSIDE,
      ['return: source subnet network ACL inbound (ephemeral ports)', 'ALLOW', 'PrivateAclIn90', 'entry 90 (PrivateAclIn90) of PrivateAcl allows TCP 1024-3388, 3390-65535 from 10.0.9.0/24', { ruleNumber: 90 }],
    ],
  },
  inboundIgw: {
    allowed: true,
    pairs: 1,
    steps: [
      FROM_OUTSIDE[0],
      ['route from the internet: destination subnet route table', 'ALLOW', 'PublicDefault', 'PublicRt of Public sends 198.51.100.10/32 to internet gateway Igw (0.0.0.0/0): the subnet is reachable from the internet, and the replies go back'],
      ['destination subnet network ACL inbound', 'ALLOW', 'PublicAclIn110', 'entry 110 (PublicAclIn110) of PublicAcl allows TCP 443 from 198.51.100.10/32', { ruleNumber: 110 }],
      ['destination security group ingress', 'ALLOW', 'LbSg (inline rule)', 'rule (tcp 443, 0.0.0.0/0) allows TCP 443 from the internet'],
      ['return: destination subnet network ACL outbound (ephemeral ports)', 'ALLOW', 'PublicAclOut120', 'entry 120 (PublicAclOut120) of PublicAcl allows TCP 1024-3388, 3390-65535 to 198.51.100.10/32', { ruleNumber: 120 }],
      FROM_OUTSIDE[1],
      ['destination load balancer listener', 'ALLOW', 'Https', 'listener Https of Lb accepts connections on port 443'],
    ],
  },
  inboundNat: {
    allowed: false,
    pairs: 1,
    steps: [
      FROM_OUTSIDE[0],
      ['route from the internet: destination subnet route table', 'BLOCK', 'PrivateDefault', 'PrivateRt of Private has no route to an internet gateway for 198.51.100.10/32 (it sends 198.51.100.10/32 to NAT gateway Nat (0.0.0.0/0), not to an internet gateway): the internet cannot reach the subnet, and the replies could not go back'],
      ['destination subnet network ACL inbound', 'UNKNOWN', 'PrivateAcl (final deny *)', 'no entry of PrivateAcl allows TCP 443 from 198.51.100.10/32: the final deny (*) applies (entry 130 (PrivateAclIn130) may allow it: PortRange.From is {Ref Port}, which the model cannot resolve)', { resource: 'PrivateAcl' }],
      ['return: destination subnet network ACL outbound (ephemeral ports)', 'BLOCK', 'PrivateAcl (final deny *)', 'no entry of PrivateAcl allows TCP 1024 to 198.51.100.10/32: the final deny (*) applies', { resource: 'PrivateAcl' }],
      FROM_OUTSIDE[1],
    ],
  },
  inboundNone: {
    allowed: false,
    pairs: 1,
    steps: [
      FROM_OUTSIDE[0],
      ['route from the internet: destination subnet route table', 'BLOCK', 'IsolatedRt', 'IsolatedRt has no route to 198.51.100.10/32: the internet cannot reach the subnet, and the replies could not go back'],
      ['destination subnet network ACL inbound', 'ALLOW', 'Isolated: default network ACL', "the subnet uses the VPC's default network ACL, which allows all TCP 443 from 198.51.100.10/32"],
      ['return: destination subnet network ACL outbound (ephemeral ports)', 'ALLOW', 'Isolated: default network ACL', "the subnet uses the VPC's default network ACL, which allows all TCP 1024-3388, 3390-65535 to 198.51.100.10/32"],
      FROM_OUTSIDE[1],
    ],
  },
  inboundOutside: {
    allowed: false,
    pairs: 1,
    steps: [
      FROM_OUTSIDE[0],
      ['route from the internet: destination subnet route table', 'UNKNOWN', 'rtb-0abc (route table outside the template)', "route table rtb-0abc is outside the template: the template's route ImportedDefault sends 198.51.100.10/32 to igw-0abc (0.0.0.0/0), but the table's own routes are unknown and a more specific one may take precedence"],
      ['destination subnet network ACL inbound', 'UNKNOWN', 'acl-0abc (network ACL outside the template)', 'network ACL acl-0abc of subnet Imported is outside the template: whether it allows TCP 443 from 198.51.100.10/32 is unknown, so the flow is not proven'],
      ['return: destination subnet network ACL outbound (ephemeral ports)', 'UNKNOWN', 'acl-0abc (network ACL outside the template)', 'network ACL acl-0abc of subnet Imported is outside the template: whether it allows TCP 1024-3388, 3390-65535 to 198.51.100.10/32 is unknown, so the flow is not proven'],
      FROM_OUTSIDE[1],
    ],
  },
  noListener: {
    allowed: false,
    pairs: 1,
    steps: [
      FROM_OUTSIDE[0],
      ['route from the internet: destination subnet route table', 'ALLOW', 'PublicDefault', 'PublicRt of Public sends 198.51.100.10/32 to internet gateway Igw (0.0.0.0/0): the subnet is reachable from the internet, and the replies go back'],
      ['destination subnet network ACL inbound', 'ALLOW', 'PublicAclIn120', 'entry 120 (PublicAclIn120) of PublicAcl allows TCP 8443 from 198.51.100.10/32', { ruleNumber: 120 }],
      ['destination security group ingress', 'BLOCK', 'LbSg', 'no ingress rule of LbSg allows TCP 8443 from the internet'],
      ['return: destination subnet network ACL outbound (ephemeral ports)', 'ALLOW', 'PublicAclOut120', 'entry 120 (PublicAclOut120) of PublicAcl allows TCP 1024-3388, 3390-65535 to 198.51.100.10/32', { ruleNumber: 120 }],
      FROM_OUTSIDE[1],
      ['destination load balancer listener', 'BLOCK', 'no listener on port 8443', 'Lb has no listener on port 8443 (its listeners are on 80, 443): nothing accepts the connection, whatever its security groups and subnets allow', { resource: 'Lb' }],
    ],
  },
  unresolvedListener: {
    allowed: false,
    pairs: 1,
    steps: [
      FROM_OUTSIDE[0],
      ['route from the internet: destination subnet route table', 'ALLOW', 'PublicDefault', 'PublicRt of Public sends 198.51.100.10/32 to internet gateway Igw (0.0.0.0/0): the subnet is reachable from the internet, and the replies go back'],
      ['destination subnet network ACL inbound', 'ALLOW', 'PublicAclIn120', 'entry 120 (PublicAclIn120) of PublicAcl allows TCP 8443 from 198.51.100.10/32', { ruleNumber: 120 }],
      ['destination security group ingress', 'BLOCK', 'LbSg', 'no ingress rule of LbSg allows TCP 8443 from the internet'],
      ['return: destination subnet network ACL outbound (ephemeral ports)', 'ALLOW', 'PublicAclOut120', 'entry 120 (PublicAclOut120) of PublicAcl allows TCP 1024-3388, 3390-65535 to 198.51.100.10/32', { ruleNumber: 120 }],
      FROM_OUTSIDE[1],
    ],
  },
  gateway: {
    allowed: true,
    pairs: 1,
    steps: [
      FROM_OUTSIDE[0],
      ['route from the internet: destination subnet route table', 'ALLOW', 'PublicDefault', 'PublicRt of Public sends 198.51.100.10/32 to internet gateway Igw (0.0.0.0/0): the subnet is reachable from the internet, and the replies go back'],
      ['destination subnet network ACL inbound', 'ALLOW', 'PublicAclIn120', 'entry 120 (PublicAclIn120) of PublicAcl allows TCP 9999 from 198.51.100.10/32', { ruleNumber: 120 }],
      ['return: destination subnet network ACL outbound (ephemeral ports)', 'ALLOW', 'PublicAclOut120', 'entry 120 (PublicAclOut120) of PublicAcl allows TCP 1024-3388, 3390-65535 to 198.51.100.10/32', { ruleNumber: 120 }],
      FROM_OUTSIDE[1],
    ],
  },
  peerDeny22: {
    allowed: false,
    pairs: 1,
    steps: [
      ['source subnet network ACL outbound', 'BLOCK', 'PrivateAclOut110', 'entry 110 (PrivateAclOut110) denies TCP 22 to 192.168.0.0/24', { ruleNumber: 110, resource: 'PrivateAclOut110' }],
      ['route', 'UNKNOWN', 'PrivatePeer', 'PrivateRt sends 192.168.0.0/24 to peering connection pcx-1 (192.168.0.0/16): peering connection pcx-1 is outside the template, so whether it leads to 192.168.0.0/24 is unknown'],
      ...TO_OUTSIDE,
      ['return: source subnet network ACL inbound (ephemeral ports)', 'ALLOW', 'PrivateAclIn100, PrivateAclIn110', 'entry 100 (PrivateAclIn100), entry 110 (PrivateAclIn110) of PrivateAcl allow TCP 1024-3388, 3390-65535 from 192.168.0.0/24', { ruleNumber: 100 }],
    ],
  },
  peerPartial80: {
    allowed: false,
    pairs: 1,
    steps: [
      ['source subnet network ACL outbound', 'BLOCK', 'PrivateAcl (final deny *)', 'no entry of PrivateAcl allows TCP 80 to 192.168.0.0/16: the final deny (*) applies', { resource: 'PrivateAcl' }],
      ['route', 'UNKNOWN', 'PrivatePeer', 'PrivateRt sends 192.168.0.0/16 to peering connection pcx-1 (192.168.0.0/16): peering connection pcx-1 is outside the template, so whether it leads to 192.168.0.0/16 is unknown'],
      ...TO_OUTSIDE,
      ['return: source subnet network ACL inbound (ephemeral ports)', 'ALLOW', 'PrivateAclIn100, PrivateAclIn110', 'entry 100 (PrivateAclIn100), entry 110 (PrivateAclIn110) of PrivateAcl allow TCP 1024-3388, 3390-65535 from 192.168.0.0/16', { ruleNumber: 100 }],
    ],
  },
  peerPartialDeny: {
    allowed: false,
    pairs: 1,
    steps: [
      ['source subnet network ACL outbound', 'BLOCK', 'PrivateAclOut130', "entry 130 (PrivateAclOut130) denies TCP 8080 to 192.168.0.0/16 (it covers part of the peer's addresses)", { ruleNumber: 130, resource: 'PrivateAclOut130' }],
      ['route', 'UNKNOWN', 'PrivatePeer', 'PrivateRt sends 192.168.0.0/16 to peering connection pcx-1 (192.168.0.0/16): peering connection pcx-1 is outside the template, so whether it leads to 192.168.0.0/16 is unknown'],
      ...TO_OUTSIDE,
      ['return: source subnet network ACL inbound (ephemeral ports)', 'ALLOW', 'PrivateAclIn100, PrivateAclIn110', 'entry 100 (PrivateAclIn100), entry 110 (PrivateAclIn110) of PrivateAcl allow TCP 1024-3388, 3390-65535 from 192.168.0.0/16', { ruleNumber: 100 }],
    ],
  },
  peerOk: {
    allowed: false,
    pairs: 1,
    steps: [
      ['source subnet network ACL outbound', 'ALLOW', 'PrivateAclOut140', 'entry 140 (PrivateAclOut140) of PrivateAcl allows TCP 8080 to 192.168.2.0/24', { ruleNumber: 140 }],
      ['route', 'UNKNOWN', 'PrivatePeer', 'PrivateRt sends 192.168.2.0/24 to peering connection pcx-1 (192.168.0.0/16): peering connection pcx-1 is outside the template, so whether it leads to 192.168.2.0/24 is unknown'],
      ...TO_OUTSIDE,
      ['return: source subnet network ACL inbound (ephemeral ports)', 'ALLOW', 'PrivateAclIn100, PrivateAclIn110', 'entry 100 (PrivateAclIn100), entry 110 (PrivateAclIn110) of PrivateAcl allow TCP 1024-3388, 3390-65535 from 192.168.2.0/24', { ruleNumber: 100 }],
    ],
  },
  udpOnly: {
    allowed: false,
    pairs: 1,
    steps: [
      ['source subnet network ACL outbound', 'BLOCK', 'PrivateAcl (final deny *)', 'no entry of PrivateAcl allows TCP 53 to 192.168.0.0/24: the final deny (*) applies', { resource: 'PrivateAcl' }],
      ['route', 'UNKNOWN', 'PrivatePeer', 'PrivateRt sends 192.168.0.0/24 to peering connection pcx-1 (192.168.0.0/16): peering connection pcx-1 is outside the template, so whether it leads to 192.168.0.0/24 is unknown'],
      ...TO_OUTSIDE,
      ['return: source subnet network ACL inbound (ephemeral ports)', 'ALLOW', 'PrivateAclIn100, PrivateAclIn110', 'entry 100 (PrivateAclIn100), entry 110 (PrivateAclIn110) of PrivateAcl allow TCP 1024-3388, 3390-65535 from 192.168.0.0/24', { ruleNumber: 100 }],
    ],
  },
  groups: {
    allowed: true,
    pairs: 1,
    steps: [
      ['source security group egress', 'ALLOW', 'LbSg (inline rule)', 'rule (tcp 8080, group AppSg) allows TCP 8080 to in Private'],
      ['source subnet network ACL outbound', 'ALLOW', 'PublicAclOut110', 'entry 110 (PublicAclOut110) of PublicAcl allows TCP 8080 to 10.0.1.0/24', { ruleNumber: 110 }],
      ['destination subnet network ACL inbound', 'ALLOW', 'PrivateAclIn90', 'entry 90 (PrivateAclIn90) of PrivateAcl allows TCP 8080 from 10.0.0.0/24', { ruleNumber: 90 }],
      ['destination security group ingress', 'ALLOW', 'AppSg (inline rule)', 'rule (tcp 8080, group LbSg) allows TCP 8080 from load balancer Lb'],
      ['return: destination subnet network ACL outbound (ephemeral ports)', 'ALLOW', 'PrivateAclOut90', 'entry 90 (PrivateAclOut90) of PrivateAcl allows TCP 1024-3388, 3390-65535 to 10.0.0.0/24', { ruleNumber: 90 }],
      ['return: source subnet network ACL inbound (ephemeral ports)', 'ALLOW', 'PublicAclIn100', 'entry 100 (PublicAclIn100) of PublicAcl allows TCP 1024-3388, 3390-65535 from 10.0.1.0/24', { ruleNumber: 100 }],
    ],
  },
  groupsNotes: {
    allowed: false,
    pairs: 1,
    steps: [
      FROM_OUTSIDE[0],
      ['route from the internet: destination subnet route table', 'BLOCK', 'PrivateDefault', 'PrivateRt of Private has no route to an internet gateway for 198.51.100.10/32 (it sends 198.51.100.10/32 to NAT gateway Nat (0.0.0.0/0), not to an internet gateway): the internet cannot reach the subnet, and the replies could not go back'],
      ['destination subnet network ACL inbound', 'ALLOW', 'PrivateAclIn110', 'entry 110 (PrivateAclIn110) of PrivateAcl allows TCP 9000 from 198.51.100.10/32', { ruleNumber: 110 }],
      ['destination security group ingress', 'UNKNOWN', 'AppSg', 'whether TCP 9000 from the internet is allowed is unknown: no ingress rule of AppSg allows TCP 9000 from the internet (AppSg names {Ref Open}, which cannot be compared with 198.51.100.10/32; AppSg: FromPort is {Ref Port}, which the model cannot resolve)'],
      ['return: destination subnet network ACL outbound (ephemeral ports)', 'BLOCK', 'PrivateAcl (final deny *)', 'no entry of PrivateAcl allows TCP 1024 to 198.51.100.10/32: the final deny (*) applies', { resource: 'PrivateAcl' }],
      FROM_OUTSIDE[1],
    ],
  },
  prefixList: {
    allowed: false,
    pairs: 1,
    steps: [
      FROM_OUTSIDE[0],
      ['route from the internet: destination subnet route table', 'BLOCK', 'PrivateDefault', 'PrivateRt of Private has no route to an internet gateway for 198.51.100.10/32 (it sends 198.51.100.10/32 to NAT gateway Nat (0.0.0.0/0), not to an internet gateway): the internet cannot reach the subnet, and the replies could not go back'],
      ['destination subnet network ACL inbound', 'ALLOW', 'PrivateAclIn110', 'entry 110 (PrivateAclIn110) of PrivateAcl allows TCP 9100 from 198.51.100.10/32', { ruleNumber: 110 }],
      ['destination security group ingress', 'UNKNOWN', 'AppSg', 'whether TCP 9100 from the internet is allowed is unknown: no ingress rule of AppSg allows TCP 9100 from the internet (AppSg names prefix list pl-1, which is opaque here; AppSg: FromPort is {Ref Port}, which the model cannot resolve)'],
      ['return: destination subnet network ACL outbound (ephemeral ports)', 'BLOCK', 'PrivateAcl (final deny *)', 'no entry of PrivateAcl allows TCP 1024 to 198.51.100.10/32: the final deny (*) applies', { resource: 'PrivateAcl' }],
      FROM_OUTSIDE[1],
    ],
  },
  partnerUnknown: {
    allowed: false,
    pairs: 1,
    steps: [
      ['source security group egress', 'UNKNOWN', 'x', 'whether TCP 9200 to in Private is allowed is unknown: x is outside the template (its rules are unknown)'],
      FROM_OUTSIDE[0],
      ['destination subnet network ACL inbound', 'ALLOW', 'PrivateAclIn110', 'entry 110 (PrivateAclIn110) of PrivateAcl allows TCP 9200 from tasks', { ruleNumber: 110 }],
      ['destination security group ingress', 'UNKNOWN', 'AppSg', 'whether TCP 9200 from tasks is allowed is unknown: no ingress rule of AppSg allows TCP 9200 from tasks (AppSg: FromPort is {Ref Port}, which the model cannot resolve; AppSg names sg-partner; whether tasks is in it is unknown)'],
      ['return: destination subnet network ACL outbound (ephemeral ports)', 'UNKNOWN', 'PrivateAcl (final deny *)', 'no entry of PrivateAcl allows TCP 1024 to tasks: the final deny (*) applies (entry 90 (PrivateAclOut90) allows 10.0.0.0/16, which cannot be compared with tasks)', { resource: 'PrivateAcl' }],
      FROM_OUTSIDE[1],
    ],
  },
  outsideGroup: {
    allowed: false,
    pairs: 1,
    steps: [
      FROM_OUTSIDE[0],
      ['route from the internet: destination subnet route table', 'BLOCK', 'PrivateDefault', 'PrivateRt of Private has no route to an internet gateway for 198.51.100.10/32 (it sends 198.51.100.10/32 to NAT gateway Nat (0.0.0.0/0), not to an internet gateway): the internet cannot reach the subnet, and the replies could not go back'],
      ['destination subnet network ACL inbound', 'ALLOW', 'PrivateAclIn110', 'entry 110 (PrivateAclIn110) of PrivateAcl allows TCP 7000 from 198.51.100.10/32', { ruleNumber: 110 }],
      ['destination security group ingress', 'UNKNOWN', 'sg-1, AppSg', 'whether TCP 7000 from the internet is allowed is unknown: sg-1 is outside the template (its rules are unknown), and no ingress rule of AppSg allows TCP 7000 from the internet (AppSg: FromPort is {Ref Port}, which the model cannot resolve)'],
      ['return: destination subnet network ACL outbound (ephemeral ports)', 'BLOCK', 'PrivateAcl (final deny *)', 'no entry of PrivateAcl allows TCP 1024 to 198.51.100.10/32: the final deny (*) applies', { resource: 'PrivateAcl' }],
      FROM_OUTSIDE[1],
    ],
  },
  outsideGroups: {
    allowed: false,
    pairs: 1,
    steps: [
      FROM_OUTSIDE[0],
      ['route from the internet: destination subnet route table', 'BLOCK', 'PrivateDefault', 'PrivateRt of Private has no route to an internet gateway for 198.51.100.10/32 (it sends 198.51.100.10/32 to NAT gateway Nat (0.0.0.0/0), not to an internet gateway): the internet cannot reach the subnet, and the replies could not go back'],
      ['destination subnet network ACL inbound', 'ALLOW', 'PrivateAclIn110', 'entry 110 (PrivateAclIn110) of PrivateAcl allows TCP 7000 from 198.51.100.10/32', { ruleNumber: 110 }],
      ['destination security group ingress', 'UNKNOWN', 'sg-1, sg-2', 'whether TCP 7000 from the internet is allowed is unknown: sg-1, sg-2 are outside the template (their rules are unknown)'],
      ['return: destination subnet network ACL outbound (ephemeral ports)', 'BLOCK', 'PrivateAcl (final deny *)', 'no entry of PrivateAcl allows TCP 1024 to 198.51.100.10/32: the final deny (*) applies', { resource: 'PrivateAcl' }],
      FROM_OUTSIDE[1],
    ],
  },
  implicit: {
    allowed: true,
    pairs: 1,
    steps: [
      ['source security group egress', 'ALLOW', 'OpenSg (CloudFormation default egress: no egress rule declared)', 'rule (all traffic, 0.0.0.0/0) allows TCP 443 to the internet'],
      ['source subnet network ACL outbound', 'ALLOW', 'PublicAclOut100', 'entry 100 (PublicAclOut100) of PublicAcl allows TCP 443 to 198.51.100.10/32', { ruleNumber: 100 }],
      ['route', 'ALLOW', 'PublicDefault', 'PublicRt sends 198.51.100.10/32 to internet gateway Igw (0.0.0.0/0)'],
      ...TO_OUTSIDE,
      ['return: source subnet network ACL inbound (ephemeral ports)', 'ALLOW', 'PublicAclIn120', 'entry 120 (PublicAclIn120) of PublicAcl allows TCP 1024-3388, 3390-65535 from 198.51.100.10/32', { ruleNumber: 120 }],
    ],
  },
  separate: {
    allowed: true,
    pairs: 1,
    steps: [
      ['source security group egress', 'ALLOW', 'AppSgOut', 'rule (all traffic, 0.0.0.0/0) allows TCP 443 to the internet'],
      ['source subnet network ACL outbound', 'ALLOW', 'PrivateAclOut100', 'entry 100 (PrivateAclOut100) of PrivateAcl allows TCP 443 to 198.51.100.10/32', { ruleNumber: 100 }],
      ['route', 'ALLOW', 'PrivateDefault', 'PrivateRt sends 198.51.100.10/32 to NAT gateway Nat (0.0.0.0/0)'],
      ["NAT gateway Nat: its subnet's network ACL inbound (request)", 'ALLOW', 'PublicAclIn110', 'entry 110 (PublicAclIn110) of PublicAcl allows TCP 443 from 10.0.1.0/24', { ruleNumber: 110 }],
      ["NAT gateway Nat: its subnet's network ACL outbound (request)", 'ALLOW', 'PublicAclOut100', 'entry 100 (PublicAclOut100) of PublicAcl allows TCP 443 to 198.51.100.10/32', { ruleNumber: 100 }],
      ["NAT gateway Nat: its subnet's network ACL inbound (replies, ephemeral ports)", 'ALLOW', 'PublicAclIn120', 'entry 120 (PublicAclIn120) of PublicAcl allows TCP 1024-3388, 3390-65535 from 198.51.100.10/32', { ruleNumber: 120 }],
      ["NAT gateway Nat: its subnet's network ACL outbound (replies, ephemeral ports)", 'ALLOW', 'PublicAclOut110', 'entry 110 (PublicAclOut110) of PublicAcl allows TCP 1024-3388, 3390-65535 to 10.0.1.0/24', { ruleNumber: 110 }],
      ["NAT gateway Nat: its own way out (its subnet's route table)", 'ALLOW', 'PublicDefault', 'PublicRt sends 198.51.100.10/32 to internet gateway Igw (0.0.0.0/0)'],
      ...TO_OUTSIDE,
      ['return: source subnet network ACL inbound (ephemeral ports)', 'ALLOW', 'PrivateAclIn100, PrivateAclIn110', 'entry 100 (PrivateAclIn100), entry 110 (PrivateAclIn110) of PrivateAcl allow TCP 1024-3388, 3390-65535 from 198.51.100.10/32', { ruleNumber: 100 }],
    ],
  },
  custom: {
    allowed: true,
    pairs: 1,
    steps: [
      ['source subnet network ACL outbound', 'ALLOW', 'PrivateAclOut100', 'entry 100 (PrivateAclOut100) of PrivateAcl allows TCP 443 to 198.51.100.10/32', { ruleNumber: 100 }],
      ['route', 'ALLOW', 'PrivateDefault', 'PrivateRt sends 198.51.100.10/32 to NAT gateway Nat (0.0.0.0/0)'],
      ["NAT gateway Nat: its subnet's network ACL inbound (request)", 'ALLOW', 'PublicAclIn110', 'entry 110 (PublicAclIn110) of PublicAcl allows TCP 443 from 10.0.1.0/24', { ruleNumber: 110 }],
      ["NAT gateway Nat: its subnet's network ACL outbound (request)", 'ALLOW', 'PublicAclOut100', 'entry 100 (PublicAclOut100) of PublicAcl allows TCP 443 to 198.51.100.10/32', { ruleNumber: 100 }],
      ["NAT gateway Nat: its subnet's network ACL inbound (replies, ephemeral ports)", 'ALLOW', 'PublicAclIn120', 'entry 120 (PublicAclIn120) of PublicAcl allows TCP 1024-65535 from 198.51.100.10/32', { ruleNumber: 120 }],
      ["NAT gateway Nat: its subnet's network ACL outbound (replies, ephemeral ports)", 'ALLOW', 'PublicAclOut110', 'entry 110 (PublicAclOut110) of PublicAcl allows TCP 1024-65535 to 10.0.1.0/24', { ruleNumber: 110 }],
      ["NAT gateway Nat: its own way out (its subnet's route table)", 'ALLOW', 'PublicDefault', 'PublicRt sends 198.51.100.10/32 to internet gateway Igw (0.0.0.0/0)'],
      ...TO_OUTSIDE,
      ['return: source subnet network ACL inbound (ephemeral ports)', 'ALLOW', 'PrivateAclIn100, PrivateAclIn110', 'entry 100 (PrivateAclIn100), entry 110 (PrivateAclIn110) of PrivateAcl allow TCP 1024-65535 from 198.51.100.10/32', { ruleNumber: 100 }],
    ],
  },
  externalSubnet: {
    allowed: true,
    pairs: 1,
    steps: [
      ['source subnet network ACL outbound', 'ALLOW', 'PrivateAclOut90', 'entry 90 (PrivateAclOut90) of PrivateAcl allows TCP 443 to 10.0.0.0/24', { ruleNumber: 90 }],
      ['destination subnet network ACL inbound', 'ALLOW', 'PublicAclIn110', 'entry 110 (PublicAclIn110) of PublicAcl allows TCP 443 from 10.0.0.0/16', { ruleNumber: 110 }],
      ['destination security group ingress', 'ALLOW', 'LbSg (inline rule)', 'rule (tcp 443, 0.0.0.0/0) allows TCP 443 from in subnet-0aa'],
      ['return: destination subnet network ACL outbound (ephemeral ports)', 'ALLOW', 'PublicAclOut110', 'entry 110 (PublicAclOut110) of PublicAcl allows TCP 1024-3388, 3390-65535 to 10.0.0.0/16', { ruleNumber: 110 }],
      ['return: source subnet network ACL inbound (ephemeral ports)', 'ALLOW', 'PrivateAclIn90', 'entry 90 (PrivateAclIn90) of PrivateAcl allows TCP 1024-3388, 3390-65535 from 10.0.0.0/24', { ruleNumber: 90 }],
      ['destination load balancer listener', 'ALLOW', 'Https', 'listener Https of Lb accepts connections on port 443'],
    ],
  },
  pairsUnproven: {
    allowed: false,
    pairs: 2,
    steps: [
      ['source subnet network ACL outbound', 'UNKNOWN', 'acl-0abc (network ACL outside the template)', 'network ACL acl-0abc of subnet Imported is outside the template: whether it allows TCP 443 to 198.51.100.10/32 is unknown, so the flow is not proven'],
      ['route', 'UNKNOWN', 'rtb-0abc (route table outside the template)', "route table rtb-0abc is outside the template: the template's route ImportedDefault sends 198.51.100.10/32 to igw-0abc (0.0.0.0/0), but the table's own routes are unknown and a more specific one may take precedence"],
      ...TO_OUTSIDE,
      ['return: source subnet network ACL inbound (ephemeral ports)', 'UNKNOWN', 'acl-0abc (network ACL outside the template)', 'network ACL acl-0abc of subnet Imported is outside the template: whether it allows TCP 1024-3388, 3390-65535 from 198.51.100.10/32 is unknown, so the flow is not proven'],
    ],
  },
  pairsBlocked: {
    allowed: false,
    pairs: 2,
    steps: [
      ['source subnet network ACL outbound', 'ALLOW', 'Isolated: default network ACL', "the subnet uses the VPC's default network ACL, which allows all TCP 443 to 198.51.100.10/32"],
      ['route', 'BLOCK', 'IsolatedRt', 'IsolatedRt has no route to 198.51.100.10/32'],
      ...TO_OUTSIDE,
      ['return: source subnet network ACL inbound (ephemeral ports)', 'ALLOW', 'Isolated: default network ACL', "the subnet uses the VPC's default network ACL, which allows all TCP 1024-3388, 3390-65535 from 198.51.100.10/32"],
    ],
  },
  byLabel: {
    allowed: false,
    pairs: 1,
    steps: [
      FROM_OUTSIDE[0],
      ['route from the internet: destination subnet route table', 'ALLOW', 'PublicDefault', 'PublicRt of Public sends 198.51.100.10/32 to internet gateway Igw (0.0.0.0/0): the subnet is reachable from the internet, and the replies go back'],
      ['destination subnet network ACL inbound', 'ALLOW', 'PublicAclIn120', 'entry 120 (PublicAclIn120) of PublicAcl allows TCP 8443 from 198.51.100.10/32', { ruleNumber: 120 }],
      ['destination security group ingress', 'BLOCK', 'LbSg', 'no ingress rule of LbSg allows TCP 8443 from the internet'],
      ['return: destination subnet network ACL outbound (ephemeral ports)', 'ALLOW', 'PublicAclOut120', 'entry 120 (PublicAclOut120) of PublicAcl allows TCP 1024-3388, 3390-65535 to 198.51.100.10/32', { ruleNumber: 120 }],
      FROM_OUTSIDE[1],
      ['destination load balancer listener', 'BLOCK', 'no listener on port 8443', 'Lb has no listener on port 8443 (its listeners are on 80, 443): nothing accepts the connection, whatever its security groups and subnets allow', { resource: 'Lb' }],
    ],
  },
  notByLabel: {
    allowed: false,
    pairs: 1,
    steps: [
      FROM_OUTSIDE[0],
      ['route from the internet: destination subnet route table', 'ALLOW', 'PublicDefault', 'PublicRt of Public sends 198.51.100.10/32 to internet gateway Igw (0.0.0.0/0): the subnet is reachable from the internet, and the replies go back'],
      ['destination subnet network ACL inbound', 'ALLOW', 'PublicAclIn120', 'entry 120 (PublicAclIn120) of PublicAcl allows TCP 8443 from 198.51.100.10/32', { ruleNumber: 120 }],
      ['destination security group ingress', 'UNKNOWN', 'AppSg', 'whether TCP 8443 from the internet is allowed is unknown: no ingress rule of AppSg allows TCP 8443 from the internet (AppSg: FromPort is {Ref Port}, which the model cannot resolve)'],
      ['return: destination subnet network ACL outbound (ephemeral ports)', 'ALLOW', 'PublicAclOut120', 'entry 120 (PublicAclOut120) of PublicAcl allows TCP 1024-3388, 3390-65535 to 198.51.100.10/32', { ruleNumber: 120 }],
      FROM_OUTSIDE[1],
    ],
  },
  sameSubnet: {
    allowed: true,
    pairs: 1,
    steps: [
      withinSubnet('source subnet network ACL outbound'),
      withinSubnet('destination subnet network ACL inbound'),
      withinSubnet('return: destination subnet network ACL outbound (ephemeral ports)'),
      withinSubnet('return: source subnet network ACL inbound (ephemeral ports)'),
    ],
  },
  unknownSubnet: {
    allowed: false,
    pairs: 1,
    steps: [
      ['source subnet network ACL outbound', 'ALLOW', 'PrivateAclOut100', 'entry 100 (PrivateAclOut100) of PrivateAcl allows TCP 443 to subnet-9.CidrBlock', { ruleNumber: 100 }],
      ['route', 'UNKNOWN', 'subnet-9 (VPC unknown)',
        "the template does not say which VPC subnet-9 is in: whether Private's traffic to subnet-9.CidrBlock takes the local route of Vpc or a route out of the VPC (and which) is unknown"],
      ['destination subnet network ACL inbound', 'UNKNOWN', 'subnet-9', 'subnet subnet-9 is not in the template: its network ACL cannot be checked'],
      ['return: destination subnet network ACL outbound (ephemeral ports)', 'UNKNOWN', 'subnet-9', 'subnet subnet-9 is not in the template: its network ACL cannot be checked'],
      ['return: source subnet network ACL inbound (ephemeral ports)', 'ALLOW', 'PrivateAclIn100, PrivateAclIn110', 'entry 100 (PrivateAclIn100), entry 110 (PrivateAclIn110) of PrivateAcl allow TCP 1024-3388, 3390-65535 from subnet-9.CidrBlock', { ruleNumber: 100 }],
    ],
  },
  classic: {
    allowed: false,
    pairs: 1,
    steps: [
      ['source security group egress', 'BLOCK', 'LbSg', 'no egress rule of LbSg allows TCP 8080 to in Private'],
      ['source subnet network ACL outbound', 'ALLOW', 'PublicAclOut110', 'entry 110 (PublicAclOut110) of PublicAcl allows TCP 8080 to 10.0.1.0/24', { ruleNumber: 110 }],
      ['destination subnet network ACL inbound', 'ALLOW', 'PrivateAclIn90', 'entry 90 (PrivateAclIn90) of PrivateAcl allows TCP 8080 from 10.0.0.0/24', { ruleNumber: 90 }],
      ['destination security group ingress', 'ALLOW', 'WebSg (inline rule)', 'rule (tcp 8000-8999, group Elb) allows TCP 8080 from load balancer Elb'],
      ['return: destination subnet network ACL outbound (ephemeral ports)', 'ALLOW', 'PrivateAclOut90', 'entry 90 (PrivateAclOut90) of PrivateAcl allows TCP 1024-3388, 3390-65535 to 10.0.0.0/24', { ruleNumber: 90 }],
      ['return: source subnet network ACL inbound (ephemeral ports)', 'ALLOW', 'PublicAclIn100', 'entry 100 (PublicAclIn100) of PublicAcl allows TCP 1024-3388, 3390-65535 from 10.0.1.0/24', { ruleNumber: 100 }],
    ],
  },
};

function row(s: StepResult): Row {
  const verdict = s.allowed ? 'ALLOW' : s.unknown ? 'UNKNOWN' : 'BLOCK';
  const extra = {
    ...(s.ruleNumber !== undefined ? { ruleNumber: s.ruleNumber } : {}),
    ...(s.resource !== undefined ? { resource: s.resource } : {}),
  };
  return Object.keys(extra).length > 0 ? [s.name, verdict, s.decidedBy, s.detail, extra] : [s.name, verdict, s.decidedBy, s.detail];
}

describe('Reachability.evaluate', () => {
  test('every case has its expectation', () => {
    expect(Object.keys(EXPECTED)).toEqual(Object.keys(CASES));
  });

  test.each(Object.entries(CASES))('%s', (key, [, src, dst, port, r]) => {
    // WHEN
    const result = (r ?? reach).evaluate(src, dst, port);

    // THEN
    expect({ allowed: result.allowed, pairs: result.pairsChecked, steps: result.steps.map(row) }).toEqual(EXPECTED[key]);
  });
});

describe('Reachability.addressIn', () => {
  test('a subnet\'s CIDR; an imported subnet of a known VPC has the VPC\'s; a subnet not named has a symbol; no subnet, the end\'s address', () => {
    expect(reach.addressIn(inSubnet('Private'), 'Private')).toEqual(address('10.0.1.0/24'));
    expect(reach.addressIn(inSubnet('subnet-0aa'), 'subnet-0aa')).toEqual(address('10.0.0.0/16'));
    expect(reach.addressIn(inSubnet('Imported'), 'subnet-9')).toEqual(symbol('subnet-9.CidrBlock'));
    expect(reach.addressIn(inSubnet('Private'), undefined)).toEqual(symbol('x Private'));
  });
});
