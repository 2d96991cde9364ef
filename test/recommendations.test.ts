import { LoadBalancerScheme, Recommendations, RuleLocation } from '../src';

describe('Recommendations', () => {
  test('every row has a unique stable id and a link to the AWS documentation', () => {
    const all = Recommendations.all();
    expect(all).toHaveLength(17);
    expect(new Set(all.map((r) => r.id)).size).toEqual(all.length);
    for (const r of all) {
      expect(r.id).toMatch(/^(LB|TG)(SG|ACL)-(IN|OUT)-[A-Z0-9-]+$/);
      expect(r.docUrl).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
    }
  });

  test('the four tables are all there', () => {
    const count = (l: RuleLocation) => Recommendations.all().filter((r) => r.location === l).length;
    expect(count(RuleLocation.LOAD_BALANCER_SECURITY_GROUP)).toEqual(4);
    expect(count(RuleLocation.TARGET_SECURITY_GROUP)).toEqual(3);
    expect(count(RuleLocation.LOAD_BALANCER_SUBNET_ACL)).toEqual(7);
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
    expect(Recommendations.forScheme(LoadBalancerScheme.ANY)).toHaveLength(17);
  });

  test('byId finds a row', () => {
    expect(Recommendations.byId('TGSG-IN-HEALTH-CHECK')).toBe(Recommendations.TARGET_SG_IN_HEALTH_CHECK);
  });

  test('fails on an unknown id', () => {
    expect(() => Recommendations.byId('NOPE')).toThrow(/^Recommendations.byId: unknown id 'NOPE'; expected one of LBSG-IN-LISTENER-INTERNET, /);
  });
});
