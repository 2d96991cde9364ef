/**
 * Benchmarks (npx projen bench): synth overhead against hand-written aws-cdk-lib, resources per
 * service, assertion speed and scaling, validation-plugin overhead, and the test suite's wall time.
 * Variants are measured side by side, interleaved, in one run; the report gives medians and ratios.
 *
 *   npx projen bench                 everything (several minutes)
 *   npx projen bench -- --quick      fewer repetitions, N up to 10, 100 load balancers
 *   npx projen bench -- --no-tests   leave out the test-suite timing
 */
import { execSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { handWrittenService } from './hand-written';
import { assertions, SecureAlbService } from '../src';

const quick = process.argv.includes('--quick');
const withTests = !process.argv.includes('--no-tests');
const ENV = { account: '111111111111', region: 'eu-west-1' };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function time(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

type Variant = 'library' | 'hand-written' | 'library + no-op plugin' | 'library + plugin';

/** A validation plugin that does nothing: what CDK's validation machinery costs by itself. */
class NoopPlugin implements IPolicyValidationPlugin {
  public readonly name = 'no-op';
  public validate(): PolicyValidationPluginReport {
    return { success: true, violations: [] };
  }
}

/** Time spent inside SecureAlbChecks.validate, summed over a run. */
let insidePluginMs = 0;
class TimedChecks implements IPolicyValidationPlugin {
  public readonly name = 'cdk-secure-alb';
  private readonly inner = new assertions.SecureAlbChecks();
  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const start = process.hrtime.bigint();
    try {
      return this.inner.validate(context);
    } finally {
      insidePluginMs += Number(process.hrtime.bigint() - start) / 1e6;
    }
  }
}

function synthApp(variant: Variant, n: number): { ms: number; resources: number; lambdas: number } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
  let resources = 0;
  let lambdas = 0;
  const ms = time(() => {
    const app = new App({ outdir });
    // one stack per service: a service is about 60 resources, a stack holds at most 500
    for (let i = 0; i < n; i++) {
      const stack = new Stack(app, `Bench${i}`, { env: ENV });
      if (variant === 'hand-written') {
        handWrittenService(stack, 'Service');
      } else {
        new SecureAlbService(stack, 'Service', { targetPort: 8080, healthCheck: { port: '8081' } });
      }
    }
    if (variant === 'library + plugin') {
      Validations.of(app).addPlugins(new TimedChecks());
    } else if (variant === 'library + no-op plugin') {
      Validations.of(app).addPlugins(new NoopPlugin());
    }
    const assembly = app.synth();
    for (const stack of assembly.stacks) {
      const template = JSON.parse(fs.readFileSync(stack.templateFullPath, 'utf-8'));
      const all = Object.values(template.Resources) as Array<{ Type: string }>;
      resources += all.length;
      lambdas += all.filter((r) => r.Type === 'AWS::Lambda::Function' || r.Type.startsWith('Custom::')).length;
    }
  });
  fs.rmSync(outdir, { recursive: true, force: true });
  return { ms, resources, lambdas };
}

/** Interleaves the variants `reps` times and returns the median per variant. */
function compare(variants: Variant[], n: number, reps: number) {
  const times: Record<string, number[]> = {};
  const counts: Record<string, { resources: number; lambdas: number }> = {};
  synthApp(variants[0], 1); // warm-up (module loading)
  for (let r = 0; r < reps; r++) {
    // rotate the order each repetition, and collect garbage before each synth, so that no variant
    // pays for the heap the previous one left
    const order = variants.map((_, i) => variants[(i + r) % variants.length]);
    for (const v of order) {
      (global as { gc?: () => void }).gc?.();
      const res = synthApp(v, n);
      (times[v] ??= []).push(res.ms);
      counts[v] = { resources: res.resources, lambdas: res.lambdas };
    }
  }
  return Object.fromEntries(variants.map((v) => [v, { median: median(times[v]), ...counts[v] }]));
}

/** A template with `k` copies of one service (logical ids suffixed), built from one synthesized service. */
function templateWithLoadBalancers(k: number): string {
  const stack = new Stack(new App(), 'One', { env: ENV });
  new SecureAlbService(stack, 'Web', { targetPort: 8080, healthCheck: { port: '8081' } });
  const one = Template.fromStack(stack).toJSON();
  const ids = Object.keys(one.Resources).sort((a, b) => b.length - a.length);
  const pattern = new RegExp(`"(${ids.join('|')})"`, 'g');
  const text = JSON.stringify(one.Resources);
  const resources: Record<string, unknown> = {};
  for (let i = 0; i < k; i++) {
    Object.assign(resources, JSON.parse(text.replace(pattern, (_m, id) => `"${id}X${i}"`)));
  }
  return JSON.stringify({ Resources: resources });
}

