import { Annotations, Aspects, Duration, IAspect, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as elbv2targets from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct, IConstruct } from 'constructs';
import { AppIndex, Attachments } from './app-index';
import { acknowledgeCompliance } from './compliance';
import { authenticatingListeners, recordIntent } from './intent';
import { attachLogs, grantLogDelivery, LogDeliveryCaller, refuseKmsEncryption, validatePrefix } from './log-delivery';
import { RecommendedTargetGroup } from './recommended-target-group';
import { isOwnedSubnet, subnetName } from './shared-network';
import { TrafficSpec } from './traffic-spec';
import { healthCheckPortOf, parseIpv4Cidr, validateMaxEntriesPerDirection, validatePort, validatePorts, validateRuleNumberBase, validateTargetCidrs, vpcCidrOf } from './validate';
import { AlbAccessLogBucket } from '../alb-access-log-bucket';
import { AlbSecurityGroupPair } from '../alb-security-group-pair';
import { LoadBalancerNetworkAcls } from '../load-balancer-network-acls';
import { S3GatewayEndpoint } from '../s3-gateway-endpoint';
import { SecureAlbBaseProps, SecureAlbOptions, SecureTargetGroupOptions } from '../secure-alb-options';

/** What both L3 constructs pass to `buildSecureAlb`: their props, resolved, and their name for errors. */
export interface SecureAlbCoreOptions extends SecureAlbBaseProps {
  readonly owner: string;
  /** The VPC (given, or made by the base). */
  readonly vpc: ec2.IVpc;
}

/** The parts `buildSecureAlb` creates. */
export interface SecureAlbParts {
  readonly securityGroupPair: AlbSecurityGroupPair;
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly listener: elbv2.ApplicationListener;
  readonly redirectListener?: elbv2.ApplicationListener;
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  readonly networkAcls?: LoadBalancerNetworkAcls;
  readonly accessLogBucket?: s3.IBucket;
  readonly s3Endpoint?: S3GatewayEndpoint;
  readonly connections: ec2.Connections;
  /** The listener and target ports, rendered by both the security groups and the network ACLs. */
  readonly traffic: TrafficSpec;
  readonly webAclArn?: string;
  readonly listenerPort: number;
  readonly targetPort: number;
  readonly healthCheckPort: number;
  /** Whether the targets are Lambda functions (no network path from the load balancer to them). */
  readonly lambdaTargets: boolean;
  /** The VPC's IPv4 CIDR. */
  readonly vpcCidr: string;
  /** The networks the listeners are opened to. */
  readonly clientCidrs: string[];
  /** Whether `clientCidrs` were narrowed by the user (an internet-facing load balancer not open to everyone). */
  readonly narrowedClients: boolean;
  /** The construct's name, for errors. */
  readonly owner: string;
}

/** The ports and listener layout `validateSecureAlbOptions` derives from the options. */
export interface ResolvedListenerLayout {
  readonly https: boolean;
  readonly listenerPort: number;
  readonly targetPort: number;
  readonly healthCheckPort: number;
  readonly redirect: boolean;
  readonly listenerPorts: number[];
}

/**
 * Checks the options both L3 constructs share, before anything is created (so a bad prop leaves
 * nothing half-built), and derives the listener layout.
 */
