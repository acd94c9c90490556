import type { Migration } from './index.ts'

/** DM pairing for chat channels: pending sender requests (with their code) and approved senders. */
export const channelPairing004: Migration = {
  version: 4,
  name: 'channel-pairing',
  up(db) {
    db.exec(`
      CREATE TABLE channel_pairing_requests (
        channel TEXT NOT NULL,
        account_id TEXT NOT NULL,
        sender_id TEXT NOT NULL,
        code TEXT NOT NULL,
        sender_name TEXT,
        meta TEXT NOT NULL DEFAULT '{}',
        created_at INTEGER NOT NULL,
        last_seen_at INTEGER NOT NULL,
        PRIMARY KEY (channel, account_id, sender_id)
      );
      CREATE UNIQUE INDEX channel_pairing_requests_by_code ON channel_pairing_requests(channel, code);
      CREATE TABLE channel_pairing_allow_entries (
        channel TEXT NOT NULL,
        account_id TEXT NOT NULL,
        sender_id TEXT NOT NULL,
        sender_name TEXT,
        approved_at INTEGER NOT NULL,
        PRIMARY KEY (channel, account_id, sender_id)
      );
    `)
  },
}
