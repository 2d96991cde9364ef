import { Address, address, addressText, contains, overlaps } from './addresses';
import { AssumedRoute, Route, RouteTargetKind, Subnet, TemplateReader } from './reader';
import type { EndpointSpec, StepResult } from './steps';

/**
 * Routes, as the VPC user guide and Reachability Analyzer read them: the most specific route of a
 * subnet's route table decides (the implicit `local` route covers every IPv4 block of the VPC, a
 * route more specific than it sends in-VPC traffic through an appliance); what a route names decides
 * where the traffic can go (a peering connection only to its peer VPC, with no edge-to-edge routing;
 * an internet gateway only to public addresses; a NAT gateway only as far as its own subnet's route
 * table takes it; what lies behind a transit gateway, virtual private gateway, appliance or endpoint
 * is outside the template). A subnet of a template-made VPC with no route table association uses
 * the VPC's main route table, which CloudFormation creates with only the local route.
 *
 * Both ways: the source subnet's route to the destination, and the destination subnet's route
 * back to the source (the replies; for clients on the internet, also how they reach it).
 * https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html
 * https://docs.aws.amazon.com/vpc/latest/peering/peering-configurations-unsupported.html
 * https://docs.aws.amazon.com/vpc/latest/network-access-analyzer/explanation-codes.html
 */

/** Where an end of a flow is, as routes see it. */
export type Place =
  | { readonly kind: 'vpc'; readonly vpc: string }
  | { readonly kind: 'internet' }
  | { readonly kind: 's3' }
  /** A network outside every VPC of the template (a peered VPC of another template, on premises). */
  | { readonly kind: 'network' }
  /**
   * Not located: an end without a subnet, or a subnet whose VPC the template does not say (then
   * `subnet` names it, and the route step says what would decide it).
   */
  | { readonly kind: 'unknown'; readonly subnet?: string };

/** The request and reply steps through a NAT gateway's subnet (its network ACL), from the engine. */
export type NatHop = (nat: string, natSubnet: string, srcSubnet: string, srcAddr: Address, dstAddr: Address) => StepResult[];

/** The route a table takes for an address: of the template or stated by the user, and what makes the choice uncertain. */
interface Lookup {
  readonly route?: Route;
  readonly assumed?: AssumedRoute;
  /** A route of the table whose destination cannot be compared with the address, or covers only part of it. */
  readonly uncertain?: Route;
}

/** The route table a subnet uses: its association, its VPC's main route table, or none the template can say. */
type TableOf =
  | { readonly kind: 'table'; readonly id: string }
  | { readonly kind: 'main'; readonly vpc: string }
  | { readonly kind: 'unknown'; readonly why: string };

/** Route targets whose far side is outside the template, and how the explanation names each. */
const OPAQUE_TARGETS: Partial<Record<RouteTargetKind, string>> = {
  transitGateway: 'transit gateway',
  vpnGateway: 'virtual private gateway',
  networkInterface: 'network interface',
  instance: 'instance',
  vpcEndpoint: 'VPC endpoint',
  carrierGateway: 'carrier gateway',
  localGateway: 'local gateway',
  coreNetwork: 'core network',
  gateway: 'gateway',
};

const TARGET_NAMES: Record<RouteTargetKind, string> = {
  internetGateway: 'internet gateway',
  vpnGateway: 'virtual private gateway',
  local: 'local',
  gateway: 'gateway',
  natGateway: 'NAT gateway',
  peering: 'peering connection',
  transitGateway: 'transit gateway',
  vpcEndpoint: 'VPC endpoint',
  networkInterface: 'network interface',
  instance: 'instance',
  egressOnlyInternetGateway: 'egress-only internet gateway',
  carrierGateway: 'carrier gateway',
  localGateway: 'local gateway',
  coreNetwork: 'core network',
  none: 'no target',
};

export class Routes {
  constructor(private readonly t: TemplateReader, private readonly natHop: NatHop) {}