export function validateSecureAlbOptions(owner: string, o: SecureAlbOptions): ResolvedListenerLayout {
  const https = (o.certificates ?? []).length > 0;
  const listenerPort = o.listenerPort ?? (https ? 443 : 80);
  validatePort(owner, 'listenerPort', listenerPort);
  const targetPort = o.targetPort ?? 80;
  validatePort(owner, 'targetPort', targetPort);
  const healthCheckPort = healthCheckPortOf(owner, o.healthCheck?.port, targetPort);
  validatePorts(owner, 'targetOutboundPorts', o.targetOutboundPorts ?? [], true);
  validatePorts(owner, 'natGatewayPorts', o.natGatewayPorts ?? [], true);
  if (o.ruleNumberBase !== undefined) validateRuleNumberBase(owner, o.ruleNumberBase);
  if (o.maxEntriesPerDirection !== undefined) validateMaxEntriesPerDirection(owner, o.maxEntriesPerDirection);
  (o.identityProviderCidrs ?? []).forEach((c, i) => parseIpv4Cidr(owner, `identityProviderCidrs[${i}]`, c));
  if (o.identityProviderCidrs && o.identityProviderCidrs.length === 0) {
    throw new Error(`${owner}: \`identityProviderCidrs\` is an empty list, which would block every login; leave it undefined for '0.0.0.0/0' or name the identity provider's networks`);
  }
  const lambda = isLambda(o);
  if (lambda && (o.targetPort !== undefined || o.targetProtocol !== undefined || o.healthCheck?.port !== undefined)) {
    const prop = o.targetPort !== undefined ? 'targetPort' : o.targetProtocol !== undefined ? 'targetProtocol' : 'healthCheck.port';
    throw new Error(`${owner}: \`${prop}\` is set, but the targets are Lambda functions, which have no port or protocol (the service invokes them); drop \`${prop}\``);
  }
  if (lambda && (o.targetCidrs ?? []).length > 0) {
    throw new Error(`${owner}: \`targetCidrs\` is set, but the targets are Lambda functions, which are not reached over the network; drop \`targetCidrs\``);
  }
  if (o.redirectHttp && !https) {
    throw new Error(`${owner}: \`redirectHttp\` is true but no \`certificates\` are given: there is no HTTPS listener to redirect to`);
  }
  if (o.sslPolicy && !https) {
    throw new Error(`${owner}: \`sslPolicy\` is set but no \`certificates\` are given: the listener is plain HTTP`);
  }
  if (o.accessLogs === false && (o.accessLogBucket || o.connectionLogs)) {
    throw new Error(`${owner}: \`accessLogs\` is false but \`${o.accessLogBucket ? 'accessLogBucket' : 'connectionLogs'}\` is set; turn access logs on or drop that option`);
  }
  if (o.accessLogPrefix !== undefined) {
    validatePrefix(o.accessLogPrefix, logCaller(owner));
  }
  for (const [prop, value] of [['accessLogBucketServerAccessLogs', o.accessLogBucketServerAccessLogs], ['accessLogBucketObjectLockRetention', o.accessLogBucketObjectLockRetention], ['accessLogBucketEventBridge', o.accessLogBucketEventBridge]] as const) {
    if (value !== undefined && (o.accessLogBucket || o.accessLogs === false)) {
      throw new Error(`${owner}: \`${prop}\` applies to the access-log bucket the construct creates, but ${o.accessLogBucket ? '`accessLogBucket` is given; set it on that bucket' : '`accessLogs` is false'}`);
    }
  }
  if (o.accessLogBucket) {
    refuseKmsEncryption(o.accessLogBucket, logCaller(owner));
  }
  validateDuration(owner, 'idleTimeout', o.idleTimeout, 1, 4000);
  validateDuration(owner, 'clientKeepAlive', o.clientKeepAlive, 60, 604800);
  const redirect = https && (o.redirectHttp ?? true);
  if (redirect && listenerPort === 80) {
    throw new Error(`${owner}: \`listenerPort\` is 80 with certificates and the HTTP redirect on, but the redirect listens on 80; choose another port or set \`redirectHttp: false\``);
  }
  return { https, listenerPort, targetPort, healthCheckPort, redirect, listenerPorts: redirect ? [listenerPort, 80] : [listenerPort] };
}

/**
 * Builds an ALB with the building blocks, in the construct ids both L3 constructs share:
 * `SecurityGroups`, `LoadBalancer`, `Listener`, `TargetGroup`, `NetworkAcls`, `AccessLogs`,
 * `S3Endpoint`. Construct ids are API: keep them stable.
 */
