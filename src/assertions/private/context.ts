import { Address, address, addressText, contains, symbol } from './addresses';
import { memberSubnets } from './endpoints';
import { INTERNET_ADDRESS } from './reach';
import { LoadBalancer, TargetGroup, TemplateReader } from './reader';

/** A kind of client the listeners are opened to, as the checks probe it and the findings name it. */
export interface Client {
  /** The address probed (a representative public address stands for the internet). */
  readonly address: Address;
  /** How a finding names it: `a client on the internet`, `clients in 203.0.113.0/24`. */
  readonly label: string;
  /** How a fix names it for the security group, and for the network ACL. */
  readonly groupText: string;
  readonly aclText: string;
  /** Whether it stands for everyone (0.0.0.0/0). */
  readonly world: boolean;
}

/** The targets of one target group, as the checks see them. */
export interface TargetSpec {
  readonly targetGroup: string;
  readonly port: number;
  /** The health-check port: the traffic port when the template's health-check port is not known (see `healthCheckUnknown`). */
  readonly healthCheckPort: number;
  /** Set when the health check goes to a port the model cannot read: what the template gives. */
  readonly healthCheckUnknown?: string;
  /** Their security groups and subnets (in the VPC); empty for `network` targets. */
  readonly groups: string[];
  readonly subnets: string[];
  /** Set for an IP target outside the VPC (a peered VPC, on premises): its address. */
  readonly network?: Address;
}

/** What the checks know about one application load balancer. */
export interface LbContext {
  readonly lb: LoadBalancer;
  readonly lbGroups: string[];
  readonly lbSubnets: string[];
  readonly listenerPorts: number[];
  readonly targets: TargetSpec[];
  readonly vpcCidr: Address;
  readonly clients: Client[];
  /** An internet-facing load balancer whose intent narrows its clients: a rule from everyone is wider. */
  readonly narrowedClients: boolean;
  /** Networks the load balancer reaches on 443 because a listener authenticates users; empty otherwise. */
  readonly identityProviders: Address[];
  /** Networks of IP targets outside the VPC: the intent's `targetCidrs` and the targets' own addresses. */
  readonly targetNetworks: Address[];
  /** Security groups the construct made for its targets (the intent's), used by the targets or not. */
  readonly ownTargetGroups: string[];
  /** Listeners and target groups whose port the model cannot read, with what the template gives: not checked. */
  readonly unresolvedPorts: UnresolvedPort[];
}

/** A listener or target group whose port the model cannot read. */
export interface UnresolvedPort {
  readonly kind: 'listener' | 'target group';
  readonly id: string;
  /** The port as the template gives it (`{Ref ContainerPort}`, `no Port`). */
  readonly text: string;
  /** For a target group: its targets' security groups (as for `TargetSpec.groups`). */
  readonly groups: string[];
}

const WORLD = address('0.0.0.0/0');

export function contextOf(t: TemplateReader, lb: LoadBalancer): LbContext {
  const lbGroups = lb.securityGroups.map((g) => g.logicalId).filter((g): g is string => g !== undefined);
  const lbSubnets = lb.subnets.map((s) => s.logicalId ?? s.text);
  const listenerPorts = [...new Set(lb.listeners.map((l) => l.port).filter((p): p is number => p !== undefined))];
  const vpcCidr = vpcCidrOf(t, lb, lbGroups, lbSubnets);
  const targetGroups = [...new Set(lb.listeners.flatMap((l) => l.targetGroups))]
    .map((id) => t.targetGroups.get(id))
    .filter((tg): tg is TargetGroup => tg !== undefined);
  const targets = targetGroups.flatMap((tg) => targetsOf(t, tg, lbGroups));
  const unresolvedPorts: UnresolvedPort[] = [
    ...lb.listeners.filter((l) => l.port === undefined).map((l) => ({ kind: 'listener' as const, id: l.id, text: l.portText ?? 'no Port', groups: [] })),
    ...targetGroups.filter((tg) => tg.portText !== undefined)
      .map((tg) => ({ kind: 'target group' as const, id: tg.id, text: tg.portText!, groups: t.targetSecurityGroups(tg, lbGroups) })),
  ];
  const clients = clientsOf(lb, vpcCidr);
  return {
    lb,
    lbGroups,
    lbSubnets,
    listenerPorts,
    targets,
    vpcCidr,
    clients,
    narrowedClients: lb.internetFacing && !clients.some((c) => c.world),
    identityProviders: identityProvidersOf(lb),
    targetNetworks: [...(lb.intent?.targetCidrs ?? []), ...targets.flatMap((x) => (x.network ? [x.network] : []))],
    ownTargetGroups: lb.intent?.targetSecurityGroups ?? [],
    unresolvedPorts,
  };
}

