import { App, CfnElement, CfnResource, SecretValue, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as targets from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';
import { AlbSecurityGroupPair, assertions, LoadBalancerNetworkAcls } from '../../src';
import { INTENT_METADATA_KEY, LoadBalancerIntent } from '../../src/private/intent-metadata';
import { synthReport } from '../util';

const { FindingKind, FlowEndpoint, FlowsReport, TemplateModel } = assertions;
type Model = assertions.TemplateModel;
type Endpoint = assertions.FlowEndpoint;

/**
 * Real application layouts around one application load balancer, built with the building blocks
 * (`AlbSecurityGroupPair`, `LoadBalancerNetworkAcls`) and plain aws-cdk-lib constructs. The intent
 * the L3 constructs record on the load balancer is simulated with `addMetadata`, as they write it.
 */

const IMPORTED_VPC: ec2.VpcAttributes = {
  vpcId: 'vpc-0abc',
  vpcCidrBlock: '10.0.0.0/16',
  availabilityZones: ['eu-west-1a', 'eu-west-1b'],
  publicSubnetIds: ['subnet-0pub1', 'subnet-0pub2'],
  privateSubnetIds: ['subnet-0priv1', 'subnet-0priv2'],
  publicSubnetRouteTableIds: ['rtb-0pub1', 'rtb-0pub2'],
  privateSubnetRouteTableIds: ['rtb-0priv1', 'rtb-0priv2'],
};

interface LayoutProps {
  readonly internetFacing?: boolean;
  /** The VPC is imported (`Vpc.fromVpcAttributes`): the template names it and its subnets by literal ids. */
  readonly imported?: boolean;
  readonly clientCidrs?: string[];
  /** `targetCidrs` of the security groups and of the network ACLs. */
  readonly groupTargetCidrs?: string[];
  readonly aclTargetCidrs?: string[];
  /** @default 8080 */
  readonly targetPort?: number;
  /** The listener ports the network ACLs open. @default [80] */
  readonly aclListenerPorts?: number[];
}

/**
 * A VPC (subnet groups Public, Targets, Internal for an internal load balancer, and Clients; one
 * NAT gateway, which only the Targets subnets use), the building blocks, and an ALB with a listener
 * on 80 in the Public (or Internal) subnets.
 */
class Layout {
  public readonly app = new App();
  public readonly stack = new Stack(this.app, 'Layout', { env: { account: '111111111111', region: 'eu-west-1' } });
  public readonly vpc: ec2.IVpc;
  public readonly groups: AlbSecurityGroupPair;
  public readonly acls: LoadBalancerNetworkAcls;
  public readonly lb: elbv2.ApplicationLoadBalancer;
  public readonly listener: elbv2.ApplicationListener;
  public readonly targetSubnets: ec2.SubnetSelection;
  public readonly targetPort: number;
  private readonly props: LayoutProps;

  constructor(props: LayoutProps = {}) {
    this.props = props;
    const internetFacing = props.internetFacing ?? true;
    this.targetPort = props.targetPort ?? 8080;
    this.vpc = props.imported ? ec2.Vpc.fromVpcAttributes(this.stack, 'Vpc', IMPORTED_VPC) : new ec2.Vpc(this.stack, 'Vpc', {
      maxAzs: 2,
      natGateways: 1,
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'Targets', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
        { name: 'Internal', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
        { name: 'Clients', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
    });
    const lbSubnets = props.imported ? { subnetType: ec2.SubnetType.PUBLIC } : { subnetGroupName: internetFacing ? 'Public' : 'Internal' };
    this.targetSubnets = props.imported ? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } : { subnetGroupName: 'Targets' };
    this.groups = new AlbSecurityGroupPair(this.stack, 'Groups', {
      vpc: this.vpc,
      internetFacing,
      clientCidrs: props.clientCidrs,
      targetPort: this.targetPort,
      targetOutboundPorts: [],
      targetCidrs: props.groupTargetCidrs,
    });
    this.acls = new LoadBalancerNetworkAcls(this.stack, 'Acls', {
      vpc: this.vpc,
      internetFacing,
      loadBalancerSubnets: lbSubnets,
      targetSubnets: this.targetSubnets,
      clientCidrs: props.clientCidrs,
      listenerPorts: props.aclListenerPorts,
      targetPort: this.targetPort,
      targetOutboundPorts: [],
      targetCidrs: props.aclTargetCidrs,
    });
    this.lb = new elbv2.ApplicationLoadBalancer(this.stack, 'Lb', { vpc: this.vpc, internetFacing, vpcSubnets: lbSubnets, securityGroup: this.groups.loadBalancerSecurityGroup });
    this.listener = this.lb.addListener('Http', { port: 80, open: false });
  }

  /** The intent, as the L3 constructs record it (the pieces given replace the defaults). */
  public recordIntent(intent: Partial<LoadBalancerIntent> = {}): this {
    const internetFacing = this.props.internetFacing ?? true;
    (this.lb.node.defaultChild as CfnResource).addMetadata(INTENT_METADATA_KEY, {
      vpcId: this.vpc.vpcId,
      vpcCidr: this.vpc.vpcCidrBlock,
      clientCidrs: this.props.clientCidrs ?? (internetFacing ? ['0.0.0.0/0'] : [this.vpc.vpcCidrBlock]),
      targetCidrs: this.props.groupTargetCidrs ?? [],
      identityProviderCidrs: [],
      targetSecurityGroups: [this.id(this.groups.targetSecurityGroup)],
      ...intent,
    });
    return this;
  }

  /** An auto scaling group in the target subnets, in the given group (its own otherwise). */
  public asg(id: string, securityGroup?: ec2.ISecurityGroup): autoscaling.AutoScalingGroup {
    return new autoscaling.AutoScalingGroup(this.stack, id, {
      vpc: this.vpc,
      vpcSubnets: this.targetSubnets,
      securityGroup,
      instanceType: new ec2.InstanceType('t3.micro'),
      machineImage: ec2.MachineImage.latestAmazonLinux2023(),
    });
  }

  /** Targets on the target port in the construct's own target group. */
  public withOwnTargets(): this {
    this.listener.addTargets('App', { port: this.targetPort, protocol: elbv2.ApplicationProtocol.HTTP, targets: [this.asg('Asg', this.groups.targetSecurityGroup)] });
    return this;
  }

  public id(c: IConstruct): string {
    const cfn = c instanceof CfnElement ? c : c.node.defaultChild as CfnElement;
    return this.stack.resolve(cfn.logicalId) as string;
  }

  public subnetIds(selection: ec2.SubnetSelection): string[] {
    const subnets = this.vpc.selectSubnets(selection).subnets;
    return subnets.map((s) => (s.node.defaultChild instanceof CfnElement ? this.id(s) : s.subnetId));
  }

  public model(options: assertions.TemplateModelOptions = {}): Model {
    return TemplateModel.fromStack(this.stack, options);
  }

  public template(): Record<string, any> {
    return Template.fromStack(this.stack).toJSON();
  }
}

function findingsOf(model: Model) {
  return model.checkRecommendations().map((f) => ({ kind: f.kind, id: f.recommendationId, resource: f.resource, message: f.message }));
}

function rowsOf(model: Model) {
  return FlowsReport.of(model).rows.map((r) => `${r.from} -> ${r.to} ${r.ports} ${r.allowed ? 'allowed' : 'BLOCKED'} [${r.decidedBy}]`);
}

/** The model of a template changed by hand. */
function edited(template: Record<string, any>, change: (resources: Record<string, any>) => void): Model {
  const copy = JSON.parse(JSON.stringify(template));
  change(copy.Resources);
  return TemplateModel.fromJsonString(JSON.stringify(copy));
}

/**
 * The flows report agrees with `evaluate` on every row that names a verdict: each row's ends, as
 * `evaluate` takes them (an end may stand for several, all of which must be allowed), give the same
 * verdict, and "not proven" exactly where `evaluate` says so.
 */
function expectRowsAgree(model: Model, endsOf: (label: string) => Endpoint[]) {
  const rows = FlowsReport.of(model).rows.filter((r) => r.to.startsWith('load balancer ') || (r.from.startsWith('load balancer ') && r.to.startsWith('targets of ')));
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) {
    const port = Number(row.ports.split(' ')[0]);
    const results = endsOf(row.from).flatMap((src) => endsOf(row.to).map((dst) => model.evaluate(src, dst, port)));
    const allowed = results.every((r) => r.allowed);
    expect({ row: `${row.from} -> ${row.to} ${row.ports}`, allowed: row.allowed }).toEqual({ row: `${row.from} -> ${row.to} ${row.ports}`, allowed });
    if (!row.allowed) {
      const notProven = results.filter((r) => !r.allowed).every((r) => r.explanation.includes(': NOT PROVEN'));
      expect(row.decidedBy.startsWith('not proven: ')).toBe(notProven);
    }
  }
}

/** The usual ends of a row: the internet, a CIDR, a group, a load balancer. */
function commonEnd(label: string): Endpoint[] | undefined {
  if (label === '0.0.0.0/0' || label === 'anyone') return [FlowEndpoint.internet()];
  if (/^\d+\.\d+\.\d+\.\d+\/\d+$/.test(label)) return [FlowEndpoint.cidr(label)];
  if (label.startsWith('security group ')) return [FlowEndpoint.securityGroup(label.slice('security group '.length))];
  if (label.startsWith('load balancer ')) return [FlowEndpoint.resource(label.slice('load balancer '.length))];
  const ip = /^targets of \w+ at (\S+)$/.exec(label);
  return ip ? [FlowEndpoint.cidr(ip[1])] : undefined;
}

describe('the intent metadata (item 1): an imported VPC', () => {
  function imported() {
    const layout = new Layout({ imported: true }).withOwnTargets();
    const targetEnd = FlowEndpoint.securityGroup(layout.id(layout.groups.targetSecurityGroup), IMPORTED_VPC.privateSubnetIds);
    return { layout, targetEnd };
  }

  test('without the intent, the checks cannot compare the imported subnets with the VPC CIDR: UNKNOWN, as before', () => {
    // GIVEN
    const { layout } = imported();

    // WHEN
    const found = findingsOf(layout.model());

    // THEN
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((f) => f.kind === FindingKind.UNKNOWN && f.message.includes('cannot be compared with subnet-0'))).toBe(true);
  });

  test('with the intent\'s literal VPC id and CIDR: no finding, and the load balancer reaches its targets', () => {
    // GIVEN
    const { layout, targetEnd } = imported();
    layout.recordIntent();
    const model = layout.model();
    expect(layout.template().Resources[layout.id(layout.lb)].Metadata[INTENT_METADATA_KEY]).toMatchObject({ vpcId: 'vpc-0abc', vpcCidr: '10.0.0.0/16' });

    // THEN
    expect(findingsOf(model)).toEqual([]);
    expect(model.evaluate(FlowEndpoint.fromConstruct(layout.lb), targetEnd, 8080).allowed).toBe(true);
    expect(rowsOf(model)).toContainEqual(expect.stringMatching(/^load balancer Lb\w+ -> targets of LbHttpAppGroup\w+ 8080 allowed/));
    expectRowsAgree(model, (label) => commonEnd(label) ?? [targetEnd]);
  });

  test('groups of the imported VPC have its CIDR as their address', () => {
    // GIVEN
    const { layout } = imported();
    layout.recordIntent();

    // WHEN a client group of the VPC reaches an address inside it (no subnet: only the groups decide)
    const client = new ec2.SecurityGroup(layout.stack, 'Client', { vpc: layout.vpc, allowAllOutbound: false });
    client.addEgressRule(ec2.Peer.ipv4('10.0.0.0/16'), ec2.Port.tcp(5432));
    const server = new ec2.SecurityGroup(layout.stack, 'Server', { vpc: layout.vpc, allowAllOutbound: false });
    server.addIngressRule(ec2.Peer.ipv4('10.0.0.0/16'), ec2.Port.tcp(5432));

    // THEN
    const flow = layout.model().evaluate(FlowEndpoint.securityGroup(layout.id(client)), FlowEndpoint.securityGroup(layout.id(server)), 5432);
    expect(flow.explanation).toContain('allows TCP 5432 from security group');
    expect(flow.allowed).toBe(true);
  });

  test.each<[string, unknown]>([
    ['not an object', 'intent'],
    ['an array', [1, 2]],
    ['pieces of the wrong type', { vpcId: 5, vpcCidr: null, clientCidrs: 'everyone', targetCidrs: [7, null], identityProviderCidrs: {}, targetSecurityGroups: [null, 3] }],
    ['an empty object', {}],
  ])('a malformed intent (%s) is read as no intent: the same findings', (_, metadata) => {
    // GIVEN
    const without = findingsOf(imported().layout.model());
    const { layout } = imported();
    (layout.lb.node.defaultChild as CfnResource).addMetadata(INTENT_METADATA_KEY, metadata);
    expect(layout.template().Resources[layout.id(layout.lb)].Metadata[INTENT_METADATA_KEY]).toEqual(metadata);

    // THEN
    expect(findingsOf(layout.model())).toEqual(without);
  });

  test('a VPC of the template, given by Ref and GetAtt as the constructs record it: no change', () => {
    // GIVEN
    const before = findingsOf(new Layout().withOwnTargets().model());
    const layout = new Layout().withOwnTargets().recordIntent();
    expect(layout.template().Resources[layout.id(layout.lb)].Metadata[INTENT_METADATA_KEY]).toMatchObject({
      vpcId: { Ref: layout.id(layout.vpc as ec2.Vpc) }, vpcCidr: { 'Fn::GetAtt': [layout.id(layout.vpc as ec2.Vpc), 'CidrBlock'] },
    });

    // THEN
    expect(before).toEqual([]);
    expect(findingsOf(layout.model())).toEqual([]);
  });
});

