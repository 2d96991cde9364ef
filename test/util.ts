import { App, CfnResource, SecretValue, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { IConstruct } from 'constructs';
import type { SecureAlbBase } from '../src';

/** A stack with a concrete account and region, as most apps have. */
export function newStack(env = { account: '111111111111', region: 'eu-west-1' }): Stack {
  const app = new App();
  return new Stack(app, 'Test', { env });
}

/** A security-group rule, from an inline rule or a separate Ingress/Egress resource. */
export interface SgRule {
  readonly direction: 'in' | 'out';
  readonly protocol: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  /** The CIDR, the peer group's logical id, or the prefix list, as a comparable string. */
  readonly peer: string;
  readonly description?: string;
  /** Where the rule was found: 'inline' or the logical id of the separate resource. */
  readonly source: string;
}

/** The literal CIDRs of the VPCs of a template (what the constructs write for a VPC of the app). */
export function vpcCidrNames(resources: Record<string, any>): Set<string> {
  return new Set(Object.values(resources).filter((r) => r.Type === 'AWS::EC2::VPC' && typeof r.Properties?.CidrBlock === 'string')
    .map((r) => r.Properties.CidrBlock as string));
}

/** The VPC's CIDR as rules and entries carry it: its literal block, else `<VPC>.CidrBlock`. */
export function vpcCidrText(template: Template, vpcLogicalId: string): string {
  const cidr = (template.toJSON().Resources as Record<string, any>)[vpcLogicalId]?.Properties?.CidrBlock;
  return typeof cidr === 'string' ? cidr : `${vpcLogicalId}.CidrBlock`;
}

function peerOf(rule: Record<string, any>): string {
  const ref = rule.CidrIp ?? rule.CidrIpv6 ?? rule.SourceSecurityGroupId ?? rule.DestinationSecurityGroupId
    ?? rule.DestinationPrefixListId ?? rule.SourcePrefixListId;
  if (typeof ref === 'string') return ref;
  if (ref && ref['Fn::GetAtt']) return `${ref['Fn::GetAtt'][0]}.${ref['Fn::GetAtt'][1]}`;
  return JSON.stringify(ref);
}

function toRule(direction: 'in' | 'out', r: Record<string, any>, source: string): SgRule {
  return {
    direction,
    protocol: String(r.IpProtocol),
    fromPort: r.FromPort,
    toPort: r.ToPort,
    peer: peerOf(r),
    description: r.Description,
    source,
  };
}

/**
 * Every rule of a security group: inline `SecurityGroupIngress`/`SecurityGroupEgress` and separate
 * `AWS::EC2::SecurityGroupIngress/Egress` resources whose `GroupId` names the group.
 */
export function sgRules(template: Template, sgLogicalId: string): SgRule[] {
  const resources = template.toJSON().Resources as Record<string, any>;
  const sg = resources[sgLogicalId];
  if (!sg || sg.Type !== 'AWS::EC2::SecurityGroup') {
    throw new Error(`no security group ${sgLogicalId}`);
  }
  const rules: SgRule[] = [
    ...(sg.Properties.SecurityGroupIngress ?? []).map((r: any) => toRule('in', r, 'inline')),
    ...(sg.Properties.SecurityGroupEgress ?? []).map((r: any) => toRule('out', r, 'inline')),
  ];
  for (const [id, r] of Object.entries(resources)) {
    const groupId = r.Properties?.GroupId?.['Fn::GetAtt']?.[0];
    if (groupId !== sgLogicalId) continue;
    if (r.Type === 'AWS::EC2::SecurityGroupIngress') rules.push(toRule('in', r.Properties, id));
    if (r.Type === 'AWS::EC2::SecurityGroupEgress') rules.push(toRule('out', r.Properties, id));
  }
  return rules;
}

/** A compact, comparable form of a rule: `in tcp 80 from 0.0.0.0/0`. */
export function ruleKey(r: SgRule): string {
  const ports = r.fromPort === r.toPort ? `${r.fromPort}` : `${r.fromPort}-${r.toPort}`;
  return `${r.direction} ${r.protocol} ${ports} ${r.direction === 'in' ? 'from' : 'to'} ${r.peer}`;
}

/** A network ACL entry in a comparable form. */
export interface AclEntry {
  readonly logicalId: string;
  readonly egress: boolean;
  readonly ruleNumber: number;
  readonly action: string;
  readonly protocol: number;
  readonly cidr: string;
  readonly from?: number;
  readonly to?: number;
  readonly icmp?: { Type: number; Code: number };
}

/** The entries of one network ACL. */
export function aclEntries(template: Template, aclLogicalId: string): AclEntry[] {
  const resources = template.toJSON().Resources as Record<string, any>;
  return Object.entries(resources)
    .filter(([, r]) => r.Type === 'AWS::EC2::NetworkAclEntry' && r.Properties.NetworkAclId?.Ref === aclLogicalId)
    .map(([id, r]) => {
      const p = r.Properties;
      const cidr = typeof p.CidrBlock === 'string' ? p.CidrBlock : `${p.CidrBlock?.['Fn::GetAtt']?.[0]}.CidrBlock`;
      return {
        logicalId: id,
        egress: Boolean(p.Egress),
        ruleNumber: p.RuleNumber,
        action: p.RuleAction,
        protocol: p.Protocol,
        cidr,
        from: p.PortRange?.From,
        to: p.PortRange?.To,
        icmp: p.Icmp,
      };
    });
}

/** `in 6 80-80 0.0.0.0/0` (protocol 6 = TCP, 1 = ICMP). */
export function entryKey(e: AclEntry): string {
  const ports = e.icmp ? `icmp${e.icmp.Type}/${e.icmp.Code}` : `${e.from}-${e.to}`;
  return `${e.egress ? 'out' : 'in'} ${e.protocol} ${ports} ${e.cidr}`;
}

/** The logical id of the only resource of a type whose logical id contains `part`. */
export function logicalIdOf(template: Template, type: string, part: string): string {
  const ids = Object.keys(template.findResources(type)).filter((id) => id.includes(part));
  if (ids.length !== 1) {
    throw new Error(`expected one ${type} matching ${part}, found ${ids.join(', ') || 'none'}`);
  }
  return ids[0];
}

/**
 * Synthesizes the app with its validation plugins and returns the report CDK prints (on stderr)
 * and whether a plugin failed.
 */
export function synthReport(app: App): { report: string; failed: boolean } {
  const lines: string[] = [];
  const spy = jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => { lines.push(args.join(' ')); });
  let failed = false;
  const exitCode = process.exitCode;
  try {
    app.synth();
  } catch (e) {
    failed = true;
    lines.push(String(e));
  } finally {
    spy.mockRestore();
    // a failing plugin sets the exit code of the process: keep it for the test runner
    process.exitCode = exitCode;
  }
  const report = lines.join('\n');
  // CDK does not throw when a plugin reports violations: it prints the report and sets the exit code.
  return { report, failed: failed || /│\s*failure\s*║/.test(report) };
}

