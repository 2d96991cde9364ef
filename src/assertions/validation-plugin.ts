import * as path from 'path';
import {
  CfnResource,
  IPolicyValidationContext,
  IPolicyValidationPlugin,
  PolicyValidationPluginReport,
  PolicyViolation,
  Stack,
} from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { unreachable } from './private/exhaustive';
import { acknowledgmentOf, acknowledgmentsAbove, PLUGIN_NAME, ruleIdOf } from './private/inputs/acknowledgments';
import { FindingKind } from './results';
import { TemplateModel } from './template-model';


/**
 * Options of `SecureAlbChecks`.
 */
export interface SecureAlbChecksProps {
  /**
   * Report rules wider than recommended, not only missing ones.
   *
   * @default true
   */
  readonly reportWider?: boolean;

  /**
   * Report what the template does not hold (for example targets outside it).
   *
   * @default false
   */
  readonly reportUnknown?: boolean;
}

/**
 * A synth-time validation plugin (the mechanism cdk-nag 3 uses): it runs the recommendation checks
 * over every template of the app and reports each finding in CDK's validation report as
 * `cdk-secure-alb::SecureAlb-<recommendation id>` (the id synth prints). Missing rules are errors, wider
 * rules warnings; both fail synth. Acknowledge a finding with that id, on the construct that holds the
 * finding's resource or one above it:
 * `Validations.of(construct).acknowledge({ id: 'cdk-secure-alb::SecureAlb-TGSG-IN-ICMP-PMTU', reason: '...' })`.
 * The model (`checkRecommendations`, `assertFollowsRecommendations`) and `cdk-secure-alb-flows` read
 * the same acknowledgments from the stack or the cloud assembly.
 *
 * @example
 * declare const app: App;
 * Validations.of(app).addPlugins(new assertions.SecureAlbChecks());
 */
export class SecureAlbChecks implements IPolicyValidationPlugin {
  /** The plugin's name in the validation report. */
  public readonly name = PLUGIN_NAME;
  /** The rule ids this plugin can report. */
  public readonly ruleIds?: string[];
  private readonly props: SecureAlbChecksProps;

  constructor(props: SecureAlbChecksProps = {}) {
    this.props = props;
  }

  /** Runs the checks; called by CDK during synth. */
  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    // The construct tree is walked only when there is a finding to locate (or to find acknowledged).
    let byTemplate: Map<string, Map<string, CfnResource>> | undefined;
    const resourcesOf = (templatePath: string) => {
      byTemplate ??= indexResources(context.appConstruct);
      return byTemplate.get(path.basename(templatePath));
    };
    const violations = new Map<string, PolicyViolation>();
    for (const templatePath of context.templatePaths) {
      const model = TemplateModel.fromFile(templatePath);
      for (const f of model.checkRecommendations()) {
        if (f.kind === FindingKind.WIDER && this.props.reportWider === false) continue;
        if (f.kind === FindingKind.UNKNOWN && !this.props.reportUnknown) continue;
        // an unknown finding is a kind of its own: `SecureAlb-UNKNOWN-<id>`, never merged with (or acknowledged as) the rule's findings
        const ruleId = ruleIdOf(f.kind, f.recommendationId);
        // the rule name carries the plugin's namespace, so the id synth prints is the one to acknowledge,
        // and aws-cdk-lib's own matching (by plugin and rule name, anywhere in the app) does not apply:
        // an acknowledgment applies to its construct and those below it, here as in the model and the CLI
        const ruleName = `${PLUGIN_NAME}::${ruleId}`;
        const logicalId = f.resource.split(',')[0].trim();
        const resources = resourcesOf(templatePath);
        const construct = resources?.get(logicalId) ?? resources?.get(f.loadBalancer);
        if (construct && acknowledgmentOf(acknowledgmentsAbove(construct), ruleId)) continue;
        // one violation per distinct finding: CDK's report prints a violation's description once
        // above all of its resources, so findings of one rule with different messages stay apart
        const key = JSON.stringify([ruleName, f.kind, f.message, f.fix]);
        const existing = violations.get(key);
        // every subnet pair or target group the one rule or entry was found missing or wider for
        const locations = (f.affected?.length ?? 0) > 1 ? [f.message, ...f.affected!.map((a) => `affects ${a}`)] : [f.message];
        const resource = { resourceLogicalId: logicalId, templatePath, constructPath: construct?.node.path, locations };
        if (existing) {
          existing.violatingResources.push(resource);
        } else {
          violations.set(key, {
            ruleName,
            description: `${describeKind(f.kind)}: ${f.message} (${f.docUrl})`,
            fix: f.fix,
            severity: f.kind === FindingKind.MISSING ? 'error' : 'warning',
            violatingResources: [resource],
          });
        }
      }
    }
    const list = [...violations.values()];
    return { success: list.length === 0, violations: list };
  }
}

function describeKind(kind: FindingKind): string {
  switch (kind) {
    case FindingKind.MISSING: return 'Missing recommended rule';
    case FindingKind.WIDER: return 'Rule wider than recommended';
    case FindingKind.ADVISORY: return 'Recommended rule missing (advisory: the template did not opt into it)';
    case FindingKind.UNKNOWN: return 'UNKNOWN (not proven: the template does not hold or resolve what the check needs)';
    default: return unreachable(kind);
  }
}

/** The CloudFormation resources of an app by template file name and logical id. */
function indexResources(app: IConstruct | undefined): Map<string, Map<string, CfnResource>> {
  const byTemplate = new Map<string, Map<string, CfnResource>>();
  for (const c of app?.node.findAll() ?? []) {
    if (CfnResource.isCfnResource(c)) {
      const stack = Stack.of(c);
      const key = path.basename(stack.templateFile);
      const resources = byTemplate.get(key) ?? new Map<string, CfnResource>();
      resources.set(stack.resolve(c.logicalId) as string, c);
      byTemplate.set(key, resources);
    }
  }
  return byTemplate;
}
