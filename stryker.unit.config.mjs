// Stryker over one unit of the library against that unit's own tests, driven by
// scripts/mutation-units.ts (MUTATION_UNIT, MUTATION_MUTATE and MUTATION_TESTS, comma-separated).
// The whole-suite run (`stryker.config.json`) is too slow on two cores because every construct
// mutant is covered by hundreds of synth tests and the jest runner cannot bail on the first kill.
import { readFileSync } from 'node:fs';

const base = JSON.parse(readFileSync(new URL('./stryker.config.json', import.meta.url), 'utf8'));
const unit = process.env.MUTATION_UNIT;
const mutate = (process.env.MUTATION_MUTATE ?? '').split(',').filter(Boolean);
const tests = (process.env.MUTATION_TESTS ?? '').split(',').filter(Boolean);
if (!unit || mutate.length === 0 || tests.length === 0) {
  throw new Error('stryker.unit.config.mjs: set MUTATION_UNIT, MUTATION_MUTATE and MUTATION_TESTS (run it through scripts/mutation-units.ts)');
}

export default {
  ...base,
  mutate,
  jest: {
    ...base.jest,
    config: { ...base.jest.config, testMatch: tests.map((t) => `<rootDir>/${t}`) },
  },
  htmlReporter: { fileName: `reports/mutation/unit-${unit}.html` },
  jsonReporter: { fileName: `reports/mutation/unit-${unit}.json` },
  reporters: ['progress', 'html', 'json'],
};
