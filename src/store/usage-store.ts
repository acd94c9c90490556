/**
 * Per-run token usage (migration 009): written when a run ends, read back summed by session, model
 * and day for `sessions.usage` (the cron run log joins the table itself).
 */
import type { Db } from './db.ts'
import { groupCommit } from './group-commit.ts'
import { lazyStatements } from './lazy-statements.ts'

export interface RunUsageRecord {
  runId: string
  sessionKey: string
  agentId: string
  provider: string
  model: string
  channel?: string
  origin: string
  status: string
  input: number
  output: number
  cacheRead: number
  cacheWrite: number
  modelCalls: number
  tools: Record<string, number>
  startedAt: number
  endedAt: number
}

/** One session's runs with one model on one day (days cut at `offsetMs` from UTC). */
export interface UsageGroup {
  sessionKey: string
  sessionId: string | null
  label: string | null
  agentId: string
  channel: string | null
  provider: string
  model: string
  day: string
  runs: number
  input: number
  output: number
  cacheRead: number
  cacheWrite: number
  modelCalls: number
  errors: number
  /** Tool names with counts, as JSON objects, one per run, joined by `\n`. */
  tools: string
  firstAt: number
  lastAt: number
}

export function createUsageStore(db: Db) {
  const commits = groupCommit(db)
  const q = lazyStatements({
    put: () => db.query(
      `INSERT OR REPLACE INTO run_usage (run_id, session_key, agent_id, provider, model, channel, origin, status, input_tokens, output_tokens,
         cache_read_tokens, cache_write_tokens, model_calls, tools, started_at, ended_at)
       VALUES ($runId, $sessionKey, $agentId, $provider, $model, $channel, $origin, $status, $input, $output, $cacheRead, $cacheWrite, $modelCalls, $tools, $startedAt, $endedAt)`,
    ),
    groups: () => db.query<UsageGroup, { from: number; to: number; offset: number; agent: string | null; key: string | null }>(
      `SELECT u.session_key AS sessionKey, s.session_id AS sessionId, s.label AS label, u.agent_id AS agentId,
         coalesce(u.channel, s.channel) AS channel, u.provider, u.model,
         date((u.ended_at + $offset) / 1000, 'unixepoch') AS day, COUNT(*) AS runs,
         SUM(u.input_tokens) AS input, SUM(u.output_tokens) AS output, SUM(u.cache_read_tokens) AS cacheRead,
         SUM(u.cache_write_tokens) AS cacheWrite, SUM(u.model_calls) AS modelCalls, SUM(u.status = 'error') AS errors,
         group_concat(u.tools, char(10)) AS tools, MIN(u.started_at) AS firstAt, MAX(u.ended_at) AS lastAt
       FROM run_usage u LEFT JOIN sessions s ON s.key = u.session_key
       WHERE u.ended_at >= $from AND u.ended_at < $to AND ($agent IS NULL OR u.agent_id = $agent) AND ($key IS NULL OR u.session_key = $key)
       GROUP BY u.session_key, u.provider, u.model, day
       ORDER BY u.session_key, day`,
    ),
  })
  return {
    record(r: RunUsageRecord): void {
      commits.write(() => q.put.run({ ...r, channel: r.channel ?? null, tools: JSON.stringify(r.tools) }))
    },
    groups: (range: { from: number; to: number; offsetMs: number; agentId?: string; sessionKey?: string }): UsageGroup[] =>
      q.groups.all({ from: range.from, to: range.to, offset: range.offsetMs, agent: range.agentId ?? null, key: range.sessionKey ?? null }),
  }
}

export type UsageStore = ReturnType<typeof createUsageStore>
