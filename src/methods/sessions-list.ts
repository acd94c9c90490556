import type { SessionRecord } from '../store/session-store.ts'
import { textOf, type TranscriptMessage } from '../agent/transcript.ts'
import { defineMethod } from './define-method.ts'
import type { MethodContext } from './context.ts'

const DEFAULT_LIMIT = 100
const MAX_LIMIT = 1000

export const sessionsList = defineMethod('sessions.list', {
  access: 'operator.read',
  handle(p, ctx) {
    const limit = Math.min(p.limit ?? DEFAULT_LIMIT, MAX_LIMIT)
    const offset = p.offset ?? 0
    const { sessions, total } = ctx.sessions.list(limit, offset)
    const next = offset + sessions.length
    return {
      ts: Date.now(),
      path: `${ctx.settings.stateDir}/state/openclaw.sqlite`,
      count: sessions.length,
      totalCount: total,
      limitApplied: limit,
      offset,
      nextOffset: next < total ? next : null,
      hasMore: next < total,
      defaults: { model: ctx.agent.modelLabel, contextTokens: null },
      sessions: sessions.map((s) => toRow(s, ctx, p.includeLastMessage ?? false)),
    }
  },
})

export function toRow(s: SessionRecord, ctx: MethodContext, withLast = false) {
  const last = withLast ? (ctx.sessions.lastMessageBody(s.sessionId) as TranscriptMessage | undefined) : undefined
  return {
    key: s.key, sessionId: s.sessionId, agentId: s.agentId, kind: s.kind, createdAt: s.createdAt, updatedAt: s.updatedAt,
    messageCount: ctx.sessions.countMessages(s.sessionId),
    ...(s.label && { label: s.label }),
    ...(s.channel && { channel: s.channel }),
    ...(last && { lastMessage: textOf(last).slice(0, 200) }),
  }
}
