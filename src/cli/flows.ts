#!/usr/bin/env node
/**
 * cdk-secure-alb-flows: prints the flows around every load balancer of a synthesized app or a
 * template, as a Markdown table (and a Mermaid diagram with --mermaid), then the recommendation
 * findings.
 *
 *   cdk-secure-alb-flows [--mermaid] [--no-findings] [--parameter Key=Value ...] [--region R] [--account A] <cdk.out directory | template.json> ...
 *
 * Rows whose verdict is UNKNOWN (they depend on a value the template does not resolve) are marked
 * UNKNOWN in the table and counted after it: neither allowed nor blocked.
 */
import * as fs from 'fs';
import * as path from 'path';
import { FlowsReport } from '../assertions/flows-report';
import { NetworkAssertions } from '../assertions/network-assertions';
import { TemplateModel } from '../assertions/template-model';

const USAGE = 'usage: cdk-secure-alb-flows [--mermaid] [--no-findings] [--parameter Key=Value ...] [--region R] [--account A] <cdk.out directory | template.json> ...';

/** Runs the CLI; returns the text to print and the exit code (1 on bad usage). */
export function run(args: string[]): { output: string; exitCode: number } {
  let mermaid = false;
  let findings = true;
  const parameters: Record<string, string> = {};
  let region: string | undefined;
  let account: string | undefined;
  const targets: string[] = [];
  const bad = (msg: string) => ({ output: `${msg}\n${USAGE}`, exitCode: 1 });
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const m = /^(--[a-z-]+)(?:=(.*))?$/s.exec(a);
    const flag = m?.[1];
    const inline = m?.[2];
    if (a === '--mermaid') {mermaid = true;} else if (a === '--no-findings') {findings = false;} else if (flag === '--parameter' || flag === '--region' || flag === '--account') {
      const value = inline ?? args[++i];
      if (value === undefined || value === '') return bad(`${flag} needs a value`);
      if (flag === '--region') {region = value;} else if (flag === '--account') {account = value;} else {
        const eq = value.indexOf('=');
        if (eq <= 0) return bad(`--parameter expects Key=Value, got '${value}'`);
        parameters[value.slice(0, eq)] = value.slice(eq + 1);
      }
    } else if (a.startsWith('--')) {return bad(`unknown option ${a}`);} else {targets.push(a);}
  }
  if (targets.length === 0) {
    return { output: USAGE, exitCode: 1 };
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
    let model: TemplateModel;
    try {
      model = TemplateModel.fromFile(file, { parameters, region, account });
    } catch (e) {
      return { output: `${path.basename(file)}: ${(e as Error).message}`, exitCode: 1 };
    }
    if (model.loadBalancerIds.length === 0) continue;
    const report = FlowsReport.of(model);
    out.push(`## ${path.basename(file)}`, '', report.toMarkdown(), '');
    const unknownRows = report.unknownRows;
    if (unknownRows.length > 0) {
      out.push(`UNKNOWN: ${unknownRows.length} flow(s) neither allowed nor blocked (they depend on what the template does not hold or resolve; pass --parameter, --region or --account to resolve them):`,
        ...unknownRows.map((r) => `  ${r.from} -> ${r.to} ${r.ports}: ${r.decidedBy}`), '');
    }
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
