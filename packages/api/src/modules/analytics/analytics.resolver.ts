import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import { Permission } from '@throughline/shared';
import { Funnel } from './funnel.type';
import {
  DateWindowInput,
  FUNNEL_SCOPE_NODE_TYPE,
  FunnelScopeInput,
  FunnelScopeKind,
  TrendInterval,
} from './funnel.input';
import { funnelService } from './funnel.service';
import type { FunnelScopeQuery } from './funnel-scope';
import { Strategy } from '../strategy/strategy.type';
import { Allow } from '../../auth/guard';
import type { RequestContext } from '../../graphql/context';
import { decodeId, NO_SUCH_ID } from '../../graphql/global-id';
import { selectedFieldNames } from '../../graphql/selection';

const TREND = {
  nullable: true,
  defaultValue: TrendInterval.WEEK,
  description: 'How the trend is grouped.',
} as const;

/**
 * The scope with its id decoded as the type its kind names. An id given for a kind that takes none (DISTRICT, TYPE)
 * names nothing, and is refused as given; an empty one counts as none.
 */
function decodeScope(scope: FunnelScopeInput): FunnelScopeQuery {
  if (!scope.id) return scope;
  const type = FUNNEL_SCOPE_NODE_TYPE[scope.kind];
  return { ...scope, id: type ? decodeId(scope.id, type) : NO_SUCH_ID };
}

/** The funnel, as a query over any scope, and on the strategy page. */
@Resolver(() => Strategy)
export class AnalyticsResolver {
  @Query(() => Funnel, {
    description:
      'Planned -> held -> good -> acted on -> practice changed, over a window of days in the district time zone.',
  })
  @Allow(Permission.ANALYTICS_READ)
  funnel(
    @Ctx() ctx: RequestContext,
    @Arg('scope', () => FunnelScopeInput) scope: FunnelScopeInput,
    @Arg('window', () => DateWindowInput) window: DateWindowInput,
    @Arg('trend', () => TrendInterval, TREND) trend: TrendInterval | null,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Funnel> {
    return funnelService.funnel(ctx, decodeScope(scope), window, trend ?? TrendInterval.WEEK, selectedFieldNames(info));
  }

  @FieldResolver(() => Funnel, {
    name: 'funnel',
    nullable: true,
    description:
      "This strategy's funnel over a window of days; null (with an error) where your analytics do not reach it, so a list still answers.",
  })
  @Allow(Permission.ANALYTICS_READ)
  strategyFunnel(
    @Ctx() ctx: RequestContext,
    @Root() strategy: Strategy,
    @Arg('window', () => DateWindowInput) window: DateWindowInput,
    @Arg('trend', () => TrendInterval, TREND) trend: TrendInterval | null,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Funnel> {
    return funnelService.funnel(
      ctx,
      { kind: FunnelScopeKind.STRATEGY, id: strategy.rawId },
      window,
      trend ?? TrendInterval.WEEK,
      selectedFieldNames(info),
    );
  }
}
