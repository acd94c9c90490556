import type { Migration } from './index.ts'

/**
 * When a kept channel message's acknowledgement reaction went on: a message whose turn is tried again
 * (after a restart, or once its account is back) keeps the reaction it has instead of getting it twice.
 */
export const inboxAcknowledged017: Migration = {
  version: 17,
  name: 'inbox-acknowledged',
  up(db) {
    db.exec('ALTER TABLE channel_inbox ADD COLUMN acknowledged_at INTEGER')
  },
}
