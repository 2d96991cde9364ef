import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AlbWebAcl } from './alb-web-acl';

/**
 * The listener, target, logging and protection options both `SecureAlbService` and
 * `InternalAlbWithPrivateTargets` take.
 */
export interface SecureAlbOptions {
  /**
   * Certificates for an HTTPS listener. With certificates, the listener is HTTPS with
   * `sslPolicy`, and HTTP 80 redirects to it (see `redirectHttp`).
   *
   * @default - an HTTP listener, no TLS
   */
  readonly certificates?: elbv2.IListenerCertificate[];

  /**
   * The listener port.
   *
   * @default - 443 with certificates, 80 otherwise
   */
  readonly listenerPort?: number;

  /**
   * With certificates: add an HTTP listener on port 80 that redirects to the HTTPS listener.
   *
   * @default - true with certificates
   */
  readonly redirectHttp?: boolean;

  /**
   * The TLS policy of the HTTPS listener.
   *
   * @default elbv2.SslPolicy.RECOMMENDED_TLS (TLS 1.3 and 1.2)
   */
  readonly sslPolicy?: elbv2.SslPolicy;

  /**
   * The port the targets listen on.
   *
   * @default 80
   */
  readonly targetPort?: number;

  /**
   * The protocol between the load balancer and the targets.
   *
   * @default elbv2.ApplicationProtocol.HTTP
   */
  readonly targetProtocol?: elbv2.ApplicationProtocol;

  /**
   * The target type of the target group.
   *
   * @default - inferred from the first target added
   */
  readonly targetType?: elbv2.TargetType;

  /**
   * The health check. Its `port` may differ from the target port: both are opened between the
   * load balancer and the targets, and nothing else.
   *
   * @default - elbv2 defaults: HTTP on the traffic port, path '/'
   */
  readonly healthCheck?: elbv2.HealthCheck;

  /**
   * Targets to register. Targets with their own security group (auto scaling groups, ECS
   * services) get the target and health-check ports from the load balancer; give EC2 instances the
   * construct's `targetSecurityGroup` (or use `addTarget` after creating them with it).
   *
   * @default - none
   */
  readonly targets?: elbv2.IApplicationLoadBalancerTarget[];

  /**
   * IPv4 CIDR blocks of IP targets outside the VPC (a peered VPC, on premises), registered with
   * `IpTarget(address, port, 'all')`: the load balancer's group and its subnets' ACL let the target
   * and health-check ports out to them, and the replies in. `0.0.0.0/0` and networks inside the
   * VPC are refused (targets in the VPC are reached through `targetSecurityGroup`).
   *
   * @default - none: the targets are in the VPC
   */
  readonly targetCidrs?: string[];

  /**
   * The networks of the identity provider that listeners authenticating users (OIDC, Amazon
   * Cognito) call on HTTPS. When a listener authenticates, the load balancer's subnets' ACL lets 443
   * out to them and the replies in, whether or not a NAT gateway shares the subnets; with this prop
   * the load balancer's group gets 443 to these networks too (pass `allowHttpsOutbound: false` to the
   * action, whose default opens 443 to everyone).
   *
   * @default - '0.0.0.0/0' when a listener authenticates (the identity provider's addresses are not known)
   */
  readonly identityProviderCidrs?: string[];

  /**
   * TCP ports the targets may connect to anywhere for their own outbound traffic (AWS APIs, ECR,
   * package repositories), in their security group and network ACL. `[]` for none.
   *
   * @default [443]
   */
  readonly targetOutboundPorts?: number[];

  /**
   * Deliver access logs to S3.
   *
   * @default true
   */
  readonly accessLogs?: boolean;

  /**
   * The bucket for access logs. It must use SSE-S3; its policy gets the log-delivery statement.
   *
   * @default - a new `AlbAccessLogBucket`
   */
  readonly accessLogBucket?: s3.IBucket;

  /**
   * The key prefix of the logs.
   *
   * @default 'alb'
   */
  readonly accessLogPrefix?: string;

  /**
   * Also deliver connection logs (requires access logs).
   *
   * @default false
   */
  readonly connectionLogs?: boolean;

