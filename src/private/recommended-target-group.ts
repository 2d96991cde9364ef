import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';

/**
 * An `ApplicationTargetGroup` that, for every target bringing its own security group (auto scaling
 * groups, ECS services), opens the health-check port next to the target port. `aws-cdk-lib` opens
 * only the target port, which leaves targets with a separate health-check port unhealthy.
 */
export class RecommendedTargetGroup extends elbv2.ApplicationTargetGroup {
  private readonly healthCheckPortNumber: number;
  private readonly targetPortNumber: number;

  constructor(scope: Construct, id: string, props: elbv2.ApplicationTargetGroupProps, healthCheckPort: number) {
    // Targets are added after the fields are set: registerConnectable runs while they attach.
    super(scope, id, { ...props, targets: undefined });
    this.healthCheckPortNumber = healthCheckPort;
    this.targetPortNumber = props.port!;
    if (props.targets && props.targets.length > 0) {
      this.addTarget(...props.targets);
    }
  }

  public registerConnectable(connectable: ec2.IConnectable, portRange?: ec2.Port): void {
    super.registerConnectable(connectable, portRange);
    if (this.healthCheckPortNumber !== this.targetPortNumber) {
      super.registerConnectable(connectable, ec2.Port.tcp(this.healthCheckPortNumber));
    }
  }
}