describe('narrowed clients (item 2)', () => {
  const narrowed = () => new Layout({ clientCidrs: ['203.0.113.0/24'] }).withOwnTargets();

  test('an internet-facing load balancer opened to 203.0.113.0/24 only passes its own checks', () => {
    // GIVEN
    const layout = narrowed().recordIntent();

    // THEN
    expect(findingsOf(layout.model())).toEqual([]);
  });

  test('without the intent, the documented default (the internet) applies, as before', () => {
    expect(findingsOf(narrowed().model()).map((f) => `${f.kind} ${f.id}`)).toEqual([
      // one finding per rule or entry to fix: the listener entry, missing in the ACL of both load balancer subnets
      'MISSING LBSG-IN-LISTENER-INTERNET', 'MISSING LBACL-IN-LISTENER-INTERNET',
    ]);
  });

  test('fails with a client network of the intent the rules do not open: MISSING, naming the network', () => {
    // GIVEN
    const layout = narrowed().recordIntent({ clientCidrs: ['203.0.113.0/24', '198.51.100.0/24'] });
    const lbSg = layout.id(layout.groups.loadBalancerSecurityGroup);

    // THEN
    const found = findingsOf(layout.model());
    expect(found).toContainEqual({
      kind: FindingKind.MISSING, id: 'LBSG-IN-LISTENER-INTERNET', resource: lbSg, message: `${layout.id(layout.lb)}: no ingress rule of ${lbSg} allows TCP 80 from clients in 198.51.100.0/24`,
    });
    expect(found.filter((f) => f.id === 'LBACL-IN-LISTENER-INTERNET').map((f) => f.resource)).toEqual([layout.id(layout.acls.loadBalancerAcl)]);
  });

  test('fails with a rule or an entry from 0.0.0.0/0 on the listener port: WIDER', () => {
    // GIVEN
    const layout = narrowed().recordIntent();
    layout.groups.loadBalancerSecurityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(80), 'everyone');
    layout.acls.loadBalancerAcl.addEntry('Everyone', { ruleNumber: 90, cidr: ec2.AclCidr.anyIpv4(), traffic: ec2.AclTraffic.tcpPort(80), direction: ec2.TrafficDirection.INGRESS });
    const [lbId, lbSg, acl] = [layout.id(layout.lb), layout.id(layout.groups.loadBalancerSecurityGroup), layout.id(layout.acls.loadBalancerAcl)];
    const entry = layout.id(layout.acls.loadBalancerAcl.node.findChild('Everyone'));

    // THEN
    expect(findingsOf(layout.model())).toEqual([
      {
        kind: FindingKind.WIDER,
        id: 'LBSG-IN-LISTENER-INTERNET',
        resource: lbSg,
        message: `${lbId}: ${lbSg} allows tcp 80 from everyone (0.0.0.0/0), but the listeners are opened to 203.0.113.0/24 only (clientCidrs)`,
      },
      {
        kind: FindingKind.WIDER,
        id: 'LBACL-IN-LISTENER-INTERNET',
        resource: entry,
        message: `${lbId}: entry 90 (${entry}) of ${acl} lets 0.0.0.0/0 reach the listener port, but the listeners are opened to 203.0.113.0/24 only (clientCidrs)`,
      },
    ]);
  });

  test('the flows report agrees with evaluate', () => {
    const layout = narrowed().recordIntent();
    const targetEnd = FlowEndpoint.securityGroup(layout.id(layout.groups.targetSecurityGroup), layout.subnetIds(layout.targetSubnets));
    expectRowsAgree(layout.model(), (label) => commonEnd(label) ?? [targetEnd]);
  });
});

