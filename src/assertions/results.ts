/** The model's answer for a flow or a step. */
export enum FlowVerdict {
  /** The template proves the traffic gets through. */
  ALLOWED = 'ALLOWED',
  /** A rule (or the absence of one) of the template blocks the traffic. */
  BLOCKED = 'BLOCKED',
  /**
   * Not proven either way: the answer depends on a value the model cannot resolve (a parameter
   * without a value, an import, a resource or rule outside the template, a condition that depends
   * on them). The step's detail names the value.
   */
  UNKNOWN = 'UNKNOWN',
}

/** One step of a flow: a security group or a network ACL that the traffic crosses. */
export interface FlowStep {
  /** What the step is, e.g. "destination security group ingress". */
  readonly name: string;
  /** Whether the step lets the traffic through (true only when `verdict` is `ALLOWED`). */
  readonly allowed: boolean;
  /** Allowed, blocked, or unknown (it depends on a value the model cannot resolve: see `detail`). */
  readonly verdict: FlowVerdict;
  /** The logical id of the rule or entry that decided (or the default that applied). */
  readonly decidedBy: string;
  /** The rule number of the deciding network ACL entry, for ACL steps. */
  readonly ruleNumber?: number;
  /** A one-line explanation. */
  readonly detail: string;
  /**
   * The route you vouched for (`TemplateModelOptions.assumedRoutes`) that this step passes by.
   *
   * @default - none: the step is decided by the template
   */
  readonly assumption?: string;
}

/** The answer of the reachability model for one flow. */
export interface FlowResult {
  /** Whether the connection and its replies get through (true only when `verdict` is `ALLOWED`). */
  readonly allowed: boolean;
  /**
   * Allowed, blocked (a step is known to block), or unknown (no step is known to block, but one
   * depends on a value the model cannot resolve).
   */
  readonly verdict: FlowVerdict;
  /** The source, as a readable name. */
  readonly source: string;
  /** The destination, as a readable name. */
  readonly destination: string;
  /** The TCP port. */
  readonly port: number;
  /** Every step, in the order the traffic crosses them (of the first blocked subnet pair, if any). */
  readonly steps: FlowStep[];
  /** A readable, multi-line explanation. */
  readonly explanation: string;
  /**
   * The routes you vouched for (`TemplateModelOptions.assumedRoutes`) the verdict depends on: an
   * ALLOWED verdict holds only if they are true.
   *
   * @default - none: the verdict depends on the template alone
   */
  readonly assumptions?: string[];
}

/** What a finding says about a recommended rule. */
export enum FindingKind {
  /** The recommended rule is missing: traffic the load balancer needs is blocked. */
  MISSING = 'MISSING',
  /** A rule is wider than recommended. */
  WIDER = 'WIDER',
  /** The template does not hold what the check needs (for example the targets). */
  UNKNOWN = 'UNKNOWN',
  /**
   * A recommended rule is missing that the template did not opt into (for example the path-MTU
   * ICMP rule on a template that has no ICMP type 3 rule anywhere and no intent metadata): a
   * warning, not an error.
   */
  ADVISORY = 'ADVISORY',
}

/** One result of the recommendation checks. */
export interface Finding {
  /** Missing, wider, or unknown. */
  readonly kind: FindingKind;
  /** The id of the recommendation (see `Recommendations`). */
  readonly recommendationId: string;
  /** The AWS documentation page of the recommendation. */
  readonly docUrl: string;
  /** The logical id of the load balancer. */
  readonly loadBalancer: string;
  /**
   * The logical id of the resource to change (security group, rule, network ACL entry, or the
   * network ACL whose final deny applies): acknowledge the finding on the construct that holds it.
   */
  readonly resource: string;
  /** What is wrong. */
  readonly message: string;
  /** A one-line fix. */
  readonly fix: string;
  /**
   * What the one rule or entry to fix was found missing or wider for: each subnet pair
   * (`subnet ↔ address`, for network ACL entries) or target group, once. Findings of one rule or
   * entry are one finding, whatever the number of subnet pairs or targets it affects.
   *
   * @default - the finding names no subnet, address or target group
   */
  readonly affected?: string[];
  /**
   * The acknowledgment recorded on the construct that holds the finding's resource (or one above
   * it), when the finding was asked for with `includeAcknowledged`.
   *
   * @default - not acknowledged
   */
  readonly acknowledgment?: FindingAcknowledgment;
}

/**
 * An acknowledgment of a finding, recorded with
 * `Validations.of(construct).acknowledge({ id: 'cdk-secure-alb::SecureAlb-<recommendation id>', reason })`.
 */
export interface FindingAcknowledgment {
  /** The id as recorded (`cdk-secure-alb::SecureAlb-TGSG-IN-ICMP-PMTU`). */
  readonly id: string;
  /** The reason given. */
  readonly reason: string;
  /** The path of the construct it was recorded on. */
  readonly constructPath: string;
}

/** One row of a flows report: a flow around a load balancer and the model's verdict. */
export interface FlowRow {
  /** The logical id of the load balancer the row belongs to. */
  readonly loadBalancer: string;
  /** The source (a CIDR, a security group, the load balancer). */
  readonly from: string;
  /** The destination. */
  readonly to: string;
  /** The ports, as the rule names them (`80`, `1024-65535`, `all`). */
  readonly ports: string;
  /** Whether the model lets the flow through (security groups, ACLs and return traffic); true only when `verdict` is `ALLOWED`. */
  readonly allowed: boolean;
  /** Allowed, blocked, or unknown (it depends on a value the model cannot resolve: `decidedBy` names it). */
  readonly verdict: FlowVerdict;
  /** The rule that opens the flow, or the step that blocks it (or leaves it unknown). */
  readonly decidedBy: string;
  /**
   * The routes you vouched for (`TemplateModelOptions.assumedRoutes`) an ALLOWED row depends on.
   *
   * @default - none: the row depends on the template alone
   */
  readonly assumptions?: string[];
}
