import { symbol } from '../../src/assertions/private/addresses';
import { resolveEnd } from '../../src/assertions/private/endpoints';
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

/** A flow between ends as `FlowEndpoint` asks for them (`internet`, or a resource of the template), resolved against the template. */
function evaluateEnds(template: object, src: string, dst: string, port = 443) {
  const t = new TemplateReader(template);
  const end = (id: string) => resolveEnd(t, id === 'internet'
    ? { kind: 'internet', value: '', subnets: [], label: 'the internet' }
    : { kind: 'resource', value: id, subnets: [], label: id });
  const result = new Reachability(t).evaluate(end(src), end(dst), port);
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

  describe('the VPC default security group (items 8 and 9)', () => {
    // A public subnet (0.0.0.0/0 to an internet gateway) on the default network ACL.
    // https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html
    const publicSubnet = {
      ...vpc,
      ...subnet('Public', '10.0.0.0/24'),
      Igw: { Type: 'AWS::EC2::InternetGateway', Properties: {} },
      Rt: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: { Ref: 'Vpc' } } },
      RtAssoc: { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { SubnetId: { Ref: 'Public' }, RouteTableId: { Ref: 'Rt' } } },
      Default: { Type: 'AWS::EC2::Route', Properties: { RouteTableId: { Ref: 'Rt' }, DestinationCidrBlock: '0.0.0.0/0', GatewayId: { Ref: 'Igw' } } },
    };
    const listener = { Type: 'AWS::ElasticLoadBalancingV2::Listener', Properties: { LoadBalancerArn: { Ref: 'Alb' }, Port: 443, Protocol: 'HTTPS', DefaultActions: [] } };
    const fromInternet = (sg: Row): Row[] => [
      none(SRC_OUT),
      ['route from the internet: destination subnet route table', 'ALLOW', 'Default',
        'Rt of Public sends 198.51.100.10/32 to internet gateway Igw (0.0.0.0/0): the subnet is reachable from the internet, and the replies go back'],
      dacl(DST_IN, 'Public', 'TCP 443 from 198.51.100.10/32'),
      sg,
      dacl(DST_OUT, 'Public', `${EPH} to 198.51.100.10/32`),
      none(SRC_IN),
      ['destination load balancer listener', 'ALLOW', 'Listener', 'listener Listener of Alb accepts connections on port 443'],
    ];

    test('an application load balancer with no SecurityGroups is in the VPC\'s default group: its AWS default rules admit only the group itself (BLOCKED), a rule the template adds to it decides (ALLOWED)', () => {
      // GIVEN an internet-facing ALB in the public subnet that names no security group
      // https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/elb-security-groups.html
      const template = {
        Resources: {
          ...publicSubnet,
          Alb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Scheme: 'internet-facing', Subnets: [{ Ref: 'Public' }] } },
          Listener: listener,
        },
      };
      const opened = {
        Resources: {
          ...template.Resources,
          // a rule on the default group, as CDK writes one for `vpc.vpcDefaultSecurityGroup`
          OpenDefault: {
            Type: 'AWS::EC2::SecurityGroupIngress',
            Properties: { GroupId: { 'Fn::GetAtt': ['Vpc', 'DefaultSecurityGroup'] }, IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' },
          },
        },
      };

      // WHEN
      const closed = evaluateEnds(template, 'internet', 'Alb');
      const open = evaluateEnds(opened, 'internet', 'Alb');

      // THEN the group step is never skipped: the default group decides it
      expect(closed).toEqual({
        allowed: false,
        steps: fromInternet(['destination security group ingress', 'BLOCK', 'Vpc.DefaultSecurityGroup',
          'no ingress rule of Vpc.DefaultSecurityGroup allows TCP 443 from the internet']),
      });
      expect(open).toEqual({
        allowed: true,
        steps: fromInternet(['destination security group ingress', 'ALLOW', 'OpenDefault', 'rule (tcp 443, 0.0.0.0/0) allows TCP 443 from the internet']),
      });
    });

    test('a load balancer with no SecurityGroups in a VPC outside the template: its default group is UNKNOWN; a network load balancer without groups has no group step', () => {
      // GIVEN an ALB and an NLB in an imported subnet (a literal id, no VPC of the template)
      const template = {
        Resources: {
          Alb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Subnets: ['subnet-0abc'] } },
          Listener: listener,
          Nlb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Type: 'network', Subnets: ['subnet-0abc'] } },
        },
      };

      // WHEN
      const alb = evaluateEnds(template, 'internet', 'Alb');
      const nlb = evaluateEnds(template, 'internet', 'Nlb');

      // THEN
      expect(alb.steps.find((x) => x[0] === 'destination security group ingress')).toEqual(['destination security group ingress', 'UNKNOWN', 'the VPC default security group',
        'whether TCP 443 from the internet is allowed is unknown: the VPC default security group is outside the template (its rules are unknown)']);
      expect(alb.allowed).toBe(false);
      // an NLB created without security groups filters nothing (AWS cannot add groups to it later)
      // https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-security-groups.html
      expect(nlb.steps.map((x) => x[0])).not.toContain('destination security group ingress');
    });

    test('an instance with no groups is in the VPC\'s default group: a rule whose source is Fn::GetAtt [Vpc, DefaultSecurityGroup] admits it, and the AWS default egress lets it out', () => {
      // GIVEN an instance in the public subnet that names no group, and a server whose group admits
      // TCP 8080 from the VPC's default group
      const template = {
        Resources: {
          ...publicSubnet,
          Client: { Type: 'AWS::EC2::Instance', Properties: { SubnetId: { Ref: 'Public' } } },
          ServerSg: {
            Type: 'AWS::EC2::SecurityGroup',
            Properties: {
              GroupDescription: 'server',
              VpcId: { Ref: 'Vpc' },
              SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, SourceSecurityGroupId: { 'Fn::GetAtt': ['Vpc', 'DefaultSecurityGroup'] } }],
            },
          },
          Server: { Type: 'AWS::EC2::Instance', Properties: { SubnetId: { Ref: 'Public' }, SecurityGroupIds: [{ Ref: 'ServerSg' }] } },
          Peer: { Type: 'AWS::EC2::Instance', Properties: { SubnetId: { Ref: 'Public' } } },
        },
      };
      const same = (name: string): Row => [name, 'ALLOW', 'n/a', 'traffic within one subnet does not cross its network ACL'];

      // WHEN
      const toServer = evaluateEnds(template, 'Client', 'Server', 8080);
      const toPeer = evaluateEnds(template, 'Client', 'Peer', 22);
      const fromServer = evaluateEnds(template, 'Server', 'Client', 22);

      // THEN the client is in the group the rule names
      expect(toServer).toEqual({
        allowed: true,
        steps: [
          ['source security group egress', 'ALLOW', "Vpc.DefaultSecurityGroup (AWS default rule of the VPC's default security group)", 'rule (all traffic, 0.0.0.0/0) allows TCP 8080 to instance Server'],
          same(SRC_OUT),
          same(DST_IN),
          ['destination security group ingress', 'ALLOW', 'ServerSg (inline rule)', 'rule (tcp 8080, group Vpc.DefaultSecurityGroup) allows TCP 8080 from instance Client'],
          same(DST_OUT),
          same(SRC_IN),
        ],
      });
      // the default group admits all traffic from its own members
      expect(toPeer.steps.find((x) => x[0] === 'destination security group ingress')).toEqual(['destination security group ingress', 'ALLOW',
        "Vpc.DefaultSecurityGroup (AWS default rule of the VPC's default security group)", 'rule (all traffic, group Vpc.DefaultSecurityGroup) allows TCP 22 from instance Client']);
      expect(toPeer.allowed).toBe(true);
      // and nothing else: the server is not in it
      expect(fromServer.steps.find((x) => x[0] === 'destination security group ingress')).toEqual(['destination security group ingress', 'BLOCK',
        'Vpc.DefaultSecurityGroup', 'no ingress rule of Vpc.DefaultSecurityGroup allows TCP 22 from instance Server']);
    });

    test('aws-cdk-lib\'s Custom::VpcRestrictDefaultSG revokes the default group\'s AWS rules: BLOCKED; under an undecided condition: UNKNOWN', () => {
      // GIVEN two instances without groups in a VPC whose default group CDK restricts
      const restrict = { Type: 'Custom::VpcRestrictDefaultSG', Properties: { ServiceToken: 'arn:aws:lambda:eu-west-1:111111111111:function:x', DefaultSecurityGroupId: { 'Fn::GetAtt': ['Vpc', 'DefaultSecurityGroup'] } } };
      const resources = {
        ...publicSubnet,
        A: { Type: 'AWS::EC2::Instance', Properties: { SubnetId: { Ref: 'Public' } } },
        B: { Type: 'AWS::EC2::Instance', Properties: { SubnetId: { Ref: 'Public' } } },
      };
      const restricted = { Resources: { ...resources, Restrict: restrict } };
      const maybe = {
        Parameters: { Restricted: { Type: 'String' } },
        Conditions: { IsRestricted: { 'Fn::Equals': [{ Ref: 'Restricted' }, 'yes'] } },
        Resources: { ...resources, Restrict: { ...restrict, Condition: 'IsRestricted' } },
      };

      // WHEN
      const closed = evaluateEnds(restricted, 'A', 'B', 22);
      const unsure = evaluateEnds(maybe, 'A', 'B', 22);

      // THEN
      expect(closed.steps.filter((x) => x[0].includes('security group'))).toEqual([
        ['source security group egress', 'BLOCK', 'Vpc.DefaultSecurityGroup', 'no egress rule of Vpc.DefaultSecurityGroup allows TCP 22 to instance B'],
        ['destination security group ingress', 'BLOCK', 'Vpc.DefaultSecurityGroup', 'no ingress rule of Vpc.DefaultSecurityGroup allows TCP 22 from instance A'],
      ]);
      expect(closed.allowed).toBe(false);
      const why = 'Restrict exists only if condition IsRestricted holds, which depends on Restricted the model cannot resolve, and it revokes this AWS default rule of Vpc.DefaultSecurityGroup';
      expect(unsure.steps.filter((x) => x[0].includes('security group'))).toEqual([
        ['source security group egress', 'UNKNOWN', 'Vpc.DefaultSecurityGroup',
          `whether TCP 22 to instance B is allowed is unknown: no egress rule of Vpc.DefaultSecurityGroup allows TCP 22 to instance B (Vpc.DefaultSecurityGroup: ${why})`],
        ['destination security group ingress', 'UNKNOWN', 'Vpc.DefaultSecurityGroup',
          `whether TCP 22 from instance A is allowed is unknown: no ingress rule of Vpc.DefaultSecurityGroup allows TCP 22 from instance A (Vpc.DefaultSecurityGroup: ${why})`],
      ]);
    });
  });

  describe('network interfaces and fixed private addresses (items 10 and 13)', () => {
    // Front: a public subnet (0.0.0.0/0 to an internet gateway); Back: a private one (no route out).
    // Both on the default network ACL unless a test gives Back its own.
    // https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-eni.html
    const twoSubnets = {
      ...vpc,
      ...subnet('Front', '10.0.1.0/24'),
      ...subnet('Back', '10.0.2.0/24'),
      Igw: { Type: 'AWS::EC2::InternetGateway', Properties: {} },
      Rt: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: { Ref: 'Vpc' } } },
      RtAssoc: { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { SubnetId: { Ref: 'Front' }, RouteTableId: { Ref: 'Rt' } } },
      Default: { Type: 'AWS::EC2::Route', Properties: { RouteTableId: { Ref: 'Rt' }, DestinationCidrBlock: '0.0.0.0/0', GatewayId: { Ref: 'Igw' } } },
      WebSg: {
        Type: 'AWS::EC2::SecurityGroup',
        Properties: { GroupDescription: 'web', VpcId: { Ref: 'Vpc' }, SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' }] },
      },
      AdminSg: {
        Type: 'AWS::EC2::SecurityGroup',
        Properties: { GroupDescription: 'admin', VpcId: { Ref: 'Vpc' }, SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '10.0.0.0/16' }] },
      },
      // an operator's instance in Back (the VPC's default group: all out)
      Ops: { Type: 'AWS::EC2::Instance', Properties: { SubnetId: { Ref: 'Back' } } },
    };
    // the web interface (device 0) in Front with WebSg, the admin one (device 1) in Back with AdminSg
    const inline = {
      Resources: {
        ...twoSubnets,
        Dual: {
          Type: 'AWS::EC2::Instance',
          Properties: {
            NetworkInterfaces: [
              { DeviceIndex: '1', SubnetId: { Ref: 'Back' }, GroupSet: [{ Ref: 'AdminSg' }] },
              { DeviceIndex: '0', SubnetId: { Ref: 'Front' }, GroupSet: [{ Ref: 'WebSg' }] },
            ],
          },
        },
      },
    };
    // the same, the admin interface an AWS::EC2::NetworkInterface attached by AWS::EC2::NetworkInterfaceAttachment
    const attached = {
      Resources: {
        ...twoSubnets,
        Dual: { Type: 'AWS::EC2::Instance', Properties: { SubnetId: { Ref: 'Front' }, SecurityGroupIds: [{ Ref: 'WebSg' }] } },
        AdminEni: { Type: 'AWS::EC2::NetworkInterface', Properties: { SubnetId: { Ref: 'Back' }, GroupSet: [{ Ref: 'AdminSg' }] } },
        Attach: { Type: 'AWS::EC2::NetworkInterfaceAttachment', Properties: { InstanceId: { Ref: 'Dual' }, NetworkInterfaceId: { Ref: 'AdminEni' }, DeviceIndex: 1 } },
      },
    };
    const via = (role: string, iface: string, subnetId: string, group: string): Row => [`${role} network interface`, 'ALLOW', iface,
      `instance Dual has 2 network interfaces, each with its own security groups and subnet: this path is through ${iface} (in ${subnetId}, groups ${group}); the flow passes through any of them, and is blocked only when it is through each`];

    test.each([
      ['inline NetworkInterfaces with DeviceIndex', inline, 'instance Dual, network interface 0', 'instance Dual, network interface 1'],
      ['a NetworkInterfaceAttachment', attached, 'instance Dual, network interface 0', 'instance Dual, network interface 1 (AdminEni)'],
    ])('an instance with two interfaces (%s) is one place per interface, each with its own groups and subnet', (_, template, web, admin) => {
      // WHEN
      const https = evaluateEnds(template, 'internet', 'Dual');
      const ssh = evaluateEnds(template, 'internet', 'Dual', 22);
      const fromOps = evaluateEnds(template, 'Ops', 'Dual', 22);

      // THEN the internet reaches the web interface on 443 (the admin one, in Back, has no route from
      // the internet: with both interfaces' groups on each, the flow was BLOCKED by Back's route)
      expect(https).toEqual({
        allowed: true,
        steps: [
          via('destination', web, 'Front', 'WebSg'),
          none(SRC_OUT),
          ['route from the internet: destination subnet route table', 'ALLOW', 'Default',
            'Rt of Front sends 198.51.100.10/32 to internet gateway Igw (0.0.0.0/0): the subnet is reachable from the internet, and the replies go back'],
          dacl(DST_IN, 'Front', 'TCP 443 from 198.51.100.10/32'),
          ['destination security group ingress', 'ALLOW', 'WebSg (inline rule)', 'rule (tcp 443, 0.0.0.0/0) allows TCP 443 from the internet'],
          dacl(DST_OUT, 'Front', `${EPH} to 198.51.100.10/32`),
          none(SRC_IN),
        ],
      });
      // 22 from the internet: the web interface's group does not admit it (the first path that blocks),
      // and the admin interface is not reachable from the internet
      expect(ssh.allowed).toBe(false);
      expect(ssh.steps[0]).toEqual(via('destination', web, 'Front', 'WebSg'));
      expect(ssh.steps.filter((x) => x[1] === 'BLOCK')).toEqual([
        ['destination security group ingress', 'BLOCK', 'WebSg', 'no ingress rule of WebSg allows TCP 22 from the internet'],
      ]);
      // 22 from the operator's subnet: through the admin interface (same subnet, its own group)
      expect(fromOps).toEqual({
        allowed: true,
        steps: [
          via('destination', admin, 'Back', 'AdminSg'),
          ['source security group egress', 'ALLOW', "Vpc.DefaultSecurityGroup (AWS default rule of the VPC's default security group)", `rule (all traffic, 0.0.0.0/0) allows TCP 22 to ${admin}`],
          [SRC_OUT, 'ALLOW', 'n/a', 'traffic within one subnet does not cross its network ACL'],
          [DST_IN, 'ALLOW', 'n/a', 'traffic within one subnet does not cross its network ACL'],
          ['destination security group ingress', 'ALLOW', 'AdminSg (inline rule)', 'rule (tcp 22, 10.0.0.0/16) allows TCP 22 from instance Ops'],
          [DST_OUT, 'ALLOW', 'n/a', 'traffic within one subnet does not cross its network ACL'],
          [SRC_IN, 'ALLOW', 'n/a', 'traffic within one subnet does not cross its network ACL'],
        ],
      });
    });

    test('an instance\'s fixed PrivateIpAddress (or its interface\'s primary PrivateIpAddresses) is its address: a /25 entry that admits it decides', () => {
      // GIVEN Back's ACL admits TCP 8080 only from 10.0.1.0/25 (the lower half of Front), and replies to it
      const acl = {
        Acl: { Type: 'AWS::EC2::NetworkAcl', Properties: { VpcId: { Ref: 'Vpc' } } },
        AclAssoc: { Type: 'AWS::EC2::SubnetNetworkAclAssociation', Properties: { SubnetId: { Ref: 'Back' }, NetworkAclId: { Ref: 'Acl' } } },
        In8080: {
          Type: 'AWS::EC2::NetworkAclEntry',
          Properties: { NetworkAclId: { Ref: 'Acl' }, RuleNumber: 100, RuleAction: 'allow', Egress: false, Protocol: 6, PortRange: { From: 8080, To: 8080 }, CidrBlock: '10.0.1.0/25' },
        },
        OutReplies: {
          Type: 'AWS::EC2::NetworkAclEntry',
          Properties: { NetworkAclId: { Ref: 'Acl' }, RuleNumber: 100, RuleAction: 'allow', Egress: true, Protocol: 6, PortRange: { From: 1024, To: 65535 }, CidrBlock: '10.0.1.0/25' },
        },
        Server: { Type: 'AWS::EC2::Instance', Properties: { SubnetId: { Ref: 'Back' } } },
      };
      const client = (p: object) => ({ Type: 'AWS::EC2::Instance', Properties: { SubnetId: { Ref: 'Front' }, ...p } });
      const template = {
        Parameters: { ClientIp: { Type: 'String' } },
        Resources: {
          ...twoSubnets,
          ...acl,
          Low: client({ PrivateIpAddress: '10.0.1.10' }),
          High: client({ PrivateIpAddress: '10.0.1.200' }),
          Any: client({}),
          Unresolved: client({ PrivateIpAddress: { Ref: 'ClientIp' } }),
          Eni: {
            Type: 'AWS::EC2::Instance',
            Properties: { NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: { Ref: 'Front' }, PrivateIpAddresses: [{ PrivateIpAddress: '10.0.1.99', Primary: false }, { PrivateIpAddress: '10.0.1.11', Primary: true }] }] },
          },
        },
      };
      const inbound = (id: string) => evaluateEnds(template, id, 'Server', 8080).steps.find((x) => x[0] === DST_IN);
      const verdict = (id: string) => {
        const r = evaluateEnds(template, id, 'Server', 8080);
        return r.allowed ? 'ALLOWED' : r.steps.some((x) => x[1] === 'BLOCK') ? 'BLOCKED' : 'UNKNOWN';
      };

      // THEN
      expect(inbound('Low')).toEqual([DST_IN, 'ALLOW', 'In8080', 'entry 100 (In8080) of Acl allows TCP 8080 from 10.0.1.10/32']);
      expect(inbound('Eni')).toEqual([DST_IN, 'ALLOW', 'In8080', 'entry 100 (In8080) of Acl allows TCP 8080 from 10.0.1.11/32']);
      expect(inbound('High')).toEqual([DST_IN, 'BLOCK', 'Acl (final deny *)', 'no entry of Acl allows TCP 8080 from 10.0.1.200/32: the final deny (*) applies']);
      // no fixed address: AWS picks one of Front's, and not all of them are admitted
      expect(inbound('Any')).toEqual([DST_IN, 'BLOCK', 'Acl (final deny *)', 'no entry of Acl allows TCP 8080 from 10.0.1.0/24: the final deny (*) applies']);
      // a fixed address the model cannot resolve: one address of Front, which the /25 may hold or not
      expect(inbound('Unresolved')).toEqual([DST_IN, 'UNKNOWN', 'Acl (final deny *)',
        'no entry of Acl allows TCP 8080 from the private address of Unresolved ({Ref ClientIp}): the final deny (*) applies (entry 100 (In8080) allows 10.0.1.0/25, which cannot be compared with the private address of Unresolved ({Ref ClientIp}))']);
      expect(['Low', 'Eni', 'High', 'Any', 'Unresolved'].map(verdict)).toEqual(['ALLOWED', 'ALLOWED', 'BLOCKED', 'BLOCKED', 'UNKNOWN']);
    });
  });

  test('a CIDR end inside a subnet of the template is that subnet\'s addresses: its network ACL is crossed (a CIDR holding several subnets crosses none)', () => {
    // GIVEN Back (10.0.2.0/24) whose ACL lets out only TCP 443 to 10.0.9.0/24 and lets in only TCP
    // 22 from 10.0.1.0/24 (and the replies to it); Front (10.0.1.0/24) on the default ACL, with a server
    // https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html
    const entry = (n: number, egress: boolean, from: number, to: number, cidr: string) => ({
      Type: 'AWS::EC2::NetworkAclEntry',
      Properties: { NetworkAclId: { Ref: 'Acl' }, RuleNumber: n, RuleAction: 'allow', Egress: egress, Protocol: 6, PortRange: { From: from, To: to }, CidrBlock: cidr },
    });
    const template = {
      Resources: {
        ...vpc,
        ...subnet('Front', '10.0.1.0/24'),
        ...subnet('Back', '10.0.2.0/24'),
        Acl: { Type: 'AWS::EC2::NetworkAcl', Properties: { VpcId: { Ref: 'Vpc' } } },
        AclAssoc: { Type: 'AWS::EC2::SubnetNetworkAclAssociation', Properties: { SubnetId: { Ref: 'Back' }, NetworkAclId: { Ref: 'Acl' } } },
        Out443: entry(100, true, 443, 443, '10.0.9.0/24'),
        OutReplies: entry(110, true, 1024, 65535, '10.0.1.0/24'),
        In22: entry(100, false, 22, 22, '10.0.1.0/24'),
        Server: { Type: 'AWS::EC2::Instance', Properties: { SubnetId: { Ref: 'Front' }, PrivateIpAddress: '10.0.1.10' } },
      },
    };
    const t = new TemplateReader(template);
    const cidr = (c: string) => resolveEnd(t, { kind: 'cidr', value: c, subnets: [], label: `clients in ${c}` });
    const server = resolveEnd(t, { kind: 'resource', value: 'Server', subnets: [], label: 'Server' });
    const run = (src: EndpointSpec, dst: EndpointSpec, port: number) => {
      const r = new Reachability(t).evaluate(src, dst, port);
      return { allowed: r.allowed, steps: r.steps.map(row) };
    };

    // WHEN
    const out = run(cidr('10.0.2.0/25'), server, 443);
    const back = run(server, cidr('10.0.2.0/25'), 22);
    const wide = run(cidr('10.0.0.0/16'), server, 443);

    // THEN the block's requests leave through Back's ACL, which lets out 443 only to 10.0.9.0/24
    expect(out).toEqual({
      allowed: false,
      steps: [
        [SRC_OUT, 'BLOCK', 'Acl (final deny *)', 'no entry of Acl allows TCP 443 to 10.0.1.10/32: the final deny (*) applies'],
        dacl(DST_IN, 'Front', 'TCP 443 from 10.0.2.0/25'),
        ['destination security group ingress', 'BLOCK', 'Vpc.DefaultSecurityGroup', 'no ingress rule of Vpc.DefaultSecurityGroup allows TCP 443 from clients in 10.0.2.0/25'],
        dacl(DST_OUT, 'Front', `${EPH} to 10.0.2.0/25`),
        [SRC_IN, 'BLOCK', 'Acl (final deny *)', 'no entry of Acl allows TCP 1024 from 10.0.1.10/32: the final deny (*) applies'],
      ],
    });
    // and SSH to it comes in through Back's ACL (entry 100), its replies out by entry 110
    expect(back).toEqual({
      allowed: true,
      steps: [
        ['source security group egress', 'ALLOW', "Vpc.DefaultSecurityGroup (AWS default rule of the VPC's default security group)", 'rule (all traffic, 0.0.0.0/0) allows TCP 22 to clients in 10.0.2.0/25'],
        dacl(SRC_OUT, 'Front', 'TCP 22 to 10.0.2.0/25'),
        [DST_IN, 'ALLOW', 'In22', 'entry 100 (In22) of Acl allows TCP 22 from 10.0.1.10/32'],
        [DST_OUT, 'ALLOW', 'OutReplies', `entry 110 (OutReplies) of Acl allows ${EPH} to 10.0.1.10/32`],
        dacl(SRC_IN, 'Front', `${EPH} from 10.0.2.0/25`),
      ],
    });
    // a block that holds several subnets stands for addresses anywhere in it: no subnet's ACL (README)
    expect(wide.steps[0]).toEqual(none(SRC_OUT));
  });

  test('a resource under a condition the model cannot decide (a listener, a load balancer, a route, an S3 endpoint, a NAT gateway, an ACL association) makes the step it decides UNKNOWN', () => {
    // GIVEN a template whose pieces exist only if Env (no value) is prod
    const when = (r: object) => ({ ...r, Condition: 'IsProd' });
    const route = (id: string, table: string, cidr: string, target: object) => ({ [id]: { Type: 'AWS::EC2::Route', Properties: { RouteTableId: { Ref: table }, DestinationCidrBlock: cidr, ...target } } });
    const table = (id: string, s: string) => ({
      [id]: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: { Ref: 'Vpc' } } },
      [`${id}Assoc`]: { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { SubnetId: { Ref: s }, RouteTableId: { Ref: id } } },
    });
    const resources = {
      ...vpc,
      ...subnet('Public', '10.0.0.0/24'),
      ...subnet('Private', '10.0.1.0/24'),
      ...subnet('Storage', '10.0.2.0/24'),
      ...subnet('Closed', '10.0.3.0/24'),
      Igw: { Type: 'AWS::EC2::InternetGateway', Properties: {} },
      ...table('PublicRt', 'Public'),
      ...route('ToIgw', 'PublicRt', '0.0.0.0/0', { GatewayId: { Ref: 'Igw' } }),
      ...table('PrivateRt', 'Private'),
      Nat: when({ Type: 'AWS::EC2::NatGateway', Properties: { SubnetId: { Ref: 'Public' } } }),
      ...route('ToNat', 'PrivateRt', '0.0.0.0/0', { NatGatewayId: { Ref: 'Nat' } }),
      ...table('StorageRt', 'Storage'),
      S3Endpoint: when({ Type: 'AWS::EC2::VPCEndpoint', Properties: { VpcId: { Ref: 'Vpc' }, ServiceName: 'com.amazonaws.eu-west-1.s3', RouteTableIds: [{ Ref: 'StorageRt' }] } }),
      // a deny-all ACL (no entries: the final deny) on Closed, by an association under the condition
      DenyAcl: { Type: 'AWS::EC2::NetworkAcl', Properties: { VpcId: { Ref: 'Vpc' } } },
      ClosedAcl: when({ Type: 'AWS::EC2::SubnetNetworkAclAssociation', Properties: { SubnetId: { Ref: 'Closed' }, NetworkAclId: { Ref: 'DenyAcl' } } }),
      AlbSg: {
        Type: 'AWS::EC2::SecurityGroup',
        Properties: { GroupDescription: 'alb', VpcId: { Ref: 'Vpc' }, SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' }] },
      },
      Alb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Subnets: [{ Ref: 'Public' }], SecurityGroups: [{ Ref: 'AlbSg' }] } },
      Listener: when({ Type: 'AWS::ElasticLoadBalancingV2::Listener', Properties: { LoadBalancerArn: { Ref: 'Alb' }, Port: 443, Protocol: 'HTTPS', DefaultActions: [] } }),
      Canary: when({ Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Subnets: [{ Ref: 'Public' }], SecurityGroups: [{ Ref: 'AlbSg' }] } }),
    };
    const template = {
      Parameters: { Env: { Type: 'String' } },
      Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } },
      Resources: resources,
    };
    const why = (id: string) => `${id} exists only if condition IsProd holds, which depends on Env the model cannot resolve`;
    const internet: EndpointSpec = { label: 'the internet', groups: [], subnets: [], address: INTERNET_ADDRESS, outside: 'internet' };
    const s3: EndpointSpec = { label: 'Amazon S3', groups: [], subnets: [], address: S3_ADDRESS, outside: 's3' };
    const lb = (id: string): EndpointSpec => ({ label: `load balancer ${id}`, groups: ['AlbSg'], subnets: ['Public'], address: symbol(id), loadBalancer: id });
    const deciding = (r: { steps: Row[] }) => r.steps.filter((x) => x[1] !== 'ALLOW');

    // WHEN / THEN the listener may not exist: not proven, though every other step passes
    const listener = evaluate(template, internet, lb('Alb'));
    expect(listener.allowed).toBe(false);
    expect(deciding(listener)).toEqual([['destination load balancer listener', 'UNKNOWN', 'Listener', `listener Listener of Alb accepts connections on port 443, but ${why('Listener')}`]]);
    // the load balancer itself may not exist (it has no listener in the template: no listener step)
    expect(deciding(evaluate(template, internet, lb('Canary')))).toEqual([
      ['destination load balancer condition', 'UNKNOWN', 'Canary', `${why('Canary')}: whether Canary exists is unknown`],
    ]);
    // the NAT gateway the private subnet's default route names may not exist
    expect(deciding(evaluate(template, inSubnet('Private'), internet))).toEqual([
      ['route', 'UNKNOWN', 'Nat', `PrivateRt sends 198.51.100.10/32 to NAT gateway Nat (0.0.0.0/0), but ${why('Nat')}: whether it carries the traffic is unknown`],
    ]);
    // the S3 gateway endpoint may not exist, and without it Storage has no route to S3
    expect(deciding(evaluate(template, inSubnet('Storage'), s3))).toEqual([
      ['route', 'UNKNOWN', 'S3Endpoint', `StorageRt has the S3 prefix-list route of gateway endpoint S3Endpoint, but ${why('S3Endpoint')}; without it, StorageRt has no route to 52.216.0.10/32 and no S3 gateway endpoint`],
    ]);
    // Closed is on DenyAcl (the final deny) or, without the association, on the default ACL (allow all)
    expect(deciding(evaluate(template, inSubnet('Public'), inSubnet('Closed'), 22))).toEqual([
      [DST_IN, 'UNKNOWN', 'ClosedAcl', `${why('ClosedAcl')}: subnet Closed is on DenyAcl (which does not allow it) or, without the association, on Vpc.DefaultNetworkAcl (which allows it) for TCP 22 from 10.0.0.0/24`],
      [DST_OUT, 'UNKNOWN', 'ClosedAcl', `${why('ClosedAcl')}: subnet Closed is on DenyAcl (which does not allow it) or, without the association, on Vpc.DefaultNetworkAcl (which allows it) for ${EPH} to 10.0.0.0/24`],
    ]);
  });

  test('a route under a condition the model cannot decide (to an internet gateway) makes the route step UNKNOWN, and a route table association likewise', () => {
    // GIVEN a public subnet whose default route, or whose route table association, exists only if Env is prod
    const base = {
      ...vpc,
      ...subnet('Public', '10.0.0.0/24'),
      Igw: { Type: 'AWS::EC2::InternetGateway', Properties: {} },
      Rt: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: { Ref: 'Vpc' } } },
      RtAssoc: { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { SubnetId: { Ref: 'Public' }, RouteTableId: { Ref: 'Rt' } } },
      ToIgw: { Type: 'AWS::EC2::Route', Properties: { RouteTableId: { Ref: 'Rt' }, DestinationCidrBlock: '0.0.0.0/0', GatewayId: { Ref: 'Igw' } } },
    };
    const under = (id: 'ToIgw' | 'RtAssoc') => ({
      Parameters: { Env: { Type: 'String' } },
      Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } },
      Resources: { ...base, [id]: { ...base[id], Condition: 'IsProd' } },
    });
    const why = (id: string) => `${id} exists only if condition IsProd holds, which depends on Env the model cannot resolve`;
    const internet: EndpointSpec = { label: 'the internet', groups: [], subnets: [], address: INTERNET_ADDRESS, outside: 'internet' };
    const ROUTE_IN = 'route from the internet: destination subnet route table';

    // WHEN
    const route = evaluate(under('ToIgw'), internet, inSubnet('Public'), 80);
    const association = evaluate(under('RtAssoc'), internet, inSubnet('Public'), 80);
    const certain = evaluate({ Resources: base }, internet, inSubnet('Public'), 80);

    // THEN
    expect(route.steps.find((x) => x[0] === ROUTE_IN)).toEqual([ROUTE_IN, 'UNKNOWN', 'ToIgw',
      `Rt sends 198.51.100.10/32 to internet gateway Igw (0.0.0.0/0), but ${why('ToIgw')}: the route 198.51.100.10/32 takes is unknown`]);
    expect(association.steps.find((x) => x[0] === ROUTE_IN)).toEqual([ROUTE_IN, 'UNKNOWN', 'RtAssoc',
      `${why('RtAssoc')}: Public uses Rt or, without the association, its VPC's main route table, so the way to 198.51.100.10/32 is unknown`]);
    expect([route.allowed, association.allowed, certain.allowed]).toEqual([false, false, true]);
  });
});