/**
 * The VPC's CIDR: the template's VPC (or the imported VPC the intent gives a CIDR for), else the
 * intent's CIDR, else a symbol that compares with nothing.
 */
function vpcCidrOf(t: TemplateReader, lb: LoadBalancer, lbGroups: string[], lbSubnets: string[]): Address {
  const vpc = t.subnets.get(lbSubnets[0] ?? '')?.vpc ?? t.securityGroups.get(lbGroups[0] ?? '')?.vpc ?? lb.intent?.vpc;
  return (vpc ? t.vpcs.get(vpc) : undefined) ?? lb.intent?.vpcCidr ?? symbol('VPC CIDR');
}

/**
 * The targets of a target group: Lambda functions are invoked by the service (no network path, so
 * nothing to check); IP targets outside the VPC by their address; the others by their groups and
 * subnets (the groups the load balancer sends to when the template does not register them).
 */
function targetsOf(t: TemplateReader, tg: TargetGroup, lbGroups: string[]): TargetSpec[] {
  if (tg.port === undefined || tg.targetType === 'lambda') return [];
  // an unknown health-check port: the checks of the traffic port still run, those of the health check say UNKNOWN
  const healthCheckFor = (port: number) => (tg.healthCheckOnTrafficPort ? port : tg.healthCheckPort ?? port);
  const unknown = tg.healthCheckPortText === undefined ? {} : { healthCheckUnknown: tg.healthCheckPortText };
  const outside: TargetSpec[] = tg.ipTargets.filter((ip) => ip.outsideVpc).map((ip) => {
    const port = ip.port ?? tg.port!;
    return { targetGroup: tg.id, port, healthCheckPort: healthCheckFor(port), ...unknown, groups: [], subnets: [], network: ip.address };
  });
  const onlyOutside = outside.length > 0 && outside.length === tg.ipTargets.length && tg.targetGroups.length === 0;
  if (onlyOutside) return dedupeTargets(outside);
  const groups = t.targetSecurityGroups(tg, lbGroups);
  const inVpc: TargetSpec = {
    targetGroup: tg.id,
    port: tg.port,
    healthCheckPort: tg.healthCheckPort ?? tg.port,
    ...unknown,
    groups,
    // no target registered in the template: where its groups' members are placed (#33)
    subnets: tg.targetSubnets.length > 0 ? tg.targetSubnets : [...new Set(groups.flatMap((g) => memberSubnets(t, g)))],
  };
  return dedupeTargets([inVpc, ...outside]);
}

/** Several IP targets on the same address and port are one target for the checks. */
function dedupeTargets(targets: TargetSpec[]): TargetSpec[] {
  const seen = new Set<string>();
  return targets.filter((x) => {
    const key = `${x.network ? addressText(x.network) : ''}|${x.port}|${x.healthCheckPort}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Who the listeners are opened to: the intent's `clientCidrs` when it gives them, else everyone
 * for an internet-facing load balancer and the VPC for an internal one. An internal load balancer
 * is never opened to everyone, whatever the metadata says.
 */
function clientsOf(lb: LoadBalancer, vpcCidr: Address): Client[] {
  const given = (lb.intent?.clientCidrs ?? []).filter((c) => lb.internetFacing || !isWorld(c));
  if (given.length === 0) {
    return [lb.internetFacing ? internetClient() : { ...vpcClient(vpcCidr), groupText: 'the VPC CIDR and the client networks' }];
  }
  return given.map((c) => {
    if (isWorld(c)) return internetClient();
    if (sameNetwork(c, vpcCidr)) return vpcClient(vpcCidr);
    const text = addressText(c);
    return { address: c, label: `clients in ${text}`, groupText: text, aclText: text, world: false };
  });
}

function internetClient(): Client {
  return { address: INTERNET_ADDRESS, label: 'a client on the internet', groupText: '0.0.0.0/0', aclText: '0.0.0.0/0', world: true };
}

function vpcClient(vpcCidr: Address): Client {
  return { address: vpcCidr, label: `a client in the VPC (${addressText(vpcCidr)})`, groupText: 'the VPC CIDR', aclText: 'the VPC CIDR', world: false };
}

/**
 * The identity providers a listener that authenticates users calls on 443: the intent's networks,
 * else everyone (an identity provider's addresses are not in the template) when a listener's
 * actions authenticate; none otherwise.
 */
function identityProvidersOf(lb: LoadBalancer): Address[] {
  const given = lb.intent?.identityProviderCidrs ?? [];
  if (given.length > 0) return given;
  return lb.listeners.some((l) => l.authenticates) ? [WORLD] : [];
}

export function isWorld(a: Address): boolean {
  return a.kind === 'cidr' && a.prefixLength === 0;
}

function sameNetwork(a: Address, b: Address): boolean {
  return contains(a, b) === 'yes' && contains(b, a) === 'yes';
}
