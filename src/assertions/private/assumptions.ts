import { address } from './addresses';
import { AssumedRoute, TemplateReader } from './reader';

/** A route the user vouches for, as the public `RouteAssumption` gives it (the target in the engine's terms). */
export interface RouteAssumptionSpec {
  readonly routeTable?: string;
  readonly subnet?: string;
  readonly destinationCidr: string;
  readonly via: AssumedRoute['via'];
  readonly reason?: string;
}

const VIA_TEXT: Record<AssumedRoute['via'], string> = {
  internetGateway: 'an internet gateway',
  natGateway: 'a NAT gateway that reaches the internet',
  network: 'the destination network (and the replies come back)',
};

/**
 * The assumptions as the engine reads them, each with the text the explanations name it by.
 * Throws, naming the option, the value and what is expected, on an assumption that names no route
 * table or subnet of the template, both, or a destination that is not an IPv4 CIDR.
 */
export function assumedRoutes(specs: readonly RouteAssumptionSpec[]): AssumedRoute[] {
  return specs.map((s, i) => {
    const where = `assumedRoutes[${i}]`;
    if ((s.routeTable === undefined) === (s.subnet === undefined)) {
      throw new Error(`${where}: give exactly one of \`routeTable\` and \`subnet\`, got ${s.routeTable === undefined ? 'neither' : `both ('${s.routeTable}', '${s.subnet}')`}`);
    }
    const destination = address(s.destinationCidr);
    if (destination.kind !== 'cidr') {
      throw new Error(`${where}.destinationCidr: expected an IPv4 CIDR such as '0.0.0.0/0' or '10.3.0.0/16', got '${s.destinationCidr}'`);
    }
    const table = s.routeTable !== undefined ? `route table ${s.routeTable}` : `the route table of subnet ${s.subnet}`;
    const text = `${table} sends ${s.destinationCidr} to ${VIA_TEXT[s.via]}${s.reason ? ` (${s.reason})` : ''}`;
    return { ...(s.routeTable !== undefined ? { routeTable: s.routeTable } : { subnet: s.subnet }), destination, via: s.via, text };
  });
}

/** Checks that every assumption names a route table or subnet the template knows; throws naming those it has. */
export function checkAssumedRoutes(t: TemplateReader): void {
  const tables = new Set<string>([
    ...t.index.ofType('AWS::EC2::RouteTable').map(([id]) => id),
    ...[...t.subnets.values()].map((s) => s.routeTable).filter((x): x is string => x !== undefined),
    ...t.routes.map((r) => r.routeTable),
  ]);
  t.assumedRoutes.forEach((a, i) => {
    if (a.routeTable !== undefined && !tables.has(a.routeTable)) {
      throw new Error(`assumedRoutes[${i}].routeTable: no route table '${a.routeTable}' in the template; route tables it names: ${[...tables].join(', ') || 'none'}`);
    }
    if (a.subnet !== undefined && !t.subnets.has(a.subnet)) {
      throw new Error(`assumedRoutes[${i}].subnet: no subnet '${a.subnet}' in the template; subnets it names: ${[...t.subnets.keys()].join(', ') || 'none'}`);
    }
  });
}