  /** Where an end is: its subnet's VPC, else the internet, S3, the VPC of the template that holds its CIDR, or another network. */
  public placeOf(e: EndpointSpec, subnet: string | undefined, near?: string): Place {
    if (subnet !== undefined) {
      const vpc = this.t.subnets.get(subnet)?.vpc;
      return vpc !== undefined ? { kind: 'vpc', vpc } : { kind: 'unknown', subnet };
    }
    if (e.outside === 'internet') return { kind: 'internet' };
    if (e.outside === 's3') return { kind: 's3' };
    if (e.outside === 'network') {
      // VPCs of several stacks may share a CIDR: a network end the other end's own VPC holds is there
      const vpc = near !== undefined && this.t.vpcBlocks.get(near)?.some((b) => contains(b, e.address) === 'yes') ? near : this.vpcHolding(e.address);
      return vpc !== undefined ? { kind: 'vpc', vpc } : { kind: 'network' };
    }
    return { kind: 'unknown' };
  }

  /** The VPC of the template one of whose blocks holds every address of `a`. */
  public vpcHolding(a: Address): string | undefined {
    for (const [vpc, blocks] of this.t.vpcBlocks) {
      if (blocks.some((b) => contains(b, a) === 'yes')) return vpc;
    }
    return undefined;
  }

  /**
   * The way from a subnet to the destination: none for the subnet's own VPC unless a route more
   * specific than `local` takes the traffic through an appliance (or the destination is a network
   * end, which the local route carries); else the route to it and what it names.
   */
  public outbound(srcSubnet: string, srcAddr: Address, dst: EndpointSpec, dstPlace: Place, dstAddr: Address): StepResult[] {
    const subnet = this.t.subnets.get(srcSubnet);
    const srcVpc = subnet?.vpc;
    const unplaced = this.unplacedStep('route', srcSubnet, srcVpc, dstPlace, dst, dstAddr);
    if (unplaced) return [unplaced];
    if (dstPlace.kind === 'unknown' || srcVpc === undefined && !dst.outside) return [];
    if (dstPlace.kind === 'vpc' && dstPlace.vpc === srcVpc) {
      const local = this.localStep('route', subnet!, dstAddr);
      return local && (local.unknown || dst.outside) ? [local] : [];
    }
    if (srcVpc !== undefined && dst.outside === 'network') {
      // a network end inside the VPC's blocks takes the local route, whatever its place
      const local = this.localStep('route', subnet!, dstAddr, true);
      if (local) return [local];
    }
    const table = this.tableOf(srcSubnet, subnet);
    if (dstPlace.kind === 's3' && table.kind === 'table') {
      const endpoints = this.t.endpoints.filter((e) => e.serviceKind === 's3' && e.routeTables.includes(table.id));
      const endpoint = endpoints.find((e) => !this.t.conditionOf(e.id)) ?? endpoints[0];
      const why = this.t.conditionOf(endpoint?.id);
      if (endpoint && !why) {
        return [{ name: 'route', allowed: true, decidedBy: endpoint.id, detail: `${table.id} has the S3 prefix-list route of gateway endpoint ${endpoint.id} (more specific than any default route)` }];
      }
      if (endpoint) {
        // an endpoint that may not exist: the way without it decides only where it passes too
        const without = this.leave('route', srcSubnet, table, srcAddr, dstPlace, dstAddr, srcVpc, 0);
        if (without.every((x) => x.allowed)) return without;
        return [{
          name: 'route',
          allowed: false,
          unknown: true,
          decidedBy: endpoint.id,
          resource: endpoint.id,
          detail: `${table.id} has the S3 prefix-list route of gateway endpoint ${endpoint.id}, but ${why}; without it, ${without.find((x) => !x.allowed)!.detail}`,
        }];
      }
    }
    return this.leave('route', srcSubnet, table, srcAddr, dstPlace, dstAddr, srcVpc, 0);
  }

