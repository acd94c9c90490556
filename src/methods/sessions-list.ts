import { defineMethod } from './define-method.ts'
import type { MethodContext } from './context.ts'
import type { Methods } from '../protocol/methods/index.ts'
import type { Static } from '@sinclair/typebox'
import { modelDefaults, sessionRow } from './session-row.ts'
import { databasePath } from '../store/db.ts'

const DEFAULT_LIMIT = 100
const MAX_LIMIT = 1000

type ListParams = Static<(typeof Methods)['sessions.list']['params']>

export const sessionsList = defineMethod('sessions.list', {
  access: 'operator.read',
  handle: (p, ctx) => listSessions(p, ctx),
})

/** Shared by `sessions.list` and `sessions.subscribe`: filtered, sorted and paged in SQL. */
export function listSessions(p: ListParams, ctx: MethodContext) {
  const limit = Math.min(p.limit ?? DEFAULT_LIMIT, MAX_LIMIT)
  const offset = p.offset ?? 0
  // Sessions here are never spawned by another, archived, or given a board: such filters select nothing.
  const none = p.spawnedBy !== undefined || p.archived === true || p.hasBoard === true
  const { sessions, total } = none
    ? { sessions: [], total: 0 }
    : ctx.sessions.list({
        limit, offset, agentId: p.agentId, label: p.label, search: p.search, sortBy: p.sortBy,
        activeSince: p.activeMinutes ? Date.now() - p.activeMinutes * 60_000 : undefined,
        // Before paging, as the original selects them: a page is full whenever enough sessions match.
        keys: p.activeOnly ? ctx.agent.lanes().map((l) => l.sessionKey) : undefined,
      })
  const rows = sessions.map((s) => sessionRow(s, ctx, { lastMessage: p.includeLastMessage, derivedTitle: p.includeDerivedTitles }))
  const next = offset + sessions.length
  return {
    ts: Date.now(),
    path: databasePath(ctx.settings.stateDir),
    count: rows.length,
    totalCount: total,
    limitApplied: limit,
    offset,
    nextOffset: next < total ? next : null,
    hasMore: next < total,
    defaults: { ...modelDefaults(ctx), contextTokens: null },
    sessions: rows,
  }
}
