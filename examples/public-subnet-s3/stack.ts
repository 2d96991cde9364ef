import { Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as targets from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { SecureAlbService } from '../../src';

/**
 * The second reference scenario: a web server in a public subnet reads from S3 through a gateway
 * endpoint. The public subnet's default route points to the internet gateway, but the endpoint's
 * S3 prefix-list route is more specific and wins; the data bucket denies object access that does
 * not come through the endpoint, which turns "did it use the endpoint?" (CloudTrail:
 * `vpcEndpointId`, private `sourceIPAddress`) into a guarantee.
 */
export class PublicSubnetS3ExampleStack extends Stack {
  public readonly service: SecureAlbService;
  public readonly data: s3.Bucket;
  public readonly server: ec2.Instance;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 }],
      flowLogs: { FlowLogs: { trafficType: ec2.FlowLogTrafficType.ALL } },
    });

    // the load balancer and its targets share the public subnets (and so one network ACL);
    // the S3 gateway endpoint goes on the public route tables
    this.service = new SecureAlbService(this, 'Web', {
      vpc,
      loadBalancerSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      targetSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      deletionProtection: false,
    });

    this.data = new s3.Bucket(this, 'Data', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
    });
    Validations.of(this.data).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'Example data bucket: CloudTrail data events are the record of who read it, and show vpcEndpointId for calls through the endpoint.',
    });
    // only through the endpoint: object reads and writes from anywhere else are denied
    this.service.s3Endpoint!.denyUnlessThroughEndpoint(this.data);

    const userData = ec2.UserData.forLinux();
    userData.addCommands(
      'dnf install -y httpd',
      `aws s3 cp s3://${this.data.bucketName}/index.html /var/www/html/index.html || echo "no index yet" > /var/www/html/index.html`,
      'systemctl enable --now httpd',
    );
    this.server = new ec2.Instance(this, 'Server', {
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      securityGroup: this.service.targetSecurityGroup,
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.MICRO),
      machineImage: ec2.MachineImage.latestAmazonLinux2023(),
      requireImdsv2: true,
      detailedMonitoring: true,
      blockDevices: [{ deviceName: '/dev/xvda', volume: ec2.BlockDeviceVolume.ebs(8, { encrypted: true }) }],
      userData,
    });
    this.data.grantRead(this.server);
    this.service.addTarget(new targets.InstanceTarget(this.server, 80));

    Validations.of(this.server).acknowledge(
      { id: 'AwsSolutions-EC29', reason: 'The example web server is disposable; termination protection would make the example hard to delete.' },
      { id: 'AwsSolutions-IAM5[Action::s3:GetBucket*]', reason: 'grantRead on the one data bucket: object-level wildcards are scoped to that bucket.' },
      { id: 'AwsSolutions-IAM5[Action::s3:GetObject*]', reason: 'grantRead on the one data bucket: object-level wildcards are scoped to that bucket.' },
      { id: 'AwsSolutions-IAM5[Action::s3:List*]', reason: 'grantRead on the one data bucket: object-level wildcards are scoped to that bucket.' },
      { id: 'AwsSolutions-IAM5[Resource::<Data666C94C7.Arn>/*]', reason: 'The objects of the one data bucket.' },
    );
  }
}
