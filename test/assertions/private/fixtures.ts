import { assertions } from '../../../src';

/** A resource map of a hand-written template (tests change it in place). */
export type Resources = Record<string, any>;

const tcp = (port: number, peer: Record<string, unknown>, to = port) => ({ IpProtocol: 'tcp', FromPort: port, ToPort: to, ...peer });
export const fromGroup = (id: string) => ({ SourceSecurityGroupId: { 'Fn::GetAtt': [id, 'GroupId'] } });
export const toGroup = (id: string) => ({ DestinationSecurityGroupId: { 'Fn::GetAtt': [id, 'GroupId'] } });
export const cidr = (block: string) => ({ CidrIp: block });
export { tcp };

/**
 * A hand-written template that follows every recommendation: an application load balancer in
 * `LbSubnet` (listener 80), an instance in `TargetSubnet` behind target group `Tg` (port 8080,
 * health check 8081), the groups `LbSg` and `TargetSg`. No network ACL: the subnets use the
 * default one, which allows everything.
 */
export function conforming(internal = false): Resources {
  return {
    Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
    LbSubnet: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.0.0/24' } },
    TargetSubnet: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.0.1.0/24' } },
    // both subnets public: without an association they would use the VPC's main route table (only the local route)
    Igw: { Type: 'AWS::EC2::InternetGateway' },
    Rt: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: { Ref: 'Vpc' } } },
    RtDefault: { Type: 'AWS::EC2::Route', Properties: { RouteTableId: { Ref: 'Rt' }, DestinationCidrBlock: '0.0.0.0/0', GatewayId: { Ref: 'Igw' } } },
    LbSubnetRt: { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { SubnetId: { Ref: 'LbSubnet' }, RouteTableId: { Ref: 'Rt' } } },
    TargetSubnetRt: { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { SubnetId: { Ref: 'TargetSubnet' }, RouteTableId: { Ref: 'Rt' } } },
    LbSg: {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: {
        GroupDescription: 'lb',
        VpcId: { Ref: 'Vpc' },
        SecurityGroupIngress: [tcp(80, cidr(internal ? '10.0.0.0/16' : '0.0.0.0/0'))],
        SecurityGroupEgress: [tcp(8080, toGroup('TargetSg')), tcp(8081, toGroup('TargetSg'))],
      },
    },
    TargetSg: {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: {
        GroupDescription: 'targets',
        VpcId: { Ref: 'Vpc' },
        SecurityGroupIngress: [tcp(8080, fromGroup('LbSg')), tcp(8081, fromGroup('LbSg')), { IpProtocol: 'icmp', FromPort: 3, ToPort: 4, CidrIp: '10.0.0.0/16' }],
        SecurityGroupEgress: [{ IpProtocol: 'icmp', FromPort: 252, ToPort: 86, CidrIp: '255.255.255.255/32' }],
      },
    },
    Web: { Type: 'AWS::EC2::Instance', Properties: { SubnetId: { Ref: 'TargetSubnet' }, SecurityGroupIds: [{ 'Fn::GetAtt': ['TargetSg', 'GroupId'] }] } },
    Tg: {
      Type: 'AWS::ElasticLoadBalancingV2::TargetGroup',
      Properties: { Port: 8080, Protocol: 'HTTP', HealthCheckPort: '8081', VpcId: { Ref: 'Vpc' }, Targets: [{ Id: { Ref: 'Web' } }] },
    },
    Lb: {
      Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
      Properties: { Scheme: internal ? 'internal' : 'internet-facing', Subnets: [{ Ref: 'LbSubnet' }], SecurityGroups: [{ 'Fn::GetAtt': ['LbSg', 'GroupId'] }] },
    },
    Listener: {
      Type: 'AWS::ElasticLoadBalancingV2::Listener',
      Properties: { LoadBalancerArn: { Ref: 'Lb' }, Port: 80, Protocol: 'HTTP', DefaultActions: [{ Type: 'forward', TargetGroupArn: { Ref: 'Tg' } }] },
    },
  };
}

/** A network ACL entry (TCP unless told). */
export function aclEntry(acl: string, n: number, egress: boolean, block: string, from?: number, to?: number, action = 'allow', protocol = 6) {
  return {
    Type: 'AWS::EC2::NetworkAclEntry',
    Properties: {
      NetworkAclId: { Ref: acl },
      RuleNumber: n,
      Egress: egress,
      RuleAction: action,
      Protocol: protocol,
      CidrBlock: block,
      ...(from !== undefined ? { PortRange: { From: from, To: to ?? from } } : {}),
    },
  };
}

/** Gives `subnet` a network ACL of its own (`<subnet>Acl`) with the given entries. */
export function withAcl(r: Resources, subnet: string, entries: Record<string, unknown>): Resources {
  r[`${subnet}Acl`] = { Type: 'AWS::EC2::NetworkAcl', Properties: { VpcId: { Ref: 'Vpc' } } };
  r[`${subnet}AclAssoc`] = { Type: 'AWS::EC2::SubnetNetworkAclAssociation', Properties: { SubnetId: { Ref: subnet }, NetworkAclId: { Ref: `${subnet}Acl` } } };
  Object.assign(r, entries);
  return r;
}

/** The model of a template made of these resources. */
export function modelOf(r: Resources): assertions.TemplateModel {
  return assertions.TemplateModel.fromJsonString(JSON.stringify({ Resources: r }));
}

/** The findings, in a shape that reads well in a failing test. */
export function findingsOf(r: Resources) {
  return modelOf(r).checkRecommendations()
    .map((f) => ({ kind: f.kind, id: f.recommendationId, resource: f.resource, message: f.message, fix: f.fix }));
}
