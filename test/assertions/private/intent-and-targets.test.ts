import { cidr, conforming, findingsOf, modelOf, Resources, tcp, withAcl } from './fixtures';
import { assertions } from '../../../src';

const { FlowEndpoint, FlowsReport } = assertions;

/**
 * The intent metadata and the targets the template registers by address, on small hand-written
 * templates (`fixtures.conforming`: VPC 10.0.0.0/16, `Tg` on 8080 with health checks on 8081).
 */

const INTENT = 'cdk-secure-alb:intent';
const withIntent = (r: Resources, intent: Record<string, unknown>) => {
  r.Lb.Metadata = { [INTENT]: intent };
  return r;
};
/** `Tg` registers IP targets only (the instance goes). */
const ipTargets = (r: Resources, targets: unknown[]) => {
  delete r.Web;
  r.Tg.Properties.TargetType = 'ip';
  r.Tg.Properties.Targets = targets;
  return r;
};

describe('IP targets', () => {
  test('an address inside the VPC is located in its subnet: the targets\' ACL is checked (their group is the one the load balancer sends to)', () => {
    // GIVEN
    const r = withAcl(ipTargets(conforming(), [{ Id: '10.0.1.10' }]), 'TargetSubnet', {});

    // THEN
    expect(findingsOf(r).map((f) => [f.id, f.resource])).toEqual([
      ['TGACL-IN-TARGET', 'TargetSubnetAcl'], ['TGACL-IN-HEALTH-CHECK', 'TargetSubnetAcl'], ['TGACL-OUT-EPHEMERAL-VPC', 'TargetSubnetAcl'],
    ]);
  });

  test.each([
    ['registered with availability zone "all"', { Id: '10.0.1.10', AvailabilityZone: 'all', Port: 9000 }, '10.0.1.10/32'],
    ['an address the VPC does not hold', { Id: '192.168.5.5', Port: 9000 }, '192.168.5.5/32'],
  ])('an IP target outside the VPC (%s), on its own port with the health check on it: its address is the target', (_, target, address) => {
    // GIVEN the load balancer sends to the targets' group only
    const r = ipTargets(conforming(), [target]);
    delete r.Tg.Properties.HealthCheckPort;

    // THEN
    expect(findingsOf(r)).toEqual([
      expect.objectContaining({ kind: 'WIDER', id: 'LBSG-OUT-TARGET', message: expect.stringContaining('allows tcp 8080 outbound to TargetSg;') }),
      expect.objectContaining({ kind: 'WIDER', id: 'LBSG-OUT-TARGET', message: expect.stringContaining('allows tcp 8081 outbound to TargetSg;') }),
      {
        kind: 'MISSING',
        id: 'LBSG-OUT-TARGET',
        resource: 'LbSg',
        message: `Lb: no egress rule of LbSg allows TCP 9000 to the IP targets of Tg (${address})`,
        fix: `Allow TCP 9000 outbound from the load balancer security group to ${address} (the targets' network).`,
      },
    ]);
    expect(FlowsReport.of(modelOf(r)).rows.filter((x) => x.to.startsWith('targets of')).map((x) => [x.to, x.ports, x.allowed]))
      .toEqual([[`targets of Tg at ${address}`, '9000', false]]);
  });

  test('several targets on one address and port are one target', () => {
    const r = ipTargets(conforming(), [{ Id: '10.3.0.10', AvailabilityZone: 'all' }, { Id: '10.3.0.10', AvailabilityZone: 'all' }]);
    r.LbSg.Properties.SecurityGroupEgress = [tcp(8080, cidr('10.3.0.10/32')), tcp(8081, cidr('10.3.0.10/32'))];
    expect(findingsOf(r)).toEqual([]);
    expect(FlowsReport.of(modelOf(r)).rows.filter((x) => x.to.startsWith('targets of')).map((x) => x.ports)).toEqual(['8080', '8081 (health check)']);
  });
});

