/**
 * Typed structures of the CloudFormation template the reader reads, section by section (as
 * aws-cdk-lib's `assertions` types its private `template.ts`), and the index of its `Resources`.
 * Property values stay JSON (`Value`): templates from elsewhere put anything anywhere, and every
 * reader treats a value of an unexpected shape as unknown rather than trusting a type. What the
 * types pin are the sections and the property names each resource type is read by.
 */

/* eslint-disable @typescript-eslint/no-explicit-any */
/** A JSON value of the template: a literal, a list, an object, an intrinsic. */
export type Value = any;

/** A template, after the intrinsics the model resolves (`resolveTemplate`). */
export interface Template {
  readonly AWSTemplateFormatVersion?: Value;
  readonly Parameters?: Record<string, Parameter>;
  readonly Conditions?: Record<string, Value>;
  readonly Mappings?: Record<string, Record<string, Record<string, Value>>>;
  readonly Resources?: Record<string, Resource>;
  readonly Outputs?: Record<string, Output>;
}

/** A parameter declaration. */
export interface Parameter {
  readonly Type?: Value;
  readonly Default?: Value;
  readonly AllowedValues?: Value;
}

/** An output, with its export. */
export interface Output {
  readonly Value?: Value;
  readonly Export?: { readonly Name?: Value };
}

/** A resource of the template, its properties of the shape `P`. */
export interface Resource<P = Record<string, Value>> {
  readonly Type: string;
  readonly Properties?: P;
  readonly Metadata?: Record<string, Value>;
  readonly Condition?: Value;
}

/** `AWS::EC2::VPC` */
export interface VpcProperties { readonly CidrBlock?: Value }

/** `AWS::EC2::Subnet` */
export interface SubnetProperties { readonly VpcId?: Value; readonly CidrBlock?: Value }

/** A security-group rule, inline or as its own resource (`AWS::EC2::SecurityGroupIngress`/`Egress`, which add `GroupId`). */
export interface SecurityGroupRuleProperties {
  readonly IpProtocol?: Value;
  readonly FromPort?: Value;
  readonly ToPort?: Value;
  readonly CidrIp?: Value;
  readonly CidrIpv6?: Value;
  readonly SourceSecurityGroupId?: Value;
  readonly SourceSecurityGroupName?: Value;
  readonly SourcePrefixListId?: Value;
  readonly DestinationSecurityGroupId?: Value;
  readonly DestinationPrefixListId?: Value;
  readonly Description?: Value;
  readonly GroupId?: Value;
  readonly GroupName?: Value;
}

/** `AWS::EC2::SecurityGroup` */
export interface SecurityGroupProperties {
  readonly VpcId?: Value;
  readonly SecurityGroupIngress?: Value;
  readonly SecurityGroupEgress?: Value;
}

/** `AWS::EC2::NetworkAclEntry` */
export interface NetworkAclEntryProperties {
  readonly NetworkAclId?: Value;
  readonly Egress?: Value;
  readonly RuleNumber?: Value;
  readonly RuleAction?: Value;
  readonly Protocol?: Value;
  readonly PortRange?: Value;
  readonly CidrBlock?: Value;
  readonly Ipv6CidrBlock?: Value;
  readonly Icmp?: Value;
}

/** `AWS::EC2::NetworkAcl`, `AWS::EC2::RouteTable` */
export interface InVpcProperties { readonly VpcId?: Value }

/** `AWS::EC2::SubnetNetworkAclAssociation`, `AWS::EC2::SubnetRouteTableAssociation` */
export interface SubnetAssociationProperties {
  readonly SubnetId?: Value;
  readonly NetworkAclId?: Value;
  readonly RouteTableId?: Value;
}

/** `AWS::EC2::Route` */
export interface RouteProperties {
  readonly RouteTableId?: Value;
  readonly DestinationCidrBlock?: Value;
  readonly DestinationIpv6CidrBlock?: Value;
  readonly DestinationPrefixListId?: Value;
  readonly NatGatewayId?: Value;
  readonly GatewayId?: Value;
  readonly VpcPeeringConnectionId?: Value;
  readonly TransitGatewayId?: Value;
  readonly VpcEndpointId?: Value;
  readonly NetworkInterfaceId?: Value;
  readonly InstanceId?: Value;
  readonly EgressOnlyInternetGatewayId?: Value;
  readonly CarrierGatewayId?: Value;
  readonly LocalGatewayId?: Value;
  readonly CoreNetworkArn?: Value;
}

