import { execSync } from 'child_process';
import { parseYamlTemplate } from '../src/assertions/private/inputs/yaml';
const repos = ['awslabs+aws-cloudformation-templates', 'aws-samples+ecs-refarch-cloudformation', 'widdix+aws-cf-templates'];
let ok = 0; const fails: string[] = [];
for (const r of repos) {
  const g = `/work/.mirror/${r}/repo`;
  const files = execSync(`git -C ${g} ls-tree -r --name-only HEAD`).toString().split('\n').filter((f) => /\.ya?ml$/.test(f));
  for (const f of files) {
    const text = execSync(`git -C ${g} show HEAD:'${f}'`, { maxBuffer: 1e8 }).toString();
    if (!/Resources\s*:/.test(text)) continue;
    try { parseYamlTemplate(text, f); ok++; } catch (e) { fails.push(`${r} ${(e as Error).message}`); }
  }
}
console.log(ok, 'ok;', fails.length, 'failed'); console.log(fails.slice(0, 40).join('\n'));
