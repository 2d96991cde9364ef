import { symbol } from '../../src/assertions/private/addresses';
import { EndpointSpec, INTERNET_ADDRESS, Reachability, S3_ADDRESS, StepResult } from '../../src/assertions/private/reach';
import { TemplateReader } from '../../src/assertions/private/reader';

/**
 * The model against AWS's own semantics (issue #35), one minimal hand-written template per
 * semantic, every step of the flow worked out by hand, as Reachability Analyzer and the VPC user
 * guide read them:
 * https://docs.aws.amazon.com/vpc/latest/reachability/explanation-codes.html
 * https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html
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
const EPH = 'TCP 1024-3388, 3390-65535';
const SRC_OUT = 'source subnet network ACL outbound';
const DST_IN = 'destination subnet network ACL inbound';
const DST_OUT = 'return: destination subnet network ACL outbound (ephemeral ports)';
const SRC_IN = 'return: source subnet network ACL inbound (ephemeral ports)';
const vpc = { Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } } };
const subnet = (id: string, cidr: string) => ({ [id]: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: cidr } } });
const dacl = (name: string, s: string, traffic: string): Row => [name, 'ALLOW', `${s}: default network ACL`, `the subnet uses the VPC's default network ACL, which allows all ${traffic}`];
const none = (name: string): Row => [name, 'ALLOW', 'n/a', 'no subnet at this end (outside every VPC of the template): no network ACL to cross'];

describe('AWS semantics, one template each', () => {
  test('an ACL entry whose RuleNumber is unresolved may stand before a deny: the flow it could decide is UNKNOWN, naming the entry', () => {
    // GIVEN a subnet whose ACL allows TCP 443 from the VPC by an entry numbered by a parameter
    // without a value, and denies everything at 200: the allow may be evaluated first or not
    const template = {
      Parameters: { AllowNumber: { Type: 'Number' } },
      Resources: {
        ...vpc,
        ...subnet('Client', '10.0.1.0/24'),
        ...subnet('Server', '10.0.2.0/24'),
        Acl: { Type: 'AWS::EC2::NetworkAcl', Properties: { VpcId: { Ref: 'Vpc' } } },
        Assoc: { Type: 'AWS::EC2::SubnetNetworkAclAssociation', Properties: { SubnetId: { Ref: 'Server' }, NetworkAclId: { Ref: 'Acl' } } },
        AllowHttps: {
          Type: 'AWS::EC2::NetworkAclEntry',
          Properties: { NetworkAclId: { Ref: 'Acl' }, RuleNumber: { Ref: 'AllowNumber' }, RuleAction: 'allow', Egress: false, Protocol: 6, PortRange: { From: 443, To: 443 }, CidrBlock: '10.0.0.0/16' },
        },
        DenyAll: {
          Type: 'AWS::EC2::NetworkAclEntry',
          Properties: { NetworkAclId: { Ref: 'Acl' }, RuleNumber: 200, RuleAction: 'deny', Egress: false, Protocol: -1, CidrBlock: '0.0.0.0/0' },
        },
        AllowOut: {
          Type: 'AWS::EC2::NetworkAclEntry',
          Properties: { NetworkAclId: { Ref: 'Acl' }, RuleNumber: 100, RuleAction: 'allow', Egress: true, Protocol: -1, CidrBlock: '0.0.0.0/0' },
        },
      },
    };

    // WHEN
    const result = evaluate(template, inSubnet('Client'), inSubnet('Server'));

    // THEN
    expect(result).toEqual({
      allowed: false,
      steps: [
        dacl(SRC_OUT, 'Client', 'TCP 443 to 10.0.2.0/24'),
        [DST_IN, 'UNKNOWN', 'AllowHttps',
          'entry AllowHttps of Acl allows TCP 443 from 10.0.1.0/24, but RuleNumber is {Ref AllowNumber}, which the model cannot resolve: whether it is evaluated before entry 200 (DenyAll), which denies it, is unknown'],
        [DST_OUT, 'ALLOW', 'AllowOut', `entry 100 (AllowOut) of Acl allows ${EPH} to 10.0.1.0/24`],
        dacl(SRC_IN, 'Client', `${EPH} from 10.0.2.0/24`),
      ],
    });
  });
  test('an S3 Express gateway endpoint is not the S3 gateway endpoint: S3 through only it is BLOCKED; the S3 one, matched exactly, carries it', () => {
    // GIVEN two private subnets with no default route: one's table holds only an S3 Express One
    // Zone gateway endpoint (directory buckets only), the other's the S3 gateway endpoint, the
    // region given as CDK writes it (Fn::Join) and as Fn::Sub
    const region = (service: string) => ({ 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, `.${service}`]] });
    const table = (id: string, s: string) => ({
      [id]: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: { Ref: 'Vpc' } } },
      [`${id}Assoc`]: { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { SubnetId: { Ref: s }, RouteTableId: { Ref: id } } },
    });
    const template = {
      Resources: {
        ...vpc,
        ...subnet('Express', '10.0.1.0/24'),
        ...table('ExpressRt', 'Express'),
        ExpressEndpoint: { Type: 'AWS::EC2::VPCEndpoint', Properties: { VpcId: { Ref: 'Vpc' }, ServiceName: region('s3express'), RouteTableIds: [{ Ref: 'ExpressRt' }] } },
        ...subnet('Storage', '10.0.2.0/24'),
        ...table('StorageRt', 'Storage'),
        S3Endpoint: { Type: 'AWS::EC2::VPCEndpoint', Properties: { VpcId: { Ref: 'Vpc' }, ServiceName: { 'Fn::Sub': 'com.amazonaws.${AWS::Region}.s3' }, RouteTableIds: [{ Ref: 'StorageRt' }] } },
      },
    };
    const s3: EndpointSpec = { label: 'Amazon S3', groups: [], subnets: [], address: S3_ADDRESS, outside: 's3' };
    const s3Steps = (s: string, route: Row): Row[] => [
      dacl(SRC_OUT, s, 'TCP 443 to 52.216.0.10/32'), route, none(DST_IN), none(DST_OUT), dacl(SRC_IN, s, `${EPH} from 52.216.0.10/32`),
    ];

    // WHEN
    const express = evaluate(template, inSubnet('Express'), s3);
    const storage = evaluate(template, inSubnet('Storage'), s3);

    // THEN
    expect(express).toEqual({
      allowed: false,
      steps: s3Steps('Express', ['route', 'BLOCK', 'ExpressRt',
        'ExpressRt has no route to 52.216.0.10/32 and no S3 gateway endpoint (gateway endpoint ExpressEndpoint is for S3 Express One Zone (s3express): it carries directory-bucket traffic only, not S3)']),
    });
    expect(storage).toEqual({
      allowed: true,
      steps: s3Steps('Storage', ['route', 'ALLOW', 'S3Endpoint', 'StorageRt has the S3 prefix-list route of gateway endpoint S3Endpoint (more specific than any default route)']),
    });
  });
  test('an internal load balancer is not reachable from the internet: BLOCKED by its scheme, even in a public subnet with an open group', () => {
    // GIVEN an internal ALB in a subnet routed to an internet gateway, its group open to 0.0.0.0/0 on 443
    const template = {
      Resources: {
        ...vpc,
        ...subnet('Public', '10.0.0.0/24'),
        Igw: { Type: 'AWS::EC2::InternetGateway', Properties: {} },
        Rt: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: { Ref: 'Vpc' } } },
        RtAssoc: { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { SubnetId: { Ref: 'Public' }, RouteTableId: { Ref: 'Rt' } } },
        Default: { Type: 'AWS::EC2::Route', Properties: { RouteTableId: { Ref: 'Rt' }, DestinationCidrBlock: '0.0.0.0/0', GatewayId: { Ref: 'Igw' } } },
        AlbSg: {
          Type: 'AWS::EC2::SecurityGroup',
          Properties: { GroupDescription: 'alb', VpcId: { Ref: 'Vpc' }, SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' }] },
        },
        Alb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Scheme: 'internal', Subnets: [{ Ref: 'Public' }], SecurityGroups: [{ Ref: 'AlbSg' }] } },
        Listener: { Type: 'AWS::ElasticLoadBalancingV2::Listener', Properties: { LoadBalancerArn: { Ref: 'Alb' }, Port: 443, Protocol: 'HTTPS', DefaultActions: [] } },
      },
    };
    const internet: EndpointSpec = { label: 'the internet', groups: [], subnets: [], address: INTERNET_ADDRESS, outside: 'internet' };
    const alb: EndpointSpec = { label: 'load balancer Alb', groups: ['AlbSg'], subnets: ['Public'], address: symbol('Alb'), loadBalancer: 'Alb' };

    // WHEN
    const result = evaluate(template, internet, alb);

    // THEN
    expect(result).toEqual({
      allowed: false,
      steps: [
        none(SRC_OUT),
        ['destination load balancer scheme', 'BLOCK', 'Alb',
          "Alb is internal (Scheme: internal): its nodes have private addresses only, so it is not internet accessible, whatever its subnets' routes and its security groups allow"],
        ['route from the internet: destination subnet route table', 'ALLOW', 'Default',
          'Rt of Public sends 198.51.100.10/32 to internet gateway Igw (0.0.0.0/0): the subnet is reachable from the internet, and the replies go back'],
        dacl(DST_IN, 'Public', 'TCP 443 from 198.51.100.10/32'),
        ['destination security group ingress', 'ALLOW', 'AlbSg (inline rule)', 'rule (tcp 443, 0.0.0.0/0) allows TCP 443 from the internet'],
        dacl(DST_OUT, 'Public', `${EPH} to 198.51.100.10/32`),
        none(SRC_IN),
        ['destination load balancer listener', 'ALLOW', 'Listener', 'listener Listener of Alb accepts connections on port 443'],
      ],
    });
  });
});
