import { readFileSync } from 'fs';
import { join } from 'path';
import { LoadBalancerScheme, Recommendations, RuleDirection, RuleLocation } from '../src';

describe('Recommendations', () => {
  test('every row has a unique stable id and a link to the AWS documentation', () => {
    const all = Recommendations.all();
    expect(all).toHaveLength(20);
    expect(new Set(all.map((r) => r.id)).size).toEqual(all.length);
    for (const r of all) {
      expect(r.id).toMatch(/^(LB|TG)(SG|ACL)-(IN|OUT)-[A-Z0-9-]+$/);
      expect(r.docUrl).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
    }
  });

  test('the four tables are all there (with the rows of user authentication)', () => {
    const count = (l: RuleLocation) => Recommendations.all().filter((r) => r.location === l).length;
    expect(count(RuleLocation.LOAD_BALANCER_SECURITY_GROUP)).toEqual(5);
    expect(count(RuleLocation.TARGET_SECURITY_GROUP)).toEqual(3);
    expect(count(RuleLocation.LOAD_BALANCER_SUBNET_ACL)).toEqual(9);
    expect(count(RuleLocation.TARGET_SUBNET_ACL)).toEqual(3);
  });

  test('forScheme keeps the rows of that scheme and the shared ones', () => {
    const internal = Recommendations.forScheme(LoadBalancerScheme.INTERNAL).map((r) => r.id);
    expect(internal).toContain('LBSG-IN-LISTENER-VPC');
    expect(internal).toContain('LBSG-OUT-TARGET');
    expect(internal).not.toContain('LBSG-IN-LISTENER-INTERNET');
    expect(internal).not.toContain('LBACL-OUT-EPHEMERAL-INTERNET');
    const internet = Recommendations.forScheme(LoadBalancerScheme.INTERNET_FACING).map((r) => r.id);
    expect(internet).toContain('LBACL-IN-LISTENER-INTERNET');
    expect(internet).not.toContain('LBACL-IN-LISTENER-VPC');
    expect(Recommendations.forScheme(LoadBalancerScheme.ANY)).toHaveLength(20);
  });

  test('byId finds a row', () => {
    expect(Recommendations.byId('TGSG-IN-HEALTH-CHECK')).toBe(Recommendations.TARGET_SG_IN_HEALTH_CHECK);
  });

  test('fails on an unknown id', () => {
    expect(() => Recommendations.byId('NOPE')).toThrow(/^Recommendations.byId: unknown id 'NOPE'; expected one of LBSG-IN-LISTENER-INTERNET, /);
  });
});

describe('the table as data', () => {
  const SG_DOC = 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-update-security-groups.html';
  const CLASSIC_SG_DOC = 'https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/elb-security-groups.html';
  const ACL_DOC = `${CLASSIC_SG_DOC}#elb-vpc-nacl`;
  const PMTU_DOC = 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/network_mtu.html#path_mtu_discovery';
  const AUTH_DOC = 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-authenticate-users.html';

  test('every row\'s reason and documentation page, word for word', () => {
    expect(Recommendations.all().map((r) => [r.id, r.reason, r.docUrl])).toEqual([
      ['LBSG-IN-LISTENER-INTERNET', 'Clients on the internet reach the listener.', SG_DOC],
      ['LBSG-IN-LISTENER-VPC', 'Clients in the VPC or in connected networks reach the listener.', SG_DOC],
      ['LBSG-OUT-TARGET', 'The load balancer forwards requests to the targets.', SG_DOC],
      ['LBSG-OUT-HEALTH-CHECK', 'The load balancer sends health checks to the targets.', SG_DOC],
      ['TGSG-IN-TARGET', 'Targets accept requests from the load balancer only.', CLASSIC_SG_DOC],
      ['TGSG-IN-HEALTH-CHECK', 'Targets accept health checks from the load balancer.', CLASSIC_SG_DOC],
      ['TGSG-IN-ICMP-PMTU', 'Path MTU discovery needs ICMP "fragmentation needed".', PMTU_DOC],
      ['LBACL-IN-LISTENER-INTERNET', 'Requests from clients on the internet.', ACL_DOC],
      ['LBACL-IN-LISTENER-VPC', 'Requests from clients in the VPC.', ACL_DOC],
      ['LBACL-IN-EPHEMERAL-VPC', 'Responses from the targets (network ACLs are stateless).', ACL_DOC],
      ['LBACL-OUT-TARGET', 'Requests to the targets.', ACL_DOC],
      ['LBACL-OUT-HEALTH-CHECK', 'Health checks to the targets.', ACL_DOC],
      ['LBACL-OUT-EPHEMERAL-INTERNET', 'Responses to clients on the internet.', ACL_DOC],
      ['LBACL-OUT-EPHEMERAL-VPC', 'Responses to clients in the VPC.', ACL_DOC],
      ['TGACL-IN-TARGET', 'Requests from the load balancer.', ACL_DOC],
      ['TGACL-IN-HEALTH-CHECK', 'Health checks from the load balancer.', ACL_DOC],
      ['TGACL-OUT-EPHEMERAL-VPC', 'Responses to the load balancer.', ACL_DOC],
      ['LBSG-OUT-IDP', 'A listener that authenticates users calls the identity provider on HTTPS.', AUTH_DOC],
      ['LBACL-OUT-IDP', 'Requests to the identity provider.', AUTH_DOC],
      ['LBACL-IN-EPHEMERAL-IDP', 'Responses from the identity provider (network ACLs are stateless).', AUTH_DOC],
    ]);
  });

  test('the README\'s table of recommendations says what the data says, row for row', () => {
    // GIVEN the README's table (id | where | LB kind | dir | peer | port)
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8').split('\n');
    const header = readme.indexOf('| id | where | LB kind | dir | peer | port |');
    expect(header).toBeGreaterThan(0);
    const rows: string[][] = [];
    for (const line of readme.slice(header + 2)) {
      if (!line.startsWith('|')) break;
      rows.push(line.split('|').slice(1, -1).map((c) => c.trim()));
    }
    // WHEN the data is written in the README's words
    const where: Record<string, string> = {
      [RuleLocation.LOAD_BALANCER_SECURITY_GROUP]: 'LB security group',
      [RuleLocation.TARGET_SECURITY_GROUP]: 'target security group',
      [RuleLocation.LOAD_BALANCER_SUBNET_ACL]: 'LB subnet ACL',
      [RuleLocation.TARGET_SUBNET_ACL]: 'target subnet ACL',
    };
    const kind: Record<string, string> = { [LoadBalancerScheme.INTERNET_FACING]: 'internet-facing', [LoadBalancerScheme.INTERNAL]: 'internal', [LoadBalancerScheme.ANY]: 'both' };
    const dir: Record<string, string> = { [RuleDirection.INBOUND]: 'in', [RuleDirection.OUTBOUND]: 'out' };
    const peer = (p: string) => p.replace('target security group', 'target SG').replace('load balancer security group', 'LB SG');
    const port: Record<string, string> = { 'listener': 'P_L', 'target': 'P_T', 'health-check': 'P_H', 'ephemeral': 'EPH', 'icmp-3-4': 'ICMP 3/4', 'https': 'HTTPS' };
    // THEN they are the same rows in the same order
    expect(rows).toEqual(Recommendations.all().map((r) => [r.id, where[r.location], kind[r.scheme], dir[r.direction], peer(r.peer), port[r.port]]));
  });
});