  /**
   * The way back from the destination's subnet to the source: how clients on the internet reach it
   * (and its replies go back), or the route its replies to another network or VPC take. None for a
   * source in the same VPC unless a route more specific than `local` covers it.
   */
  public inbound(dstSubnet: string, srcPlace: Place, srcAddr: Address, src: EndpointSpec): StepResult | undefined {
    const subnet = this.t.subnets.get(dstSubnet);
    const dstVpc = subnet?.vpc;
    const name = srcPlace.kind === 'internet' ? 'route from the internet: destination subnet route table' : 'return route: destination subnet route table (replies)';
    if (srcPlace.kind === 'unknown' || srcPlace.kind === 's3' || (dstVpc === undefined && !src.outside)) return undefined;
    if (srcPlace.kind === 'vpc' && srcPlace.vpc === dstVpc) {
      const local = this.localStep(name, subnet!, srcAddr);
      return local?.unknown ? local : undefined;
    }
    if (dstVpc !== undefined && src.outside === 'network') {
      // a network inside the VPC's blocks: the replies take the local route
      const local = this.localStep(name, subnet!, srcAddr, true);
      if (local) return local.unknown ? local : undefined;
    }
    const table = this.tableOf(dstSubnet, subnet);
    const via = this.lookupStep(name, dstSubnet, table, srcAddr);
    if (via.step) {
      if (via.step.allowed || via.step.unknown) return via.step;
      const why = srcPlace.kind === 'internet' ? 'the internet cannot reach the subnet, and the replies could not go back' : 'the replies cannot go back';
      return { ...via.step, detail: `${via.step.detail}: ${why}` };
    }
    const where = via.where;
    const src0 = addressText(srcAddr);
    if (via.assumed) {
      if (srcPlace.kind === 'internet' && via.assumed.via === 'natGateway') {
        return { name, allowed: false, decidedBy: via.assumed.text, detail: `${where} sends ${src0} to a NAT gateway (stated: ${via.assumed.text}), not to an internet gateway: the internet cannot reach the subnet` };
      }
      return assumedStep(name, via.assumed, `${where} sends ${src0} ${viaText(via.assumed)}${srcPlace.kind === 'internet' ? ': the subnet is reachable from the internet, and the replies go back' : ''}`);
    }
    const r = via.route!;
    const sends = `${where} sends ${src0} to ${targetText(r)} (${addressText(r.destination)})`;
    if (srcPlace.kind === 'internet') {
      if (r.targetKind === 'internetGateway') {
        return { name, allowed: true, decidedBy: r.id, detail: `${sends}: the subnet is reachable from the internet, and the replies go back` };
      }
      if (r.targetKind === 'carrierGateway') {
        return {
          name,
          allowed: false,
          decidedBy: r.id,
          detail: `${sends}, not to an internet gateway: a carrier gateway (Wavelength Zones) carries traffic out to the carrier network and the internet, `
            + 'and lets in traffic from the carrier network only, never from the internet: the internet cannot reach the subnet',
        };
      }
      const opaque = OPAQUE_TARGETS[r.targetKind];
      if (opaque) return opaqueStep(name, r, `${sends}, not to an internet gateway: whether ${opaque} ${r.target} brings the internet in and carries the replies out is outside the template`);
      return {
        name,
        allowed: false,
        decidedBy: r.id,
        detail: `${where} has no route to an internet gateway for ${src0} (it sends ${src0} to ${targetText(r)} (${addressText(r.destination)}), not to an internet gateway${r.targetKind === 'peering' ? ': a peering connection carries no traffic from the internet' : ''}): the internet cannot reach the subnet, and the replies could not go back`,
      };
    }
    return this.judge(name, r, sends, srcPlace, srcAddr, dstVpc, 'back');
  }

  /**
   * A pair of subnets one of which the template does not place in a VPC (an imported subnet that
   * no resource of the template ties to a VPC): whether the traffic takes the local route (the same
   * VPC) or a route out of it (and which) is unknown. Undefined when both VPCs are known, or the
   * other end is outside every VPC (its own route step decides).
   */
  private unplacedStep(name: string, srcSubnet: string, srcVpc: string | undefined, dstPlace: Place, dst: EndpointSpec,
    dstAddr: Address): StepResult | undefined {
    const unknownDst = dstPlace.kind === 'unknown' ? dstPlace.subnet : undefined;
    const unknownSrc = srcVpc === undefined && !dst.outside && (dstPlace.kind === 'vpc' || unknownDst !== undefined) ? srcSubnet : undefined;
    const which = [unknownSrc, unknownDst].filter((x): x is string => x !== undefined);
    if (which.length === 0) return undefined;
    const other = unknownSrc !== undefined ? (dstPlace.kind === 'vpc' ? dstPlace.vpc : undefined) : srcVpc;
    return {
      name,
      allowed: false,
      unknown: true,
      decidedBy: which.map((s) => `${s} (VPC unknown)`).join(', '),
      detail: `the template does not say which VPC ${which.join(' and ')} ${which.length === 1 ? 'is' : 'are'} in: `
        + `whether ${srcSubnet}'s traffic to ${addressText(dstAddr)} takes the local route${other ? ` of ${other}` : ''} or a route out of the VPC (and which) is unknown`,
    };
  }

