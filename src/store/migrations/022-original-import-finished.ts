import type { Migration } from './index.ts'

/**
 * The one-time import (src/migrate/) records that it started before it reads anything, and when it
 * finished: an import that never finished (the process died during it) is reported instead of being
 * tried at every start. Imports recorded before this had finished.
 */
export const originalImportFinished022: Migration = {
  version: 22,
  name: 'original-import-finished',
  up(db) {
    db.exec(`
      ALTER TABLE original_import ADD COLUMN finished_at INTEGER;
      UPDATE original_import SET finished_at = imported_at;
    `)
  },
}
