import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as targets from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import { assertions, InternalAlbWithPrivateTargets, ReachabilityProof, SecureAlbService, VpcPeering } from '../src';
import { validateAgainstResourceSpec } from './resource-spec';

const ENV = { account: '111111111111', region: 'eu-west-1' };

function webServer(stack: Stack, id: string, vpc: ec2.IVpc, subnets: ec2.SubnetSelection, group: ec2.ISecurityGroup): ec2.Instance {
  return new ec2.Instance(stack, id, {
    vpc,
    vpcSubnets: subnets,
    securityGroup: group,
    instanceType: ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.MICRO),
    machineImage: ec2.MachineImage.latestAmazonLinux2023(),
  });
}

/** A default SecureAlbService with one EC2 target and its proof. */
function internetFacing(options: { targetPort?: number; extraListenerPort?: number } = {}) {
  const app = new App();
  const stack = new Stack(app, 'Proof', { env: ENV });
  const service = new SecureAlbService(stack, 'Service', { targetPort: options.targetPort ?? 8080, deletionProtection: false });
  const server = webServer(stack, 'Web', service.vpc, { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }, service.targetSecurityGroup);
  service.addTarget(new targets.InstanceTarget(server, options.targetPort ?? 8080));
  const proof = new ReachabilityProof(stack, 'Proof', { service, targets: [server] });
  if (options.extraListenerPort) {
    service.loadBalancer.addListener('Extra', {
      port: options.extraListenerPort,
      open: false,
      protocol: elbv2.ApplicationProtocol.HTTP,
      defaultAction: elbv2.ListenerAction.fixedResponse(404),
    });
    service.allowListenerPort(options.extraListenerPort);
  }
  return { app, stack, service, server, proof };
}

