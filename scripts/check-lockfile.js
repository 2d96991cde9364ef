#!/usr/bin/env node
// Lockfile guard, run by .ci/run before `npm ci` (so it needs nothing from node_modules).
//
// Fails in one line, naming the entries, when package-lock.json
//   - has an entry without a version (npm writes such placeholders for optional platform packages the
//     registry did not serve when the lock was written; `npm ci` then stops with "Invalid Version:"), or
//   - is out of sync with package.json: the root entry's declared dependencies differ from
//     package.json's, or a direct dependency is missing from the lock or locked at a version outside
//     its declared range.
//
// Usage: node scripts/check-lockfile.js [project-dir]   (default: the current directory)
'use strict';

const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'];
const SHOWN = 10;

/** npm's own semver (every npm bundles it), or undefined when it cannot be found. */
function loadSemver() {
  const candidates = [];
  try {
    candidates.push(path.join(execFileSync('npm', ['root', '-g'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(), 'npm'));
  } catch {
    // npm not on PATH: fall back to the directory next to node
  }
  candidates.push(path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm'));
  for (const dir of candidates) {
    try {
      return require(require.resolve('semver', { paths: [dir] }));
    } catch {
      // try the next one
    }
  }
  return undefined;
}

function list(names) {
  const shown = names.slice(0, SHOWN).join(', ');
  return names.length > SHOWN ? `${shown} and ${names.length - SHOWN} more` : shown;
}

/**
 * The problems of a project's lockfile, each a short phrase; empty when the lock is complete and in sync.
 * @param {object} pkg package.json
 * @param {object} lock package-lock.json
 * @param {object} [semver] npm's semver module, for range checks
 */
function lockfileProblems(pkg, lock, semver) {
  const problems = [];
  if (!lock || typeof lock !== 'object' || !lock.packages || typeof lock.packages !== 'object') {
    return ['it has no "packages" section (lockfileVersion 2 or 3 expected; write it with npm 7 or later)'];
  }
  const packages = lock.packages;

  const unversioned = Object.keys(packages)
    .filter((key) => key !== '' && !packages[key].link && typeof packages[key].version !== 'string')
    .sort();
  if (unversioned.length > 0) {
    problems.push(`${unversioned.length} ${unversioned.length === 1 ? 'entry has' : 'entries have'} no version (${list(unversioned)})`);
  }

  const root = packages[''] ?? {};
  if (lock.name !== undefined && lock.name !== pkg.name) {
    problems.push(`its name is "${lock.name}" where package.json says "${pkg.name}"`);
  }
  const differing = [];
  for (const field of DEPENDENCY_FIELDS) {
    const declared = pkg[field] ?? {};
    const locked = root[field] ?? {};
    for (const name of [...new Set([...Object.keys(declared), ...Object.keys(locked)])].sort()) {
      if (declared[name] !== locked[name]) {
        const inPkg = declared[name] === undefined ? 'absent' : `"${declared[name]}"`;
        const inLock = locked[name] === undefined ? 'absent' : `"${locked[name]}"`;
        differing.push(`${field}.${name} ${inPkg} in package.json, ${inLock} in the lock`);
      }
    }
  }
  if (differing.length > 0) {
    problems.push(`out of sync with package.json: ${list(differing)}`);
  }

  const unsatisfied = [];
  for (const field of DEPENDENCY_FIELDS) {
    for (const [name, range] of Object.entries(pkg[field] ?? {})) {
      const entry = packages[`node_modules/${name}`];
      if (!entry) {
        // optional and peer dependencies may legitimately be absent
        if (field === 'dependencies' || field === 'devDependencies') {
          unsatisfied.push(`${name} (${field}) is not in the lock`);
        }
        continue;
      }
      if (!semver || typeof entry.version !== 'string' || !semver.validRange(range)) {
        continue; // git, file, alias or tag specs: npm ci judges those itself
      }
      if (!semver.satisfies(entry.version, range, { includePrerelease: true })) {
        unsatisfied.push(`${name} is locked at ${entry.version}, outside "${range}"`);
      }
    }
  }
  if (unsatisfied.length > 0) {
    problems.push(`does not satisfy package.json: ${list(unsatisfied)}`);
  }
  return problems;
}

function main() {
  const dir = path.resolve(process.argv[2] ?? '.');
  const read = (file) => JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  let pkg;
  let lock;
  try {
    pkg = read('package.json');
    lock = read('package-lock.json');
  } catch (e) {
    console.error(`check-lockfile: cannot read package.json and package-lock.json in ${dir}: ${e.message}`);
    return 1;
  }
  const problems = lockfileProblems(pkg, lock, loadSemver());
  if (problems.length > 0) {
    console.error(`check-lockfile: package-lock.json is not installable as committed: ${problems.join('; ')}. `
      + 'Fix: remove those entries and run `npm install --package-lock-only` (npm 11), then commit the lock.');
    return 1;
  }
  console.log(`check-lockfile: package-lock.json is complete and in sync with package.json (${Object.keys(lock.packages).length - 1} entries)`);
  return 0;
}

module.exports = { lockfileProblems };

if (require.main === module) {
  process.exitCode = main();
}
