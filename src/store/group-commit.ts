/**
 * Group commit. bun:sqlite is synchronous, so "everything that arrives while one commit is in flight
 * goes into the next" takes this shape: the first write opens a transaction, every write until the
 * end of the current task (core/end-of-task.ts: the code running and the microtasks it leads to)
 * joins it, and one COMMIT makes them all durable together. The sync itself runs off the event loop:
 * the batch commits into the WAL without one (a process crash loses nothing the OS already holds),
 * then an fdatasync of the WAL on the I/O thread pool makes it survive power loss too, as
 * synchronous=FULL would. A sync blocking the event loop for its milliseconds would stall every
 * connection. When the disk is idle a batch is committed and its sync started as its task ends, not
 * a whole event-loop turn later; while a sync is in flight the batch stays open, and everything
 * written meanwhile is committed as that sync ends (at the end of the task that learns it, so the
 * runs it lets start join it) and synced by the next: one COMMIT per sync however long the disk
 * takes, and a thousand turns writing at once cost a few syncs, not three thousand. Only then does
 * `durable()` settle.
 * Reads on the same connection see the open batch, so nothing read is ever behind a write; whatever
 * acknowledges a write to the outside (a response frame, a run's final event) awaits first every batch
 * its writes may have joined (`durableSince` its `mark()`), so nothing acknowledged can be lost on kill -9
 * or power loss; an answer that only read waits for the batches pending (it may show their rows) but
 * not for their success (gateway/dispatch.ts).
 */
import { closeSync, fdatasync, fdatasyncSync, openSync } from 'node:fs'
import { atEndOfTask } from '../core/end-of-task.ts'
import type { Db } from './db.ts'
import { lazyStatements } from './lazy-statements.ts'
import { storageFailure } from './storage-errors.ts'

export interface GroupCommit {
  /** Runs `fn` in its own savepoint inside the open batch (opening one if none): a failing write undoes only itself and throws to its caller. */
  write<T>(fn: () => T): T
  /**
   * Settles when every write made so far is on disk; rejects with the typed storage error if the newest
   * batch failed. Only for writes made just now (in this task): a batch that failed earlier is not its concern.
   */
  durable(): Promise<void>
  /** Where a piece of work that may write over several tasks (an async handler, a turn) starts: for `durableSince`. */
  mark(): number
  /**
   * Settles when every batch from `mark` until now is on disk; rejects with the typed storage error if any
   * of them failed, even one that failed and was followed by batches that did not.
   */
  durableSince(mark: number): Promise<void>
  /**
   * Rows changed on the connection so far (SQLite's total_changes(), whichever way they were written):
   * compared before and after a piece of work, whether it wrote anything.
   */
  changes(): number
  /** Commits and syncs the open batch now (before the database closes). */
  flush(): void
}

const byDatabase = new WeakMap<Db, GroupCommit>()

/** The one group commit of a database connection (every store writing to it shares the batch). */
export function groupCommit(db: Db): GroupCommit {
  let commit = byDatabase.get(db)
  if (!commit) byDatabase.set(db, (commit = createGroupCommit(db)))
  return commit
}

/** Failed batches remembered for `durableSince`; a mark older than all of them is answered with the oldest kept failure. */
const KEPT_FAILURES = 64

interface Batch {
  /** Batches are numbered from 1 in the order they open (and so commit and sync). */
  n: number
  done: Promise<void>
  resolve: () => void
  reject: (err: unknown) => void
}

