// Internal: the registry. A new recommendation is one file under ./units plus one line here (and
// one constant in ../recommendations.ts for the public name); the checks and the builders (security
// groups and network ACLs) pick it up from these lists.
import { EXTENSIONS } from './extensions';
import { AclEntriesOf, RecommendationUnit, SgRulesOf } from './unit';
import { Recommendation } from '../recommendation';
import { LBACL_IN_EPHEMERAL_IDP } from './units/lbacl-in-ephemeral-idp';
import { LBACL_IN_EPHEMERAL_VPC } from './units/lbacl-in-ephemeral-vpc';
import { LBACL_IN_LISTENER_INTERNET } from './units/lbacl-in-listener-internet';
import { LBACL_IN_LISTENER_VPC } from './units/lbacl-in-listener-vpc';
import { LBACL_OUT_EPHEMERAL_INTERNET } from './units/lbacl-out-ephemeral-internet';
import { LBACL_OUT_EPHEMERAL_VPC } from './units/lbacl-out-ephemeral-vpc';
import { LBACL_OUT_HEALTH_CHECK } from './units/lbacl-out-health-check';
import { LBACL_OUT_IDP } from './units/lbacl-out-idp';
import { LBACL_OUT_TARGET } from './units/lbacl-out-target';
import { LBSG_IN_LISTENER_INTERNET } from './units/lbsg-in-listener-internet';
import { LBSG_IN_LISTENER_VPC } from './units/lbsg-in-listener-vpc';
import { LBSG_OUT_HEALTH_CHECK } from './units/lbsg-out-health-check';
import { LBSG_OUT_IDP } from './units/lbsg-out-idp';
import { LBSG_OUT_TARGET } from './units/lbsg-out-target';
import { TGACL_IN_HEALTH_CHECK } from './units/tgacl-in-health-check';
import { TGACL_IN_TARGET } from './units/tgacl-in-target';
import { TGACL_OUT_EPHEMERAL_VPC } from './units/tgacl-out-ephemeral-vpc';
import { TGSG_IN_HEALTH_CHECK } from './units/tgsg-in-health-check';
import { TGSG_IN_ICMP_PMTU } from './units/tgsg-in-icmp-pmtu';
import { TGSG_IN_TARGET } from './units/tgsg-in-target';

export {
  LBSG_IN_LISTENER_INTERNET, LBSG_IN_LISTENER_VPC, LBSG_OUT_TARGET, LBSG_OUT_HEALTH_CHECK,
  TGSG_IN_TARGET, TGSG_IN_HEALTH_CHECK, TGSG_IN_ICMP_PMTU,
  LBACL_IN_LISTENER_INTERNET, LBACL_IN_LISTENER_VPC, LBACL_IN_EPHEMERAL_VPC, LBACL_OUT_TARGET, LBACL_OUT_HEALTH_CHECK,
  LBACL_OUT_EPHEMERAL_INTERNET, LBACL_OUT_EPHEMERAL_VPC,
  TGACL_IN_TARGET, TGACL_IN_HEALTH_CHECK, TGACL_OUT_EPHEMERAL_VPC,
  LBSG_OUT_IDP, LBACL_OUT_IDP, LBACL_IN_EPHEMERAL_IDP,
};

/** Every documented recommendation, in table order (the README's table, `Recommendations.all()`). */
export const UNITS: RecommendationUnit[] = [
  LBSG_IN_LISTENER_INTERNET, LBSG_IN_LISTENER_VPC, LBSG_OUT_TARGET, LBSG_OUT_HEALTH_CHECK,
  TGSG_IN_TARGET, TGSG_IN_HEALTH_CHECK, TGSG_IN_ICMP_PMTU,
  LBACL_IN_LISTENER_INTERNET, LBACL_IN_LISTENER_VPC, LBACL_IN_EPHEMERAL_VPC, LBACL_OUT_TARGET, LBACL_OUT_HEALTH_CHECK,
  LBACL_OUT_EPHEMERAL_INTERNET, LBACL_OUT_EPHEMERAL_VPC,
  TGACL_IN_TARGET, TGACL_IN_HEALTH_CHECK, TGACL_OUT_EPHEMERAL_VPC,
  LBSG_OUT_IDP, LBACL_OUT_IDP, LBACL_IN_EPHEMERAL_IDP,
];

/** What the network-ACL builder adds: the documented rows' entries, then the extensions'. */
export const ACL_ENTRY_SOURCES: AclEntriesOf[] = [
  ...UNITS.flatMap((u) => (u.aclEntries ? [u.aclEntries] : [])).filter((e, i, all) => all.indexOf(e) === i),
  ...EXTENSIONS.flatMap((x) => (x.aclEntries ? [x.aclEntries] : [])),
];

/** What the security-group builder adds: the documented rows' rules, then the extensions'. */
export const SG_RULE_SOURCES: SgRulesOf[] = [
  ...UNITS.flatMap((u) => (u.sgRules ? [u.sgRules] : [])).filter((e, i, all) => all.indexOf(e) === i),
  ...EXTENSIONS.flatMap((x) => (x.sgRules ? [x.sgRules] : [])),
];

/** The unit of a public row. */
export function unitOf(row: Recommendation): RecommendationUnit {
  const unit = UNITS.find((u) => u.row === row);
  if (!unit) throw new Error(`internal error: no unit for the recommendation ${row.id}`);
  return unit;
}