/**
 * The rules of an L3 construct's template in comparable form: both security groups' rules and both
 * ACLs' entries, and the logical ids tests compare against (`<VPC>.CidrBlock` for the VPC's CIDR).
 */
export function l3Rules(template: Template, vpcIdPrefix?: string) {
  const lbSg = logicalIdOf(template, 'AWS::EC2::SecurityGroup', 'SecurityGroupsLoadBalancer');
  const tgSg = logicalIdOf(template, 'AWS::EC2::SecurityGroup', 'SecurityGroupsTargets');
  const vpcIds = Object.keys(template.findResources('AWS::EC2::VPC'));
  const vpcId = vpcIds.find((id) => vpcIdPrefix !== undefined && id.startsWith(vpcIdPrefix)) ?? (vpcIds.length === 1 ? vpcIds[0] : undefined);
  const acl = (part: string) => {
    const ids = Object.keys(template.findResources('AWS::EC2::NetworkAcl')).filter((id) => id.includes(part));
    return ids.length === 1 ? aclEntries(template, ids[0]).map(entryKey) : [];
  };
  return {
    lbSg,
    tgSg,
    vpcCidr: vpcId ? vpcCidrText(template, vpcId) : '',
    lbRules: sgRules(template, lbSg).map(ruleKey),
    tgRules: sgRules(template, tgSg).map(ruleKey),
    lbAcl: acl('NetworkAclsLoadBalancerAcl'),
    tgAcl: acl('NetworkAclsTargetAcl'),
  };
}

