/**
 * Mutation testing unit by unit: each unit of `src/` mutated by Stryker against its own tests
 * (stryker.unit.config.mjs), then one table of all the reports in reports/mutation/.
 *
 *   npx projen mutation:units                 # every unit, then the table
 *   npx projen mutation:units -- model-checks network-acls  # only these units, then the table
 *   npx projen mutation:units -- --summary    # only the table of the reports already there
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

interface Unit {
  readonly name: string;
  readonly mutate: string[];
  readonly tests: string[];
}

// The tests that exercise every construct directly besides its own test file: the catalog of bad
// input (the constructs' validations) and cdk-nag (the acknowledgments they carry).
const SHARED = ['test/bad-input-catalog.test.ts', 'test/cdk-nag.test.ts'];

// The model's own tests: hand-written templates (test/assertions/private) and the corpus of real
// templates, read without synthesizing anything. The submodule's other tests synthesize whole apps.
const MODEL = ['test/assertions/private/**/*.test.ts', 'test/assertions/corpus.test.ts', 'test/assertions/corpus-yaml.test.ts'];

const UNITS: Unit[] = [
  {
    name: 'recommendations',
    mutate: ['src/recommendations/recommendation.ts', 'src/recommendations/recommendations.ts', 'src/recommendations/private/catalog.ts', 'src/recommendations/private/unit.ts'],
    tests: ['test/recommendations.test.ts', 'test/recommendations/units.test.ts', 'test/assertions/recommendation-checks.test.ts'],
  },
  { name: 'validate', mutate: ['src/private/validate.ts', 'src/private/network-util.ts'], tests: ['test/private/validate.test.ts', 'test/bad-input-catalog.test.ts', 'test/assertions/private/addresses.test.ts'] },
  { name: 'security-group-pair', mutate: ['src/alb-security-group-pair.ts'], tests: ['test/alb-security-group-pair.test.ts', ...SHARED] },
  { name: 'network-acls', mutate: ['src/load-balancer-network-acls.ts', 'src/private/stack-index.ts', 'src/private/acl-entry-table.ts'], tests: ['test/load-balancer-network-acls.test.ts', ...SHARED] },
  { name: 'access-log-bucket', mutate: ['src/alb-access-log-bucket.ts', 'src/private/log-delivery.ts'], tests: ['test/alb-access-log-bucket.test.ts', ...SHARED] },
  { name: 's3-endpoint', mutate: ['src/s3-gateway-endpoint.ts'], tests: ['test/s3-gateway-endpoint.test.ts', ...SHARED] },
  { name: 'vpc-peering', mutate: ['src/vpc-peering.ts'], tests: ['test/vpc-peering.test.ts', ...SHARED] },
  {
    name: 'secure-alb',
    mutate: ['src/secure-alb-base.ts', 'src/secure-alb-service.ts', 'src/internal-alb-with-private-targets.ts',
      'src/private/secure-alb-core.ts', 'src/private/recommended-target-group.ts', 'src/private/default-vpc.ts'],
    // cdk-nag's tests left out here: they synthesize with every rule pack, and the L3 acknowledgments
    // are the building blocks' (measured with them).
    tests: ['test/secure-alb-service.test.ts', 'test/internal-alb-with-private-targets.test.ts', 'test/bad-input-catalog.test.ts'],
  },
  // The submodule's public face; the engine under it (src/assertions/private) is measured below.
  { name: 'assertions', mutate: ['src/assertions/*.ts', '!src/assertions/index.ts'], tests: ['test/assertions/**/*.test.ts'] },
  // Reading templates: the section readers, the intrinsics resolved before reading, the input formats.
  // The section readers against their own tests, which load no aws-cdk-lib (fast enough to mutate
  // every line); the rest of the model's tests read through them too.
  { name: 'model-reader', mutate: ['src/assertions/private/reader/**/*.ts', '!src/assertions/private/reader/index.ts'], tests: ['test/assertions/private/reader/**/*.test.ts'] },
  { name: 'model-intrinsics', mutate: ['src/assertions/private/intrinsics.ts'], tests: MODEL },
  { name: 'model-inputs', mutate: ['src/assertions/private/inputs/**/*.ts'], tests: ['test/assertions/inputs.test.ts', 'test/assertions/corpus-yaml.test.ts', 'test/cli/flows.test.ts'] },
  // Reachability: addresses and the steps of a flow, against the engine's hand-written templates,
  // the corpus and the verdict and explanation tests.
  {
    name: 'model-reach',
    mutate: ['src/assertions/private/addresses.ts', 'src/assertions/private/reach.ts'],
    tests: ['test/assertions/private/*.test.ts', 'test/assertions/corpus.test.ts', 'test/assertions/verdicts.test.ts', 'test/assertions/explanations.test.ts'],
  },
  // Flow ends and the flows report.
  {
    name: 'model-flows',
    mutate: ['src/assertions/private/endpoints.ts', 'src/assertions/private/flows.ts'],
    tests: ['test/assertions/private/*.test.ts', 'test/assertions/corpus.test.ts', 'test/assertions/group-endpoints.test.ts', 'test/assertions/plugin-and-ends.test.ts', 'test/assertions/flows-report.test.ts'],
  },
  {
    name: 'model-checks',
    mutate: ['src/assertions/private/checks.ts', 'src/assertions/private/acl-checks.ts', 'src/assertions/private/context.ts', 'src/assertions/private/findings.ts',
      'src/assertions/private/run-units.ts', 'src/recommendations/private/units/*.ts', 'src/recommendations/private/shared-checks.ts', 'src/recommendations/private/extensions.ts'],
    tests: [...MODEL, 'test/assertions/recommendation-checks.test.ts'],
  },
];

