import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { LoadBalancerNetworkAcls, Recommendations, RuleLocation } from '../../src';
import { ADMIN_PORTS, rangesWithout } from '../../src/private/network-util';
import { ACL_ENTRY_SOURCES, UNITS } from '../../src/recommendations/private/catalog';
import { EXTENSIONS } from '../../src/recommendations/private/extensions';
import { AclBuildState, AclEntryDeclaration, RecommendationUnit } from '../../src/recommendations/private/unit';
import { newStack } from '../util';

const ACL_PLACES: string[] = [RuleLocation.LOAD_BALANCER_SUBNET_ACL, RuleLocation.TARGET_SUBNET_ACL];
const isAcl = (u: RecommendationUnit) => ACL_PLACES.includes(u.row.location);

describe('each recommendation is one unit', () => {
  test('the public rows are the units\' rows, the same objects in table order', () => {
    // GIVEN the registry WHEN the public API lists the rows THEN they are the units' own rows
    expect(Recommendations.all()).toHaveLength(UNITS.length);
    Recommendations.all().forEach((row, i) => expect(row).toBe(UNITS[i].row));
    expect(Recommendations.byId('LBACL-OUT-IDP')).toBe(Recommendations.LB_ACL_OUT_IDP);
  });

  test.each(UNITS.map((u) => [u.row.id, u] as const))('%s carries a check of its own', (_id, unit) => {
    expect(Object.keys(unit.checks).length).toBeGreaterThan(0);
  });

  test.each(UNITS.map((u) => [u.row.id, u] as const))('%s declares network-ACL entries exactly when it is a network-ACL row', (_id, unit) => {
    expect(unit.aclEntries !== undefined).toBe(isAcl(unit));
  });

  test('extensions are not recommendations: their ids are none of the rows\' and they are not in all()', () => {
    const ids = new Set(Recommendations.all().map((r) => r.id));
    expect(EXTENSIONS.length).toBeGreaterThan(0);
    for (const x of EXTENSIONS) {
      expect(ids.has(x.id)).toBe(false);
      expect(x.reason.length).toBeGreaterThan(0);
    }
    expect(new Set(EXTENSIONS.map((x) => x.id)).size).toEqual(EXTENSIONS.length);
    // every declaration source is built once (the health-check rows share the target rows' entries)
    expect(new Set(ACL_ENTRY_SOURCES).size).toEqual(ACL_ENTRY_SOURCES.length);
  });
});

describe('LoadBalancerNetworkAcls adds the entries each unit declares', () => {
  test.each([false, true])('internet-facing %s: every declared entry is in the template, in its ACL', (internetFacing) => {
    // GIVEN ACLs for a load balancer with a separate health-check port and an identity provider
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0 });
    const acls = new LoadBalancerNetworkAcls(stack, 'Acls', {
      vpc,
      internetFacing,
      loadBalancerSubnets: { subnetType: internetFacing ? ec2.SubnetType.PUBLIC : ec2.SubnetType.PRIVATE_ISOLATED },
      targetSubnets: { subnetType: internetFacing ? ec2.SubnetType.PRIVATE_ISOLATED : ec2.SubnetType.PUBLIC },
      listenerPorts: [80],
      targetPort: 880,
      healthCheckPort: 881,
    });
    acls.allowIdentityProviders(['198.51.100.0/24']);
    const template = Template.fromStack(stack);
    // WHEN the units' declarations are evaluated with what the construct resolved
    const state: AclBuildState = {
      internetFacing,
      // the construct writes the VPC's literal CIDR (the VPC is defined in the app)
      vpcCidr: '10.0.0.0/16',
      clientCidrs: internetFacing ? ['0.0.0.0/0'] : ['10.0.0.0/16'],
      targetCidrs: [],
      networkTargets: true,
      sharedAcl: false,
      outboundPorts: [443],
      natPresent: false,
      natPorts: [],
    };
    const declared: AclEntryDeclaration[] = UNITS.flatMap((u) => {
      const e = u.aclEntries;
      if (!e) return [];
      return [
        ...e.built?.(state) ?? [],
        ...e.listenerPort?.(state, 80) ?? [],
        ...e.targetPort?.(state, 880) ?? [],
        ...e.targetPort?.(state, 881) ?? [],
        ...e.identityProvider?.(state, '198.51.100.0/24') ?? [],
      ];
    });
    // THEN each is an entry of the ACL it names
    expect(declared.length).toBeGreaterThan(8);
    for (const d of declared) {
      const acl = d.acl === 'loadBalancer' ? acls.loadBalancerAcl : acls.targetAcl;
      // an inbound range from everyone is written around the admin ports (22, 3389)
      const fromEveryone = !d.spec.egress && d.spec.protocol === 'tcp' && d.spec.cidr === '0.0.0.0/0';
      const range = { from: d.spec.fromPort, to: d.spec.toPort };
      const ranges = fromEveryone ? rangesWithout(range, ADMIN_PORTS) : [range];
      for (const r of ranges) {
        template.hasResourceProperties('AWS::EC2::NetworkAclEntry', {
          NetworkAclId: stack.resolve(acl.networkAclId),
          Egress: d.spec.egress,
          CidrBlock: stack.resolve(d.spec.cidr),
          ...d.spec.protocol === 'tcp'
            ? { Protocol: 6, PortRange: { From: r.from, To: r.to } }
            : { Protocol: 1, Icmp: { Type: d.spec.fromPort, Code: d.spec.toPort } },
        });
      }
    }
  });
});

describe('one name per row', () => {
  test('each row has a constant named as its id, and the older names are the same objects', () => {
    for (const row of Recommendations.all()) {
      const name = row.id.replace(/-/g, '_');
      expect((Recommendations as unknown as Record<string, unknown>)[name]).toBe(row);
    }
    expect(Recommendations.TARGET_SG_IN_TARGET).toBe(Recommendations.TGSG_IN_TARGET);
    expect(Recommendations.LB_ACL_IN_LISTENER_INTERNET).toBe(Recommendations.LBACL_IN_LISTENER_INTERNET);
  });
});
