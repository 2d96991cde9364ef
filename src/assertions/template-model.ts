import { join } from 'path';
import { Stack, Stage } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { FlowEndpoint, FlowEndpointKind } from './flow-endpoint';
import { assumedRoutes, checkAssumedRoutes } from './private/assumptions';
import { checkRecommendations } from './private/checks';
import { EndKind, resolveEnd } from './private/endpoints';
import { unreachable } from './private/exhaustive';
import { RawFinding } from './private/findings';
import { allowedFlows } from './private/flows';
import { Ack, acknowledgmentOf, ruleIdOf, stackAcknowledgments } from './private/inputs/acknowledgments';
import { assemblyStacks, fileStacks, nestedTemplateFinder, topLevelFileStacks } from './private/inputs/assembly';
import { readTemplateFile } from './private/inputs/files';
import { hasNestedStacks, mergeStacks, NestedTemplateFinder, StackInput } from './private/inputs/merge';
import { parseYamlTemplate } from './private/inputs/yaml';
import { proofExpectations } from './private/proof';
import { blockingStep, EndpointSpec, Reachability, StepResult } from './private/reach';
import { TemplateReader } from './private/reader';
import { ReachabilityExpectation } from './reachability-expectation';
import { Finding, FindingKind, FlowResult, FlowRow, FlowStep, FlowVerdict } from './results';
import { AssumedRouteTarget, RouteAssumption } from './route-assumption';
import { EPHEMERAL_PORTS, isPort } from '../private/network-util';
import { stackPrefix } from '../private/stack-prefix';

/**
 * Options of `TemplateModel.evaluate`.
 */
export interface EvaluateOptions {
  /**
   * The first port of the range replies come back to: the source's ephemeral ports, and a NAT
   * gateway's on the way (return traffic must pass every port of it).
   *
   * @default 1024 (with `ephemeralPortTo` unset too: 1024-65535 without 3389, the RDP port no
   * reply entry from everyone admits; operating systems do not pick it, a NAT gateway may, for 1
   * of 64,512 connections — give the range to measure it)
   */
  readonly ephemeralPortFrom?: number;

  /**
   * The last port of the source's ephemeral range.
   *
   * @default 65535
   */
  readonly ephemeralPortTo?: number;
}

/**
 * Options of `TemplateModel.checkRecommendations` and `NetworkAssertions.assertFollowsRecommendations`.
 */
export interface CheckRecommendationsOptions {
  /**
   * Return the findings acknowledged on the constructs too (`Validations.of(x).acknowledge` with
   * `cdk-secure-alb::SecureAlb-<id>`), each with its `acknowledgment` (id, reason, construct).
   * `assertFollowsRecommendations` then fails on them as well (to audit them).
   *
   * @default false - acknowledged findings are left out, as the validation plugin leaves them out
   */
  readonly includeAcknowledged?: boolean;
}

/**
 * Options of `TemplateModel.fromTemplate`, `fromJsonString`, `fromFile` and `fromStack`: the values
 * of the deploy the model is asked about.
 */
export interface TemplateModelOptions {
  /**
   * Values of the template's parameters, by name (a list parameter as one comma-separated string).
   *
   * @default - each parameter's `Default`; a parameter without one stays unresolved (a symbol)
   */
  readonly parameters?: Record<string, string>;

  /**
   * The region (`AWS::Region`, and what depends on it: conditions, `Fn::Sub`, `AWS::URLSuffix`).
   *
   * @default - unknown: a symbol
   */
  readonly region?: string;

  /**
   * The account id (`AWS::AccountId`).
   *
   * @default - unknown: a symbol
   */
  readonly account?: string;

  /**
   * Routes you vouch for that the template does not hold: the routes of an imported subnet's route
   * table, or what lies behind a transit gateway, virtual private gateway or peering connection the
   * template only names. A flow that takes one is ALLOWED assuming it (the explanation, the flow's
   * `assumptions`, the flows report and the CLI list it); without it, such a flow is UNKNOWN.
   *
   * @default - none: every route the template does not hold is unknown
   */
  readonly assumedRoutes?: RouteAssumption[];
}

/**
 * A CloudFormation template read for the reachability model and the recommendation checks:
 * security groups (inline rules, separate ingress/egress resources, CloudFormation's default egress),
 * network ACLs and their subnet associations (the default ACL where there is none), route tables,
 * gateway endpoints, load balancers, listeners and target groups. Works on any template, not only
 * on stacks built with this library.
 *
 * An imported VPC's subnets, route tables and security groups appear in a template as literal ids
 * (`subnet-0abc`, `rtb-0abc`, `sg-0abc`); they are part of the model all the same, with what the
 * template says of them (a subnet's network ACL association, routes added to a route table). What
 * the template does not hold (an imported subnet's existing network ACL, a route table's own
 * routes, an imported group's rules) is unknown: a flow that depends on it is not proven.
 */
