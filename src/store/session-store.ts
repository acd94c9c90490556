/**
 * Sessions and transcripts in SQLite. A session key (e.g. `agent:main:main`) names a conversation;
 * its `sessionId` names the current transcript, replaced on reset. Message bodies are opaque JSON
 * owned by the agent.
 */
import type { Db } from './db.ts'
import { lazyStatements } from './lazy-statements.ts'

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
}

export interface StoredMessage<Body = unknown> {
  id: string
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
}

interface MessageRow {
  id: string
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
})

const toMessage = (r: MessageRow): StoredMessage => ({
  id: r.id,
  sessionId: r.session_id,
  ...(r.run_id && { runId: r.run_id }),
  role: r.role,
  body: JSON.parse(r.body),
  ts: r.ts,
})

export function createSessionStore(db: Db) {
  const q = lazyStatements({
    get: () => db.query<SessionRow, [string]>('SELECT * FROM sessions WHERE key = ?'),
    insert: () => db.query('INSERT INTO sessions (key, session_id, agent_id, kind, channel, label, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
    touch: () => db.query('UPDATE sessions SET updated_at = ? WHERE session_id = ?'),
    list: () => db.query<SessionRow, [number, number]>('SELECT * FROM sessions ORDER BY updated_at DESC LIMIT ? OFFSET ?'),
    count: () => db.query<{ n: number }, []>('SELECT COUNT(*) AS n FROM sessions'),
    remove: () => db.query('DELETE FROM sessions WHERE key = ?'),
    renew: () => db.query('UPDATE sessions SET session_id = ?, updated_at = ? WHERE key = ?'),
    append: () => db.query('INSERT INTO transcript_messages (id, session_id, run_id, role, body, ts) VALUES (?, ?, ?, ?, ?, ?)'),
    // Newest first: paging walks backwards from the end of the conversation.
    page: () => db.query<MessageRow, [string, number, number]>(
      'SELECT id, session_id, run_id, role, body, ts FROM transcript_messages WHERE session_id = ? ORDER BY seq DESC LIMIT ? OFFSET ?',
    ),
    countMessages: () => db.query<{ n: number }, [string]>('SELECT COUNT(*) AS n FROM transcript_messages WHERE session_id = ?'),
    lastText: () => db.query<{ body: string }, [string]>(
      "SELECT body FROM transcript_messages WHERE session_id = ? AND role IN ('user', 'assistant') ORDER BY seq DESC LIMIT 1",
    ),
    dropTranscript: () => db.query('DELETE FROM transcript_messages WHERE session_id = ?'),
    dropRun: () => db.query('DELETE FROM transcript_messages WHERE session_id = ? AND run_id = ?'),
    inboxAdd: () => db.query('INSERT OR REPLACE INTO run_inbox (run_id, session_key, request, accepted_at) VALUES (?, ?, ?, ?)'),
    inboxRemove: () => db.query('DELETE FROM run_inbox WHERE run_id = ?'),
    inboxAll: () => db.query<{ run_id: string; request: string }, []>('SELECT run_id, request FROM run_inbox ORDER BY accepted_at, rowid'),
  })

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
      q.insert.run(key, crypto.randomUUID(), init.agentId, init.kind, init.channel ?? null, init.label ?? null, now, now)
      return toSession(q.get.get(key)!)
    },
    list(limit: number, offset: number): { sessions: SessionRecord[]; total: number } {
      return { sessions: q.list.all(limit, offset).map(toSession), total: q.count.get()!.n }
    },
    /** A fresh transcript under the same key; the old one is deleted. */
    reset(key: string): SessionRecord | null {
      const found = q.get.get(key)
      if (!found) return null
      db.transaction(() => {
        q.dropTranscript.run(found.session_id)
        q.renew.run(crypto.randomUUID(), Date.now(), key)
      })()
      return toSession(q.get.get(key)!)
    },
    delete(key: string): boolean {
      const found = q.get.get(key)
      if (!found) return false
      db.transaction(() => {
        q.dropTranscript.run(found.session_id)
        q.remove.run(key)
      })()
      return true
    },
    /** `fromInbox`: the run's accepted request leaves the inbox in the same commit its message lands. */
    append(sessionId: string, msg: { id?: string; runId?: string; role: string; body: unknown; ts?: number }, fromInbox?: string): StoredMessage {
      const id = msg.id ?? crypto.randomUUID()
      const ts = msg.ts ?? Date.now()
      // One transaction: one commit (and one fsync) per message, not two.
      db.transaction(() => {
        q.append.run(id, sessionId, msg.runId ?? null, msg.role, JSON.stringify(msg.body), ts)
        q.touch.run(ts, sessionId)
        if (fromInbox) q.inboxRemove.run(fromInbox)
      })()
      return { id, sessionId, ...(msg.runId && { runId: msg.runId }), role: msg.role, body: msg.body, ts }
    },
    /** Up to `limit` messages, oldest first, skipping the `offset` newest ones. */
    page(sessionId: string, limit: number, offset: number): StoredMessage[] {
      return q.page.all(sessionId, limit, offset).map(toMessage).reverse()
    },
    countMessages: (sessionId: string): number => q.countMessages.get(sessionId)!.n,
    lastMessageBody(sessionId: string): unknown {
      const row = q.lastText.get(sessionId)
      return row ? JSON.parse(row.body) : undefined
    },
    /** Records an accepted run before it is acknowledged; `append(…, runId)` or `dropPendingRun` takes it out. */
    addPendingRun: (runId: string, sessionKey: string, request: unknown) => void q.inboxAdd.run(runId, sessionKey, JSON.stringify(request), Date.now()),
    dropPendingRun: (runId: string) => void q.inboxRemove.run(runId),
    /** Runs accepted before a crash that never started, oldest first. */
    pendingRuns: (): { runId: string; request: unknown }[] => q.inboxAll.all().map((r) => ({ runId: r.run_id, request: JSON.parse(r.request) })),
    /** Removes one run's messages (a silent heartbeat acknowledgement leaves no trace). */
    dropRun: (sessionId: string, runId: string) => void q.dropRun.run(sessionId, runId),
  }
}

export type SessionStore = ReturnType<typeof createSessionStore>
