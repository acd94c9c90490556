import type { Migration } from './index.ts'

/**
 * `transcript_by_session (session_id, seq)` from migration 002 has served no query since positions
 * came (010): every transcript read and delete goes by `transcript_by_position (session_id, pos)` or
 * by `seq` itself (store/transcript-plans.test.ts shows each plan). Kept, it cost every appended
 * message one more b-tree to update, and so WAL pages in the turn's commit.
 */
export const dropTranscriptBySession019: Migration = {
  version: 19,
  name: 'drop-transcript-by-session',
  up(db) {
    db.exec('DROP INDEX IF EXISTS transcript_by_session')
  },
}
