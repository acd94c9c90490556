/** Opens the gateway's SQLite database (WAL, synchronous=FULL) and brings its schema up to date. */
import { Database } from 'bun:sqlite'
import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { MIGRATIONS, type Migration } from './migrations/index.ts'

export type Db = Database

/** `:memory:` for tests that need no file; otherwise `<stateDir>/state/openclaw.sqlite`. */
export function openDatabase(stateDir: string | ':memory:'): Db {
  const file = stateDir === ':memory:' ? ':memory:' : join(stateDir, 'state', 'openclaw.sqlite')
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true, mode: 0o700 })
  const db = new Database(file, { create: true, strict: true })
  db.exec('PRAGMA journal_mode = WAL')
  // FULL: an acknowledged write survives power loss, not only a process crash.
  db.exec('PRAGMA synchronous = FULL')
  db.exec('PRAGMA foreign_keys = ON')
  db.exec('PRAGMA busy_timeout = 5000')
  migrate(db)
  return db
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
