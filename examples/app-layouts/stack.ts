import { SecretValue, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as targets from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { InternalAlbWithPrivateTargets, SecureAlbService, VpcPeering } from '../../src';

const CERTIFICATE_ARN = 'arn:aws:acm:eu-west-1:111111111111:certificate/00000000-0000-0000-0000-000000000000';

/**
 * One internet-facing ALB for a whole application, the layout most apps have:
 *
 * - `/` to an ECS Fargate web service on port 80 (the service brings its own security group);
 * - `/api/*` to an ECS Fargate API service on port 8080, health checks on 8081;
 * - `/hello` to a Lambda function (no network path: the service invokes it);
 * - `/admin/*` behind OpenID Connect login, then to the web service (the load balancer calls the
 *   identity provider on HTTPS).
 */
export class OneAlbManyServicesStack extends Stack {
  public readonly alb: SecureAlbService;
  public readonly web: ecs.FargateService;
  public readonly api: ecs.FargateService;
  public readonly apiTargetGroup: elbv2.ApplicationTargetGroup;
  public readonly hello: lambda.Function;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.alb = new SecureAlbService(this, 'Alb', {
      certificates: [elbv2.ListenerCertificate.fromArn(CERTIFICATE_ARN)],
      targetType: elbv2.TargetType.IP,
      deletionProtection: false,
    });
    const cluster = new ecs.Cluster(this, 'Cluster', { vpc: this.alb.vpc, containerInsightsV2: ecs.ContainerInsights.ENHANCED });

    this.web = this.service(cluster, 'Web', 80, 80);
    this.alb.addTarget(this.web);

    this.api = this.service(cluster, 'Api', 8080, 8081);
    this.apiTargetGroup = this.alb.addTargetGroup('Api', {
      port: 8080,
      healthCheck: { port: '8081', path: '/health' },
      conditions: [elbv2.ListenerCondition.pathPatterns(['/api/*'])],
      priority: 10,
      targets: [this.api],
    });

    // A role of its own (no AWS-managed policy) that writes to the function's log group only.
    const helloLogs = new logs.LogGroup(this, 'HelloLogs', { retention: logs.RetentionDays.ONE_MONTH });
    const helloRole = new iam.Role(this, 'HelloRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    helloLogs.grantWrite(helloRole);
    this.hello = new lambda.Function(this, 'Hello', {
      role: helloRole,
      logGroup: helloLogs,
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200, statusDescription: "200 OK", headers: { "content-type": "text/plain" }, body: "hello" });'),
    });
    this.alb.addTargetGroup('Hello', {
      targets: [new targets.LambdaTarget(this.hello)],
      conditions: [elbv2.ListenerCondition.pathPatterns(['/hello'])],
      priority: 20,
    });

    this.alb.listener.addAction('Admin', {
      priority: 30,
      conditions: [elbv2.ListenerCondition.pathPatterns(['/admin/*'])],
      action: elbv2.ListenerAction.authenticateOidc({
        issuer: 'https://login.example.com',
        authorizationEndpoint: 'https://login.example.com/authorize',
        tokenEndpoint: 'https://login.example.com/token',
        userInfoEndpoint: 'https://login.example.com/userinfo',
        clientId: 'cdk-secure-alb-example',
        clientSecret: SecretValue.secretsManager('example/oidc-client-secret'),
        next: elbv2.ListenerAction.forward([this.alb.targetGroup]),
      }),
    });
  }

  /** A Fargate service in the target subnets, listening on `port` (health checks on `healthPort`). */
  private service(cluster: ecs.Cluster, id: string, port: number, healthPort: number): ecs.FargateService {
    const task = new ecs.FargateTaskDefinition(this, `${id}Task`, { cpu: 256, memoryLimitMiB: 512 });
    const container = task.addContainer('App', {
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'),
      portMappings: [...new Set([port, healthPort])].map((containerPort) => ({ containerPort })),
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: id }),
    });
    Validations.of(task).acknowledge({ id: 'AwsSolutions-ECS2', reason: 'The example container takes no configuration.' });
    Validations.of(task).acknowledge({ id: 'AwsSolutions-IAM5', reason: 'The task execution role written by aws-cdk-lib for CloudWatch Logs.' });
    void container;
    const service = new ecs.FargateService(this, id, {
      cluster,
      taskDefinition: task,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      minHealthyPercent: 100,
      circuitBreaker: { rollback: true },
    });
    for (const group of service.connections.securityGroups) {
      Validations.of(group).acknowledge({
        id: 'AwsSolutions-EC23',
        reason: 'The service accepts the load balancer group only, and ICMP type 3 code 4 (path MTU discovery) from the VPC\'s own CIDR, a token cdk-nag cannot read.',
      });
    }
    return service;
  }
}

/** The CIDR of the application's VPC and of the peered network its targets live in. */
export const APP_CIDR = '10.20.0.0/16';
export const TARGETS_CIDR = '10.30.0.0/16';

/**
 * An internal ALB whose targets are IP addresses in a peered VPC (the same shape as targets on
 * premises behind a VPN or Direct Connect): `targetCidrs` opens the target port to that network only.
 */
export class PeeredIpTargetsStack extends Stack {
  public readonly alb: InternalAlbWithPrivateTargets;
  public readonly targetsVpc: ec2.Vpc;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const flowLogs = { FlowLogs: { trafficType: ec2.FlowLogTrafficType.ALL } };
    const app = new ec2.Vpc(this, 'App', {
      ipAddresses: ec2.IpAddresses.cidr(APP_CIDR),
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'LoadBalancer', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
      flowLogs,
    });
    this.targetsVpc = new ec2.Vpc(this, 'Targets', {
      ipAddresses: ec2.IpAddresses.cidr(TARGETS_CIDR),
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'Servers', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
      flowLogs,
    });
    new VpcPeering(this, 'AppTargets', { vpc: app, peerVpc: this.targetsVpc });

    this.alb = new InternalAlbWithPrivateTargets(this, 'Alb', {
      vpc: app,
      targetPort: 8080,
      targetOutboundPorts: [],
      targetCidrs: [TARGETS_CIDR],
      targets: [new targets.IpTarget('10.30.0.10', 8080, 'all')],
      deletionProtection: false,
    });
  }
}