export function buildSecureAlb(scope: Construct, o: SecureAlbCoreOptions): SecureAlbParts {
  const { https, listenerPort, targetPort, healthCheckPort, redirect, listenerPorts } = validateSecureAlbOptions(o.owner, o);
  const lambdaTargets = isLambda(o);
  const vpcCidr = vpcCidrOf(o.owner, o.vpc);
  const targetCidrs = validateTargetCidrs(o.owner, o.targetCidrs ?? [], vpcCidr);
  const targetType = lambdaTargets ? elbv2.TargetType.LAMBDA : undefined;

  const securityGroups = new AlbSecurityGroupPair(scope, 'SecurityGroups', {
    vpc: o.vpc,
    internetFacing: o.internetFacing,
    listenerPorts,
    clientCidrs: o.clientCidrs,
    clients: o.clients,
    targetPort,
    healthCheckPort,
    targetOutboundPorts: o.targetOutboundPorts,
    targetCidrs,
    targetType,
  });

  const loadBalancer = new elbv2.ApplicationLoadBalancer(scope, 'LoadBalancer', {
    vpc: o.vpc,
    internetFacing: o.internetFacing,
    vpcSubnets: o.loadBalancerSubnets,
    securityGroup: securityGroups.loadBalancerSecurityGroup,
    dropInvalidHeaderFields: true,
    deletionProtection: o.deletionProtection ?? true,
    loadBalancerName: o.loadBalancerName,
    desyncMitigationMode: o.desyncMitigationMode ?? elbv2.DesyncMitigationMode.DEFENSIVE,
    idleTimeout: o.idleTimeout,
    clientKeepAlive: o.clientKeepAlive,
  });
  if (o.desyncMitigationMode === elbv2.DesyncMitigationMode.MONITOR) {
    Annotations.of(scope).addWarningV2('cdk-secure-alb:desync-monitor', `${o.owner}: \`desyncMitigationMode\` is MONITOR: requests that may be HTTP desync attacks reach the targets; use DEFENSIVE (the default) or STRICTEST, or acknowledge this warning`);
  }
  const webAclArn = o.webAcl?.bind(scope).webAclArn;
  if (webAclArn) {
    new wafv2.CfnWebACLAssociation(scope, 'WebAclAssociation', { resourceArn: loadBalancer.loadBalancerArn, webAclArn });
  }

  const targetGroup = lambdaTargets
    ? new elbv2.ApplicationTargetGroup(scope, 'TargetGroup', { targetType: elbv2.TargetType.LAMBDA, healthCheck: o.healthCheck, targets: o.targets })
    : new RecommendedTargetGroup(scope, 'TargetGroup', {
      vpc: o.vpc,
      port: targetPort,
      protocol: o.targetProtocol ?? elbv2.ApplicationProtocol.HTTP,
      targetType: o.targetType,
      healthCheck: o.healthCheck,
      targets: o.targets,
    }, healthCheckPort, { vpcCidr, own: securityGroups.targetSecurityGroup });

  const listener = loadBalancer.addListener('Listener', {
    port: listenerPort,
    protocol: https ? elbv2.ApplicationProtocol.HTTPS : elbv2.ApplicationProtocol.HTTP,
    certificates: https ? o.certificates : undefined,
    sslPolicy: https ? (o.sslPolicy ?? elbv2.SslPolicy.RECOMMENDED_TLS) : undefined,
    open: false,
    defaultTargetGroups: [targetGroup],
  });
  const redirectListener = redirect
    ? loadBalancer.addRedirect({
      sourcePort: 80,
      sourceProtocol: elbv2.ApplicationProtocol.HTTP,
      targetPort: listenerPort,
      targetProtocol: elbv2.ApplicationProtocol.HTTPS,
      open: false,
    })
    : undefined;
  if (redirectListener) {
    acknowledgeCompliance(redirectListener, 'ELBv2ACMCertificateRequired',
      'This listener only answers plain-HTTP requests with a redirect to the HTTPS listener, which has the certificate; it forwards nothing.');
  }

  const imported = importedSubnetsOf(o);
  const networkAcls = (o.manageNetworkAcls ?? imported.length === 0) ? new LoadBalancerNetworkAcls(scope, 'NetworkAcls', {
    vpc: o.vpc,
    internetFacing: o.internetFacing,
    loadBalancerSubnets: o.loadBalancerSubnets,
    targetSubnets: o.targetSubnets,
    listenerPorts,
    clientCidrs: o.clientCidrs,
    targetPort,
    healthCheckPort,
    targetOutboundPorts: o.targetOutboundPorts,
    natGatewaysInLoadBalancerSubnets: o.natGatewaysInLoadBalancerSubnets,
    natGatewayPorts: o.natGatewayPorts,
    targetCidrs,
    targetType,
    ruleNumberBase: o.ruleNumberBase,
    maxEntriesPerDirection: o.maxEntriesPerDirection,
  }) : undefined;
  if (networkAcls && o.manageNetworkAcls === true) {
    // The user opted in for imported subnets: the building block's warning is answered.
    Annotations.of(scope).acknowledgeWarning('cdk-secure-alb:imported-subnet-acl', 'manageNetworkAcls is true');
  }

  let accessLogBucket: s3.IBucket | undefined;
  if (o.accessLogs ?? true) {
    const prefix = o.accessLogPrefix ?? 'alb';
    if (o.accessLogBucket) {
      grantLogDelivery(o.accessLogBucket, prefix, logCaller(o.owner));
      accessLogBucket = o.accessLogBucket;
    } else {
      accessLogBucket = new AlbAccessLogBucket(scope, 'AccessLogs', {
        prefix,
        serverAccessLogs: o.accessLogBucketServerAccessLogs,
        objectLockRetention: o.accessLogBucketObjectLockRetention,
        eventBridgeNotifications: o.accessLogBucketEventBridge,
      }).bucket;
    }
    attachLogs(loadBalancer, accessLogBucket, prefix, { accessLogs: true, connectionLogs: o.connectionLogs ?? false });
  }

  warnAboutImportedSubnets(scope, o, imported);
  const s3Endpoint = (o.addS3Endpoint ?? imported.length === 0)
    ? new S3GatewayEndpoint(scope, 'S3Endpoint', { vpc: o.vpc, subnets: [o.targetSubnets] })
    : undefined;

  const traffic = new TrafficSpec();
  securityGroups._joinTraffic(traffic);
  networkAcls?._joinTraffic(traffic);

  const connections = new ec2.Connections({
    securityGroups: [securityGroups.loadBalancerSecurityGroup],
    defaultPort: ec2.Port.tcp(listenerPort),
  });

  const parts: SecureAlbParts = {
    securityGroupPair: securityGroups,
    loadBalancer,
    listener,
    redirectListener,
    targetGroup,
    networkAcls,
    accessLogBucket,
    s3Endpoint,
    connections,
    traffic,
    webAclArn,
    listenerPort,
    targetPort,
    healthCheckPort,
    lambdaTargets,
    vpcCidr,
    clientCidrs: o.clientCidrs ?? (o.internetFacing ? ['0.0.0.0/0'] : [vpcCidr]),
    narrowedClients: o.internetFacing && o.clientCidrs !== undefined && !o.clientCidrs.includes('0.0.0.0/0'),
    owner: o.owner,
  };
  AppIndex.install(scope);
  scope.node.addValidation({ validate: () => validateLaterAdditions(scope, o.owner, parts, o.identityProviderCidrs) });
  Aspects.of(scope).add(new IdentityProviderAccess(scope, parts, o.identityProviderCidrs));
  recordIntent(loadBalancer, () => ({
    vpcId: o.vpc.vpcId,
    vpcCidr,
    clientCidrs: parts.clientCidrs,
    targetCidrs,
    identityProviderCidrs: authenticatingListeners(loadBalancer).length > 0 ? (o.identityProviderCidrs ?? ['0.0.0.0/0']) : [],
    targetSecurityGroups: [securityGroups.targetSecurityGroup],
    targetSubnets: o.vpc.selectSubnets(o.targetSubnets).subnets
      .filter((s) => Stack.of(s) === Stack.of(loadBalancer) || !Token.isUnresolved(s.subnetId))
      .map((s) => s.subnetId),
  }));
  return parts;
}

