import type { Intent } from './model';
import type { References } from './references';
import type { ResourceIndex, Value } from './template';
import { asArray, isCidrValue, isString } from './values';
import { INTENT_METADATA_KEY } from '../../../private/intent-metadata';
import type { Address } from '../addresses';

/**
 * The intent metadata of every load balancer (`INTENT_METADATA_KEY`, the shape `LoadBalancerIntent`),
 * read tolerantly. An imported VPC is known to the template only by its literal id: the intent's
 * CIDR for it is added to `vpcs`, so that groups and subnets of that VPC have an address.
 */
export function readIntents(index: ResourceIndex, refs: References, vpcs: Map<string, Address>): Map<string, Intent> {
  const intents = new Map<string, Intent>();
  for (const [id, , r] of index.ofType('AWS::ElasticLoadBalancingV2::LoadBalancer')) {
    const intent = intentOf(refs, r.Metadata?.[INTENT_METADATA_KEY], localId(index, id));
    if (!intent) continue;
    intents.set(id, intent);
    if (intent.vpc && !vpcs.has(intent.vpc) && intent.vpcCidr?.kind === 'cidr') {
      vpcs.set(intent.vpc, intent.vpcCidr);
    }
  }
  return intents;
}

/**
 * The intent names the construct's own target groups by bare logical id (its stack's): in a model of
 * several stacks, where ids are prefixed by the stack (`Web/Targets1234`), a bare id is the load
 * balancer's stack's resource of that id.
 */
function localId(index: ResourceIndex, loadBalancerId: string): (id: string) => string {
  const prefix = loadBalancerId.slice(0, loadBalancerId.lastIndexOf('/') + 1);
  return (id) => (index.get(id) === undefined && prefix !== '' && index.get(prefix + id) !== undefined ? prefix + id : id);
}

function intentOf(refs: References, m: Value, local: (id: string) => string): Intent | undefined {
  if (!m || typeof m !== 'object' || Array.isArray(m)) return undefined;
  const cidrs = (v: Value) => (Array.isArray(v) ? v.filter(isCidrValue).map((c) => refs.cidr(c)) : undefined);
  return {
    vpc: m.vpcId === undefined ? undefined : refs.vpc(m.vpcId),
    vpcCidr: isCidrValue(m.vpcCidr) ? refs.cidr(m.vpcCidr) : undefined,
    clientCidrs: cidrs(m.clientCidrs),
    targetCidrs: cidrs(m.targetCidrs) ?? [],
    identityProviderCidrs: cidrs(m.identityProviderCidrs),
    targetSecurityGroups: asArray(m.targetSecurityGroups).filter(isString).map(local),
    targetSubnets: asArray(m.targetSubnets).map((v) => refs.logicalId(v) ?? (isString(v) ? v : undefined)).filter(isString),
  };
}