  /**
   * For a network end inside another VPC of the template (a CIDR end): the route tables of that
   * VPC's subnets that hold its addresses must send the other end's address to that end's VPC. The
   * step of the first that does not; undefined when the end is not such a network.
   */
  public networkSide(e: EndpointSpec, ePlace: Place, otherPlace: Place, otherAddr: Address, direction: 'from' | 'back'): StepResult | undefined {
    if (e.outside !== 'network' || ePlace.kind !== 'vpc' || otherPlace.kind !== 'vpc' || ePlace.vpc === otherPlace.vpc) return undefined;
    const name = direction === 'from' ? `route from ${e.label}: its subnets' route tables` : `return route: the route tables of ${e.label} (replies)`;
    const holding = [...this.t.subnets.values()].filter((s) => s.vpc === ePlace.vpc && overlaps(s.cidr, e.address) !== 'no');
    if (holding.length === 0) {
      return { name, allowed: false, unknown: true, decidedBy: ePlace.vpc, detail: `no subnet of ${ePlace.vpc} in the template holds ${addressText(e.address)}: which route table carries its traffic to ${addressText(otherAddr)} is unknown` };
    }
    const each = holding.map((s) => this.leave(name, s.id, this.tableOf(s.id, s), e.address, otherPlace, otherAddr, ePlace.vpc, 0));
    const all = each.flat();
    const bad = all.find((x) => !x.allowed && !x.unknown) ?? all.find((x) => !x.allowed);
    if (bad) return bad;
    const steps = each.map((x) => x[0]);
    const assumption = steps.find((x) => x.assumption)?.assumption;
    return {
      name,
      allowed: true,
      decidedBy: [...new Set(steps.map((x) => x.decidedBy))].join(', '),
      detail: `the subnets of ${ePlace.vpc} that hold ${addressText(e.address)} (${holding.map((s) => s.id).join(', ')}): ${steps.map((x) => x.detail).join('; ')}`,
      ...(assumption ? { assumption } : {}),
    };
  }

  /**
   * The route out of a subnet to a place outside its VPC, and what its target makes of it. `depth`
   * is 1 for a NAT gateway's own subnet (no second NAT gateway is followed).
   */
  private leave(name: string, subnetId: string, table: TableOf, srcAddr: Address, dstPlace: Place, dstAddr: Address,
    srcVpc: string | undefined, depth: number): StepResult[] {
    const via = this.lookupStep(name, subnetId, table, dstAddr, dstPlace.kind === 's3');
    if (via.step) return [via.step];
    const dst = addressText(dstAddr);
    if (via.assumed) {
      const a = via.assumed;
      if (a.via === 'internetGateway' && (dstPlace.kind === 'vpc' || isPrivate(dstAddr))) {
        return [{ name, allowed: false, decidedBy: a.text, detail: `${via.tableText} sends ${dst} to an internet gateway (stated: ${a.text}), which does not carry private addresses` }];
      }
      if (a.via === 'natGateway' && dstPlace.kind === 'vpc') {
        return [{ name, allowed: false, unknown: true, decidedBy: a.text, detail: `${via.tableText} sends ${dst} to a NAT gateway (stated: ${a.text}): where the NAT gateway sends it is outside the template` }];
      }
      return [assumedStep(name, a, `${via.tableText} sends ${dst} ${viaText(a)}`)];
    }
    const r = via.route!;
    const sends = `${via.tableText} sends ${dst} to ${targetText(r)} (${addressText(r.destination)})`;
    if (r.targetKind === 'natGateway') {
      return this.throughNat(name, r, sends, subnetId, srcAddr, dstPlace, dstAddr, srcVpc, depth);
    }
    return [this.judge(name, r, sends, dstPlace, dstAddr, srcVpc, 'out')];
  }