/** The L3 constructs' names for the log bucket and prefix, for errors of the log-delivery helpers. */
function logCaller(owner: string): LogDeliveryCaller {
  return { owner, bucketProp: 'accessLogBucket', prefixProp: 'accessLogPrefix' };
}

/** A duration prop in whole seconds within bounds (tokens are taken as they are). */
function validateDuration(owner: string, prop: string, value: Duration | undefined, min: number, max: number): void {
  if (value === undefined || Token.isUnresolved(value.toSeconds({ integral: false }))) {
    return;
  }
  const seconds = value.toSeconds({ integral: false });
  if (!Number.isInteger(seconds) || seconds < min || seconds > max) {
    throw new Error(`${owner}: \`${prop}\` must be a whole number of seconds between ${min} and ${max}, got ${value.toHumanString()}`);
  }
}

/** Whether the targets are Lambda functions: said by `targetType`, or by the first target. */
function isLambda(o: { readonly targetType?: elbv2.TargetType; readonly targets?: elbv2.IApplicationLoadBalancerTarget[] }): boolean {
  return o.targetType === elbv2.TargetType.LAMBDA || (o.targets?.[0] instanceof elbv2targets.LambdaTarget);
}

/**
 * A listener that authenticates users (OIDC, Amazon Cognito) makes the load balancer call the
 * identity provider on HTTPS. aws-cdk-lib opens 443 to 0.0.0.0/0 in the load balancer's group
 * (unless the action says `allowHttpsOutbound: false`), but the network ACL of the load balancer's
 * subnets would drop it unless a NAT gateway there happens to need 443 too. Actions are known only
 * once the app is built, so this aspect opens the ACL path (and, with `identityProviderCidrs`, the
 * security-group path) before synthesis.
 */
