import * as U from './private/catalog';
import { LoadBalancerScheme, Recommendation } from './recommendation';

/**
 * The rules the Elastic Load Balancing guide recommends, as data: each row has a stable id and a
 * link to the page it comes from. Each constant is named as its row's id (`TGSG_IN_TARGET` is
 * `TGSG-IN-TARGET`); the older names (`TARGET_SG_IN_TARGET`) remain as deprecated aliases. Each row
 * is one unit of this library (its check, and the rules or entries the builders add for it), one
 * file per row.
 */
export class Recommendations {
  /** LB SG, internet-facing: inbound from 0.0.0.0/0 on the listener port (`LBSG-IN-LISTENER-INTERNET`). */
  public static readonly LBSG_IN_LISTENER_INTERNET = U.LBSG_IN_LISTENER_INTERNET.row;
  /** LB SG, internal: inbound from the VPC CIDR (and the client networks) on the listener port (`LBSG-IN-LISTENER-VPC`). */
  public static readonly LBSG_IN_LISTENER_VPC = U.LBSG_IN_LISTENER_VPC.row;
  /** LB SG: outbound to the target security group on the target port (`LBSG-OUT-TARGET`). */
  public static readonly LBSG_OUT_TARGET = U.LBSG_OUT_TARGET.row;
  /** LB SG: outbound to the target security group on the health-check port (`LBSG-OUT-HEALTH-CHECK`). */
  public static readonly LBSG_OUT_HEALTH_CHECK = U.LBSG_OUT_HEALTH_CHECK.row;
  /** Target SG: inbound from the LB security group on the target port (`TGSG-IN-TARGET`). */
  public static readonly TGSG_IN_TARGET = U.TGSG_IN_TARGET.row;
  /** Target SG: inbound from the LB security group on the health-check port (`TGSG-IN-HEALTH-CHECK`). */
  public static readonly TGSG_IN_HEALTH_CHECK = U.TGSG_IN_HEALTH_CHECK.row;
  /** Target SG: inbound ICMP type 3 code 4 ("fragmentation needed") for path MTU discovery (`TGSG-IN-ICMP-PMTU`). */
  public static readonly TGSG_IN_ICMP_PMTU = U.TGSG_IN_ICMP_PMTU.row;
  /** LB subnet ACL, internet-facing: inbound from 0.0.0.0/0 on the listener port (`LBACL-IN-LISTENER-INTERNET`). */
  public static readonly LBACL_IN_LISTENER_INTERNET = U.LBACL_IN_LISTENER_INTERNET.row;
  /** LB subnet ACL, internal: inbound from the VPC CIDR on the listener port (`LBACL-IN-LISTENER-VPC`). */
  public static readonly LBACL_IN_LISTENER_VPC = U.LBACL_IN_LISTENER_VPC.row;
  /** LB subnet ACL: inbound from the VPC CIDR on the ephemeral ports (`LBACL-IN-EPHEMERAL-VPC`). */
  public static readonly LBACL_IN_EPHEMERAL_VPC = U.LBACL_IN_EPHEMERAL_VPC.row;
  /** LB subnet ACL: outbound to the VPC CIDR on the target port (`LBACL-OUT-TARGET`). */
  public static readonly LBACL_OUT_TARGET = U.LBACL_OUT_TARGET.row;
  /** LB subnet ACL: outbound to the VPC CIDR on the health-check port (`LBACL-OUT-HEALTH-CHECK`). */
  public static readonly LBACL_OUT_HEALTH_CHECK = U.LBACL_OUT_HEALTH_CHECK.row;
  /** LB subnet ACL, internet-facing: outbound to 0.0.0.0/0 on the ephemeral ports (`LBACL-OUT-EPHEMERAL-INTERNET`). */
  public static readonly LBACL_OUT_EPHEMERAL_INTERNET = U.LBACL_OUT_EPHEMERAL_INTERNET.row;
  /** LB subnet ACL, internal: outbound to the VPC CIDR on the ephemeral ports (`LBACL-OUT-EPHEMERAL-VPC`). */
  public static readonly LBACL_OUT_EPHEMERAL_VPC = U.LBACL_OUT_EPHEMERAL_VPC.row;
  /** Target subnet ACL: inbound from the VPC CIDR on the target port (`TGACL-IN-TARGET`). */
  public static readonly TGACL_IN_TARGET = U.TGACL_IN_TARGET.row;
  /** Target subnet ACL: inbound from the VPC CIDR on the health-check port (`TGACL-IN-HEALTH-CHECK`). */
  public static readonly TGACL_IN_HEALTH_CHECK = U.TGACL_IN_HEALTH_CHECK.row;
  /** Target subnet ACL: outbound to the VPC CIDR on the ephemeral ports (`TGACL-OUT-EPHEMERAL-VPC`). */
  public static readonly TGACL_OUT_EPHEMERAL_VPC = U.TGACL_OUT_EPHEMERAL_VPC.row;
  /** LB SG, when a listener authenticates users: outbound to the identity providers on HTTPS (`LBSG-OUT-IDP`). */
  public static readonly LBSG_OUT_IDP = U.LBSG_OUT_IDP.row;
  /** LB subnet ACL, when a listener authenticates users: outbound to the identity providers on HTTPS (`LBACL-OUT-IDP`). */
  public static readonly LBACL_OUT_IDP = U.LBACL_OUT_IDP.row;
  /** LB subnet ACL, when a listener authenticates users: inbound from the identity providers on the ephemeral ports (`LBACL-IN-EPHEMERAL-IDP`). */
  public static readonly LBACL_IN_EPHEMERAL_IDP = U.LBACL_IN_EPHEMERAL_IDP.row;

