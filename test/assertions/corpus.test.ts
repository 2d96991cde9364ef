import * as fs from 'fs';
import * as path from 'path';
import { assertions } from '../../src';

const { FlowEndpoint, TemplateModel } = assertions;

/**
 * A corpus of public CloudFormation templates from projects not written here (see
 * `corpus/SOURCES.md` for each file's repository, path, commit and license), with flows whose
 * verdict was worked out by hand, the reasoning next to each case.
 *
 * Every verdict is for the template as deployed with its parameters' DEFAULT values, and with its
 * conditions evaluated with those defaults (a resource whose condition is false is absent).
 * An endpoint given as a security group without subnets asks about the security groups only; one
 * given as a subnet, a load balancer or an instance crosses its subnets' network ACLs and route
 * tables too. A subnet with no network ACL association in the template has the VPC's default ACL,
 * which allows all traffic. UNKNOWN means the answer depends on what the template does not hold
 * (a subnet, group or ACL from `Fn::ImportValue` or from a parameter without a default) and no
 * step the template does hold is known to block.
 */

export type Verdict = 'ALLOWED' | 'BLOCKED' | 'UNKNOWN';

export type End =
  | ['internet']
  | ['s3']
  | ['cidr', string]
  | ['sg', string, string[]?]
  | ['subnet', string]
  | ['resource', string];

export interface CorpusCase {
  /** A stable id: `<fixture>/<n>`. */
  readonly id: string;
  /** The fixture's file name under `corpus/`, without `.json`. */
  readonly template: string;
  readonly from: End;
  readonly to: End;
  readonly port: number;
  readonly expected: Verdict;
  /** Why, by hand: which rule allows, or which missing rule blocks. */
  readonly why: string;
}

type Row = [End, End, number, Verdict, string];

function cases(template: string, rows: Row[]): CorpusCase[] {
  return rows.map(([from, to, port, expected, why], i) => ({ id: `${template}/${i + 1}`, template, from, to, port, expected, why }));
}