describe('findings on network ACLs are acknowledged on the ACL (item 3)', () => {
  /** The ACLs open the listener port 443, the load balancer listens on 80: the load balancer's ACL misses it. */
  function app(withPlugin = true) {
    const layout = new Layout({ aclListenerPorts: [443] }).withOwnTargets();
    if (withPlugin) {
      Validations.of(layout.app).addPlugins(new assertions.SecureAlbChecks());
    }
    return layout;
  }

  test('the finding names the ACL, and the "final deny" in its message', () => {
    // GIVEN (no plugin: a failing plugin would set the exit code of the test process)
    const layout = app(false);
    const acl = layout.id(layout.acls.loadBalancerAcl);

    // THEN
    const found = findingsOf(layout.model());
    // one finding for the one entry to add, naming both load balancer subnets it is missing for
    expect(found.map((f) => [f.id, f.resource])).toEqual([['LBACL-IN-LISTENER-INTERNET', acl]]);
    expect(found[0].message).toMatch(new RegExp(`^Lb\\w+: load balancer subnet VpcPublicSubnet1\\w+, VpcPublicSubnet2\\w+ inbound: no entry of ${acl} allows TCP 80 from 198\\.51\\.100\\.10/32: the final deny \\(\\*\\) applies$`));
    expect(layout.model().checkRecommendations()[0].affected).toEqual([
      expect.stringMatching(/^VpcPublicSubnet1\w+ ↔ 198\.51\.100\.10\/32$/), expect.stringMatching(/^VpcPublicSubnet2\w+ ↔ 198\.51\.100\.10\/32$/),
    ]);
  });

  test('fails synth without an acknowledgment, locating the finding on the ACL construct', () => {
    const { report, failed } = synthReport(app().app);
    expect(failed).toBe(true);
    expect(report).toContain('SecureAlb-LBACL-IN-LISTENER-INTERNET');
    expect(report).toContain('Layout/Acls/LoadBalancerAcl');
    // one violation for the one entry to add, each load balancer subnet it is missing for listed in it
    expect(report.match(/affects VpcPublicSubnet[12]\w+ ↔ 198\.51\.100\.10\/32/g)).toHaveLength(2);
  });

  test('an acknowledgment on the ACL passes synth', () => {
    // GIVEN
    const layout = app();
    Validations.of(layout.acls.loadBalancerAcl).acknowledge({ id: 'SecureAlb-LBACL-IN-LISTENER-INTERNET', reason: 'test: the listener on 80 is closed by the network on purpose' });

    // THEN
    const { report, failed } = synthReport(layout.app);
    expect(report).not.toContain('SecureAlb-');
    expect(failed).toBe(false);
  });

  test('the id synth prints (cdk-secure-alb::SecureAlb-…) on the ACL: synth passes, and the model reads it as acknowledged, with its reason', () => {
    // GIVEN
    const layout = app();
    const reason = 'test: the listener on 80 is closed by the network on purpose';
    Validations.of(layout.acls.loadBalancerAcl).acknowledge({ id: 'cdk-secure-alb::SecureAlb-LBACL-IN-LISTENER-INTERNET', reason });

    // WHEN
    const model = assertions.TemplateModel.fromStack(layout.stack);

    // THEN the plugin, the model and the assertion give one answer
    expect(synthReport(layout.app).failed).toBe(false);
    expect(model.checkRecommendations()).toEqual([]);
    expect(() => assertions.NetworkAssertions.assertFollowsRecommendations(model)).not.toThrow();
    const [acknowledged] = model.checkRecommendations({ includeAcknowledged: true });
    expect(acknowledged).toMatchObject({
      recommendationId: 'LBACL-IN-LISTENER-INTERNET',
      acknowledgment: { id: 'cdk-secure-alb::SecureAlb-LBACL-IN-LISTENER-INTERNET', reason, constructPath: 'Layout/Acls/LoadBalancerAcl' },
    });
    expect(() => assertions.NetworkAssertions.assertFollowsRecommendations(model, [], { includeAcknowledged: true }))
      .toThrow(`[MISSING LBACL-IN-LISTENER-INTERNET, acknowledged at Layout/Acls/LoadBalancerAcl: ${reason}]`);
  });

  test('an acknowledgment on the stack applies to everything in it, in the model as in the plugin', () => {
    // GIVEN
    const layout = app();
    Validations.of(layout.stack).acknowledge({ id: 'cdk-secure-alb::SecureAlb-LBACL-IN-LISTENER-INTERNET', reason: 'test: the whole stack' });

    // THEN
    expect(synthReport(layout.app).failed).toBe(false);
    expect(assertions.TemplateModel.fromStack(layout.stack).checkRecommendations()).toEqual([]);
  });

  test('fails when the acknowledgment is on another construct: the finding stays open in the plugin and the model (not matched by rule name anywhere in the app)', () => {
    // GIVEN
    const layout = app();
    Validations.of(layout.groups.loadBalancerSecurityGroup).acknowledge({ id: 'cdk-secure-alb::SecureAlb-LBACL-IN-LISTENER-INTERNET', reason: 'test: on the wrong construct' });

    // THEN
    const { report, failed } = synthReport(layout.app);
    expect(failed).toBe(true);
    expect(report).toContain('SecureAlb-LBACL-IN-LISTENER-INTERNET');
    expect(findingsOf(assertions.TemplateModel.fromStack(layout.stack)).map((f) => f.id)).toEqual(['LBACL-IN-LISTENER-INTERNET']);
  });

  test('fails when the acknowledgment names another rule or the UNKNOWN kind', () => {
    // GIVEN
    const layout = app(false);
    Validations.of(layout.acls.loadBalancerAcl).acknowledge(
      { id: 'cdk-secure-alb::SecureAlb-LBACL-IN-LISTENER-VPC', reason: 'test: another rule' },
      { id: 'cdk-secure-alb::SecureAlb-UNKNOWN-LBACL-IN-LISTENER-INTERNET', reason: 'test: the unknown kind' },
    );

    // THEN
    expect(findingsOf(assertions.TemplateModel.fromStack(layout.stack)).map((f) => f.id)).toEqual(['LBACL-IN-LISTENER-INTERNET']);
  });
});