class IdentityProviderAccess implements IAspect {
  private done = false;

  constructor(private readonly scope: Construct, private readonly parts: SecureAlbParts, private readonly cidrs: string[] | undefined) {}

  public visit(node: IConstruct): void {
    if (this.done || node !== this.scope || authenticatingListeners(this.parts.loadBalancer).length === 0) {
      return;
    }
    this.done = true;
    const cidrs = this.cidrs ?? ['0.0.0.0/0'];
    this.parts.networkAcls?.allowIdentityProviders(cidrs);
    if (this.cidrs) {
      this.parts.securityGroupPair.allowIdentityProviders(this.cidrs);
    }
  }
}

/** The load balancer and target subnets that were not created in this app. */
function importedSubnetsOf(o: SecureAlbCoreOptions): ec2.ISubnet[] {
  const all = [...o.vpc.selectSubnets(o.loadBalancerSubnets).subnets, ...o.vpc.selectSubnets(o.targetSubnets).subnets];
  return [...new Set(all.filter((s) => !isOwnedSubnet(s)))];
}

/** Says what the construct leaves alone in subnets it did not create, and how to opt in. */
function warnAboutImportedSubnets(scope: Construct, o: SecureAlbCoreOptions, imported: ec2.ISubnet[]): void {
  const left: string[] = [];
  if (o.manageNetworkAcls === undefined) {
    left.push('their network ACLs (set `manageNetworkAcls: true` to associate the recommended ones when nothing else lives in these subnets)');
  }
  if (o.addS3Endpoint === undefined) {
    left.push('their route tables (set `addS3Endpoint: true` to add an S3 gateway endpoint when they have none)');
  }
  if (imported.length > 0 && left.length > 0) {
    // Say only what is true: without the ACLs only the security groups protect the subnets; with
    // them (manageNetworkAcls: true), what is left is the S3 path of the route tables.
    const consequence = o.manageNetworkAcls === undefined
      ? 'only the security groups protect the load balancer and the targets until then'
      : 'the network ACLs are managed (`manageNetworkAcls: true`), but the targets reach S3 only through whatever route their route tables already have';
    Annotations.of(scope).addWarningV2('cdk-secure-alb:imported-subnets', `${o.owner}: the subnets ${imported.map(subnetName).join(', ')} were not created in this app, so this construct leaves ${left.join(' and ')}; ${consequence}.`);
  }
}

