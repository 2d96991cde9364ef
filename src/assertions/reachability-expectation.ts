import { FlowVerdict } from './results';

/**
 * What the reachability model expects of one VPC Reachability Analyzer analysis in a template (an
 * `AWS::EC2::NetworkInsightsAnalysis` of an `AWS::EC2::NetworkInsightsPath`, such as those
 * `ReachabilityProof` adds): after deploy, AWS's `NetworkPathFound` should equal
 * `expectedPathFound`. A disagreement is a bug of the model (or a change made outside the
 * template): report it with the template and the analysis's explanation codes.
 */
export interface ReachabilityExpectation {
  /** The logical id of the `AWS::EC2::NetworkInsightsAnalysis`. */
  readonly analysis: string;
  /**
   * The logical id of its `AWS::EC2::NetworkInsightsPath`.
   *
   * @default - the analysis names no path of the template
   */
  readonly path?: string;
  /** The path's `Name` tag, or its logical id. */
  readonly description: string;
  /** The model's verdict for the path: `ALLOWED`, `BLOCKED`, or `UNKNOWN` when it cannot say. */
  readonly verdict: FlowVerdict;
  /**
   * What Reachability Analyzer should answer: `true` for `ALLOWED`, `false` for `BLOCKED`.
   *
   * @default - no expectation: the model's verdict is `UNKNOWN` (the explanation says why)
   */
  readonly expectedPathFound?: boolean;
  /** Every hop and step the model followed, or why it cannot say. */
  readonly explanation: string;
}
