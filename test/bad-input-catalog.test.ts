import { CfnParameter, CfnResource, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { newStack } from './util';
import {
  AlbAccessLogBucket, AlbSecurityGroupPair, InternalAlbWithPrivateTargets, LoadBalancerNetworkAcls,
  S3GatewayEndpoint, SecureAlbService, VpcPeering,
} from '../src';

/**
 * The catalog of bad or risky inputs: each is refused with a message that names the prop, the
 * value and what is expected. Those refused at construction leave nothing half-built: the construct
 * ("Subject") holds no CloudFormation resource.
 */
type When = 'construction' | 'synth';
interface Case { readonly name: string; readonly when: When; readonly build: (stack: Stack) => void; readonly message: string }

const cert = () => elbv2.ListenerCertificate.fromArn('arn:aws:acm:eu-west-1:111111111111:certificate/abc');
const vpcOf = (stack: Stack) => new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16') });
const imported = (stack: Stack, cidr?: string) => ec2.Vpc.fromVpcAttributes(stack, 'Imported', {
  vpcId: 'vpc-1', vpcCidrBlock: cidr, availabilityZones: ['eu-west-1a'], privateSubnetIds: ['subnet-1'], privateSubnetRouteTableIds: ['rtb-1'],
});
const PUBLIC = { subnetType: ec2.SubnetType.PUBLIC };
const PRIVATE = { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
const ONE_TO_65535 = 'must be an integer between 1 and 65535';

const cases: Case[] = [
  // ports
  { name: 'target port 0', when: 'construction', build: (s) => new SecureAlbService(s, 'Subject', { targetPort: 0 }), message: `SecureAlbService: \`targetPort\` ${ONE_TO_65535}, got 0` },
  { name: 'a fractional listener port', when: 'construction', build: (s) => new SecureAlbService(s, 'Subject', { listenerPort: 80.5 }), message: `SecureAlbService: \`listenerPort\` ${ONE_TO_65535}, got 80.5` },
  { name: 'a listener port above 65535', when: 'construction', build: (s) => new InternalAlbWithPrivateTargets(s, 'Subject', { listenerPort: 65536 }), message: `InternalAlbWithPrivateTargets: \`listenerPort\` ${ONE_TO_65535}, got 65536` },
  { name: 'a health-check port that is not a number', when: 'construction', build: (s) => new SecureAlbService(s, 'Subject', { healthCheck: { port: 'http' } }), message: "SecureAlbService: `healthCheck.port` must be 'traffic-port' or an integer between 1 and 65535, got 'http'" },
  { name: 'a health-check port out of range', when: 'construction', build: (s) => new SecureAlbService(s, 'Subject', { healthCheck: { port: '70000' } }), message: "SecureAlbService: `healthCheck.port` must be 'traffic-port' or an integer between 1 and 65535, got '70000'" },
  { name: 'an outbound port 0', when: 'construction', build: (s) => new SecureAlbService(s, 'Subject', { targetOutboundPorts: [443, 0] }), message: `SecureAlbService: \`targetOutboundPorts[1]\` ${ONE_TO_65535}, got 0` },
  { name: 'a token where a literal port is required', when: 'construction', build: (s) => new SecureAlbService(s, 'Subject', { targetPort: new CfnParameter(s, 'P', { type: 'Number' }).valueAsNumber }), message: 'SecureAlbService: `targetPort` must be a literal port number (an integer between 1 and 65535), got an unresolved token; the security-group and network-ACL rules are computed from it at synth time' },
  { name: 'a token health-check port', when: 'construction', build: (s) => new SecureAlbService(s, 'Subject', { healthCheck: { port: new CfnParameter(s, 'P').valueAsString } }), message: "SecureAlbService: `healthCheck.port` must be a literal port number or 'traffic-port', got an unresolved token; the rules between the load balancer and the targets are computed from it" },
  // conflicting options
  { name: 'redirectHttp without certificates', when: 'construction', build: (s) => new SecureAlbService(s, 'Subject', { redirectHttp: true }), message: 'SecureAlbService: `redirectHttp` is true but no `certificates` are given: there is no HTTPS listener to redirect to' },
  { name: 'sslPolicy without certificates', when: 'construction', build: (s) => new SecureAlbService(s, 'Subject', { sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS }), message: 'SecureAlbService: `sslPolicy` is set but no `certificates` are given: the listener is plain HTTP' },
  { name: 'HTTPS on 80 with the redirect on 80', when: 'construction', build: (s) => new SecureAlbService(s, 'Subject', { certificates: [cert()], listenerPort: 80 }), message: 'SecureAlbService: `listenerPort` is 80 with certificates and the HTTP redirect on, but the redirect listens on 80; choose another port or set `redirectHttp: false`' },
  { name: 'connection logs without access logs', when: 'construction', build: (s) => new SecureAlbService(s, 'Subject', { accessLogs: false, connectionLogs: true }), message: 'SecureAlbService: `accessLogs` is false but `connectionLogs` is set; turn access logs on or drop that option' },
  // log bucket
  { name: 'a KMS-encrypted log bucket', when: 'construction', build: (s) => new SecureAlbService(s, 'Subject', { accessLogBucket: new s3.Bucket(s, 'Logs', { encryption: s3.BucketEncryption.KMS }) }), message: 'SecureAlbService: `accessLogBucket` (the bucket Test/Logs) is encrypted with a KMS key; ALB log delivery supports only SSE-S3 (BucketEncryption.S3_MANAGED)' },
  { name: 'EventBridge notifications asked of a log bucket of the user\'s', when: 'construction', build: (s) => new SecureAlbService(s, 'Subject', { accessLogBucket: new s3.Bucket(s, 'Logs'), accessLogBucketEventBridge: true }), message: 'SecureAlbService: `accessLogBucketEventBridge` applies to the access-log bucket the construct creates, but `accessLogBucket` is given; set it on that bucket' },
  { name: 'a KMS_MANAGED log bucket', when: 'construction', build: (s) => new SecureAlbService(s, 'Subject', { accessLogBucket: new s3.Bucket(s, 'Logs', { encryption: s3.BucketEncryption.KMS_MANAGED }) }), message: "SecureAlbService: `accessLogBucket` (the bucket Test/Logs) uses server-side encryption 'aws:kms'; ALB log delivery supports only SSE-S3 (BucketEncryption.S3_MANAGED)" },
  { name: 'KMS on the library\'s log bucket', when: 'construction', build: (s) => new AlbAccessLogBucket(s, 'Subject', { encryption: s3.BucketEncryption.KMS }), message: 'AlbAccessLogBucket: `encryption` must be BucketEncryption.S3_MANAGED (SSE-S3), got KMS: ALB log delivery supports only SSE-S3, a KMS-encrypted bucket makes every delivery fail' },
  { name: 'a log prefix with AWSLogs', when: 'construction', build: (s) => new SecureAlbService(s, 'Subject', { accessLogPrefix: 'web/AWSLogs' }), message: "SecureAlbService: `accessLogPrefix` must not contain 'AWSLogs' (the load balancer adds 'AWSLogs/<account>/' itself), got 'web/AWSLogs'" },
  { name: 'a log expiry under a day', when: 'construction', build: (s) => new AlbAccessLogBucket(s, 'Subject', { expiration: Duration.minutes(30) }), message: 'AlbAccessLogBucket: `expiration` must be at least one day, got 30 minutes' },
  // clients
  { name: 'an invalid client CIDR', when: 'construction', build: (s) => new SecureAlbService(s, 'Subject', { clientCidrs: ['203.0.113.0/33'] }), message: "SecureAlbService: `clientCidrs[0]` must be an IPv4 CIDR such as '10.1.0.0/16', got '203.0.113.0/33'" },
  { name: 'an internal load balancer open to 0.0.0.0/0', when: 'construction', build: (s) => new InternalAlbWithPrivateTargets(s, 'Subject', { clientCidrs: ['0.0.0.0/0'] }), message: "InternalAlbWithPrivateTargets: `clientCidrs[0]` is '0.0.0.0/0', but an internal load balancer must never be open to everyone; name the client networks instead (for example '10.1.0.0/16')" },
  { name: 'an internal load balancer open to ::/0', when: 'construction', build: (s) => new InternalAlbWithPrivateTargets(s, 'Subject', { clientCidrs: ['::/0'] }), message: "InternalAlbWithPrivateTargets: `clientCidrs[0]` is '::/0', but an internal load balancer must never be open to everyone; name the client networks instead (for example '10.1.0.0/16')" },
  { name: 'an internal building block open to everyone', when: 'construction', build: (s) => new AlbSecurityGroupPair(s, 'Subject', { vpc: vpcOf(s), internetFacing: false, clients: [ec2.Peer.anyIpv4()] }), message: "AlbSecurityGroupPair: `clients[0]` is '0.0.0.0/0', but an internal load balancer must never be open to everyone; name the client networks instead (for example '10.1.0.0/16')" },
  { name: 'overlapping client CIDRs', when: 'construction', build: (s) => new InternalAlbWithPrivateTargets(s, 'Subject', { clientCidrs: ['10.8.0.0/16', '10.8.4.0/24'] }), message: "InternalAlbWithPrivateTargets: `clientCidrs[1]` ('10.8.4.0/24') overlaps `clientCidrs[0]` ('10.8.0.0/16'); list each client network once" },
  { name: 'a client CIDR inside the VPC', when: 'construction', build: (s) => new InternalAlbWithPrivateTargets(s, 'Subject', { vpc: imported(s, '10.2.0.0/16'), clientCidrs: ['10.2.0.0/24'] }), message: "InternalAlbWithPrivateTargets: `clientCidrs[0]` ('10.2.0.0/24') overlaps the VPC's CIDR ('10.2.0.0/16'); clients in the VPC are allowed already, list only networks outside it" },
  { name: 'a token client CIDR', when: 'construction', build: (s) => new InternalAlbWithPrivateTargets(s, 'Subject', { clientCidrs: [vpcOf(s).vpcCidrBlock] }), message: "InternalAlbWithPrivateTargets: `clientCidrs[0]` must be a literal IPv4 CIDR such as '10.1.0.0/16', got an unresolved token" },
  // subnets and VPCs
  { name: 'an internal load balancer in public subnets', when: 'construction', build: (s) => new InternalAlbWithPrivateTargets(s, 'Subject', { vpc: vpcOf(s), loadBalancerSubnets: PUBLIC }), message: 'InternalAlbWithPrivateTargets: `loadBalancerSubnets` selects 2 public subnet(s) (Test/Vpc/PublicSubnet1, Test/Vpc/PublicSubnet2); an internal load balancer belongs in private subnets (isolated or with egress)' },
  { name: 'an imported VPC without its CIDR', when: 'construction', build: (s) => new InternalAlbWithPrivateTargets(s, 'Subject', { vpc: imported(s) }), message: "InternalAlbWithPrivateTargets: `vpc` must know its IPv4 CIDR block (the documented rules name it), but the imported VPC has none: pass `vpcCidrBlock` to `Vpc.fromVpcAttributes` or use `Vpc.fromLookup` (Cannot perform this operation: 'vpcCidrBlock' was not supplied when creating this VPC)" },
  { name: 'a subnet selection that matches nothing', when: 'construction', build: (s) => new SecureAlbService(s, 'Subject', { vpc: vpcOf(s), targetSubnets: { subnets: [] } }), message: 'SecureAlbService: `targetSubnets` selects no subnet of the VPC; give a selection that matches subnets of `vpc`' },
  { name: 'partially overlapping load balancer and target subnets', when: 'construction', build: (s) => { const vpc = vpcOf(s); new LoadBalancerNetworkAcls(s, 'Subject', { vpc, loadBalancerSubnets: PUBLIC, targetSubnets: { subnets: [vpc.publicSubnets[0], vpc.privateSubnets[0]] } }); }, message: 'LoadBalancerNetworkAcls: `loadBalancerSubnets` and `targetSubnets` partially overlap (1 shared subnets): a subnet has one network ACL, so select either the same subnets or disjoint ones' },
  { name: 'a bad NAT gateway port', when: 'construction', build: (s) => new SecureAlbService(s, 'Subject', { vpc: vpcOf(s), natGatewayPorts: [70000] }), message: 'SecureAlbService: `natGatewayPorts[0]` must be an integer between 1 and 65535, got 70000' },
  { name: 'subnets that already have two different ACLs of the library', when: 'construction', build: (s) => { const vpc = vpcOf(s); new LoadBalancerNetworkAcls(s, 'One', { vpc, loadBalancerSubnets: PUBLIC, targetSubnets: { subnets: [vpc.privateSubnets[0]] } }); new LoadBalancerNetworkAcls(s, 'Two', { vpc, loadBalancerSubnets: PUBLIC, targetSubnets: { subnets: [vpc.privateSubnets[1]] } }); new LoadBalancerNetworkAcls(s, 'Subject', { vpc, loadBalancerSubnets: PUBLIC, targetSubnets: PRIVATE }); }, message: 'LoadBalancerNetworkAcls: `targetSubnets` selects subnets that already have different network ACLs of this library: Test/One/TargetAcl (Test/Vpc/PrivateSubnet1) and Test/Two/TargetAcl (Test/Vpc/PrivateSubnet2); a subnet has one network ACL, so select subnets that share one, or the same subnets as the other construct' },
  { name: 'a subnet with the user\'s own ACL too', when: 'synth', build: (s) => { const vpc = vpcOf(s); new LoadBalancerNetworkAcls(s, 'Subject', { vpc, loadBalancerSubnets: PUBLIC, targetSubnets: PRIVATE }); new ec2.NetworkAcl(s, 'Mine', { vpc, subnetSelection: { subnets: [vpc.privateSubnets[0]] } }); }, message: 'LoadBalancerNetworkAcls: the subnet Test/Vpc/PrivateSubnet1 is associated with two network ACLs (Test/Subject/TargetAcl/DefaultAssociationTestVpcPrivateSubnet1CFDEB464/Resource and Test/Mine/DefaultAssociationTestVpcPrivateSubnet1CFDEB464/Resource); a subnet has one network ACL: remove one association, or let this construct\'s ACL carry your entries (`addEntry` with a rule number outside its band)' },
  { name: 'target networks that are everyone', when: 'construction', build: (s) => new SecureAlbService(s, 'Subject', { vpc: vpcOf(s), targetCidrs: ['0.0.0.0/0'] }), message: "SecureAlbService: `targetCidrs[0]` is '0.0.0.0/0', but the load balancer never sends to everyone; name the target networks (for example '10.3.0.0/16')" },
  { name: 'a target network inside the VPC', when: 'construction', build: (s) => new InternalAlbWithPrivateTargets(s, 'Subject', { vpc: imported(s, '10.2.0.0/16'), targetCidrs: ['10.2.8.0/24'] }), message: "InternalAlbWithPrivateTargets: `targetCidrs[0]` ('10.2.8.0/24') overlaps the VPC's CIDR ('10.2.0.0/16'); targets in the VPC are reached through the target security group, list only networks outside it" },
  { name: 'a malformed target network', when: 'construction', build: (s) => new SecureAlbService(s, 'Subject', { vpc: vpcOf(s), targetCidrs: ['10.3.0.1/16'] }), message: "SecureAlbService: `targetCidrs[0]` has host bits set: got '10.3.0.1/16', expected '10.3.0.0/16'" },
  { name: 'a port for Lambda targets', when: 'construction', build: (s) => new SecureAlbService(s, 'Subject', { vpc: vpcOf(s), targetType: elbv2.TargetType.LAMBDA, targetPort: 8080 }), message: 'SecureAlbService: `targetPort` is set, but the targets are Lambda functions, which have no port or protocol (the service invokes them); drop `targetPort`' },
  { name: 'no identity provider network', when: 'construction', build: (s) => new SecureAlbService(s, 'Subject', { vpc: vpcOf(s), identityProviderCidrs: [] }), message: "SecureAlbService: `identityProviderCidrs` is an empty list, which would block every login; leave it undefined for '0.0.0.0/0' or name the identity provider's networks" },
  { name: 'a malformed identity provider network', when: 'construction', build: (s) => new SecureAlbService(s, 'Subject', { vpc: vpcOf(s), identityProviderCidrs: ['login.example.com'] }), message: "SecureAlbService: `identityProviderCidrs[0]` must be an IPv4 CIDR such as '10.1.0.0/16', got 'login.example.com'" },
  { name: 'a listener open to everyone on a service with narrowed clients', when: 'synth', build: (s) => { const svc = new SecureAlbService(s, 'Subject', { vpc: vpcOf(s), clientCidrs: ['203.0.113.0/24'] }); svc.loadBalancer.addListener('Extra', { port: 8080, defaultTargetGroups: [svc.targetGroup] }); svc.allowListenerPort(8080); }, message: 'SecureAlbService: `clientCidrs` is ["203.0.113.0/24"], but the load balancer\'s security group allows port 8080 from everyone (0.0.0.0/0 or ::/0), as a listener added with aws-cdk-lib\'s default `open: true` does; add it with `open: false` and call `allowListenerPort(8080)` on the construct' },
  { name: 'a VPC peering with itself', when: 'construction', build: (s) => { const vpc = vpcOf(s); new VpcPeering(s, 'Subject', { vpc, peerVpc: vpc }); }, message: 'VpcPeering: `peerVpc` is the same VPC as `vpc`; a VPC cannot peer with itself' },
  // DNS
  { name: 'an invalid DNS name', when: 'construction', build: (s) => new InternalAlbWithPrivateTargets(s, 'Subject', { privateDnsName: 'alb..home' }), message: "InternalAlbWithPrivateTargets: `privateDnsName` must be a lower-case DNS name with at least two labels, such as 'alb.home', got 'alb..home'" },
  { name: 'a DNS name outside the given zone', when: 'construction', build: (s) => new InternalAlbWithPrivateTargets(s, 'Subject', { privateDnsName: 'alb.home', privateHostedZone: route53.HostedZone.fromHostedZoneAttributes(s, 'Z', { hostedZoneId: 'Z1', zoneName: 'corp.example' }) }), message: "InternalAlbWithPrivateTargets: `privateDnsName` 'alb.home' is not in the zone `privateHostedZone` ('corp.example')" },
  { name: 'client VPCs without a DNS name', when: 'construction', build: (s) => new InternalAlbWithPrivateTargets(s, 'Subject', { clientVpcs: [vpcOf(s)] }), message: "InternalAlbWithPrivateTargets: `clientVpcs` is set but `privateDnsName` is not; name the record (for example 'alb.home')" },
  // network ACL numbering and quotas
  { name: 'a rule-number band outside the ACL range', when: 'construction', build: (s) => new LoadBalancerNetworkAcls(s, 'Subject', { vpc: vpcOf(s), loadBalancerSubnets: PUBLIC, targetSubnets: PRIVATE, ruleNumberBase: 32700 }), message: 'LoadBalancerNetworkAcls: `ruleNumberBase` must be an integer between 1 and 32667 (the band spans 100 numbers), got 32700' },
  { name: 'an L3 rule-number band outside the ACL range', when: 'construction', build: (s) => new SecureAlbService(s, 'Subject', { ruleNumberBase: 32700 }), message: 'SecureAlbService: `ruleNumberBase` must be an integer between 1 and 32667 (the band spans 100 numbers), got 32700' },
  { name: 'an L3 entry limit above the raisable quota', when: 'construction', build: (s) => new InternalAlbWithPrivateTargets(s, 'Subject', { maxEntriesPerDirection: 41 }), message: 'InternalAlbWithPrivateTargets: `maxEntriesPerDirection` must be an integer between 1 and 40 (the quota can be raised to 40), got 41' },
  { name: 'more ACL entries than the quota', when: 'synth', build: (s) => new LoadBalancerNetworkAcls(s, 'Subject', { vpc: vpcOf(s), loadBalancerSubnets: PUBLIC, targetSubnets: PRIVATE, listenerPorts: Array.from({ length: 17 }, (_, i) => 8000 + i) }), message: 'LoadBalancerNetworkAcls: the network ACL Test/Subject/LoadBalancerAcl has 21 inbound entries, more than `maxEntriesPerDirection` (20, the default quota is 20); use fewer listener ports, client CIDRs or outbound ports, or raise the quota and `maxEntriesPerDirection`' },
  { name: 'a user entry colliding with the construct\'s band', when: 'synth', build: (s) => { const acls = new LoadBalancerNetworkAcls(s, 'Subject', { vpc: vpcOf(s), loadBalancerSubnets: PUBLIC, targetSubnets: PRIVATE }); acls.targetAcl.addEntry('Ssh', { ruleNumber: 150, cidr: ec2.AclCidr.ipv4('10.9.0.0/16'), traffic: ec2.AclTraffic.tcpPort(22), direction: ec2.TrafficDirection.INGRESS }); }, message: 'LoadBalancerNetworkAcls: the entry Test/Subject/TargetAcl/Ssh/Resource uses rule number 150, inside the band 100-199 this construct manages; number your own entries below 100 (evaluated first) or from 200 (evaluated after), or move the band with `ruleNumberBase`' },
  { name: 'two entries with one rule number', when: 'synth', build: (s) => { const acls = new LoadBalancerNetworkAcls(s, 'Subject', { vpc: vpcOf(s), loadBalancerSubnets: PUBLIC, targetSubnets: PRIVATE }); for (const id of ['A', 'B']) acls.targetAcl.addEntry(id, { ruleNumber: 50, cidr: ec2.AclCidr.ipv4('10.9.0.0/16'), traffic: ec2.AclTraffic.tcpPort(22), direction: ec2.TrafficDirection.INGRESS }); }, message: 'LoadBalancerNetworkAcls: the inbound entries Test/Subject/TargetAcl/A/Resource and Test/Subject/TargetAcl/B/Resource of Test/Subject/TargetAcl both use rule number 50; rule numbers must be unique per direction' },
  { name: 'more security-group rules than the quota', when: 'synth', build: (s) => new AlbSecurityGroupPair(s, 'Subject', { vpc: vpcOf(s), listenerPorts: Array.from({ length: 61 }, (_, i) => 8000 + i) }), message: 'AlbSecurityGroupPair: the security group Test/Subject/LoadBalancer has 61 inbound rules, more than `maxRulesPerDirection` (60, the default quota is 60); use fewer listener ports or clients, or raise the quota and `maxRulesPerDirection`' },
  // endpoint
  { name: 'an endpoint policy with no bucket', when: 'construction', build: (s) => new S3GatewayEndpoint(s, 'Subject', { vpc: vpcOf(s), allowedBuckets: [] }), message: 'S3GatewayEndpoint: `allowedBuckets` is an empty list, which would block all S3 traffic through the endpoint; leave it undefined for no restriction' },
  // later additions through the exposed parts
  { name: 'a listener added without opening its port', when: 'synth', build: (s) => { const svc = new SecureAlbService(s, 'Subject'); svc.loadBalancer.addListener('Extra', { port: 8443, protocol: elbv2.ApplicationProtocol.HTTP, open: false, defaultTargetGroups: [svc.targetGroup] }); }, message: 'SecureAlbService: the listener Test/Subject/LoadBalancer/Extra/Resource uses port 8443, which the security groups and network ACLs do not open; call `allowListenerPort(8443)` on the construct (and add the listener with `open: false`)' },
  { name: 'an internal listener opened to the world', when: 'synth', build: (s) => { const alb = new InternalAlbWithPrivateTargets(s, 'Subject'); alb.loadBalancer.addListener('Extra', { port: 8080, open: true, defaultTargetGroups: [alb.targetGroup] }); alb.allowListenerPort(8080); }, message: 'InternalAlbWithPrivateTargets: the security group of this internal load balancer allows inbound traffic from everyone (0.0.0.0/0 or ::/0); add listeners with `open: false` and allow only the client networks' },
];

describe('bad input catalog', () => {
  test('holds at least 25 bad or risky inputs', () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
    expect(new Set(cases.map((c) => c.name)).size).toEqual(cases.length);
  });

  test.each(cases.map((c) => [c.name, c] as const))('names the construct the user called: %s', (_name, c) => {
    // the construct created as 'Subject' is the one the user called; its name opens the message
    const called = /new (?:\w+\.)?(\w+)\(s, 'Subject'/.exec(c.build.toString())?.[1];
    expect(called).toBeDefined();
    expect(c.message.split(':')[0]).toEqual(called);
  });

  test.each(cases.map((c) => [c.name, c] as const))('fails on %s', (_name, c) => {
    const stack = newStack();
    if (c.when === 'construction') {
      expect(() => c.build(stack)).toThrow(c.message);
      // nothing half-built: the construct holds no CloudFormation resource
      const subject = stack.node.tryFindChild('Subject');
      const resources = subject ? subject.node.findAll().filter((x) => CfnResource.isCfnResource(x)) : [];
      expect(resources.map((r) => r.node.path)).toEqual([]);
    } else {
      c.build(stack);
      expect(() => Template.fromStack(stack)).toThrow(c.message);
    }
  });
});
