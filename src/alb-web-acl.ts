import { Annotations, ArnFormat, Aws, Fn, Names, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct, IConstruct, IDependable } from 'constructs';

/** The AWS managed rule groups a new web ACL uses unless told otherwise. */
const DEFAULT_RULE_GROUPS = ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesAmazonIpReputationList'];

/** Every WAF logging destination's name starts with this (WAF developer guide, "Logging destinations"). */
const LOG_NAME_PREFIX = 'aws-waf-logs-';

/** The service principal that delivers WAF logs to CloudWatch Logs and S3 ("vended logs"). */
const LOG_DELIVERY_PRINCIPAL = 'delivery.logs.amazonaws.com';

/** A header name as HTTP defines it (a token), at most 64 characters as WAF's `SingleHeader` takes it. */
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$/;

/**
 * Where and how a web ACL's request logs go (AWS WAF logging, checked by cdk-nag's
 * `WAFv2LoggingEnabled` in the HIPAA Security, NIST 800-53 R5 and PCI DSS 3.2.1 packs and by
 * Security Hub WAF.11).
 */
export interface WebAclLoggingOptions {
  /**
   * Where the logs go: a CloudWatch Logs log group, an S3 bucket or a Firehose stream whose name
   * starts with `aws-waf-logs-`, in the web ACL's account and region.
   *
   * @default - a new CloudWatch Logs log group `aws-waf-logs-<construct id>-<web ACL id>`, kept for
   * `logRetention`, encrypted with `logEncryptionKey` when given, retained when it leaves the stack,
   * with the resource policy that lets log delivery write to it
   */
  readonly logDestination?: AlbWebAclLogDestination;

  /**
   * How long the log group the construct creates keeps the logs (Control Tower CT.CLOUDWATCH.PR.2
   * asks for at least a year). Not with `logDestination`.
   *
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * A customer managed KMS key for the log group the construct creates (Control Tower
   * CT.CLOUDWATCH.PR.3, cdk-nag `CloudWatchLogGroupEncrypted`). A key defined in the app gets the
   * key-policy statement CloudWatch Logs needs; for an imported key, allow
   * `logs.<region>.amazonaws.com` to use it yourself. Not with `logDestination`.
   *
   * @default - CloudWatch Logs' own server-side encryption (no customer managed key)
   */
  readonly logEncryptionKey?: kms.IKey;

  /**
   * Request headers whose values the logs show as `REDACTED` (for example `authorization` and
   * `cookie`). WAF applies a redaction to the log fields of the same part of the request; see
   * "Log fields" in the WAF developer guide.
   *
   * @default - no header redacted
   */
  readonly redactedHeaders?: string[];

  /**
   * Show the query string as `REDACTED` in the logs.
   *
   * @default false
   */
  readonly redactQueryString?: boolean;

  /**
   * Show the URI path as `REDACTED` in the logs.
   *
   * @default false
   */
  readonly redactUriPath?: boolean;
}

/**
 * Options of `AlbWebAcl.managedRules`.
 */
export interface ManagedRulesWebAclOptions extends WebAclLoggingOptions {
  /**
   * Names of AWS managed rule groups (vendor `AWS`), evaluated in this order.
   *
   * @default ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesAmazonIpReputationList']
   */
  readonly ruleGroups?: string[];

  /**
   * Count matching requests instead of blocking them: watch the metrics for false positives before
   * you block (the common rule set blocks, for example, request bodies over 8 KB).
   *
   * @default false - matching requests are blocked
   */
  readonly countOnly?: boolean;

  /**
   * Log the requests the web ACL inspects (see `WebAclLoggingOptions`). Logging costs the
   * destination's ingestion and storage.
   *
   * @default true
   */
  readonly logging?: boolean;
}

/**
 * Options of `AlbWebAcl.fromArn`.
 */
export interface ExistingWebAclOptions extends WebAclLoggingOptions {
  /**
   * Give the existing web ACL a logging configuration (see `WebAclLoggingOptions`). A web ACL has
   * one logging configuration: leave this off when the web ACL already logs.
   *
   * @default false
   */
  readonly logging?: boolean;
}

