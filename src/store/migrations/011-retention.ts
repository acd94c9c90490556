import type { Migration } from './index.ts'

/**
 * Retention (`session.maintenance`). `trimmed` is how many of a transcript's first positions were cut
 * off (`sessions.compact` with `maxLines`): reads start after it, so positions, counts and cursors of
 * what is kept stay as they were. `transcript_garbage` lists transcript rows still to be deleted (a
 * pruned session's whole transcript, a trimmed one's front, up to `through_pos`): the rows go in small
 * batches in the background, so neither a prune nor a cut ever deletes a long transcript in one go.
 */
export const retention011: Migration = {
  version: 11,
  name: 'retention',
  up(db) {
    db.exec(`
      ALTER TABLE sessions ADD COLUMN trimmed INTEGER NOT NULL DEFAULT 0;
      CREATE TABLE transcript_garbage (
        session_id TEXT PRIMARY KEY,
        through_pos INTEGER NOT NULL
      );
    `)
  },
}
