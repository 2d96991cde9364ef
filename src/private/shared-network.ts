import { Resource, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct, IConstruct } from 'constructs';

/**
 * What several constructs of one app share in a VPC: the network ACL of a subnet and the S3
 * gateway endpoint of a route table. A subnet has exactly one network ACL and a route table one
 * route to S3's prefix list, so every construct of this library that asks for them in one app gets
 * the same resource: the first one that asks creates it (in its own scope, so its construct id and
 * logical id do not depend on who else asks), the others add what they need to it.
 *
 * Claims are kept per app (the construct tree's root), keyed by subnet id and route-table id: the
 * token of a subnet created in the app, or the literal id of an imported one (the same subnet
 * imported in two stacks has the same id).
 */
interface Claims {
  readonly acls: Map<string, ec2.NetworkAcl>;
  readonly endpoints: Map<string, EndpointClaim>;
}

/** An S3 gateway endpoint of this library and what it was created with. */
export interface EndpointClaim {
  readonly endpoint: ec2.GatewayVpcEndpoint;
  /** The endpoint policy as a comparable text: two requests share an endpoint only with equal policies. */
  readonly policy: string;
}

const claimsByApp = new WeakMap<IConstruct, Claims>();

function claimsOf(scope: IConstruct): Claims {
  const root = scope.node.root;
  let claims = claimsByApp.get(root);
  if (!claims) {
    claims = { acls: new Map(), endpoints: new Map() };
    claimsByApp.set(root, claims);
  }
  return claims;
}

/** A subnet's key in the claims: its id (a token's text for a subnet of the app, else the literal id). */
function subnetKey(subnet: ec2.ISubnet): string {
  return subnet.subnetId;
}

/** A readable name of a subnet for messages: its path in the app, or its literal id. */
export function subnetName(subnet: ec2.ISubnet): string {
  return Token.isUnresolved(subnet.subnetId) ? subnet.node.path : subnet.subnetId;
}

/** Whether the subnet was created in this app (as opposed to imported by id or by lookup). */
export function isOwnedSubnet(subnet: ec2.ISubnet): boolean {
  return Resource.isOwnedResource(subnet);
}

/**
 * The network ACL of `subnets`: the one this library already associated with them in this app, or
 * a new one created as `scope`/`id` and associated with them. Subnets of the selection that have no
 * ACL yet are associated with the ACL the others have. Subnets whose ACLs differ are refused: one
 * ACL cannot be associated with a subnet that has another.
 *
 * @param who the construct and prop that asked, for errors
 */
export function networkAclFor(scope: Construct, id: string, vpc: ec2.IVpc, subnets: ec2.ISubnet[], who: string): ec2.NetworkAcl {
  const claims = claimsOf(scope).acls;
  const existing = new Set(subnets.map((s) => claims.get(subnetKey(s))).filter((a): a is ec2.NetworkAcl => a !== undefined));
  if (existing.size > 1) {
    const owners = [...existing].map((acl) => {
      const of = subnets.filter((s) => claims.get(subnetKey(s)) === acl).map(subnetName);
      return `${acl.node.path} (${of.join(', ')})`;
    });
    throw new Error(`${who} selects subnets that already have different network ACLs of this library: ${owners.join(' and ')}; a subnet has one network ACL, so select subnets that share one, or the same subnets as the other construct`);
  }
  const unclaimed = subnets.filter((s) => !claims.has(subnetKey(s)));
  const [shared] = existing;
  const acl = shared ?? new ec2.NetworkAcl(scope, id, { vpc, subnetSelection: { subnets } });
  if (shared && unclaimed.length > 0) {
    shared.associateWithSubnet('DefaultAssociation', { subnets: unclaimed });
  }
  for (const s of subnets) {
    claims.set(subnetKey(s), acl);
  }
  return acl;
}

/** The library's S3 endpoint claims of route tables, and records new ones. */
export function s3EndpointClaims(scope: IConstruct): Map<string, EndpointClaim> {
  return claimsOf(scope).endpoints;
}

/**
 * At synth, across the whole app: no subnet associated with two network ACLs and no route table
 * with two S3 gateway endpoints, where one of them is `ours`. Two constructs of this library share
 * them by construction; this catches the user's own `NetworkAcl`, `SubnetNetworkAclAssociation` or
 * `addGatewayEndpoint` on the same subnets and route tables, which CloudFormation would refuse (or,
 * for ACL associations, let the last one win).
 */