function createGroupCommit(db: Db): GroupCommit {
  // An in-memory database has no file to sync: its batches are done once committed.
  const wal = db.filename && db.filename !== ':memory:' ? `${db.filename}-wal` : undefined
  let batch: Batch | undefined
  /** Committed, waiting for a sync that starts after their COMMIT. */
  let unsynced: Batch[] = []
  /** Committed, their sync running on the thread pool. */
  let syncing: Batch[] | undefined
  /** The number of the newest batch opened. */
  let opened = 0
  /** The failed batches, oldest first (at most KEPT_FAILURES), and the newest failure no longer kept. */
  const failures: { n: number; error: unknown }[] = []
  let forgotten: { n: number; error: unknown } | undefined
  /** The WAL, opened at the first sync and closed by `flush()` before the database closes. */
  let walFd: number | undefined
  const totalChanges = db.query<{ n: number }, []>('SELECT total_changes() AS n')
  /** A commit is scheduled at the end of the current task. */
  let due = false
  /** Commits the open batch at the end of this task, unless a sync is in flight: its end commits it (syncWal). */
  function commitSoon(): void {
    if (due || syncing) return
    due = true
    atEndOfTask(() => {
      due = false
      if (!syncing) commit()
    })
  }
  // Run a few times per turn each: prepared once, not parsed at every batch and write (bun:sqlite's
  // transaction() also builds four wrapper functions per call).
  const sql = lazyStatements({
    normal: () => db.query('PRAGMA synchronous = NORMAL'),
    full: () => db.query('PRAGMA synchronous = FULL'),
    begin: () => db.query('BEGIN IMMEDIATE'),
    commit: () => db.query('COMMIT'),
    rollback: () => db.query('ROLLBACK'),
    savepoint: () => db.query('SAVEPOINT group_commit_write'),
    release: () => db.query('RELEASE group_commit_write'),
    rollbackTo: () => db.query('ROLLBACK TO group_commit_write'),
  })

  function open() {
    let resolve!: () => void
    let reject!: (err: unknown) => void
    const done = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)))
    // A failed commit nobody awaits is still reported to whoever awaits the batch; never an unhandled rejection.
    done.catch(() => {})
    // SQLite fixes a transaction's safety level when it begins. The batch commits without a sync (it
    // follows on the thread pool); a store committing on its own, outside a batch, keeps FULL.
    if (wal) sql.normal.run()
    try {
      sql.begin.run()
    } catch (err) {
      if (wal) sql.full.run()
      throw err
    }
    batch = { n: ++opened, done, resolve, reject }
  }

  function fail(b: Batch, err: unknown): void {
    const error = storageFailure(err) ?? err
    failures.push({ n: b.n, error })
    if (failures.length > KEPT_FAILURES) forgotten = failures.shift()
    b.reject(error)
  }

  /**
   * The newest batch not yet settled. Batches succeed in order (one sync at a time, in commit order) and
   * fail no later than the batches after them, so once it settles every batch before it has.
   */
  function newest(): Batch | undefined {
    return batch ?? unsynced.at(-1) ?? syncing?.at(-1)
  }

  /** The first failure among batches `from`..`to`. */
  function failedBetween(from: number, to: number): unknown {
    if (forgotten && from <= forgotten.n) return forgotten.error
    return failures.find((f) => f.n >= from && f.n <= to)?.error
  }

  /** COMMITs the open batch and syncs it: on the thread pool, or in place (`syncNow`, at shutdown). */
  function commit(syncNow = false): void {
    const current = batch
    if (!current) return
    batch = undefined
    try {
      sql.commit.run()
    } catch (err) {
      try {
        if (db.inTransaction) sql.rollback.run()
      } catch {
        // The connection is gone (closed, or the disk failed outright): the batch is lost either way.
      }
      fail(current, err)
      return
    } finally {
      if (wal && !db.inTransaction) sql.full.run()
    }
    if (!wal) return current.resolve()
    unsynced.push(current)
    if (syncNow) syncNowInPlace(wal)
    else if (!syncing) syncWal(wal)
  }

  function syncNowInPlace(file: string): void {
    fdatasyncSync((walFd ??= openSync(file, 'r+')))
    for (const b of [...(syncing ?? []), ...unsynced.splice(0)]) b.resolve()
  }

  /** One fdatasync at a time; what was written while it ran is committed as it ends, and synced by the next. */
  function syncWal(file: string): void {
    const waiting = (syncing = unsynced)
    unsynced = []
    const settle = (err: unknown) => {
      for (const b of waiting) err ? fail(b, err) : b.resolve()
      syncing = undefined
      if (batch) commitSoon()
      else if (unsynced.length > 0) syncWal(file)
    }
    try {
      // The same file SQLite writes: it keeps the WAL (never deletes it) while its connection is open.
      walFd ??= openSync(file, 'r+')
    } catch (err) {
      return settle(err)
    }
    fdatasync(walFd, settle)
  }

  /** SQLite rolled the whole transaction back (it may, on a full disk or an I/O error): the batch is lost with it. */
  function lost(err: unknown): void {
    const current = batch!
    batch = undefined
    if (wal) sql.full.run()
    fail(current, err)
  }

  return {
    write<T>(fn: () => T): T {
      // Inside someone else's transaction (a migration, a store's own) the write is theirs to commit.
      if (!batch && !db.inTransaction) open()
      if (batch) commitSoon()
      // Its own savepoint, inside whichever transaction is open.
      sql.savepoint.run()
      try {
        const result = fn()
        sql.release.run()
        return result
      } catch (err) {
        if (db.inTransaction) {
          sql.rollbackTo.run()
          sql.release.run()
        } else if (batch) lost(err)
        throw err
      }
    },
    durable: () => newest()?.done ?? Promise.resolve(),
    mark: () => batch?.n ?? opened + 1,
    async durableSince(mark) {
      const to = opened
      const last = newest()
      if (last && last.n >= mark) await last.done
      const error = failedBetween(mark, to)
      if (error !== undefined) throw error
    },
    changes: () => totalChanges.get()!.n,
    flush() {
      commit(true)
      if (wal && unsynced.length > 0) syncNowInPlace(wal)
      if (walFd !== undefined) closeSync(walFd)
      walFd = undefined
    },
  }
}