const DETECTED = ['Killed', 'Timeout'];
const IGNORED = ['CompileError', 'RuntimeError', 'Ignored'];

interface Score {
  readonly unit: Unit;
  readonly all: number;
  readonly detected: number;
  readonly covered: number;
}

/** The score of a unit from its last Stryker report, if there is one. */
function scoreOf(unit: Unit): Score | undefined {
  const file = `reports/mutation/unit-${unit.name}.json`;
  if (!existsSync(file)) return undefined;
  const json = JSON.parse(readFileSync(file, 'utf8')) as { files: Record<string, { mutants: Array<{ status: string }> }> };
  const counts: Record<string, number> = {};
  for (const f of Object.values(json.files)) {
    for (const m of f.mutants) counts[m.status] = (counts[m.status] ?? 0) + 1;
  }
  const all = Object.entries(counts).filter(([s]) => !IGNORED.includes(s)).reduce((n, [, c]) => n + c, 0);
  const detected = DETECTED.reduce((n, s) => n + (counts[s] ?? 0), 0);
  return { unit, all, detected, covered: all - (counts.NoCoverage ?? 0) };
}

const pct = (a: number, b: number) => (b === 0 ? 'n/a' : `${(100 * a / b).toFixed(1)}%`);

const args = process.argv.slice(2);
const summaryOnly = args.includes('--summary');
const chosen = args.filter((a) => !a.startsWith('--'));
const unknown = chosen.filter((c) => !UNITS.some((u) => u.name === c));
if (unknown.length > 0) {
  throw new Error(`mutation-units: unknown unit(s) ${unknown.join(', ')}; expected one of ${UNITS.map((u) => u.name).join(', ')}`);
}
if (!summaryOnly) {
  for (const unit of UNITS.filter((u) => chosen.length === 0 || chosen.includes(u.name))) {
    const started = Date.now();
    console.log(`\n=== ${unit.name}: ${unit.mutate.join(' ')} against ${unit.tests.join(' ')}`);
    const run = spawnSync('npx', ['stryker', 'run', 'stryker.unit.config.mjs'], {
      stdio: 'inherit',
      env: { ...process.env, MUTATION_UNIT: unit.name, MUTATION_MUTATE: unit.mutate.join(','), MUTATION_TESTS: unit.tests.join(',') },
    });
    console.log(`=== ${unit.name}: exit ${run.status} after ${Math.round((Date.now() - started) / 1000)} s`);
    if (run.status !== 0) process.exitCode = 1;
  }
}
const scores = UNITS.map(scoreOf).filter((x): x is Score => x !== undefined);
const sum = (key: 'all' | 'detected' | 'covered') => scores.reduce((n, x) => n + x[key], 0);
console.log('\n| unit | mutated | mutants | score (detected / all) | score of covered mutants |');
console.log('|---|---|---|---|---|');
for (const { unit, all, detected, covered } of scores) {
  const mutated = unit.mutate.filter((m) => !m.startsWith('!')).map((m) => `\`${m.replace(/^src\//, '')}\``).join(', ');
  console.log(`| ${unit.name} | ${mutated} | ${all} | ${pct(detected, all)} | ${pct(detected, covered)} |`);
}
console.log(`| **all measured** | | ${sum('all')} | ${pct(sum('detected'), sum('all'))} | ${pct(sum('detected'), sum('covered'))} |`);
