import { Template } from 'aws-cdk-lib/assertions';
import * as fc from 'fast-check';
import { build, config } from './configurations';
import { collisionsBothWays } from '../update-safety/update-plan';

// Random pairs of valid configurations of one L3 construct (the generators of the flows property
// test): the update from one to the other and its rollback apply without collisions, judged with
// the replacement data of @aws-cdk/cloudformation-diff.
const NUM_RUNS = Number(process.env.FC_UPDATE_RUNS ?? 250);

describe('random pairs of valid configurations: updates and rollbacks without collisions', () => {
  test(`${NUM_RUNS} pairs`, () => {
    const pair = fc.tuple(config, config).map(([a, b]) => [a, { ...b, internetFacing: a.internetFacing }] as const);
    fc.assert(fc.property(pair, ([a, b]) => {
      const before = Template.fromStack(build(a).stack).toJSON();
      const after = Template.fromStack(build(b).stack).toJSON();
      expect(collisionsBothWays(before, after)).toEqual([]);
    }), { numRuns: NUM_RUNS });
  }, 30 * 60 * 1000);
});
