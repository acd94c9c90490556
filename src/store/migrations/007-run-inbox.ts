import type { Migration } from './index.ts'

/**
 * Runs accepted but not yet started: a message acknowledged to a client is on disk before the ack,
 * and survives a crash while it waits behind another run of its session.
 */
export const runInbox007: Migration = {
  version: 7,
  name: 'run-inbox',
  up(db) {
    db.exec(`
      CREATE TABLE run_inbox (
        run_id TEXT PRIMARY KEY,
        session_key TEXT NOT NULL,
        request TEXT NOT NULL,
        accepted_at INTEGER NOT NULL
      );
    `)
  },
}