export class TemplateModel {
  /** Reads a synthesized stack. */
  public static fromStack(stack: Stack, options: TemplateModelOptions = {}): TemplateModel {
    return new TemplateModel(Template.fromStack(stack).toJSON(), options, stackAcknowledgments(stack));
  }

  /** Reads an `aws-cdk-lib/assertions` template. */
  public static fromTemplate(template: Template, options: TemplateModelOptions = {}): TemplateModel {
    return new TemplateModel(template.toJSON(), options);
  }

  /**
   * Reads a template given as a JSON string. Parameters (their defaults, or `options.parameters`),
   * pseudo parameters, conditions and the intrinsic functions CloudFormation evaluates at deploy
   * are resolved first; what cannot be resolved stays a symbol, and a flow it decides is UNKNOWN.
   */
  public static fromJsonString(json: string, options: TemplateModelOptions = {}): TemplateModel {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch (e) {
      throw new Error(`TemplateModel.fromJsonString: not a JSON template (${(e as Error).message})`);
    }
    return new TemplateModel(parsed, options);
  }

  /**
   * Reads a template given as a YAML string, with CloudFormation's short-form tags (`!Ref`,
   * `!GetAtt`, `!Sub`, `!If`, ...), as CloudFormation reads YAML (version 1.1, without aliases,
   * merge keys and the `binary`, `omap`, `pairs`, `set` and `timestamp` types). Errors name the
   * line and column.
   */
  public static fromYamlString(yaml: string, options: TemplateModelOptions = {}): TemplateModel {
    return new TemplateModel(parseYamlTemplate(yaml, 'TemplateModel.fromYamlString'), options);
  }

  /**
   * Reads a template file, JSON or YAML (told apart by the content, not the extension), for
   * example `cdk.out/MyStack.template.json` or `template.yaml`. Errors name the file and the line.
   */
  public static fromFile(path: string, options: TemplateModelOptions = {}): TemplateModel {
    return new TemplateModel(readTemplateFile(path), options);
  }

  /**
   * Reads several template files as ONE model, so that a flow may cross stacks: an
   * `Fn::ImportValue` in one file resolves to what another file `Export`s, and a file whose name
   * ends another's nested stack `TemplateURL` (`.../infrastructure/vpc.yaml` and `vpc.yaml`) is read
   * as that nested stack, with the parameters the parent passes and its `Outputs` readable by
   * `Fn::GetAtt [Stack, Outputs.X]`. With more than one stack, logical ids are prefixed by the
   * stack's name, the file's base name without its extension: `network/Vpc` for `network.yaml`.
   * A parameter is given as `Name` (every stack that declares it) or `stack/Name`.
   */
  public static fromFiles(paths: string[], options: TemplateModelOptions = {}): TemplateModel {
    if (paths.length === 0) {
      throw new Error('TemplateModel.fromFiles: `paths` is empty; give at least one template file');
    }
    const { stacks, finder } = topLevelFileStacks(fileStacks(paths));
    return TemplateModel.fromStackInputs(stacks, finder, options);
  }

  /**
   * Reads a cloud assembly (a `cdk.out` directory) as ONE model: every stack of its
   * `manifest.json`, those of nested assemblies (stages) too; each nested stack from its template
   * asset (CDK's `aws:asset:path` metadata), with the parameters its parent passes and its
   * `Outputs` readable in the parent; `Fn::ImportValue` resolved against the `Export`s of the other
   * stacks. With more than one stack, logical ids are prefixed by the stack's display name
   * (`NetworkStack/Vpc8378EB38`, `Prod/NetworkStack/Vpc8378EB38`; a nested stack's by its parent
   * resource: `App/NetworkNestedStackResource/Vpc`); a single stack keeps its ids.
   * A parameter is given as `Name` (every stack that declares it) or `Stack/Name`.
   */
  public static fromCloudAssembly(dir: string, options: TemplateModelOptions = {}): TemplateModel {
    const stacks = assemblyStacks(dir);
    if (stacks.length === 0) {
      throw new Error(`TemplateModel.fromCloudAssembly: no aws:cloudformation:stack artifact in ${dir}/manifest.json`);
    }
    return TemplateModel.fromStackInputs(stacks, nestedTemplateFinder(), options);
  }

