/**
 * `sessions.usage` as the original shapes it, built from the per-run usage groups (session × model ×
 * day). Token counts are what the providers reported. No prices are configured here, so every cost
 * is 0 and each priced-nothing run counts in `missingCostEntries`, as the original does for models
 * without a price.
 */
import type { UsageGroup } from '../store/usage-store.ts'
import type { UsageWindow } from './date-range.ts'

interface Totals {
  input: number
  output: number
  cacheRead: number
  cacheWrite: number
  totalTokens: number
  totalCost: number
  inputCost: number
  outputCost: number
  cacheReadCost: number
  cacheWriteCost: number
  missingCostEntries: number
}

interface MessageCounts { total: number; user: number; assistant: number; toolCalls: number; toolResults: number; errors: number }

const emptyTotals = (): Totals => ({
  input: 0, output: 0, cacheRead: 0, cacheWrite: 0, totalTokens: 0, totalCost: 0, inputCost: 0, outputCost: 0, cacheReadCost: 0, cacheWriteCost: 0, missingCostEntries: 0,
})
const emptyCounts = (): MessageCounts => ({ total: 0, user: 0, assistant: 0, toolCalls: 0, toolResults: 0, errors: 0 })

function addTotals(into: Totals, g: Pick<UsageGroup, 'input' | 'output' | 'cacheRead' | 'cacheWrite' | 'runs'>): Totals {
  into.input += g.input
  into.output += g.output
  into.cacheRead += g.cacheRead
  into.cacheWrite += g.cacheWrite
  into.totalTokens += g.input + g.output + g.cacheRead + g.cacheWrite
  into.missingCostEntries += g.runs
  return into
}

function toolCounts(g: UsageGroup): Map<string, number> {
  const out = new Map<string, number>()
  for (const line of g.tools.split('\n')) {
    for (const [name, n] of Object.entries(JSON.parse(line) as Record<string, number>)) out.set(name, (out.get(name) ?? 0) + n)
  }
  return out
}

function addCounts(into: MessageCounts, g: UsageGroup, toolCalls: number): void {
  into.user += g.runs
  into.assistant += g.modelCalls
  into.toolCalls += toolCalls
  into.toolResults += toolCalls
  into.errors += g.errors
  into.total = into.user + into.assistant
}

/** Adds to the entry of `key` in a keyed accumulator, creating it with `make`. */
function at<T>(map: Map<string, T>, key: string, make: () => T): T {
  let v = map.get(key)
  if (!v) map.set(key, (v = make()))
  return v
}

const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0)
const toolList = (m: Map<string, number>) => [...m].map(([name, count]) => ({ name, count })).sort((a, b) => b.count - a.count)

export function buildSessionsUsage(groups: UsageGroup[], window: UsageWindow, limit: number) {
  const sessions = new Map<string, UsageGroup[]>()
  for (const g of groups) at(sessions, g.sessionKey, () => []).push(g)
  const rows = [...sessions.entries()].map(([key, gs]) => sessionRow(key, gs))
  rows.sort((a, b) => b.updatedAt - a.updatedAt)
  const shown = rows.slice(0, limit)
  return { updatedAt: Date.now(), startDate: window.startDate, endDate: window.endDate, sessions: shown, ...aggregate(shown) }
}

type SessionRow = ReturnType<typeof sessionRow>

function sessionRow(key: string, gs: UsageGroup[]) {
  const totals = emptyTotals()
  const counts = emptyCounts()
  const tools = new Map<string, number>()
  const models = new Map<string, { provider: string; model: string; count: number; totals: Totals }>()
  const days = new Map<string, { totals: Totals; counts: MessageCounts }>()
  const dayModels = new Map<string, { date: string; provider: string; model: string; tokens: number; cost: number; count: number }>()
  for (const g of gs) {
    const groupTools = toolCounts(g)
    const toolCalls = sum(groupTools)
    for (const [name, n] of groupTools) tools.set(name, (tools.get(name) ?? 0) + n)
    addTotals(totals, g)
    addCounts(counts, g, toolCalls)
    const m = at(models, `${g.provider}/${g.model}`, () => ({ provider: g.provider, model: g.model, count: 0, totals: emptyTotals() }))
    m.count += g.runs
    addTotals(m.totals, g)
    const d = at(days, g.day, () => ({ totals: emptyTotals(), counts: emptyCounts() }))
    addTotals(d.totals, g)
    addCounts(d.counts, g, toolCalls)
    const dm = at(dayModels, `${g.day}/${g.provider}/${g.model}`, () => ({ date: g.day, provider: g.provider, model: g.model, tokens: 0, cost: 0, count: 0 }))
    dm.tokens += g.input + g.output + g.cacheRead + g.cacheWrite
    dm.count += g.runs
  }
  const first = Math.min(...gs.map((g) => g.firstAt))
  const last = Math.max(...gs.map((g) => g.lastAt))
  const latest = gs.reduce((a, b) => (b.lastAt > a.lastAt ? b : a))
  const dates = [...days.keys()].sort()
  return {
    key,
    ...(latest.sessionId && { sessionId: latest.sessionId }),
    ...(latest.label && { label: latest.label }),
    updatedAt: last,
    agentId: latest.agentId,
    ...(latest.channel && { channel: latest.channel }),
    modelProvider: latest.provider,
    model: latest.model,
    usage: {
      ...totals,
      firstActivity: first,
      lastActivity: last,
      durationMs: last - first,
      messageCounts: counts,
      toolUsage: { totalCalls: sum(tools), uniqueTools: tools.size, tools: toolList(tools) },
      modelUsage: [...models.values()],
      activityDates: dates,
      dailyBreakdown: dates.map((date) => ({ date, tokens: days.get(date)!.totals.totalTokens, cost: 0, ...days.get(date)!.totals })),
      dailyMessageCounts: dates.map((date) => ({ date, ...days.get(date)!.counts })),
      dailyModelUsage: [...dayModels.values()],
    },
  }
}

