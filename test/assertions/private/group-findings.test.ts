import { RawFinding } from '../../../src/assertions/private/findings';
import { groupFindings } from '../../../src/assertions/private/group-findings';
import { Recommendations } from '../../../src/recommendations';

/** One finding per thing to fix: the findings of one rule or entry, found for several subnet pairs or target groups, are one. */

const SUBNETS = new Set(['SubnetA', 'SubnetB', 'Tg1', 'Tg2']);

function aclFinding(subnet: string, from: string, port = 80, resource = 'TargetAcl'): RawFinding {
  return {
    kind: 'MISSING',
    recommendation: Recommendations.TARGET_ACL_IN_TARGET,
    loadBalancer: 'Lb',
    resource,
    message: `Lb: target subnet ${subnet} inbound: no entry of ${resource} allows TCP ${port} from ${from}: the final deny (*) applies`,
    fix: `Allow TCP ${port} inbound from the VPC CIDR in the network ACL of ${subnet}.`,
  };
}

describe('groupFindings', () => {
  test('one missing entry found for four subnet pairs is one finding, each pair listed once', () => {
    // GIVEN the four findings of one missing target-ACL entry
    const found = [aclFinding('SubnetA', '10.0.0.0/24'), aclFinding('SubnetA', '10.0.1.0/24'), aclFinding('SubnetB', '10.0.0.0/24'), aclFinding('SubnetB', '10.0.1.0/24')];

    // WHEN
    const grouped = groupFindings(found, SUBNETS);

    // THEN
    expect(grouped).toEqual([{
      ...found[0],
      message: 'Lb: target subnet SubnetA, SubnetB inbound: no entry of TargetAcl allows TCP 80 from 10.0.0.0/24, 10.0.1.0/24: the final deny (*) applies',
      fix: 'Allow TCP 80 inbound from the VPC CIDR in the network ACL of SubnetA, SubnetB.',
      affected: ['SubnetA ↔ 10.0.0.0/24', 'SubnetA ↔ 10.0.1.0/24', 'SubnetB ↔ 10.0.0.0/24', 'SubnetB ↔ 10.0.1.0/24'],
    }]);
  });

  test('a finding of one subnet pair keeps its words and lists its pair', () => {
    // WHEN
    const [one] = groupFindings([aclFinding('SubnetA', '10.0.0.0/24')], SUBNETS);

    // THEN
    expect(one.message).toBe(aclFinding('SubnetA', '10.0.0.0/24').message);
    expect(one.affected).toEqual(['SubnetA ↔ 10.0.0.0/24']);
  });

  test('fails to merge two entries to add: another port, another ACL, another recommendation or kind stay apart', () => {
    // GIVEN
    const other: RawFinding = { ...aclFinding('SubnetA', '10.0.0.0/24'), recommendation: Recommendations.TARGET_ACL_OUT_EPHEMERAL_VPC };
    const wider: RawFinding = { ...aclFinding('SubnetB', '10.0.0.0/24'), kind: 'WIDER' };
    const found = [aclFinding('SubnetA', '10.0.0.0/24', 80), aclFinding('SubnetB', '10.0.0.0/24', 8080), aclFinding('SubnetB', '10.0.0.0/24', 80, 'OtherAcl'), other, wider];

    // WHEN
    const grouped = groupFindings(found, SUBNETS);

    // THEN
    expect(grouped).toHaveLength(5);
  });

  test('a finding that names no subnet or target group has no affected list (an address alone is not a place)', () => {
    // GIVEN
    const sg: RawFinding = { ...aclFinding('SubnetA', '10.0.0.0/24'), resource: 'Sg', message: 'Lb: Sg allows all traffic outbound to 0.0.0.0/0', fix: 'Narrow it.' };

    // WHEN
    const [one] = groupFindings([sg], SUBNETS);

    // THEN
    expect(one).toEqual(sg);
  });

  test('the same rule missing for two target groups is one finding naming both', () => {
    // GIVEN
    const of = (tg: string): RawFinding => ({ ...aclFinding('SubnetA', '10.0.0.0/24'), resource: 'LbSg', message: `Lb: no egress rule of LbSg allows TCP 80 to the targets of ${tg}`, fix: 'Allow TCP 80 to the target security group.' });

    // WHEN
    const grouped = groupFindings([of('Tg1'), of('Tg2')], SUBNETS);

    // THEN
    expect(grouped.map((f) => [f.message, f.affected])).toEqual([['Lb: no egress rule of LbSg allows TCP 80 to the targets of Tg1, Tg2', ['Tg1', 'Tg2']]]);
  });
});
