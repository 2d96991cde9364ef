import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { aclEntries, logicalIdOf, newStack, vpcCidrNames } from './util';
import { assertions, InternalAlbWithPrivateTargets, LoadBalancerNetworkAcls, S3GatewayEndpoint, SecureAlbService } from '../src';

const ENV = { account: '111111111111', region: 'eu-west-1' };

/** Every network ACL association of a template, as `subnet -> ACL` texts. */
/** The CIDR of the VPC these tests share (a stack that holds no VPC still names it). */
const SHARED_VPC_CIDR = '10.0.0.0/16';

function associations(template: Template): string[] {
  return Object.values(template.findResources('AWS::EC2::SubnetNetworkAclAssociation'))
    .map((r: any) => `${JSON.stringify(r.Properties.SubnetId)} -> ${JSON.stringify(r.Properties.NetworkAclId)}`);
}

function subnetsAssociatedTwice(templates: Template[]): string[] {
  const subnets = templates.flatMap((t) => Object.values(t.findResources('AWS::EC2::SubnetNetworkAclAssociation'))
    .map((r: any) => JSON.stringify(r.Properties.SubnetId?.['Fn::ImportValue'] ?? r.Properties.SubnetId)));
  return subnets.filter((s, i) => subnets.indexOf(s) !== i);
}

/** `in 100 tcp 80-80 0.0.0.0/0`: direction, rule number, protocol, ports and peer (`VPC` for a token). */
function numbered(template: Template, acl: string): string[] {
  return aclEntries(template, acl).map((e) => `${e.egress ? 'out' : 'in'} ${e.ruleNumber} ${e.protocol === 6 ? 'tcp' : e.protocol} ${e.from}-${e.to} ${/^\d/.test(e.cidr) && e.cidr !== SHARED_VPC_CIDR && !vpcCidrNames(template.toJSON().Resources).has(e.cidr) ? e.cidr : 'VPC'}`);
}

function warnings(stack: Stack, id: string): string[] {
  return Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp(id)).map((m) => String(m.entry.data));
}

describe('two services in one VPC, one stack', () => {
  // GIVEN two internet-facing services in one VPC, on different ports
  const stack = newStack();
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
  const web = new SecureAlbService(stack, 'Web', { vpc });
  const admin = new SecureAlbService(stack, 'Admin', { vpc, listenerPort: 8443, targetPort: 8080 });
  // WHEN
  const template = Template.fromStack(stack);

  test('each subnet has one network ACL association, and the second service uses the first one\'s ACLs', () => {
    expect(associations(template)).toHaveLength(4);
    template.resourceCountIs('AWS::EC2::NetworkAcl', 2);
    expect(admin.loadBalancerNetworkAcl).toBe(web.loadBalancerNetworkAcl);
    expect(admin.targetNetworkAcl).toBe(web.targetNetworkAcl);
  });

  test('the shared ACLs carry the union of both services\' entries', () => {
    const lbAcl = logicalIdOf(template, 'AWS::EC2::NetworkAcl', 'WebNetworkAclsLoadBalancerAcl');
    const tgAcl = logicalIdOf(template, 'AWS::EC2::NetworkAcl', 'WebNetworkAclsTargetAcl');
    expect(numbered(template, lbAcl)).toEqual(expect.arrayContaining([
      'in 100 tcp 80-80 0.0.0.0/0', 'in 101 tcp 8443-8443 0.0.0.0/0', 'out 100 tcp 80-80 VPC', 'out 101 tcp 8080-8080 VPC',
    ]));
    expect(numbered(template, tgAcl)).toEqual(expect.arrayContaining(['in 155 tcp 80-80 VPC', 'in 156 tcp 8080-8080 VPC']));
  });

  test('rule numbers are unique per direction of each ACL', () => {
    for (const acl of Object.keys(template.findResources('AWS::EC2::NetworkAcl'))) {
      for (const egress of [false, true]) {
        const numbers = aclEntries(template, acl).filter((e) => e.egress === egress).map((e) => e.ruleNumber);
        expect(new Set(numbers).size).toBe(numbers.length);
      }
    }
  });

  test('one S3 gateway endpoint serves the private route tables', () => {
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 1);
    expect(admin.s3Endpoint!.endpoint).toBe(web.s3Endpoint!.endpoint);
  });

  test('both services pass their own checks, and each is reachable on its ports', () => {
    const model = assertions.TemplateModel.fromStack(stack);
    expect(model.checkRecommendations()).toEqual([]);
    const internet = assertions.FlowEndpoint.internet();
    for (const [alb, port, targetPort] of [[web, 80, 80], [admin, 8443, 8080]] as const) {
      const lb = assertions.FlowEndpoint.fromConstruct(alb.loadBalancer);
      expect(model.evaluate(internet, lb, port).explanation).toMatch(/ALLOWED/);
      expect(model.evaluate(lb, assertions.FlowEndpoint.fromConstruct(alb.targetSecurityGroup), targetPort).allowed).toBe(true);
    }
  });
});