  /**
   * Reads several stacks of an app as ONE model, as `fromCloudAssembly` reads their cloud assembly
   * (each stack's app is synthesized, into its temporary output directory, once): logical ids
   * prefixed by the stack's path (`NetworkStack/Vpc8378EB38`), nested stacks and `Fn::ImportValue`
   * across the stacks resolved. `FlowEndpoint.fromConstruct` finds its construct's resource in it.
   * One stack without nested stacks keeps its ids, as `fromStack`.
   */
  public static fromStacks(stacks: Stack[], options: TemplateModelOptions = {}): TemplateModel {
    if (stacks.length === 0) {
      throw new Error('TemplateModel.fromStacks: `stacks` is empty; give at least one stack');
    }
    const inputs: StackInput[] = stacks.map((stack) => {
      if (stack.nested) {
        throw new Error(`TemplateModel.fromStacks: ${stack.node.path} is a nested stack; give its parent stack (its nested stacks are read with it)`);
      }
      const stage = Stage.of(stack);
      if (!stage) {
        throw new Error(`TemplateModel.fromStacks: ${stack.node.path} is not in an App or Stage`);
      }
      const artifact = stage.synth().getStackArtifact(stack.artifactId);
      const source = join(artifact.assembly.directory, artifact.templateFile);
      const acknowledgments = stackAcknowledgments(stack);
      return { name: stackPrefix(stack), template: artifact.template, source, stackName: artifact.stackName, acknowledgments };
    });
    return TemplateModel.fromStackInputs(inputs, nestedTemplateFinder(), options);
  }

  private static fromStackInputs(stacks: StackInput[], finder: NestedTemplateFinder, options: TemplateModelOptions): TemplateModel {
    if (stacks.length === 1 && !hasNestedStacks(stacks, finder)) {
      const params = Object.fromEntries(Object.entries(options.parameters ?? {}).map(([k, v]) => [k.startsWith(`${stacks[0].name}/`) ? k.slice(stacks[0].name.length + 1) : k, v]));
      try {
        return new TemplateModel(stacks[0].template, { ...options, parameters: params }, stacks[0].acknowledgments);
      } catch (e) {
        throw new Error(`${stacks[0].source}: ${(e as Error).message}`);
      }
    }
    const { region, account, assumedRoutes: routes } = options;
    // the acknowledgments of each stack's resources, by the ids the merged template gives them
    const acks = new Map<string, Ack[]>(stacks.flatMap((s) => [...s.acknowledgments ?? []].map(([id, a]) => [`${s.name}/${id}`, a] as const)));
    return new TemplateModel(mergeStacks(stacks, finder, options), { region, account, assumedRoutes: routes }, acks);
  }

  private readonly reader: TemplateReader;
  /** The acknowledgments that apply to each resource, by logical id (of stacks read with their constructs or metadata). */
  private readonly acknowledgments: ReadonlyMap<string, Ack[]>;

  private constructor(template: unknown, options: TemplateModelOptions, acknowledgments: ReadonlyMap<string, Ack[]> = new Map()) {
    this.acknowledgments = acknowledgments;
    const assumed = assumedRoutes((options.assumedRoutes ?? []).map((a) => ({
      routeTable: a.routeTable, subnet: a.subnet, destinationCidr: a.destinationCidr, via: assumedVia(a.target), reason: a.reason,
    })));
    const { parameters, region, account } = options;
    this.reader = new TemplateReader(template, { parameters, region, account, assumedRoutes: assumed });
    checkAssumedRoutes(this.reader);
  }

  /** The logical ids of the load balancers in the template. */
  public get loadBalancerIds(): string[] {
    return [...this.reader.loadBalancers.keys()];
  }