  /**
   * Server access logging of the access-log bucket the construct creates, into a second bucket it
   * creates (see `AlbAccessLogBucketProps.serverAccessLogs`). Not with `accessLogBucket`.
   *
   * @default false
   */
  readonly accessLogBucketServerAccessLogs?: boolean;

  /**
   * S3 Object Lock (governance mode) with this default retention on the access-log bucket the
   * construct creates (see `AlbAccessLogBucketProps.objectLockRetention`; at most the 90-day
   * expiry). Not with `accessLogBucket`.
   *
   * @default - no Object Lock
   */
  readonly accessLogBucketObjectLockRetention?: Duration;

  /**
   * Send the object events of the access-log bucket the construct creates (and of its
   * server-access-log bucket) to Amazon EventBridge (see
   * `AlbAccessLogBucketProps.eventBridgeNotifications`). Not with `accessLogBucket`.
   *
   * @default false
   */
  readonly accessLogBucketEventBridge?: boolean;

  /**
   * How long the flow logs of the VPC the construct creates are kept (Control Tower
   * CT.CLOUDWATCH.PR.2 asks for at least a year). Not with `vpc`.
   *
   * @default logs.RetentionDays.TWO_YEARS
   */
  readonly flowLogRetention?: logs.RetentionDays;

  /**
   * A customer managed KMS key for the flow-log group of the VPC the construct creates (Control
   * Tower CT.CLOUDWATCH.PR.3, cdk-nag `CloudWatchLogGroupEncrypted`). A key defined in the app gets
   * the key-policy statement CloudWatch Logs needs; for an imported key, allow
   * `logs.<region>.amazonaws.com` to use it yourself. Not with `vpc`.
   *
   * @default - CloudWatch Logs' own server-side encryption (no customer managed key)
   */
  readonly flowLogEncryptionKey?: kms.IKey;

  /**
   * Associate network ACLs with the recommended entries to the load balancer's and the targets'
   * subnets. Subnets that another construct of this library already gave an ACL (in this stack or
   * another stack of the app) keep it: this construct adds its entries to it (see the README,
   * "Sharing a VPC").
   *
   * @default - true when the subnets were created in this app; false for imported subnets
   * (`Vpc.fromLookup`, `Vpc.fromVpcAttributes`), whose existing network ACLs may serve other
   * workloads: set it to true when nothing else lives in them
   */
  readonly manageNetworkAcls?: boolean;

  /**
   * First rule number of the band of `ruleNumberBase` to `ruleNumberBase + 99` the construct's
   * network-ACL entries use (passed to `LoadBalancerNetworkAcls`). Move it when your own entries in
   * the same ACLs need those numbers: put yours below the band to be evaluated first (for example
   * denies), or above it to be evaluated after. Constructs sharing an ACL must use the same band.
   *
   * @default 100
   */
  readonly ruleNumberBase?: number;

  /**
   * The most entries per direction each network ACL the construct manages may hold (passed to
   * `LoadBalancerNetworkAcls`; the default quota is 20, raisable to 40). Raise it only after raising
   * the quota of your account.
   *
   * @default 20
   */
  readonly maxEntriesPerDirection?: number;

  /**
   * Whether NAT gateways in the load balancer's subnets serve the VPC's outbound traffic (their ACL
   * then passes `natGatewayPorts` from the VPC to the internet, and the replies).
   *
   * @default - true when one of the load balancer subnets holds a NAT gateway created in this app;
   * for imported subnets, true when the load balancer subnets are public subnets of a VPC with
   * private subnets with egress
   */
  readonly natGatewaysInLoadBalancerSubnets?: boolean;

  /**
   * TCP ports the NAT gateways in the load balancer's subnets carry to the internet, for the
   * targets and for every other subnet that routes through them.
   *
   * @default - `targetOutboundPorts`, plus 443 when other subnets route through those NAT gateways
   */
  readonly natGatewayPorts?: number[];

  /**
   * Add an S3 gateway endpoint to the route tables of the target subnets. Route tables that another
   * construct of this library already gave one keep it (extended to this construct's route tables).
   * Set it to false when the route tables already have an S3 gateway endpoint made elsewhere.
   *
   * @default - true when the subnets were created in this app; false for imported subnets, whose
   * route tables may already have one (a second one fails the deployment)
   */
  readonly addS3Endpoint?: boolean;

