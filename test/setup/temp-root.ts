import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * One temp root per jest run: every `new App()` without an outdir (aws-cdk-lib makes a `cdk.out*`
 * folder under `os.tmpdir()` for each), every `mkdtempSync(os.tmpdir())` of a test and every process a
 * test starts write under it, and the teardown removes it. Workers start after the global setup and
 * inherit its TMPDIR.
 */
const ORIGINAL = 'CDK_SECURE_ALB_ORIGINAL_TMPDIR';
const ROOT = 'CDK_SECURE_ALB_TEMP_ROOT';

export function createTempRoot(): void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-secure-alb-jest-'));
  process.env[ORIGINAL] = process.env.TMPDIR ?? '';
  process.env[ROOT] = root;
  process.env.TMPDIR = root;
}

export function removeTempRoot(): void {
  const root = process.env[ROOT];
  if (root) {
    fs.rmSync(root, { recursive: true, force: true });
  }
  const original = process.env[ORIGINAL];
  if (original) {
    process.env.TMPDIR = original;
  } else {
    delete process.env.TMPDIR;
  }
  delete process.env[ROOT];
  delete process.env[ORIGINAL];
}
