import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { SecureAlbService } from '../../src';
import { SG_RULE_SOURCES, UNITS } from '../../src/recommendations/private/catalog';
import { newStack } from '../util';

/**
 * #32.3: a recommendation builds its security-group rules in its unit, as ACL units declare their
 * entries: the security-group pair holds no rule of its own, so adding a recommendation for a
 * security-group rule is one unit file.
 */
describe('security-group rules come from the units', () => {
  function descriptions(template: Template): string[] {
    const out: string[] = [];
    for (const r of Object.values<any>(template.toJSON().Resources)) {
      if (r.Type === 'AWS::EC2::SecurityGroup') {
        for (const rule of [...r.Properties.SecurityGroupIngress ?? [], ...r.Properties.SecurityGroupEgress ?? []]) out.push(rule.Description);
      }
      if (r.Type === 'AWS::EC2::SecurityGroupIngress' || r.Type === 'AWS::EC2::SecurityGroupEgress') out.push(r.Properties.Description);
    }
    return out;
  }

  test.each([
    ['internet-facing, default', {}],
    ['separate health-check port, IP targets outside the VPC, identity providers', {
      targetPort: 8080, healthCheck: { port: '8081' }, targetCidrs: ['10.9.0.0/16'], identityProviderCidrs: ['198.51.100.0/24'],
    }],
  ])('every rule of a %s service is one a unit or an extension declared', (_name, props) => {
    // GIVEN a service
    const stack = newStack();
    const svc = new SecureAlbService(stack, 'Web', props);
    svc.allowTargetPort(9000);
    svc.allowListenerPort(8443);
    // WHEN the rules' descriptions are read
    const all = descriptions(Template.fromStack(stack));
    // THEN each names the row (or the extension's prop) that declared it
    expect(all.length).toBeGreaterThan(0);
    const prefixes = [...UNITS.filter((u) => u.sgRules).map((u) => u.row.id), "Targets' own outbound traffic", 'User authentication'];
    for (const d of all) {
      expect(prefixes.some((p) => d.startsWith(p))).toBe(true);
    }
  });

  test('the security-group rows of the table are the units that declare rules (or realize the other half of one)', () => {
    const declaring = UNITS.filter((u) => u.sgRules).map((u) => u.row.id).sort();
    expect(declaring).toEqual(['LBSG-IN-LISTENER-INTERNET', 'LBSG-IN-LISTENER-VPC', 'LBSG-OUT-HEALTH-CHECK', 'LBSG-OUT-IDP', 'LBSG-OUT-TARGET', 'TGSG-IN-ICMP-PMTU']);
    expect(SG_RULE_SOURCES.length).toBe(declaring.length + 1); // and the targets' own outbound traffic
  });

  test('a unit\'s declaration is what the builder renders: the path-MTU row from the VPC CIDR', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { ipAddresses: ec2.IpAddresses.cidr('10.7.0.0/16'), maxAzs: 2 });
    new SecureAlbService(stack, 'Web', { vpc });
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: [{ CidrIp: '10.7.0.0/16', IpProtocol: 'icmp', FromPort: 3, ToPort: 4, Description: 'TGSG-IN-ICMP-PMTU: path MTU discovery (ICMP fragmentation needed)' }],
    });
  });
});
