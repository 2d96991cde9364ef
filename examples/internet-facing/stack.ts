import { Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as targets from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import { Construct } from 'constructs';
import { SecureAlbService } from '../../src';

/**
 * The first reference scenario: an internet-facing ALB on port 80 in front of two EC2 web
 * servers, access logs to S3, and the ALB's outbound rules narrowed to the targets' security group
 * on the target (and health-check) port. Log delivery keeps working: the ELB service delivers the
 * logs, not the ALB's network interfaces.
 */
export class InternetFacingExampleStack extends Stack {
  public readonly service: SecureAlbService;
  public readonly servers: ec2.Instance[];

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    this.service = new SecureAlbService(this, 'Web', {
      healthCheck: { path: '/' },
      // an example must be easy to delete
      deletionProtection: false,
    });

    const userData = ec2.UserData.forLinux();
    userData.addCommands(
      'dnf install -y httpd',
      'echo "hello from $(hostname)" > /var/www/html/index.html',
      'systemctl enable --now httpd',
    );

    this.servers = [1, 2].map((n) => {
      const server = new ec2.Instance(this, `Server${n}`, {
        vpc: this.service.vpc,
        vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, availabilityZones: [this.service.vpc.availabilityZones[n - 1]] },
        securityGroup: this.service.targetSecurityGroup,
        instanceType: ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.MICRO),
        machineImage: ec2.MachineImage.latestAmazonLinux2023(),
        requireImdsv2: true,
        detailedMonitoring: true,
        blockDevices: [{ deviceName: '/dev/xvda', volume: ec2.BlockDeviceVolume.ebs(8, { encrypted: true }) }],
        userData,
      });
      this.service.addTarget(new targets.InstanceTarget(server, 80));
      Validations.of(server).acknowledge({
        id: 'AwsSolutions-EC29',
        reason: 'Example web servers are disposable; termination protection would make the example hard to delete.',
      });
      return server;
    });
  }
}
