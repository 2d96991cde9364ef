import * as path from 'path';
import {
  CfnResource,
  IPolicyValidationContext,
  IPolicyValidationPlugin,
  PolicyValidationPluginReport,
  PolicyViolation,
  Stack,
  Validations,
} from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { unreachable } from './private/exhaustive';
import { FindingKind } from './results';
import { TemplateModel } from './template-model';

/** The prefix of the rule ids this plugin reports (`SecureAlb-LBSG-OUT-HEALTH-CHECK`). */
const RULE_PREFIX = 'SecureAlb-';

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
 * `SecureAlb-<recommendation id>`. Missing rules are errors, wider rules warnings; both fail synth.
 * Acknowledge a finding like any other rule:
 * `Validations.of(construct).acknowledge({ id: 'SecureAlb-TGSG-IN-ICMP-PMTU', reason: '...' })`.
 *
 * @example
 * declare const app: App;
 * Validations.of(app).addPlugins(new assertions.SecureAlbChecks());
 */
export class SecureAlbChecks implements IPolicyValidationPlugin {
  /** The plugin's name in the validation report. */
  public readonly name = 'cdk-secure-alb';
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
        const ruleName = f.kind === FindingKind.UNKNOWN ? `${RULE_PREFIX}UNKNOWN-${f.recommendationId}` : `${RULE_PREFIX}${f.recommendationId}`;
        const logicalId = f.resource.split(',')[0].trim();
        const resources = resourcesOf(templatePath);
        const construct = resources?.get(logicalId) ?? resources?.get(f.loadBalancer);
        if (construct && isAcknowledged(construct, ruleName)) continue;
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

function isAcknowledged(construct: IConstruct, ruleName: string): boolean {
  for (let c: IConstruct | undefined = construct; c; c = c.node.scope) {
    for (const entry of c.node.metadata) {
      if (entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY && entry.data) {
        const ids = Object.keys(entry.data as Record<string, string>).map((k) => k.replace(/^annotation::/i, ''));
        if (ids.includes(ruleName)) return true;
      }
    }
  }
  return false;
}
