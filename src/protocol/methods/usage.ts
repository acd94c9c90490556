/** `sessions.usage` (tokens per session from what providers reported) and `usage.status` (provider quota windows). */
import { Type, type TObject, type TProperties } from '@sinclair/typebox'

const N = Type.Number()
const Int = Type.Integer({ minimum: 0 })
const Str = Type.String()
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })
const closed = <T extends TProperties>(p: T): TObject<T> => Type.Object(p, { additionalProperties: false })

const totalsProps = {
  input: N, output: N, cacheRead: N, cacheWrite: N, totalTokens: N,
  /** No prices are configured here: costs are 0 and every run counts as a missing cost entry. */
  totalCost: N, inputCost: N, outputCost: N, cacheReadCost: N, cacheWriteCost: N, missingCostEntries: Int,
}
const Totals = closed(totalsProps)
const MessageCounts = closed({ total: Int, user: Int, assistant: Int, toolCalls: Int, toolResults: Int, errors: Int })
const ToolUsage = closed({ totalCalls: Int, uniqueTools: Int, tools: Type.Array(closed({ name: Str, count: Int })) })
const ModelUsage = closed({ provider: Str, model: Str, count: Int, totals: Totals })
const DayModel = closed({ date: Day, provider: Str, model: Str, tokens: N, cost: N, count: Int })

const SessionUsageRow = closed({
  key: Str,
  sessionId: Type.Optional(Str),
  label: Type.Optional(Str),
  updatedAt: Int,
  agentId: Str,
  channel: Type.Optional(Str),
  /** The provider and model of the session's latest run. */
  modelProvider: Str,
  model: Str,
  usage: closed({
    ...totalsProps,
    firstActivity: Int,
    lastActivity: Int,
    durationMs: Int,
    messageCounts: MessageCounts,
    toolUsage: ToolUsage,
    modelUsage: Type.Array(ModelUsage),
    activityDates: Type.Array(Day),
    dailyBreakdown: Type.Array(closed({ date: Day, tokens: N, cost: N, ...totalsProps })),
    dailyMessageCounts: Type.Array(closed({ date: Day, total: Int, user: Int, assistant: Int, toolCalls: Int, toolResults: Int, errors: Int })),
    dailyModelUsage: Type.Array(DayModel),
  }),
})

export const UsageMethods = {
  'sessions.usage': {
    params: Type.Object(
      {
        key: Type.Optional(Type.String({ minLength: 1 })),
        agentId: Type.Optional(Type.String({ minLength: 1 })),
        agentScope: Type.Optional(Type.Literal('all')),
        /** Accepted; sessions here have no creator identities, so it narrows nothing. */
        creatorKey: Type.Optional(Type.String({ minLength: 1 })),
        startDate: Type.Optional(Day),
        endDate: Type.Optional(Day),
        mode: Type.Optional(Type.Union([Type.Literal('utc'), Type.Literal('gateway'), Type.Literal('specific')])),
        range: Type.Optional(Type.Union([Type.Literal('7d'), Type.Literal('30d'), Type.Literal('90d'), Type.Literal('1y'), Type.Literal('all')])),
        /** Sessions here are one instance per key: `instance` and `family` group alike. */
        groupBy: Type.Optional(Type.Union([Type.Literal('instance'), Type.Literal('family')])),
        includeHistorical: Type.Optional(Type.Boolean()),
        utcOffset: Type.Optional(Type.String({ pattern: '^UTC[+-]\\d{1,2}(?::[0-5]\\d)?$' })),
        timeZone: Type.Optional(Type.String({ minLength: 1 })),
        limit: Type.Optional(Type.Integer({ minimum: 1 })),
        /** Accepted; there is no context-weight breakdown here. */
        includeContextWeight: Type.Optional(Type.Boolean()),
      },
      { additionalProperties: false },
    ),
    result: closed({
      updatedAt: Int,
      startDate: Day,
      endDate: Day,
      sessions: Type.Array(SessionUsageRow),
      totals: Totals,
      aggregates: closed({
        sessionCount: Int,
        messages: MessageCounts,
        tools: ToolUsage,
        byModel: Type.Array(ModelUsage),
        byProvider: Type.Array(closed({ provider: Str, count: Int, totals: Totals })),
        byAgent: Type.Array(closed({ agentId: Str, totals: Totals })),
        byChannel: Type.Array(closed({ channel: Str, totals: Totals })),
        byCreator: Type.Array(Type.Never()),
        costDaily: Type.Array(closed({ date: Day, ...totalsProps })),
        dailyLatency: Type.Array(Type.Never()),
        modelDaily: Type.Array(DayModel),
        daily: Type.Array(closed({ date: Day, tokens: N, cost: N, messages: Int, toolCalls: Int, errors: Int })),
      }),
      creatorOptions: Type.Array(Type.Never()),
    }),
  },
  'usage.status': {
    params: Type.Object({}, { additionalProperties: false }),
    /** Quota windows come from provider accounts' own usage APIs, which this gateway does not read: always empty. */
    result: closed({ updatedAt: Int, providers: Type.Array(Type.Never()) }),
  },
} as const
