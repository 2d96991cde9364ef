import { FlowRow, FlowVerdict } from './results';
import { TemplateModel } from './template-model';

/**
 * The allowed flows of every load balancer of a template, as a table and as a Mermaid diagram.
 * Point it at any template, built with this library or not, to learn what is open.
 */
export class FlowsReport {
  /** Computes the report of a template. */
  public static of(model: TemplateModel): FlowsReport {
    return new FlowsReport(model.allowedFlows());
  }

  /** The rows. */
  public readonly rows: FlowRow[];

  private constructor(rows: FlowRow[]) {
    this.rows = rows;
  }

  /** A Markdown table: load balancer, from, to, ports, verdict, decided by. */
  public toMarkdown(): string {
    if (this.rows.length === 0) {
      return '_No load balancer in this template._';
    }
    const esc = (s: string) => s.replace(/\|/g, '\\|');
    const assumed = this.assumptions;
    return [
      '| load balancer | from | to | ports | verdict | decided by |',
      '|---|---|---|---|---|---|',
      ...this.rows.map((r) => `| ${esc(r.loadBalancer)} | ${esc(r.from)} | ${esc(r.to)} | ${esc(r.ports)} | ${verdictText(r.verdict)}${r.assumptions?.length ? ` (assuming ${r.assumptions.map((a) => `A${assumed.indexOf(a) + 1}`).join(', ')})` : ''} | ${esc(r.decidedBy)} |`),
      ...(assumed.length > 0 ? ['', 'Allowed only assuming routes you vouched for (not in the template):', ...assumed.map((a, i) => `- A${i + 1}: ${a}`)] : []),
    ].join('\n');
  }

  /** The routes you vouched for (`TemplateModelOptions.assumedRoutes`) that ALLOWED rows depend on, each once. */
  public get assumptions(): string[] {
    return [...new Set(this.rows.flatMap((r) => r.assumptions ?? []))];
  }

  /** The rows whose verdict is `UNKNOWN`. */
  public get unknownRows(): FlowRow[] {
    return this.rows.filter((r) => r.verdict === FlowVerdict.UNKNOWN);
  }

  /** A Mermaid flowchart of the allowed flows (blocked ones as dotted edges, unknown ones as dotted edges marked unknown). */
  public toMermaid(): string {
    const ids = new Map<string, string>();
    const node = (label: string) => {
      if (!ids.has(label)) ids.set(label, `n${ids.size}`);
      return ids.get(label)!;
    };
    const edges = this.rows.map((r) => {
      const arrow = r.verdict === FlowVerdict.ALLOWED ? `-- "${r.ports}" -->` : `-. "${r.ports} ${r.verdict === FlowVerdict.UNKNOWN ? 'UNKNOWN' : 'blocked'}" .->`;
      return `  ${node(r.from)} ${arrow} ${node(r.to)}`;
    });
    const nodes = [...ids.entries()].map(([label, id]) => `  ${id}["${label.replace(/"/g, "'")}"]`);
    return ['flowchart LR', ...nodes, ...edges].join('\n');
  }
}

function verdictText(v: FlowVerdict): string {
  return v === FlowVerdict.ALLOWED ? 'allowed' : v === FlowVerdict.UNKNOWN ? 'UNKNOWN' : 'BLOCKED';
}