/** The cdk-nag acknowledgments recorded on a construct (`Validations.of(...).acknowledge`): rule id to reason. */
export function acknowledgments(construct: IConstruct): unknown[] {
  return construct.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).map((m) => m.data);
}

/**
 * The logical ids of the network ACL entries of a template that match a content description, as a
 * pattern: entries are named by their slot (`…AclIngress100…`), so tests find them by what they hold.
 *
 * @param acl a pattern of the ACL's logical id, e.g. `/LoadBalancerAcl/`
 * @param peer `'any'` for 0.0.0.0/0, `'vpc'` for the VPC's CIDR (its `CidrBlock` attribute or literal), or a literal CIDR
 */
export function aclEntryIds(
  template: Record<string, any>, acl: RegExp, egress: boolean, from: number, to: number, peer: string,
): RegExp {
  const vpcs = vpcCidrNames(template.Resources);
  const ids = Object.entries(template.Resources as Record<string, any>)
    .filter(([, r]) => r.Type === 'AWS::EC2::NetworkAclEntry')
    .filter(([, r]) => acl.test(r.Properties.NetworkAclId?.Ref ?? ''))
    .filter(([, r]) => Boolean(r.Properties.Egress) === egress)
    .filter(([, r]) => r.Properties.PortRange?.From === from && r.Properties.PortRange?.To === to)
    .filter(([, r]) => {
      const cidr = r.Properties.CidrBlock;
      if (peer === 'any') return cidr === '0.0.0.0/0';
      if (peer === 'vpc') return (typeof cidr === 'object' && cidr['Fn::GetAtt']?.[1] === 'CidrBlock') || (typeof cidr === 'string' && vpcs.has(cidr));
      return cidr === peer;
    })
    .map(([id]) => id);
  if (ids.length === 0) {
    throw new Error(`no ${egress ? 'outbound' : 'inbound'} entry ${from}-${to} ${peer} in an ACL matching ${acl}`);
  }
  return new RegExp(`^(${ids.join('|')})$`);
}

/**
 * The resources a construct made, for snapshots that do not churn: the CloudFormation resources
 * under `scope` in the construct tree, without the subtrees of `exclude` (a default VPC, whose
 * resources change with every aws-cdk-lib release), and without the template's parameters and rules
 * (CDK's bootstrap version).
 */
export function ownResources(template: Template, scope: IConstruct, exclude: Array<IConstruct | undefined> = []): Record<string, unknown> {
  const stack = Stack.of(scope);
  const skipped = new Set(exclude.filter((e): e is IConstruct => e !== undefined).flatMap((e) => e.node.findAll()));
  const ids = new Set(scope.node.findAll()
    .filter((c): c is CfnResource => CfnResource.isCfnResource(c) && !skipped.has(c))
    .map((c) => stack.resolve(c.logicalId) as string));
  const resources = template.toJSON().Resources as Record<string, unknown>;
  const own = Object.entries(resources).filter(([id]) => ids.has(id));
  if (own.length === 0) {
    throw new Error(`no resource of ${scope.node.path} in the template`);
  }
  return Object.fromEntries(own);
}

/**
 * A 2-AZ VPC with public subnets and isolated `App` subnets, and no NAT gateway: nothing but the
 * construct's own entries lets 443 out of the load balancer subnets.
 */
export function vpcWithoutNat(stack: Stack): ec2.Vpc {
  return new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 2,
    natGateways: 0,
    subnetConfiguration: [
      { name: 'Public', subnetType: ec2.SubnetType.PUBLIC },
      { name: 'App', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    ],
  });
}

/** Puts an OpenID Connect login on `/admin/*` of the construct's main listener, then forwards to its target group. */
export function addOidcLogin(service: SecureAlbBase, allowHttpsOutbound?: boolean): void {
  service.listener.addAction('Login', {
    priority: 1,
    conditions: [elbv2.ListenerCondition.pathPatterns(['/admin/*'])],
    action: elbv2.ListenerAction.authenticateOidc({
      issuer: 'https://login.example.com',
      authorizationEndpoint: 'https://login.example.com/authorize',
      tokenEndpoint: 'https://login.example.com/token',
      userInfoEndpoint: 'https://login.example.com/userinfo',
      clientId: 'web',
      clientSecret: SecretValue.unsafePlainText('secret'),
      next: elbv2.ListenerAction.forward([service.targetGroup]),
      allowHttpsOutbound,
    }),
  });
}