/**
 * Every route to a listener, a listener rule or a target group ends at the same check: whatever is
 * attached to the load balancer (found by reference in the whole app, see `AppIndex`), wherever it
 * was created (the construct's subtree, the user's scope, another stack), must use ports the
 * construct's traffic spec opens, on both kinds of rule; anything else fails synth with the call
 * that fixes it.
 */
function validateLaterAdditions(scope: Construct, owner: string, parts: SecureAlbParts, identityProviderCidrs: string[] | undefined): string[] {
  const errors: string[] = [];
  const index = AppIndex.of(scope);
  const attached = index.attachedTo(parts.loadBalancer);
  const open = new Set(parts.traffic.listenerPorts);
  for (const l of attached.listeners) {
    const port = Stack.of(l).resolve(l.port);
    if (typeof port === 'number' && !open.has(port)) {
      errors.push(`${owner}: the listener ${l.node.path} uses port ${port}, which the security groups and network ACLs do not open; call \`allowListenerPort(${port})\` on the construct (and add the listener with \`open: false\`)`);
    }
  }
  if (!parts.lambdaTargets) {
    const allowed = new Set(parts.traffic.targetPorts);
    const allowedText = Array.from(allowed).join(', ');
    for (const tg of attached.targetGroups) {
      const stack = Stack.of(tg);
      if (stack.resolve(tg.targetType) === 'lambda') continue;
      const port = stack.resolve(tg.port);
      const hc = stack.resolve(tg.healthCheckPort);
      const hcPort = hc === undefined || hc === 'traffic-port' ? port : Number(hc);
      const checked: Array<[string, unknown]> = hcPort === port ? [['port', port]] : [['port', port], ['health-check port', hcPort]];
      for (const target of asList(stack.resolve(tg.targets))) {
        const p = (target as { Port?: unknown; port?: unknown }).Port ?? (target as { port?: unknown }).port;
        if (p !== undefined && p !== port) checked.push([`target port ${p} of the registered target`, p]);
      }
      for (const e of attached.ecsTargets.filter((t) => t.targetGroup === tg && t.awsvpc && t.containerPort !== port)) {
        checked.push([`container port (of the ECS service ${e.service.node.path})`, e.containerPort]);
      }
      const reported = new Set<unknown>();
      for (const [what, p] of checked) {
        if (typeof p === 'number' && !allowed.has(p) && !reported.has(p)) {
          reported.add(p);
          const fix = parts.targetGroup.node.defaultChild === tg
            ? `call \`allowTargetPort(${p})\` on the construct`
            : `create the target group with the construct's \`${addTargetGroupCall(tg, port, hcPort)}\`, which opens its ports, or keep it and call \`allowTargetPort(${p})\` on the construct`;
          errors.push(`${owner}: the target group ${tg.node.path} uses ${what} ${p}, but the rules between the load balancer and the targets allow only ${allowedText}; ${fix}`);
        }
      }
    }
  }
  errors.push(...duplicatePriorities(owner, attached));
  const lbSg = parts.securityGroupPair.loadBalancerSecurityGroup;
  const lbCfn = lbSg.node.defaultChild as ec2.CfnSecurityGroup;
  const ingress = [
    ...asList(Stack.of(lbCfn).resolve(lbCfn.securityGroupIngress)),
    ...index.ingressOf(lbSg).map((r) => {
      const stack = Stack.of(r);
      return { cidrIp: stack.resolve(r.cidrIp), cidrIpv6: stack.resolve(r.cidrIpv6), fromPort: stack.resolve(r.fromPort) };
    }),
  ] as Array<{ cidrIp?: string; cidrIpv6?: string; fromPort?: number }>;
  const everyone = ingress.filter((r) => r.cidrIp === '0.0.0.0/0' || r.cidrIpv6 === '::/0');
  if (!parts.securityGroupPair.internetFacing && everyone.length > 0) {
    errors.push(`${owner}: the security group of this internal load balancer allows inbound traffic from everyone (0.0.0.0/0 or ::/0); add listeners with \`open: false\` and allow only the client networks`);
  } else if (parts.narrowedClients && everyone.length > 0) {
    const ports = [...new Set(everyone.map((r) => r.fromPort))].join(', ');
    errors.push(`${owner}: \`clientCidrs\` is ${JSON.stringify(parts.clientCidrs)}, but the load balancer's security group allows port ${ports} from everyone (0.0.0.0/0 or ::/0), as a listener added with aws-cdk-lib's default \`open: true\` does; add it with \`open: false\` and call \`allowListenerPort(${ports})\` on the construct`);
  }
  if (identityProviderCidrs && authenticatingListeners(parts.loadBalancer).length > 0) {
    const egress = (Stack.of(lbCfn).resolve(lbCfn.securityGroupEgress) ?? []) as Array<{ cidrIp?: string; fromPort?: number }>;
    if (egress.some((r) => r.cidrIp === '0.0.0.0/0' && r.fromPort === 443) && !identityProviderCidrs.includes('0.0.0.0/0')) {
      errors.push(`${owner}: \`identityProviderCidrs\` is ${JSON.stringify(identityProviderCidrs)}, but the load balancer's security group allows 443 to everyone, as aws-cdk-lib's authenticate actions do by default; pass \`allowHttpsOutbound: false\` to \`ListenerAction.authenticateOidc\` (or \`AuthenticateCognitoAction\`)`);
    }
  }
  return errors;
}

