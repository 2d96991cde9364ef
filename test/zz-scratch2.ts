import { execSync } from 'child_process';
import * as fs from 'fs';
import { isDeepStrictEqual } from 'util';
import { parseYamlTemplate } from '../src/assertions/private/inputs/yaml';
const t = parseYamlTemplate(fs.readFileSync('/tmp/scratch-13b/fim.yaml', 'utf8'), 'fim');
console.log(t.Outputs.WebConsoleInstructions.Value);
const src = fs.readFileSync('test/assertions/corpus/SOURCES.md', 'utf8');
for (const sec of src.split(/^## /m).slice(1)) {
  const f = /^`([^`]+)`/.exec(sec)![1];
  const repo = /Repository: https:\/\/github\.com\/(\S+)/.exec(sec)![1].replace('/', '+');
  const p = /Path: `([^`]+)`/.exec(sec)![1];
  const c = /Commit: (\w+)/.exec(sec)![1];
  if (!p.match(/ya?ml$/)) { console.log(f, 'not yaml', p); continue; }
  const text = execSync(`git -C /work/.mirror/${repo}/repo show ${c}:'${p}'`).toString();
  const j = JSON.parse(fs.readFileSync(`test/assertions/corpus/${f}`, 'utf8'));
  console.log(f, isDeepStrictEqual(parseYamlTemplate(text, p), j));
}
