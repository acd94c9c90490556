/**
 * Opens the gateway's SQLite database (WAL, synchronous=FULL) and brings its schema up to date. The
 * files are the owner's only (0600, in a 0700 directory): they hold device tokens and transcripts.
 * A database that cannot be opened (full disk, corrupt or truncated file, no permission) is a
 * DatabaseOpenError naming the path; a corrupt file is moved aside only when asked to.
 */
import { constants, Database } from 'bun:sqlite'
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readSync, renameSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { MIGRATIONS, type Migration } from './migrations/index.ts'
import { logger } from '../log.ts'

const log = logger('store')

export type Db = Database

/** The database file and the two SQLite keeps beside it in WAL mode. */
const SIDE_FILES = ['', '-wal', '-shm']

export class DatabaseOpenError extends Error {
  constructor(message: string, readonly path: string, options?: ErrorOptions) {
    super(message, options)
    this.name = 'DatabaseOpenError'
  }
}

export interface OpenOptions {
  /** A corrupt or truncated database is renamed to `<file>.corrupt-<time>` and an empty one created (`--move-corrupt-db`). */
  moveCorruptAside?: boolean
  /** Called with the path a corrupt file was moved to. */
  onMovedAside?: (movedTo: string) => void
}

/**
 * `<stateDir>/state/gateway.sqlite`. Not the original's `state/openclaw.sqlite`: that file holds the
 * original's own schema (its `cron_jobs` and `channel_pairing_requests` differ from ours), so sharing the
 * name would stop this gateway starting on a state dir the original used, and let the original CLI, which
 * opens that file on the same host, read (and try to migrate) ours.
 */
export function databasePath(stateDir: string): string {
  return join(stateDir, 'state', 'gateway.sqlite')
}

/**
 * `state/openclaw.sqlite` before this gateway moved to its own name: its file (it has our
 * `schema_migrations`) is renamed to `databasePath`; the original OpenClaw's (it has not) is left as it is,
 * neither read nor changed.
 */
function claimEarlierFile(stateDir: string): void {
  const earlier = join(stateDir, 'state', 'openclaw.sqlite')
  const file = databasePath(stateDir)
  if (!existsSync(earlier) || existsSync(file)) return
  if (hasOurSchema(earlier)) {
    for (const suffix of SIDE_FILES) if (existsSync(earlier + suffix)) renameSync(earlier + suffix, file + suffix)
    log.info(`moved this gateway's database from ${earlier} to ${file}`)
  } else {
    log.info(`${earlier} is the original OpenClaw's database; this gateway keeps its own (${file}), imports what it can from a copy of that one once, and leaves it as it is`)
  }
}

/**
 * Read as an immutable file: no locks taken and no `-shm` written, so the original's files stay exactly
 * as they are. Only the main file is read, not the WAL: a database's tables are in it once SQLite has
 * checkpointed them, which it does within its first thousand pages of writes and at every clean close.
 */
function hasOurSchema(file: string): boolean {
  let db: Database | undefined
  try {
    const uri = `file:${file.split('/').map(encodeURIComponent).join('/')}?immutable=1`
    db = new Database(uri, constants.SQLITE_OPEN_READONLY | constants.SQLITE_OPEN_URI)
    return db.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get() !== null
  } catch {
    return false // unreadable: not ours to move
  } finally {
    db?.close()
  }
}

/** `:memory:` for tests that need no file; otherwise `databasePath(stateDir)`. */
export function openDatabase(stateDir: string | ':memory:', opts: OpenOptions = {}): Db {
  if (stateDir === ':memory:') return configure(new Database(':memory:', { create: true, strict: true }))
  const file = databasePath(stateDir)
  claimEarlierFile(stateDir)
  try {
    return openFile(file)
  } catch (err) {
    const failure = describeOpenFailure(err, file)
    if (failure.corrupt && opts.moveCorruptAside) {
      const movedTo = moveAside(file)
      opts.onMovedAside?.(movedTo)
      return openDatabase(stateDir, { ...opts, moveCorruptAside: false })
    }
    throw new DatabaseOpenError(failure.message, file, { cause: err })
  }
}

function openFile(file: string): Db {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 })
  chmodSync(dirname(file), 0o700)
  // Created 0600 before SQLite opens it: SQLite gives the -wal and -shm files the database file's mode.
  closeSync(openSync(file, 'a', 0o600))
  for (const suffix of SIDE_FILES) if (existsSync(file + suffix)) chmodSync(file + suffix, 0o600)
  checkNotTruncated(file)
  const db = new Database(file, { create: true, strict: true })
  try {
    return configure(db)
  } catch (err) {
    db.close()
    throw err
  }
}

/**
 * The bytes a WAL file is kept at (checkpointer.ts): the log restarts inside it, so a commit's sync
 * rewrites blocks the file has. A one-at-a-time turn writes about 90 KB of log (two commits of ten
 * pages or so), so this holds some 180 turns between restarts, each of which holds writes briefly.
 */
export const WAL_SIZE_LIMIT = 16 * 1024 * 1024