function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/**
 * The \`addTargetGroup\` call that replaces a target group made with aws-cdk-lib's own methods, with
 * every prop it needs: the port, the health-check port when it is not the traffic port, the protocol
 * when it is not HTTP, and the conditions and priority of the listener rule that forwards to it.
 */
function addTargetGroupCall(tg: elbv2.CfnTargetGroup, port: unknown, hcPort: unknown): string {
  const stack = Stack.of(tg);
  const props: string[] = [`port: ${port}`];
  if (stack.resolve(tg.protocol) === 'HTTPS') {
    props.push('protocol: ApplicationProtocol.HTTPS');
  }
  if (hcPort !== port) {
    props.push(`healthCheck: { port: '${hcPort}' }`);
  }
  const rule = AppIndex.of(tg).rules.find((r) => forwardsTo(r, tg));
  const priority = rule ? Stack.of(rule).resolve(rule.priority) : undefined;
  props.push('conditions: [ListenerCondition.pathPatterns([...])]');
  props.push(`priority: ${typeof priority === 'number' ? priority : '<1 to 50000, unique on the listener>'}`);
  return `addTargetGroup(id, { ${props.join(', ')} })`;
}

/** Whether a listener rule's actions refer to the target group (in the rule's own stack). */
function forwardsTo(rule: elbv2.CfnListenerRule, tg: elbv2.CfnTargetGroup): boolean {
  if (Stack.of(rule) !== Stack.of(tg)) return false;
  const stack = Stack.of(rule);
  return JSON.stringify(stack.resolve(rule.actions) ?? []).includes(JSON.stringify({ Ref: stack.getLogicalId(tg) }));
}

/**
 * Listener rules of one listener of the load balancer that share a priority: CloudFormation
 * refuses the second at deploy, so synth names both.
 */
function duplicatePriorities(owner: string, attached: Attachments): string[] {
  const errors: string[] = [];
  for (const listener of attached.listeners) {
    const byPriority = new Map<number, elbv2.CfnListenerRule[]>();
    for (const rule of attached.rules) {
      const priority = Stack.of(rule).resolve(rule.priority);
      if (typeof priority !== 'number' || !(rule.listenerArn === listener.ref || JSON.stringify(Stack.of(rule).resolve(rule.listenerArn)) === JSON.stringify(Stack.of(rule).resolve(listener.ref)))) continue;
      byPriority.set(priority, [...(byPriority.get(priority) ?? []), rule]);
    }
    for (const [priority, rules] of byPriority) {
      if (rules.length > 1) {
        errors.push(`${owner}: the listener rules ${rules.map((r) => r.node.path).join(' and ')} on the listener ${listener.node.path} ${rules.length === 2 ? 'both' : 'all'} use priority ${priority}; priorities must be unique per listener (CloudFormation refuses the second at deploy); give each \`addTargetGroup\` (or \`addTargets\`) call its own \`priority\``);
      }
    }
  }
  return errors;
}

