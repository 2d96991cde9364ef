import { App, Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { collisionsBothWays, planUpdate } from './update-plan';
import {
  AlbWebAcl, InternalAlbWithPrivateTargets, InternalAlbWithPrivateTargetsProps, LoadBalancerNetworkAcls, LoadBalancerNetworkAclsProps,
  SecureAlbService, SecureAlbServiceProps,
} from '../../src';

// Every one-prop change from a few base configurations, applied and rolled back, judged with the
// replacement data of @aws-cdk/cloudformation-diff: no ACL entry on a live (ACL, direction, rule
// number), no security-group rule identical to a live one, no replacement under a fixed name.

const ENV = { account: '111111111111', region: 'eu-west-1' };
const cert = () => [elbv2.ListenerCertificate.fromArn('arn:aws:acm:eu-west-1:111111111111:certificate/abc')];

function synth(build: (stack: Stack) => void): Record<string, any> {
  const app = new App();
  const stack = new Stack(app, 'Test', { env: ENV });
  build(stack);
  return app.synth().getStackByName('Test').template;
}

type Change<P> = [string, () => Partial<P>];

function cases<P>(bases: Array<[string, () => Partial<P>]>, changes: Array<Change<P>>, valid: (p: Partial<P>) => boolean = () => true) {
  return bases.flatMap(([baseName, base]) => changes
    .filter(([, change]) => valid({ ...base(), ...change() }))
    .map(([changeName, change]) => [`${baseName} + ${changeName}`, base, change] as [string, () => Partial<P>, () => Partial<P>]));
}

describe('SecureAlbService: every one-prop change and its rollback apply without collisions', () => {
  const build = (props: Partial<SecureAlbServiceProps>) => synth((stack) => new SecureAlbService(stack, 'Web', props));
  const bases: Array<[string, () => Partial<SecureAlbServiceProps>]> = [
    ['defaults', () => ({})],
    ['target 8080', () => ({ targetPort: 8080 })],
    ['HTTPS, health checks on 8081, a name', () => ({ certificates: cert(), targetPort: 8080, healthCheck: { port: '8081' }, loadBalancerName: 'web' })],
    ['clients 203.0.113.0/24, no outbound', () => ({ clientCidrs: ['203.0.113.0/24'], targetOutboundPorts: [] })],
  ];
  const changes: Array<Change<SecureAlbServiceProps>> = [
    ['targetPort 9000', () => ({ targetPort: 9000 })],
    ['targetPort 80', () => ({ targetPort: 80 })],
    ['healthCheck port 8081', () => ({ healthCheck: { port: '8081' } })],
    ['healthCheck port 9443', () => ({ healthCheck: { port: '9443' } })],
    ['healthCheck traffic-port', () => ({ healthCheck: { port: 'traffic-port' } })],
    ['listenerPort 8080', () => ({ listenerPort: 8080 })],
    ['listenerPort 8443', () => ({ listenerPort: 8443 })],
    ['certificates (HTTPS with the redirect)', () => ({ certificates: cert() })],
    ['redirectHttp false', () => ({ redirectHttp: false })],
    ['clientCidrs one network', () => ({ clientCidrs: ['198.51.100.0/24'] })],
    ['clientCidrs two networks', () => ({ clientCidrs: ['198.51.100.0/24', '203.0.113.0/24'] })],
    ['clientCidrs everyone', () => ({ clientCidrs: ['0.0.0.0/0'] })],
    ['targetOutboundPorts none', () => ({ targetOutboundPorts: [] })],
    ['targetOutboundPorts 80 and 443', () => ({ targetOutboundPorts: [80, 443] })],
    ['targetOutboundPorts 5432', () => ({ targetOutboundPorts: [5432] })],
    ['targetProtocol HTTPS', () => ({ targetProtocol: elbv2.ApplicationProtocol.HTTPS })],
    ['manageNetworkAcls false', () => ({ manageNetworkAcls: false })],
    ['natGatewayPorts 80 and 443', () => ({ natGatewayPorts: [80, 443] })],
    ['targetCidrs one network', () => ({ targetCidrs: ['10.50.0.0/16'] })],
    ['targetCidrs two networks', () => ({ targetCidrs: ['10.60.0.0/16', '10.50.0.0/16'] })],
    ['natGatewaysInLoadBalancerSubnets false', () => ({ natGatewaysInLoadBalancerSubnets: false })],
    ['addS3Endpoint false', () => ({ addS3Endpoint: false })],
    ['accessLogs false', () => ({ accessLogs: false })],
    ['connectionLogs true', () => ({ connectionLogs: true })],
    ['accessLogPrefix web', () => ({ accessLogPrefix: 'web' })],
    ['deletionProtection false', () => ({ deletionProtection: false })],
    ['loadBalancerName other', () => ({ loadBalancerName: 'other' })],
    ['webAcl managed rules', () => ({ webAcl: AlbWebAcl.managedRules() })],
    ['webAcl managed rules without logs', () => ({ webAcl: AlbWebAcl.managedRules({ logging: false }) })],
    ['accessLogBucketServerAccessLogs true', () => ({ accessLogBucketServerAccessLogs: true })],
    ['accessLogBucketEventBridge true', () => ({ accessLogBucketEventBridge: true })],
    ['desyncMitigationMode strictest', () => ({ desyncMitigationMode: elbv2.DesyncMitigationMode.STRICTEST })],
    ['idleTimeout 30 s', () => ({ idleTimeout: Duration.seconds(30) })],
  ];
  const valid = (p: Partial<SecureAlbServiceProps>) => {
    const https = (p.certificates ?? []).length > 0;
    if (!https && p.redirectHttp === false) return false;
    if (https && (p.redirectHttp ?? true) && (p.listenerPort ?? 443) === 80) return false;
    return !(p.accessLogs === false && p.connectionLogs);
  };

  test.each(cases(bases, changes, valid))('%s', (_name, base, change) => {
    // GIVEN
    const before = build(base());
    // WHEN
    const after = build({ ...base(), ...change() });
    // THEN
    expect(collisionsBothWays(before, after)).toEqual([]);
  });

  test('the old content-named entries would collide: the judge sees what this design avoids', () => {
    // GIVEN the update the issue reported, with the entries laid out as they were: named by their
    // content and numbered one after the other from 100 in each direction
    const byContent = (template: Record<string, any>) => {
      const resources: Record<string, any> = {};
      const next = new Map<string, number>();
      const ruleNumberOf = (r: any): number => r.Properties?.RuleNumber ?? 0;
      const entries = Object.entries<any>(template.Resources).sort(([, a], [, b]) => ruleNumberOf(a) - ruleNumberOf(b));
      for (const [id, r] of entries) {
        const p = r.Properties;
        if (r.Type !== 'AWS::EC2::NetworkAclEntry') {
          resources[id] = r;
          continue;
        }
        const direction = `${p.NetworkAclId.Ref}${p.Egress ? 'Out' : 'In'}`;
        const ruleNumber = next.get(direction) ?? 100;
        next.set(direction, ruleNumber + 1);
        resources[`${direction}${JSON.stringify([p.PortRange, p.Icmp, p.CidrBlock])}`] = { ...r, Properties: { ...p, RuleNumber: ruleNumber } };
      }
      return { ...template, Resources: resources };
    };
    const before = build({ targetPort: 8080 });
    const after = build({ targetPort: 8080, healthCheck: { port: '8081' } });
    // THEN
    expect(planUpdate(byContent(before), byContent(after)).collisions.length).toBeGreaterThan(0);
    expect(planUpdate(before, after).collisions).toEqual([]);
  });
});

describe('InternalAlbWithPrivateTargets: every one-prop change and its rollback apply without collisions', () => {
  const build = (props: Partial<InternalAlbWithPrivateTargetsProps>) => synth((stack) => new InternalAlbWithPrivateTargets(stack, 'Internal', props));
  const bases: Array<[string, () => Partial<InternalAlbWithPrivateTargetsProps>]> = [
    ['defaults', () => ({})],
    ['target 8080, one client network', () => ({ targetPort: 8080, clientCidrs: ['10.3.0.0/16'] })],
    ['HTTPS, two client networks, a DNS name', () => ({ certificates: cert(), clientCidrs: ['10.3.0.0/16', '10.4.0.0/16'], privateDnsName: 'alb.home' })],
  ];
  const changes: Array<Change<InternalAlbWithPrivateTargetsProps>> = [
    ['targetPort 9000', () => ({ targetPort: 9000 })],
    ['healthCheck port 8081', () => ({ healthCheck: { port: '8081' } })],
    ['listenerPort 8080', () => ({ listenerPort: 8080 })],
    ['certificates', () => ({ certificates: cert() })],
    ['clientCidrs none', () => ({ clientCidrs: [] })],
    ['clientCidrs 10.3', () => ({ clientCidrs: ['10.3.0.0/16'] })],
    ['clientCidrs 10.4 and 10.3', () => ({ clientCidrs: ['10.4.0.0/16', '10.3.0.0/16'] })],
    ['clientCidrs 10.3 narrowed', () => ({ clientCidrs: ['10.3.1.0/24'] })],
    ['clientCidrs three networks', () => ({ clientCidrs: ['10.3.0.0/16', '10.4.0.0/16', '10.5.0.0/16'] })],
    ['targetOutboundPorts none', () => ({ targetOutboundPorts: [] })],
    ['targetOutboundPorts 443 and 5432', () => ({ targetOutboundPorts: [443, 5432] })],
    ['targetCidrs one network', () => ({ targetCidrs: ['10.50.0.0/16'] })],
    ['privateDnsName alb.home', () => ({ privateDnsName: 'alb.home' })],
    ['privateDnsName api.home', () => ({ privateDnsName: 'api.home' })],
    ['manageNetworkAcls false', () => ({ manageNetworkAcls: false })],
    ['addS3Endpoint false', () => ({ addS3Endpoint: false })],
    ['accessLogs false', () => ({ accessLogs: false })],
    ['loadBalancerName internal', () => ({ loadBalancerName: 'internal' })],
  ];

  test.each(cases(bases, changes))('%s', (_name, base, change) => {
    // GIVEN
    const before = build(base());
    // WHEN
    const after = build({ ...base(), ...change() });
    // THEN
    expect(collisionsBothWays(before, after)).toEqual([]);
  });
});

describe('LoadBalancerNetworkAcls alone: every one-prop change and its rollback apply without collisions', () => {
  const build = (props: Partial<LoadBalancerNetworkAclsProps>) => synth((stack) => {
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    const acls = new LoadBalancerNetworkAcls(stack, 'Acls', {
      vpc,
      loadBalancerSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      targetSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      ...props,
    });
    // the user's own entries, outside the band, are part of every update too
    acls.targetAcl.addEntry('DenySsh', {
      ruleNumber: 50,
      cidr: ec2.AclCidr.anyIpv4(),
      traffic: ec2.AclTraffic.tcpPort(22),
      direction: ec2.TrafficDirection.INGRESS,
      ruleAction: ec2.Action.DENY,
    });
    acls.loadBalancerAcl.addEntry('AllowAdmin', {
      ruleNumber: 250, cidr: ec2.AclCidr.ipv4('192.0.2.0/24'), traffic: ec2.AclTraffic.tcpPort(8443), direction: ec2.TrafficDirection.INGRESS,
    });
  });
  const bases: Array<[string, () => Partial<LoadBalancerNetworkAclsProps>]> = [
    ['defaults', () => ({})],
    ['internal, two client networks', () => ({ internetFacing: false, clientCidrs: ['10.3.0.0/16', '10.4.0.0/16'], targetPort: 8080 })],
    ['listeners 80 and 443, health checks on 8081', () => ({ listenerPorts: [80, 443], targetPort: 8080, healthCheckPort: 8081 })],
  ];
  const changes: Array<Change<LoadBalancerNetworkAclsProps>> = [
    ['listenerPorts 443', () => ({ listenerPorts: [443] })],
    ['listenerPorts 443 and 80', () => ({ listenerPorts: [443, 80] })],
    ['listenerPorts 80, 443 and 8443', () => ({ listenerPorts: [80, 443, 8443] })],
    ['targetPort 9000', () => ({ targetPort: 9000 })],
    ['targetPort 1024', () => ({ targetPort: 1024 })],
    ['healthCheckPort 8081', () => ({ healthCheckPort: 8081 })],
    ['healthCheckPort 80', () => ({ healthCheckPort: 80 })],
    ['clientCidrs one network', () => ({ clientCidrs: ['10.3.0.0/16'] })],
    ['clientCidrs three networks', () => ({ clientCidrs: ['10.5.0.0/16', '10.3.0.0/16', '10.4.0.0/16'] })],
    ['targetOutboundPorts none', () => ({ targetOutboundPorts: [] })],
    ['targetOutboundPorts 80 and 443', () => ({ targetOutboundPorts: [80, 443] })],
    ['natGatewaysInLoadBalancerSubnets false', () => ({ natGatewaysInLoadBalancerSubnets: false })],
    ['ruleNumberBase 150 (overlapping the old band)', () => ({ ruleNumberBase: 150 })],
    ['ruleNumberBase 1000', () => ({ ruleNumberBase: 1000 })],
    ['internetFacing false', () => ({ internetFacing: false })],
    ['internetFacing true', () => ({ internetFacing: true })],
  ];
  const valid = (p: Partial<LoadBalancerNetworkAclsProps>) => !((p.internetFacing ?? true) === false && (p.clientCidrs ?? []).includes('0.0.0.0/0'));

  test.each(cases(bases, changes, valid))('%s', (_name, base, change) => {
    // GIVEN
    const before = build(base());
    // WHEN
    const after = build({ ...base(), ...change() });
    // THEN
    expect(collisionsBothWays(before, after)).toEqual([]);
  });
});

describe('a second service added to (and removed from) a VPC the first one shares applies without collisions', () => {
  const build = (second: Partial<SecureAlbServiceProps> | undefined) => synth((stack) => {
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    new SecureAlbService(stack, 'Web', { vpc });
    if (second) {
      new SecureAlbService(stack, 'Admin', { vpc, ...second });
    }
  });

  test.each([
    ['the same ports', {}],
    ['other listener and target ports', { listenerPort: 8443, targetPort: 8080 }],
    ['narrow clients and more outbound ports', { clientCidrs: ['203.0.113.0/24'], targetOutboundPorts: [443, 5432] }],
  ])('%s', (_name, second) => {
    expect(collisionsBothWays(build(undefined), build(second))).toEqual([]);
  });
});

describe('a target group added behind a listener rule (and removed) applies without collisions', () => {
  const build = (ports: number[]) => synth((stack) => {
    const web = new SecureAlbService(stack, 'Web');
    ports.forEach((port, i) => web.addTargetGroup(`Tg${port}`, {
      port,
      conditions: [elbv2.ListenerCondition.pathPatterns([`/p${port}/*`])],
      priority: i + 1,
    }));
  });

  test.each([
    ['one more port', [], [8080]],
    ['a port that sorts first', [8080], [81, 8080]],
    ['two ports at once', [], [8080, 9090]],
  ])('%s', (_name, before, after) => {
    expect(collisionsBothWays(build(before), build(after))).toEqual([]);
  });
});
