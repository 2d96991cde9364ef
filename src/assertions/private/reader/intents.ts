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
    const intent = intentOf(refs, r.Metadata?.[INTENT_METADATA_KEY]);
    if (!intent) continue;
    intents.set(id, intent);
    if (intent.vpc && !vpcs.has(intent.vpc) && intent.vpcCidr?.kind === 'cidr') {
      vpcs.set(intent.vpc, intent.vpcCidr);
    }
  }
  return intents;
}

function intentOf(refs: References, m: Value): Intent | undefined {
  if (!m || typeof m !== 'object' || Array.isArray(m)) return undefined;
  const cidrs = (v: Value) => (Array.isArray(v) ? v.filter(isCidrValue).map((c) => refs.cidr(c)) : undefined);
  return {
    vpc: m.vpcId === undefined ? undefined : refs.vpc(m.vpcId),
    vpcCidr: isCidrValue(m.vpcCidr) ? refs.cidr(m.vpcCidr) : undefined,
    clientCidrs: cidrs(m.clientCidrs),
    targetCidrs: cidrs(m.targetCidrs) ?? [],
    identityProviderCidrs: cidrs(m.identityProviderCidrs),
    targetSecurityGroups: asArray(m.targetSecurityGroups).filter(isString),
    targetSubnets: asArray(m.targetSubnets).map((v) => refs.logicalId(v) ?? (isString(v) ? v : undefined)).filter(isString),
  };
}
