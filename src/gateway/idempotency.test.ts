import { expect, test } from 'bun:test'
import { createIdempotencyCache } from './idempotency.ts'

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
  const a = cache.run('send:k', work)
  const b = cache.run('send:k', work)
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
  await cache.run('k', async () => { throw boom }).outcome
  expect(await cache.run('k', async () => 'second').outcome).toEqual({ ok: false, error: boom })
})

test('entries expire after the TTL and the oldest settled ones go beyond the cap', async () => {
  let now = 0
  const cache = createIdempotencyCache({ ttlMs: 1000, max: 3, now: () => now })
  for (const k of ['a', 'b', 'c', 'd']) await cache.run(k, async () => k).outcome
  expect(cache.size).toBe(3)
  expect(cache.run('a', async () => 'again').replayed).toBe(false) // 'a' was dropped as the oldest
  now = 5000
  expect(cache.run('d', async () => 'fresh').replayed).toBe(false) // expired
})