function configure(db: Db): Db {
  // Before anything is written: on a new file this makes it incremental at once (see useIncrementalVacuum).
  db.exec('PRAGMA auto_vacuum = INCREMENTAL')
  db.exec('PRAGMA journal_mode = WAL')
  // SQLite reuses a WAL file rather than shrinking it; one that grew past this is cut back to it when
  // the log restarts from its start.
  db.exec(`PRAGMA journal_size_limit = ${WAL_SIZE_LIMIT}`)
  // FULL: an acknowledged write survives power loss, not only a process crash.
  db.exec('PRAGMA synchronous = FULL')
  db.exec('PRAGMA foreign_keys = ON')
  db.exec('PRAGMA busy_timeout = 5000')
  migrate(db)
  useIncrementalVacuum(db)
  // Each group-commit write is a savepoint inside a batch that may hold hundreds of turns: its statement
  // journal (the first images of the pages it changes) would spill to a temp file past 64 KB, a dozen
  // pwrite calls per write on the event loop. Set after the one VACUUM above, whose copy of the whole
  // database stays in a file.
  db.exec('PRAGMA temp_store = MEMORY')
  return db
}

/** Files up to this size are rewritten once at start-up to switch them to incremental vacuum. */
const CONVERT_MAX_BYTES = 128 * 1024 * 1024

/**
 * Retention deletes rows and then returns the freed pages to the file system (`PRAGMA incremental_vacuum`,
 * store/session-retention.ts), which needs `auto_vacuum = INCREMENTAL`. A database made before this had
 * none, and SQLite switches an existing file only with a VACUUM, a full rewrite: done once here while the
 * file is small (about a second per 50 MB); a larger one keeps reusing its freed pages without shrinking,
 * and the log says how to convert it by hand.
 */
function useIncrementalVacuum(db: Db): void {
  if (db.query<{ auto_vacuum: number }, []>('PRAGMA auto_vacuum').get()?.auto_vacuum === 2) return
  const pages = db.query<{ page_count: number }, []>('PRAGMA page_count').get()!.page_count
  const pageSize = db.query<{ page_size: number }, []>('PRAGMA page_size').get()!.page_size
  if (pages * pageSize > CONVERT_MAX_BYTES) {
    log.warn(`the database (${Math.round((pages * pageSize) / 1048576)} MB) does not return space freed by session.maintenance to the disk; stop the gateway and run \`sqlite3 <state dir>/state/gateway.sqlite 'PRAGMA auto_vacuum = INCREMENTAL; VACUUM'\` once to convert it`)
    return
  }
  db.exec('VACUUM')
}

/**
 * A file shorter than the size its own header declares was truncated (a copy cut short, a full disk
 * during a restore). SQLite would only notice when a query reaches a missing page; this is O(1) at start.
 */
function checkNotTruncated(file: string): void {
  const size = statSync(file).size
  if (size < 100) {
    if (size === 0) return
    throw Object.assign(new Error(`file is not a database (${size} bytes)`), { code: 'SQLITE_NOTADB' })
  }
  const header = Buffer.alloc(100)
  const fd = openSync(file, 'r')
  try {
    readSync(fd, header, 0, 100, 0)
  } finally {
    closeSync(fd)
  }
  if (header.toString('latin1', 0, 16) !== 'SQLite format 3\0') throw Object.assign(new Error('file is not a database'), { code: 'SQLITE_NOTADB' })
  const rawPageSize = header.readUInt16BE(16)
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize
  const pages = header.readUInt32BE(28)
  // The in-header size counts only when the change counter matches "version valid for" (file format spec §1.3.7).
  const valid = pages > 0 && header.readUInt32BE(24) === header.readUInt32BE(92)
  if (valid && size < pages * pageSize) {
    throw Object.assign(new Error(`database is truncated (${size} bytes, its header says ${pages * pageSize})`), { code: 'SQLITE_CORRUPT' })
  }
}

function describeOpenFailure(err: unknown, file: string): { message: string; corrupt: boolean } {
  const code = String((err as { code?: unknown })?.code ?? '')
  const reason = (err as Error)?.message ?? String(err)
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') {
    return { corrupt: true, message: `the database ${file} is corrupt or truncated (${reason}); restore it from a backup, or start once with --move-corrupt-db to move it aside and begin with an empty database` }
  }
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') {
    return { corrupt: false, message: `the disk holding ${file} is full (${reason}); free some space and start again` }
  }
  return { corrupt: false, message: `cannot open the database ${file}: ${reason}${code ? ` (${code})` : ''}` }
}

/** Renames the database and its WAL files to `<name>.corrupt-<time>…`; returns the new database path. */
function moveAside(file: string): string {
  const target = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`
  for (const suffix of SIDE_FILES) if (existsSync(file + suffix)) renameSync(file + suffix, target + suffix)
  return target
}

/** Applies the migrations newer than the database's version; `migrations` is a parameter so tests can build old versions. */
export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): number {
  // All pending migrations commit together: one disk sync on a fresh state dir, and a crash leaves
  // the database at its old version, never half-way.
  return db.transaction(() => {
    db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)')
    const row = db.query<{ v: number | null }, []>('SELECT MAX(version) AS v FROM schema_migrations').get()
    let current = row?.v ?? 0
    for (const m of migrations) {
      if (m.version <= current) continue
      m.up(db)
      db.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, Date.now())
      current = m.version
    }
    return current
  })()
}
