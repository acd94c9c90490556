import type { Migration } from './index.ts'

/**
 * Per-session state kept apart from the transcript: the model picked with `/model` (it survives a
 * restart and `/new`) and the tokens the session's runs used since its last reset (`/status`).
 */
export const sessionState008: Migration = {
  version: 8,
  name: 'session-state',
  up(db) {
    db.exec(`
      CREATE TABLE session_state (
        session_key TEXT PRIMARY KEY,
        model_override TEXT,
        input_tokens INTEGER NOT NULL DEFAULT 0,
        output_tokens INTEGER NOT NULL DEFAULT 0,
        updated_at INTEGER NOT NULL
      );
    `)
  },
}
