import { expect, test } from 'bun:test'
import { createIdempotencyCache } from './idempotency.ts'
import { DEDUPE_MAX } from '../protocol/index.ts'

/** A group commit with nothing open: what the work wrote is on disk already. */
const onDisk = () => Promise.resolve()

/** A commit the test settles by hand. */
function commitInFlight() {
  let settle!: (err?: Error) => void
  const done = new Promise<void>((resolve, reject) => (settle = (err) => (err ? reject(err) : resolve())))
  done.catch(() => {})
  return { durable: () => done, settle }
}

test('a duplicate in flight waits for the first run and gets its outcome', async () => {
  const cache = createIdempotencyCache()
  let runs = 0
  let release!: () => void
  const gate = new Promise<void>((r) => (release = r))
  const work = async () => {
    runs++
    await gate
    return { n: runs }
  }
  const a = cache.run('send:k', work, onDisk)
  const b = cache.run('send:k', work, onDisk)
  expect(cache.inFlight('send:k')).toBe(true)
  release()
  expect(await a.outcome).toEqual({ ok: true, payload: { n: 1 } })
  expect(await b.outcome).toEqual({ ok: true, payload: { n: 1 } })
  expect(b.replayed).toBe(true)
  expect(runs).toBe(1)
})

test('errors are replayed as they first happened', async () => {
  const cache = createIdempotencyCache()
  const boom = new Error('provider refused')
  await cache.run('k', async () => { throw boom }, onDisk).outcome
  expect(await cache.run('k', async () => 'second', onDisk).outcome).toEqual({ ok: false, error: boom })
})

test('entries expire after the TTL and the oldest settled ones go beyond the cap', async () => {
  let now = 0
  const cache = createIdempotencyCache({ ttlMs: 1000, max: 3, now: () => now })
  for (const k of ['a', 'b', 'c', 'd']) await cache.run(k, async () => k, onDisk).outcome
  expect(cache.size).toBe(3)
  expect(cache.run('a', async () => 'again', onDisk).replayed).toBe(false) // 'a' was dropped as the oldest
  now = 5000
  expect(cache.run('d', async () => 'fresh', onDisk).replayed).toBe(false) // expired
})

test('beyond the cap with more runs in flight than it holds: a run in flight is never pruned, a settled old one is', async () => {
  const cache = createIdempotencyCache() // the default cap, DEDUPE_MAX
  await cache.run('old', async () => 'done', onDisk).outcome
  let release!: () => void
  const gate = new Promise<void>((r) => (release = r))
  const running = Array.from({ length: DEDUPE_MAX + 5 }, (_, i) => cache.run(`run:${i}`, () => gate, onDisk).outcome)
  // The settled entry went as soon as the cap was passed; every run in flight is still known.
  expect(cache.accepted('old')).toBeUndefined()
  expect(cache.size).toBe(DEDUPE_MAX + 5)
  for (let i = 0; i < DEDUPE_MAX + 5; i++) expect(cache.inFlight(`run:${i}`)).toBe(true)
  // Once they settle, the next add trims back to the cap, the runs that settled first going first.
  release()
  await Promise.all(running)
  expect(cache.run('new', async () => 'n', onDisk).replayed).toBe(false)
  expect(cache.size).toBe(DEDUPE_MAX)
  expect(cache.accepted('run:5')).toBeUndefined()
  expect(cache.accepted('run:6')).toBeDefined()
  expect(cache.accepted('new')).toBeDefined()
})

test('a first run\'s outcome is not heard before its commit is on disk, by it or by a duplicate', async () => {
  const cache = createIdempotencyCache()
  const commit = commitInFlight()
  const heard: string[] = []
  const first = cache.run('chat:k', async () => ({ status: 'started' }), commit.durable)
  void first.outcome.then(() => heard.push('first'))
  void cache.accepted('chat:k')!.then(() => heard.push('duplicate'))
  await Bun.sleep(0)
  expect(heard).toEqual([])
  commit.settle()
  expect(await first.outcome).toEqual({ ok: true, payload: { status: 'started' } })
  expect(heard.sort()).toEqual(['duplicate', 'first'])
})

test('when the commit fails, waiting duplicates hear the failure and a later retry runs afresh', async () => {
  const cache = createIdempotencyCache()
  const commit = commitInFlight()
  const full = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' })
  let runs = 0
  const first = cache.run('chat:k', async () => ({ run: ++runs }), commit.durable)
  const waiting = cache.accepted('chat:k')!
  commit.settle(full)
  expect(await first.outcome).toEqual({ ok: false, error: full })
  await expect(waiting).rejects.toBe(full)
  expect(cache.accepted('chat:k')).toBeUndefined()
  const retry = cache.run('chat:k', async () => ({ run: ++runs }), onDisk)
  expect(retry.replayed).toBe(false)
  expect(await retry.outcome).toEqual({ ok: true, payload: { run: 2 } })
})
