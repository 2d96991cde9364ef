import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { vpcCidrOf } from './private/validate';

const OWNER = 'VpcPeering';

/**
 * Properties of a `VpcPeering`.
 */
export interface VpcPeeringProps {
  /** The requester VPC. */
  readonly vpc: ec2.IVpc;

  /** The accepter VPC (same account and region). */
  readonly peerVpc: ec2.IVpc;

  /**
   * Subnets of `vpc` whose route tables get a route to `peerVpc`'s CIDR through the peering.
   *
   * @default - the private subnets (with egress and isolated)
   */
  readonly subnets?: ec2.SubnetSelection;

  /**
   * Subnets of `peerVpc` whose route tables get a route to `vpc`'s CIDR through the peering.
   *
   * @default - the private subnets (with egress and isolated)
   */
  readonly peerSubnets?: ec2.SubnetSelection;
}

/**
 * A VPC peering connection between two VPCs of the same account and region, with routes both ways
 * in the selected route tables. `aws-cdk-lib` has only the L1 (`CfnVPCPeeringConnection`); this is
 * the small building block the cross-VPC scenario needs.
 *
 * Peering connects the networks; it does not open anything: security groups and network ACLs
 * still decide (for example `InternalAlbWithPrivateTargets`' `clientCidrs`).
 */
export class VpcPeering extends Construct {
  /** The peering connection's id (`pcx-...`). */
  public readonly peeringConnectionId: string;

  constructor(scope: Construct, id: string, props: VpcPeeringProps) {
    super(scope, id);
    if (props.vpc === props.peerVpc) {
      throw new Error(`${OWNER}: \`peerVpc\` is the same VPC as \`vpc\`; a VPC cannot peer with itself`);
    }
    const connection = new ec2.CfnVPCPeeringConnection(this, 'Connection', {
      vpcId: props.vpc.vpcId,
      peerVpcId: props.peerVpc.vpcId,
    });
    this.peeringConnectionId = connection.ref;

    this.addRoutes('Route', props.vpc, props.subnets, vpcCidrOf(OWNER, props.peerVpc), connection);
    this.addRoutes('PeerRoute', props.peerVpc, props.peerSubnets, vpcCidrOf(OWNER, props.vpc), connection);
  }

  private addRoutes(
    prefix: string, vpc: ec2.IVpc, selection: ec2.SubnetSelection | undefined, destination: string, connection: ec2.CfnVPCPeeringConnection,
  ): void {
    const subnets = selection
      ? vpc.selectSubnets(selection).subnets
      : [...vpc.privateSubnets, ...vpc.isolatedSubnets];
    if (subnets.length === 0) {
      throw new Error(`${OWNER}: no subnet of ${vpc.node.path} selected for the routes to the peer; pass \`${prefix === 'Route' ? 'subnets' : 'peerSubnets'}\``);
    }
    const seen = new Set<string>();
    subnets.forEach((subnet) => {
      const table = subnet.routeTable.routeTableId;
      if (seen.has(table)) return;
      seen.add(table);
      new ec2.CfnRoute(this, `${prefix}${seen.size}`, {
        routeTableId: table,
        destinationCidrBlock: destination,
        vpcPeeringConnectionId: connection.ref,
      });
    });
  }
}
