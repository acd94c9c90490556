/**
 * Sessions and transcripts in SQLite. A session key (e.g. `agent:main:main`) names a conversation;
 * its `sessionId` names the current transcript, replaced on reset. Message bodies are opaque JSON
 * owned by the agent. Each message has its 1-based position (`pos`) in its transcript and each
 * session its message count, so every read here is an index lookup bounded by its page size. A
 * transcript cut by `trim` keeps its positions: reads start after `trimmed` (migration 011), and the
 * cut rows are deleted later, in small batches (session-retention.ts).
 */
import type { Db } from './db.ts'
import { groupCommit } from './group-commit.ts'
import { lazyStatements } from './lazy-statements.ts'
import { SESSION_ACTIVITY_AT } from './migrations/013-session-activity.ts'
import { createTranscriptTails } from './transcript-tail.ts'

export type SessionKind = 'main' | 'direct' | 'group' | 'cron' | 'other'

export interface SessionRecord {
  key: string
  sessionId: string
  agentId: string
  kind: SessionKind
  channel?: string
  label?: string
  createdAt: number
  updatedAt: number
  /** Positions kept: those after the ones `trim` cut off (a run dropped from the middle leaves its gap counted). */
  messageCount: number
  /** Positions of the oldest and newest kept message (`firstPos > lastPos` when none is). */
  firstPos: number
  lastPos: number
}

/**
 * How `list` orders sessions, newest first, the key breaking ties: by last update (the default), by
 * activity (last finished run or last input, else last update), or by last input from a person.
 */
type SessionOrder = 'updatedAt' | 'activity' | 'lastInteractionAt'

const ORDER_COLUMN: Record<SessionOrder, string> = {
  updatedAt: 'updated_at',
  activity: SESSION_ACTIVITY_AT,
  lastInteractionAt: 'last_interaction_at',
}

/** Which sessions `list` returns, and in which order. */
export interface SessionQuery {
  limit: number
  offset: number
  agentId?: string
  sortBy?: SessionOrder
  /** Only sessions active at or after this time (ms): by activity when sorted by it, else by last update. */
  activeSince?: number
  /** Substring of the key or label. */
  search?: string
  label?: string
  /** Only these keys (`activeOnly`: the sessions with a run queued or running). */
  keys?: readonly string[]
}

export interface StoredMessage<Body = unknown> {
  id: string
  /** 1-based position in its transcript. */
  pos: number
  sessionId: string
  runId?: string
  role: string
  body: Body
  ts: number
}

interface SessionRow {
  key: string
  session_id: string
  agent_id: string
  kind: SessionKind
  channel: string | null
  label: string | null
  created_at: number
  updated_at: number
  message_count: number
  trimmed: number
}

interface MessageRow {
  id: string
  pos: number
  session_id: string
  run_id: string | null
  role: string
  body: string
  ts: number
}

const toSession = (r: SessionRow): SessionRecord => ({
  key: r.key,
  sessionId: r.session_id,
  agentId: r.agent_id,
  kind: r.kind,
  ...(r.channel && { channel: r.channel }),
  ...(r.label && { label: r.label }),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  messageCount: r.message_count - r.trimmed,
  firstPos: r.trimmed + 1,
  lastPos: r.message_count,
})

const toMessage = (r: MessageRow): StoredMessage => ({
  id: r.id,
  pos: r.pos,
  sessionId: r.session_id,
  ...(r.run_id && { runId: r.run_id }),
  role: r.role,
  body: JSON.parse(r.body),
  ts: r.ts,
})

const MESSAGE_COLUMNS = 'id, pos, session_id, run_id, role, body, ts'

export type AppendListener = (session: SessionRecord, message: StoredMessage) => void

/** What a message's stored body counts toward `session.maintenance.maxDiskBytes` (migration 020). */
const storedBytes = (body: string) => Buffer.byteLength(body)

/** A session from elsewhere with its transcript (`importSession`). */
export interface ImportedSession {
  key: string
  sessionId: string
  agentId: string
  kind: SessionKind
  channel?: string
  label?: string
  createdAtMs: number
  updatedAtMs: number
  lastInteractionAtMs?: number
  messages: { id: string; role: string; body: unknown; ts: number }[]
}