  /** A route that leaves the VPC (not through a NAT gateway), judged by what it names and where the traffic goes. */
  private judge(name: string, r: Route, sends: string, place: Place, addr: Address, ownVpc: string | undefined, direction: 'out' | 'back'): StepResult {
    const a = addressText(addr);
    const blocked = (why: string): StepResult => ({ name, allowed: false, decidedBy: r.id, detail: `${sends}${why}` });
    const reply = direction === 'back' ? ' (the replies cannot go back)' : '';
    switch (r.targetKind) {
      case 'internetGateway':
        if (place.kind === 'vpc') return blocked(`, which does not carry traffic to another VPC's private addresses${reply}: a peering connection or a transit gateway is missing`);
        if (isPrivate(addr)) return blocked(`, which does not carry private addresses${reply}: a route to the network (a peering connection, a transit gateway, a VPN) is missing`);
        return { name, allowed: true, decidedBy: r.id, detail: sends };
      case 'peering':
        return this.peeringStep(name, r, sends, place, a, ownVpc, reply);
      case 'natGateway':
        return blocked(`: a NAT gateway carries only the connections it opens, not replies to connections opened from ${a}`);
      case 'egressOnlyInternetGateway':
        return blocked(', which carries IPv6 traffic only');
      case 'local':
        return blocked(`: the local target carries only the VPC's own addresses, and ${a} is not one`);
      case 'none':
        return { name, allowed: false, unknown: true, decidedBy: r.id, detail: `${sends}: the route names no target the model reads` };
      case 'carrierGateway':
        // https://docs.aws.amazon.com/vpc/latest/userguide/Carrier_Gateway.html
        return opaqueStep(name, r, `${sends}: a carrier gateway (Wavelength Zones) carries to the carrier network and the internet only the traffic of `
          + `network interfaces with a carrier IP address in a Wavelength Zone subnet, which the template does not say: whether it ${direction === 'back' ? 'delivers the replies to' : 'reaches'} ${place.kind === 'internet' || place.kind === 's3' ? 'the internet' : a} is unknown`);
      default: {
        const opaque = OPAQUE_TARGETS[r.targetKind] ?? TARGET_NAMES[r.targetKind];
        const goal = place.kind === 'internet' || place.kind === 's3' ? 'the internet' : a;
        const what = direction === 'back' ? `delivers the replies to ${goal}` : `delivers to ${goal} and carries the replies back`;
        return opaqueStep(name, r, `${sends}: whether ${opaque} ${r.target} ${what} is outside the template`);
      }
    }
  }

  /** A peering connection carries traffic to its peer VPC only: no edge-to-edge routing, no transitive peering. */
  private peeringStep(name: string, r: Route, sends: string, place: Place, a: string, ownVpc: string | undefined, reply: string): StepResult {
    const pcx = this.t.peerings.get(r.target);
    if (place.kind === 'internet' || place.kind === 's3') {
      return { name, allowed: false, decidedBy: r.id, detail: `${sends}: a peering connection carries no traffic to the internet (no edge-to-edge routing through the peer's internet or NAT gateway)${reply}` };
    }
    const why = this.t.conditionOf(pcx?.id);
    if (why) return opaqueStep(name, r, `${sends}, but ${why}: whether it leads to ${a} is unknown`);
    if (!pcx || pcx.vpc === undefined || pcx.peerVpc === undefined) {
      return opaqueStep(name, r, `${sends}: ${pcx ? `the VPCs peering connection ${r.target} connects are not both named` : `peering connection ${r.target} is outside the template`}, so whether it leads to ${a} is unknown`);
    }
    const peer = pcx.vpc === ownVpc ? pcx.peerVpc : pcx.peerVpc === ownVpc ? pcx.vpc : undefined;
    if (peer === undefined) {
      return { name, allowed: false, decidedBy: r.id, detail: `${sends}, which connects ${pcx.vpc} and ${pcx.peerVpc}, not ${ownVpc ?? 'this VPC'}${reply}` };
    }
    if (place.kind === 'vpc') {
      if (place.vpc === peer) return { name, allowed: true, decidedBy: r.id, detail: `${sends}, which connects ${ownVpc} and ${peer}` };
      return { name, allowed: false, decidedBy: r.id, detail: `${sends}, which leads to ${peer}, not to ${place.vpc} (peering is not transitive)${reply}` };
    }
    if (this.t.vpcBlocks.has(peer)) {
      return { name, allowed: false, decidedBy: r.id, detail: `${sends}, which leads to ${peer}, and ${a} is not in ${peer} (no edge-to-edge routing: the peer's transit gateways, VPNs and peerings are not used)${reply}` };
    }
    return opaqueStep(name, r, `${sends}, which leads to ${peer}, outside the template: whether ${a} is in it is unknown`);
  }

