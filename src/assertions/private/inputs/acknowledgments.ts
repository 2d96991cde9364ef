import { CfnResource, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** The construct metadata `Validations.of(x).acknowledge(...)` records (`Validations.ACKNOWLEDGED_RULES_METADATA_KEY`). */
export const ACKNOWLEDGED_RULES = 'aws:cdk:acknowledged-rules';

/** The name of the validation plugin: the namespace of its rule ids (`cdk-secure-alb::SecureAlb-…`). */
export const PLUGIN_NAME = 'cdk-secure-alb';

/** An acknowledgment recorded on a construct (or one above it). */
export interface Ack {
  /** The id as recorded (`cdk-secure-alb::SecureAlb-TGSG-IN-ICMP-PMTU`). */
  readonly id: string;
  readonly reason: string;
  /** The path of the construct it was recorded on. */
  readonly at: string;
}

/**
 * The rule id of a finding, without the plugin's namespace: `SecureAlb-<recommendation id>`, and
 * `SecureAlb-UNKNOWN-<recommendation id>` for an unknown finding (a kind of its own, never
 * acknowledged with the rule's findings).
 */
export function ruleIdOf(kind: string, recommendationId: string): string {
  return `SecureAlb-${kind === 'UNKNOWN' ? 'UNKNOWN-' : ''}${recommendationId}`;
}

/**
 * The acknowledgment of a rule among those of a resource: the id synth prints,
 * `cdk-secure-alb::SecureAlb-…`, or the plain `SecureAlb-…` (which aws-cdk-lib records as
 * `annotation::SecureAlb-…`) that earlier versions documented.
 */
export function acknowledgmentOf(acks: readonly Ack[], ruleId: string): Ack | undefined {
  return acks.find((a) => a.id === `${PLUGIN_NAME}::${ruleId}` || a.id === `annotation::${ruleId}` || a.id === ruleId);
}

/** The acknowledgments of metadata entries recorded at `at`. */
function acksIn(entries: ReadonlyArray<{ type?: unknown; data?: unknown }>, at: string): Ack[] {
  const out: Ack[] = [];
  for (const e of entries) {
    if (e?.type !== ACKNOWLEDGED_RULES || !e.data || typeof e.data !== 'object') continue;
    for (const [id, reason] of Object.entries(e.data as Record<string, unknown>)) out.push({ id, reason: String(reason), at });
  }
  return out;
}

/** The acknowledgments on a construct and every construct above it. */
export function acknowledgmentsAbove(construct: IConstruct): Ack[] {
  const out: Ack[] = [];
  for (let c: IConstruct | undefined = construct; c; c = c.node.scope) out.push(...acksIn(c.node.metadata, c.node.path));
  return out;
}

/** The acknowledgments that apply to each resource of a stack (its construct and those above it), by logical id. */
export function stackAcknowledgments(stack: Stack): Map<string, Ack[]> {
  const out = new Map<string, Ack[]>();
  for (const c of stack.node.findAll()) {
    if (CfnResource.isCfnResource(c) && Stack.of(c) === stack) out.set(stack.resolve(c.logicalId) as string, acknowledgmentsAbove(c));
  }
  return out;
}

/**
 * The acknowledgments that apply to each resource of a stack of a cloud assembly, by logical id, from
 * the stack artifact's metadata (by construct path: `aws:cdk:logicalId` entries name the resources,
 * `aws:cdk:acknowledged-rules` entries the acknowledgments, which apply at their path and below).
 * Acknowledgments recorded above the stack (on the app or a stage) are not in the assembly.
 */
export function metadataAcknowledgments(metadata: Record<string, ReadonlyArray<{ type?: unknown; data?: unknown }>>): Map<string, Ack[]> {
  // the assembly writes paths from the root (`/Stack/Acl`); a construct's path has no leading slash
  const byPath = Object.entries(metadata ?? {}).map(([p, entries]) => [p, acksIn(Array.isArray(entries) ? entries : [], p.replace(/^\//, ''))] as const)
    .filter(([, acks]) => acks.length > 0);
  const out = new Map<string, Ack[]>();
  for (const [p, entries] of Object.entries(metadata ?? {})) {
    for (const e of Array.isArray(entries) ? entries : []) {
      if (e?.type !== 'aws:cdk:logicalId' || typeof e.data !== 'string') continue;
      out.set(e.data, byPath.filter(([at]) => p === at || p.startsWith(at === '/' ? at : `${at}/`)).flatMap(([, acks]) => acks));
    }
  }
  return out;
}
