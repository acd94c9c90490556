import type { Migration } from './index.ts'

/**
 * The one-time import of the original OpenClaw's state from the same state dir (src/migrate/): one row
 * once it has run, with what it carried over and what it left and why, so it never runs twice.
 */
export const originalImport018: Migration = {
  version: 18,
  name: 'original-import',
  up(db) {
    db.exec(`
      CREATE TABLE original_import (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        source TEXT NOT NULL,
        imported_at INTEGER NOT NULL,
        summary TEXT NOT NULL
      );
    `)
  },
}
