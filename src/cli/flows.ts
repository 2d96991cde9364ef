#!/usr/bin/env node
/**
 * cdk-secure-alb-flows: prints the flows around every load balancer of a synthesized app or a
 * template, as a Markdown table (and a Mermaid diagram with --mermaid), then the recommendation
 * findings.
 *
 *   cdk-secure-alb-flows [--mermaid] [--no-findings] [--show-acknowledged] [--parameter Key=Value ...] [--region R] [--account A]
 *     [--assume-route TABLE=CIDR,TARGET ...] <cdk.out directory | folder | template.json/.yaml> ...
 *
 * --assume-route states a route the template does not hold (TABLE a route table id, or subnet:ID for a
 * subnet whose route table the template does not name; TARGET internet-gateway, nat-gateway or network):
 * flows that take it are allowed assuming it, and the report lists it under the table.
 *
 * A cdk.out directory (with manifest.json) is read as one cloud assembly: every stack, nested stacks,
 * Fn::ImportValue across stacks. Template files (JSON or YAML, by content), given or found in a folder
 * without manifest.json (*.json, *.yaml, *.yml, *.template that are templates), are read together as one
 * model. Errors are one line.
 *
 * Findings acknowledged on the constructs (`Validations.of(x).acknowledge({ id: 'cdk-secure-alb::SecureAlb-…' })`,
 * read from the assembly's metadata) are counted, not listed as open; --show-acknowledged lists them
 * with their reason.
 *
 * Rows whose verdict is UNKNOWN (they depend on a value the template does not resolve) are marked
 * UNKNOWN in the table and counted after it: neither allowed nor blocked.
 */
import * as fs from 'fs';
import * as path from 'path';
import { FlowsReport } from '../assertions/flows-report';
import { NetworkAssertions } from '../assertions/network-assertions';
import { isTemplate, readTemplateFile } from '../assertions/private/inputs/files';
import { AssumedRouteTarget, RouteAssumption } from '../assertions/route-assumption';
import { TemplateModel } from '../assertions/template-model';

const USAGE = 'usage: cdk-secure-alb-flows [--mermaid] [--no-findings] [--show-acknowledged] [--parameter Key=Value ...] [--region R] [--account A] [--assume-route TABLE=CIDR,TARGET ...] <cdk.out directory | template.json> ...\n'
  + '  a cdk.out (with manifest.json) is one assembly; template files (JSON or YAML) and folders of them are read together';

/** Runs the CLI; returns the text to print and the exit code (1 on bad usage or an error, as one line). */
export function run(args: string[]): { output: string; exitCode: number } {
  try {
    return runUnguarded(args);
  } catch (e) {
    return { output: oneLine(e), exitCode: 1 };
  }
}