/** What a web ACL gives the load balancer it protects. */
export interface AlbWebAclConfig {
  /** The ARN of the web ACL to associate. */
  readonly webAclArn: string;
}

/** What a log destination gives the web ACL's logging configuration. */
export interface AlbWebAclLogDestinationConfig {
  /** The ARN WAF delivers the logs to (a log group's without the trailing `:*`). */
  readonly destinationArn: string;

  /**
   * What the logging configuration waits for: the policies that let log delivery write, so that
   * WAF finds them in place and does not write its own.
   *
   * @default - nothing
   */
  readonly dependencies?: IDependable[];
}

/**
 * Where a web ACL's logs go. The name of every destination starts with `aws-waf-logs-`, and it is
 * in the web ACL's account and region.
 */
export abstract class AlbWebAclLogDestination {
  /**
   * A CloudWatch Logs log group named `aws-waf-logs-…`. The construct adds the resource policy the
   * CloudWatch Logs guide documents for vended logs: `logs:CreateLogStream` and
   * `logs:PutLogEvents` on the group's streams for `delivery.logs.amazonaws.com`, from this account
   * only (an account has at most 10 such policies per region).
   */
  public static logGroup(logGroup: logs.ILogGroup): AlbWebAclLogDestination {
    const cfn = logGroup.node.defaultChild;
    const name = cfn instanceof logs.CfnLogGroup ? Stack.of(cfn).resolve(cfn.logGroupName) : logGroup.logGroupName;
    requirePrefix('AlbWebAclLogDestination.logGroup', `the log group ${logGroup.node.path}`, 'logGroupName', name);
    return new LogGroupDestination(logGroup);
  }

  /**
   * An S3 bucket named `aws-waf-logs-…`. For a bucket defined in the app the construct adds the
   * bucket policy the WAF guide documents (`s3:PutObject` on `AWSLogs/<account>/*` and
   * `s3:GetBucketAcl` for `delivery.logs.amazonaws.com`, from this account only) and, for a bucket
   * with a KMS key defined in the app, the key-policy statement log delivery needs; for an imported
   * bucket WAF writes that policy itself when logging is turned on.
   */
  public static bucket(bucket: s3.IBucket): AlbWebAclLogDestination {
    const cfn = bucket.node.defaultChild;
    const name = cfn instanceof s3.CfnBucket ? Stack.of(cfn).resolve(cfn.bucketName) : bucket.bucketName;
    requirePrefix('AlbWebAclLogDestination.bucket', `the bucket ${bucket.node.path}`, 'bucketName', name);
    return new BucketDestination(bucket);
  }

  /**
   * An Amazon Data Firehose stream named `aws-waf-logs-…` with Direct PUT as its source. WAF creates
   * the service-linked role that writes to it.
   *
   * @param deliveryStreamArn `arn:aws:firehose:<region>:<account>:deliverystream/aws-waf-logs-<name>`
   */
  public static firehose(deliveryStreamArn: string): AlbWebAclLogDestination {
    if (!Token.isUnresolved(deliveryStreamArn) && !/^arn:aws[a-z-]*:firehose:[a-z0-9-]+:\d{12}:deliverystream\/aws-waf-logs-[A-Za-z0-9_.-]+$/.test(deliveryStreamArn)) {
      throw new Error(`AlbWebAclLogDestination.firehose: \`deliveryStreamArn\` must be the ARN of a Firehose stream whose name starts with '${LOG_NAME_PREFIX}' ('arn:aws:firehose:<region>:<account>:deliverystream/${LOG_NAME_PREFIX}<name>'), got '${deliveryStreamArn}'`);
    }
    return new FirehoseDestination(deliveryStreamArn);
  }

  /** Adds what the destination needs in `scope` and returns its ARN. */
  public abstract bind(scope: Construct): AlbWebAclLogDestinationConfig;
}

/**
 * An AWS WAF web ACL for an Application Load Balancer: an existing one by ARN, or one the construct
 * creates from AWS managed rule groups. A web ACL the construct creates logs its requests by default
 * (to a new CloudWatch Logs log group, see `WebAclLoggingOptions`).
 *
 * Trade-offs: a web ACL costs a monthly fee per web ACL and per rule, plus a fee per million
 * requests, and its logs cost the destination's ingestion and storage; managed rule groups can block
 * legitimate requests (the common rule set limits body and header sizes and some encodings). Start
 * with `countOnly: true` where that matters.
 */