export const CASES: CorpusCase[] = [
  // EC2 instance in the default VPC (no subnet named), group without VpcId; SSHLocation defaults to 0.0.0.0/0.
  ...cases('awslabs-ec2-instance-with-security-group', [
    [['internet'], ['resource', 'EC2Instance'], 22, 'ALLOWED', 'InstanceSecurityGroup admits tcp/22 from Ref SSHLocation, whose default is 0.0.0.0/0; the instance names the group by SecurityGroups (default VPC, default ACL allows all).'],
    [['internet'], ['sg', 'InstanceSecurityGroup'], 22, 'ALLOWED', 'tcp/22 from SSHLocation = 0.0.0.0/0 by default admits any client.'],
    [['internet'], ['sg', 'InstanceSecurityGroup'], 80, 'BLOCKED', 'The only ingress rule is tcp/22; nothing admits 80.'],
    [['cidr', '10.0.0.5/32'], ['sg', 'InstanceSecurityGroup'], 22, 'ALLOWED', '0.0.0.0/0 (SSHLocation default) contains 10.0.0.5.'],
    [['internet'], ['resource', 'EC2Instance'], 443, 'BLOCKED', 'The instance\'s only group admits tcp/22 only.'],
    [['sg', 'InstanceSecurityGroup'], ['internet'], 443, 'ALLOWED', 'No SecurityGroupEgress: CloudFormation keeps the default allow-all egress; replies pass the stateful group.'],
  ]),
  // Classic ELB (AWS::ElasticLoadBalancing::LoadBalancer) in the default VPC (AvailabilityZones, no Subnets, no SecurityGroups).
  ...cases('awslabs-elb-locked-down-autoscaled-instances', [
    [['internet'], ['resource', 'ElasticLoadBalancer'], 80, 'UNKNOWN', '#35 item 8: listener LoadBalancerPort "80" (a numeric string); a classic ELB in a default VPC without SecurityGroups gets the default_elb group, which Elastic Load Balancing makes once per account with the ports of the first load balancer that needed it: its rules are not in the template. Was ALLOWED (the group step was skipped).'],
    [['internet'], ['resource', 'ElasticLoadBalancer'], 443, 'BLOCKED', 'The ELB has no listener on 443 (only LoadBalancerPort "80"), so nothing accepts the connection.'],
    [['internet'], ['sg', 'InstanceSecurityGroup'], 80, 'BLOCKED', 'Port "80" is admitted only from the ELB\'s SourceSecurityGroup (GroupName/OwnerAlias); an internet client is not in that group.'],
    [['internet'], ['sg', 'InstanceSecurityGroup'], 22, 'ALLOWED', 'tcp/"22" from Ref SSHLocation, default 0.0.0.0/0.'],
    [['resource', 'ElasticLoadBalancer'], ['sg', 'InstanceSecurityGroup'], 80, 'UNKNOWN', '#35 item 8: InstanceSecurityGroup admits "80" from the ELB\'s source security group, but the ELB\'s own group (default_elb, see above) and so its egress is not in the template. Was ALLOWED (the group step was skipped).'],
    [['resource', 'ElasticLoadBalancer'], ['sg', 'InstanceSecurityGroup'], 8080, 'BLOCKED', 'InstanceSecurityGroup admits only 80 from the ELB group and 22 from SSHLocation; nothing admits 8080.'],
  ]),
  // VPC 10.0.0.0/16 (CIDRs from Mappings), two public subnets (IGW, custom allow-all ACL), two private subnets (NAT per AZ, default ACL). No security groups: subnet endpoints.
  ...cases('awslabs-vpc-managed-nat-private-subnet', [
    [['internet'], ['subnet', 'PublicSubnet0'], 80, 'ALLOWED', 'PublicRouteTable has 0.0.0.0/0 -> InternetGateway; PublicNetworkAcl allows all in (rule 100) and out (rule 100).'],
    [['internet'], ['subnet', 'PrivateSubnet0'], 80, 'BLOCKED', 'PrivateRouteTable0 routes 0.0.0.0/0 to a NAT gateway, not an internet gateway: the internet cannot open connections into PrivateSubnet0.'],
    [['subnet', 'PrivateSubnet0'], ['internet'], 443, 'ALLOWED', 'PrivateRouteToInternet0 -> NATGateway0 in PublicSubnet0 (IGW route); default ACL on the private subnet and PublicNetworkAcl allow all.'],
    [['subnet', 'PrivateSubnet1'], ['subnet', 'PublicSubnet0'], 22, 'ALLOWED', 'Local route inside 10.0.0.0/16; default ACL (private) and PublicNetworkAcl allow all both ways.'],
    [['subnet', 'PublicSubnet1'], ['subnet', 'PrivateSubnet1'], 5432, 'ALLOWED', 'Local route; PublicNetworkAcl and the default ACL allow all.'],
    [['subnet', 'PrivateSubnet1'], ['s3'], 443, 'ALLOWED', 'No S3 gateway endpoint: S3 is reached through NATGateway1 like the internet; ACLs allow all.'],
  ]),
  // Fargate public VPC: internet-facing ALB with an allow-all group, HTTP listener on 80, container group admitting the ALB group and itself.
  ...cases('awslabs-ecs-fargate-public-vpc', [
    [['internet'], ['resource', 'PublicLoadBalancer'], 80, 'ALLOWED', 'PublicLoadBalancerSG admits all protocols from 0.0.0.0/0; listener on 80; both subnets route 0.0.0.0/0 to the IGW, default ACL.'],
    [['internet'], ['resource', 'PublicLoadBalancer'], 443, 'BLOCKED', 'The group admits everything, but the ALB has no listener on 443 (only PublicLoadBalancerListener on 80).'],
    [['internet'], ['sg', 'FargateContainerSecurityGroup', ['PublicSubnetOne']], 80, 'BLOCKED', 'FargateContainerSecurityGroup admits only PublicLoadBalancerSG and itself; no CIDR rule.'],
    [['resource', 'PublicLoadBalancer'], ['sg', 'FargateContainerSecurityGroup', ['PublicSubnetTwo']], 8080, 'ALLOWED', 'EcsSecurityGroupIngressFromPublicALB admits all protocols from PublicLoadBalancerSG, whose egress is the default allow-all; local route, default ACL.'],
    [['sg', 'FargateContainerSecurityGroup'], ['sg', 'FargateContainerSecurityGroup'], 3000, 'UNKNOWN', '#33: the group admits itself, but no member of it is placed in the template (the Fargate service is in another template): its subnets, so their ACLs, are unknown. Was ALLOWED: EcsSecurityGroupIngressFromSelf admits all from the group itself; default egress.'],
    [['sg', 'FargateContainerSecurityGroup', ['PublicSubnetOne']], ['internet'], 443, 'ALLOWED', 'Default allow-all egress; PublicSubnetOne routes 0.0.0.0/0 to the IGW; default ACL.'],
  ]),
  // NLB (Type Ref ELBType, default "network") in subnets given by parameters without defaults; TCP listener Port "80" (numeric string); no security groups.
  ...cases('awslabs-nlb-with-eips', [
    [['internet'], ['resource', 'loadBalancer'], 80, 'UNKNOWN', 'Listener Port "80" exists and an NLB without groups filters nothing, but its subnets are Select 0 of the Subnet1/Subnet2 parameters (no default): their ACLs and routes are outside the template.'],
    [['internet'], ['resource', 'loadBalancer'], 443, 'BLOCKED', 'No listener on 443: the NLB accepts TCP on "80" only, whatever the subnets hold.'],
  ]),
  // Upstream JSON. Single subnet 10.16.0.0/24 with an IGW route and a custom ACL (in: 80, 22, 1024-65535; out: 80, 443, 1024-65535); instance with an EIP.
  ...cases('awslabs-community-vpc', [
    [['internet'], ['resource', 'WebServerInstance'], 80, 'ALLOWED', 'SG tcp/"80" from 0.0.0.0/0; ACL in rule 100 (80) and out rule 102 (1024-65535) for the replies; IGW route; the EIP gives it a public address.'],
    [['internet'], ['resource', 'WebServerInstance'], 443, 'BLOCKED', 'The SG admits "443" but the ACL has no inbound entry for 443 (only 80, 22, 1024-65535): final deny.'],
    [['internet'], ['resource', 'WebServerInstance'], 22, 'ALLOWED', 'SG tcp/22 from SSHLocation (default 0.0.0.0/0); ACL in rule 101 (22), out rule 102 for replies.'],
    [['internet'], ['resource', 'WebServerInstance'], 8080, 'BLOCKED', 'The ACL would admit 8080 (rule 102, 1024-65535) but the SG has no rule for 8080.'],
    [['resource', 'WebServerInstance'], ['internet'], 443, 'ALLOWED', 'Default SG egress; ACL out rule 101 (443); replies on ephemeral ports come in by rule 102 (1024-65535).'],
    [['resource', 'WebServerInstance'], ['internet'], 22, 'BLOCKED', 'The ACL allows outbound 80, 443 and 1024-65535 only: outbound 22 hits the final deny.'],
    [['resource', 'WebServerInstance'], ['s3'], 443, 'ALLOWED', 'No gateway endpoint: through the IGW; ACL out rule 101 (443), replies in rule 102.'],
  ]),
  // widdix VPC with 2 AZs, ClassB default 0 (10.0.0.0/16); public and private subnets each with an allow-all ACL; private route tables have only an IPv6 egress-only route; no NAT in this template.
  ...cases('widdix-vpc-2azs', [
    [['internet'], ['subnet', 'SubnetAPublic'], 443, 'ALLOWED', 'RouteTablePublic 0.0.0.0/0 -> InternetGateway; NetworkAclPublic allows all in and out (rule 99).'],
    [['internet'], ['subnet', 'SubnetAPrivate'], 443, 'BLOCKED', 'RouteTablePrivate has no IPv4 route to an internet gateway (only ::/0 to the egress-only gateway).'],
    [['subnet', 'SubnetAPrivate'], ['internet'], 443, 'BLOCKED', 'No IPv4 default route in RouteTablePrivate: this template has no NAT (vpc-nat-gateway.yaml, another stack, would add one).'],
    [['subnet', 'SubnetBPrivate'], ['subnet', 'SubnetAPublic'], 22, 'ALLOWED', 'Local route in 10.0.0.0/16 (10.0.48.0/20 -> 10.0.0.0/20); both ACLs allow all.'],
    [['subnet', 'SubnetAPublic'], ['s3'], 443, 'ALLOWED', 'No S3 endpoint in this template: through the IGW; NetworkAclPublic allows all.'],
    [['subnet', 'SubnetBPublic'], ['subnet', 'SubnetBPrivate'], 5432, 'ALLOWED', 'Local route; NetworkAclPublic and NetworkAclPrivate allow all.'],
  ]),
  // widdix public AL2 instance: VPC and subnet from Fn::ImportValue of ParentVPCStack; ingress rules as separate resources under conditions. Defaults: ParentSSHBastionStack '' (so SSH from the world), IngressTcpPort1..3 ''.
  ...cases('widdix-al2-mutable-public', [
    [['internet'], ['sg', 'SecurityGroup'], 22, 'ALLOWED', 'SecurityGroupInSSHWorld (tcp/22 from 0.0.0.0/0) exists: HasNotSSHBastionSecurityGroup is true with ParentSSHBastionStack defaulting to \'\'.'],
    [['internet'], ['sg', 'SecurityGroup'], 80, 'BLOCKED', 'SecurityGroupIngressTcpPort1 exists only under HasIngressTcpPort1, false with IngressTcpPort1 defaulting to \'\'; no other rule admits 80.'],
    [['internet'], ['sg', 'SecurityGroup'], 3389, 'BLOCKED', 'Only tcp/22 is admitted with the defaults (the bastion rule and port rules are absent).'],
    [['sg', 'SecurityGroup'], ['internet'], 443, 'ALLOWED', 'No egress rules: CloudFormation\'s default allow-all egress.'],
    [['resource', 'VirtualMachine'], ['internet'], 443, 'UNKNOWN', 'The instance\'s ENI (NetworkInterface, GroupSet SecurityGroup) is in a subnet from Fn::ImportValue ${ParentVPCStack}-${SubnetName}: its ACL and routes are outside the template.'],
    [['internet'], ['resource', 'VirtualMachine'], 22, 'UNKNOWN', 'The group admits 22 from the world, but the ENI\'s subnet comes from Fn::ImportValue: its ACL and route table are not in the template.'],
  ]),
  // widdix Fargate service with its own ALB: subnets from Fn::ImportValue; defaults: scheme internet-facing, no certificate, no auth proxy (so HTTP from the world, no HTTPS listener).
  ...cases('widdix-fargate-service-dedicated-alb', [
    [['internet'], ['sg', 'LoadBalancerSecurityGroup'], 80, 'UNKNOWN', '#33: the group admits it, but its member (LoadBalancer) is in subnets from Fn::ImportValue: their ACLs are unknown. Was ALLOWED: LoadBalancerSecurityGroupInHttpFromWorld exists (HasNotAuthProxySecurityGroup true with ParentAuthProxyStack \'\'): tcp/80 from 0.0.0.0/0.'],
    [['internet'], ['sg', 'LoadBalancerSecurityGroup'], 443, 'BLOCKED', 'LoadBalancerSecurityGroupInHttpsFromWorld needs HasLoadBalancerCertificateArn, false with the default \'\' certificate: absent.'],
    [['internet'], ['resource', 'LoadBalancer'], 80, 'UNKNOWN', 'Group and HttpListener admit 80, but the subnets are Fn::Split of Fn::ImportValue ${ParentVPCStack}-SubnetsPublic: ACLs and routes outside the template.'],
    [['internet'], ['resource', 'LoadBalancer'], 443, 'BLOCKED', 'Whatever the imported subnets hold, the group has no 443 rule and HttpsListener is absent (no certificate by default).'],
    [['sg', 'LoadBalancerSecurityGroup'], ['sg', 'ServiceSecurityGroup'], 80, 'UNKNOWN', '#33: the groups admit it, but their members are in subnets from Fn::ImportValue: their ACLs are unknown. Was ALLOWED: ServiceSecurityGroup admits tcp 0-65535 from LoadBalancerSecurityGroup, whose egress is the default allow-all (AppPort default 80).'],
    [['internet'], ['sg', 'ServiceSecurityGroup'], 80, 'BLOCKED', 'ServiceSecurityGroup admits only LoadBalancerSecurityGroup (client stacks default \'\').'],
    [['sg', 'ServiceSecurityGroup'], ['internet'], 443, 'UNKNOWN', '#33: the group allows it, but the subnets of the service come from Fn::ImportValue: their ACLs and routes are unknown. Was ALLOWED: No egress rules on ServiceSecurityGroup: the default allow-all egress.'],
  ]),
  // ECS reference architecture VPC: CIDRs from parameters with defaults (10.192.0.0/16, public 10.192.10/11, private 10.192.20/21); NAT per AZ; default ACLs.
  ...cases('ecsrefarch-vpc', [
    [['internet'], ['subnet', 'PublicSubnet1'], 80, 'ALLOWED', 'PublicRouteTable 0.0.0.0/0 -> InternetGateway; no ACL association: default ACL allows all.'],
    [['internet'], ['subnet', 'PrivateSubnet1'], 80, 'BLOCKED', 'PrivateRouteTable1 sends 0.0.0.0/0 to NatGateway1: no inbound path from the internet.'],
    [['subnet', 'PrivateSubnet1'], ['internet'], 443, 'ALLOWED', 'DefaultPrivateRoute1 -> NatGateway1 in PublicSubnet1 (IGW route); default ACLs.'],
    [['subnet', 'PrivateSubnet2'], ['subnet', 'PublicSubnet1'], 80, 'ALLOWED', 'Local route in 10.192.0.0/16 (parameter default); default ACLs allow all.'],
    [['subnet', 'PublicSubnet2'], ['subnet', 'PrivateSubnet2'], 22, 'ALLOWED', 'Local route; default ACLs.'],
  ]),
  // ECS reference architecture groups (VPC a parameter): LB group admits everything from 0.0.0.0/0; hosts admit everything from the LB group.
  ...cases('ecsrefarch-security-groups', [
    [['internet'], ['sg', 'LoadBalancerSecurityGroup'], 80, 'ALLOWED', 'IpProtocol -1 from 0.0.0.0/0.'],
    [['internet'], ['sg', 'LoadBalancerSecurityGroup'], 8443, 'ALLOWED', 'IpProtocol -1 (all ports) from 0.0.0.0/0.'],
    [['internet'], ['sg', 'ECSHostSecurityGroup'], 22, 'BLOCKED', 'ECSHostSecurityGroup admits only LoadBalancerSecurityGroup.'],
    [['sg', 'LoadBalancerSecurityGroup'], ['sg', 'ECSHostSecurityGroup'], 32768, 'ALLOWED', 'IpProtocol -1 from LoadBalancerSecurityGroup (dynamic host ports); the LB group\'s default egress allows all.'],
    [['sg', 'ECSHostSecurityGroup'], ['internet'], 443, 'ALLOWED', 'No egress rules: the default allow-all egress.'],
  ]),
  // ECS reference architecture ALB: its group and subnets are parameters without defaults; one HTTP listener on 80.
  ...cases('ecsrefarch-load-balancers', [
    [['internet'], ['resource', 'LoadBalancer'], 80, 'UNKNOWN', 'A listener on 80 exists, but SecurityGroups is Ref SecurityGroup and Subnets Ref Subnets (parameters without defaults): the group\'s rules and the ACLs are outside the template.'],
    [['internet'], ['resource', 'LoadBalancer'], 443, 'BLOCKED', 'No listener on 443 (LoadBalancerListener is on 80 only), whatever the group and subnets hold.'],
  ]),
  // Quick Start VPC with defaults: 2 AZs, public and private (A) subnets, NAT gateways, S3 gateway endpoint on the private route tables; additional private (B) subnets off; A and public subnets have no ACL association.
  ...cases('quickstart-aws-vpc', [
    [['internet'], ['subnet', 'PublicSubnet1'], 443, 'ALLOWED', 'PublicSubnetRoute 0.0.0.0/0 -> InternetGateway (PublicSubnetsCondition true); default ACL.'],
    [['internet'], ['subnet', 'PrivateSubnet1A'], 443, 'BLOCKED', 'PrivateSubnet1ARouteTable sends 0.0.0.0/0 to NATGateway1: no inbound path from the internet.'],
    [['subnet', 'PrivateSubnet1A'], ['internet'], 443, 'ALLOWED', 'PrivateSubnet1ARoute -> NATGateway1 (condition NATGateways&PublicSubnets&PrivateSubnets true by default) in PublicSubnet1; default ACLs.'],
    [['subnet', 'PrivateSubnet2A'], ['subnet', 'PublicSubnet2'], 22, 'ALLOWED', 'Local route in 10.0.0.0/16 (10.0.32.0/19 -> 10.0.144.0/20); default ACLs.'],
    [['subnet', 'PrivateSubnet1A'], ['s3'], 443, 'ALLOWED', 'S3VPCEndpoint (PrivateSubnetsCondition true) is on PrivateSubnet1ARouteTable; default ACL.'],
  ]),
];

