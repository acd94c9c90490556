/**
 * Inbound channel messages kept on disk from before their provider is told they arrived until they
 * are answered. Rows are keyed by account (`provider:accountId`) and delivery (what makes a message
 * unique on its provider); the body is the channel's own JSON, opaque here. Every write joins the
 * group commit: `durable()` is when the provider may be told. An answered key is remembered for a
 * week to recognise a redelivery, then session maintenance deletes it (table-retention.ts). A kept
 * message also records when its acknowledgement reaction went on, so a later attempt at its turn
 * (after a restart, or once its account is back) does not set it again.
 */
import type { Db } from './db.ts'
import { groupCommit } from './group-commit.ts'
import { lazyStatements } from './lazy-statements.ts'

export function createChannelInboxStore(db: Db, now: () => number = Date.now) {
  const commits = groupCommit(db)
  const q = lazyStatements({
    keep: () => db.query('INSERT OR IGNORE INTO channel_inbox (account_key, delivery_key, message, received_at) VALUES (?, ?, ?, ?)'),
    answered: () => db.query('UPDATE channel_inbox SET answered_at = ?, message = NULL WHERE account_key = ? AND delivery_key = ?'),
    acknowledged: () => db.query('UPDATE channel_inbox SET acknowledged_at = ? WHERE account_key = ? AND delivery_key = ? AND acknowledged_at IS NULL'),
    pending: () => db.query<{ message: string; acknowledged_at: number | null }, [string]>('SELECT message, acknowledged_at FROM channel_inbox WHERE account_key = ? AND answered_at IS NULL ORDER BY rowid'),
  })

  return {
    /** Keeps a message; false when its key is already there (a redelivery of one kept or answered before). */
    keep(accountKey: string, deliveryKey: string, message: unknown): boolean {
      return commits.write(() => q.keep.run(accountKey, deliveryKey, JSON.stringify(message), now()).changes === 1)
    },
    /** The message needs no more work; its key stays to recognise redeliveries. */
    answered(accountKey: string, deliveryKey: string): void {
      commits.write(() => q.answered.run(now(), accountKey, deliveryKey))
    },
    /** The acknowledgement reaction is on the message. */
    acknowledged(accountKey: string, deliveryKey: string): void {
      commits.write(() => q.acknowledged.run(now(), accountKey, deliveryKey))
    },
    /** The account's kept messages not yet answered, oldest first, and whether each was acknowledged. */
    pending(accountKey: string): { message: unknown; acknowledged: boolean }[] {
      return q.pending.all(accountKey).map((r) => ({ message: JSON.parse(r.message), acknowledged: r.acknowledged_at !== null }))
    },
    /** Settles when every message kept so far is on disk. */
    durable: (): Promise<void> => commits.durable(),
  }
}

export type ChannelInboxStore = ReturnType<typeof createChannelInboxStore>