function aggregate(rows: SessionRow[]) {
  const totals = emptyTotals()
  const messages = emptyCounts()
  const tools = new Map<string, number>()
  const byModel = new Map<string, { provider: string; model: string; count: number; totals: Totals }>()
  const byProvider = new Map<string, { provider: string; count: number; totals: Totals }>()
  const byAgent = new Map<string, Totals>()
  const byChannel = new Map<string, Totals>()
  const costDaily = new Map<string, Totals>()
  const daily = new Map<string, { date: string; tokens: number; cost: number; messages: number; toolCalls: number; errors: number }>()
  const modelDaily = new Map<string, { date: string; provider: string; model: string; tokens: number; cost: number; count: number }>()
  const merge = (into: Totals, t: Totals) => {
    for (const k of Object.keys(into) as (keyof Totals)[]) into[k] += t[k]
  }
  for (const r of rows) {
    const u = r.usage
    merge(totals, u)
    for (const k of Object.keys(messages) as (keyof MessageCounts)[]) messages[k] += u.messageCounts[k]
    for (const t of u.toolUsage.tools) tools.set(t.name, (tools.get(t.name) ?? 0) + t.count)
    for (const m of u.modelUsage) {
      const bm = at(byModel, `${m.provider}/${m.model}`, () => ({ provider: m.provider, model: m.model, count: 0, totals: emptyTotals() }))
      bm.count += m.count
      merge(bm.totals, m.totals)
      const bp = at(byProvider, m.provider, () => ({ provider: m.provider, count: 0, totals: emptyTotals() }))
      bp.count += m.count
      merge(bp.totals, m.totals)
    }
    merge(at(byAgent, r.agentId, emptyTotals), u)
    if (r.channel) merge(at(byChannel, r.channel, emptyTotals), u)
    for (const d of u.dailyBreakdown) merge(at(costDaily, d.date, emptyTotals), d)
    // Both daily lists are built from the same sorted dates: the same index is the same day.
    for (const [i, d] of u.dailyMessageCounts.entries()) {
      const day = at(daily, d.date, () => ({ date: d.date, tokens: 0, cost: 0, messages: 0, toolCalls: 0, errors: 0 }))
      day.tokens += u.dailyBreakdown[i]!.totalTokens
      day.messages += d.total
      day.toolCalls += d.toolCalls
      day.errors += d.errors
    }
    for (const dm of u.dailyModelUsage) {
      const e = at(modelDaily, `${dm.date}/${dm.provider}/${dm.model}`, () => ({ ...dm, tokens: 0, count: 0 }))
      e.tokens += dm.tokens
      e.count += dm.count
    }
  }
  const byTokens = <T extends { totals: Totals }>(a: T, b: T) => b.totals.totalTokens - a.totals.totalTokens
  const byDate = <T extends { date: string }>(a: T, b: T) => a.date.localeCompare(b.date)
  return {
    totals,
    aggregates: {
      sessionCount: rows.length,
      messages,
      tools: { totalCalls: sum(tools), uniqueTools: tools.size, tools: toolList(tools) },
      byModel: [...byModel.values()].sort(byTokens),
      byProvider: [...byProvider.values()].sort(byTokens),
      byAgent: [...byAgent].map(([agentId, t]) => ({ agentId, totals: t })).sort(byTokens),
      byChannel: [...byChannel].map(([channel, t]) => ({ channel, totals: t })).sort(byTokens),
      byCreator: [],
      costDaily: [...costDaily].map(([date, t]) => ({ date, ...t })).sort(byDate),
      dailyLatency: [],
      modelDaily: [...modelDaily.values()].sort(byDate),
      daily: [...daily.values()].sort(byDate),
    },
    creatorOptions: [],
  }
}
