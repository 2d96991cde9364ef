import { awscdk, javascript } from 'projen';
import { UpdateSnapshot } from 'projen/lib/javascript';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-secure-alb',
  description:
    'AWS CDK constructs for an Application Load Balancer locked down the way the AWS documentation recommends: least-privilege security groups, network ACLs, access-log bucket and S3 gateway endpoint.',
  author: 'cdk-secure-alb developers',
  authorAddress: 'maintainers@cdk-secure-alb.dev',
  repositoryUrl: 'https://github.com/cdk-secure-alb/cdk-secure-alb.git',
  keywords: ['cdk', 'awscdk', 'alb', 'elbv2', 'security-group', 'network-acl', 'access-logs', 'vpc-endpoint'],
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  // the design card's layout: the development tsconfig (tests, projenrc) at the top level
  tsconfigDevFile: 'tsconfig.dev.json',
  // the scratch app of test:packed imports the packed package by its name: it is type-checked there
  tsconfigDev: { exclude: ['node_modules', 'scripts/packed-app'] },
  // eslint's project service finds only files named tsconfig.json: lint every file with tsconfig.dev.json
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'build-tools'],
    fileExtensions: ['.ts', '.tsx'],
    tsconfigPath: './tsconfig.dev.json',
    projectService: false,
  },

  // aws-cdk-lib 2.258 or later: Validations.of(app).addPlugins with the construct tree that cdk-nag 3 needs
  cdkVersion: '2.258.0',
  constructsVersion: '10.5.1',
  jsiiVersion: '~6.0.0',
  minNodeVersion: '20.0.0',

  // jsii targets: these must compile under jsii; packaging them needs toolchains this
  // workplace does not have, so release workflows are not the test.
  publishToPypi: {
    distName: 'cdk-secure-alb',
    module: 'cdk_secure_alb',
  },
  publishToMaven: {
    javaPackage: 'io.github.cdksecurealb',
    mavenGroupId: 'io.github.cdk-secure-alb',
    mavenArtifactId: 'cdk-secure-alb',
  },
  publishToNuget: {
    dotNetNamespace: 'CdkSecureAlb',
    packageId: 'CdkSecureAlb',
  },
  publishToGo: {
    moduleName: 'github.com/cdk-secure-alb/cdk-secure-alb-go',
  },

  // the YAML reader of the assertions (CloudFormation's short-form tags as custom tags), bundled: jsii
  // libraries may depend only on jsii modules or bundled ones
  deps: ['yaml@^2.8.0'],
  bundledDeps: ['yaml'],

  devDeps: [
    'cdk-nag@^3.0.2',
    // the Control Tower proactive controls (cfn-guard rules and the guard binary) for the compliance test
    '@cdklabs/cdk-validator-cfnguard@^0.0.62',
    'aws-cdk@^2.1148.0',
    'fast-check@^4',
    // what `cdk diff` uses to tell "requires replacement": the update-safety tests judge with it
    '@aws-cdk/cloudformation-diff@^2.187.5',
    // the newest integ-tests-alpha on the registry; its aws-cdk-lib peer range covers 2.258
    '@aws-cdk/integ-tests-alpha@2.245.0-alpha.0',
    '@aws-cdk/integ-runner@^2.197.10',
    // Stryker 10 needs Node 22; 9.6 is the last line that runs on Node 20
    '@stryker-mutator/core@~9.6.1',
    '@stryker-mutator/jest-runner@~9.6.1',
  ],

  jestOptions: {
    // --ci: snapshots never update silently; `npx projen test:update` updates them on purpose.
    updateSnapshot: UpdateSnapshot.NEVER,
    jestConfig: {
      testPathIgnorePatterns: ['/node_modules/', '/cdk.out/'],
      coveragePathIgnorePatterns: ['/node_modules/', '/test/'],
      // one temp root per run (TMPDIR for the workers), removed at the end: tests leave nothing behind
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
      // jest's transform cache with the dependencies, not in the system temp folder
      cacheDirectory: '<rootDir>/node_modules/.cache/jest',
      // one worker per core: jest's default (cores - 1) runs in band on a 2-core machine, on one core
      maxWorkers: '100%',
      // coverage is a report, not a check (no threshold), and v8 coverage more than doubles jest's CPU
      // time: `npx projen test --coverage` when you want it
      collectCoverage: false,
    },
  },

  // the flows report as a command: `npx cdk-secure-alb-flows cdk.out`
  bin: { 'cdk-secure-alb-flows': 'lib/cli/flows.js' },

  gitignore: ['/node_modules', 'cdk.out/', '*.d.ts.map', '/examples/**/cdk.out/'],
  npmIgnoreOptions: { ignorePatterns: ['/examples/', '/bench/', '/.ci/'] },
});

// `**/*.ts` does not match dotfiles: lint and type-check .projenrc.ts with the rest
project.tsconfigDev.addInclude('.projenrc.ts');

// Property-based tests: 1,000 random configurations per run (FC_NUM_RUNS to change), in a task of
// their own so the default test task stays fast; .ci/run runs both.
project.addTask('test:property', {
  description: 'Property-based tests (fast-check): random valid configurations, flows proved with the reachability model',
  exec: 'jest --ci --coverage=false --testMatch "<rootDir>/test/property/**/*.property.ts"',
  receiveArgs: true,
});

