import { expect, test } from 'bun:test'
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

test('a write made inside another is part of it: undone with it when the outer one throws', async () => {
  const db = openDatabase(':memory:')
  db.exec('CREATE TABLE t (v TEXT)')
  const commits = groupCommit(db)
  const insert = (v: string) => commits.write(() => db.run('INSERT INTO t (v) VALUES (?)', [v]))
  commits.write(() => {
    insert('a')
    insert('b')
  })
  expect(() => commits.write(() => {
    insert('c')
    throw new Error('the outer write fails')
  })).toThrow('the outer write fails')
  // The batch goes on: the failed write undid itself and what it made inside, nothing else.
  insert('d')
  await commits.durable()
  expect(db.query('SELECT v FROM t ORDER BY rowid').all()).toEqual([{ v: 'a' }, { v: 'b' }, { v: 'd' }])
  db.close()
})
