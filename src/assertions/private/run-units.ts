import { addressText, contains, symbol } from './addresses';
import { LbContext } from './context';
import { coversOnly, describePeer, endpoint, isWorldRule, portsOf, RawFinding, stepFinding } from './findings';
import { Reachability } from './reach';
import { TemplateReader } from './reader';
import { EPHEMERAL_PORTS, EPHEMERAL_REPLY_RANGES } from '../../private/network-util';
import { UNITS } from '../../recommendations/private/catalog';
import { CheckHelpers, CheckKit, CheckScope, CheckScopes } from '../../recommendations/private/unit';
import { LoadBalancerScheme } from '../../recommendations/recommendation';

/** The engine's helpers, as the units' checks see them. */
const HELPERS: CheckHelpers = {
  addressText,
  contains,
  symbol,
  endpoint,
  stepFinding,
  isWorldRule,
  portsOf,
  describePeer,
  coversOnly,
  ephemeral: EPHEMERAL_PORTS,
  replyRanges: EPHEMERAL_REPLY_RANGES,
};

/**
 * Runs the checks of the recommendation units at one place of the walk over a load balancer: the
 * units of its scheme, in table order.
 */
export class UnitRunner {
  private readonly kit: CheckKit;

  constructor(t: TemplateReader, reach: Reachability, private readonly ctx: LbContext, addAclStep: CheckKit['addAclStep'] = () => undefined) {
    this.kit = { t, reach, ctx, h: HELPERS, addAclStep };
  }

  public run<S extends CheckScope>(scope: S, at: CheckScopes[S]): RawFinding[] {
    const scheme = this.ctx.lb.internetFacing ? LoadBalancerScheme.INTERNET_FACING : LoadBalancerScheme.INTERNAL;
    const out: RawFinding[] = [];
    for (const unit of UNITS) {
      if (unit.row.scheme !== LoadBalancerScheme.ANY && unit.row.scheme !== scheme) continue;
      const check = unit.checks[scope] as ((kit: CheckKit, at: CheckScopes[S]) => RawFinding[] | void) | undefined;
      out.push(...(check?.(this.kit, at) ?? []));
    }
    return out;
  }
}
