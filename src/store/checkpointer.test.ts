import { afterEach, expect, test } from 'bun:test'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startCheckpointer } from './checkpointer.ts'
import { databasePath, openDatabase, WAL_SIZE_LIMIT } from './db.ts'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

test('commits leave the WAL to the checkpointer thread, which copies it into the database file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'openclaw-checkpointer-'))
  dirs.push(dir)
  const db = openDatabase(dir)
  const checkpointer = startCheckpointer(db)!
  await checkpointer.checkpoint()
  expect(db.query('PRAGMA wal_autocheckpoint').get()).toEqual({ wal_autocheckpoint: 0 })
  const size = () => statSync(databasePath(dir)).size
  const before = size()
  // 8 MB in 64 commits: past SQLite's own threshold (1000 pages, 4 MB), where a commit would have checkpointed
  // (the checkpointer's own timer may copy part of it meanwhile).
  const insert = db.query('INSERT INTO group_history (chat_key, sender, body, ts) VALUES (?, ?, ?, ?)')
  for (let i = 0; i < 64; i++) db.transaction(() => { for (let n = 0; n < 32; n++) insert.run('c', 's', 'x'.repeat(4000), i) })()
  await checkpointer.checkpoint()
  expect(size()).toBeGreaterThan(before + 8_000_000)
  await checkpointer.stop()
  db.close()
})

test('once copied, the log restarts inside its -wal file: cut back to its limit, never emptied', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'openclaw-checkpointer-'))
  dirs.push(dir)
  const db = openDatabase(dir)
  const checkpointer = startCheckpointer(db)!
  await checkpointer.checkpoint()
  const walSize = () => statSync(`${databasePath(dir)}-wal`, { throwIfNoEntry: false })?.size ?? 0
  const insert = db.query('INSERT INTO group_history (chat_key, sender, body, ts) VALUES (?, ?, ?, ?)')
  const commit = (i: number, rows = 32) => db.transaction(() => { for (let n = 0; n < rows; n++) insert.run('c', 's', 'x'.repeat(4000), i) })()
  /** Commits of 32 pages (about 130 KB of log) until the log holds about `bytes`, in one go (the worker's next look waits for the event loop). */
  const fill = (bytes: number) => { for (let i = 0; i < Math.ceil(bytes / (32 * 4120)); i++) commit(i) }
  fill(WAL_SIZE_LIMIT * 1.5)
  expect(walSize()).toBeGreaterThan(WAL_SIZE_LIMIT)
  // Asked (session maintenance): copied whole; the next commit restarts the log and cuts the file to the limit.
  await checkpointer.checkpoint()
  commit(0)
  expect(walSize()).toBe(WAL_SIZE_LIMIT)
  // Small commits after it are written over the file's own blocks: it neither grows nor empties.
  for (let i = 0; i < 16; i++) commit(i, 1)
  expect(walSize()).toBe(WAL_SIZE_LIMIT)
  // Past the file's end again, not asked: the worker's own look copies it, and the next commit after a complete
  // copy restarts the log, cutting the file back (commits go on meanwhile, one a tick, as a gateway's would).
  fill(WAL_SIZE_LIMIT * 1.25)
  expect(walSize()).toBeGreaterThan(WAL_SIZE_LIMIT)
  const deadline = Date.now() + 20_000
  while (walSize() > WAL_SIZE_LIMIT && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250))
    db.query('DELETE FROM group_history WHERE rowid = (SELECT MIN(rowid) FROM group_history)').run()
  }
  expect(walSize()).toBe(WAL_SIZE_LIMIT)
  await checkpointer.stop()
  db.close()
})

test('an in-memory database has no WAL and gets no checkpointer', () => {
  expect(startCheckpointer(openDatabase(':memory:'))).toBeUndefined()
})