export function sharedNetworkConflicts(
  scope: IConstruct, who: string, ours: { acls?: ec2.NetworkAcl[]; endpoints?: ec2.GatewayVpcEndpoint[] },
): string[] {
  const errors: string[] = [];
  const index = networkIndex(scope.node.root);
  const ourAcls = new Set<IConstruct>(ours.acls ?? []);
  for (const [subnet, list] of index.associationsBySubnet) {
    const acls = new Set(list.map((a) => a.networkAclId));
    if (acls.size > 1 && list.some((a) => ourAcls.has(aclOwner(a) as IConstruct))) {
      errors.push(`${who}: the subnet ${describeSubnet(subnet, index.subnets)} is associated with two network ACLs (${list.map((a) => a.node.path).join(' and ')}); a subnet has one network ACL: remove one association, or let this construct's ACL carry your entries (\`addEntry\` with a rule number outside its band)`);
    }
  }
  const ourEndpoints = new Set((ours.endpoints ?? []).map((e) => e.node.defaultChild));
  for (const [table, list] of index.s3EndpointsByTable) {
    if (list.length > 1 && list.some((e) => ourEndpoints.has(e))) {
      errors.push(`${who}: the route table ${describeRouteTable(table, index.subnets)} has two S3 gateway endpoints (${list.map((e) => e.node.path).join(' and ')}); a route table has one route to S3's prefix list: remove one endpoint, or pass the existing one's route tables to neither`);
    }
  }
  return errors;
}

/** The app's subnet ACL associations and S3 gateway endpoints, found in one walk of the tree. */
interface NetworkIndex {
  readonly associationsBySubnet: Map<string, ec2.CfnSubnetNetworkAclAssociation[]>;
  readonly s3EndpointsByTable: Map<string, ec2.CfnVPCEndpoint[]>;
  readonly subnets: ec2.Subnet[];
}

const indexes = new WeakMap<IConstruct, NetworkIndex>();

/**
 * Indexes the app once per synth, for every construct's validation: validations run after the
 * construct tree is final (as `stackIndex` does per stack).
 */
function networkIndex(root: IConstruct): NetworkIndex {
  let index = indexes.get(root);
  if (!index) {
    const all = root.node.findAll();
    const associations = all.filter((c): c is ec2.CfnSubnetNetworkAclAssociation => c instanceof ec2.CfnSubnetNetworkAclAssociation);
    const s3EndpointsByTable = new Map<string, ec2.CfnVPCEndpoint[]>();
    for (const e of all.filter((c): c is ec2.CfnVPCEndpoint => c instanceof ec2.CfnVPCEndpoint && isS3Gateway(c))) {
      for (const table of new Set(e.routeTableIds ?? [])) {
        s3EndpointsByTable.set(table, [...(s3EndpointsByTable.get(table) ?? []), e]);
      }
    }
    index = {
      associationsBySubnet: groupBy(associations, (a) => a.subnetId),
      s3EndpointsByTable,
      subnets: all.filter((c): c is ec2.Subnet => c instanceof ec2.Subnet),
    };
    indexes.set(root, index);
  }
  return index;
}

/** The `NetworkAcl` construct an association belongs to (associations are created as its children). */
function aclOwner(a: ec2.CfnSubnetNetworkAclAssociation): IConstruct | undefined {
  return a.node.scope?.node.scope;
}

function isS3Gateway(e: ec2.CfnVPCEndpoint): boolean {
  const type = e.vpcEndpointType ?? 'Gateway';
  const service = JSON.stringify(Stack.of(e).resolve(e.serviceName));
  return type === 'Gateway' && /\.s3"/.test(service);
}

/** A subnet for messages: a literal id as it is, a subnet of the app by its path. */
function describeSubnet(id: string, subnets: ec2.Subnet[]): string {
  const subnet = Token.isUnresolved(id) ? subnets.find((c) => c.subnetId === id) : undefined;
  return subnet ? subnet.node.path : id;
}

/** A route table for messages: a literal id as it is, a route table of the app by the subnets that use it. */
function describeRouteTable(id: string, subnets: ec2.Subnet[]): string {
  if (!Token.isUnresolved(id)) {
    return id;
  }
  const using = subnets.filter((c) => c.routeTable.routeTableId === id);
  return using.length > 0 ? `of ${using.map((x) => x.node.path).join(', ')}` : id;
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    out.set(key(item), [...(out.get(key(item)) ?? []), item]);
  }
  return out;
}
