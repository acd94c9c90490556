import type { Migration } from './index.ts'

/**
 * Inbound channel messages, kept before their provider hears they arrived (a Telegram offset, a Slack
 * ack): one confirmed to the provider survives a crash and is answered after the restart. An answered
 * message keeps its key (without its body) for a while, so a redelivery is recognised and not answered twice.
 */
export const channelInbox012: Migration = {
  version: 12,
  name: 'channel-inbox',
  up(db) {
    db.exec(`
      CREATE TABLE channel_inbox (
        account_key TEXT NOT NULL,
        delivery_key TEXT NOT NULL,
        message TEXT,
        received_at INTEGER NOT NULL,
        answered_at INTEGER,
        PRIMARY KEY (account_key, delivery_key)
      );
      CREATE INDEX channel_inbox_pending ON channel_inbox(account_key, received_at) WHERE answered_at IS NULL;
      CREATE INDEX channel_inbox_by_age ON channel_inbox(received_at);
    `)
  },
}
