import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// The lockfile guard that .ci/run runs before `npm ci`: scripts/check-lockfile.js.
const SCRIPT = path.join(__dirname, '..', '..', 'scripts', 'check-lockfile.js');

interface Project {
  readonly pkg: Record<string, unknown>;
  readonly lock: Record<string, unknown>;
}

/** A small project whose lock is complete and in sync. */
function goodProject(): Project {
  return {
    pkg: {
      name: 'demo',
      version: '0.0.0',
      devDependencies: { 'left-pad': '^1.3.0' },
      peerDependencies: { constructs: '^10.0.0' },
    },
    lock: {
      name: 'demo',
      version: '0.0.0',
      lockfileVersion: 3,
      requires: true,
      packages: {
        '': {
          name: 'demo',
          version: '0.0.0',
          devDependencies: { 'left-pad': '^1.3.0' },
          peerDependencies: { constructs: '^10.0.0' },
        },
        'node_modules/left-pad': { version: '1.3.0', dev: true },
        'node_modules/constructs': { version: '10.5.1', peer: true },
        'node_modules/some-tool/node_modules/@scope/binding-linux-x64': { version: '1.0.0', optional: true },
      },
    },
  };
}

function runGuard(project: Project): { status: number | null; stdout: string; stderr: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lock-guard-'));
  try {
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(project.pkg));
    fs.writeFileSync(path.join(dir, 'package-lock.json'), JSON.stringify(project.lock));
    const result = spawnSync(process.execPath, [SCRIPT, dir], { encoding: 'utf8' });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

type Packages = Record<string, Record<string, unknown>>;
const packagesOf = (project: Project) => project.lock.packages as Packages;

describe('check-lockfile', () => {
  test('passes on a complete lock in sync with package.json', () => {
    // WHEN
    const result = runGuard(goodProject());
    // THEN
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('complete and in sync');
  });

  test('passes on the committed package-lock.json', () => {
    // WHEN
    const result = spawnSync(process.execPath, [SCRIPT, path.join(__dirname, '..', '..')], { encoding: 'utf8' });
    // THEN
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  test('fails in one line naming the entries without a version', () => {
    // GIVEN the placeholders npm writes for optional platform packages the registry did not serve
    const project = goodProject();
    packagesOf(project)['node_modules/some-tool/node_modules/@scope/binding-darwin-arm64'] = { dev: true, optional: true };
    packagesOf(project)['node_modules/some-tool/node_modules/@scope/binding-win32-x64'] = { dev: true, optional: true };
    // WHEN
    const result = runGuard(project);
    // THEN
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('2 entries have no version (node_modules/some-tool/node_modules/@scope/binding-darwin-arm64, '
      + 'node_modules/some-tool/node_modules/@scope/binding-win32-x64)');
  });

  test('fails naming a dependency package.json declares and the lock does not', () => {
    // GIVEN
    const project = goodProject();
    (project.pkg.devDependencies as Record<string, string>)['is-number'] = '^7.0.0';
    // WHEN
    const result = runGuard(project);
    // THEN
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('out of sync with package.json: devDependencies.is-number "^7.0.0" in package.json, absent in the lock');
    expect(result.stderr).toContain('is-number (devDependencies) is not in the lock');
  });

  test('fails naming a range changed in package.json only', () => {
    // GIVEN
    const project = goodProject();
    project.pkg.devDependencies = { 'left-pad': '^2.0.0' };
    // WHEN
    const result = runGuard(project);
    // THEN
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('devDependencies.left-pad "^2.0.0" in package.json, "^1.3.0" in the lock');
    expect(result.stderr).toContain('left-pad is locked at 1.3.0, outside "^2.0.0"');
  });

  test('fails naming a dependency the lock still holds after package.json dropped it', () => {
    // GIVEN
    const project = goodProject();
    project.pkg.peerDependencies = {};
    // WHEN
    const result = runGuard(project);
    // THEN
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('peerDependencies.constructs absent in package.json, "^10.0.0" in the lock');
  });

  test('fails on a lock without a packages section', () => {
    // GIVEN a lockfileVersion 1 lock
    const project: Project = { pkg: goodProject().pkg, lock: { name: 'demo', lockfileVersion: 1, dependencies: {} } };
    // WHEN
    const result = runGuard(project);
    // THEN
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('it has no "packages" section');
  });
});
