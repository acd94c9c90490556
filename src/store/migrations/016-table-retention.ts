import type { Migration } from './index.ts'

/**
 * Retention beyond sessions (store/table-retention.ts). A trigger notes every session removed (pruned
 * or deleted, whichever way) in `retired_sessions`, and drops its per-session state (`/model`, token
 * counts) with it. A retired session's run usage goes `pruneAfter` after its removal, in small batches
 * by `run_usage_by_session`: the Usage view keeps a deleted chat's spend for as long as an idle chat
 * lasts. Usage already orphaned counts as retired at its last run. `cron_runs_by_end` lets the run log
 * lose its old entries without a scan.
 */
export const tableRetention016: Migration = {
  version: 16,
  name: 'table-retention',
  up(db) {
    db.exec(`
      CREATE TABLE retired_sessions (
        session_key TEXT PRIMARY KEY,
        retired_at INTEGER NOT NULL
      );
      CREATE INDEX retired_sessions_by_age ON retired_sessions(retired_at);
      INSERT INTO retired_sessions (session_key, retired_at)
        SELECT session_key, MAX(ended_at) FROM run_usage WHERE session_key NOT IN (SELECT key FROM sessions) GROUP BY session_key;
      CREATE TRIGGER sessions_retire AFTER DELETE ON sessions BEGIN
        INSERT INTO retired_sessions (session_key, retired_at) VALUES (OLD.key, CAST(unixepoch('subsec') * 1000 AS INTEGER))
          ON CONFLICT(session_key) DO UPDATE SET retired_at = MAX(retired_at, excluded.retired_at);
        DELETE FROM session_state WHERE session_key = OLD.key;
      END;
      CREATE INDEX cron_runs_by_end ON cron_runs(ended_at);
    `)
  },
}
