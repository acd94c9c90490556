/**
 * Group commit. bun:sqlite is synchronous, so "everything that arrives while one commit is in flight
 * goes into the next" takes this shape: the first write opens a transaction, every write until the
 * next turn of the event loop joins it, and one COMMIT (one disk sync under synchronous=FULL) makes
 * them all durable together. A thousand turns writing at once cost one sync, not three thousand.
 * Reads on the same connection see the open batch, so nothing read is ever behind a write; whatever
 * acknowledges a write to the outside (a response frame) awaits `durable()` first, so nothing
 * acknowledged can be lost on kill -9.
 */
import type { Db } from './db.ts'
import { storageFailure } from './storage-errors.ts'

export interface GroupCommit {
  /** Runs `fn` in its own savepoint inside the open batch (opening one if none): a failing write undoes only itself and throws to its caller. */
  write<T>(fn: () => T): T
  /** Settles when every write made so far is on disk; rejects with the typed storage error if their commit failed. */
  durable(): Promise<void>
  /** Commits the open batch now (before the database closes). */
  flush(): void
}

const byDatabase = new WeakMap<Db, GroupCommit>()

/** The one group commit of a database connection (every store writing to it shares the batch). */
export function groupCommit(db: Db): GroupCommit {
  let commit = byDatabase.get(db)
  if (!commit) byDatabase.set(db, (commit = createGroupCommit(db)))
  return commit
}

function createGroupCommit(db: Db): GroupCommit {
  let batch: { done: Promise<void>; resolve: () => void; reject: (err: unknown) => void } | undefined

  function open() {
    let resolve!: () => void
    let reject!: (err: unknown) => void
    const done = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)))
    // A failed commit nobody awaits is still reported to whoever awaits the batch; never an unhandled rejection.
    done.catch(() => {})
    db.exec('BEGIN IMMEDIATE')
    batch = { done, resolve, reject }
    setImmediate(flush)
  }

  function flush(): void {
    const current = batch
    if (!current) return
    batch = undefined
    try {
      db.exec('COMMIT')
      current.resolve()
    } catch (err) {
      try {
        if (db.inTransaction) db.exec('ROLLBACK')
      } catch {
        // The connection is gone (closed, or the disk failed outright): the batch is lost either way.
      }
      current.reject(storageFailure(err) ?? err)
    }
  }

  /** SQLite rolled the whole transaction back (it may, on a full disk or an I/O error): the batch is lost with it. */
  function lost(err: unknown): void {
    const current = batch!
    batch = undefined
    current.reject(storageFailure(err) ?? err)
  }

  return {
    write<T>(fn: () => T): T {
      // Inside someone else's transaction (a migration, a store's own) the write is theirs to commit.
      if (!batch && !db.inTransaction) open()
      // Inside an open transaction bun:sqlite's transaction() is a savepoint.
      try {
        return db.transaction(fn)()
      } catch (err) {
        if (batch && !db.inTransaction) lost(err)
        throw err
      }
    },
    durable: () => batch?.done ?? Promise.resolve(),
    flush,
  }
}