  /**
   * Through a NAT gateway: the route to it, its subnet's network ACL both ways (the engine's hop),
   * and its own way out: a private NAT gateway never reaches the internet, a public one only through
   * its own subnet's route to an internet gateway.
   */
  private throughNat(name: string, r: Route, sends: string, srcSubnet: string, srcAddr: Address, dstPlace: Place, dstAddr: Address,
    srcVpc: string | undefined, depth: number): StepResult[] {
    const route: StepResult = { name, allowed: true, decidedBy: r.id, detail: sends };
    if (depth > 0) {
      return [{ name, allowed: false, unknown: true, decidedBy: r.id, detail: `${sends}: a NAT gateway behind a NAT gateway is not followed` }];
    }
    const natSubnetId = this.t.natGateways.get(r.target);
    if (natSubnetId === undefined) {
      return [{ name, allowed: false, unknown: true, decidedBy: r.id, detail: `${sends}: NAT gateway ${r.target} is outside the template, so its own way out is unknown` }];
    }
    const why = this.t.conditionOf(r.target);
    if (why) {
      return [{ name, allowed: false, unknown: true, decidedBy: r.target, resource: r.target, detail: `${sends}, but ${why}: whether it carries the traffic is unknown` }];
    }
    const hop = this.natHop(r.target, natSubnetId, srcSubnet, srcAddr, dstAddr);
    const outName = `NAT gateway ${r.target}: its own way out (its subnet's route table)`;
    const connectivity = this.t.natConnectivity.get(r.target) ?? 'public';
    const internet = dstPlace.kind === 'internet' || dstPlace.kind === 's3';
    if (connectivity === 'private' && internet) {
      return [route, ...hop, { name: outName, allowed: false, decidedBy: r.target, detail: `${r.target} is a private NAT gateway (ConnectivityType: private): it has no way to the internet` }];
    }
    if (connectivity !== 'public' && connectivity !== 'private') {
      return [route, ...hop, { name: outName, allowed: false, unknown: true, decidedBy: r.target, detail: `the ConnectivityType of ${r.target} is ${connectivity}, which the model cannot resolve: whether it reaches ${addressText(dstAddr)} is unknown` }];
    }
    const natSubnet = this.t.subnets.get(natSubnetId);
    const natTable = this.tableOf(natSubnetId, natSubnet);
    const out = this.leave(outName, natSubnetId, natTable, srcAddr, dstPlace, dstAddr, natSubnet?.vpc ?? srcVpc, depth + 1);
    return [route, ...hop, ...out];
  }

  /**
   * The implicit local route, when the address is in one of the VPC's blocks (secondary ones
   * included), and whether a route more specific than it takes the traffic through an appliance.
   * Undefined when the address is not in the VPC.
   */
  private localStep(name: string, subnet: Subnet, addr: Address, network = false): StepResult | undefined {
    const blocks = subnet.vpc !== undefined ? this.t.vpcBlocks.get(subnet.vpc) ?? [] : [];
    const block = blocks.find((b) => contains(b, addr) === 'yes');
    if (!block) {
      // a network end and a block of the VPC the model cannot compare (an IPAM pool's, a parameter's): it may be local
      const unsure = network ? blocks.find((b) => contains(b, addr) === 'unknown' && overlaps(b, addr) !== 'no') : undefined;
      if (!unsure) return undefined;
      return {
        name,
        allowed: false,
        unknown: true,
        decidedBy: `${subnet.vpc} (${addressText(unsure)})`,
        detail: `${subnet.vpc} has the block ${addressText(unsure)}, which cannot be compared with ${addressText(addr)}: whether the implicit local route carries it (it is in the VPC) or another route does is unknown`,
      };
    }
    const table = this.tableOf(subnet.id, subnet);
    if (table.kind === 'table') {
      const middlebox = this.t.routes.find((r) => r.routeTable === table.id && !r.ipv6 && r.targetKind !== 'local'
        && contains(block, r.destination) === 'yes' && overlaps(r.destination, addr) !== 'no');
      if (middlebox) {
        return opaqueStep(name, middlebox,
          `${table.id} sends ${addressText(middlebox.destination)} to ${targetText(middlebox)}, more specific than the local route for ${addressText(block)}: traffic to ${addressText(addr)} goes through it, and what it forwards is outside the template`);
      }
    }
    return { name, allowed: true, decidedBy: 'local', detail: `${addressText(addr)} is inside the VPC (${addressText(block)}): the route table's implicit local route carries it` };
  }

