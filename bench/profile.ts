/**
 * CPU profile of the bench's synth (one stack per SecureAlbService, as in bench/run.ts) at 1, 10 and
 * 50 services, attributed to this library's functions (issue #26, item 1).
 *
 *   npx ts-node --transpile-only --project bench/tsconfig.json bench/profile.ts [sizes...] [--out DIR]
 *
 * Each size: one warm-up synth (module loading, JIT), then synths of the same app under V8's sampling
 * profiler (the inspector's Profiler domain, what `node --cpu-prof` writes, scoped to the synths: no
 * module loading or ts-node in the profile), 100 µs sampling. Writes DIR/synth-<n>.cpuprofile (open
 * it in Chrome DevTools or speedscope) and prints, per size:
 *
 * - the time per phase: the constructs' constructors (`new SecureAlbService`) against `app.synth()`;
 * - this library's functions by inclusive time (a sample counts once for every library function on
 *   its stack), and by attributed time (a sample goes to the innermost library function on its stack:
 *   its own code and the aws-cdk-lib it calls, such as `findAll` or `resolve`);
 * - aws-cdk-lib and constructs functions by self time in samples with a library function on the stack.
 */
import * as fs from 'fs';
import { Session } from 'inspector';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { handWrittenService } from './hand-written';
import { SecureAlbService } from '../src';

