/**
 * Copies the WAL back into the database file on a Worker thread with a connection of its own. SQLite
 * otherwise does it inside whichever COMMIT takes the WAL past 1000 pages, on the event loop: the
 * copy and two fsyncs of up to 4 MB, paid by a turn's commit, most often right after session
 * maintenance deleted a lot. A PASSIVE checkpoint on another connection runs beside the gateway's
 * reads and writes without blocking them, so once the worker is ready the gateway's own connection
 * never checkpoints (`wal_autocheckpoint = 0`). The worker looks a few times a second at how many
 * frames the WAL holds that are not yet copied (from the wal-index header in the -shm file, whose
 * layout SQLite keeps stable for every version that shares a database: https://sqlite.org/walformat.html)
 * and copies them once they fill half of `journal_size_limit` (db.ts): the file's size says nothing,
 * since SQLite reuses the file rather than shrinking it. What the gateway commits during a copy is
 * copied by another PASSIVE round right after, and at each look after that, until a round finds
 * nothing left: the gateway's next commit then restarts the log from the file's start. When commits
 * keep coming during every round (a turn every few milliseconds), the log nears the file's end, and a
 * RESTART checkpoint follows: it holds the gateway's writes (a BEGIN IMMEDIATE waits in the busy
 * handler) while it copies what was committed since the last round and then syncs the database file,
 * and the next commit restarts the log. The same when asked (session
 * maintenance). So the log is always rewritten over blocks the file already has, and the sync of
 * each commit (store/group-commit.ts) is a plain data flush: a write that extends a file also makes
 * the sync commit the file system's journal (its size, its new blocks), measurably slower (`npm run
 * bench:wal-sync`), and at the mercy of every other writer on that file system. The file is never
 * emptied, and one that grew past the limit (looks too far apart) is cut back to it at the restart.
 * If the worker cannot start or dies, the connection checkpoints by itself again. The worker is given
 * as source text, so the single-file binary needs no second entry point.
 */
import { WAL_SIZE_LIMIT, type Db } from './db.ts'
import { logger } from '../log.ts'

const log = logger('store')

/** How often the worker looks at the WAL. */
const INTERVAL_MS = 250
/** SQLite's own default threshold, in pages; restored on the connection when the worker is gone. */
const AUTOCHECKPOINT_PAGES = 1000
/** Frames (a page and its 24-byte header) in the file's limit. */
const LIMIT_FRAMES = Math.floor(WAL_SIZE_LIMIT / (4096 + 24))
/** The log is copied once it fills half the file, beside the gateway's commits, so that it can restart before the end. */
const COPY_AT_FRAMES = Math.floor(LIMIT_FRAMES / 2)
/** Commits kept coming during every copy and the log nears the file's end: a RESTART, which holds writes, makes it start again. */
const RESTART_AT_FRAMES = Math.floor((LIMIT_FRAMES * 7) / 8)
/** PASSIVE rounds after the first at one look, each copying what was committed during the one before. */
const EXTRA_ROUNDS = 1
/** A worker not ready, or a checkpoint not ended, this long after it should be is given up (commits checkpoint again). */
const STALL_MS = 30_000

// A checkpoint that fails (a full disk) is reported and tried again at the next look; only a worker
// that cannot open the database, or dies, hands checkpoints back to the connection.
// The wal-index header: mxFrame (the frames in the log) at byte 16, nBackfill (the frames copied) at
// byte 96, both native-endian 32-bit. A torn read (the header being rewritten) only moves one look.
const WORKER_SOURCE = `
import { Database } from 'bun:sqlite'
import { closeSync, openSync, readSync } from 'node:fs'
let db
let file
let shm
let copyAt
let restartAt
const header = new Uint32Array(25)
/** Whether the log has reached copyAt frames and holds some not yet copied (yes when the header cannot be read: the copy then decides). */
function due() {
  try {
    shm ??= openSync(file + '-shm', 'r')
    if (readSync(shm, header, 0, 100, 0) < 100) return true
    const [frames, copied] = [header[4], header[24]]
    return frames >= copyAt && frames !== copied
  } catch {
    return true
  }
}
self.onmessage = ({ data }) => {
  if (data.open) {
    try {
      file = data.open
      db = new Database(file, { readwrite: true, create: false })
      db.exec('PRAGMA busy_timeout = 5000')
      db.exec('PRAGMA journal_size_limit = ' + data.sizeLimit)
      copyAt = data.copyAt
      restartAt = data.restartAt
      postMessage({ ready: true })
    } catch (err) {
      postMessage({ fatal: String(err?.message ?? err) })
    }
  } else if (data.checkpoint) {
    try {
      if (data.force || due()) {
        let round = db.query('PRAGMA wal_checkpoint(PASSIVE)').get()
        for (let i = 0; i < ${EXTRA_ROUNDS} && round.log > round.checkpointed; i++) round = db.query('PRAGMA wal_checkpoint(PASSIVE)').get()
        if (round.log > round.checkpointed && (data.force || round.log >= restartAt)) db.query('PRAGMA wal_checkpoint(RESTART)').get()
      }
      postMessage({ done: true })
    } catch (err) {
      postMessage({ done: true, failed: String(err?.message ?? err) })
    }
  } else if (data.close) {
    if (shm !== undefined) closeSync(shm)
    db?.close()
    postMessage({ closed: true })
  }
}
`