  /** The route table of a subnet: its association in the template, else its VPC's main route table. */
  private tableOf(id: string, s: Subnet | undefined): TableOf {
    if (s?.routeTable) return { kind: 'table', id: s.routeTable };
    if (s && !s.outside && s.vpc !== undefined && this.t.vpcs.has(s.vpc)) return { kind: 'main', vpc: s.vpc };
    return { kind: 'unknown', why: s?.outside ? `subnet ${id} has no route table association in the template: its route table is outside the template` : `the route table of ${id} is not in the template` };
  }

  /**
   * The route the subnet's table takes for an address, or the step that says why the model cannot
   * tell (a table outside the template, a route it cannot compare) or that there is none.
   */
  private lookupStep(name: string, subnetId: string, table: TableOf, addr: Address, s3 = false):
  { step?: StepResult; route?: Route; assumed?: AssumedRoute; tableText: string; where: string } {
    const found = this.lookupIn(name, subnetId, table, addr, s3);
    const where = table.kind === 'table' ? `${table.id} of ${subnetId}` : table.kind === 'main' ? `the main route table of ${table.vpc} (of ${subnetId})` : `the route table of ${subnetId}`;
    return { ...found, where };
  }

  private lookupIn(name: string, subnetId: string, table: TableOf, addr: Address, s3: boolean):
  { step?: StepResult; route?: Route; assumed?: AssumedRoute; tableText: string } {
    const a = addressText(addr);
    const association = table.kind === 'table' ? this.t.routeTableAssociations.get(subnetId) : undefined;
    const unsure = this.t.conditionOf(association);
    if (table.kind === 'table' && unsure) {
      // the association may not exist: the subnet uses its table or its VPC's main route table
      return {
        tableText: table.id,
        step: {
          name,
          allowed: false,
          unknown: true,
          decidedBy: association!,
          resource: association,
          detail: `${unsure}: ${subnetId} uses ${table.id} or, without the association, its VPC's main route table, so the way to ${a} is unknown`,
        },
      };
    }
    const assumedHere = this.t.assumedRoutes.filter((x) => (table.kind === 'table' && x.routeTable === table.id) || x.subnet === subnetId);
    if (table.kind === 'unknown') {
      const assumed = bestAssumed(assumedHere, addr);
      if (assumed) return { assumed, tableText: `the route table of ${subnetId}` };
      return { tableText: subnetId, step: { name, allowed: false, unknown: true, decidedBy: `${subnetId} (route table outside the template)`, detail: `${table.why}, so the way to ${a} is unknown` } };
    }
    if (table.kind === 'main') {
      const assumed = bestAssumed(assumedHere, addr);
      const tableText = `the main route table of ${table.vpc}`;
      if (assumed) return { assumed, tableText };
      const loose = this.t.routes.filter((r) => !this.t.routeTableInTemplate(r.routeTable) && !this.associated(r.routeTable));
      if (loose.length > 0) {
        return { tableText, step: { name, allowed: false, unknown: true, decidedBy: `${subnetId} (main route table of ${table.vpc})`, detail: `${subnetId} has no route table association: it uses ${tableText}, and the template adds routes to route tables it names by id only (${[...new Set(loose.map((r) => r.routeTable))].join(', ')}), which may be it` } };
      }
      return { tableText, step: { name, allowed: false, decidedBy: `${subnetId} (main route table of ${table.vpc})`, detail: `${subnetId} has no route table association: it uses ${tableText}, which CloudFormation creates with only the local route (a template cannot add routes to it): no route to ${a}` } };
    }
    const id = table.id;
    const found = this.lookup(id, addr, assumedHere);
    const inTemplate = this.t.routeTableInTemplate(id);
    if (found.uncertain && !found.assumed) {
      const u = found.uncertain;
      return { tableText: id, step: opaqueStep(name, u, `${id} sends ${addressText(u.destination)} to ${targetText(u)}, which may cover ${a} (it cannot be compared, or it covers part of it): the route ${a} takes is unknown`) };
    }
    if (found.assumed) return { assumed: found.assumed, tableText: id };
    if (!inTemplate) {
      const best = found.route;
      return {
        tableText: id,
        step: {
          name,
          allowed: false,
          unknown: true,
          decidedBy: `${id} (route table outside the template)`,
          detail: best
            ? `route table ${id} is outside the template: the template's route ${best.id} sends ${a} to ${best.target} (${addressText(best.destination)}), but the table's own routes are unknown and a more specific one may take precedence`
            : `route table ${id} is outside the template: its routes are unknown, and no route of the template covers ${a}`,
        },
      };
    }
    if (!found.route) {
      const express = s3 ? this.t.endpoints.filter((e) => e.serviceKind === 's3express' && e.routeTables.includes(id)).map((e) => e.id) : [];
      const expressText = express.length > 0
        ? ` (gateway endpoint ${express.join(', ')} is for S3 Express One Zone (s3express): it carries directory-bucket traffic only, not S3)` : '';
      return { tableText: id, step: { name, allowed: false, decidedBy: id, detail: `${id} has no route to ${a}${s3 ? ` and no S3 gateway endpoint${expressText}` : ''}` } };
    }
    const why = this.t.conditionOf(found.route.id);
    if (why) {
      // the route may not exist: where the traffic goes is then up to a less specific one, or none
      const r = found.route;
      return { tableText: id, step: { ...opaqueStep(name, r, `${id} sends ${a} to ${targetText(r)} (${addressText(r.destination)}), but ${why}: the route ${a} takes is unknown`), resource: r.id } };
    }
    return { route: found.route, tableText: id };
  }

