import { expect, test } from 'bun:test'
import { openDatabase } from './db.ts'
import { groupCommit } from './group-commit.ts'
import { createSessionStore, type StoredMessage } from './session-store.ts'
import { createTranscriptTails } from './transcript-tail.ts'

const message = (pos: number, text = `m${pos}`): StoredMessage => ({ id: `id-${pos}`, pos, sessionId: 's', role: 'user', body: { text }, ts: pos })

/** A store with an empty tail reads SQLite: the truth a cached page must equal. */
function pagesAgree(db: ReturnType<typeof openDatabase>, cached: ReturnType<typeof createSessionStore>, sessionId: string) {
  for (const [limit, offset] of [[3, 0], [60, 0], [20, 0], [20, 20], [20, 40], [5, 3], [200, 0]] as const) {
    expect(cached.page(sessionId, limit, offset)).toEqual(createSessionStore(db).page(sessionId, limit, offset))
  }
}

test('pages served from the tail equal what SQLite holds, through appends, a reset, a trim and a dropped run', () => {
  const db = openDatabase(':memory:')
  const store = createSessionStore(db)
  const { sessionId } = store.ensure('agent:main:main', { agentId: 'main', kind: 'main' })
  const say = (n: number, runId = 'r1') => {
    for (let i = 0; i < n; i++) store.append(sessionId, { runId, role: i % 2 ? 'assistant' : 'user', body: { role: 'x', text: `${runId}-${i}` } })
  }
  say(30)
  pagesAgree(db, store, sessionId)
  say(90, 'r2')
  pagesAgree(db, store, sessionId)
  say(3, 'r3')
  pagesAgree(db, store, sessionId)
  // Removed from the middle: the positions after it stay where they were, and the newest are still read.
  store.dropRun(sessionId, 'r2')
  pagesAgree(db, store, sessionId)
  expect(store.page(sessionId, 3, 0).map((m) => [m.pos, (m.body as { text: string }).text])).toEqual([[121, 'r3-0'], [122, 'r3-1'], [123, 'r3-2']])
  store.trim('agent:main:main', 10)
  pagesAgree(db, store, sessionId)
  say(4, 'r4')
  pagesAgree(db, store, sessionId)
  const renewed = store.reset('agent:main:main')!
  expect(store.page(sessionId, 60, 0)).toEqual([])
  expect(store.page(renewed.sessionId, 60, 0)).toEqual([])
  db.close()
})

test('after a run dropped from the middle, an append takes the next position and every message is paged', () => {
  const db = openDatabase(':memory:')
  const store = createSessionStore(db)
  const { sessionId } = store.ensure('agent:main:main', { agentId: 'main', kind: 'main' })
  const say = (runId: string, n: number) => {
    for (let i = 0; i < n; i++) store.append(sessionId, { runId, role: 'user', body: { text: `${runId}-${i}` } })
  }
  const texts = () => store.page(sessionId, 200, 0).map((m) => `${m.pos}:${(m.body as { text: string }).text}`)
  say('a', 2)
  say('heartbeat', 2)
  say('b', 2)
  expect(texts()).toEqual(['1:a-0', '2:a-1', '3:heartbeat-0', '4:heartbeat-1', '5:b-0', '6:b-1'])
  store.dropRun(sessionId, 'heartbeat')
  expect(texts()).toEqual(['1:a-0', '2:a-1', '5:b-0', '6:b-1'])
  expect(store.page(sessionId, 1, 0).map((m) => m.pos)).toEqual([6])
  // The next append never reuses a position a kept message holds.
  expect(store.append(sessionId, { runId: 'c', role: 'user', body: { text: 'c-0' } }).pos).toBe(7)
  expect(texts()).toEqual(['1:a-0', '2:a-1', '5:b-0', '6:b-1', '7:c-0'])
  expect(store.after(sessionId, 4, 10).map((m) => m.pos)).toEqual([5, 6, 7])
  // A run dropped from the end frees its positions: the next message follows the newest one kept.
  store.dropRun(sessionId, 'c')
  expect(store.append(sessionId, { runId: 'd', role: 'user', body: { text: 'd-0' } }).pos).toBe(7)
  expect(texts()).toEqual(['1:a-0', '2:a-1', '5:b-0', '6:b-1', '7:d-0'])
  pagesAgree(db, store, sessionId)
  db.close()
})