export abstract class AlbWebAcl {
  /**
   * An existing web ACL (scope `REGIONAL`, in the load balancer's region). With `logging: true` the
   * construct gives it a logging configuration.
   *
   * @param webAclArn `arn:aws:wafv2:<region>:<account>:regional/webacl/<name>/<id>`
   */
  public static fromArn(webAclArn: string, options: ExistingWebAclOptions = {}): AlbWebAcl {
    if (!Token.isUnresolved(webAclArn) && !/^arn:aws[a-z-]*:wafv2:[a-z0-9-]+:\d{12}:regional\/webacl\/[^/]+\/[^/]+$/.test(webAclArn)) {
      throw new Error(`AlbWebAcl.fromArn: \`webAclArn\` must be the ARN of a regional web ACL ('arn:aws:wafv2:<region>:<account>:regional/webacl/<name>/<id>'), got '${webAclArn}'`);
    }
    const logging = validateLogging('AlbWebAcl.fromArn', options, false);
    return new ExistingWebAcl(webAclArn, logging ? options : undefined);
  }

  /**
   * A new web ACL that allows by default, applies AWS managed rule groups and logs its requests
   * (unless `logging` is false).
   */
  public static managedRules(options: ManagedRulesWebAclOptions = {}): AlbWebAcl {
    const groups = options.ruleGroups ?? DEFAULT_RULE_GROUPS;
    if (groups.length === 0) {
      throw new Error('AlbWebAcl.managedRules: `ruleGroups` is an empty list, which protects nothing; leave it undefined for the default groups or name at least one');
    }
    groups.forEach((g, i) => {
      if (!/^[A-Za-z0-9_-]{1,128}$/.test(g)) {
        throw new Error(`AlbWebAcl.managedRules: \`ruleGroups[${i}]\` must be the name of an AWS managed rule group such as 'AWSManagedRulesCommonRuleSet', got '${g}'`);
      }
    });
    const logging = validateLogging('AlbWebAcl.managedRules', options, true);
    return new ManagedRulesWebAcl(groups, options.countOnly ?? false, logging ? options : undefined);
  }

  /** Creates what the web ACL needs in `scope` and returns its ARN. */
  public abstract bind(scope: Construct): AlbWebAclConfig;
}

class ExistingWebAcl extends AlbWebAcl {
  constructor(private readonly webAclArn: string, private readonly logging: WebAclLoggingOptions | undefined) {
    super();
  }

  public bind(scope: Construct): AlbWebAclConfig {
    if (this.logging) {
      enableLogging(scope, this.webAclArn, this.logging);
    }
    return { webAclArn: this.webAclArn };
  }
}

class ManagedRulesWebAcl extends AlbWebAcl {
  constructor(private readonly groups: string[], private readonly countOnly: boolean, private readonly logging: WebAclLoggingOptions | undefined) {
    super();
  }

  public bind(scope: Construct): AlbWebAclConfig {
    const metric = (suffix: string) => `${Names.uniqueId(scope)}${suffix}`.replace(/[^A-Za-z0-9]/g, '').slice(-128);
    const acl = new wafv2.CfnWebACL(scope, 'WebAcl', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: metric('WebAcl'), sampledRequestsEnabled: true },
      rules: this.groups.map((name, priority) => ({
        name,
        priority,
        statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
        overrideAction: this.countOnly ? { count: {} } : { none: {} },
        visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: metric(name), sampledRequestsEnabled: true },
      })),
    });
    if (this.logging) {
      enableLogging(scope, acl.attrArn, this.logging);
    }
    return { webAclArn: acl.attrArn };
  }
}

class LogGroupDestination extends AlbWebAclLogDestination {
  constructor(private readonly logGroup: logs.ILogGroup) {
    super();
  }

