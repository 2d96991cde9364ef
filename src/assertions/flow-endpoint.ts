import { CfnElement, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { stackPrefix } from '../private/stack-prefix';


/** The kind of a `FlowEndpoint`. */
export enum FlowEndpointKind {
  /** A client on the internet (a representative public address). */
  INTERNET = 'internet',
  /** A client network given as an IPv4 CIDR block, outside the template's subnets. */
  CIDR = 'cidr',
  /** The network interfaces of a security group. */
  SECURITY_GROUP = 'security-group',
  /** A network interface in a subnet, with no security group. */
  SUBNET = 'subnet',
  /** Amazon S3 (public addresses; through a gateway endpoint where the route table has one). */
  S3 = 's3',
  /** Any resource of the template: a load balancer, an instance, a security group or a subnet. */
  RESOURCE = 'resource',
}

/**
 * One end of a flow for the reachability model: a client on the internet, a CIDR block, a
 * security group, a subnet, or a resource of the template (a load balancer, an instance).
 */
export class FlowEndpoint {
  /**
   * A client on the internet. It stands for any public address: rules naming a narrower public
   * range (say `203.0.113.0/24`) do not match it; use `cidr` for such clients.
   */
  public static internet(): FlowEndpoint {
    return new FlowEndpoint(FlowEndpointKind.INTERNET, '198.51.100.10/32', [], 'a client on the internet');
  }

  /**
   * Amazon S3. Traffic takes an S3 gateway endpoint when the source subnet's route table has one,
   * else the source's route to the internet; replies come from S3's public addresses (a
   * representative one, 52.216.0.10, stands for them).
   */
  public static s3(): FlowEndpoint {
    return new FlowEndpoint(FlowEndpointKind.S3, '52.216.0.10/32', [], 'Amazon S3');
  }

  /**
   * Clients in an IPv4 CIDR block (a peered VPC, on premises, a range of a subnet). Every address of
   * the block must be allowed; no security group is at this end. A block inside one subnet of the
   * template is that subnet's addresses: its network ACL and route table are crossed, as for
   * `FlowEndpoint.subnet`. A block that holds several subnets of the template stands for addresses
   * anywhere in it and crosses none of their network ACLs: to check them, ask from each subnet with
   * `FlowEndpoint.subnet`.
   */
  public static cidr(cidr: string): FlowEndpoint {
    return new FlowEndpoint(FlowEndpointKind.CIDR, cidr, [], `clients in ${cidr}`);
  }

  /**
   * The network interfaces of a security group (logical id), optionally located in subnets
   * (logical ids) so that their network ACLs are crossed too. A group or subnet the template names
   * by a literal id (an imported `sg-0abc` or `subnet-0abc`) may be given by that id; what the
   * template does not hold of it (its rules, its network ACL) is unknown.
   */
  public static securityGroup(logicalId: string, subnetLogicalIds?: string[]): FlowEndpoint {
    return new FlowEndpoint(FlowEndpointKind.SECURITY_GROUP, logicalId, subnetLogicalIds ?? [], `security group ${logicalId}`);
  }

  /**
   * A network interface in a subnet (logical id, or the literal id the template names an imported
   * subnet by), with no security group.
   */
  public static subnet(logicalId: string): FlowEndpoint {
    return new FlowEndpoint(FlowEndpointKind.SUBNET, logicalId, [], `subnet ${logicalId}`);
  }

  /**
   * A resource of the template by logical id: a load balancer (its security groups and subnets), an
   * instance, an auto scaling group (the groups of its launch template or launch configuration, the
   * subnets of `VPCZoneIdentifier`), an ECS service (its `awsvpc` groups and subnets), a security
   * group or a subnet.
   */
  public static resource(logicalId: string): FlowEndpoint {
    return new FlowEndpoint(FlowEndpointKind.RESOURCE, logicalId, [], logicalId);
  }

  /**
   * A construct of a stack: its CloudFormation resource (the construct itself, or its default
   * child such as the `CfnLoadBalancer` of an `ApplicationLoadBalancer`).
   */
  public static fromConstruct(construct: IConstruct): FlowEndpoint {
    const cfn = construct instanceof CfnElement ? construct : construct.node.defaultChild;
    if (!(cfn instanceof CfnElement)) {
      throw new Error(`FlowEndpoint.fromConstruct: ${construct.node.path} has no CloudFormation resource of its own; pass the part you mean (for example its loadBalancer or a security group)`);
    }
    const id = Stack.of(cfn).resolve(cfn.logicalId) as string;
    return new FlowEndpoint(FlowEndpointKind.RESOURCE, id, [], id, stackPrefix(Stack.of(cfn)));
  }

  /** The kind of endpoint. */
  public readonly kind: FlowEndpointKind;
  /** The logical id, or the CIDR for `INTERNET` and `CIDR`. */
  public readonly value: string;
  /** Subnets the endpoint is located in, when given. */
  public readonly subnetLogicalIds: string[];
  /** A readable name. */
  public readonly label: string;
  /**
   * For `fromConstruct`: the path of the construct's stack, the prefix of its logical id in a model
   * read from several stacks (`TemplateModel.fromStacks`, `fromCloudAssembly`).
   */
  public readonly stackPath?: string;

  private constructor(kind: FlowEndpointKind, value: string, subnetLogicalIds: string[], label: string, stackPath?: string) {
    this.kind = kind;
    this.value = value;
    this.subnetLogicalIds = subnetLogicalIds;
    this.label = label;
    this.stackPath = stackPath;
  }
}
