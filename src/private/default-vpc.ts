import { Annotations, ArnFormat, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledgeCompliance } from './compliance';

/** What the VPC the L3 constructs create takes from their props. */
export interface NewVpcOptions {
  readonly flowLogRetention?: logs.RetentionDays;
  readonly flowLogEncryptionKey?: kms.IKey;
}

/**
 * The VPC the L3 constructs create when none is given: 2 AZs, a NAT gateway per AZ, flow logs
 * (kept two years by default, optionally under a customer managed key), public subnets that assign
 * no public IP on launch (the load balancer and the NAT gateways get theirs from AWS; an instance
 * launched there by mistake stays private), and the default security group closed (no rules: a
 * resource launched without a group can talk to nothing). Closing the default group is done by
 * aws-cdk-lib's `Custom::VpcRestrictDefaultSG`, a Lambda-backed custom resource.
 */
export function newVpc(scope: Construct, subnetConfiguration: ec2.SubnetConfiguration[], options: NewVpcOptions = {}): ec2.Vpc {
  const vpc = new ec2.Vpc(scope, 'Vpc', {
    maxAzs: 2,
    subnetConfiguration: subnetConfiguration.map((c) => (c.subnetType === ec2.SubnetType.PUBLIC ? { ...c, mapPublicIpOnLaunch: false } : c)),
    flowLogs: { FlowLogs: { trafficType: ec2.FlowLogTrafficType.ALL } },
    restrictDefaultSecurityGroup: true,
  });
  // the flow log's own log group (its construct id stays): retention and key set on it
  const group = vpc.node.findChild('FlowLogs').node.findChild('LogGroup').node.defaultChild as logs.CfnLogGroup;
  group.retentionInDays = options.flowLogRetention ?? logs.RetentionDays.TWO_YEARS;
  if (options.flowLogRetention !== undefined && options.flowLogRetention !== logs.RetentionDays.INFINITE && options.flowLogRetention < 365) {
    Annotations.of(scope).addWarningV2('cdk-secure-alb:flow-log-retention',
      `\`flowLogRetention\` keeps the flow logs ${options.flowLogRetention} days; Control Tower CT.CLOUDWATCH.PR.2 asks for at least a year`);
  }
  const key = options.flowLogEncryptionKey;
  if (key) {
    group.kmsKeyId = key.keyArn;
    const region = Stack.of(scope).region;
    key.addToResourcePolicy(new iam.PolicyStatement({
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      principals: [new iam.ServicePrincipal(`logs.${region}.amazonaws.com`)],
      resources: ['*'],
      conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': Stack.of(scope).formatArn({ service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }) } },
    }));
    vpc.node.findChild('FlowLogs').node.findChild('LogGroup').node.addDependency(key);
  }
  acknowledgeCompliance(vpc.node.findChild('FlowLogs').node.findChild('IAMRole'), 'IAMNoInlinePolicy',
    'aws-cdk-lib\'s flow-log role: its one policy lets VPC Flow Logs write to this VPC\'s flow-log group and nothing else.');
  for (const subnet of vpc.publicSubnets) {
    acknowledgeCompliance(subnet, 'VPCNoUnrestrictedRouteToIGW',
      'A public subnet holds the internet-facing load balancer and the NAT gateways, which need the route to the internet gateway; it assigns no public IP on launch, and its network ACL admits only the listener ports and replies.');
  }
  return vpc;
}
