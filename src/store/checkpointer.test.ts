import { afterEach, expect, test } from 'bun:test'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startCheckpointer } from './checkpointer.ts'
import { databasePath, openDatabase } from './db.ts'

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

test('an in-memory database has no WAL and gets no checkpointer', () => {
  expect(startCheckpointer(openDatabase(':memory:'))).toBeUndefined()
})
