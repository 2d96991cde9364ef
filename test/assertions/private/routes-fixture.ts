/**
 * A template for the route tests of the engine: three VPCs (A with a secondary block, B and C), a
 * peering between A and B and one between B and C, and in A every kind of route target. No network
 * ACL association anywhere (every subnet on its VPC's default ACL) and no groups: the routes decide.
 */
const vpc = (id: string, cidr: string) => ({ [id]: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: cidr } } });
const table = (id: string, vpcId: string) => ({ [id]: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: { Ref: vpcId } } } });
const subnet = (id: string, vpcId: string, cidr: string, tableId?: string) => ({
  [id]: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: vpcId }, CidrBlock: cidr } },
  ...(tableId ? { [`${id}Assoc`]: { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { SubnetId: { Ref: id }, RouteTableId: { Ref: tableId } } } } : {}),
});
const ref = (id: string) => (/^[a-z]+-/.test(id) ? id : { Ref: id });
const route = (id: string, tableId: string, dest: string, property: string, target: string) => ({
  [id]: { Type: 'AWS::EC2::Route', Properties: { RouteTableId: { Ref: tableId }, DestinationCidrBlock: dest, [property]: ref(target) } },
});
const nat = (id: string, subnetId: string, connectivity?: string) => ({
  [id]: { Type: 'AWS::EC2::NatGateway', Properties: { SubnetId: { Ref: subnetId }, ...(connectivity ? { ConnectivityType: connectivity } : {}) } },
});

export const ROUTES_TEMPLATE = {
  Resources: {
    ...vpc('VpcA', '10.0.0.0/16'),
    ...vpc('VpcB', '10.1.0.0/16'),
    ...vpc('VpcC', '10.2.0.0/16'),
    SecondBlock: { Type: 'AWS::EC2::VPCCidrBlock', Properties: { VpcId: { Ref: 'VpcA' }, CidrBlock: '100.64.0.0/16' } },
    Igw: { Type: 'AWS::EC2::InternetGateway', Properties: {} },
    Vgw: { Type: 'AWS::EC2::VPNGateway', Properties: { Type: 'ipsec.1' } },
    PcxAB: { Type: 'AWS::EC2::VPCPeeringConnection', Properties: { VpcId: { Ref: 'VpcA' }, PeerVpcId: { Ref: 'VpcB' } } },
    PcxBC: { Type: 'AWS::EC2::VPCPeeringConnection', Properties: { VpcId: { Ref: 'VpcB' }, PeerVpcId: { Ref: 'VpcC' } } },

    // A's public subnet: the internet, the peering to B, the wrong peering for C, a transit gateway, a VPN, an appliance in the VPC
    ...table('PublicRt', 'VpcA'),
    ...route('PublicDefault', 'PublicRt', '0.0.0.0/0', 'GatewayId', 'Igw'),
    ...route('PublicToB', 'PublicRt', '10.1.0.0/16', 'VpcPeeringConnectionId', 'PcxAB'),
    ...route('PublicToC', 'PublicRt', '10.2.0.0/16', 'VpcPeeringConnectionId', 'PcxBC'),
    ...route('PublicToTgw', 'PublicRt', '10.9.0.0/16', 'TransitGatewayId', 'tgw-0abc'),
    ...route('PublicToVpn', 'PublicRt', '172.16.0.0/16', 'GatewayId', 'Vgw'),
    ...route('PublicToAppliance', 'PublicRt', '10.0.5.0/24', 'NetworkInterfaceId', 'eni-0abc'),
    ...subnet('Public', 'VpcA', '10.0.0.0/24', 'PublicRt'),
    ...subnet('Inspected', 'VpcA', '10.0.5.0/24', 'PublicRt'),
    ...subnet('Second', 'VpcA', '100.64.1.0/24', 'PublicRt'),

    // A's private subnets: through a public NAT gateway, one whose subnet has no way out, a private one
    ...nat('Nat', 'Public'),
    ...table('PrivateRt', 'VpcA'),
    ...route('PrivateDefault', 'PrivateRt', '0.0.0.0/0', 'NatGatewayId', 'Nat'),
    ...subnet('Private', 'VpcA', '10.0.1.0/24', 'PrivateRt'),
    ...table('StuckRt', 'VpcA'),
    ...subnet('Stuck', 'VpcA', '10.0.2.0/24', 'StuckRt'),
    ...nat('StuckNat', 'Stuck'),
    ...table('BehindStuckRt', 'VpcA'),
    ...route('BehindStuckDefault', 'BehindStuckRt', '0.0.0.0/0', 'NatGatewayId', 'StuckNat'),
    ...subnet('BehindStuck', 'VpcA', '10.0.3.0/24', 'BehindStuckRt'),
    ...nat('PrivateNat', 'Public', 'private'),
    ...table('ViaPrivateNatRt', 'VpcA'),
    ...route('ViaPrivateNatDefault', 'ViaPrivateNatRt', '0.0.0.0/0', 'NatGatewayId', 'PrivateNat'),
    ...subnet('ViaPrivateNat', 'VpcA', '10.0.4.0/24', 'ViaPrivateNatRt'),

    // A's odd subnet: the internet through the peering, and targets of other kinds
    ...table('OddRt', 'VpcA'),
    ...route('OddDefault', 'OddRt', '0.0.0.0/0', 'VpcPeeringConnectionId', 'PcxAB'),
    ...route('OddCarrier', 'OddRt', '203.0.113.0/24', 'CarrierGatewayId', 'cagw-0abc'),
    ...route('OddLocalGateway', 'OddRt', '192.0.2.0/24', 'LocalGatewayId', 'lgw-0abc'),
    ...route('OddEgressOnly', 'OddRt', '198.18.0.0/15', 'EgressOnlyInternetGatewayId', 'eigw-0abc'),
    ...subnet('Odd', 'VpcA', '10.0.6.0/24', 'OddRt'),

    // A's subnet without an association: the VPC's main route table
    ...subnet('Loose', 'VpcA', '10.0.7.0/24'),

    // B: one subnet routes back to A through the peering, one does not
    ...table('BackRt', 'VpcB'),
    ...route('BackToA', 'BackRt', '10.0.0.0/16', 'VpcPeeringConnectionId', 'PcxAB'),
    ...subnet('B1', 'VpcB', '10.1.0.0/24', 'BackRt'),
    ...table('NoBackRt', 'VpcB'),
    ...subnet('B2', 'VpcB', '10.1.1.0/24', 'NoBackRt'),

    // C routes A through the B-C peering (no transitive peering)
    ...table('CRt', 'VpcC'),
    ...route('CToA', 'CRt', '10.0.0.0/16', 'VpcPeeringConnectionId', 'PcxBC'),
    ...subnet('C1', 'VpcC', '10.2.0.0/24', 'CRt'),

    // an imported subnet, named by a NAT gateway only
    ImportedNat: { Type: 'AWS::EC2::NatGateway', Properties: { SubnetId: 'subnet-0imp' } },
  },
};