describe('two services in one VPC, two stacks of one app', () => {
  // GIVEN a network stack with the VPC, and one service per stack
  const app = new App();
  const network = new Stack(app, 'Network', { env: ENV });
  const vpc = new ec2.Vpc(network, 'Vpc', { maxAzs: 2 });
  const a = new Stack(app, 'A', { env: ENV });
  const b = new Stack(app, 'B', { env: ENV });
  new SecureAlbService(a, 'Web', { vpc });
  new InternalAlbWithPrivateTargets(b, 'Api', {
    vpc,
    loadBalancerSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    targetSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    targetPort: 8080,
  });
  // WHEN
  const templates = [network, a, b].map((s) => Template.fromStack(s));

  test('no subnet is associated twice across the app, and no route table gets two S3 endpoints', () => {
    expect(subnetsAssociatedTwice(templates)).toEqual([]);
    expect(templates.map((t) => Object.keys(t.findResources('AWS::EC2::VPCEndpoint')).length)).toEqual([0, 1, 0]);
  });

  test('the second stack\'s entries live with the ACL, in the stack of the construct that created it', () => {
    const [, ta, tb] = templates;
    tb.resourceCountIs('AWS::EC2::NetworkAclEntry', 0);
    const tgAcl = logicalIdOf(ta, 'AWS::EC2::NetworkAcl', 'WebNetworkAclsTargetAcl');
    // the internal ALB listens on 80 from the VPC in the private subnets, its targets on 8080
    expect(numbered(ta, tgAcl)).toEqual(expect.arrayContaining(['in 100 tcp 80-80 VPC', 'in 155 tcp 8080-8080 VPC', 'out 100 tcp 8080-8080 VPC']));
  });
});