/** Opens one more listener port to the clients in the security groups and the network ACLs. */
export function allowListenerPort(parts: SecureAlbParts, port: number): void {
  validatePort(parts.owner, 'allowListenerPort(port)', port);
  parts.traffic.addListenerPort(port);
}

/**
 * Opens one more port from the load balancer to the targets (a target or health-check port of a
 * target group attached through aws-cdk-lib's own methods) in the security groups and the network
 * ACLs. Refused for Lambda targets: nothing is opened to them.
 */
export function allowTargetPort(parts: SecureAlbParts, port: number): void {
  validatePort(parts.owner, 'allowTargetPort(port)', port);
  if (parts.lambdaTargets) {
    throw new Error(`${parts.owner}: \`allowTargetPort(${port})\`: the construct was built for Lambda targets, which are invoked by the service, not reached over the network; nothing is opened to them`);
  }
  parts.traffic.addTargetPort(port);
}

/**
 * Adds a target group behind a listener rule of the main listener, with its ports opened in both
 * security groups and both network ACLs (a Lambda target group opens nothing: the service invokes
 * the function).
 */
export function addTargetGroup(
  scope: Construct, parts: SecureAlbParts, id: string, options: SecureTargetGroupOptions,
): elbv2.ApplicationTargetGroup {
  const owner = parts.owner;
  const lambda = isLambda(options);
  if (!Number.isInteger(options.priority) || options.priority < 1 || options.priority > 50000) {
    throw new Error(`${owner}: \`addTargetGroup('${id}')\`: \`priority\` must be an integer between 1 and 50000, got ${options.priority}`);
  }
  if (options.conditions.length === 0) {
    throw new Error(`${owner}: \`addTargetGroup('${id}')\`: \`conditions\` is empty; a listener rule needs at least one condition (for example \`ListenerCondition.pathPatterns(['/api/*'])\`)`);
  }
  let targetGroup: elbv2.ApplicationTargetGroup;
  if (lambda) {
    if (options.port !== undefined || options.protocol !== undefined) {
      throw new Error(`${owner}: \`addTargetGroup('${id}')\`: \`${options.port !== undefined ? 'port' : 'protocol'}\` is set, but the targets are Lambda functions, which have no port or protocol; drop it`);
    }
    targetGroup = new elbv2.ApplicationTargetGroup(scope, id, {
      targetType: elbv2.TargetType.LAMBDA, healthCheck: options.healthCheck, targets: options.targets,
    });
  } else {
    if (parts.lambdaTargets) {
      throw new Error(`${owner}: \`addTargetGroup('${id}')\` adds network targets, but the construct was built for Lambda targets (no rules from the load balancer to targets); build it without \`targetType: LAMBDA\` and add the Lambda target group with \`addTargetGroup\``);
    }
    const port = options.port ?? 80;
    validatePort(owner, `addTargetGroup('${id}').port`, port);
    const healthCheckPort = healthCheckPortOf(owner, options.healthCheck?.port, port);
    for (const p of [port, healthCheckPort]) {
      parts.traffic.addTargetPort(p);
    }
    targetGroup = new RecommendedTargetGroup(scope, id, {
      vpc: parts.loadBalancer.vpc,
      port,
      protocol: options.protocol ?? elbv2.ApplicationProtocol.HTTP,
      targetType: options.targetType,
      healthCheck: options.healthCheck,
      targets: options.targets,
    }, healthCheckPort, { vpcCidr: parts.vpcCidr, own: parts.securityGroupPair.targetSecurityGroup });
  }
  parts.listener.addTargetGroups(id, { targetGroups: [targetGroup], conditions: options.conditions, priority: options.priority });
  return targetGroup;
}
