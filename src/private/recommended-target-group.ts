import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import { sgPort } from '../alb-security-group-pair';
import { TGSG_IN_ICMP_PMTU } from '../recommendations/private/units/tgsg-in-icmp-pmtu';

/** What a target bringing its own security group gets besides the ports. */
export interface OwnGroupAccess {
  /** The VPC's CIDR, the source of ICMP "fragmentation needed". */
  readonly vpcCidr: string;
  /** The construct's own target group, which has these rules already. */
  readonly own: ec2.ISecurityGroup;
}

/**
 * An `ApplicationTargetGroup` that, for every target bringing its own security group (auto scaling
 * groups, ECS services), opens the health-check port next to the target port and ICMP type 3 code 4
 * from the VPC (path MTU discovery), as the construct's own target group has. `aws-cdk-lib` opens
 * only the target port, which leaves targets with a separate health-check port unhealthy.
 */
export class RecommendedTargetGroup extends elbv2.ApplicationTargetGroup {
  private readonly healthCheckPortNumber: number;
  private readonly targetPortNumber: number;

  private readonly access: OwnGroupAccess;

  constructor(scope: Construct, id: string, props: elbv2.ApplicationTargetGroupProps, healthCheckPort: number, access: OwnGroupAccess) {
    // Targets are added after the fields are set: registerConnectable runs while they attach.
    super(scope, id, { ...props, targets: undefined });
    this.healthCheckPortNumber = healthCheckPort;
    this.targetPortNumber = props.port!;
    this.access = access;
    if (props.targets && props.targets.length > 0) {
      this.addTarget(...props.targets);
    }
  }

  public registerConnectable(connectable: ec2.IConnectable, portRange?: ec2.Port): void {
    super.registerConnectable(connectable, portRange);
    if (this.healthCheckPortNumber !== this.targetPortNumber) {
      super.registerConnectable(connectable, ec2.Port.tcp(this.healthCheckPortNumber));
    }
    const groups = connectable.connections.securityGroups.filter((g) => g !== this.access.own);
    if (groups.length > 0) {
      // TGSG-IN-ICMP-PMTU on the targets' own groups: the rule its unit declares for the construct's target group
      const own = new ec2.Connections({ securityGroups: groups });
      const state = { internetFacing: true, vpcCidr: this.access.vpcCidr, targetCidrs: [], networkTargets: true, outboundPorts: [] };
      for (const rule of TGSG_IN_ICMP_PMTU.sgRules?.built?.(state) ?? []) {
        if (rule.peer.kind === 'cidr') own.allowFrom(ec2.Peer.ipv4(rule.peer.cidr), sgPort(rule), rule.description);
      }
    }
  }
}