  /** The most specific route of a table for an address (a stated one wins a tie), and a route that makes the choice uncertain. */
  private lookup(table: string, addr: Address, assumedHere: AssumedRoute[]): Lookup {
    let best: Route | undefined;
    let uncertain: Route | undefined;
    for (const r of this.t.routes) {
      if (r.routeTable !== table || r.ipv6) continue;
      const c = contains(r.destination, addr);
      if (c === 'yes') {
        if (!best || prefixOf(r.destination) > prefixOf(best.destination)) best = r;
      } else if (overlaps(r.destination, addr) !== 'no') {
        uncertain = uncertain ?? r;
      }
    }
    const assumed = bestAssumed(assumedHere, addr);
    if (assumed && (!best || prefixOf(assumed.destination) >= prefixOf(best.destination))) {
      return { assumed, uncertain };
    }
    return { route: best, uncertain };
  }

  /** Whether a subnet association of the template names the route table. */
  private associated(table: string): boolean {
    return [...this.t.subnets.values()].some((s) => s.routeTable === table);
  }
}

function bestAssumed(list: AssumedRoute[], addr: Address): AssumedRoute | undefined {
  let best: AssumedRoute | undefined;
  for (const a of list) {
    if (contains(a.destination, addr) === 'yes' && (!best || prefixOf(a.destination) > prefixOf(best.destination))) best = a;
  }
  return best;
}

function assumedStep(name: string, a: AssumedRoute, detail: string): StepResult {
  return { name, allowed: true, decidedBy: `assumed: ${a.text}`, detail: `${detail} (assumed, not in the template)`, assumption: a.text };
}

function viaText(a: AssumedRoute): string {
  switch (a.via) {
    case 'internetGateway': return `to an internet gateway (stated: ${a.text})`;
    case 'natGateway': return `to a NAT gateway that reaches the internet (stated: ${a.text})`;
    default: return `to ${addressText(a.destination)} and the replies come back (stated: ${a.text})`;
  }
}

function opaqueStep(name: string, r: Route, detail: string): StepResult {
  return { name, allowed: false, unknown: true, decidedBy: r.id, detail };
}

function targetText(r: Route): string {
  return r.targetKind === 'none' ? 'no target' : r.targetKind === 'local' ? 'local' : `${TARGET_NAMES[r.targetKind]} ${r.target}`;
}

/** The private ranges (RFC 1918, and the shared range of RFC 6598) an internet gateway does not route. */
const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'].map(address);

export function isPrivate(a: Address): boolean {
  return PRIVATE_RANGES.some((r) => contains(r, a) === 'yes');
}

function prefixOf(a: Address): number {
  return a.kind === 'cidr' ? a.prefixLength : -1;
}
