import { Names, Token } from 'aws-cdk-lib';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

/** The AWS managed rule groups a new web ACL uses unless told otherwise. */
const DEFAULT_RULE_GROUPS = ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesAmazonIpReputationList'];

/**
 * Options of `AlbWebAcl.managedRules`.
 */
export interface ManagedRulesWebAclOptions {
  /**
   * Names of AWS managed rule groups (vendor `AWS`), evaluated in this order.
   *
   * @default ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesAmazonIpReputationList']
   */
  readonly ruleGroups?: string[];

  /**
   * Count matching requests instead of blocking them: watch the metrics for false positives before
   * you block (the common rule set blocks, for example, request bodies over 8 KB).
   *
   * @default false - matching requests are blocked
   */
  readonly countOnly?: boolean;
}

/** What a web ACL gives the load balancer it protects. */
export interface AlbWebAclConfig {
  /** The ARN of the web ACL to associate. */
  readonly webAclArn: string;
}

/**
 * An AWS WAF web ACL for an Application Load Balancer: an existing one by ARN, or one the construct
 * creates from AWS managed rule groups.
 *
 * Trade-offs: a web ACL costs a monthly fee per web ACL and per rule, plus a fee per million
 * requests; managed rule groups can block legitimate requests (the common rule set limits body and
 * header sizes and some encodings). Start with `countOnly: true` where that matters.
 */
export abstract class AlbWebAcl {
  /**
   * An existing web ACL (scope `REGIONAL`, in the load balancer's region).
   *
   * @param webAclArn `arn:aws:wafv2:<region>:<account>:regional/webacl/<name>/<id>`
   */
  public static fromArn(webAclArn: string): AlbWebAcl {
    if (!Token.isUnresolved(webAclArn) && !/^arn:aws[a-z-]*:wafv2:[a-z0-9-]+:\d{12}:regional\/webacl\/[^/]+\/[^/]+$/.test(webAclArn)) {
      throw new Error(`AlbWebAcl.fromArn: \`webAclArn\` must be the ARN of a regional web ACL ('arn:aws:wafv2:<region>:<account>:regional/webacl/<name>/<id>'), got '${webAclArn}'`);
    }
    return new ExistingWebAcl(webAclArn);
  }

  /**
   * A new web ACL that allows by default and applies AWS managed rule groups.
   */
  public static managedRules(options: ManagedRulesWebAclOptions = {}): AlbWebAcl {
    const groups = options.ruleGroups ?? DEFAULT_RULE_GROUPS;
    if (groups.length === 0) {
      throw new Error('AlbWebAcl.managedRules: `ruleGroups` is an empty list, which protects nothing; leave it undefined for the default groups or name at least one');
    }
    groups.forEach((g, i) => {
      if (!/^[A-Za-z0-9_-]{1,128}$/.test(g)) {
        throw new Error(`AlbWebAcl.managedRules: \`ruleGroups[${i}]\` must be the name of an AWS managed rule group such as 'AWSManagedRulesCommonRuleSet', got '${g}'`);
      }
    });
    return new ManagedRulesWebAcl(groups, options.countOnly ?? false);
  }

  /** Creates what the web ACL needs in `scope` and returns its ARN. */
  public abstract bind(scope: Construct): AlbWebAclConfig;
}

class ExistingWebAcl extends AlbWebAcl {
  constructor(private readonly webAclArn: string) {
    super();
  }

  public bind(_scope: Construct): AlbWebAclConfig {
    return { webAclArn: this.webAclArn };
  }
}

class ManagedRulesWebAcl extends AlbWebAcl {
  constructor(private readonly groups: string[], private readonly countOnly: boolean) {
    super();
  }

  public bind(scope: Construct): AlbWebAclConfig {
    const metric = (suffix: string) => `${Names.uniqueId(scope)}${suffix}`.replace(/[^A-Za-z0-9]/g, '').slice(-128);
    const acl = new wafv2.CfnWebACL(scope, 'WebAcl', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: metric('WebAcl'), sampledRequestsEnabled: true },
      rules: this.groups.map((name, priority) => ({
        name,
        priority,
        statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
        overrideAction: this.countOnly ? { count: {} } : { none: {} },
        visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: metric(name), sampledRequestsEnabled: true },
      })),
    });
    return { webAclArn: acl.attrArn };
  }
}
