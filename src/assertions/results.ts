/** One step of a flow: a security group or a network ACL that the traffic crosses. */
export interface FlowStep {
  /** What the step is, e.g. "destination security group ingress". */
  readonly name: string;
  /** Whether the step lets the traffic through. */
  readonly allowed: boolean;
  /** The logical id of the rule or entry that decided (or the default that applied). */
  readonly decidedBy: string;
  /** The rule number of the deciding network ACL entry, for ACL steps. */
  readonly ruleNumber?: number;
  /** A one-line explanation. */
  readonly detail: string;
}

/** The answer of the reachability model for one flow. */
export interface FlowResult {
  /** Whether the connection and its replies get through. */
  readonly allowed: boolean;
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
}

/** What a finding says about a recommended rule. */
export enum FindingKind {
  /** The recommended rule is missing: traffic the load balancer needs is blocked. */
  MISSING = 'MISSING',
  /** A rule is wider than recommended. */
  WIDER = 'WIDER',
  /** The template does not hold what the check needs (for example the targets). */
  UNKNOWN = 'UNKNOWN',
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
}
