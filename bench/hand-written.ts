import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** [direction, cidr ('vpc' or literal), from, to] of the entries SecureAlbService writes by default (8080/8081, NAT in the public subnets). */
type Entry = ['in' | 'out', string, number, number];
const LB_ENTRIES: Entry[] = [
  ['in', '0.0.0.0/0', 80, 80], ['in', 'vpc', 1024, 65535], ['out', 'vpc', 8080, 8080], ['out', 'vpc', 8081, 8081],
  ['out', '0.0.0.0/0', 1024, 65535], ['in', 'vpc', 443, 443], ['out', '0.0.0.0/0', 443, 443], ['in', '0.0.0.0/0', 1024, 65535],
  ['out', 'vpc', 1024, 65535],
];
const TARGET_ENTRIES: Entry[] = [
  ['in', 'vpc', 8080, 8080], ['in', 'vpc', 8081, 8081], ['out', 'vpc', 1024, 65535], ['out', '0.0.0.0/0', 443, 443], ['in', '0.0.0.0/0', 1024, 65535],
];

function acl(scope: Construct, id: string, vpc: ec2.Vpc, subnetType: ec2.SubnetType, entries: Entry[], icmp: boolean): void {
  const nacl = new ec2.NetworkAcl(scope, id, { vpc, subnetSelection: { subnetType } });
  let n = { in: 100, out: 100 };
  entries.forEach(([direction, cidr, from, to], i) => {
    nacl.addEntry(`E${i}`, {
      ruleNumber: n[direction]++,
      cidr: cidr === 'vpc' ? ec2.AclCidr.ipv4(vpc.vpcCidrBlock) : ec2.AclCidr.ipv4(cidr),
      traffic: ec2.AclTraffic.tcpPortRange(from, to),
      direction: direction === 'in' ? ec2.TrafficDirection.INGRESS : ec2.TrafficDirection.EGRESS,
    });
  });
  if (icmp) {
    nacl.addEntry('Icmp', { ruleNumber: n.in++, cidr: ec2.AclCidr.ipv4(vpc.vpcCidrBlock), traffic: ec2.AclTraffic.icmp({ type: 3, code: 4 }), direction: ec2.TrafficDirection.INGRESS });
  }
}

/**
 * The same security as `new SecureAlbService(scope, id, { targetPort: 8080, healthCheck: { port: '8081' } })`,
 * written by hand with aws-cdk-lib L2 constructs: VPC, ALB, listener, target group, both security
 * groups with the health-check port, both network ACLs, the log bucket and its policy, the S3 endpoint.
 */
export function handWrittenService(scope: Construct, id: string): void {
  const c = new Construct(scope, id);
  const vpc = new ec2.Vpc(c, 'Vpc', {
    maxAzs: 2,
    subnetConfiguration: [
      { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
      { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
    ],
    flowLogs: { FlowLogs: { trafficType: ec2.FlowLogTrafficType.ALL } },
  });
  const lbSg = new ec2.SecurityGroup(c, 'LbSg', { vpc, allowAllOutbound: false });
  const tgSg = new ec2.SecurityGroup(c, 'TgSg', { vpc, allowAllOutbound: false });
  lbSg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(80));
  lbSg.connections.allowTo(tgSg, ec2.Port.tcp(8080));
  lbSg.connections.allowTo(tgSg, ec2.Port.tcp(8081));
  tgSg.addIngressRule(ec2.Peer.ipv4(vpc.vpcCidrBlock), ec2.Port.icmpTypeAndCode(3, 4));
  tgSg.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443));
  acl(c, 'LbAcl', vpc, ec2.SubnetType.PUBLIC, LB_ENTRIES, false);
  acl(c, 'TgAcl', vpc, ec2.SubnetType.PRIVATE_WITH_EGRESS, TARGET_ENTRIES, true);

  const bucket = new s3.Bucket(c, 'Logs', {
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    versioned: true,
    removalPolicy: RemovalPolicy.RETAIN,
    lifecycleRules: [{
      expiration: Duration.days(90),
      noncurrentVersionExpiration: Duration.days(90),
      abortIncompleteMultipartUploadAfter: Duration.days(1),
    }],
  });
  bucket.addToResourcePolicy(new iam.PolicyStatement({
    principals: [new iam.ServicePrincipal('logdelivery.elasticloadbalancing.amazonaws.com')],
    actions: ['s3:PutObject'],
    resources: [bucket.arnForObjects(`alb/AWSLogs/${Stack.of(c).account}/*`)],
  }));

  const lb = new elbv2.ApplicationLoadBalancer(c, 'Lb', {
    vpc, internetFacing: true, securityGroup: lbSg, dropInvalidHeaderFields: true, deletionProtection: true,
  });
  lb.setAttribute('access_logs.s3.enabled', 'true');
  lb.setAttribute('access_logs.s3.bucket', bucket.bucketName);
  lb.setAttribute('access_logs.s3.prefix', 'alb');
  lb.node.addDependency(bucket.policy!);
  const tg = new elbv2.ApplicationTargetGroup(c, 'Tg', {
    vpc, port: 8080, protocol: elbv2.ApplicationProtocol.HTTP, healthCheck: { port: '8081' }, targetType: elbv2.TargetType.INSTANCE,
  });
  lb.addListener('Listener', { port: 80, open: false, defaultTargetGroups: [tg] });
  new ec2.GatewayVpcEndpoint(c, 'S3', { vpc, service: ec2.GatewayVpcEndpointAwsService.S3, subnets: [{ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }] });
}