  /**
   * Can `source` open a TCP connection to `destination` on `port`, and can the replies come back?
   * Follows the source's security-group egress, the source subnet's network ACL outbound, the
   * destination subnet's network ACL inbound, the destination's security-group ingress, and the
   * return path through both ACLs on the source's ephemeral ports. Endpoints in several subnets
   * (a load balancer) must pass from every one of them. Leaving a subnet, an address inside its
   * VPC takes the implicit local route, and an internet gateway does not carry private addresses.
   *
   * A step that depends on what the template does not hold (a network ACL, route table or security
   * group outside it, an address it cannot compare) is not proven: `allowed` is false, the
   * explanation marks the step UNKNOWN and says what is outside, and the verdict is NOT PROVEN
   * unless another step is known to block.
   */
  public evaluate(source: FlowEndpoint, destination: FlowEndpoint, port: number, options: EvaluateOptions = {}): FlowResult {
    if (!isPort(port)) {
      throw new Error(`TemplateModel.evaluate: \`port\` must be an integer between 1 and 65535, got ${port}`);
    }
    const given = options.ephemeralPortFrom !== undefined || options.ephemeralPortTo !== undefined;
    const from = options.ephemeralPortFrom ?? EPHEMERAL_PORTS.from;
    const to = options.ephemeralPortTo ?? EPHEMERAL_PORTS.to;
    if (!isPort(from) || !isPort(to) || from > to) {
      throw new Error(`TemplateModel.evaluate: the ephemeral range must be integers with 1 <= from <= to <= 65535, got ${from}-${to}`);
    }
    const src = this.resolve(source);
    const dst = this.resolve(destination);
    const result = new Reachability(this.reader, given ? [{ from, to }] : undefined).evaluate(src, dst, port);
    const lines = result.steps.map((s) => `  ${s.allowed ? (s.assumption ? 'ASSUME' : 'ALLOW') : s.unknown ? 'UNKNOWN' : 'BLOCK'}  ${s.name}: ${s.detail}`);
    const flowVerdict = result.allowed ? FlowVerdict.ALLOWED : blockingStep(result.steps)?.unknown ? FlowVerdict.UNKNOWN : FlowVerdict.BLOCKED;
    const assumptions = [...new Set(result.steps.map((s) => s.assumption).filter((a): a is string => a !== undefined))];
    const assuming = flowVerdict === FlowVerdict.ALLOWED && assumptions.length > 0 ? ` assuming ${assumptions.join('; ')} (stated, not in the template)` : '';
    const verdict = flowVerdict === FlowVerdict.UNKNOWN ? 'NOT PROVEN (it depends on what the template does not hold)' : `${flowVerdict}${assuming}`;
    const pairs = result.pairsChecked > 1 ? ` (${result.pairsChecked} subnet pairs checked)` : '';
    return {
      allowed: result.allowed,
      verdict: flowVerdict,
      source: src.label,
      destination: dst.label,
      port,
      steps: result.steps.map(flowStep),
      ...(assumptions.length > 0 ? { assumptions } : {}),
      explanation: [`${src.label} -> ${dst.label} on TCP ${port}: ${verdict}${pairs}`, ...lines].join('\n'),
    };
  }

  /**
   * What is open around every load balancer: who may reach it and on which ports, where it may
   * send, and who may reach its targets directly, each with the model's verdict (the verdict
   * `evaluate` gives for the same ends). The load balancer has a row per target group of every
   * listener and rule and per port (IP targets outside the VPC at their address; Lambda functions
   * as invoked by the service, with no network path); an internal load balancer's clients are
   * evaluated from each subnet of the VPC the rule covers too, and a blocked row names the subnets.
   */
  public allowedFlows(): FlowRow[] {
    return allowedFlows(this.reader).map((r) => ({ ...r, verdict: FlowVerdict[r.verdict] }));
  }

  /**
   * Checks every application load balancer against the recommended rules: each recommended rule
   * that is missing and each rule wider than recommended, with the resource and a one-line fix.
   *
   * What a load balancer needs comes from its template: every target group of every listener and
   * listener rule (Lambda functions need no network rule; IP targets outside the VPC are reached at
   * their address), and a listener that authenticates users (OIDC, Amazon Cognito) needs HTTPS to
   * the identity providers (`LBSG-OUT-IDP`, `LBACL-OUT-IDP`, `LBACL-IN-EPHEMERAL-IDP`). The intent
   * this library's constructs record on the load balancer (the `cdk-secure-alb:intent` metadata:
   * its clients, target networks, identity providers and own target groups, and an imported VPC's
   * CIDR) says the rest; a template without it is checked against the documented defaults.
   */
  public checkRecommendations(options: CheckRecommendationsOptions = {}): Finding[] {
    const reach = new Reachability(this.reader);
    const out: Finding[] = [];
    for (const f of checkRecommendations(this.reader, reach)) {
      // acknowledged where the validation plugin looks: on the resource to change, else (a resource
      // outside the template) on the load balancer, or on a construct above it
      const resource = f.resource.split(',')[0].trim();
      const acks = this.acknowledgments.get(resource) ?? this.acknowledgments.get(f.loadBalancer) ?? [];
      const ack = acknowledgmentOf(acks, ruleIdOf(f.kind, f.recommendation.id));
      if (ack && !options.includeAcknowledged) continue;
      out.push({
        kind: findingKind(f.kind),
        recommendationId: f.recommendation.id,
        docUrl: f.recommendation.docUrl,
        loadBalancer: f.loadBalancer,
        resource: f.resource,
        message: f.message,
        fix: f.fix,
        ...(f.affected ? { affected: f.affected } : {}),
        ...(ack ? { acknowledgment: { id: ack.id, reason: ack.reason, constructPath: ack.at } } : {}),
      });
    }
    return out;
  }

