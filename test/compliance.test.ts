import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { App, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { synthReport } from './util';
import { AlbAccessLogBucket, AlbWebAcl, InternalAlbWithPrivateTargets, SecureAlbOptions, SecureAlbService } from '../src';

/**
 * The compliance test: both L3 constructs, with their defaults, with a certificate and with every
 * documented option, in an environment-bound stack, under Control Tower's proactive controls
 * (cfn-guard, through @cdklabs/cdk-validator-cfnguard) and cdk-nag's AwsSolutions, HIPAA Security,
 * NIST 800-53 R5 and PCI DSS 3.2.1 packs. No rule crashes; what is left on the defaults is exactly
 * the user's own decisions the README lists (no certificate, no web ACL, no customer managed key for
 * the flow logs, no server access logging, Object Lock or event notifications on the log bucket) and
 * what AWS rules out; with every option set, only what AWS rules out (SSE-KMS for ALB access logs
 * and for S3 server access logs, Object Lock and server access logging on the bucket of the server
 * access logs, the Lambda function that closes the default security group).
 */
type Build = (stack: Stack, options: SecureAlbOptions) => void;
const service: Build = (s, o) => new SecureAlbService(s, 'Subject', o);
const internal: Build = (s, o) => new InternalAlbWithPrivateTargets(s, 'Subject', o);
const certificates = (s: Stack) => [elbv2.ListenerCertificate.fromCertificateManager(
  acm.Certificate.fromCertificateArn(s, 'Cert', 'arn:aws:acm:eu-west-1:111111111111:certificate/abc'))];

/** Every finding of the report as `<rule> <construct path below the construct>`, and the crashes. */
function audit(build: Build, options: (s: Stack) => SecureAlbOptions): { findings: string[]; crashes: string[] } {
  const app = new App({ policyValidationBeta1: [new CfnGuardValidator()] });
  const stack = new Stack(app, 'Audit', { env: { account: '111111111111', region: 'eu-west-1' } });
  build(stack, options(stack));
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new HIPAASecurityChecks(app), new NIST80053R5Checks(app), new PCIDSS321Checks(app));
  const { report } = synthReport(app);
  const findings = new Set<string>();
  const crashes: string[] = [];
  let rule = '';
  for (const raw of report.split('\n')) {
    // eslint-disable-next-line no-control-regex
    const line = raw.replace(/\u001b\[[0-9;]*m/g, '');
    const header = /^(\S+) \(\d+ occurrences\)/.exec(line);
    if (header) rule = header[1];
    const path = /- Construct Path: (\S+)/.exec(line);
    if (path) findings.add(`${rule} ${path[1].replace(/^Audit\/(Subject\/)?/, '')}`);
    if (line.includes('Rule threw an error')) crashes.push(rule);
  }
  return { findings: [...findings].sort(), crashes };
}

const packs = (rule: string) => ['HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321'].map((p) => `${p}-${rule}`);
const nagOnly = (rules: string[], path: string) => rules.flatMap(packs).map((r) => `${r} ${path}`);

/** What cannot be met, whatever the props: the README says why. */
const IRREDUCIBLE = [
  // ALB access logs support SSE-S3 only (acknowledged for cdk-nag; cfn-guard's acknowledgment is app-wide)
  's3_bucket_default_encryption_kms_check AccessLogs/Bucket/Resource',
  // aws-cdk-lib's Custom::VpcRestrictDefaultSG provider, the price of a closed default security group
  'lambda_inside_vpc_check Custom::VpcRestrictDefaultSGCustomResourceProvider/Handler',
];

/** The user's own decisions on the defaults, each with the prop that changes it (README, Compliance). */
const NO_FLOW_LOG_KEY = [
  ...nagOnly(['CloudWatchLogGroupEncrypted'], 'Vpc/FlowLogs/LogGroup/Resource'),
  'cloudwatch_log_group_encrypted_check Vpc/FlowLogs/LogGroup/Resource',
];
const NO_SERVER_ACCESS_LOGS = [
  ...nagOnly(['S3BucketLoggingEnabled'], 'AccessLogs/Bucket/Resource'),
  's3_bucket_logging_enabled_check AccessLogs/Bucket/Resource',
];
const NO_OBJECT_LOCK = ['s3_bucket_object_lock_enabled_check AccessLogs/Bucket/Resource'];
const NO_EVENTS = ['s3_event_notifications_enabled_check AccessLogs/Bucket/Resource'];
const NO_WAF_LOG_KEY = [
  ...nagOnly(['CloudWatchLogGroupEncrypted'], 'WebAclLogs/Resource'),
  'cloudwatch_log_group_encrypted_check WebAclLogs/Resource',
];
const NO_WEB_ACL = ['NIST.800.53.R5-ALBWAFEnabled LoadBalancer/Resource', 'PCI.DSS.321-ALBWAFEnabled LoadBalancer/Resource'];
const NO_CERTIFICATE = [
  ...nagOnly(['ALBHttpToHttpsRedirection', 'ELBv2ACMCertificateRequired'], 'LoadBalancer/Listener/Resource'),
  'alb_http_to_https_redirection_check LoadBalancer/Listener/Resource',
];
const DEFAULTS = [...IRREDUCIBLE, ...NO_FLOW_LOG_KEY, ...NO_SERVER_ACCESS_LOGS, ...NO_OBJECT_LOCK, ...NO_EVENTS, ...NO_WEB_ACL];

/**
 * What AWS itself rules out on the bucket of the log bucket's server access logs (README,
 * Compliance): S3 delivers server access logs only to a bucket without SSE-KMS and without Object
 * Lock, and that bucket has no server access logging of its own (the end of the chain; logging it
 * into itself loops). cdk-nag's rules are acknowledged on it; cfn-guard's acknowledgment would reach
 * every bucket of the app, so they stay in its report.
 */
const SERVER_ACCESS_LOG_BUCKET_END = ['s3_bucket_default_encryption_kms_check', 's3_bucket_logging_enabled_check', 's3_bucket_object_lock_enabled_check']
  .map((r) => `${r} AccessLogs/ServerAccessLogs/Resource`);

/** The user's key (defined here): CT.KMS.PR.3 asks its policy to let only AWS services create grants. */
function hardenedKey(s: Stack): kms.Key {
  const key = new kms.Key(s, 'LogKey', { enableKeyRotation: true });
  key.addToResourcePolicy(new iam.PolicyStatement({
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['kms:CreateGrant'],
    resources: ['*'],
    conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
  }));
  return key;
}

/** Every documented option set (README, Compliance). */
const everyOption = (s: Stack): SecureAlbOptions => {
  const key = hardenedKey(s);
  return {
    certificates: certificates(s),
    webAcl: AlbWebAcl.managedRules({ logEncryptionKey: key }),
    flowLogEncryptionKey: key,
    accessLogBucketServerAccessLogs: true,
    accessLogBucketObjectLockRetention: Duration.days(30),
    accessLogBucketEventBridge: true,
  };
};

/** With every option set, only what AWS rules out is left. */
const EVERY_OPTION = [...IRREDUCIBLE, ...SERVER_ACCESS_LOG_BUCKET_END];

describe('compliance: Control Tower proactive controls and cdk-nag\'s AwsSolutions, HIPAA, NIST 800-53 R5 and PCI DSS packs', () => {
  test.each([
    ['SecureAlbService, defaults', service, () => ({}), [...DEFAULTS, ...NO_CERTIFICATE]],
    ['SecureAlbService, HTTPS', service, (s: Stack) => ({ certificates: certificates(s) }), DEFAULTS],
    ['SecureAlbService, HTTPS and managed rules (their logs under CloudWatch Logs\' own encryption)', service,
      (s: Stack) => ({ certificates: certificates(s), webAcl: AlbWebAcl.managedRules() }),
      [...DEFAULTS.filter((f) => !NO_WEB_ACL.includes(f)), ...NO_WAF_LOG_KEY]],
    ['SecureAlbService, every option', service, everyOption, EVERY_OPTION],
    ['InternalAlbWithPrivateTargets, defaults', internal, () => ({}), [...DEFAULTS, ...NO_CERTIFICATE]],
    ['InternalAlbWithPrivateTargets, HTTPS', internal, (s: Stack) => ({ certificates: certificates(s) }), DEFAULTS],
    ['InternalAlbWithPrivateTargets, every option', internal, everyOption, EVERY_OPTION],
  ] as Array<[string, Build, (s: Stack) => SecureAlbOptions, string[]]>)('%s: no rule crashes, only the listed findings', (_, build, options, expected) => {
    // GIVEN the construct in an environment-bound stack WHEN every pack and control runs at synth
    const { findings, crashes } = audit(build, options);
    // THEN
    expect(crashes).toEqual([]);
    expect(findings).toEqual([...expected].sort());
  });
});

describe('compliance: a cfn-guard acknowledgment reaches the whole app', () => {
  test('acknowledged on the bucket of the server access logs, a rule leaves every bucket of the app: so the constructs add none', () => {
    // GIVEN the log buckets and a bucket of the user's, without Object Lock
    const build = (acknowledge: boolean) => {
      const app = new App({ policyValidationBeta1: [new CfnGuardValidator()] });
      const stack = new Stack(app, 'Audit', { env: { account: '111111111111', region: 'eu-west-1' } });
      const logs = new AlbAccessLogBucket(stack, 'Logs', { serverAccessLogs: true });
      new s3.Bucket(stack, 'Mine', { versioned: true });
      // WHEN the rule is acknowledged the way aws-cdk-lib matches plugin findings (`<plugin>::<rule>`)
      if (acknowledge) {
        Validations.of(logs.serverAccessLogsBucket!).acknowledge({ id: 'cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check', reason: 'the end of the chain' });
      }
      const { report } = synthReport(app);
      // eslint-disable-next-line no-control-regex
      const lines = report.split('\n').map((l) => l.replace(/\u001b\[[0-9;]*m/g, ''));
      const start = lines.findIndex((l) => l.includes('s3_bucket_object_lock_enabled_check ('));
      if (start < 0) return [];
      const end = lines.findIndex((l, i) => i > start && /^\S+ \(\d+ occurrences\)/.test(l.trim()));
      return lines.slice(start, end < 0 ? undefined : end).flatMap((l) => /- Construct Path: (\S+)/.exec(l)?.[1] ?? []);
    };
    // THEN without it every bucket is reported; with it none is, the user's own bucket included
    expect(build(false).sort()).toEqual(['Audit/Logs/Bucket/Resource', 'Audit/Logs/ServerAccessLogs/Resource', 'Audit/Mine/Resource']);
    expect(build(true)).toEqual([]);
  });
});