interface CallFrame { functionName: string; url: string; lineNumber: number; columnNumber: number }
interface ProfileNode { id: number; callFrame: CallFrame; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

const ENV = { account: '111111111111', region: 'eu-west-1' };
const SRC = `${path.resolve(__dirname, '..', 'src')}${path.sep}`;
const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const outDir = outIndex >= 0 ? args[outIndex + 1] : path.join(os.tmpdir(), 'cdk-secure-alb-profile');
const sizes = args.filter((a, i) => /^\d+$/.test(a) && i !== outIndex + 1).map(Number);
if (sizes.length === 0) sizes.push(1, 10, 50);

const session = new Session();
session.connect();
function post<T = unknown>(method: string, params?: object): T {
  let result: T | undefined;
  let error: Error | null = null;
  // the inspector answers a session of the same thread synchronously
  session.post(method, params ?? {}, (err, res) => { error = err; result = res as T; });
  if (error) throw error;
  return result as T;
}

let constructMs = 0;
let synthMs = 0;
function synth(n: number, handWritten = false): void {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'profile-'));
  const t0 = process.hrtime.bigint();
  const app = new App({ outdir });
  for (let i = 0; i < n; i++) {
    const stack = new Stack(app, `Bench${i}`, { env: ENV });
    if (handWritten) {
      handWrittenService(stack, 'Service');
    } else {
      new SecureAlbService(stack, 'Service', { targetPort: 8080, healthCheck: { port: '8081' } });
    }
  }
  const t1 = process.hrtime.bigint();
  app.synth();
  const t2 = process.hrtime.bigint();
  constructMs += Number(t1 - t0) / 1e6;
  synthMs += Number(t2 - t1) / 1e6;
  outdirs.push(outdir);
}
/** The synths' output folders, removed outside the profiled window. */
const outdirs: string[] = [];
function removeOutdirs(): void {
  for (const dir of outdirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

function where(frame: CallFrame): 'library' | 'aws-cdk-lib' | 'constructs' | 'other' {
  const file = frame.url.replace(/^file:\/\//, '');
  if (file.startsWith(SRC)) return 'library';
  if (file.includes('/node_modules/aws-cdk-lib/')) return 'aws-cdk-lib';
  if (file.includes('/node_modules/constructs/')) return 'constructs';
  return 'other';
}

function label(frame: CallFrame): string {
  const file = frame.url.replace(/^file:\/\//, '');
  const short = file.startsWith(SRC) ? `src/${file.slice(SRC.length)}`
    : file.includes('/node_modules/') ? file.slice(file.lastIndexOf('/node_modules/') + 14) : file || '(native)';
  return `${frame.functionName || '(anonymous)'} ${short}:${frame.lineNumber + 1}`;
}

function analyse(profile: Profile, runs: number) {
  const parent = new Map<number, number>();
  const byId = new Map<number, ProfileNode>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const inclusive = new Map<string, number>();
  const attributed = new Map<string, number>();
  const cdkSelfUnderLibrary = new Map<string, number>();
  const selfOutsideLibrary = new Map<string, number>();
  let total = 0;
  let underLibrary = 0;
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0) / 1000 / runs;
    const leaf = byId.get(id)!;
    if (leaf.callFrame.functionName === '(idle)' || leaf.callFrame.functionName === '(program)') return;
    total += ms;
    const seen = new Set<string>();
    let innermost: string | undefined;
    for (let node: number | undefined = id; node !== undefined; node = parent.get(node)) {
      const frame = byId.get(node)!.callFrame;
      if (where(frame) !== 'library') continue;
      const key = label(frame);
      innermost ??= key;
      if (!seen.has(key)) { seen.add(key); add(inclusive, key, ms); }
    }
    if (innermost) {
      underLibrary += ms;
      add(attributed, innermost, ms);
      const kind = where(leaf.callFrame);
      if (kind === 'aws-cdk-lib' || kind === 'constructs') add(cdkSelfUnderLibrary, label(leaf.callFrame), ms);
    } else {
      add(selfOutsideLibrary, label(leaf.callFrame), ms);
    }
  });
  return { total, underLibrary, inclusive, attributed, cdkSelfUnderLibrary, selfOutsideLibrary };
}

function top(m: Map<string, number>, k: number, total: number): string[] {
  return [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, k)
    .map(([name, ms]) => `| ${ms.toFixed(1)} | ${((ms / total) * 100).toFixed(1)}% | \`${name}\` |`);
}

function main(): void {
  fs.mkdirSync(outDir, { recursive: true });
  console.log(`CPU profile of the synth, Node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; profiles in ${outDir}`);
  post('Profiler.enable');
  post('Profiler.setSamplingInterval', { interval: 100 });
  for (const n of sizes) {
    synth(n); // warm-up: module loading and JIT, not profiled
    removeOutdirs();
    const runs = Math.max(1, Math.round(20 / n));
    // the same app written by hand (bench/hand-written.ts), timed, not profiled, for scale
    synth(n, true);
    constructMs = 0;
    synthMs = 0;
    for (let r = 0; r < runs; r++) synth(n, true);
    removeOutdirs();
    const hand = { construct: constructMs / runs, synth: synthMs / runs };
    constructMs = 0;
    synthMs = 0;
    (global as { gc?: () => void }).gc?.();
    post('Profiler.start');
    for (let r = 0; r < runs; r++) synth(n);
    const { profile } = post<{ profile: Profile }>('Profiler.stop');
    removeOutdirs();
    fs.writeFileSync(path.join(outDir, `synth-${n}.cpuprofile`), JSON.stringify(profile));
    const a = analyse(profile, runs);
    console.log();
    console.log(`## ${n} service(s): ${runs} synth(s) profiled; per synth: constructors ${(constructMs / runs).toFixed(0)} ms, app.synth() ${(synthMs / runs).toFixed(0)} ms; sampled CPU ${a.total.toFixed(0)} ms, of it ${a.underLibrary.toFixed(0)} ms (${((a.underLibrary / a.total) * 100).toFixed(0)}%) with a library function on the stack; hand-written: constructors ${hand.construct.toFixed(0)} ms, app.synth() ${hand.synth.toFixed(0)} ms`);
    console.log();
    console.log('Library functions, inclusive (ms per synth, share of the sampled CPU):');
    console.log('| ms | share | function |\n|---|---|---|');
    top(a.inclusive, 25, a.total).forEach((l) => console.log(l));
    console.log();
    console.log('Library functions, attributed (innermost library frame; its own code and what it calls outside the library):');
    console.log('| ms | share | function |\n|---|---|---|');
    top(a.attributed, 20, a.total).forEach((l) => console.log(l));
    console.log();
    console.log('aws-cdk-lib / constructs functions by self time, under a library function:');
    console.log('| ms | share | function |\n|---|---|---|');
    top(a.cdkSelfUnderLibrary, 15, a.total).forEach((l) => console.log(l));
    console.log();
    console.log('Self time without a library function on the stack (aws-cdk-lib\'s own synthesis, the callbacks it runs):');
    console.log('| ms | share | function |\n|---|---|---|');
    top(a.selfOutsideLibrary, 10, a.total).forEach((l) => console.log(l));
  }
  post('Profiler.disable');
  session.disconnect();
}

main();