  /**
   * Turn on deletion protection of the load balancer.
   *
   * @default true
   */
  readonly deletionProtection?: boolean;

  /**
   * An AWS WAF web ACL to associate with the load balancer: `AlbWebAcl.fromArn(arn)` for an
   * existing one, `AlbWebAcl.managedRules()` for a new one with AWS managed rule groups (see its
   * docs for the cost and the false positives to expect).
   *
   * @default - no web ACL (Security Hub ELB.16 reports it; your decision)
   */
  readonly webAcl?: AlbWebAcl;

  /**
   * How the load balancer treats requests that may be HTTP desync attacks.
   * `DesyncMitigationMode.STRICTEST` also refuses requests that merely do not follow RFC 7230;
   * `MONITOR` lets everything through and is refused unless you acknowledge the warning.
   *
   * @default elbv2.DesyncMitigationMode.DEFENSIVE
   */
  readonly desyncMitigationMode?: elbv2.DesyncMitigationMode;

  /**
   * How long a connection may stay idle (1 to 4000 seconds).
   *
   * @default Duration.seconds(60)
   */
  readonly idleTimeout?: Duration;

  /**
   * How long a client connection is kept alive before the load balancer closes it (60 to 604800
   * seconds).
   *
   * @default Duration.seconds(3600)
   */
  readonly clientKeepAlive?: Duration;

  /**
   * The name of the load balancer.
   *
   * @default - a name CloudFormation generates
   */
  readonly loadBalancerName?: string;
}

/**
 * Options of `addTargetGroup`: a target group behind a listener rule of the main listener.
 */
export interface SecureTargetGroupOptions {
  /**
   * The port the targets listen on (not for Lambda targets).
   *
   * @default 80
   */
  readonly port?: number;

  /**
   * The protocol between the load balancer and the targets (not for Lambda targets).
   *
   * @default elbv2.ApplicationProtocol.HTTP
   */
  readonly protocol?: elbv2.ApplicationProtocol;

  /**
   * The health check; its port is opened next to the target port, and nothing else.
   *
   * @default - elbv2 defaults: HTTP on the traffic port, path '/'
   */
  readonly healthCheck?: elbv2.HealthCheck;

  /** The conditions of the listener rule (at least one). */
  readonly conditions: elbv2.ListenerCondition[];

  /** The priority of the listener rule (1 to 50000, unique per listener: two rules of one priority are refused at synth). */
  readonly priority: number;

  /**
   * Targets to register.
   *
   * @default - none
   */
  readonly targets?: elbv2.IApplicationLoadBalancerTarget[];

  /**
   * The target type.
   *
   * @default - inferred from the first target added (Lambda targets: no port, protocol or network rules)
   */
  readonly targetType?: elbv2.TargetType;
}

/**
 * What a subclass of `SecureAlbBase` passes to its constructor: the options both L3 constructs share
 * plus what makes the kind (internet-facing or internal, where the load balancer and its targets go,
 * the VPC made when none is given).
 */
export interface SecureAlbBaseProps extends SecureAlbOptions {
  /**
   * The VPC.
   *
   * @default - a new VPC (2 availability zones, flow logs, the default security group closed) with
   * the subnet groups of `defaultVpcSubnets`
   */
  readonly vpc?: ec2.IVpc;
  /** The subnet groups of the VPC made when `vpc` is not given. */
  readonly defaultVpcSubnets: ec2.SubnetConfiguration[];
  /** Whether the load balancer is internet-facing. */
  readonly internetFacing: boolean;
  /** The subnets of the load balancer. */
  readonly loadBalancerSubnets: ec2.SubnetSelection;
  /** The subnets of the targets. */
  readonly targetSubnets: ec2.SubnetSelection;
  /**
   * IPv4 CIDR blocks of the clients. For an internal load balancer, networks outside the VPC in
   * addition to the VPC's own CIDR (which is always a client).
   *
   * @default - internet-facing: `['0.0.0.0/0']`; internal: only the VPC's CIDR block
   */
  readonly clientCidrs?: string[];
  /**
   * Other clients allowed on the listener ports (security groups, connectables).
   *
   * @default - none
   */
  readonly clients?: ec2.IConnectable[];
}
