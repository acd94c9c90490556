import { expect, test } from 'bun:test'
import { Database } from 'bun:sqlite'
import { lazyStatements } from './lazy-statements.ts'

test('a statement is prepared on first use, once', () => {
  const db = new Database(':memory:')
  let prepared = 0
  const q = lazyStatements({
    one: () => (prepared++, db.query<{ n: number }, []>('SELECT 1 AS n')),
    broken: () => db.query('SELECT FROM nowhere'),
  })
  expect(prepared).toBe(0)
  expect(q.one.get()).toEqual({ n: 1 })
  expect(q.one).toBe(q.one)
  expect(prepared).toBe(1)
  expect(() => q.broken).toThrow()
  db.close()
})