  /** @deprecated use `Recommendations.LBSG_IN_LISTENER_INTERNET` (the constant named as the row's id) */
  public static readonly LB_SG_IN_LISTENER_INTERNET = U.LBSG_IN_LISTENER_INTERNET.row;
  /** @deprecated use `Recommendations.LBSG_IN_LISTENER_VPC` (the constant named as the row's id) */
  public static readonly LB_SG_IN_LISTENER_VPC = U.LBSG_IN_LISTENER_VPC.row;
  /** @deprecated use `Recommendations.LBSG_OUT_TARGET` (the constant named as the row's id) */
  public static readonly LB_SG_OUT_TARGET = U.LBSG_OUT_TARGET.row;
  /** @deprecated use `Recommendations.LBSG_OUT_HEALTH_CHECK` (the constant named as the row's id) */
  public static readonly LB_SG_OUT_HEALTH_CHECK = U.LBSG_OUT_HEALTH_CHECK.row;
  /** @deprecated use `Recommendations.TGSG_IN_TARGET` (the constant named as the row's id) */
  public static readonly TARGET_SG_IN_TARGET = U.TGSG_IN_TARGET.row;
  /** @deprecated use `Recommendations.TGSG_IN_HEALTH_CHECK` (the constant named as the row's id) */
  public static readonly TARGET_SG_IN_HEALTH_CHECK = U.TGSG_IN_HEALTH_CHECK.row;
  /** @deprecated use `Recommendations.TGSG_IN_ICMP_PMTU` (the constant named as the row's id) */
  public static readonly TARGET_SG_IN_ICMP_PMTU = U.TGSG_IN_ICMP_PMTU.row;

  /** @deprecated use `Recommendations.LBACL_IN_LISTENER_INTERNET` (the constant named as the row's id) */
  public static readonly LB_ACL_IN_LISTENER_INTERNET = U.LBACL_IN_LISTENER_INTERNET.row;
  /** @deprecated use `Recommendations.LBACL_IN_LISTENER_VPC` (the constant named as the row's id) */
  public static readonly LB_ACL_IN_LISTENER_VPC = U.LBACL_IN_LISTENER_VPC.row;
  /** @deprecated use `Recommendations.LBACL_IN_EPHEMERAL_VPC` (the constant named as the row's id) */
  public static readonly LB_ACL_IN_EPHEMERAL_VPC = U.LBACL_IN_EPHEMERAL_VPC.row;
  /** @deprecated use `Recommendations.LBACL_OUT_TARGET` (the constant named as the row's id) */
  public static readonly LB_ACL_OUT_TARGET = U.LBACL_OUT_TARGET.row;
  /** @deprecated use `Recommendations.LBACL_OUT_HEALTH_CHECK` (the constant named as the row's id) */
  public static readonly LB_ACL_OUT_HEALTH_CHECK = U.LBACL_OUT_HEALTH_CHECK.row;
  /** @deprecated use `Recommendations.LBACL_OUT_EPHEMERAL_INTERNET` (the constant named as the row's id) */
  public static readonly LB_ACL_OUT_EPHEMERAL_INTERNET = U.LBACL_OUT_EPHEMERAL_INTERNET.row;
  /** @deprecated use `Recommendations.LBACL_OUT_EPHEMERAL_VPC` (the constant named as the row's id) */
  public static readonly LB_ACL_OUT_EPHEMERAL_VPC = U.LBACL_OUT_EPHEMERAL_VPC.row;
  /** @deprecated use `Recommendations.TGACL_IN_TARGET` (the constant named as the row's id) */
  public static readonly TARGET_ACL_IN_TARGET = U.TGACL_IN_TARGET.row;
  /** @deprecated use `Recommendations.TGACL_IN_HEALTH_CHECK` (the constant named as the row's id) */
  public static readonly TARGET_ACL_IN_HEALTH_CHECK = U.TGACL_IN_HEALTH_CHECK.row;
  /** @deprecated use `Recommendations.TGACL_OUT_EPHEMERAL_VPC` (the constant named as the row's id) */
  public static readonly TARGET_ACL_OUT_EPHEMERAL_VPC = U.TGACL_OUT_EPHEMERAL_VPC.row;

  /** @deprecated use `Recommendations.LBSG_OUT_IDP` (the constant named as the row's id) */
  public static readonly LB_SG_OUT_IDP = U.LBSG_OUT_IDP.row;
  /** @deprecated use `Recommendations.LBACL_OUT_IDP` (the constant named as the row's id) */
  public static readonly LB_ACL_OUT_IDP = U.LBACL_OUT_IDP.row;
  /** @deprecated use `Recommendations.LBACL_IN_EPHEMERAL_IDP` (the constant named as the row's id) */
  public static readonly LB_ACL_IN_EPHEMERAL_IDP = U.LBACL_IN_EPHEMERAL_IDP.row;

  /** Every recommendation, in table order. */
  public static all(): Recommendation[] {
    return U.UNITS.map((u) => u.row);
  }

  /** The recommendations that apply to a load balancer of the given scheme. */
  public static forScheme(scheme: LoadBalancerScheme): Recommendation[] {
    return Recommendations.all().filter((r) => r.scheme === LoadBalancerScheme.ANY || scheme === LoadBalancerScheme.ANY || r.scheme === scheme);
  }

  /** Looks a recommendation up by id; throws for an unknown id. */
  public static byId(id: string): Recommendation {
    const found = Recommendations.all().find((r) => r.id === id);
    if (!found) {
      throw new Error(`Recommendations.byId: unknown id '${id}'; expected one of ${Recommendations.all().map((r) => r.id).join(', ')}`);
    }
    return found;
  }

  private constructor() {}
}