describe('several target groups per load balancer (item 4)', () => {
  /** The default action to the construct's targets on 8080; a rule forwards, weighted, to an API on 9090 (health check 9091) and the default group. */
  function twoGroups(apiHealthCheckOpen = true) {
    const layout = new Layout();
    const web = layout.listener.addTargets('Web', { port: 8080, protocol: elbv2.ApplicationProtocol.HTTP, targets: [layout.asg('Asg', layout.groups.targetSecurityGroup)] });
    const apiSg = new ec2.SecurityGroup(layout.stack, 'ApiSg', { vpc: layout.vpc, allowAllOutbound: false });
    apiSg.addIngressRule(ec2.Peer.ipv4(layout.vpc.vpcCidrBlock), ec2.Port.icmpTypeAndCode(3, 4));
    const api = new elbv2.ApplicationTargetGroup(layout.stack, 'ApiTg', {
      vpc: layout.vpc, port: 9090, protocol: elbv2.ApplicationProtocol.HTTP, targets: [layout.asg('Api', apiSg)], healthCheck: { port: '9091' },
    });
    layout.listener.addAction('Api', {
      priority: 10,
      conditions: [elbv2.ListenerCondition.pathPatterns(['/api/*'])],
      action: elbv2.ListenerAction.weightedForward([{ targetGroup: api, weight: 1 }, { targetGroup: web, weight: 1 }]),
    });
    for (const port of [9090, 9091]) layout.acls.addTargetPort(port);
    if (apiHealthCheckOpen) layout.groups.loadBalancerSecurityGroup.connections.allowTo(apiSg, ec2.Port.tcp(9091));
    return { layout, apiSg, api };
  }

  test('every target group is checked: no finding when each is open', () => {
    expect(findingsOf(twoGroups().layout.model())).toEqual([]);
  });

  test('fails with the health-check port of the rule\'s target group closed: MISSING on both groups, once each', () => {
    // GIVEN
    const { layout, apiSg, api } = twoGroups(false);
    const [lbId, lbSg, apiId] = [layout.id(layout.lb), layout.id(layout.groups.loadBalancerSecurityGroup), layout.id(apiSg)];

    // THEN
    expect(findingsOf(layout.model())).toEqual([
      { kind: FindingKind.MISSING, id: 'LBSG-OUT-HEALTH-CHECK', resource: lbSg, message: `${lbId}: no egress rule of ${lbSg} allows TCP 9091 to the targets of ${layout.id(api)} (${apiId}) (health-check port)` },
      { kind: FindingKind.MISSING, id: 'TGSG-IN-HEALTH-CHECK', resource: apiId, message: `${lbId}: no ingress rule of ${apiId} allows TCP 9091 from the load balancer ${lbId} (health-check port: the targets stay unhealthy)` },
    ]);
  });

  test('a target group with the health check on the traffic port and its port closed in the targets\' ACL: one finding, listing every subnet pair', () => {
    // GIVEN a listener rule (L1, ForwardConfig) to a third group on 7070, whose port the targets' ACL does not open
    const { layout } = twoGroups();
    const sg = new ec2.SecurityGroup(layout.stack, 'JobsSg', { vpc: layout.vpc, allowAllOutbound: false });
    sg.addIngressRule(ec2.Peer.ipv4(layout.vpc.vpcCidrBlock), ec2.Port.icmpTypeAndCode(3, 4));
    const jobs = new elbv2.ApplicationTargetGroup(layout.stack, 'JobsTg', { vpc: layout.vpc, port: 7070, protocol: elbv2.ApplicationProtocol.HTTP, targets: [layout.asg('Jobs', sg)] });
    new elbv2.CfnListenerRule(layout.stack, 'JobsRule', {
      listenerArn: layout.listener.listenerArn,
      priority: 20,
      conditions: [{ field: 'path-pattern', values: ['/jobs/*'] }],
      actions: [{ type: 'forward', forwardConfig: { targetGroups: [{ targetGroupArn: jobs.targetGroupArn }] } }],
    });
    layout.groups.loadBalancerSecurityGroup.connections.allowTo(sg, ec2.Port.tcp(7070));
    layout.acls.loadBalancerAcl.addEntry('Jobs', { ruleNumber: 90, cidr: ec2.AclCidr.ipv4('10.0.0.0/16'), traffic: ec2.AclTraffic.tcpPort(7070), direction: ec2.TrafficDirection.EGRESS });

    // THEN the targets' ACL misses 7070: TGACL-IN-TARGET only (the health check is the same rule)
    const found = findingsOf(layout.model());
    // one entry to add (the same for both target subnets and both load balancer subnets): one finding, its four subnet pairs inside
    expect(found.map((f) => f.id)).toEqual(['TGACL-IN-TARGET']);
    const [finding] = layout.model().checkRecommendations();
    expect(finding.affected).toEqual([
      expect.stringMatching(/^VpcTargetsSubnet1\w+ ↔ 10\.0\.0\.0\/24$/), expect.stringMatching(/^VpcTargetsSubnet1\w+ ↔ 10\.0\.1\.0\/24$/),
      expect.stringMatching(/^VpcTargetsSubnet2\w+ ↔ 10\.0\.0\.0\/24$/), expect.stringMatching(/^VpcTargetsSubnet2\w+ ↔ 10\.0\.1\.0\/24$/),
    ]);
  });

  test('the flows report has a row per target group and port, each agreeing with evaluate', () => {
    // GIVEN
    const { layout, apiSg, api } = twoGroups();
    const model = layout.model();
    const subnets = layout.subnetIds(layout.targetSubnets);

    // THEN
    expect(rowsOf(model).filter((r) => r.includes(' -> targets of ') && r.startsWith('load balancer'))).toEqual([
      expect.stringMatching(/^load balancer Lb\w+ -> targets of LbHttpWebGroup\w+ 8080 allowed/),
      expect.stringMatching(new RegExp(`^load balancer Lb\\w+ -> targets of ${layout.id(api)} 9090 allowed`)),
      expect.stringMatching(new RegExp(`^load balancer Lb\\w+ -> targets of ${layout.id(api)} 9091 \\(health check\\) allowed`)),
    ]);
    expectRowsAgree(model, (label) => commonEnd(label) ?? (label.includes(layout.id(api))
      ? [FlowEndpoint.securityGroup(layout.id(apiSg), subnets)]
      : [FlowEndpoint.securityGroup(layout.id(layout.groups.targetSecurityGroup), subnets)]));
  });
});

