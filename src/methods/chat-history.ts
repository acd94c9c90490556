import { canonicalSessionKey } from '../routing/session-keys.ts'
import type { TranscriptMessage } from '../agent/transcript.ts'
import { defineMethod } from './define-method.ts'

const DEFAULT_LIMIT = 200
/** A page never exceeds this many bytes of JSON unless asked for more; the oldest entries go first. */
const DEFAULT_MAX_BYTES = 1024 * 1024

/** The newest `limit` messages (oldest first), skipping `offset` newer ones; page back with `nextOffset`. */
export const chatHistory = defineMethod('chat.history', {
  access: 'operator.read',
  handle(p, ctx) {
    const sessionKey = canonicalSessionKey(p.sessionKey, p.agentId)
    const session = ctx.sessions.get(sessionKey)
    const empty = { sessionKey, sessionId: null, messages: [], thinkingLevel: 'off', hasMore: false, nextOffset: null, totalCount: 0 }
    if (!session || (p.sessionId && p.sessionId !== session.sessionId)) return empty
    const offset = p.offset ?? (p.cursor && /^\d+$/.test(p.cursor) ? Number(p.cursor) : 0)
    const total = ctx.sessions.countMessages(session.sessionId)
    let messages: TranscriptMessage[] = ctx.sessions.page(session.sessionId, p.limit ?? DEFAULT_LIMIT, offset).map((m) => ({ ...(m.body as TranscriptMessage), id: m.id }))
    messages = trimToBudget(messages, p.maxBytes ?? DEFAULT_MAX_BYTES, p.maxChars)
    const next = offset + messages.length
    return {
      sessionKey, sessionId: session.sessionId, messages, thinkingLevel: 'off',
      hasMore: next < total, nextOffset: next < total ? next : null, totalCount: total,
    }
  },
})

function trimToBudget(messages: TranscriptMessage[], maxBytes: number, maxChars?: number): TranscriptMessage[] {
  let bytes = 0
  let chars = 0
  let keepFrom = messages.length
  for (let i = messages.length - 1; i >= 0; i--) {
    const json = JSON.stringify(messages[i])
    bytes += Buffer.byteLength(json)
    chars += json.length
    if (bytes > maxBytes || (maxChars !== undefined && chars > maxChars)) break
    keepFrom = i
  }
  return messages.slice(keepFrom)
}
