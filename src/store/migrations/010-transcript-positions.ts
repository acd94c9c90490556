import type { Migration } from './index.ts'

/**
 * Each transcript message gets its 1-based position in its transcript, and each session its message
 * count, so history pages, counts and catch-up reads are index lookups instead of scans.
 */
export const transcriptPositions010: Migration = {
  version: 10,
  name: 'transcript-positions',
  up(db) {
    db.exec(`
      ALTER TABLE transcript_messages ADD COLUMN pos INTEGER NOT NULL DEFAULT 0;
      UPDATE transcript_messages SET pos = r.n
        FROM (SELECT seq, ROW_NUMBER() OVER (PARTITION BY session_id ORDER BY seq) AS n FROM transcript_messages) AS r
        WHERE transcript_messages.seq = r.seq;
      CREATE INDEX transcript_by_position ON transcript_messages(session_id, pos);
      ALTER TABLE sessions ADD COLUMN message_count INTEGER NOT NULL DEFAULT 0;
      UPDATE sessions SET message_count = (SELECT COUNT(*) FROM transcript_messages t WHERE t.session_id = sessions.session_id);
      CREATE INDEX sessions_by_agent_update ON sessions(agent_id, updated_at DESC);
    `)
  },
}