describe('Lambda target groups (item 5)', () => {
  function withFunction() {
    const layout = new Layout().withOwnTargets();
    const fn = new lambda.Function(layout.stack, 'Fn', { runtime: lambda.Runtime.NODEJS_20_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => ({})') });
    const group = layout.listener.addTargets('Fn', { priority: 5, conditions: [elbv2.ListenerCondition.pathPatterns(['/fn'])], targets: [new targets.LambdaTarget(fn)] });
    return { layout, group };
  }

  test('no network rule is expected for them: no finding', () => {
    expect(findingsOf(withFunction().layout.model())).toEqual([]);
  });

  test('the flows report says the service invokes the function, and claims no network path', () => {
    // GIVEN
    const { layout, group } = withFunction();
    const tg = layout.id(group);

    // THEN
    const rows = FlowsReport.of(layout.model()).rows;
    expect(rows.filter((r) => r.to.includes(tg))).toEqual([{
      loadBalancer: layout.id(layout.lb),
      from: `load balancer ${layout.id(layout.lb)}`,
      to: `Lambda functions of ${tg}`,
      ports: 'invoke',
      allowed: true,
      verdict: 'ALLOWED',
      decidedBy: 'invoked by the Elastic Load Balancing service (no network path)',
    }]);
  });

  test('a load balancer with Lambda targets only, from the building blocks for Lambda: no finding', () => {
    const stack = new Stack(new App(), 'Lambda');
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
    const groups = new AlbSecurityGroupPair(stack, 'Groups', { vpc, targetType: elbv2.TargetType.LAMBDA, targetOutboundPorts: [] });
    new LoadBalancerNetworkAcls(stack, 'Acls', {
      vpc,
      loadBalancerSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      targetSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      targetType: elbv2.TargetType.LAMBDA,
      targetOutboundPorts: [],
    });
    const lb = new elbv2.ApplicationLoadBalancer(stack, 'Lb', { vpc, internetFacing: true, securityGroup: groups.loadBalancerSecurityGroup });
    const fn = new lambda.Function(stack, 'Fn', { runtime: lambda.Runtime.NODEJS_20_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => ({})') });
    lb.addListener('Http', { port: 80, open: false }).addTargets('Fn', { targets: [new targets.LambdaTarget(fn)] });
    expect(findingsOf(TemplateModel.fromStack(stack))).toEqual([]);
  });
});

describe('IP targets outside the VPC (item 6)', () => {
  const PEERED = '10.3.0.0/16';
  const TARGET = '10.3.0.10';

  /** An IP target in a peered VPC on 880 (below the ephemeral range), a peering route from the load balancer's subnets. */
  function peered(props: { groups?: boolean; acls?: boolean; route?: boolean } = {}) {
    const layout = new Layout({
      targetPort: 880,
      groupTargetCidrs: props.groups === false ? undefined : [PEERED],
      aclTargetCidrs: props.acls === false ? undefined : [PEERED],
    });
    const group = layout.listener.addTargets('Peered', { port: 880, protocol: elbv2.ApplicationProtocol.HTTP, targets: [new targets.IpTarget(TARGET, 880, 'all')] });
    if (props.route !== false) {
      layout.vpc.publicSubnets.forEach((s, i) => new ec2.CfnRoute(layout.stack, `Peering${i}`, {
        routeTableId: s.routeTable.routeTableId, destinationCidrBlock: PEERED, vpcPeeringConnectionId: 'pcx-0abc',
      }));
    }
    return { layout, tg: layout.id(group) };
  }
  const target = FlowEndpoint.cidr(`${TARGET}/32`);

  test('with the target networks opened, and the intent naming them: no finding, and the load balancer reaches the address', () => {
    // GIVEN
    const { layout, tg } = peered();
    layout.recordIntent({ targetCidrs: [PEERED] });
    const model = layout.model();

    // THEN
    expect(findingsOf(model)).toEqual([]);
    // pcx-0abc is outside the template: where it leads is not known, so the flow is not proven
    const unknown = model.evaluate(FlowEndpoint.fromConstruct(layout.lb), target, 880);
    expect(unknown.verdict).toBe(assertions.FlowVerdict.UNKNOWN);
    expect(unknown.steps.find((s) => s.name === 'route')?.detail).toMatch(/sends 10\.3\.0\.10\/32 to peering connection pcx-0abc \(10\.3\.0\.0\/16\): peering connection pcx-0abc is outside the template, so whether it leads to 10\.3\.0\.10\/32 is unknown$/);
    // stated by the user: the peering leads to the peered network, and the replies come back
    const assumedRoutes = layout.vpc.publicSubnets.map((s) => ({
      routeTable: layout.stack.resolve(s.routeTable.routeTableId).Ref, destinationCidr: PEERED, target: assertions.AssumedRouteTarget.NETWORK, reason: 'pcx-0abc to the peered VPC',
    }));
    const flow = layout.model({ assumedRoutes }).evaluate(FlowEndpoint.fromConstruct(layout.lb), target, 880);
    expect(flow.allowed).toBe(true);
    expect(flow.assumptions).toEqual(assumedRoutes.map((a) => `route table ${a.routeTable} sends 10.3.0.0/16 to the destination network (and the replies come back) (pcx-0abc to the peered VPC)`).slice(0, 1));
    expect(flow.steps.find((s) => s.name === 'route')?.detail).toMatch(/sends 10\.3\.0\.10\/32 to 10\.3\.0\.0\/16 and the replies come back \(stated: .*\) \(assumed, not in the template\)$/);
    expect(rowsOf(layout.model({ assumedRoutes }))).toContainEqual(expect.stringMatching(new RegExp(`^load balancer Lb\\w+ -> targets of ${tg} at 10\\.3\\.0\\.10/32 880 allowed`)));
    expect(rowsOf(model).some((r) => r.includes(`targets of ${tg} 880`))).toBe(false);
    expectRowsAgree(model, (label) => commonEnd(label) ?? [FlowEndpoint.securityGroup(layout.id(layout.groups.targetSecurityGroup))]);
  });

  test('without the intent, egress to the whole peered network for one target address is wider than needed', () => {
    // GIVEN
    const { layout } = peered();
    const lbSg = layout.id(layout.groups.loadBalancerSecurityGroup);

    // THEN (and the rule to the construct's own target group, unused: item 7)
    expect(findingsOf(layout.model())).toEqual([
      {
        kind: FindingKind.WIDER,
        id: 'LBSG-OUT-TARGET',
        resource: lbSg,
        message: `${layout.id(layout.lb)}: ${lbSg} allows tcp 880 outbound to 10.3.0.0/16; the load balancer needs only the target and health-check ports (880) to the target networks (10.3.0.10/32) (access logs need no egress)`,
      },
      expect.objectContaining({ kind: FindingKind.WIDER, id: 'LBSG-OUT-TARGET', message: expect.stringContaining(`outbound to ${layout.id(layout.groups.targetSecurityGroup)};`) }),
    ]);
  });

  test('fails when the load balancer\'s group does not let the target port out to them: MISSING, and the row is blocked there', () => {
    // GIVEN
    const { layout, tg } = peered({ groups: false });
    layout.recordIntent({ targetCidrs: [PEERED] });
    const [lbId, lbSg] = [layout.id(layout.lb), layout.id(layout.groups.loadBalancerSecurityGroup)];
    const model = layout.model();

    // THEN
    expect(findingsOf(model)).toContainEqual({
      kind: FindingKind.MISSING, id: 'LBSG-OUT-TARGET', resource: lbSg, message: `${lbId}: no egress rule of ${lbSg} allows TCP 880 to the IP targets of ${tg} (10.3.0.10/32)`,
    });
    expect(rowsOf(model)).toContainEqual(`load balancer ${lbId} -> targets of ${tg} at 10.3.0.10/32 880 BLOCKED [${lbSg} (source security group egress)]`);
    expect(model.evaluate(FlowEndpoint.fromConstruct(layout.lb), target, 880).allowed).toBe(false);
  });

  test('fails when the load balancer\'s ACL does not let the target port out and the replies in: MISSING, on the ACL', () => {
    // GIVEN
    const { layout } = peered({ acls: false });
    layout.recordIntent({ targetCidrs: [PEERED] });
    const acl = layout.id(layout.acls.loadBalancerAcl);

    // THEN
    const found = findingsOf(layout.model());
    // one finding per entry to add, each naming both load balancer subnets
    expect(found.map((f) => [f.kind, f.id, f.resource])).toEqual([
      [FindingKind.MISSING, 'LBACL-OUT-TARGET', acl], [FindingKind.MISSING, 'LBACL-IN-EPHEMERAL-VPC', acl],
    ]);
    expect(found[0].message).toMatch(new RegExp(`^Lb\\w+: load balancer subnet VpcPublicSubnet1\\w+, VpcPublicSubnet2\\w+ outbound: no entry of ${acl} allows TCP 880 to 10\\.3\\.0\\.10/32: the final deny \\(\\*\\) applies$`));
  });

  test('without a route to the peered network, the internet gateway does not carry the private address: the row is blocked at the route', () => {
    // GIVEN
    const { layout, tg } = peered({ route: false });
    const model = layout.model();

    // THEN
    const flow = model.evaluate(FlowEndpoint.fromConstruct(layout.lb), target, 880);
    expect(flow.allowed).toBe(false);
    expect(flow.steps.find((s) => !s.allowed)).toMatchObject({ name: 'route', detail: expect.stringContaining('which does not carry private addresses') });
    expect(rowsOf(model)).toContainEqual(expect.stringMatching(new RegExp(`^load balancer Lb\\w+ -> targets of ${tg} at 10\\.3\\.0\\.10/32 880 BLOCKED \\[VpcPublicSubnet1DefaultRoute\\w+ \\(route\\)\\]$`)));
  });
});

describe('targets with security groups of their own (item 7)', () => {
  /** The construct's own target group stays unused; the auto scaling group has its own, opened by aws-cdk-lib. */
  function ownGroups() {
    const layout = new Layout();
    const sg = new ec2.SecurityGroup(layout.stack, 'AppSg', { vpc: layout.vpc, allowAllOutbound: false });
    sg.addIngressRule(ec2.Peer.ipv4(layout.vpc.vpcCidrBlock), ec2.Port.icmpTypeAndCode(3, 4));
    layout.listener.addTargets('App', { port: 8080, protocol: elbv2.ApplicationProtocol.HTTP, targets: [layout.asg('Asg', sg)] });
    return { layout, sg };
  }

  test('with the intent naming the construct\'s own target group: its egress rules are not wider', () => {
    // GIVEN
    const { layout, sg } = ownGroups();
    layout.recordIntent();

    // THEN
    expect(findingsOf(layout.model())).toEqual([]);
    expect(rowsOf(layout.model())).toContainEqual(expect.stringMatching(/^load balancer Lb\w+ -> targets of LbHttpAppGroup\w+ 8080 allowed/));
    const targetEnd = FlowEndpoint.securityGroup(layout.id(sg), layout.subnetIds(layout.targetSubnets));
    expectRowsAgree(layout.model(), (label) => commonEnd(label) ?? [targetEnd]);
  });

  test('without the intent, the rule to the unused group is wider, as before (once)', () => {
    const { layout } = ownGroups();
    const found = findingsOf(layout.model());
    expect(found.map((f) => `${f.kind} ${f.id}`)).toEqual(['WIDER LBSG-OUT-TARGET']);
    expect(found[0].message).toContain(`outbound to ${layout.id(layout.groups.targetSecurityGroup)}`);
  });

  test('fails with another port to the unused group: WIDER still', () => {
    const { layout } = ownGroups();
    layout.recordIntent();
    layout.groups.loadBalancerSecurityGroup.connections.allowTo(layout.groups.targetSecurityGroup, ec2.Port.tcp(22));
    expect(findingsOf(layout.model()).map((f) => `${f.kind} ${f.id} ${f.message.replace(/^.*allows /, '')}`)).toEqual([
      `WIDER LBSG-OUT-TARGET tcp 22 outbound to ${layout.id(layout.groups.targetSecurityGroup)}; the load balancer needs only the target and health-check ports (8080) to the targets' security group (access logs need no egress)`,
    ]);
  });
});

describe('user authentication (item 8)', () => {
  const OIDC = {
    authorizationEndpoint: 'https://idp.example.com/authorize',
    tokenEndpoint: 'https://idp.example.com/token',
    userInfoEndpoint: 'https://idp.example.com/userinfo',
    issuer: 'https://idp.example.com',
    clientId: 'client',
    clientSecret: SecretValue.unsafePlainText('secret'),
  };

  /** A listener rule that authenticates with OIDC, then forwards to the construct's targets. */
  function login(props: { allowHttpsOutbound?: boolean; acl?: string[] } = {}) {
    const layout = new Layout();
    const tg = layout.listener.addTargets('App', { port: 8080, protocol: elbv2.ApplicationProtocol.HTTP, targets: [layout.asg('Asg', layout.groups.targetSecurityGroup)] });
    layout.listener.addAction('Login', {
      priority: 1,
      conditions: [elbv2.ListenerCondition.pathPatterns(['/app/*'])],
      action: elbv2.ListenerAction.authenticateOidc({
        ...OIDC,
        allowHttpsOutbound: props.allowHttpsOutbound,
        next: elbv2.ListenerAction.forward([tg]),
      }),
    });
    if (props.acl) layout.acls.allowIdentityProviders(props.acl);
    return layout;
  }

  test('without intent, an authenticate-oidc action makes HTTPS to 0.0.0.0/0 the documented need: no finding', () => {
    expect(findingsOf(login({ acl: ['0.0.0.0/0'] }).model())).toEqual([]);
  });

  test('fails when the load balancer\'s ACL does not let 443 out and the replies in: MISSING (logins fail with HTTP 500)', () => {
    // GIVEN
    const layout = login();
    const acl = layout.id(layout.acls.loadBalancerAcl);

    // THEN
    const found = findingsOf(layout.model());
    // one finding per entry to add, each naming both load balancer subnets
    expect(found.map((f) => [f.id, f.resource])).toEqual([['LBACL-OUT-IDP', acl], ['LBACL-IN-EPHEMERAL-IDP', acl]]);
    expect(found[0].message).toMatch(new RegExp(`^Lb\\w+: load balancer subnet VpcPublicSubnet1\\w+, VpcPublicSubnet2\\w+ outbound \\(identity providers\\): no entry of ${acl} allows TCP 443 to 0\\.0\\.0\\.0/0: the final deny \\(\\*\\) applies \\(a listener authenticates users: logins fail with HTTP 500\\)$`));
    expect(found[1].message).toMatch(/inbound \(identity providers' replies\): no entry of \w+ allows TCP 1024 from 0\.0\.0\.0\/0: the final deny \(\*\) applies \(a listener authenticates users: logins fail with HTTP 500\)$/);
  });

  test('fails when the load balancer\'s group does not let 443 out: MISSING', () => {
    // GIVEN
    const layout = login({ allowHttpsOutbound: false, acl: ['0.0.0.0/0'] });
    const [lbId, lbSg] = [layout.id(layout.lb), layout.id(layout.groups.loadBalancerSecurityGroup)];

    // THEN
    expect(findingsOf(layout.model())).toEqual([{
      kind: FindingKind.MISSING,
      id: 'LBSG-OUT-IDP',
      resource: lbSg,
      message: `${lbId}: no egress rule of ${lbSg} allows TCP 443 to the identity providers (0.0.0.0/0) (a listener authenticates users: logins fail with HTTP 500)`,
    }]);
  });

  test('with the intent\'s identity provider networks, egress to them is needed and 0.0.0.0/0 is wider', () => {
    // GIVEN
    const narrowedIdp = login({ allowHttpsOutbound: false, acl: ['198.51.100.0/24'] });
    narrowedIdp.groups.loadBalancerSecurityGroup.addEgressRule(ec2.Peer.ipv4('198.51.100.0/24'), ec2.Port.tcp(443));
    narrowedIdp.recordIntent({ identityProviderCidrs: ['198.51.100.0/24'] });
    const everyone = login({ acl: ['198.51.100.0/24'] }).recordIntent({ identityProviderCidrs: ['198.51.100.0/24'] });

    // THEN
    expect(findingsOf(narrowedIdp.model())).toEqual([]);
    expect(findingsOf(everyone.model()).map((f) => `${f.kind} ${f.id} ${f.message.replace(/^.*allows /, '')}`)).toEqual([
      'WIDER LBSG-OUT-TARGET tcp 443 outbound to 0.0.0.0/0; the load balancer needs only the target and health-check ports (8080) to the targets\' security group, and 443 to the identity providers (198.51.100.0/24) (access logs need no egress)',
    ]);
  });

  test('an authenticate-cognito default action is read too', () => {
    // GIVEN
    const layout = login({ acl: ['0.0.0.0/0'] });
    const before = findingsOf(layout.model());

    // WHEN the rule's action becomes Cognito, and a second listener's default action authenticates the same way
    const model = edited(layout.template(), (r) => {
      const rule = Object.values(r).find((x: any) => x.Type === 'AWS::ElasticLoadBalancingV2::ListenerRule') as any;
      rule.Properties.Actions[0] = { Type: 'authenticate-cognito', Order: 1, AuthenticateCognitoConfig: { UserPoolArn: 'arn', UserPoolClientId: 'c', UserPoolDomain: 'd' } };
    });

    // THEN
    expect(before).toEqual([]);
    expect(findingsOf(model)).toEqual([]);
    const stripped = edited(layout.template(), (r) => {
      const rule = Object.values(r).find((x: any) => x.Type === 'AWS::ElasticLoadBalancingV2::ListenerRule') as any;
      rule.Properties.Actions = rule.Properties.Actions.filter((a: any) => a.Type === 'forward');
    });
    expect(findingsOf(stripped).map((f) => `${f.kind} ${f.id}`)).toEqual(['WIDER LBSG-OUT-TARGET']);
  });
});

describe('an internal load balancer with clients in the VPC\'s subnets (item 9)', () => {
  /** Clients in the Clients subnets, whose own ACL lets only the listener port out when told. */
  function internal(clientsAclOpen: boolean) {
    const layout = new Layout({ internetFacing: false }).withOwnTargets();
    const acl = new ec2.NetworkAcl(layout.stack, 'ClientsAcl', { vpc: layout.vpc, subnetSelection: { subnetGroupName: 'Clients' } });
    acl.addEntry('Https', { ruleNumber: 100, cidr: ec2.AclCidr.ipv4('10.0.0.0/16'), traffic: ec2.AclTraffic.tcpPort(443), direction: ec2.TrafficDirection.EGRESS });
    acl.addEntry('Replies', { ruleNumber: 100, cidr: ec2.AclCidr.ipv4('10.0.0.0/16'), traffic: ec2.AclTraffic.tcpPortRange(1024, 65535), direction: ec2.TrafficDirection.INGRESS });
    if (clientsAclOpen) {
      acl.addEntry('Http', { ruleNumber: 110, cidr: ec2.AclCidr.ipv4('10.0.0.0/16'), traffic: ec2.AclTraffic.tcpPort(80), direction: ec2.TrafficDirection.EGRESS });
    }
    return { layout, acl };
  }
  /** The subnets of the VPC whose ACL the template holds, the load balancer's left out. */
  const clientSubnets = (layout: Layout) => [
    ...layout.subnetIds({ subnetGroupName: 'Public' }), ...layout.subnetIds({ subnetGroupName: 'Targets' }), ...layout.subnetIds({ subnetGroupName: 'Clients' }),
  ];
  const endsOf = (layout: Layout) => (label: string) => (label === '10.0.0.0/16'
    ? [FlowEndpoint.cidr(label), ...clientSubnets(layout).map((s) => FlowEndpoint.subnet(s))]
    : commonEnd(label) ?? [FlowEndpoint.securityGroup(layout.id(layout.groups.targetSecurityGroup), layout.subnetIds(layout.targetSubnets))]);

  test('clients in subnets whose ACL blocks the listener port: the client row is blocked, naming them, as evaluate says', () => {
    // GIVEN
    const { layout, acl } = internal(false);
    const model = layout.model();
    const clients = layout.subnetIds({ subnetGroupName: 'Clients' });

    // THEN
    const row = FlowsReport.of(model).rows.find((r) => r.from === '10.0.0.0/16' && r.to.startsWith('load balancer'))!;
    expect(row).toMatchObject({ allowed: false, decidedBy: `${layout.id(acl)} (final deny *) (source subnet network ACL outbound) from ${clients.join(', ')}` });
    for (const s of clients) expect(model.evaluate(FlowEndpoint.subnet(s), FlowEndpoint.fromConstruct(layout.lb), 80).allowed).toBe(false);
    expectRowsAgree(model, endsOf(layout));
  });

  test('clients in the target subnets reach it through the building block\'s entries; every client subnet open: allowed', () => {
    // GIVEN
    const { layout } = internal(true);
    const model = layout.model();

    // THEN
    for (const s of layout.subnetIds(layout.targetSubnets)) {
      expect(model.evaluate(FlowEndpoint.subnet(s), FlowEndpoint.fromConstruct(layout.lb), 80).allowed).toBe(true);
    }
    expect(rowsOf(model)[0]).toMatch(/^10\.0\.0\.0\/16 -> load balancer Lb\w+ 80 allowed/);
    expectRowsAgree(model, endsOf(layout));
  });

  test('without the target subnets\' entries for clients, clients there are blocked, and the row says so', () => {
    // GIVEN the entries the building block adds for clients in the target subnets, removed
    const { layout } = internal(true);
    const targetAcl = layout.id(layout.acls.targetAcl);
    const model = edited(layout.template(), (r) => {
      for (const [id, x] of Object.entries(r) as Array<[string, any]>) {
        if (x.Type === 'AWS::EC2::NetworkAclEntry' && x.Properties.NetworkAclId.Ref === targetAcl && x.Properties.Egress && x.Properties.PortRange?.From === 80) delete r[id];
      }
    });

    // THEN
    const row = FlowsReport.of(model).rows[0];
    expect(row).toMatchObject({ allowed: false, decidedBy: `${targetAcl} (final deny *) (source subnet network ACL outbound) from ${layout.subnetIds(layout.targetSubnets).join(', ')}` });
    expectRowsAgree(model, endsOf(layout));
  });
});

describe('an address inside the VPC takes the local route (item 10)', () => {
  test('from a public subnet, whose default route is the internet gateway', () => {
    // GIVEN
    const layout = new Layout().withOwnTargets();
    const [publicSubnet] = layout.subnetIds({ subnetGroupName: 'Public' });

    // WHEN
    const flow = layout.model().evaluate(FlowEndpoint.subnet(publicSubnet), FlowEndpoint.cidr('10.0.200.0/24'), 5432);

    // THEN
    expect(flow.steps.find((s) => s.name === 'route')).toEqual({
      name: 'route', allowed: true, verdict: 'ALLOWED', decidedBy: 'local', detail: '10.0.200.0/24 is inside the VPC (10.0.0.0/16): the route table\'s implicit local route carries it',
    });
    expect(flow.allowed).toBe(true);
  });

  test('from a private subnet, whose default route is a NAT gateway: no NAT hop', () => {
    const layout = new Layout().withOwnTargets();
    const [privateSubnet] = layout.subnetIds(layout.targetSubnets);
    const flow = layout.model().evaluate(FlowEndpoint.subnet(privateSubnet), FlowEndpoint.cidr('10.0.200.0/24'), 5432);
    expect(flow.steps.filter((s) => s.name === 'route' || s.name.startsWith('NAT gateway')).map((s) => s.decidedBy)).toEqual(['local']);
  });

  test('an address outside the VPC still takes the table\'s routes', () => {
    const layout = new Layout().withOwnTargets();
    const [publicSubnet] = layout.subnetIds({ subnetGroupName: 'Public' });
    const flow = layout.model().evaluate(FlowEndpoint.subnet(publicSubnet), FlowEndpoint.cidr('203.0.113.0/24'), 443);
    expect(flow.steps.find((s) => s.name === 'route')?.decidedBy).toMatch(/^VpcPublicSubnet1DefaultRoute\w+$/);
  });
});