  /**
   * What the model expects of every VPC Reachability Analyzer analysis in the template (those
   * `ReachabilityProof` adds, or any `AWS::EC2::NetworkInsightsAnalysis` of a path in the
   * template): the verdict for the path and the `NetworkPathFound` AWS should report after deploy.
   * An internet gateway as the source stands for the internet, an instance for itself; a load
   * balancer in the analysis's `FilterInArns` asks for the path through it (its listener on the
   * port the source connects to, then the target the destination is registered as), in
   * `FilterOutArns` for a path around it. What the model does not follow is `UNKNOWN`, with no
   * expectation.
   */
  public reachabilityExpectations(): ReachabilityExpectation[] {
    return proofExpectations(this.reader, new Reachability(this.reader)).map((e) => {
      const verdict = FlowVerdict[e.verdict];
      const base = { analysis: e.analysis, description: e.description, verdict, explanation: e.explanation, ...(e.path ? { path: e.path } : {}) };
      return verdict === FlowVerdict.UNKNOWN ? base : { ...base, expectedPathFound: verdict === FlowVerdict.ALLOWED };
    });
  }

  private resolve(e: FlowEndpoint): EndpointSpec {
    return resolveEnd(this.reader, { kind: endKind(e.kind), value: this.idOf(e), subnets: e.subnetLogicalIds, label: e.label });
  }

  /**
   * The id an end names in this model: a construct's logical id, prefixed by its stack's path where
   * the model was read from several stacks (`NetworkStack/Vpc8378EB38`). Throws naming the id to
   * use when the construct's resource is in neither form.
   */
  private idOf(e: FlowEndpoint): string {
    if (e.kind !== FlowEndpointKind.RESOURCE || e.stackPath === undefined || this.reader.index.get(e.value)) return e.value;
    const prefixed = `${e.stackPath}/${e.value}`;
    if (this.reader.index.get(prefixed)) return prefixed;
    const same = Object.keys(this.reader.resources).filter((id) => id.endsWith(`/${e.value}`));
    throw new Error(`FlowEndpoint.fromConstruct: no resource '${e.value}' (stack ${e.stackPath}) in the model, nor '${prefixed}'`
      + (same.length > 0 ? `; resources of that logical id: ${same.join(', ')} (pass FlowEndpoint.resource('${same[0]}'))` : '; was the model read from that stack?'));
  }
}

/** The engine's name of an endpoint kind. */
function endKind(kind: FlowEndpointKind): EndKind {
  switch (kind) {
    case FlowEndpointKind.INTERNET: return 'internet';
    case FlowEndpointKind.S3: return 's3';
    case FlowEndpointKind.CIDR: return 'cidr';
    case FlowEndpointKind.SECURITY_GROUP: return 'securityGroup';
    case FlowEndpointKind.SUBNET: return 'subnet';
    case FlowEndpointKind.RESOURCE: return 'resource';
    default: return unreachable(kind);
  }
}

/** The public kind of a finding. */
function findingKind(kind: RawFinding['kind']): FindingKind {
  switch (kind) {
    case 'MISSING': return FindingKind.MISSING;
    case 'WIDER': return FindingKind.WIDER;
    case 'ADVISORY': return FindingKind.ADVISORY;
    case 'UNKNOWN': return FindingKind.UNKNOWN;
    default: return unreachable(kind);
  }
}

/** The public shape of a step: whether it is only unknown shows in the explanation and the detail. */
function flowStep(s: StepResult): FlowStep {
  const verdict = s.allowed ? FlowVerdict.ALLOWED : s.unknown ? FlowVerdict.UNKNOWN : FlowVerdict.BLOCKED;
  const step: FlowStep = {
    name: s.name,
    allowed: s.allowed,
    verdict,
    decidedBy: s.decidedBy,
    detail: s.detail,
    ...(s.assumption !== undefined ? { assumption: s.assumption } : {}),
  };
  return s.ruleNumber === undefined ? step : { ...step, ruleNumber: s.ruleNumber };
}

/** The engine's name of where an assumed route leads. */
function assumedVia(target: AssumedRouteTarget): 'internetGateway' | 'natGateway' | 'network' {
  switch (target) {
    case AssumedRouteTarget.INTERNET_GATEWAY: return 'internetGateway';
    case AssumedRouteTarget.NAT_GATEWAY: return 'natGateway';
    case AssumedRouteTarget.NETWORK: return 'network';
    default: throw new Error(`assumedRoutes: \`target\` must be an AssumedRouteTarget, got '${String(target)}'`);
  }
}