// ts-jest compiles the tests without type checking (isolatedModules): type-check them here, with the
// examples, the integration tests, bench/ and scripts/ (everything tsconfig.dev.json includes); the
// test task runs it, so ts-node can run those apps without checking their types again.
const typecheck = project.addTask('typecheck:tests', {
  description: 'Type-check the tests, examples, integration tests and scripts (ts-jest and ts-node in the test tasks only transpile them)',
  exec: 'tsc --noEmit -p tsconfig.dev.json',
});

// The Node.js lines users run (22 and 24, newest of each from the registry's node-<platform> packages):
// the unit tests and the example synth on each. The machine's own Node (20) runs everything else.
project.addTask('test:node-versions', {
  description: 'Unit tests and example synth on Node 22 and 24 (newest builds from the npm registry)',
  exec: 'scripts/node-versions.sh',
  receiveArgs: true,
});

// The packed package (npm pack) in a scratch CDK app with the newest aws-cdk-lib, constructs and cdk CLI.
project.addTask('test:packed', {
  description: 'npm pack, install into a scratch app with the newest aws-cdk-lib and constructs, cdk synth, cdk-secure-alb-flows',
  exec: 'scripts/packed-app.sh',
  receiveArgs: true,
});

// Integration tests (test/integ/integ.*.ts, @aws-cdk/integ-tests-alpha): deploy them with a newer
// integ-runner; without an AWS account, their committed snapshots are verified.
// ts-node only transpiles the integration tests: typecheck:tests (in the test task) checks their types.
project.addTask('integ:verify', {
  description: 'Synthesize the integration tests and compare them with their committed snapshots (no AWS account needed)',
  exec: 'scripts/integ-snapshots.sh verify',
  env: { TS_NODE_TRANSPILE_ONLY: 'true' },
});
project.addTask('integ:update', {
  description: 'Rewrite the integration-test snapshots (read the diff before committing)',
  exec: 'scripts/integ-snapshots.sh update',
  env: { TS_NODE_TRANSPILE_ONLY: 'true' },
});
project.npmignore?.exclude('/scripts/');

// Benchmarks: synth overhead, assertion speed and scaling, plugin overhead, test-suite time.
project.addTask('bench', {
  description: 'Run the benchmarks in bench/ (results in bench/results.md; see the README)',
  exec: 'node --expose-gc -r ts-node/register bench/run.ts',
  env: { TS_NODE_PROJECT: 'bench/tsconfig.json' },
  receiveArgs: true,
});
// CPU profile of the bench's synth at 1, 10 and 50 services, attributed to this library's functions.
project.addTask('bench:profile', {
  description: 'CPU profile of the synth at 1, 10 and 50 services (bench/profile.ts), by function of this library',
  exec: 'node --expose-gc -r ts-node/register bench/profile.ts',
  env: { TS_NODE_PROJECT: 'bench/tsconfig.json', TS_NODE_TRANSPILE_ONLY: 'true' },
  receiveArgs: true,
});
project.eslint?.addLintPattern('bench');
project.eslint?.allowDevDeps('bench/**');

// Mutation testing (Stryker, jest runner): too slow for every CI run; the score is in the README.
project.addTask('mutation', {
  description: 'Mutation testing of src/ with Stryker (slow: see README for the last score)',
  exec: 'stryker run',
  receiveArgs: true,
});
// Unit by unit (each unit of src/ against its own tests), then one table: the README's scores.
project.addTask('mutation:units', {
  description: 'Mutation testing of src/ unit by unit against each unit\'s own tests, then the table of scores',
  exec: 'ts-node --project bench/tsconfig.json scripts/mutation-units.ts',
  receiveArgs: true,
});
project.gitignore.exclude('/reports/', '.stryker-tmp/');
project.npmignore?.exclude('/stryker.config.json', '/stryker.unit.config.mjs');

// `test:update` (created by projen with UpdateSnapshot.NEVER) is the explicit snapshot update.

// The bundled example apps, synthesized with the real `cdk` CLI and cdk-nag (no AWS account needed).
const examples = ['internet-facing', 'public-subnet-s3', 'internal-cross-vpc', 'imported-vpc', 'app-layouts'];
const synthExamples = project.addTask('synth:examples', {
  description: 'Synthesize every example app under examples/ with the cdk CLI (cdk-nag on), one per core at a time',
  // ts-node only transpiles: the test task type-checks the examples first (typecheck:tests), once
  // rather than once per example and per Node version
  env: { TS_NODE_TRANSPILE_ONLY: 'true' },
  exec: `scripts/synth-examples.sh ${examples.join(' ')}`,
});
// The test task type-checks tests, examples and scripts, then synthesizes the examples, after jest and eslint.
project.testTask.spawn(typecheck);
project.testTask.spawn(synthExamples);

// Code in the README must compile: jsii-rosetta in strict mode, after every compile.
const rosetta = project.addTask('rosetta:extract', {
  description: 'Compile every TypeScript code block of the README with jsii-rosetta (strict)',
  exec: 'jsii-rosetta extract --strict',
});
project.postCompileTask.spawn(rosetta);
// the README's "Use it in your app" imports cdk-nag: rosetta compiles the snippets with the package's
// dependencies and peers only, plus these
project.package.addField('jsiiRosetta', { exampleDependencies: { 'cdk-nag': '^3.0.2' } });
project.gitignore.exclude('.jsii.tabl.json');

// The examples are code users copy: lint them like the tests.
project.eslint?.addLintPattern('examples');
project.eslint?.allowDevDeps('examples/**');

project.synth();
