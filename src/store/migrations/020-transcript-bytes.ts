import type { Migration } from './index.ts'

/**
 * Each session's transcript size in bytes (`session.maintenance.maxDiskBytes`): the UTF-8 bytes of the
 * message rows under its current transcript, kept as rows are added, dropped and swept, so an agent's
 * total is a sum over its sessions instead of a scan of every transcript.
 */
export const transcriptBytes020: Migration = {
  version: 20,
  name: 'transcript-bytes',
  up(db) {
    db.exec(`
      ALTER TABLE sessions ADD COLUMN transcript_bytes INTEGER NOT NULL DEFAULT 0;
      UPDATE sessions SET transcript_bytes = COALESCE((SELECT SUM(length(CAST(body AS BLOB))) FROM transcript_messages t WHERE t.session_id = sessions.session_id), 0);
    `)
  },
}
