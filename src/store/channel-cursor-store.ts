/**
 * Each channel account's resume point on its provider (migration 015), for providers that leave it to
 * the client (iMessage's `since_rowid`). Written through the group commit, after the inbox rows of the
 * messages it moves past, so a restart never resumes beyond a message that is not on disk.
 */
import type { Db } from './db.ts'
import { groupCommit } from './group-commit.ts'
import { lazyStatements } from './lazy-statements.ts'

export function createChannelCursorStore(db: Db) {
  const commits = groupCommit(db)
  const q = lazyStatements({
    read: () => db.query<{ value: string }, [string]>('SELECT value FROM channel_cursor WHERE account_key = ?'),
    save: () => db.query('INSERT INTO channel_cursor (account_key, value) VALUES (?, ?) ON CONFLICT (account_key) DO UPDATE SET value = excluded.value'),
  })
  return {
    /** The account's saved cursor, or undefined before its first. */
    read: (accountKey: string): string | undefined => q.read.get(accountKey)?.value,
    save(accountKey: string, value: string): void {
      commits.write(() => q.save.run(accountKey, value))
    },
  }
}

export type ChannelCursorStore = ReturnType<typeof createChannelCursorStore>
