import { Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as targets from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import { Construct } from 'constructs';
import { InternalAlbWithPrivateTargets, VpcPeering } from '../../src';

/** The CIDR of VPC `foo` (load balancer and web server) and of VPC `bar` (clients). */
export const FOO_CIDR = '10.2.0.0/16';
export const BAR_CIDR = '10.3.0.0/16';

/**
 * The third reference scenario: VPC `foo` holds an internal ALB and a web server on port 8080 in
 * private subnets; a client instance in a private subnet of VPC `bar` reaches the ALB through a
 * VPC peering, by its internal DNS name and by the friendly name `alb.home`.
 */
export class InternalCrossVpcExampleStack extends Stack {
  public readonly foo: ec2.Vpc;
  public readonly bar: ec2.Vpc;
  public readonly alb: InternalAlbWithPrivateTargets;
  public readonly webServer: ec2.Instance;
  public readonly client: ec2.Instance;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const flowLogs = { FlowLogs: { trafficType: ec2.FlowLogTrafficType.ALL } };
    this.foo = new ec2.Vpc(this, 'Foo', {
      ipAddresses: ec2.IpAddresses.cidr(FOO_CIDR),
      maxAzs: 2,
      natGateways: 1,
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'LoadBalancer', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
        { name: 'Web', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
      ],
      flowLogs,
    });
    this.bar = new ec2.Vpc(this, 'Bar', {
      ipAddresses: ec2.IpAddresses.cidr(BAR_CIDR),
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'Clients', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
      flowLogs,
    });

    // foo <-> bar, with routes both ways in the private route tables
    new VpcPeering(this, 'FooBar', { vpc: this.foo, peerVpc: this.bar });

    this.alb = new InternalAlbWithPrivateTargets(this, 'Alb', {
      vpc: this.foo,
      loadBalancerSubnets: { subnetGroupName: 'LoadBalancer' },
      targetSubnets: { subnetGroupName: 'Web' },
      targetPort: 8080,
      clientCidrs: [BAR_CIDR],
      privateDnsName: 'alb.home',
      clientVpcs: [this.bar],
      deletionProtection: false,
    });

    const userData = ec2.UserData.forLinux();
    userData.addCommands(
      'mkdir -p /srv/www && echo "<html><body>Hello World</body></html>" > /srv/www/index.html',
      'cd /srv/www && nohup python3 -m http.server 8080 >/var/log/web.log 2>&1 &',
    );
    this.webServer = this.instance('WebServer', this.foo, { subnetGroupName: 'Web' }, this.alb.targetSecurityGroup, userData);
    this.alb.addTarget(new targets.InstanceTarget(this.webServer, 8080));

    const clientGroup = new ec2.SecurityGroup(this, 'ClientGroup', {
      vpc: this.bar,
      allowAllOutbound: false,
      description: 'Client in bar: HTTP to the internal load balancer in foo only',
    });
    clientGroup.addEgressRule(ec2.Peer.ipv4(FOO_CIDR), ec2.Port.tcp(80), 'HTTP to the internal ALB in foo');
    this.client = this.instance('Client', this.bar, { subnetGroupName: 'Clients' }, clientGroup);
  }

  private instance(
    id: string, vpc: ec2.IVpc, subnets: ec2.SubnetSelection, securityGroup: ec2.ISecurityGroup, userData?: ec2.UserData,
  ): ec2.Instance {
    const instance = new ec2.Instance(this, id, {
      vpc,
      vpcSubnets: subnets,
      securityGroup,
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.MICRO),
      machineImage: ec2.MachineImage.latestAmazonLinux2023(),
      requireImdsv2: true,
      detailedMonitoring: true,
      blockDevices: [{ deviceName: '/dev/xvda', volume: ec2.BlockDeviceVolume.ebs(8, { encrypted: true }) }],
      userData,
    });
    Validations.of(instance).acknowledge({
      id: 'AwsSolutions-EC29',
      reason: 'Example instances are disposable; termination protection would make the example hard to delete.',
    });
    return instance;
  }
}