/**
 * Cases today's model gets wrong, with what it says and why. For these the test asserts that the
 * model STILL disagrees: when it gets one right, the test fails and the id must leave this list.
 */
export const KNOWN_DISAGREEMENTS: Record<string, string> = {};

const CORPUS = path.join(__dirname, 'corpus');

function endpoint(e: End): assertions.FlowEndpoint {
  switch (e[0]) {
    case 'internet': return FlowEndpoint.internet();
    case 's3': return FlowEndpoint.s3();
    case 'cidr': return FlowEndpoint.cidr(e[1]);
    case 'sg': return FlowEndpoint.securityGroup(e[1], e[2]);
    case 'subnet': return FlowEndpoint.subnet(e[1]);
    default: return FlowEndpoint.resource(e[1]);
  }
}

const models = new Map<string, assertions.TemplateModel>();
function model(template: string): assertions.TemplateModel {
  let m = models.get(template);
  if (!m) {
    m = TemplateModel.fromFile(path.join(CORPUS, `${template}.json`));
    models.set(template, m);
  }
  return m;
}

/**
 * The model's verdict: `FlowResult.verdict` once it exists; until then ALLOWED when `allowed`,
 * UNKNOWN when the explanation says NOT PROVEN, else BLOCKED. A throw is reported as ERROR.
 */
