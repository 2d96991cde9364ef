import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { newStack, ownResources } from './util';
import { VpcPeering } from '../src';

function setup() {
  const stack = newStack();
  const foo = new ec2.Vpc(stack, 'Foo', { ipAddresses: ec2.IpAddresses.cidr('10.2.0.0/16'), maxAzs: 2 });
  const bar = new ec2.Vpc(stack, 'Bar', {
    ipAddresses: ec2.IpAddresses.cidr('10.3.0.0/16'),
    maxAzs: 2,
    natGateways: 0,
    subnetConfiguration: [{ name: 'Clients', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });
  return { stack, foo, bar };
}

describe('VpcPeering', () => {
  test('snapshot', () => {
    const { stack, foo, bar } = setup();
    const peering = new VpcPeering(stack, 'Peering', { vpc: foo, peerVpc: bar });
    expect(ownResources(Template.fromStack(stack), peering)).toMatchSnapshot();
  });

  test('a peering connection with routes both ways in the private route tables', () => {
    const { stack, foo, bar } = setup();
    new VpcPeering(stack, 'Peering', { vpc: foo, peerVpc: bar });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EC2::VPCPeeringConnection', { VpcId: { Ref: Match.stringLikeRegexp('Foo') }, PeerVpcId: { Ref: Match.stringLikeRegexp('Bar') } });
    const routes = Object.values(template.findResources('AWS::EC2::Route', { Properties: { VpcPeeringConnectionId: Match.anyValue() } })) as any[];
    const toBar = routes.filter((r) => r.Properties.DestinationCidrBlock === '10.3.0.0/16');
    const toFoo = routes.filter((r) => r.Properties.DestinationCidrBlock === '10.2.0.0/16');
    expect(toBar.map((r) => r.Properties.RouteTableId.Ref).sort()).toEqual([expect.stringMatching(/FooPrivateSubnet1/), expect.stringMatching(/FooPrivateSubnet2/)]);
    expect(toFoo.map((r) => r.Properties.RouteTableId.Ref).sort()).toEqual([expect.stringMatching(/BarClientsSubnet1/), expect.stringMatching(/BarClientsSubnet2/)]);
  });

  test('fails when a VPC peers with itself', () => {
    const { stack, foo } = setup();
    expect(() => new VpcPeering(stack, 'Peering', { vpc: foo, peerVpc: foo }))
      .toThrow('VpcPeering: `peerVpc` is the same VPC as `vpc`; a VPC cannot peer with itself');
  });

  test('fails when no subnet is selected for routes', () => {
    const { stack, foo, bar } = setup();
    expect(() => new VpcPeering(stack, 'Peering', { vpc: foo, peerVpc: bar, subnets: { subnets: [] } }))
      .toThrow('VpcPeering: no subnet of Test/Foo selected for the routes to the peer; pass `subnets`');
  });

  test('fails on an imported peer VPC without a CIDR block', () => {
    const { stack, foo } = setup();
    const peer = ec2.Vpc.fromVpcAttributes(stack, 'Peer', { vpcId: 'vpc-9', availabilityZones: ['eu-west-1a'], privateSubnetIds: ['subnet-9'], privateSubnetRouteTableIds: ['rtb-9'] });
    expect(() => new VpcPeering(stack, 'Peering', { vpc: foo, peerVpc: peer })).toThrow(/^VpcPeering: `vpc` must know its IPv4 CIDR block/);
  });
});