/** An InternalAlbWithPrivateTargets in VPC foo, a client instance in the peered VPC bar. */
function internalPeered() {
  const app = new App();
  const stack = new Stack(app, 'InternalProof', { env: ENV });
  const foo = new ec2.Vpc(stack, 'Foo', {
    ipAddresses: ec2.IpAddresses.cidr('10.2.0.0/16'),
    maxAzs: 2,
    natGateways: 1,
    subnetConfiguration: [
      { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
      { name: 'LoadBalancer', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      { name: 'Web', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
    ],
  });
  const bar = new ec2.Vpc(stack, 'Bar', {
    ipAddresses: ec2.IpAddresses.cidr('10.3.0.0/16'),
    maxAzs: 2,
    natGateways: 0,
    subnetConfiguration: [{ name: 'Clients', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
  });
  new VpcPeering(stack, 'FooBar', { vpc: foo, peerVpc: bar });
  const alb = new InternalAlbWithPrivateTargets(stack, 'Alb', {
    vpc: foo,
    loadBalancerSubnets: { subnetGroupName: 'LoadBalancer' },
    targetSubnets: { subnetGroupName: 'Web' },
    targetPort: 8080,
    clientCidrs: ['10.3.0.0/16'],
    deletionProtection: false,
  });
  const server = webServer(stack, 'Web', foo, { subnetGroupName: 'Web' }, alb.targetSecurityGroup);
  alb.addTarget(new targets.InstanceTarget(server, 8080));
  const clientGroup = new ec2.SecurityGroup(stack, 'ClientGroup', { vpc: bar, allowAllOutbound: false });
  clientGroup.addEgressRule(ec2.Peer.ipv4('10.2.0.0/16'), ec2.Port.tcp(80));
  clientGroup.addEgressRule(ec2.Peer.ipv4('10.2.0.0/16'), ec2.Port.tcp(8080));
  const client = webServer(stack, 'Client', bar, { subnetGroupName: 'Clients' }, clientGroup);
  const proof = new ReachabilityProof(stack, 'Proof', { service: alb, targets: [server], clients: [client] });
  return { app, stack, alb, server, client, proof };
}

function byDescription(model: assertions.TemplateModel): Record<string, assertions.ReachabilityExpectation> {
  return Object.fromEntries(model.reachabilityExpectations().map((e) => [e.analysis, e]));
}

describe('ReachabilityProof on a SecureAlbService', () => {
  test('adds one path and one analysis per flow, three flows per client and target', () => {
    // GIVEN / WHEN
    const { stack } = internetFacing();
    // THEN
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::EC2::NetworkInsightsPath', 3);
    t.resourceCountIs('AWS::EC2::NetworkInsightsAnalysis', 3);
  });

  test('the path through the load balancer starts at the internet gateway on the listener port and ends at the target on the target port', () => {
    // GIVEN / WHEN
    const { stack } = internetFacing();
    const t = Template.fromStack(stack);
    // THEN
    const igw = t.getResourceId('AWS::EC2::InternetGateway');
    const web = t.getResourceId('AWS::EC2::Instance');
    const lb = t.getResourceId('AWS::ElasticLoadBalancingV2::LoadBalancer');
    t.hasResourceProperties('AWS::EC2::NetworkInsightsPath', {
      Protocol: 'tcp',
      Source: { Ref: igw },
      Destination: { Ref: web },
      FilterAtSource: { DestinationPortRange: { FromPort: 80, ToPort: 80 } },
      FilterAtDestination: { DestinationPortRange: { FromPort: 8080, ToPort: 8080 } },
      DestinationPort: Match.absent(),
    });
    t.hasResourceProperties('AWS::EC2::NetworkInsightsAnalysis', {
      FilterInArns: [{ Ref: lb }],
      NetworkInsightsPathId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ProofTarget0ThroughListenerPath'), 'NetworkInsightsPathId'] },
    });
  });

  test('the direct path goes around the load balancer on the target port', () => {
    const { stack } = internetFacing();
    const t = Template.fromStack(stack);
    const lb = t.getResourceId('AWS::ElasticLoadBalancingV2::LoadBalancer');
    t.hasResourceProperties('AWS::EC2::NetworkInsightsPath', {
      FilterAtSource: { DestinationPortRange: { FromPort: 8080, ToPort: 8080 } },
      FilterAtDestination: Match.absent(),
    });
    t.hasResourceProperties('AWS::EC2::NetworkInsightsAnalysis', { FilterOutArns: [{ Ref: lb }] });
  });

  test('the model expects the path through the listener found, the direct path and the unserved port not', () => {
    // GIVEN
    const { stack } = internetFacing();
    // WHEN
    const expectations = assertions.TemplateModel.fromStack(stack).reachabilityExpectations();
    // THEN
    const verdicts = Object.fromEntries(expectations.map((e) => [e.path?.replace(/Path[0-9A-F]{8}$/, ''), [e.verdict, e.expectedPathFound]]));
    expect(verdicts).toEqual({
      ProofTarget0ThroughListener: ['ALLOWED', true],
      ProofTarget0Direct: ['BLOCKED', false],
      ProofTarget0NoListener: ['BLOCKED', false],
    });
  });

  test('the expectation explains each hop: the listener, then the target', () => {
    const { stack } = internetFacing();
    const through = assertions.TemplateModel.fromStack(stack).reachabilityExpectations().find((e) => /ThroughListener/.test(e.analysis))!;
    expect(through.explanation).toMatch(/the internet \(internet gateway \w+\) -> load balancer \w+ on TCP 80: ALLOWED/);
    expect(through.explanation).toMatch(/load balancer \w+ -> instance Web\w+ on TCP 8080 \(target group \w+ of listener \w+\): ALLOWED/);
    expect(through.description).toBe('the internet -> target Proof/Web through the load balancer, listener port 80, target port 8080');
  });

  test('the unserved port is chosen at synth: the target port, or above every listener when a listener serves it', () => {
    // GIVEN a listener on the target port, added after the proof
    const { stack } = internetFacing({ targetPort: 8080, extraListenerPort: 8080 });
    // THEN the path asks for 8081, and the model expects no path
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::EC2::NetworkInsightsPath', { FilterAtSource: { DestinationPortRange: { FromPort: 8081, ToPort: 8081 } } });
    const e = assertions.TemplateModel.fromStack(stack).reachabilityExpectations().find((x) => /NoListener/.test(x.analysis))!;
    expect(e.verdict).toBe('BLOCKED');
    expect(e.explanation).toMatch(/no listener on port 8081/);
  });

  test('each path depends on every other resource of the stack, so the analysis sees the deployed configuration', () => {
    const { stack } = internetFacing();
    const t = Template.fromStack(stack).toJSON();
    const others = Object.entries(t.Resources).filter(([, r]: [string, any]) => !/^AWS::EC2::NetworkInsights/.test(r.Type)).map(([id]) => id);
    for (const [, r] of Object.entries(t.Resources) as Array<[string, any]>) {
      if (r.Type !== 'AWS::EC2::NetworkInsightsPath') continue;
      expect([...r.DependsOn].sort()).toEqual([...others].sort());
    }
  });

  test('each analysis has a stack output of NetworkPathFound', () => {
    const { stack } = internetFacing();
    const outputs = Template.fromStack(stack).findOutputs('*', { Value: { 'Fn::GetAtt': [Match.anyValue(), 'NetworkPathFound'] } });
    expect(Object.keys(outputs)).toHaveLength(3);
  });

  test('every generated resource is valid against the CloudFormation resource specification', () => {
    const { stack } = internetFacing();
    const t = Template.fromStack(stack).toJSON();
    const problems = Object.entries(t.Resources as Record<string, any>)
      .filter(([, r]) => /^AWS::EC2::NetworkInsights/.test(r.Type))
      .flatMap(([id, r]) => validateAgainstResourceSpec(r.Type, r.Properties).map((p) => `${id}: ${p}`));
    expect(problems).toEqual([]);
  });

  test('ends are of kinds Reachability Analyzer accepts: an internet gateway or an instance as the source, an instance as the destination', () => {
    const { stack } = internetFacing();
    const t = Template.fromStack(stack).toJSON();
    const typeOf = (v: any) => t.Resources[v.Ref]?.Type;
    for (const r of Object.values(t.Resources) as any[]) {
      if (r.Type !== 'AWS::EC2::NetworkInsightsPath') continue;
      expect(['AWS::EC2::InternetGateway', 'AWS::EC2::Instance']).toContain(typeOf(r.Properties.Source));
      expect(typeOf(r.Properties.Destination)).toBe('AWS::EC2::Instance');
    }
  });

  test('outputs can be left out', () => {
    const app = new App();
    const stack = new Stack(app, 'S', { env: ENV });
    const service = new SecureAlbService(stack, 'Service', { deletionProtection: false });
    const server = webServer(stack, 'Web', service.vpc, { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }, service.targetSecurityGroup);
    service.addTarget(new targets.InstanceTarget(server, 80));
    new ReachabilityProof(stack, 'Proof', { service, targets: [server], outputs: false });
    expect(Object.keys(Template.fromStack(stack).findOutputs('*', { Value: { 'Fn::GetAtt': [Match.anyValue(), 'NetworkPathFound'] } }))).toHaveLength(0);
  });

  test('fails without targets', () => {
    const stack = new Stack(new App(), 'S', { env: ENV });
    const service = new SecureAlbService(stack, 'Service', { deletionProtection: false });
    expect(() => new ReachabilityProof(stack, 'Proof', { service, targets: [] }))
      .toThrow('ReachabilityProof: `targets` is empty; give the EC2 instances registered in `service.targetGroup`');
  });

  test('fails for an internal load balancer without clients', () => {
    const stack = new Stack(new App(), 'S', { env: ENV });
    const alb = new InternalAlbWithPrivateTargets(stack, 'Alb', { deletionProtection: false });
    const server = webServer(stack, 'Web', alb.vpc, { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }, alb.targetSecurityGroup);
    expect(() => new ReachabilityProof(stack, 'Proof', { service: alb, targets: [server] }))
      .toThrow('ReachabilityProof: `clients` is required for an internal load balancer (instances in the VPC or a connected VPC)');
  });

  test('fails for an internet-facing service in a VPC defined outside the app, without internetGatewayId or clients', () => {
    const stack = new Stack(new App(), 'S', { env: ENV });
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Imported', {
      vpcId: 'vpc-0abc',
      vpcCidrBlock: '10.9.0.0/16',
      availabilityZones: ['eu-west-1a', 'eu-west-1b'],
      publicSubnetIds: ['subnet-0a', 'subnet-0b'],
      publicSubnetRouteTableIds: ['rtb-0a', 'rtb-0b'],
      privateSubnetIds: ['subnet-0c', 'subnet-0d'],
      privateSubnetRouteTableIds: ['rtb-0c', 'rtb-0d'],
    });
    const service = new SecureAlbService(stack, 'Service', { vpc, deletionProtection: false, accessLogs: false });
    const server = webServer(stack, 'Web', vpc, { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }, service.targetSecurityGroup);
    expect(() => new ReachabilityProof(stack, 'Proof', { service, targets: [server] }))
      .toThrow('ReachabilityProof: the VPC of `service` has no internet gateway the construct can name (a VPC defined outside the app); give `internetGatewayId` or `clients`');
  });
});

describe('ReachabilityProof on an InternalAlbWithPrivateTargets with a peered client VPC', () => {
  test('the client instance is the source of every path', () => {
    const { stack } = internalPeered();
    const t = Template.fromStack(stack);
    const client = t.getResourceId('AWS::EC2::Instance', { Properties: { SubnetId: Match.objectLike({ Ref: Match.stringLikeRegexp('^Bar') }) } });
    t.resourcePropertiesCountIs('AWS::EC2::NetworkInsightsPath', { Source: { Ref: client } }, 3);
  });

  test('the model expects the client through the listener found, straight to the target or on the unserved port not', () => {
    const { stack } = internalPeered();
    const e = Object.values(byDescription(assertions.TemplateModel.fromStack(stack)));
    const verdict = (re: RegExp) => e.find((x) => re.test(x.analysis))?.verdict;
    expect(verdict(/ThroughListener/)).toBe('ALLOWED');
    expect(verdict(/Direct/)).toBe('BLOCKED');
    expect(verdict(/NoListener/)).toBe('BLOCKED');
  });
});