export function createSessionStore(db: Db) {
  const appendListeners = new Set<AppendListener>()
  // Every write joins the open batch (group-commit.ts); `durable()` is when they are on disk.
  const commits = groupCommit(db)
  const tails = createTranscriptTails()
  const q = lazyStatements({
    get: () => db.query<SessionRow, [string]>('SELECT * FROM sessions WHERE key = ?'),
    bySessionId: () => db.query<SessionRow, [string]>('SELECT * FROM sessions WHERE session_id = ?'),
    insert: () => db.query('INSERT INTO sessions (key, session_id, agent_id, kind, channel, label, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
    // One statement claims the next position and marks the session active.
    // It returns the whole row, which is what append's listeners are given: no second read.
    // It also counts the message's bytes (migration 020, for `session.maintenance.maxDiskBytes`).
    claimPosition: () => db.query<SessionRow, [number, number, string]>(
      'UPDATE sessions SET message_count = message_count + 1, transcript_bytes = transcript_bytes + ?, updated_at = ? WHERE session_id = ? RETURNING *',
    ),
    remove: () => db.query('DELETE FROM sessions WHERE key = ?'),
    renew: () => db.query('UPDATE sessions SET session_id = ?, message_count = 0, trimmed = 0, transcript_bytes = 0, updated_at = ? WHERE key = ?'),
    setLabel: () => db.query('UPDATE sessions SET label = ? WHERE key = ?'),
    markInteraction: () => db.query('UPDATE sessions SET last_interaction_at = MAX(COALESCE(last_interaction_at, 0), ?) WHERE key = ?'),
    markActivity: () => db.query('UPDATE sessions SET last_activity_at = MAX(COALESCE(last_activity_at, 0), ?) WHERE key = ?'),
    setTrimmed: () => db.query('UPDATE sessions SET trimmed = ? WHERE key = ?'),
    // The count is the newest position: it goes down only to the newest message left (a run dropped
    // from the end frees its positions for the next append; one from the middle leaves a gap, and the
    // messages after it keep their positions), never below the cut.
    recount: () => db.query(
      `UPDATE sessions SET message_count = MAX(trimmed, COALESCE((SELECT MAX(pos) FROM transcript_messages WHERE session_id = ?1), 0))
       WHERE session_id = ?1`,
    ),
    append: () => db.query('INSERT INTO transcript_messages (id, pos, session_id, run_id, role, body, ts) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    importSession: () => db.query(`INSERT INTO sessions (key, session_id, agent_id, kind, channel, label, created_at, updated_at, message_count,
      last_interaction_at, transcript_bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    range: () => db.query<MessageRow, [string, number, number]>(
      `SELECT ${MESSAGE_COLUMNS} FROM transcript_messages WHERE session_id = ? AND pos > ? AND pos <= ? ORDER BY pos`,
    ),
    after: () => db.query<MessageRow, [string, number, number]>(
      `SELECT ${MESSAGE_COLUMNS} FROM transcript_messages WHERE session_id = ? AND pos > ? ORDER BY pos LIMIT ?`,
    ),
    at: () => db.query<MessageRow, [string, number]>(`SELECT ${MESSAGE_COLUMNS} FROM transcript_messages WHERE session_id = ? AND pos = ?`),
    lastText: () => db.query<{ body: string }, [string, number]>(
      "SELECT body FROM transcript_messages WHERE session_id = ? AND pos > ? AND role IN ('user', 'assistant') ORDER BY pos DESC LIMIT 1",
    ),
    // The rows go later, a batch at a time (session-retention.ts): a reset never waits for a long transcript.
    discard: () => db.query(
      `INSERT INTO transcript_garbage (session_id, through_pos) VALUES (?1, ?2)
       ON CONFLICT(session_id) DO UPDATE SET through_pos = MAX(through_pos, ?2)`,
    ),
    dropRun: () => db.query<{ bytes: number }, [string, string]>(
      'DELETE FROM transcript_messages WHERE session_id = ? AND run_id = ? RETURNING length(CAST(body AS BLOB)) AS bytes',
    ),
    uncount: () => db.query('UPDATE sessions SET transcript_bytes = transcript_bytes - ? WHERE session_id = ?'),
    inboxAdd: () => db.query('INSERT OR REPLACE INTO run_inbox (run_id, session_key, request, accepted_at) VALUES (?, ?, ?, ?)'),
    inboxRemove: () => db.query('DELETE FROM run_inbox WHERE run_id = ?'),
    inboxAll: () => db.query<{ run_id: string; request: string }, []>('SELECT run_id, request FROM run_inbox ORDER BY accepted_at, rowid'),
  })

  const trimmedOf = (sessionId: string): number => q.bySessionId.get(sessionId)?.trimmed ?? 0

  return {
    get: (key: string): SessionRecord | null => {
      const row = q.get.get(key)
      return row ? toSession(row) : null
    },
    /** The session for a key, created on first use. */
    ensure(key: string, init: { agentId: string; kind: SessionKind; channel?: string; label?: string }): SessionRecord {
      const found = q.get.get(key)
      if (found) return toSession(found)
      const now = Date.now()
      commits.write(() => q.insert.run(key, crypto.randomUUID(), init.agentId, init.kind, init.channel ?? null, init.label ?? null, now, now))
      return toSession(q.get.get(key)!)
    },
    bySessionId: (sessionId: string): SessionRecord | null => {
      const row = q.bySessionId.get(sessionId)
      return row ? toSession(row) : null
    },
    /** Filtered, ordered and paged in SQL: the work is bounded by the page, not by the number of sessions. */
    list(query: SessionQuery): { sessions: SessionRecord[]; total: number } {
      const where: string[] = []
      const args: (string | number)[] = []
      const add = (clause: string, ...values: (string | number)[]) => {
        where.push(clause)
        args.push(...values)
      }
      if (query.agentId) add('agent_id = ?', query.agentId)
      const order = ORDER_COLUMN[query.sortBy ?? 'updatedAt']
      if (query.activeSince !== undefined) add(`${query.sortBy === 'activity' ? order : 'updated_at'} >= ?`, query.activeSince)
      if (query.label !== undefined) add('label = ?', query.label)
      if (query.keys) add('key IN (SELECT value FROM json_each(?))', JSON.stringify(query.keys))
      if (query.search) {
        const like = `%${query.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
        add("(key LIKE ? ESCAPE '\\' OR label LIKE ? ESCAPE '\\')", like, like)
      }
      const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''
      const rows = db.query<SessionRow, (string | number)[]>(`SELECT * FROM sessions ${filter} ORDER BY ${order} DESC, key LIMIT ? OFFSET ?`)
        .all(...args, query.limit, query.offset)
      const total = db.query<{ n: number }, (string | number)[]>(`SELECT COUNT(*) AS n FROM sessions ${filter}`).get(...args)!.n
      return { sessions: rows.map(toSession), total }
    },
    /** An input from an operator or a channel (not a heartbeat or cron job) accepted at `at`. */
    markInteraction: (key: string, at: number) => void commits.write(() => q.markInteraction.run(at, key)),
    /** A run of the session ended at `at`. */
    markActivity: (key: string, at: number) => void commits.write(() => q.markActivity.run(at, key)),
    setLabel(key: string, label: string | null): SessionRecord | null {
      commits.write(() => q.setLabel.run(label, key))
      const row = q.get.get(key)
      return row ? toSession(row) : null
    },
    /** A fresh transcript under the same key; the old one is deleted. */
    reset(key: string): SessionRecord | null {
      const found = q.get.get(key)
      if (!found) return null
      commits.write(() => {
        q.discard.run(found.session_id, found.message_count)
        q.renew.run(crypto.randomUUID(), Date.now(), key)
      })
      return toSession(q.get.get(key)!)
    },
    delete(key: string): boolean {
      const found = q.get.get(key)
      if (!found) return false
      commits.write(() => {
        q.discard.run(found.session_id, found.message_count)
        q.remove.run(key)
      })
      return true
    },
    /**
     * Cuts a transcript to its newest `keep` messages (`sessions.compact` with `maxLines`); returns how
     * many are kept, or null for no such session. Positions do not move: a cursor before the cut
     * catches up as a reset, one after it as before.
     */
    trim(key: string, keep: number): number | null {
      const found = q.get.get(key)
      if (!found) return null
      const through = found.message_count - keep
      if (through <= found.trimmed) return found.message_count - found.trimmed
      commits.write(() => {
        q.setTrimmed.run(through, key)
        q.discard.run(found.session_id, through)
      })
      return keep
    },
    /** `fromInbox`: the run's accepted request leaves the inbox in the same commit its message lands. */
    append(sessionId: string, msg: { id?: string; runId?: string; role: string; body: unknown; ts?: number }, fromInbox?: string): StoredMessage {
      const id = msg.id ?? crypto.randomUUID()
      const ts = msg.ts ?? Date.now()
      // One savepoint in the open batch: the message, its position and the inbox removal land together.
      const body = JSON.stringify(msg.body)
      const session = commits.write(() => {
        const claimed = q.claimPosition.get(storedBytes(body), ts, sessionId)
        if (!claimed) throw new Error(`no session has transcript ${sessionId}`)
        q.append.run(id, claimed.message_count, sessionId, msg.runId ?? null, msg.role, body, ts)
        if (fromInbox) q.inboxRemove.run(fromInbox)
        return claimed
      })
      const stored: StoredMessage = { id, pos: session.message_count, sessionId, ...(msg.runId && { runId: msg.runId }), role: msg.role, body: msg.body, ts }
      tails.appended(sessionId, stored, body.length)
      if (appendListeners.size > 0) {
        const record = toSession(session)
        for (const listener of appendListeners) listener(record, stored)
      }
      return stored
    },
    /**
     * A session and its transcript from elsewhere (the original's state, src/migrate/), messages oldest
     * first; counted as appended ones are. Runs inside the caller's transaction.
     */
    importSession(s: ImportedSession): void {
      const bodies = s.messages.map((m) => JSON.stringify(m.body))
      q.importSession.run(s.key, s.sessionId, s.agentId, s.kind, s.channel ?? null, s.label ?? null, s.createdAtMs, s.updatedAtMs,
        s.messages.length, s.lastInteractionAtMs ?? null, bodies.reduce((bytes, body) => bytes + storedBytes(body), 0))
      s.messages.forEach((m, i) => q.append.run(m.id, i + 1, s.sessionId, null, m.role, bodies[i]!, m.ts))
    },
    /** Called after each message is written (e.g. to publish it to subscribed clients); returns the unsubscribe. */
    onAppend(listener: AppendListener): () => void {
      appendListeners.add(listener)
      return () => void appendListeners.delete(listener)
    },
    /** Up to `limit` kept messages, oldest first, skipping the `offset` newest ones. */
    page(sessionId: string, limit: number, offset: number): StoredMessage[] {
      const session = q.bySessionId.get(sessionId)
      if (!session) return []
      const end = Math.max(session.trimmed, session.message_count - offset)
      const start = Math.max(session.trimmed, end - limit)
      const cached = tails.read(sessionId, start, end, session.message_count)
      if (cached) return cached
      const rows = q.range.all(sessionId, start, end)
      const messages = rows.map(toMessage)
      tails.filled(sessionId, start, end, session.message_count, messages, rows.map((r) => r.body.length))
      return messages
    },
    /** Up to `limit` kept messages after position `pos`, oldest first (catch-up reads). */
    after(sessionId: string, pos: number, limit: number): StoredMessage[] {
      return q.after.all(sessionId, Math.max(pos, trimmedOf(sessionId)), limit).map(toMessage)
    },
    /** The kept message at a position (e.g. the first, for a derived title). */
    at(sessionId: string, pos: number): StoredMessage | undefined {
      const row = pos > trimmedOf(sessionId) ? q.at.get(sessionId, pos) : undefined
      return row ? toMessage(row) : undefined
    },
    countMessages(sessionId: string): number {
      const row = q.bySessionId.get(sessionId)
      return row ? row.message_count - row.trimmed : 0
    },
    lastMessageBody(sessionId: string): unknown {
      const row = q.lastText.get(sessionId, trimmedOf(sessionId))
      return row ? JSON.parse(row.body) : undefined
    },
    /** Records an accepted run before it is acknowledged; `append(…, runId)` or `dropPendingRun` takes it out. */
    addPendingRun: (runId: string, sessionKey: string, request: unknown) => void commits.write(() => q.inboxAdd.run(runId, sessionKey, JSON.stringify(request), Date.now())),
    dropPendingRun: (runId: string) => void commits.write(() => q.inboxRemove.run(runId)),
    /** Settles once every write made so far is on disk (the group commit's); rejects with the typed storage error. */
    durable: (): Promise<void> => commits.durable(),
    /** Where a piece of work writing over several tasks starts (a turn): for `durableSince`. */
    mark: (): number => commits.mark(),
    /** Settles once every write since `mark` is on disk; rejects with the typed storage error if any of their commits failed. */
    durableSince: (mark: number): Promise<void> => commits.durableSince(mark),
    /** Runs accepted before a crash that never started, oldest first. */
    pendingRuns: (): { runId: string; request: unknown }[] => q.inboxAll.all().map((r) => ({ runId: r.run_id, request: JSON.parse(r.request) })),
    /** Removes one run's messages (a silent heartbeat acknowledgement leaves no trace). */
    dropRun(sessionId: string, runId: string): void {
      commits.write(() => {
        const dropped = q.dropRun.all(sessionId, runId)
        if (dropped.length === 0) return
        q.recount.run(sessionId)
        q.uncount.run(dropped.reduce((sum, r) => sum + r.bytes, 0), sessionId)
      })
      // The tail may hold the dropped messages at positions the session row still covers.
      tails.forget(sessionId)
    },
  }
}

export type SessionStore = ReturnType<typeof createSessionStore>
