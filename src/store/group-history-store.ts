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
    newest: () => db.query<HistoryEntry, [string, number]>(
      'SELECT sender, body, ts FROM group_history WHERE chat_key = ? ORDER BY id DESC LIMIT ?',
    ),
    clear: () => db.query('DELETE FROM group_history WHERE chat_key = ?'),
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
    /** The chat's `limit` newest messages, oldest first; the chat's history is then empty (each is passed on once). */
    take(chatKey: string, limit: number): HistoryEntry[] {
      return commits.write(() => {
        const rows = limit > 0 ? q.newest.all(chatKey, limit).reverse() : []
        q.clear.run(chatKey)
        return rows
      })
    },
  }
}

export type GroupHistoryStore = ReturnType<typeof createGroupHistoryStore>