export function modelVerdict(c: CorpusCase): string {
  try {
    const r = model(c.template).evaluate(endpoint(c.from), endpoint(c.to), c.port) as assertions.FlowResult & { verdict?: unknown };
    if (r.verdict !== undefined) {
      return String(r.verdict).toUpperCase();
    }
    if (r.allowed) {
      return 'ALLOWED';
    }
    return /NOT PROVEN/.test(r.explanation.split('\n')[0]) ? 'UNKNOWN' : 'BLOCKED';
  } catch (e) {
    return `ERROR: ${(e as Error).message}`;
  }
}

const fixtures = fs.readdirSync(CORPUS).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, '')).sort();

describe('corpus of public templates', () => {
  test('the corpus is large enough: at least 10 templates, 4 projects, 60 flows', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(10);
    expect(new Set(fixtures.map((f) => f.split('-')[0])).size).toBeGreaterThanOrEqual(4);
    expect(CASES.length).toBeGreaterThanOrEqual(60);
    expect(new Set(CASES.map((c) => c.id)).size).toBe(CASES.length);
    for (const c of CASES) {
      expect(fixtures).toContain(c.template);
      expect(c.why.length).toBeGreaterThan(20);
    }
  });

  test('every known disagreement names a case', () => {
    const ids = new Set(CASES.map((c) => c.id));
    expect(Object.keys(KNOWN_DISAGREEMENTS).filter((id) => !ids.has(id))).toEqual([]);
  });

  test.each(fixtures)('%s has its SOURCES.md entry (repository, path, commit, license)', (f) => {
    const sources = fs.readFileSync(path.join(CORPUS, 'SOURCES.md'), 'utf-8');
    const section = sources.split(/^## /m).find((s) => s.startsWith(`\`${f}.json\``));
    expect(section).toBeDefined();
    expect(section).toMatch(/Repository: https:\/\/github\.com\/[\w.-]+\/[\w.-]+/);
    expect(section).toMatch(/Path: `[^`]+`/);
    expect(section).toMatch(/Commit: [0-9a-f]{40}/);
    expect(section).toMatch(/License: (Apache-2\.0|MIT-0|MIT|BSD)/);
    expect(section).toMatch(/Changes: /);
  });

  test.each(fixtures)('%s does not crash the model (checkRecommendations, allowedFlows)', (f) => {
    const m = model(f);
    expect(Array.isArray(m.checkRecommendations())).toBe(true);
    expect(Array.isArray(m.allowedFlows())).toBe(true);
  });

  test.each(CASES.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const got = modelVerdict(c);
    const known = KNOWN_DISAGREEMENTS[c.id];
    if (known === undefined) {
      expect({ id: c.id, verdict: got, why: c.why }).toEqual({ id: c.id, verdict: c.expected, why: c.why });
    } else {
      // Still wrong as recorded; when the model gets it right, remove the id from KNOWN_DISAGREEMENTS.
      expect({ id: c.id, stillDisagrees: got !== c.expected, known }).toEqual({ id: c.id, stillDisagrees: true, known });
    }
  });
});
