/**
 * Unanswered group messages per chat (migration 014), oldest first. Pruned on every insert: a chat
 * keeps its `cap` newest messages, and the table its TABLE_CAP newest over all chats, so a busy or
 * forgotten group never grows it without bound.
 */
import type { Db } from './db.ts'
import { groupCommit } from './group-commit.ts'
import { lazyStatements } from './lazy-statements.ts'

/** Rows kept over every chat: many chats at the largest window (200) before the oldest go. */
const TABLE_CAP = 20_000

export interface HistoryEntry {
  sender: string
  body: string
  ts: number
}

export function createGroupHistoryStore(db: Db) {
  const q = lazyStatements({
    insert: () => db.query<{ id: number }, [string, string, string, number]>(
      'INSERT INTO group_history (chat_key, sender, body, ts) VALUES (?, ?, ?, ?) RETURNING id',
    ),
    pruneChat: () => db.query(
      `DELETE FROM group_history WHERE chat_key = ?1
       AND id <= (SELECT id FROM group_history WHERE chat_key = ?1 ORDER BY id DESC LIMIT 1 OFFSET ?2)`,
    ),
    pruneTable: () => db.query('DELETE FROM group_history WHERE id <= ?'),
    newest: () => db.query<HistoryEntry & { id: number }, [string, number]>(
      'SELECT id, sender, body, ts FROM group_history WHERE chat_key = ? ORDER BY id DESC LIMIT ?',
    ),
    clearThrough: () => db.query('DELETE FROM group_history WHERE chat_key = ? AND id <= ?'),
  })
  const commits = groupCommit(db)
  return {
    /** Keeps `entry` and drops what falls outside the chat's `cap` newest. */
    record(chatKey: string, entry: HistoryEntry, cap: number): void {
      commits.write(() => {
        const { id } = q.insert.get(chatKey, entry.sender, entry.body, entry.ts)!
        q.pruneChat.run(chatKey, cap)
        if (id > TABLE_CAP) q.pruneTable.run(id - TABLE_CAP)
      })
    },
    /** The chat's `limit` newest messages, oldest first, and `through`: what `clearThrough` takes to drop them and everything older. */
    peek(chatKey: string, limit: number): { entries: HistoryEntry[]; through: number } {
      // With history off, `through` covers whatever an earlier limit left, so it is never passed on later.
      if (limit <= 0) return { entries: [], through: Number.MAX_SAFE_INTEGER }
      const newestFirst = q.newest.all(chatKey, limit)
      return { entries: newestFirst.map(({ sender, body, ts }) => ({ sender, body, ts })).reverse(), through: newestFirst[0]?.id ?? 0 }
    },
    /** Drops the chat's messages up to a `peek`'s `through` (once passed on); those kept since stay. */
    clearThrough(chatKey: string, through: number): void {
      commits.write(() => q.clearThrough.run(chatKey, through))
    },
  }
}

export type GroupHistoryStore = ReturnType<typeof createGroupHistoryStore>