describe('conflicts with network resources made outside the library', () => {
  test('fails at synth on a subnet associated with the user\'s own ACL too, naming both', () => {
    // GIVEN a service and the user's own ACL on the same private subnets
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1 });
    new SecureAlbService(stack, 'Web', { vpc });
    new ec2.NetworkAcl(stack, 'Mine', { vpc, subnetSelection: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } });
    // WHEN / THEN
    expect(() => Template.fromStack(stack)).toThrow(/LoadBalancerNetworkAcls: the subnet Test\/Vpc\/PrivateSubnet1 is associated with two network ACLs \(Test\/Web\/NetworkAcls\/TargetAcl\/DefaultAssociation\S+ and Test\/Mine\/DefaultAssociation\S+\)/);
  });

  test('fails at synth on a route table with the user\'s own S3 gateway endpoint too, naming both', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1 });
    vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
    new SecureAlbService(stack, 'Web', { vpc });
    expect(() => Template.fromStack(stack)).toThrow(/S3GatewayEndpoint: the route table of Test\/Vpc\/PrivateSubnet1 has two S3 gateway endpoints \(Test\/Vpc\/S3\/Resource and Test\/Web\/S3Endpoint\/Endpoint\/Resource\)/);
  });

  test('fails on subnets that already have two different ACLs of the library, naming both', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', {
      maxAzs: 1,
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC },
        { name: 'A', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
        { name: 'B', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      ],
    });
    new LoadBalancerNetworkAcls(stack, 'One', { vpc, loadBalancerSubnets: { subnetGroupName: 'Public' }, targetSubnets: { subnetGroupName: 'A' } });
    new LoadBalancerNetworkAcls(stack, 'Two', { vpc, loadBalancerSubnets: { subnetGroupName: 'Public' }, targetSubnets: { subnetGroupName: 'B' } });
    expect(() => new LoadBalancerNetworkAcls(stack, 'Three', { vpc, loadBalancerSubnets: { subnetType: ec2.SubnetType.PUBLIC }, targetSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } }))
      .toThrow('LoadBalancerNetworkAcls: `targetSubnets` selects subnets that already have different network ACLs of this library: Test/One/TargetAcl (Test/Vpc/ASubnet1) and Test/Two/TargetAcl (Test/Vpc/BSubnet1); a subnet has one network ACL, so select subnets that share one, or the same subnets as the other construct');
  });

  test('fails when two constructs share an ACL with different rule-number bands', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1 });
    const sel = { loadBalancerSubnets: { subnetType: ec2.SubnetType.PUBLIC }, targetSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } };
    new LoadBalancerNetworkAcls(stack, 'One', { vpc, ...sel });
    expect(() => new LoadBalancerNetworkAcls(stack, 'Two', { vpc, ...sel, ruleNumberBase: 300 }))
      .toThrow(/the network ACL Test\/One\/LoadBalancerAcl already uses the rule-number band from 100; give every construct that shares it the same `ruleNumberBase` \(got 300\)/);
  });

  test('a second S3GatewayEndpoint on more route tables extends the first; another policy on the same route tables fails', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    const first = new S3GatewayEndpoint(stack, 'First', { vpc, subnets: [{ subnets: [vpc.privateSubnets[0]] }] });
    const second = new S3GatewayEndpoint(stack, 'Second', { vpc, subnets: [{ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }] });
    expect(second.endpoint).toBe(first.endpoint);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 1);
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      RouteTableIds: [{ Ref: Match.stringLikeRegexp('PrivateSubnet1RouteTable') }, { Ref: Match.stringLikeRegexp('PrivateSubnet2RouteTable') }],
    });
    expect(() => new S3GatewayEndpoint(stack, 'Third', { vpc, subnets: [{ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }], onlyAccountBuckets: true }))
      .toThrow('S3GatewayEndpoint: `subnets` selects route tables the S3 gateway endpoint Test/First/Endpoint already serves with another endpoint policy; a route table has one route to S3, so select other subnets, or give every construct that shares the route tables the same `allowedBuckets` and `onlyAccountBuckets`');
  });
});