function runUnguarded(args: string[]): { output: string; exitCode: number } {
  let mermaid = false;
  let findings = true;
  let showAcknowledged = false;
  const parameters: Record<string, string> = {};
  let region: string | undefined;
  let account: string | undefined;
  const assumedRoutes: RouteAssumption[] = [];
  const targets: string[] = [];
  const bad = (msg: string) => ({ output: `${msg}\n${USAGE}`, exitCode: 1 });
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const m = /^(--[a-z-]+)(?:=(.*))?$/s.exec(a);
    const flag = m?.[1];
    const inline = m?.[2];
    if (flag === '--assume-route') {
      const value = inline ?? args[++i];
      const route = value === undefined ? undefined : assumedRoute(value);
      if (!route) return bad(`--assume-route expects TABLE=CIDR,TARGET (TABLE a route table id or subnet:ID; TARGET internet-gateway, nat-gateway or network), got '${value ?? ''}'`);
      assumedRoutes.push(route);
    } else if (a === '--mermaid') {mermaid = true;} else if (a === '--no-findings') {findings = false;} else if (a === '--show-acknowledged') {showAcknowledged = true;} else if (flag === '--parameter' || flag === '--region' || flag === '--account') {
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
  // a cdk.out (manifest.json) is one model; every other template file, given or in a folder, is read together in one model
  const inputs: Array<{ title: string; count: number; load: () => TemplateModel }> = [];
  const files: string[] = [];
  const options = { parameters, region, account, assumedRoutes };
  try {
    for (const target of targets) {
      if (!fs.existsSync(target)) {
        return { output: `no such file or directory: ${target}\n${USAGE}`, exitCode: 1 };
      }
      if (!fs.statSync(target).isDirectory()) {
        files.push(target);
      } else if (fs.existsSync(path.join(target, 'manifest.json'))) {
        inputs.push({ title: target, count: 0, load: () => TemplateModel.fromCloudAssembly(target, options) });
      } else {
        files.push(...fs.readdirSync(target).filter((f) => /\.(json|ya?ml|template)$/i.test(f)).sort().map((f) => path.join(target, f))
          .filter((f) => fs.statSync(f).isFile() && isTemplate(readTemplateFile(f))));
      }
    }
    if (files.length > 0) {
      inputs.push({
        title: titleOf(files),
        count: files.length,
        load: () => {
          try {
            return TemplateModel.fromFiles(files, options);
          } catch (e) {
            // name the files as the report does: by their base names
            throw new Error(files.reduce((m, f) => m.split(f).join(path.basename(f)), oneLine(e)));
          }
        },
      });
    }
  } catch (e) {
    return { output: oneLine(e), exitCode: 1 };
  }
  const out: string[] = [];
  let templates = 0;
  for (const input of inputs) {
    let model: TemplateModel;
    try {
      model = input.load();
    } catch (e) {
      return { output: oneLine(e), exitCode: 1 };
    }
    templates += input.count || 1;
    if (model.loadBalancerIds.length === 0) continue;
    const report = FlowsReport.of(model);
    out.push(`## ${input.title}`, '', report.toMarkdown(), '');
    const unknownRows = report.unknownRows;
    if (unknownRows.length > 0) {
      out.push(`UNKNOWN: ${unknownRows.length} flow(s) neither allowed nor blocked (they depend on what the template does not hold or resolve; pass --parameter, --region or --account to resolve them):`,
        ...unknownRows.map((r) => `  ${r.from} -> ${r.to} ${r.ports}: ${r.decidedBy}`), '');
    }
    if (mermaid) {
      out.push('```mermaid', report.toMermaid(), '```', '');
    }
    if (findings) {
      const all = model.checkRecommendations({ includeAcknowledged: true });
      const list = all.filter((f) => !f.acknowledgment);
      const acknowledged = all.filter((f) => f.acknowledgment);
      out.push(list.length === 0 ? 'Recommendations: no finding.' : `Recommendations: ${list.length} finding(s)\n${NetworkAssertions.formatFindings(list)}`);
      if (acknowledged.length > 0) {
        out.push(showAcknowledged
          ? `Acknowledged: ${acknowledged.length} finding(s)\n${NetworkAssertions.formatFindings(acknowledged)}`
          : `Acknowledged: ${acknowledged.length} finding(s), not listed (--show-acknowledged lists them with their reason)`);
      }
      out.push('');
    }
  }
  if (out.length === 0) {
    out.push(`No load balancer in ${templates} template(s)${templates === 0 ? ' (no JSON or YAML template found)' : ''}.`);
  }
  return { output: out.join('\n'), exitCode: 0 };
}

/** `rtb-0abc=0.0.0.0/0,internet-gateway` or `subnet:subnet-0abc=10.3.0.0/16,network`; undefined when malformed. */
function assumedRoute(value: string): RouteAssumption | undefined {
  const m = /^(subnet:)?([^=]+)=([^,]+),(internet-gateway|nat-gateway|network)$/.exec(value);
  if (!m) return undefined;
  const target = Object.values(AssumedRouteTarget).find((x) => x === m[4])!;
  return m[1] ? { subnet: m[2], destinationCidr: m[3], target } : { routeTable: m[2], destinationCidr: m[3], target };
}

const LOAD_BALANCER_TYPES = new Set(['AWS::ElasticLoadBalancingV2::LoadBalancer', 'AWS::ElasticLoadBalancing::LoadBalancer']);

/** The files read together, named by those that hold a load balancer (else all of them). */
function titleOf(files: string[]): string {
  const holding = files.filter((f) => {
    try {
      return Object.values<{ Type?: string }>(readTemplateFile(f).Resources ?? {}).some((r) => LOAD_BALANCER_TYPES.has(String(r?.Type)));
    } catch {
      return false;
    }
  });
  return (holding.length > 0 ? holding : files).map((f) => path.basename(f)).join(', ');
}

/** An error as one line: its message's first line, never a stack trace. */
function oneLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0];
}

if (require.main === module) {
  const { output, exitCode } = run(process.argv.slice(2));
  (exitCode === 0 ? process.stdout : process.stderr).write(`${output}\n`);
  process.exitCode = exitCode;
}