function assertionBench(k: number, reps: number) {
  const json = templateWithLoadBalancers(k);
  let findings = 0;
  const checkTimes: number[] = [];
  assertions.TemplateModel.fromJsonString(json).checkRecommendations(); // warm-up, not counted
  for (let r = 0; r < reps; r++) {
    checkTimes.push(time(() => {
      findings = assertions.TemplateModel.fromJsonString(json).checkRecommendations().length;
    }));
  }
  const model = assertions.TemplateModel.fromJsonString(json);
  const lbs = model.loadBalancerIds;
  const queries = Math.min(200, lbs.length * 2);
  const queryMs = time(() => {
    for (let q = 0; q < queries; q++) {
      model.evaluate(assertions.FlowEndpoint.internet(), assertions.FlowEndpoint.resource(lbs[q % lbs.length]), 80);
    }
  }) / queries;
  return { k, checkMs: median(checkTimes), queryMs, findings, bytes: json.length };
}

function main() {
  const lines: string[] = [];
  const log = (s = '') => { lines.push(s); console.log(s); };
  log(`Run on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.`);
  log();

  log('### Synth: SecureAlbService against the same security written by hand with aws-cdk-lib');
  log();
  log('| services | library (median ms) | hand-written (median ms) | ratio | resources per service: library / hand-written | Lambda-backed custom resources |');
  log('|---|---|---|---|---|---|');
  const sizes = quick ? [1, 10] : [1, 10, 50];
  let fifty: Record<string, { median: number }> | undefined;
  for (const n of sizes) {
    const reps = n === 1 ? 9 : n === 10 ? 5 : 3;
    const res = compare(['library', 'hand-written'], n, quick ? Math.min(reps, 3) : reps);
    const lib = res.library;
    const hand = res['hand-written'];
    log(`| ${n} | ${lib.median.toFixed(0)} | ${hand.median.toFixed(0)} | ${(lib.median / hand.median).toFixed(2)}x | ${(lib.resources / n).toFixed(1)} / ${(hand.resources / n).toFixed(1)} | ${lib.lambdas} / ${hand.lambdas} |`);
    if (n === sizes[sizes.length - 1]) fifty = res;
  }
  log();

  const nPlugin = sizes[sizes.length - 1];
  log(`### Validation plugin: synth of ${nPlugin} services without a plugin, with a no-op plugin, with SecureAlbChecks`);
  log();
  const pluginReps = quick ? 3 : 5;
  insidePluginMs = 0;
  const plugin = compare(['library', 'library + no-op plugin', 'library + plugin'], nPlugin, pluginReps);
  const perSynth = insidePluginMs / (pluginReps + 0);
  const base = plugin.library.median;
  const pct = (x: number) => `${((x / base - 1) * 100).toFixed(1)}%`;
  log('| without (median ms) | no-op plugin (median ms) | SecureAlbChecks (median ms) | time inside SecureAlbChecks per synth |');
  log('|---|---|---|---|');
  log(`| ${base.toFixed(0)} | ${plugin['library + no-op plugin'].median.toFixed(0)} (${pct(plugin['library + no-op plugin'].median)}) | ${plugin['library + plugin'].median.toFixed(0)} (${pct(plugin['library + plugin'].median)}) | ${perSynth.toFixed(0)} ms (${((perSynth / base) * 100).toFixed(1)}% of a synth) |`);
  log();
  void fifty;

  log('### Assertions: read a template and run every recommendation check; one reachability query');
  log();
  log('| load balancers | template size | check all (median ms) | per query (ms) | growth vs. 10x fewer |');
  log('|---|---|---|---|---|');
  const ks = quick ? [10, 100] : [10, 100, 1000];
  let previous: number | undefined;
  for (const k of ks) {
    const r = assertionBench(k, k >= 1000 ? 5 : k >= 100 ? 11 : 31);
    log(`| ${k} | ${(r.bytes / 1024).toFixed(0)} KiB | ${r.checkMs.toFixed(1)} | ${r.queryMs.toFixed(3)} | ${previous ? `${(r.checkMs / previous).toFixed(1)}x` : '-'} |`);
    if (r.findings !== 0) log(`(unexpected: ${r.findings} findings)`);
    previous = r.checkMs;
  }
  log();

  if (withTests) {
    log('### Test suite: wall time of the default test task\'s jest run (unit tests; property and example-synth tasks separate)');
    log();
    const start = Date.now();
    execSync('npx jest --ci --silent', { cwd: path.join(__dirname, '..'), stdio: 'ignore' });
    log(`| jest --ci (unit tests) |\n|---|\n| ${((Date.now() - start) / 1000).toFixed(1)} s |`);
    log();
  }
  fs.writeFileSync(path.join(__dirname, 'results.md'), `${lines.join('\n')}\n`);
}

main();