test('messages of a batch SQLite rolled back are never served from the tail', async () => {
  const db = openDatabase(':memory:')
  const store = createSessionStore(db)
  const { sessionId } = store.ensure('agent:main:main', { agentId: 'main', kind: 'main' })
  store.append(sessionId, { role: 'user', body: { text: 'kept' } })
  await store.durable()
  expect(store.page(sessionId, 60, 0).map((m) => m.body)).toEqual([{ text: 'kept' }])
  store.append(sessionId, { role: 'assistant', body: { text: 'lost' } })
  expect(store.page(sessionId, 60, 0)).toHaveLength(2)
  // What SQLite does to the open batch on an I/O error or a full disk: the whole transaction is gone.
  db.exec('ROLLBACK')
  await expect(groupCommit(db).durable()).rejects.toThrow()
  expect(store.page(sessionId, 60, 0).map((m) => m.body)).toEqual([{ text: 'kept' }])
  store.append(sessionId, { role: 'assistant', body: { text: 'again' } })
  expect(store.page(sessionId, 60, 0).map((m) => m.body)).toEqual([{ text: 'kept' }, { text: 'again' }])
  pagesAgree(db, store, sessionId)
  db.close()
})

test('a tail answers only for positions it holds and a newest position that is still its own', () => {
  const tails = createTranscriptTails()
  tails.filled('s', 10, 12, 12, [message(11), message(12)], [10, 10])
  expect(tails.read('s', 10, 12, 12)?.map((m) => m.pos)).toEqual([11, 12])
  expect(tails.read('s', 11, 12, 12)?.map((m) => m.pos)).toEqual([12])
  expect(tails.read('s', 9, 12, 12)).toBeUndefined()
  tails.appended('s', message(13), 10)
  expect(tails.read('s', 10, 13, 13)?.map((m) => m.pos)).toEqual([11, 12, 13])
  // A read below extends it downwards; one with a gap does not.
  tails.filled('s', 8, 10, 13, [message(9), message(10)], [10, 10])
  expect(tails.read('s', 8, 13, 13)?.map((m) => m.pos)).toEqual([9, 10, 11, 12, 13])
  tails.filled('s', 2, 5, 13, [message(3), message(4), message(5)], [10, 10, 10])
  expect(tails.read('s', 2, 13, 13)).toBeUndefined()
  // The session row moved on without it (a write it did not see): it is dropped.
  expect(tails.read('s', 8, 13, 14)).toBeUndefined()
  expect(tails.read('s', 8, 13, 13)).toBeUndefined()
  // An append that skips a position drops it too.
  tails.filled('s', 0, 2, 2, [message(1), message(2)], [10, 10])
  tails.appended('s', message(4), 10)
  expect(tails.read('s', 0, 2, 2)).toBeUndefined()
})

test('tails are bounded: the least recently used transcript and the oldest messages go first', () => {
  const tails = createTranscriptTails()
  for (let i = 0; i < 65; i++) tails.filled(`s${i}`, 0, 1, 1, [message(1)], [10])
  expect(tails.read('s0', 0, 1, 1)).toBeUndefined()
  expect(tails.read('s64', 0, 1, 1)).toHaveLength(1)
  // A hundred messages per transcript at most.
  tails.filled('long', 0, 0, 0, [], [])
  for (let pos = 1; pos <= 150; pos++) tails.appended('long', message(pos), 10)
  expect(tails.read('long', 50, 150, 150)).toHaveLength(100)
  expect(tails.read('long', 49, 150, 150)).toBeUndefined()
  // And two million characters in all: a message larger than that is never kept.
  tails.filled('big', 0, 1, 1, [message(1, 'x')], [2_000_001])
  expect(tails.read('big', 0, 1, 1)).toBeUndefined()
  expect(tails.read('long', 50, 150, 150)).toHaveLength(100)
})
