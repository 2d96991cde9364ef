import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';

/**
 * The VPC the L3 constructs create when none is given: 2 AZs, a NAT gateway per AZ, flow logs, and
 * public subnets that assign no public IP on launch (the load balancer and the NAT gateways get
 * theirs from AWS; an instance launched there by mistake stays private).
 */
export function newVpc(scope: Construct, subnetConfiguration: ec2.SubnetConfiguration[]): ec2.Vpc {
  return new ec2.Vpc(scope, 'Vpc', {
    maxAzs: 2,
    subnetConfiguration: subnetConfiguration.map((c) => (c.subnetType === ec2.SubnetType.PUBLIC ? { ...c, mapPublicIpOnLaunch: false } : c)),
    flowLogs: { FlowLogs: { trafficType: ec2.FlowLogTrafficType.ALL } },
  });
}
