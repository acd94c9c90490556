import type { Migration } from './index.ts'

/**
 * Where an account resumes reading its provider after a restart, for providers that do not keep it
 * themselves (iMessage's last Messages row): one opaque value per account, advanced only past
 * messages already kept in the channel inbox.
 */
export const channelCursor015: Migration = {
  version: 15,
  name: 'channel-cursor',
  up(db) {
    db.exec('CREATE TABLE channel_cursor (account_key TEXT PRIMARY KEY, value TEXT NOT NULL)')
  },
}