  public bind(_scope: Construct): AlbWebAclLogDestinationConfig {
    const arn = logGroupArn(this.logGroup);
    const { account, region } = this.logGroup.env;
    const policy = grantOnce(this.logGroup, () => this.logGroup.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AWSLogDeliveryWrite',
      principals: [new iam.ServicePrincipal(LOG_DELIVERY_PRINCIPAL)],
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [`${arn}:log-stream:*`],
      conditions: deliveryConditions(account, region),
    })).policyDependable);
    return { destinationArn: arn, dependencies: policy ? [policy] : [] };
  }
}

class BucketDestination extends AlbWebAclLogDestination {
  constructor(private readonly bucket: s3.IBucket) {
    super();
  }

  public bind(_scope: Construct): AlbWebAclLogDestinationConfig {
    const policy = grantOnce(this.bucket, () => this.grant());
    return { destinationArn: this.bucket.bucketArn, dependencies: policy ? [policy] : [] };
  }

  private grant(): IDependable | undefined {
    const { account, region } = this.bucket.env;
    const conditions = deliveryConditions(account, region);
    const write = this.bucket.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AWSLogDeliveryWrite',
      principals: [new iam.ServicePrincipal(LOG_DELIVERY_PRINCIPAL)],
      actions: ['s3:PutObject'],
      resources: [this.bucket.arnForObjects(`AWSLogs/${account}/*`)],
      conditions: { ...conditions, StringEquals: { ...conditions.StringEquals, 's3:x-amz-acl': 'bucket-owner-full-control' } },
    }));
    this.bucket.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AWSLogDeliveryAclCheck',
      principals: [new iam.ServicePrincipal(LOG_DELIVERY_PRINCIPAL)],
      actions: ['s3:GetBucketAcl'],
      resources: [this.bucket.bucketArn],
      conditions,
    }));
    this.bucket.encryptionKey?.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal(LOG_DELIVERY_PRINCIPAL)],
      actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
      resources: ['*'],
      conditions,
    }));
    return write.policyDependable;
  }
}

class FirehoseDestination extends AlbWebAclLogDestination {
  constructor(private readonly deliveryStreamArn: string) {
    super();
  }

  public bind(_scope: Construct): AlbWebAclLogDestinationConfig {
    return { destinationArn: this.deliveryStreamArn };
  }
}

/** The policy each destination got for log delivery, so that web ACLs sharing it share one statement. */
const GRANTED = new WeakMap<IConstruct, { readonly policy?: IDependable }>();

function grantOnce(destination: IConstruct, grant: () => IDependable | undefined): IDependable | undefined {
  let granted = GRANTED.get(destination);
  if (!granted) {
    granted = { policy: grant() };
    GRANTED.set(destination, granted);
  }
  return granted.policy;
}

/** Checks the logging options against each other; returns whether the web ACL logs. */
function validateLogging(owner: string, o: WebAclLoggingOptions & { readonly logging?: boolean }, loggingByDefault: boolean): boolean {
  const logging = o.logging ?? loggingByDefault;
  const set = ([
    ['logDestination', o.logDestination], ['logRetention', o.logRetention], ['logEncryptionKey', o.logEncryptionKey],
    ['redactedHeaders', o.redactedHeaders], ['redactQueryString', o.redactQueryString], ['redactUriPath', o.redactUriPath],
  ] as Array<[string, unknown]>).filter(([, value]) => value !== undefined).map(([prop]) => prop);
  if (!logging && set.length > 0) {
    throw new Error(`${owner}: \`${set[0]}\` is set but \`logging\` is ${o.logging === undefined ? 'off by default here' : 'false'}; set \`logging: true\` or drop that option`);
  }
  if (o.logDestination) {
    const own = set.find((prop) => prop === 'logRetention' || prop === 'logEncryptionKey');
    if (own) {
      throw new Error(`${owner}: \`${own}\` applies to the log group the construct creates, but \`logDestination\` is given; set it on that destination`);
    }
  }
  (o.redactedHeaders ?? []).forEach((h, i) => {
    if (!Token.isUnresolved(h) && !HEADER_NAME.test(h)) {
      throw new Error(`${owner}: \`redactedHeaders[${i}]\` must be an HTTP header name of at most 64 characters such as 'authorization', got '${h}'`);
    }
  });
  return logging;
}