/** `AWS::EC2::NatGateway` */
export interface NatGatewayProperties { readonly SubnetId?: Value; readonly ConnectivityType?: Value }

/** `AWS::EC2::VPCPeeringConnection` */
export interface VpcPeeringConnectionProperties {
  readonly VpcId?: Value;
  readonly PeerVpcId?: Value;
  readonly PeerOwnerId?: Value;
  readonly PeerRegion?: Value;
}

/** `AWS::EC2::VPCCidrBlock` (a secondary block of a VPC) */
export interface VpcCidrBlockProperties {
  readonly VpcId?: Value;
  readonly CidrBlock?: Value;
  readonly Ipv4IpamPoolId?: Value;
  readonly AmazonProvidedIpv6CidrBlock?: Value;
  readonly Ipv6CidrBlock?: Value;
  readonly Ipv6IpamPoolId?: Value;
  readonly Ipv6Pool?: Value;
}

/** `AWS::EC2::VPCEndpoint` */
export interface VpcEndpointProperties { readonly ServiceName?: Value; readonly RouteTableIds?: Value }

/** `AWS::EC2::Instance` */
export interface InstanceProperties {
  readonly SubnetId?: Value;
  readonly SecurityGroupIds?: Value;
  readonly SecurityGroups?: Value;
  readonly NetworkInterfaces?: Value;
  readonly PrivateIpAddress?: Value;
}

/** `AWS::EC2::NetworkInterface` (and the shape of an instance's inline `NetworkInterfaces` entry, which adds `DeviceIndex` and `NetworkInterfaceId`) */
export interface NetworkInterfaceProperties {
  readonly SubnetId?: Value;
  readonly GroupSet?: Value;
  readonly PrivateIpAddress?: Value;
  readonly PrivateIpAddresses?: Value;
}

/** `AWS::EC2::NetworkInterfaceAttachment` */
export interface NetworkInterfaceAttachmentProperties {
  readonly InstanceId?: Value;
  readonly NetworkInterfaceId?: Value;
  readonly DeviceIndex?: Value;
}

/** `AWS::EC2::LaunchTemplate` */
export interface LaunchTemplateProperties { readonly LaunchTemplateData?: Value }

/** `AWS::AutoScaling::LaunchConfiguration` */
export interface LaunchConfigurationProperties { readonly SecurityGroups?: Value }

/** `AWS::AutoScaling::AutoScalingGroup` */
export interface AutoScalingGroupProperties {
  readonly VPCZoneIdentifier?: Value;
  readonly TargetGroupARNs?: Value;
  readonly LaunchTemplate?: Value;
  readonly MixedInstancesPolicy?: Value;
  readonly LaunchConfigurationName?: Value;
}

/** `AWS::ECS::Service` */
export interface EcsServiceProperties { readonly LoadBalancers?: Value; readonly NetworkConfiguration?: Value }

/** `AWS::ElasticLoadBalancingV2::TargetGroup` */
export interface TargetGroupProperties {
  readonly Port?: Value;
  readonly HealthCheckPort?: Value;
  readonly TargetType?: Value;
  readonly VpcId?: Value;
  readonly Targets?: Value;
}

/** `AWS::ElasticLoadBalancingV2::Listener` */
export interface ListenerProperties {
  readonly LoadBalancerArn?: Value;
  readonly Port?: Value;
  readonly Protocol?: Value;
  readonly DefaultActions?: Value;
}

/** `AWS::ElasticLoadBalancingV2::ListenerRule` */
export interface ListenerRuleProperties { readonly ListenerArn?: Value; readonly Actions?: Value }

/** `AWS::ElasticLoadBalancingV2::LoadBalancer` */
export interface LoadBalancerProperties {
  readonly Type?: Value;
  readonly Scheme?: Value;
  readonly Subnets?: Value;
  readonly SubnetMappings?: Value;
  readonly SecurityGroups?: Value;
}

/** `AWS::ElasticLoadBalancing::LoadBalancer` (classic) */
export interface ClassicLoadBalancerProperties {
  readonly Scheme?: Value;
  readonly Subnets?: Value;
  readonly SecurityGroups?: Value;
  readonly Instances?: Value;
  readonly Listeners?: Value;
  readonly HealthCheck?: Value;
}

