/**
 * The SQL side of `session.maintenance`: which sessions an age or count limit selects, removing them,
 * deleting discarded transcript rows (`transcript_garbage`, migration 011) and returning freed pages to
 * the file system. Every call is bounded by its `limit`, so one maintenance batch costs the same
 * whatever the size of the database; the policy and the pacing are in agent/session-maintenance.ts.
 */
import type { Db } from './db.ts'
import { groupCommit } from './group-commit.ts'
import { lazyStatements } from './lazy-statements.ts'

export interface RetentionCandidate {
  key: string
  sessionId: string
  agentId: string
  updatedAt: number
  /** Its transcript's bytes (migration 020). */
  bytes: number
}

interface CandidateRow {
  key: string
  session_id: string
  agent_id: string
  updated_at: number
  transcript_bytes: number
}

const toCandidate = (r: CandidateRow): RetentionCandidate => ({
  key: r.key, sessionId: r.session_id, agentId: r.agent_id, updatedAt: r.updated_at, bytes: r.transcript_bytes,
})

const CANDIDATE_COLUMNS = 'key, session_id, agent_id, updated_at, transcript_bytes'

/**
 * An agent's main session is never pruned (as the original protects it), nor a session with an accepted
 * run still waiting in the inbox; runs already queued or running are the caller's to exclude.
 */
const NOT_WAITING = 'NOT EXISTS (SELECT 1 FROM run_inbox i WHERE i.session_key = sessions.key)'
const ELIGIBLE = `kind != 'main' AND ${NOT_WAITING}`

/** Free pages returned per batch: 128 KB at SQLite's default 4 KB page, about a millisecond (bench:retention). */
const VACUUM_PAGES = 32

export interface DatabaseSize {
  pageSize: number
  pages: number
  freePages: number
}

export function createSessionRetention(db: Db) {
  const commits = groupCommit(db)
  const q = lazyStatements({
    idle: () => db.query<CandidateRow, [string, number, number]>(
      `SELECT ${CANDIDATE_COLUMNS} FROM sessions WHERE agent_id = ? AND updated_at < ? AND ${ELIGIBLE} ORDER BY updated_at LIMIT ?`,
    ),
    // Sessions in rowid order from `after`, a page at a time: the sum of every agent's bytes is read in short steps.
    bytesPage: () => db.query<{ agent_id: string; bytes: number; last: number }, [number, number]>(
      'SELECT agent_id, SUM(transcript_bytes) AS bytes, MAX(rowid) AS last FROM (SELECT rowid, agent_id, transcript_bytes FROM sessions WHERE rowid > ? ORDER BY rowid LIMIT ?) GROUP BY agent_id',
    ),
    countIdle: () => db.query<{ n: number }, [string, number]>(`SELECT COUNT(*) AS n FROM sessions WHERE agent_id = ? AND updated_at < ? AND ${ELIGIBLE}`),
    countOf: () => db.query<{ n: number }, [string]>('SELECT COUNT(*) AS n FROM sessions WHERE agent_id = ?'),
    agents: () => db.query<{ agent_id: string }, []>('SELECT DISTINCT agent_id FROM sessions'),
    discard: () => db.query(
      `INSERT INTO transcript_garbage (session_id, through_pos) SELECT session_id, message_count FROM sessions WHERE key = ?1 AND session_id = ?2
       ON CONFLICT(session_id) DO UPDATE SET through_pos = MAX(through_pos, excluded.through_pos)`,
    ),
    remove: () => db.query('DELETE FROM sessions WHERE key = ? AND session_id = ?'),
    garbage: () => db.query<{ session_id: string; through_pos: number }, []>('SELECT session_id, through_pos FROM transcript_garbage ORDER BY rowid LIMIT 1'),
    sweep: () => db.query<{ bytes: number }, [string, number, number]>(
      `DELETE FROM transcript_messages WHERE seq IN (SELECT seq FROM transcript_messages WHERE session_id = ? AND pos <= ? ORDER BY pos LIMIT ?)
       RETURNING length(CAST(body AS BLOB)) AS bytes`,
    ),
    // A cut transcript's count goes down as its rows go (a removed or reset session's has no row left).
    uncount: () => db.query('UPDATE sessions SET transcript_bytes = transcript_bytes - ? WHERE session_id = ?'),
    swept: () => db.query('DELETE FROM transcript_garbage WHERE session_id = ? AND through_pos = ?'),
    vacuum: () => db.query(`PRAGMA incremental_vacuum(${VACUUM_PAGES})`),
    freePages: () => db.query<{ freelist_count: number }, []>('PRAGMA freelist_count'),
  })

  return {
    /** Agents that have sessions (a removed agent's sessions are still maintained). */
    agents: (): string[] => q.agents.all().map((r) => r.agent_id),
    countSessions: (agentId: string): number => q.countOf.get(agentId)!.n,
    /** An agent's eligible sessions last active before `before`, oldest first. */
    idle: (agentId: string, before: number, limit: number): RetentionCandidate[] => q.idle.all(agentId, before, limit).map(toCandidate),
    countIdle: (agentId: string, before: number): number => q.countIdle.get(agentId, before)!.n,
    /**
     * Adds to `into` each agent's transcript bytes (what `maxDiskBytes` bounds; rows cut but not yet swept
     * included) over up to `limit` sessions after rowid `after`; returns the rowid to go on from, or null at the end.
     */
    transcriptBytes(into: Map<string, number>, after: number, limit: number): number | null {
      let last: number | null = null
      for (const r of q.bytesPage.all(after, limit)) {
        into.set(r.agent_id, (into.get(r.agent_id) ?? 0) + r.bytes)
        last = Math.max(last ?? 0, r.last)
      }
      return last
    },
    /**
     * Removes a session if it still has this transcript; the transcript rows become garbage for `sweep`
     * (its per-session state goes with the row, its usage later: migration 016). Returns whether it was removed.
     */
    remove(c: RetentionCandidate): boolean {
      return commits.write(() => {
        q.discard.run(c.key, c.sessionId)
        return q.remove.run(c.key, c.sessionId).changes > 0
      })
    },
    /** Deletes up to `limit` discarded transcript rows; returns how many went (0: nothing left). */
    sweep(limit: number): number {
      let deleted = 0
      commits.write(() => {
        while (deleted < limit) {
          const next = q.garbage.get()
          if (!next) return
          const gone = q.sweep.all(next.session_id, next.through_pos, limit - deleted)
          if (gone.length > 0) q.uncount.run(gone.reduce((sum, r) => sum + r.bytes, 0), next.session_id)
          deleted += gone.length
          if (deleted < limit) q.swept.run(next.session_id, next.through_pos)
        }
      })
      return deleted
    },
    /** Returns up to VACUUM_PAGES free pages to the file system (the file shrinks at the next checkpoint, checkpointer.ts); returns how many. */
    vacuum(): number {
      const before = q.freePages.get()!.freelist_count
      commits.write(() => q.vacuum.all())
      return before - q.freePages.get()!.freelist_count
    },
    size(): DatabaseSize {
      return {
        pageSize: db.query<{ page_size: number }, []>('PRAGMA page_size').get()!.page_size,
        pages: db.query<{ page_count: number }, []>('PRAGMA page_count').get()!.page_count,
        freePages: q.freePages.get()!.freelist_count,
      }
    },
  }
}

export type SessionRetention = ReturnType<typeof createSessionRetention>