describe('the intent\'s clients', () => {
  test('fails with an internal load balancer whose intent names a connected network the group does not open: MISSING', () => {
    const r = withIntent(conforming(true), { clientCidrs: [{ 'Fn::GetAtt': ['Vpc', 'CidrBlock'] }, '10.1.0.0/16'] });
    expect(findingsOf(r)).toEqual([{
      kind: 'MISSING',
      id: 'LBSG-IN-LISTENER-VPC',
      resource: 'LbSg',
      message: 'Lb: no ingress rule of LbSg allows TCP 80 from clients in 10.1.0.0/16',
      fix: 'Allow TCP 80 inbound from 10.1.0.0/16 on the load balancer security group.',
    }]);
  });

  test('an internal load balancer is never opened to everyone, whatever the metadata says', () => {
    expect(findingsOf(withIntent(conforming(true), { clientCidrs: ['0.0.0.0/0'] }))).toEqual([]);
  });

  test('a client network the template does not spell out cannot be compared: UNKNOWN, not MISSING', () => {
    const r = withIntent(conforming(), { clientCidrs: [{ 'Fn::ImportValue': 'OfficeCidr' }] });
    r.LbSg.Properties.SecurityGroupIngress = [tcp(80, cidr('203.0.113.0/24'))];
    expect(findingsOf(r).map((f) => [f.kind, f.id, f.message])).toEqual([
      ['UNKNOWN', 'LBSG-IN-LISTENER-INTERNET', 'Lb: whether TCP 80 from clients in {ImportValue OfficeCidr} is allowed is unknown: no ingress rule of LbSg allows TCP 80 from clients in {ImportValue OfficeCidr} (LbSg names 203.0.113.0/24, which cannot be compared with {ImportValue OfficeCidr})'],
    ]);
  });
});

describe('listeners that authenticate users, without intent', () => {
  test('fails with an authenticate-cognito default action and no HTTPS egress: MISSING LBSG-OUT-IDP', () => {
    // GIVEN
    const r = conforming();
    r.Listener.Properties.DefaultActions.unshift({ Type: 'authenticate-cognito', Order: 1, AuthenticateCognitoConfig: {} });

    // THEN
    expect(findingsOf(r)).toEqual([{
      kind: 'MISSING',
      id: 'LBSG-OUT-IDP',
      resource: 'LbSg',
      message: 'Lb: no egress rule of LbSg allows TCP 443 to the identity providers (0.0.0.0/0) (a listener authenticates users: logins fail with HTTP 500)',
      fix: 'Allow TCP 443 outbound from the load balancer security group to 0.0.0.0/0 (the identity providers).',
    }]);
  });

  test('HTTPS to everyone is then the documented need, not wider; other ports to everyone still are', () => {
    const r = conforming();
    r.Listener.Properties.DefaultActions.unshift({ Type: 'authenticate-oidc', Order: 1, AuthenticateOidcConfig: {} });
    r.LbSg.Properties.SecurityGroupEgress.push(tcp(443, cidr('0.0.0.0/0')), tcp(80, cidr('0.0.0.0/0')));
    expect(findingsOf(r).map((f) => `${f.kind} ${f.id} ${f.message}`)).toEqual([
      'WIDER LBSG-OUT-TARGET Lb: LbSg allows tcp 80 outbound to 0.0.0.0/0; the load balancer needs only the target and health-check ports (8080, 8081) to the targets\' security group, and 443 to the identity providers (0.0.0.0/0) (access logs need no egress)',
    ]);
  });
});

describe('routes', () => {
  /** The load balancer's subnet routes 0.0.0.0/0 to an internet gateway. */
  const publicRoute = (r: Resources) => {
    r.Igw = { Type: 'AWS::EC2::InternetGateway', Properties: {} };
    r.Table = { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: { Ref: 'Vpc' } } };
    r.Assoc = { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { SubnetId: { Ref: 'LbSubnet' }, RouteTableId: { Ref: 'Table' } } };
    r.Default = { Type: 'AWS::EC2::Route', Properties: { RouteTableId: { Ref: 'Table' }, DestinationCidrBlock: '0.0.0.0/0', GatewayId: { Ref: 'Igw' } } };
    return r;
  };
  const route = (r: Resources, cidrBlock: string) => modelOf(r).evaluate(FlowEndpoint.subnet('LbSubnet'), FlowEndpoint.cidr(cidrBlock), 443).steps.find((s) => s.name === 'route');

  test.each([
    ['inside the VPC: the implicit local route', '10.0.9.0/24', { allowed: true, decidedBy: 'local' }],
    ['on the internet: the internet gateway', '203.0.113.0/24', { allowed: true, decidedBy: 'Default', detail: 'Table sends 203.0.113.0/24 to internet gateway Igw (0.0.0.0/0)' }],
    ['private, outside the VPC: the internet gateway does not carry it', '172.16.0.0/16', {
      allowed: false,
      decidedBy: 'Default',
      detail: 'Table sends 172.16.0.0/16 to internet gateway Igw (0.0.0.0/0), which does not carry private addresses: a route to the network (a peering connection, a transit gateway, a VPN) is missing',
    }],
  ])('an address %s', (_, block, expected) => {
    expect(route(publicRoute(conforming()), block)).toMatchObject(expected);
  });
});
