import { address, symbol } from '../../../../src/assertions/private/addresses';
import { TemplateReader } from '../../../../src/assertions/private/reader';

const GROUP = (id: string) => ({ 'Fn::GetAtt': [id, 'GroupId'] });

describe('VPCs and subnets', () => {
  test('reads VPC CIDRs (a symbol where not literal) and subnets with their VPC, CIDR, ACL and route table', () => {
    // GIVEN
    const t = new TemplateReader({
      Resources: {
        Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
        Ipam: { Type: 'AWS::EC2::VPC', Properties: { Ipv4IpamPoolId: 'ipam-pool-1' } },
        A: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.1.0/24' } },
        B: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Ipam' }, CidrBlock: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] } } },
        C: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: 'vpc-0abc' } },
        Acl: { Type: 'AWS::EC2::NetworkAcl', Properties: { VpcId: { Ref: 'Vpc' } } },
        Rt: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: { Ref: 'Vpc' } } },
        AclA: { Type: 'AWS::EC2::SubnetNetworkAclAssociation', Properties: { SubnetId: { Ref: 'A' }, NetworkAclId: { Ref: 'Acl' } } },
        RtA: { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { SubnetId: { Ref: 'A' }, RouteTableId: { Ref: 'Rt' } } },
        AclC: { Type: 'AWS::EC2::SubnetNetworkAclAssociation', Properties: { SubnetId: { Ref: 'C' }, NetworkAclId: 'acl-0abc' } },
        Broken: { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { SubnetId: { Ref: 'B' } } },
      },
    });

    // THEN
    expect([...t.vpcs]).toEqual([['Vpc', address('10.0.0.0/16')], ['Ipam', symbol('Ipam.CidrBlock')]]);
    expect([...t.subnets.values()]).toEqual([
      { id: 'A', vpc: 'Vpc', cidr: address('10.0.1.0/24'), acl: 'Acl', routeTable: 'Rt' },
      { id: 'B', vpc: 'Ipam', cidr: symbol('{Select 0 {GetAZs }}'), acl: 'Ipam.DefaultNetworkAcl', routeTable: undefined },
      { id: 'C', vpc: undefined, cidr: symbol('C.CidrBlock'), acl: 'acl-0abc', routeTable: undefined },
    ]);
  });

  test('a subnet the template names only by literal id is a subnet of the model, outside, with the VPC of what names it', () => {
    // GIVEN: an imported VPC's subnets, named by each kind of resource that names subnets
    const t = new TemplateReader({
      Resources: {
        Acl: { Type: 'AWS::EC2::NetworkAcl', Properties: { VpcId: 'vpc-acl' } },
        Rt: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: 'vpc-rt' } },
        AclAssoc: { Type: 'AWS::EC2::SubnetNetworkAclAssociation', Properties: { SubnetId: 'subnet-acl', NetworkAclId: { Ref: 'Acl' } } },
        RtAssoc: { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { SubnetId: 'subnet-rt', RouteTableId: { Ref: 'Rt' } } },
        Nat: { Type: 'AWS::EC2::NatGateway', Properties: { SubnetId: 'subnet-nat' } },
        LbSg: { Type: 'AWS::EC2::SecurityGroup', Properties: { VpcId: 'vpc-lb' } },
        Lb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { SecurityGroups: ['sg-x', GROUP('LbSg')], Subnets: ['subnet-lb'], SubnetMappings: [{ SubnetId: 'subnet-map' }] } },
        Nlb: {
          Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
          Metadata: { 'cdk-secure-alb:intent': { vpcId: 'vpc-intent' } },
          Properties: { Type: 'network', Subnets: ['subnet-nlb'] },
        },
        ClassicSg: { Type: 'AWS::EC2::SecurityGroup', Properties: { VpcId: 'vpc-classic' } },
        Classic: { Type: 'AWS::ElasticLoadBalancing::LoadBalancer', Properties: { Subnets: ['subnet-classic'], SecurityGroups: [GROUP('ClassicSg')] } },
        TaskSg: { Type: 'AWS::EC2::SecurityGroup', Properties: { VpcId: 'vpc-ecs' } },
        Service: { Type: 'AWS::ECS::Service', Properties: { NetworkConfiguration: { AwsvpcConfiguration: { Subnets: ['subnet-ecs'], SecurityGroups: [GROUP('TaskSg')] } } } },
        AsgSg: { Type: 'AWS::EC2::SecurityGroup', Properties: { VpcId: 'vpc-asg' } },
        Lc: { Type: 'AWS::AutoScaling::LaunchConfiguration', Properties: { SecurityGroups: [{ Ref: 'AsgSg' }] } },
        Asg: { Type: 'AWS::AutoScaling::AutoScalingGroup', Properties: { LaunchConfigurationName: { Ref: 'Lc' }, VPCZoneIdentifier: ['subnet-asg'] } },
        WebSg: { Type: 'AWS::EC2::SecurityGroup', Properties: { VpcId: 'vpc-web' } },
        Web: { Type: 'AWS::EC2::Instance', Properties: { SubnetId: 'subnet-web', SecurityGroupIds: [GROUP('WebSg')] } },
        Eni: { Type: 'AWS::EC2::Instance', Properties: { NetworkInterfaces: [{ SubnetId: 'subnet-eni', GroupSet: ['sg-1'] }] } },
      },
    });

    // THEN
    expect([...t.subnets.values()].map((s) => [s.id, s.vpc, s.outside, s.acl, s.routeTable, s.cidr])).toEqual([
      ['subnet-acl', 'vpc-acl', true, 'Acl', undefined, symbol('subnet-acl.CidrBlock')],
      ['subnet-rt', 'vpc-rt', true, undefined, 'Rt', symbol('subnet-rt.CidrBlock')],
      ['subnet-nat', undefined, true, undefined, undefined, symbol('subnet-nat.CidrBlock')],
      ['subnet-lb', 'vpc-lb', true, undefined, undefined, symbol('subnet-lb.CidrBlock')],
      ['subnet-map', 'vpc-lb', true, undefined, undefined, symbol('subnet-map.CidrBlock')],
      ['subnet-nlb', 'vpc-intent', true, undefined, undefined, symbol('subnet-nlb.CidrBlock')],
      ['subnet-classic', 'vpc-classic', true, undefined, undefined, symbol('subnet-classic.CidrBlock')],
      ['subnet-ecs', 'vpc-ecs', true, undefined, undefined, symbol('subnet-ecs.CidrBlock')],
      ['subnet-asg', 'vpc-asg', true, undefined, undefined, symbol('subnet-asg.CidrBlock')],
      ['subnet-web', 'vpc-web', true, undefined, undefined, symbol('subnet-web.CidrBlock')],
      ['subnet-eni', undefined, true, undefined, undefined, symbol('subnet-eni.CidrBlock')],
    ]);
  });

  test('a subnet named twice takes the VPC of the first resource that says one', () => {
    // GIVEN
    const t = new TemplateReader({
      Resources: {
        Nat: { Type: 'AWS::EC2::NatGateway', Properties: { SubnetId: 'subnet-1' } },
        Acl: { Type: 'AWS::EC2::NetworkAcl', Properties: { VpcId: 'vpc-first' } },
        Rt: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: 'vpc-second' } },
        AclAssoc: { Type: 'AWS::EC2::SubnetNetworkAclAssociation', Properties: { SubnetId: 'subnet-1', NetworkAclId: { Ref: 'Acl' } } },
        RtAssoc: { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { SubnetId: 'subnet-1', RouteTableId: { Ref: 'Rt' } } },
      },
    });

    // THEN
    expect(t.subnets.get('subnet-1')).toEqual({ id: 'subnet-1', vpc: 'vpc-first', cidr: symbol('subnet-1.CidrBlock'), acl: 'Acl', routeTable: 'Rt', outside: true });
  });

  test('an ECS service without awsvpc networking and an auto scaling group whose launch template is elsewhere name subnets without a VPC', () => {
    // GIVEN
    const t = new TemplateReader({
      Resources: {
        Service: { Type: 'AWS::ECS::Service', Properties: {} },
        Asg: { Type: 'AWS::AutoScaling::AutoScalingGroup', Properties: { LaunchTemplate: { LaunchTemplateId: 'lt-0abc' }, VPCZoneIdentifier: ['subnet-asg'] } },
      },
    });

    // THEN
    expect([...t.subnets.values()].map((s) => [s.id, s.vpc])).toEqual([['subnet-asg', undefined]]);
  });
});

