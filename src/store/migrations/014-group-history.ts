import type { Migration } from './index.ts'

/**
 * Group messages the bot saw but did not answer (no mention where one is required), kept until the
 * next mention in that chat hands them to the model as context. Bounded: each chat keeps at most its
 * `historyLimit` newest rows, and the table as a whole a fixed number (group-history-store.ts).
 */
export const groupHistory014: Migration = {
  version: 14,
  name: 'group-history',
  up(db) {
    db.exec(`
      CREATE TABLE group_history (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        chat_key TEXT NOT NULL,
        sender TEXT NOT NULL,
        body TEXT NOT NULL,
        ts INTEGER NOT NULL
      );
      CREATE INDEX group_history_by_chat ON group_history(chat_key, id);
    `)
  },
}
