import type { Migration } from './index.ts'

/** Agent sessions (one row per session key) and their transcripts (keyed by session id, so a reset starts clean). */
export const sessions002: Migration = {
  version: 2,
  name: 'sessions',
  up(db) {
    db.exec(`
      CREATE TABLE sessions (
        key TEXT PRIMARY KEY,
        session_id TEXT NOT NULL UNIQUE,
        agent_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        channel TEXT,
        label TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX sessions_by_update ON sessions(updated_at DESC);
      CREATE TABLE transcript_messages (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        session_id TEXT NOT NULL,
        run_id TEXT,
        role TEXT NOT NULL,
        body TEXT NOT NULL,
        ts INTEGER NOT NULL
      );
      CREATE INDEX transcript_by_session ON transcript_messages(session_id, seq);
    `)
  },
}