describe('routes, NAT gateways and endpoints', () => {
  test('reads each route with its table, destination and target', () => {
    // GIVEN
    const t = new TemplateReader({
      Resources: {
        Rt: { Type: 'AWS::EC2::RouteTable', Properties: {} },
        Igw: { Type: 'AWS::EC2::InternetGateway', Properties: {} },
        ToIgw: { Type: 'AWS::EC2::Route', Properties: { RouteTableId: { Ref: 'Rt' }, DestinationCidrBlock: '0.0.0.0/0', GatewayId: { Ref: 'Igw' } } },
        ToNat: { Type: 'AWS::EC2::Route', Properties: { RouteTableId: 'rtb-0abc', DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-1' } },
        ToPeer: { Type: 'AWS::EC2::Route', Properties: { RouteTableId: { Ref: 'Rt' }, DestinationCidrBlock: '10.1.0.0/16', VpcPeeringConnectionId: 'pcx-1' } },
        ToTgw: { Type: 'AWS::EC2::Route', Properties: { RouteTableId: { Ref: 'Rt' }, DestinationCidrBlock: '10.2.0.0/16', TransitGatewayId: 'tgw-1' } },
        ToEndpoint: { Type: 'AWS::EC2::Route', Properties: { RouteTableId: { Ref: 'Rt' }, DestinationPrefixListId: 'pl-s3', VpcEndpointId: 'vpce-1' } },
        ToEni: { Type: 'AWS::EC2::Route', Properties: { RouteTableId: { Ref: 'Rt' }, DestinationCidrBlock: '10.3.0.0/16', NetworkInterfaceId: 'eni-1' } },
        ToInstance: { Type: 'AWS::EC2::Route', Properties: { RouteTableId: { Ref: 'Rt' }, DestinationCidrBlock: '10.4.0.0/16', InstanceId: 'i-1' } },
        Nowhere: { Type: 'AWS::EC2::Route', Properties: { RouteTableId: { Ref: 'Rt' }, DestinationCidrBlock: { Ref: 'Dest' } } },
        Vgw: { Type: 'AWS::EC2::VPNGateway', Properties: { Type: 'ipsec.1' } },
        ToVgw: { Type: 'AWS::EC2::Route', Properties: { RouteTableId: { Ref: 'Rt' }, DestinationCidrBlock: '172.16.0.0/12', GatewayId: { Ref: 'Vgw' } } },
        ToVgwId: { Type: 'AWS::EC2::Route', Properties: { RouteTableId: { Ref: 'Rt' }, DestinationCidrBlock: '172.17.0.0/16', GatewayId: 'vgw-1' } },
        ToIgwId: { Type: 'AWS::EC2::Route', Properties: { RouteTableId: { Ref: 'Rt' }, DestinationCidrBlock: '198.51.100.0/24', GatewayId: 'igw-1' } },
        ToLocal: { Type: 'AWS::EC2::Route', Properties: { RouteTableId: { Ref: 'Rt' }, DestinationCidrBlock: '10.9.0.0/16', GatewayId: 'local' } },
        ToSomeGateway: { Type: 'AWS::EC2::Route', Properties: { RouteTableId: { Ref: 'Rt' }, DestinationCidrBlock: '10.8.0.0/16', GatewayId: { Ref: 'GatewayParam' } } },
        ToEigw: { Type: 'AWS::EC2::Route', Properties: { RouteTableId: { Ref: 'Rt' }, DestinationIpv6CidrBlock: '::/0', EgressOnlyInternetGatewayId: 'eigw-1' } },
        ToCarrier: { Type: 'AWS::EC2::Route', Properties: { RouteTableId: { Ref: 'Rt' }, DestinationCidrBlock: '10.5.0.0/16', CarrierGatewayId: 'cagw-1' } },
        ToLgw: { Type: 'AWS::EC2::Route', Properties: { RouteTableId: { Ref: 'Rt' }, DestinationCidrBlock: '10.6.0.0/16', LocalGatewayId: 'lgw-1' } },
        ToCore: { Type: 'AWS::EC2::Route', Properties: { RouteTableId: { Ref: 'Rt' }, DestinationCidrBlock: '10.7.0.0/16', CoreNetworkArn: 'arn:aws:networkmanager::1:core-network/x' } },
      },
    });

    // THEN
    expect(t.routes).toEqual([
      { id: 'ToIgw', routeTable: 'Rt', destination: address('0.0.0.0/0'), target: 'Igw', targetKind: 'internetGateway' },
      { id: 'ToNat', routeTable: 'rtb-0abc', destination: address('0.0.0.0/0'), target: 'nat-1', targetKind: 'natGateway' },
      { id: 'ToPeer', routeTable: 'Rt', destination: address('10.1.0.0/16'), target: 'pcx-1', targetKind: 'peering' },
      { id: 'ToTgw', routeTable: 'Rt', destination: address('10.2.0.0/16'), target: 'tgw-1', targetKind: 'transitGateway' },
      { id: 'ToEndpoint', routeTable: 'Rt', destination: symbol('pl-s3'), target: 'vpce-1', targetKind: 'vpcEndpoint' },
      { id: 'ToEni', routeTable: 'Rt', destination: address('10.3.0.0/16'), target: 'eni-1', targetKind: 'networkInterface' },
      { id: 'ToInstance', routeTable: 'Rt', destination: address('10.4.0.0/16'), target: 'i-1', targetKind: 'instance' },
      { id: 'Nowhere', routeTable: 'Rt', destination: symbol('{Ref Dest}'), target: 'no target', targetKind: 'none' },
      { id: 'ToVgw', routeTable: 'Rt', destination: address('172.16.0.0/12'), target: 'Vgw', targetKind: 'vpnGateway' },
      { id: 'ToVgwId', routeTable: 'Rt', destination: address('172.17.0.0/16'), target: 'vgw-1', targetKind: 'vpnGateway' },
      { id: 'ToIgwId', routeTable: 'Rt', destination: address('198.51.100.0/24'), target: 'igw-1', targetKind: 'internetGateway' },
      { id: 'ToLocal', routeTable: 'Rt', destination: address('10.9.0.0/16'), target: 'local', targetKind: 'local' },
      { id: 'ToSomeGateway', routeTable: 'Rt', destination: address('10.8.0.0/16'), target: '{Ref GatewayParam}', targetKind: 'gateway' },
      { id: 'ToEigw', routeTable: 'Rt', destination: symbol('ipv6:::/0'), target: 'eigw-1', targetKind: 'egressOnlyInternetGateway', ipv6: true },
      { id: 'ToCarrier', routeTable: 'Rt', destination: address('10.5.0.0/16'), target: 'cagw-1', targetKind: 'carrierGateway' },
      { id: 'ToLgw', routeTable: 'Rt', destination: address('10.6.0.0/16'), target: 'lgw-1', targetKind: 'localGateway' },
      { id: 'ToCore', routeTable: 'Rt', destination: address('10.7.0.0/16'), target: 'arn:aws:networkmanager::1:core-network/x', targetKind: 'coreNetwork' },
    ]);
    expect(t.routeTableInTemplate('Rt')).toBe(true);
    expect(t.routeTableInTemplate('rtb-0abc')).toBe(false);
    expect(t.routeTableInTemplate('Igw')).toBe(false);
  });

  test('reads NAT gateways with their subnet and VPC endpoints with their route tables', () => {
    // GIVEN
    const t = new TemplateReader({
      Resources: {
        Pub: { Type: 'AWS::EC2::Subnet', Properties: { CidrBlock: '10.0.0.0/24' } },
        Rt: { Type: 'AWS::EC2::RouteTable', Properties: {} },
        Nat: { Type: 'AWS::EC2::NatGateway', Properties: { SubnetId: { Ref: 'Pub' } } },
        Nat2: { Type: 'AWS::EC2::NatGateway', Properties: { SubnetId: 'subnet-2' } },
        PrivateNat: { Type: 'AWS::EC2::NatGateway', Properties: { SubnetId: { Ref: 'Pub' }, ConnectivityType: 'private' } },
        ParamNat: { Type: 'AWS::EC2::NatGateway', Properties: { SubnetId: { Ref: 'Pub' }, ConnectivityType: { Ref: 'Kind' } } },
        S3: { Type: 'AWS::EC2::VPCEndpoint', Properties: { ServiceName: 'com.amazonaws.eu-west-1.s3', RouteTableIds: [{ Ref: 'Rt' }, 'rtb-1'] } },
        Iface: { Type: 'AWS::EC2::VPCEndpoint', Properties: { ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.ssm']] } } },
      },
    });

    // THEN
    expect([...t.natGateways]).toEqual([['Nat', 'Pub'], ['Nat2', 'subnet-2'], ['PrivateNat', 'Pub'], ['ParamNat', 'Pub']]);
    expect([...t.natConnectivity]).toEqual([['Nat', 'public'], ['Nat2', 'public'], ['PrivateNat', 'private'], ['ParamNat', '{Ref Kind}']]);
    expect(t.endpoints).toEqual([
      { id: 'S3', service: '"com.amazonaws.eu-west-1.s3"', serviceKind: 's3', routeTables: ['Rt', 'rtb-1'] },
      { id: 'Iface', service: '{"Fn::Join":["",["com.amazonaws.",{"Ref":"AWS::Region"},".ssm"]]}', serviceKind: 'other', routeTables: [] },
    ]);
  });

  test('reads peering connections with the two VPCs they connect (logical or literal ids)', () => {
    const t = new TemplateReader({
      Resources: {
        A: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
        B: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.1.0.0/16' } },
        AB: { Type: 'AWS::EC2::VPCPeeringConnection', Properties: { VpcId: { Ref: 'A' }, PeerVpcId: { Ref: 'B' } } },
        AX: { Type: 'AWS::EC2::VPCPeeringConnection', Properties: { VpcId: { Ref: 'A' }, PeerVpcId: 'vpc-0abc', PeerOwnerId: '222222222222' } },
      },
    });
    expect([...t.peerings.values()]).toEqual([{ id: 'AB', vpc: 'A', peerVpc: 'B' }, { id: 'AX', vpc: 'A', peerVpc: 'vpc-0abc' }]);
  });
});

describe('secondary CIDR blocks', () => {
  test('every IPv4 block of a VPC: its CidrBlock, then each AWS::EC2::VPCCidrBlock (an IPAM pool\'s a symbol; IPv6 blocks left out)', () => {
    const t = new TemplateReader({
      Resources: {
        Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
        Other: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.9.0.0/16' } },
        Second: { Type: 'AWS::EC2::VPCCidrBlock', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '100.64.0.0/16' } },
        FromPool: { Type: 'AWS::EC2::VPCCidrBlock', Properties: { VpcId: { Ref: 'Vpc' }, Ipv4IpamPoolId: 'ipam-pool-1', Ipv4NetmaskLength: 20 } },
        V6: { Type: 'AWS::EC2::VPCCidrBlock', Properties: { VpcId: { Ref: 'Vpc' }, AmazonProvidedIpv6CidrBlock: true } },
        Imported: { Type: 'AWS::EC2::VPCCidrBlock', Properties: { VpcId: 'vpc-0abc', CidrBlock: '172.16.0.0/16' } },
      },
    });
    expect([...t.vpcBlocks]).toEqual([
      ['Vpc', [address('10.0.0.0/16'), address('100.64.0.0/16'), symbol('FromPool.CidrBlock')]],
      ['Other', [address('10.9.0.0/16')]],
    ]);
    expect(t.vpcs.get('Vpc')).toEqual(address('10.0.0.0/16'));
  });
});