/** Throws when a destination's literal name does not start with `aws-waf-logs-` (or it has none). */
function requirePrefix(owner: string, what: string, prop: string, name: unknown): void {
  if (name === undefined) {
    throw new Error(`${owner}: ${what} has no \`${prop}\`; WAF logs only to a destination whose name starts with '${LOG_NAME_PREFIX}', a name CloudFormation generates does not`);
  }
  if (typeof name === 'string' && !Token.isUnresolved(name) && !name.startsWith(LOG_NAME_PREFIX)) {
    throw new Error(`${owner}: the name of ${what} must start with '${LOG_NAME_PREFIX}', got '${name}'`);
  }
}

/** The log group's ARN in the form WAF takes: `arn:…:log-group:<name>`, without the trailing `:*`. */
function logGroupArn(logGroup: logs.ILogGroup): string {
  const { account, region } = logGroup.env;
  return Stack.of(logGroup).formatArn({
    service: 'logs', resource: 'log-group', resourceName: logGroup.logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME, account, region,
  });
}

/** Log delivery on behalf of this account's resources only (the confused-deputy conditions of the guide). */
function deliveryConditions(account: string, region: string): { StringEquals: Record<string, string>; ArnLike: Record<string, string> } {
  return {
    StringEquals: { 'aws:SourceAccount': account },
    ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:logs:${region}:${account}:*` },
  };
}

/**
 * The web ACL's logging configuration (`WebAclLogging`) to the given destination or to a new log
 * group (`WebAclLogs`), after the policies that let log delivery write.
 */
function enableLogging(scope: Construct, webAclArn: string, o: WebAclLoggingOptions): void {
  const destination = o.logDestination
    ? o.logDestination.bind(scope)
    : AlbWebAclLogDestination.logGroup(newLogGroup(scope, webAclArn, o)).bind(scope);
  const redactedFields: wafv2.CfnLoggingConfiguration.FieldToMatchProperty[] = [
    ...(o.redactedHeaders ?? []).map((name) => ({ singleHeader: { Name: name } })),
    ...(o.redactQueryString ? [{ queryString: {} }] : []),
    ...(o.redactUriPath ? [{ uriPath: {} }] : []),
  ];
  const config = new wafv2.CfnLoggingConfiguration(scope, 'WebAclLogging', {
    resourceArn: webAclArn,
    logDestinationConfigs: [destination.destinationArn],
    redactedFields: redactedFields.length > 0 ? redactedFields : undefined,
  });
  for (const dependency of destination.dependencies ?? []) {
    config.node.addDependency(dependency);
  }
}

/**
 * The default destination: a log group named after the construct and the web ACL's id (a web ACL
 * created again gets a new group, so a retained group of an earlier one is never in the way).
 */
function newLogGroup(scope: Construct, webAclArn: string, o: WebAclLoggingOptions): logs.LogGroup {
  const retention = o.logRetention ?? logs.RetentionDays.ONE_YEAR;
  if (retention !== logs.RetentionDays.INFINITE && retention < 365) {
    Annotations.of(scope).addWarningV2('cdk-secure-alb:waf-log-retention',
      `\`logRetention\` keeps the web ACL's logs ${retention} days; Control Tower CT.CLOUDWATCH.PR.2 asks for at least a year`);
  }
  const webAclId = Fn.select(3, Fn.split('/', webAclArn));
  const namePrefix = `${LOG_NAME_PREFIX}${Names.uniqueResourceName(scope, { maxLength: 64 })}-`;
  const group = new logs.LogGroup(scope, 'WebAclLogs', {
    logGroupName: `${namePrefix}${webAclId}`,
    retention,
    encryptionKey: o.logEncryptionKey,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const key = o.logEncryptionKey;
  if (key) {
    key.addToResourcePolicy(new iam.PolicyStatement({
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      principals: [new iam.ServicePrincipal(`logs.${Stack.of(scope).region}.amazonaws.com`)],
      resources: ['*'],
      // the literal part of the name: the group's own name would make the key wait for the group
      conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': Stack.of(scope).formatArn({ service: 'logs', resource: 'log-group', resourceName: `${namePrefix}*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME }) } },
    }));
    group.node.addDependency(key);
  }
  return group;
}
