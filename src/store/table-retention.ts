/**
 * The SQL side of retention for what grows beside sessions and transcripts (session-retention.ts has
 * those). Each table is bounded as the original bounds it, or where it has no setting by a fixed limit:
 * - `run_usage`: kept while its session is; a removed session's runs (`retired_sessions`, migration 016)
 *   go `pruneAfter` after the removal, so the Usage view keeps a deleted chat's spend that long;
 * - `channel_inbox`: an answered message's key is remembered INBOX_KEEP_MS from its arrival to recognise
 *   a redelivery; a message not answered yet (its account down or gone) is kept until it is, however old
 *   (the walk steps over those: as many as an account missed while it was down);
 * - `cron_runs`: a finished run is kept CRON_RUN_KEEP_MS, as the original keeps its run history
 *   (the newest runs per job are also capped as they are written, cron-store.ts).
 * Every call deletes at most `limit` rows, each found by an index walk, so a batch costs the same
 * whatever the size of the table; agent/session-maintenance.ts paces the batches.
 */
import type { Db } from './db.ts'
import { groupCommit } from './group-commit.ts'
import { lazyStatements } from './lazy-statements.ts'

const DAY_MS = 86_400_000
/** Redeliveries (a WhatsApp reconnect, a Discord resume, a Telegram offset not confirmed) come within hours, not weeks. */
const INBOX_KEEP_MS = 7 * DAY_MS
/** The original keeps terminal cron run history for 7 days. */
const CRON_RUN_KEEP_MS = 7 * DAY_MS

export function createTableRetention(db: Db) {
  const commits = groupCommit(db)
  const q = lazyStatements({
    retired: () => db.query<{ session_key: string; retired_at: number }, [number]>(
      'SELECT session_key, retired_at FROM retired_sessions WHERE retired_at < ? ORDER BY retired_at LIMIT 1',
    ),
    usage: () => db.query(
      'DELETE FROM run_usage WHERE rowid IN (SELECT rowid FROM run_usage WHERE session_key = ? AND ended_at <= ? LIMIT ?)',
    ),
    unretire: () => db.query('DELETE FROM retired_sessions WHERE session_key = ? AND retired_at = ?'),
    inbox: () => db.query(
      'DELETE FROM channel_inbox WHERE rowid IN (SELECT rowid FROM channel_inbox WHERE received_at < ? AND answered_at IS NOT NULL LIMIT ?)',
    ),
    cronRuns: () => db.query('DELETE FROM cron_runs WHERE rowid IN (SELECT rowid FROM cron_runs WHERE ended_at < ? LIMIT ?)'),
  })

  /** The usage of sessions removed before `before`; a retired entry dropped counts as a row. */
  function sweepUsage(before: number, limit: number): number {
    let done = 0
    while (done < limit) {
      const next = q.retired.get(before)
      if (!next) break
      const want = limit - done
      const deleted = q.usage.run(next.session_key, next.retired_at, want).changes
      done += deleted
      if (deleted < want) {
        // Every run of the session up to its removal is gone; a later session under the key keeps its own.
        q.unretire.run(next.session_key, next.retired_at)
        done++
      }
    }
    return done
  }

  return {
    /**
     * Deletes up to `limit` rows past their time, table by table; returns how many went (fewer than
     * `limit`: nothing is left due). `usageBefore`: a removed session's usage goes when it was removed before this.
     */
    sweep(limit: number, usageBefore: number, now: number = Date.now()): number {
      return commits.write(() => {
        let done = sweepUsage(usageBefore, limit)
        if (done < limit) done += q.inbox.run(now - INBOX_KEEP_MS, limit - done).changes
        if (done < limit) done += q.cronRuns.run(now - CRON_RUN_KEEP_MS, limit - done).changes
        return done
      })
    },
  }
}

export type TableRetention = ReturnType<typeof createTableRetention>
