/**
 * What one commit's sync costs when the WAL grows the file and when it reuses blocks the file already
 * has (a script, not a test). Two databases with the gateway's pragmas take the same small commits in
 * turn (a transcript message and its session row, as a turn writes them), each followed by an
 * fdatasync of its -wal file as the group commit does (store/group-commit.ts): one whose log always
 * extends its file (emptied by a TRUNCATE checkpoint before it reaches 16 MB, as the checkpointer used
 * to), one whose log restarts inside its file after each complete copy (store/checkpointer.ts).
 * Alternating them puts both under the same load from the rest of the machine.
 * Usage: bun scripts/bench-wal-sync.ts [--commits 1000] [--dir DIR] (DIR on the file system to measure; default the temp dir)
 */
import { Database } from 'bun:sqlite'
import { fdatasyncSync, mkdtempSync, openSync, closeSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { WAL_SIZE_LIMIT } from '../src/store/db.ts'
import { fmt, loadAverage, pct } from './bench-chat-client.ts'

const { values } = parseArgs({ options: { commits: { type: 'string' }, dir: { type: 'string' } } })
const COMMITS = Number(values.commits ?? 1000)
const dir = mkdtempSync(join(values.dir ?? tmpdir(), 'openclaw-wal-sync-'))

function database(name: string) {
  const file = join(dir, `${name}.sqlite`)
  const db = new Database(file, { create: true })
  // The gateway's connection (db.ts, group-commit.ts): its batches commit with NORMAL and sync the WAL themselves.
  db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 0; PRAGMA journal_size_limit = ${WAL_SIZE_LIMIT}`)
  db.exec('CREATE TABLE sessions (id TEXT PRIMARY KEY, message_count INTEGER NOT NULL, updated_at INTEGER NOT NULL)')
  db.exec('CREATE TABLE messages (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, session_id TEXT NOT NULL, pos INTEGER NOT NULL, body TEXT NOT NULL)')
  db.exec('CREATE INDEX messages_by_position ON messages(session_id, pos)')
  for (let i = 0; i < 10; i++) db.run('INSERT INTO sessions VALUES (?, 0, 0)', [`s${i}`])
  const claim = db.query<{ message_count: number }, [number, string]>('UPDATE sessions SET message_count = message_count + 1, updated_at = ? WHERE id = ? RETURNING message_count')
  const append = db.query('INSERT INTO messages (id, session_id, pos, body) VALUES (?, ?, ?, ?)')
  const checkpoint = (mode: string) => db.query<{ log: number; checkpointed: number }, []>(`PRAGMA wal_checkpoint(${mode})`).get()!
  let fd: number | undefined
  let n = 0
  return {
    /** One commit and its sync; returns the sync's milliseconds. */
    commit(): number {
      const session = `s${n++ % 10}`
      db.exec('BEGIN IMMEDIATE')
      const pos = claim.get(Date.now(), session)!.message_count
      append.run(crypto.randomUUID(), session, pos, JSON.stringify({ role: 'user', text: 'hello world '.repeat(30) }))
      db.exec('COMMIT')
      fd ??= openSync(`${file}-wal`, 'r+')
      const t0 = performance.now()
      fdatasyncSync(fd)
      return performance.now() - t0
    },
    checkpoint,
    walBytes: () => statSync(`${file}-wal`).size,
    close() {
      if (fd !== undefined) closeSync(fd)
      db.close()
    },
  }
}

const extending = database('extending')
const reusing = database('reusing')
// The reusing log's file first grows to the limit once, as it does after a gateway starts.
while (reusing.walBytes() < WAL_SIZE_LIMIT) reusing.commit()
reusing.checkpoint('PASSIVE')
extending.checkpoint('TRUNCATE')
const grows: number[] = []
const reuses: number[] = []
for (let i = 0; i < COMMITS; i++) {
  grows.push(extending.commit())
  reuses.push(reusing.commit())
  if (extending.walBytes() >= 4 * WAL_SIZE_LIMIT) extending.checkpoint('TRUNCATE')
  // Copied well before the log reaches the file's end (untimed); the next commit restarts it at the start.
  if (i % 50 === 49) reusing.checkpoint('PASSIVE')
}
console.log(`load average: ${loadAverage()}; ${COMMITS} commits each, alternating, in ${dir}`)
console.log(`fdatasync, log extending its file: p50 ${fmt(pct(grows, 50))}  p90 ${fmt(pct(grows, 90))}  p99 ${fmt(pct(grows, 99))}`)
console.log(`fdatasync, log reusing its file:   p50 ${fmt(pct(reuses, 50))}  p90 ${fmt(pct(reuses, 90))}  p99 ${fmt(pct(reuses, 99))}`)
console.log(`-wal files at the end: ${extending.walBytes()} and ${reusing.walBytes()} bytes`)
extending.close()
reusing.close()
rmSync(dir, { recursive: true, force: true })