/** The property shape of each resource type the reader reads. */
export interface ResourceTypes {
  'AWS::EC2::VPC': VpcProperties;
  'AWS::EC2::Subnet': SubnetProperties;
  'AWS::EC2::SecurityGroup': SecurityGroupProperties;
  'AWS::EC2::SecurityGroupIngress': SecurityGroupRuleProperties;
  'AWS::EC2::SecurityGroupEgress': SecurityGroupRuleProperties;
  'AWS::EC2::NetworkAcl': InVpcProperties;
  'AWS::EC2::NetworkAclEntry': NetworkAclEntryProperties;
  'AWS::EC2::RouteTable': InVpcProperties;
  'AWS::EC2::SubnetNetworkAclAssociation': SubnetAssociationProperties;
  'AWS::EC2::SubnetRouteTableAssociation': SubnetAssociationProperties;
  'AWS::EC2::Route': RouteProperties;
  'AWS::EC2::NatGateway': NatGatewayProperties;
  'AWS::EC2::VPCPeeringConnection': VpcPeeringConnectionProperties;
  'AWS::EC2::VPCCidrBlock': VpcCidrBlockProperties;
  'AWS::EC2::VPCEndpoint': VpcEndpointProperties;
  'AWS::EC2::Instance': InstanceProperties;
  'AWS::EC2::NetworkInterface': NetworkInterfaceProperties;
  'AWS::EC2::NetworkInterfaceAttachment': NetworkInterfaceAttachmentProperties;
  'AWS::EC2::LaunchTemplate': LaunchTemplateProperties;
  'AWS::AutoScaling::LaunchConfiguration': LaunchConfigurationProperties;
  'AWS::AutoScaling::AutoScalingGroup': AutoScalingGroupProperties;
  'AWS::ECS::Service': EcsServiceProperties;
  'AWS::ElasticLoadBalancingV2::TargetGroup': TargetGroupProperties;
  'AWS::ElasticLoadBalancingV2::Listener': ListenerProperties;
  'AWS::ElasticLoadBalancingV2::ListenerRule': ListenerRuleProperties;
  'AWS::ElasticLoadBalancingV2::LoadBalancer': LoadBalancerProperties;
  'AWS::ElasticLoadBalancing::LoadBalancer': ClassicLoadBalancerProperties;
}

export type ResourceType = keyof ResourceTypes;

/**
 * The `Resources` section, indexed once by type: every section reader walks only the resources of
 * its types, and gets their properties typed (an empty object where the template gives none or
 * something that is not an object).
 */
export class ResourceIndex {
  /** The resources as the template gives them (only entries that are objects with a string `Type`). */
  public readonly resources: Readonly<Record<string, Resource>>;
  private readonly byType = new Map<string, Array<[string, Resource]>>();

  constructor(template: Value) {
    const raw = template && typeof template === 'object' && template.Resources && typeof template.Resources === 'object' ? template.Resources : {};
    const resources: Record<string, Resource> = {};
    for (const [id, r] of Object.entries<Value>(raw)) {
      if (!r || typeof r !== 'object' || typeof r.Type !== 'string') continue;
      resources[id] = r;
      const list = this.byType.get(r.Type) ?? [];
      list.push([id, r]);
      this.byType.set(r.Type, list);
    }
    this.resources = resources;
  }

  /** The resources of a type, in template order, with their properties. */
  public ofType<T extends ResourceType>(type: T): Array<[string, ResourceTypes[T], Resource<ResourceTypes[T]>]> {
    return (this.byType.get(type) ?? []).map(([id, r]) => [id, propertiesOf(r) as ResourceTypes[T], r as Resource<ResourceTypes[T]>]);
  }

  /** The resource with a logical id, if the template has it. */
  public get(id: string): Resource | undefined {
    return Object.prototype.hasOwnProperty.call(this.resources, id) ? this.resources[id] : undefined;
  }

  /** The properties of the resource with a logical id, if it is of the type. */
  public propertiesIf<T extends ResourceType>(id: string | undefined, type: T): ResourceTypes[T] | undefined {
    const r = id === undefined ? undefined : this.get(id);
    return r?.Type === type ? propertiesOf(r) as ResourceTypes[T] : undefined;
  }
}

function propertiesOf(r: Resource): Record<string, Value> {
  return r.Properties && typeof r.Properties === 'object' && !Array.isArray(r.Properties) ? r.Properties : {};
}
