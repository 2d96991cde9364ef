#!/usr/bin/env node
/**
 * cdk-secure-alb-flows: prints the flows around every load balancer of a synthesized app or a
 * template, as a Markdown table (and a Mermaid diagram with --mermaid), then the recommendation
 * findings.
 *
 *   cdk-secure-alb-flows [--mermaid] [--no-findings] <cdk.out directory | template.json> ...
 */
import * as fs from 'fs';
import * as path from 'path';
import { FlowsReport } from '../assertions/flows-report';
import { NetworkAssertions } from '../assertions/network-assertions';
import { TemplateModel } from '../assertions/template-model';

const USAGE = 'usage: cdk-secure-alb-flows [--mermaid] [--no-findings] <cdk.out directory | template.json> ...';

/** Runs the CLI; returns the text to print and the exit code (1 on bad usage). */
export function run(args: string[]): { output: string; exitCode: number } {
  const mermaid = args.includes('--mermaid');
  const findings = !args.includes('--no-findings');
  const unknown = args.filter((a) => a.startsWith('--') && !['--mermaid', '--no-findings'].includes(a));
  const targets = args.filter((a) => !a.startsWith('--'));
  if (unknown.length > 0 || targets.length === 0) {
    return { output: `${unknown.length ? `unknown option ${unknown.join(', ')}\n` : ''}${USAGE}`, exitCode: 1 };
  }
  const files: string[] = [];
  for (const target of targets) {
    if (!fs.existsSync(target)) {
      return { output: `no such file or directory: ${target}\n${USAGE}`, exitCode: 1 };
    }
    if (fs.statSync(target).isDirectory()) {
      files.push(...fs.readdirSync(target).filter((f) => f.endsWith('.template.json')).sort().map((f) => path.join(target, f)));
    } else {
      files.push(target);
    }
  }
  const out: string[] = [];
  for (const file of files) {
    const model = TemplateModel.fromFile(file);
    if (model.loadBalancerIds.length === 0) continue;
    const report = FlowsReport.of(model);
    out.push(`## ${path.basename(file)}`, '', report.toMarkdown(), '');
    if (mermaid) {
      out.push('```mermaid', report.toMermaid(), '```', '');
    }
    if (findings) {
      const list = model.checkRecommendations();
      out.push(list.length === 0 ? 'Recommendations: no finding.' : `Recommendations: ${list.length} finding(s)\n${NetworkAssertions.formatFindings(list)}`, '');
    }
  }
  if (out.length === 0) {
    out.push(`No load balancer in ${files.length} template(s).`);
  }
  return { output: out.join('\n'), exitCode: 0 };
}

if (require.main === module) {
  const { output, exitCode } = run(process.argv.slice(2));
  (exitCode === 0 ? process.stdout : process.stderr).write(`${output}\n`);
  process.exitCode = exitCode;
}
