import type { Migration } from './index.ts'

/**
 * A session's activity as the original's `sessions.list` sorts by it (gateway/protocol/rpc-session-control.md):
 * the later of its last finished run and its last input from a person, else its last update. `sortBy:
 * "activity"` orders by this expression and `activeMinutes` filters on it, so both read the index.
 */
export const SESSION_ACTIVITY_AT = 'COALESCE(MAX(last_activity_at, last_interaction_at), last_activity_at, last_interaction_at, updated_at)'

/**
 * `last_interaction_at`: the last input from an operator or a channel (heartbeats and cron jobs do not
 * count); `last_activity_at`: when the session's last run ended. Both are unknown for sessions before this.
 */
export const sessionActivity013: Migration = {
  version: 13,
  name: 'session-activity',
  up(db) {
    db.exec(`
      ALTER TABLE sessions ADD COLUMN last_interaction_at INTEGER;
      ALTER TABLE sessions ADD COLUMN last_activity_at INTEGER;
      CREATE INDEX sessions_by_interaction ON sessions(last_interaction_at DESC, key);
      CREATE INDEX sessions_by_activity ON sessions(${SESSION_ACTIVITY_AT} DESC, key);
    `)
  },
}