describe('an imported VPC', () => {
  const attributes = {
    vpcId: 'vpc-0abc',
    vpcCidrBlock: '10.20.0.0/16',
    availabilityZones: ['eu-west-1a', 'eu-west-1b'],
    publicSubnetIds: ['subnet-0pub1', 'subnet-0pub2'],
    publicSubnetRouteTableIds: ['rtb-0pub', 'rtb-0pub'],
    privateSubnetIds: ['subnet-0priv1', 'subnet-0priv2'],
    privateSubnetRouteTableIds: ['rtb-0priv1', 'rtb-0priv2'],
  };

  test('by default, leaves the subnets\' ACLs and route tables alone and says so, naming the subnets', () => {
    // GIVEN
    const stack = newStack();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', attributes);
    // WHEN
    const web = new SecureAlbService(stack, 'Web', { vpc });
    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::NetworkAcl', 0);
    template.resourceCountIs('AWS::EC2::SubnetNetworkAclAssociation', 0);
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 0);
    expect(web.networkAcls).toBeUndefined();
    expect(warnings(stack, 'imported-subnets')).toEqual([expect.stringContaining(
      'SecureAlbService: the subnets subnet-0pub1, subnet-0pub2, subnet-0priv1, subnet-0priv2 were not created in this app, so this construct leaves their network ACLs (set `manageNetworkAcls: true`',
    )]);
  });

  test('with manageNetworkAcls, associates the literal subnets, keeps the NAT path of the private subnets open, and does not warn', () => {
    const stack = newStack();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', attributes);
    new SecureAlbService(stack, 'Web', { vpc, manageNetworkAcls: true, addS3Endpoint: false });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EC2::SubnetNetworkAclAssociation', { SubnetId: 'subnet-0pub1' });
    template.hasResourceProperties('AWS::EC2::SubnetNetworkAclAssociation', { SubnetId: 'subnet-0priv2' });
    const lbAcl = logicalIdOf(template, 'AWS::EC2::NetworkAcl', 'LoadBalancerAcl');
    expect(numbered(template, lbAcl)).toEqual(expect.arrayContaining([
      'in 135 tcp 443-443 10.20.0.0/16',
      'out 160 tcp 443-443 0.0.0.0/0',
      'in 150 tcp 1024-3388 0.0.0.0/0',
      'in 151 tcp 3390-65535 0.0.0.0/0',
      'out 125 tcp 1024-65535 10.20.0.0/16',
    ]));
    expect(warnings(stack, 'imported-subnet')).toEqual([]);
  });

  test('with manageNetworkAcls but no word on the S3 endpoint, the warning says the ACLs are managed, not that only the groups protect', () => {
    // GIVEN an imported VPC
    const stack = newStack();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', attributes);
    // WHEN the ACLs are managed and addS3Endpoint is left undefined
    new SecureAlbService(stack, 'Web', { vpc, manageNetworkAcls: true });
    // THEN the one thing left alone is named, and nothing untrue is claimed
    const texts = warnings(stack, 'imported-subnets');
    expect(texts).toEqual([expect.stringContaining('leaves their route tables (set `addS3Endpoint: true`')]);
    expect(texts[0]).toContain('the network ACLs are managed (`manageNetworkAcls: true`)');
    expect(texts[0]).not.toContain('only the security groups protect');
  });

  test('natGatewaysInLoadBalancerSubnets: false leaves out the NAT entries', () => {
    const stack = newStack();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', attributes);
    new SecureAlbService(stack, 'Web', { vpc, manageNetworkAcls: true, natGatewaysInLoadBalancerSubnets: false });
    const template = Template.fromStack(stack);
    const lbAcl = logicalIdOf(template, 'AWS::EC2::NetworkAcl', 'LoadBalancerAcl');
    expect(numbered(template, lbAcl).filter((k) => k.includes('443-443'))).toEqual([]);
  });

  test('without private subnets with egress, no NAT entries are assumed', () => {
    const stack = newStack();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
      ...attributes,
      privateSubnetIds: undefined,
      privateSubnetRouteTableIds: undefined,
      isolatedSubnetIds: ['subnet-0iso1', 'subnet-0iso2'],
      isolatedSubnetRouteTableIds: ['rtb-0iso1', 'rtb-0iso2'],
    });
    new SecureAlbService(stack, 'Web', { vpc, manageNetworkAcls: true, targetSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } });
    const template = Template.fromStack(stack);
    const lbAcl = logicalIdOf(template, 'AWS::EC2::NetworkAcl', 'LoadBalancerAcl');
    expect(numbered(template, lbAcl).filter((k) => k.includes('443-443'))).toEqual([]);
  });

  test('the building block used alone on imported subnets warns that other workloads there are behind its ACL', () => {
    const stack = newStack();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', attributes);
    new LoadBalancerNetworkAcls(stack, 'Acls', { vpc, loadBalancerSubnets: { subnetType: ec2.SubnetType.PUBLIC }, targetSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } });
    expect(warnings(stack, 'imported-subnet-acl')).toEqual([expect.stringContaining('The subnets subnet-0pub1, subnet-0pub2, subnet-0priv1, subnet-0priv2 were not created in this app')]);
  });

  test('the same subnets imported in two stacks share one ACL', () => {
    const app = new App();
    const a = new Stack(app, 'A', { env: ENV });
    const b = new Stack(app, 'B', { env: ENV });
    new SecureAlbService(a, 'Web', { vpc: ec2.Vpc.fromVpcAttributes(a, 'Vpc', attributes), manageNetworkAcls: true });
    new SecureAlbService(b, 'Admin', { vpc: ec2.Vpc.fromVpcAttributes(b, 'Vpc', attributes), manageNetworkAcls: true, listenerPort: 8443 });
    const templates = [a, b].map((s) => Template.fromStack(s));
    expect(subnetsAssociatedTwice(templates)).toEqual([]);
    templates[1].resourceCountIs('AWS::EC2::NetworkAcl', 0);
    templates[0].hasResourceProperties('AWS::EC2::NetworkAclEntry', { PortRange: { From: 8443, To: 8443 }, CidrBlock: '0.0.0.0/0', Egress: false });
  });

  test('fails on an imported VPC without its CIDR, naming the construct the user called', () => {
    const stack = newStack();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { ...attributes, vpcCidrBlock: undefined });
    expect(() => new SecureAlbService(stack, 'Web', { vpc }))
      .toThrow(/^SecureAlbService: `vpc` must know its IPv4 CIDR block/);
  });
});