export interface Checkpointer {
  /** Settles once a checkpoint that started after this call has finished (at once if the worker is gone). */
  checkpoint(): Promise<void>
  /** Closes the worker's connection and ends it; call before closing the database. */
  stop(): Promise<void>
}

/** For a database file; an in-memory database has no WAL and gets none. */
export function startCheckpointer(db: Db): Checkpointer | undefined {
  if (!db.filename || db.filename === ':memory:') return undefined
  let worker: Worker | undefined
  // The worker loads its source from this URL after it is constructed: revoked once it is ready or gone.
  const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'application/javascript' }))
  try {
    // Not kept alive by its worker (ref: false), and on JavaScriptCore's small heap: it runs one statement.
    worker = new Worker(url, { ref: false, smol: true })
  } catch (err) {
    URL.revokeObjectURL(url)
    log.warn(`the WAL checkpointer could not start (${(err as Error).message}); commits checkpoint it themselves`)
    return undefined
  }
  let ready = false
  let running = false
  /** Waiting for a checkpoint that starts after they asked. */
  let waiting: (() => void)[] = []
  /** Waiting for the one running. */
  let current: (() => void)[] = []
  let lastFailure = ''
  let onClosed: (() => void) | undefined

  function settleAll(): void {
    for (const done of [...current, ...waiting]) done()
    current = waiting = []
  }
  const startedAt = Date.now()
  let runningSince = 0
  function start(): void {
    if (!ready || running) return
    running = true
    runningSince = Date.now()
    current = waiting
    waiting = []
    worker!.postMessage({ checkpoint: true, force: current.length > 0 })
  }
  function giveUp(message: string): void {
    if (!worker) return
    log.warn(`the WAL checkpointer stopped (${message}); commits checkpoint it themselves`)
    URL.revokeObjectURL(url)
    ready = false
    clearInterval(timer)
    worker.terminate()
    worker = undefined
    db.exec(`PRAGMA wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`)
    settleAll()
  }

  /** Every tick: a worker that never got ready or stopped answering is given up, so checkpoints never stall. */
  function tick(): void {
    if (!ready && Date.now() - startedAt > STALL_MS) return giveUp(`not ready after ${STALL_MS / 1000} s`)
    if (running && Date.now() - runningSince > STALL_MS) return giveUp(`a checkpoint has not ended after ${STALL_MS / 1000} s`)
    start()
  }

  worker.onmessage = ({ data }: MessageEvent) => {
    // After stop() or giveUp() only the worker's own close is awaited; the database may be closed already.
    if (!worker && !data.closed) return
    if (data.ready) {
      URL.revokeObjectURL(url)
      ready = true
      db.exec('PRAGMA wal_autocheckpoint = 0')
      if (waiting.length > 0) start()
    } else if (data.done) {
      running = false
      const failed = data.failed ?? ''
      if (failed && failed !== lastFailure) log.warn(`checkpoint failed: ${failed}; it is tried again`)
      lastFailure = failed
      for (const done of current.splice(0)) done()
      if (waiting.length > 0) start()
    } else if (data.closed) {
      onClosed?.()
    } else if (data.fatal) {
      giveUp(data.fatal)
    }
  }
  worker.onerror = (event) => giveUp(event.message)
  // A worker that ends on its own (no error event) is given up too; after stop() this is a no-op.
  worker.addEventListener('close', () => giveUp('the worker ended'))
  worker.postMessage({ open: db.filename, copyAt: COPY_AT_FRAMES, restartAt: RESTART_AT_FRAMES, sizeLimit: WAL_SIZE_LIMIT })
  const timer = setInterval(tick, INTERVAL_MS)
  timer.unref?.()

  return {
    checkpoint(): Promise<void> {
      if (!worker) return Promise.resolve()
      return new Promise((resolve) => {
        waiting.push(resolve)
        start()
      })
    },
    async stop(): Promise<void> {
      clearInterval(timer)
      const w = worker
      if (!w) return
      // From here a failure is not reported: the database is about to close.
      worker = undefined
      ready = false
      await new Promise<void>((resolve) => {
        onClosed = resolve
        w.postMessage({ close: true })
        setTimeout(resolve, 2000).unref?.()
      })
      w.terminate()
      URL.revokeObjectURL(url)
      settleAll()
    },
  }
}
