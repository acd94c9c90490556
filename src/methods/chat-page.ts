/**
 * The transcript pages `chat.history` and `chat.startup` answer: the newest messages (oldest first)
 * within a count and a byte budget, read by position so a page costs the same in a long transcript as
 * in a short one, and the delta catch-up a `deltaCursor` asks for.
 */
import type { TranscriptMessage } from '../agent/transcript.ts'
import type { SessionRecord, StoredMessage } from '../store/session-store.ts'
import type { MethodContext } from './context.ts'
import { sessionRow } from './session-row.ts'
import { requestedSessionKey } from './requested-session-key.ts'

const DEFAULT_LIMIT = 200
/** A page never exceeds this many bytes of JSON unless asked for more; the oldest entries go first. */
const DEFAULT_MAX_BYTES = 1024 * 1024
/** A catch-up longer than this resets to a tail fetch instead (as the original does). */
const MAX_DELTA_MESSAGES = 200

export interface PageRequest {
  sessionKey: string
  agentId?: string
  cursor?: string
  offset?: number
  limit?: number
  maxBytes?: number
  maxChars?: number
  sessionId?: string
}

/**
 * A stored message as the wire shows it, with the original's `__openclaw` envelope (id, position, run).
 * A run's input carries `<runId>:user` as its idempotency key: that is how a client matches it to the
 * message it sent with `chat.send`.
 */
export function wireMessage(m: StoredMessage): TranscriptMessage {
  const body = m.body as TranscriptMessage
  const idempotencyKey = m.runId && body.role === 'user' ? `${m.runId}:user` : undefined
  return {
    ...body, id: m.id, ...(idempotencyKey && { idempotencyKey }),
    __openclaw: { id: m.id, seq: m.pos, ...(m.runId && { runId: m.runId }), ...(idempotencyKey && { idempotencyKey }) },
  }
}

export function readPage(p: PageRequest, ctx: MethodContext) {
  const sessionKey = requestedSessionKey(ctx, p.sessionKey, p.agentId)
  const session = ctx.sessions.get(sessionKey)
  const delta = p.cursor ? decodeDeltaCursor(p.cursor) : undefined
  if (delta) return readDelta(sessionKey, session, delta, ctx)
  const empty = {
    sessionKey, sessionId: null, messages: [], thinkingLevel: 'off', hasMore: false, nextOffset: null, totalCount: 0, totalMessages: 0,
    pendingInputs: { items: [], total: 0 },
  }
  if (!session || (p.sessionId && p.sessionId !== session.sessionId)) return empty
  const offset = p.offset ?? (p.cursor && /^\d+$/.test(p.cursor) ? Number(p.cursor) : 0)
  const total = session.messageCount
  const stored = trimToBudget(ctx.sessions.page(session.sessionId, p.limit ?? DEFAULT_LIMIT, offset), p.maxBytes ?? DEFAULT_MAX_BYTES, p.maxChars)
  const next = offset + stored.length
  const newest = stored.at(-1)
  return {
    sessionKey, sessionId: session.sessionId, messages: stored.map(wireMessage), thinkingLevel: 'off',
    hasMore: next < total, nextOffset: next < total ? next : null, totalCount: total, totalMessages: total,
    // Only a tail page can be continued by a catch-up read.
    ...(offset === 0 && { deltaCursor: encodeDeltaCursor(session.sessionId, newest?.pos ?? 0) }),
    pendingInputs: { items: [], total: 0 },
    sessionInfo: sessionRow(session, ctx),
  }
}

function readDelta(sessionKey: string, session: SessionRecord | null, cursor: DeltaCursor, ctx: MethodContext) {
  // A cursor before the first kept message (`sessions.compact` cut what followed it) cannot catch up either.
  const lost = !session || session.sessionId !== cursor.sessionId || cursor.pos > session.lastPos || cursor.pos < session.firstPos - 1
  if (lost) return { kind: 'reset' as const, sessionKey }
  const added = ctx.sessions.after(session.sessionId, cursor.pos, MAX_DELTA_MESSAGES + 1)
  if (added.length > MAX_DELTA_MESSAGES) return { kind: 'reset' as const, sessionKey }
  return {
    kind: 'delta' as const, sessionKey, messages: added.map(wireMessage),
    deltaCursor: encodeDeltaCursor(session.sessionId, added.at(-1)?.pos ?? cursor.pos), sessionInfo: sessionRow(session, ctx),
  }
}

interface DeltaCursor {
  sessionId: string
  pos: number
}

function encodeDeltaCursor(sessionId: string, pos: number): string {
  return Buffer.from(JSON.stringify({ v: 1, sessionId, pos })).toString('base64url')
}

/** Undefined when the cursor is not a delta cursor (e.g. a numeric offset). */
function decodeDeltaCursor(cursor: string): DeltaCursor | undefined {
  if (/^\d+$/.test(cursor)) return undefined
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<DeltaCursor & { v: number }>
    if (parsed.v === 1 && typeof parsed.sessionId === 'string' && Number.isInteger(parsed.pos) && parsed.pos! >= 0) {
      return { sessionId: parsed.sessionId, pos: parsed.pos! }
    }
  } catch {
    // not ours: answered as a reset below
  }
  return { sessionId: '', pos: 0 }
}

/** Drops the oldest messages past the budget; the newest is always kept so a page is never empty. */
function trimToBudget(messages: StoredMessage[], maxBytes: number, maxChars?: number): StoredMessage[] {
  let bytes = 0
  let chars = 0
  let keepFrom = messages.length
  for (let i = messages.length - 1; i >= 0; i--) {
    const json = JSON.stringify(messages[i]!.body)
    bytes += Buffer.byteLength(json)
    chars += json.length
    if (keepFrom < messages.length && (bytes > maxBytes || (maxChars !== undefined && chars > maxChars))) break
    keepFrom = i
  }
  return messages.slice(keepFrom)
}
