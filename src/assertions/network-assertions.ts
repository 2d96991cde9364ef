import { FlowEndpoint } from './flow-endpoint';
import { Finding, FindingKind, FlowResult, FlowVerdict } from './results';
import { CheckRecommendationsOptions, EvaluateOptions, TemplateModel } from './template-model';

/**
 * Assertions for unit tests (jest or any other runner): each throws an `Error` with a readable
 * explanation when it fails. No test framework is needed at run time.
 */
export class NetworkAssertions {
  /**
   * Throws unless `source` reaches `destination` on TCP `port` (and the replies come back). An
   * `UNKNOWN` verdict fails too, naming the step and the value the model cannot resolve.
   */
  public static assertReachable(
    model: TemplateModel, source: FlowEndpoint, destination: FlowEndpoint, port: number, options?: EvaluateOptions,
  ): void {
    const result = model.evaluate(source, destination, port, options);
    if (result.verdict === FlowVerdict.UNKNOWN) {
      throw new Error(`Expected the flow to be allowed, but it is UNKNOWN (not proven either way): ${unknownReason(result)}\n${result.explanation}`);
    }
    if (result.verdict !== FlowVerdict.ALLOWED) {
      throw new Error(`Expected the flow to be allowed, but it is blocked:\n${result.explanation}`);
    }
  }

  /**
   * Throws if `source` reaches `destination` on TCP `port`, or if the model cannot tell (the
   * verdict is `UNKNOWN`: the answer depends on a value the template does not resolve).
   */
  public static assertNotReachable(
    model: TemplateModel, source: FlowEndpoint, destination: FlowEndpoint, port: number, options?: EvaluateOptions,
  ): void {
    const result = model.evaluate(source, destination, port, options);
    if (result.verdict === FlowVerdict.UNKNOWN) {
      throw new Error(`Expected the flow to be blocked, but it is UNKNOWN (not proven either way): ${unknownReason(result)}\n${result.explanation}`);
    }
    if (result.verdict !== FlowVerdict.BLOCKED) {
      throw new Error(`Expected the flow to be blocked, but it is allowed:\n${result.explanation}`);
    }
  }

  /**
   * Throws if a load balancer of the template misses a recommended rule or has a rule wider than
   * recommended. `ignoredRecommendationIds` skips findings of those recommendations (say why in your test).
   * Findings acknowledged on the constructs (`Validations.of(x).acknowledge`, read from a stack or a
   * cloud assembly) pass, as in the validation plugin; `{ includeAcknowledged: true }` fails on them
   * too, each listed with its acknowledgment.
   */
  public static assertFollowsRecommendations(model: TemplateModel, ignoredRecommendationIds?: string[], options?: CheckRecommendationsOptions): void {
    const findings = model.checkRecommendations(options).filter((f) => !(ignoredRecommendationIds ?? []).includes(f.recommendationId));
    if (findings.length > 0) {
      throw new Error(`Expected every load balancer to follow the recommended rules, but found ${findings.length} finding(s):\n${NetworkAssertions.formatFindings(findings)}`);
    }
  }

  /**
   * One line per finding: `[MISSING LBSG-OUT-HEALTH-CHECK] message — fix: ...`; a finding that
   * affects several subnet pairs or target groups lists them after it (`affects 4: ...`), an
   * acknowledged one says so with its reason (`[MISSING X, acknowledged at Stack/Acl: reason]`).
   */
  public static formatFindings(findings: Finding[]): string {
    return findings.map((f) => {
      const affected = (f.affected?.length ?? 0) > 1 ? ` — affects ${f.affected!.length}: ${f.affected!.join('; ')}` : '';
      const ack = f.acknowledgment ? `, acknowledged at ${f.acknowledgment.constructPath}: ${f.acknowledgment.reason}` : '';
      return `  [${f.kind} ${f.recommendationId}${ack}] ${f.message} (resource: ${f.resource}) — fix: ${f.fix}${affected}`;
    }).join('\n');
  }

  /** Whether a finding reports a missing rule (traffic the load balancer needs is blocked). */
  public static isMissing(finding: Finding): boolean {
    return finding.kind === FindingKind.MISSING;
  }

  private constructor() {}
}

/** The first step that is only unknown, by name and detail. */
function unknownReason(result: FlowResult): string {
  const step = result.steps.find((s) => s.verdict === FlowVerdict.UNKNOWN);
  return step ? `step "${step.name}": ${step.detail}` : 'a step depends on what the template does not hold';
}
