import { expect, test } from 'bun:test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { atEndOfTask } from '../core/end-of-task.ts'
import { openDatabase } from './db.ts'
import { groupCommit } from './group-commit.ts'

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))

test('a write whose batch failed is reported by durableSince even after a later batch succeeded', async () => {
  const db = openDatabase(':memory:')
  db.exec('CREATE TABLE t (v TEXT)')
  const commits = groupCommit(db)
  const insert = (v: string) => commits.write(() => db.run('INSERT INTO t (v) VALUES (?)', [v]))

  const mark = commits.mark()
  insert('early')
  const early = commits.durable()
  // What SQLite does to the open batch on an I/O error or a full disk: the transaction is gone, its COMMIT fails.
  db.exec('ROLLBACK')
  await expect(early).rejects.toThrow()
  // The handler goes on writing after its await; that batch commits.
  insert('late')
  await commits.durable()
  await expect(commits.durableSince(mark)).rejects.toThrow()
  expect(db.query('SELECT v FROM t').all()).toEqual([{ v: 'late' }])

  // A mark taken after the failure is not concerned by it.
  const after = commits.mark()
  insert('fresh')
  await nextTurn()
  await commits.durableSince(after)
  // Nor is a mark with nothing written since.
  await commits.durableSince(commits.mark())
  db.close()
})

test('a write made inside another has its own savepoint: when it fails and the outer one goes on, only it is undone', async () => {
  const db = openDatabase(':memory:')
  db.exec('CREATE TABLE t (v TEXT)')
  const commits = groupCommit(db)
  const insert = (v: string) => commits.write(() => db.run('INSERT INTO t (v) VALUES (?)', [v]))
  commits.write(() => {
    insert('a')
    expect(() => commits.write(() => {
      insert('b')
      throw new Error('the inner write fails')
    })).toThrow('the inner write fails')
    insert('c')
  })
  await commits.durable()
  expect(db.query('SELECT v FROM t ORDER BY rowid').all()).toEqual([{ v: 'a' }, { v: 'c' }])
  db.close()
})

test('on a file: a batch stays open while a sync is in flight, and commits at the end of the task that learns the sync ended', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'group-commit-'))
  const db = openDatabase(dir)
  try {
    db.exec('CREATE TABLE t (v TEXT)')
    const commits = groupCommit(db)
    const insert = (v: string) => commits.write(() => db.run('INSERT INTO t (v) VALUES (?)', [v]))
    insert('a')
    const first = commits.durable()
    const during = new Promise<{ committed: boolean; batch: number; open: boolean }>((resolve) =>
      // Runs after the first batch's commit (scheduled before it), while its sync is on the thread pool.
      atEndOfTask(() => {
        const committed = !db.inTransaction
        insert('b')
        resolve({ committed, batch: commits.mark(), open: db.inTransaction })
      }),
    )
    const seen = await during
    // The first batch committed as its task ended; 'b' opened a batch that waits for the sync.
    expect(seen).toMatchObject({ committed: true, open: true })
    await first
    // The task that learned the sync ended: the batch is still open, and a write now joins it.
    expect(db.inTransaction).toBe(true)
    insert('c')
    expect(commits.mark()).toBe(seen.batch)
    const atEnd = new Promise<boolean>((resolve) => atEndOfTask(() => resolve(db.inTransaction)))
    expect(await atEnd).toBe(false)
    await commits.durable()
    expect(db.query('SELECT v FROM t ORDER BY rowid').all()).toEqual([{ v: 'a' }, { v: 'b' }, { v: 'c' }])
    commits.flush()
  } finally {
    db.close()
    rmSync(dir, { recursive: true, force: true })
  }
})
