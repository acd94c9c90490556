/**
 * A session as the wire shows it (`sessions.list`, `describe`, `patch`, `chat.startup`'s `sessionInfo`,
 * `sessions.changed`), with the original's field names. Every field is one indexed read or none.
 */
import { mainSessionKey } from '../routing/session-keys.ts'
import { textOf, type TranscriptMessage } from '../agent/transcript.ts'
import type { SessionRecord } from '../store/session-store.ts'
import type { GatewayServices } from './context.ts'

const PREVIEW_CHARS = 200

export interface RowOptions {
  lastMessage?: boolean
  /** The newest user or assistant message, when the caller already holds it (no read). */
  lastBody?: TranscriptMessage
  derivedTitle?: boolean
}

export function sessionRow(s: SessionRecord, ctx: Pick<GatewayServices, 'sessions' | 'agent' | 'settings'>, opts: RowOptions = {}) {
  const last = opts.lastBody ?? (opts.lastMessage ? (ctx.sessions.lastMessageBody(s.sessionId) as TranscriptMessage | undefined) : undefined)
  // An agent's main session is titled by the UI itself ("Main Session"), as with the original.
  const isMain = s.key === mainSessionKey(s.agentId)
  const first = opts.derivedTitle && !s.label && !isMain ? (ctx.sessions.at(s.sessionId, s.firstPos)?.body as TranscriptMessage | undefined) : undefined
  const derivedTitle = first?.role === 'user' ? textOf(first).trim().slice(0, PREVIEW_CHARS) : undefined
  const activeRunIds = ctx.agent.activeRunIds(s.key)
  const model = modelDefaults(ctx)
  return {
    key: s.key, sessionId: s.sessionId, agentId: s.agentId, kind: s.kind, createdAt: s.createdAt, updatedAt: s.updatedAt,
    messageCount: s.messageCount,
    ...(s.label && { label: s.label, displayName: s.label }),
    ...(derivedTitle && { derivedTitle }),
    ...(s.channel && { channel: s.channel }),
    ...(last && { lastMessagePreview: textOf(last).slice(0, PREVIEW_CHARS) }),
    isMain,
    hasActiveRun: activeRunIds.length > 0,
    activeRunIds,
    ...(model.modelProvider && { modelProvider: model.modelProvider }),
    ...(model.model && { model: model.model }),
    snapshotAt: Date.now(),
  }
}

/** The model new turns use: `agents.defaults.model.primary`, split as the original reports it. */
export function modelDefaults(ctx: Pick<GatewayServices, 'settings'>): { modelProvider: string | null; model: string | null } {
  const primary = ctx.settings.agent.primary
  return { modelProvider: primary?.provider.id ?? null, model: primary?.model ?? null }
}