describe('a VPC looked up from cdk.context.json', () => {
  const context = JSON.parse(fs.readFileSync(path.join(__dirname, '../examples/imported-vpc/cdk.context.json'), 'utf8'));

  test.each([
    ['SecureAlbService', (s: Stack, vpc: ec2.IVpc) => new SecureAlbService(s, 'Alb', { vpc, manageNetworkAcls: true })],
    ['InternalAlbWithPrivateTargets', (s: Stack, vpc: ec2.IVpc) => new InternalAlbWithPrivateTargets(s, 'Alb', { vpc, manageNetworkAcls: true })],
  ])('%s associates the looked-up subnets by id and names the VPC CIDR', (_name, build) => {
    const app = new App({ context });
    const stack = new Stack(app, 'S', { env: ENV });
    build(stack, ec2.Vpc.fromLookup(stack, 'Vpc', { vpcId: 'vpc-0a1b2c3d4e5f60718' }));
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EC2::SubnetNetworkAclAssociation', { SubnetId: 'subnet-0a0000000000priv1' });
    template.hasResourceProperties('AWS::EC2::NetworkAclEntry', { CidrBlock: '10.20.0.0/16' });
  });
});

describe('a NAT gateway shared with workloads outside the construct', () => {
  function build(natGatewayPorts?: number[]) {
    // GIVEN targets in isolated subnets and other workloads in private subnets behind the NAT
    // gateways of the load balancer's public subnets
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', {
      maxAzs: 2,
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC },
        { name: 'Targets', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
        { name: 'Workloads', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      ],
    });
    const web = new SecureAlbService(stack, 'Web', {
      vpc,
      targetSubnets: { subnetGroupName: 'Targets' },
      targetOutboundPorts: [],
      natGatewayPorts,
    });
    return { stack, vpc, web, template: Template.fromStack(stack) };
  }

  test('the workloads keep reaching the internet on 443 through the NAT gateway, with a warning that names them', () => {
    const { stack, vpc, template } = build();
    expect(warnings(stack, 'shared-nat')).toEqual([expect.stringContaining('The subnets Test/Vpc/WorkloadsSubnet1, Test/Vpc/WorkloadsSubnet2 are not target subnets of this construct but send their internet traffic through the NAT gateways in the load balancer subnets, whose network ACL passes only TCP 443 for them')]);
    const model = assertions.TemplateModel.fromStack(stack);
    const workload = assertions.FlowEndpoint.subnet(stack.getLogicalId(vpc.privateSubnets[0].node.defaultChild as ec2.CfnSubnet));
    expect(model.evaluate(workload, assertions.FlowEndpoint.internet(), 443).explanation).toMatch(/ALLOWED/);
    expect(model.evaluate(workload, assertions.FlowEndpoint.internet(), 80).allowed).toBe(false);
    template.resourceCountIs('AWS::EC2::SubnetNetworkAclAssociation', 4);
  });

  test('natGatewayPorts opens exactly the ports they use, without a warning', () => {
    const { stack, vpc } = build([80, 443]);
    expect(warnings(stack, 'shared-nat')).toEqual([]);
    const model = assertions.TemplateModel.fromStack(stack);
    const workload = assertions.FlowEndpoint.subnet(stack.getLogicalId(vpc.privateSubnets[1].node.defaultChild as ec2.CfnSubnet));
    for (const port of [80, 443]) {
      expect(model.evaluate(workload, assertions.FlowEndpoint.internet(), port).explanation).toMatch(/ALLOWED/);
    }
    expect(model.evaluate(workload, assertions.FlowEndpoint.internet(), 22).allowed).toBe(false);
  });

  test('fails on a bad natGatewayPorts entry', () => {
    expect(() => build([0])).toThrow('SecureAlbService: `natGatewayPorts[0]` must be an integer between 1 and 65535, got 0');
  });
});
