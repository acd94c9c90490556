import { expect, test } from 'bun:test'
import { turnBatch } from './turn-batch.ts'

const nextImmediate = () => new Promise<void>((resolve) => setImmediate(resolve))
const busyFor = (ms: number) => {
  const until = performance.now() + ms
  while (performance.now() < until) {
    // a task that keeps the event loop from its immediates
  }
}

test('what one turn adds runs once, at the end of the turn', async () => {
  let runs = 0
  const batch = turnBatch(() => runs++, 50)
  batch.add()
  batch.add()
  await Promise.resolve()
  expect(runs).toBe(0)
  await nextImmediate()
  expect(runs).toBe(1)
  await nextImmediate()
  expect(runs).toBe(1)
})

test('a batch older than its bound runs at the end of the current task, not at the end of a long turn', async () => {
  let runs = 0
  const batch = turnBatch(() => runs++, 2)
  batch.add()
  busyFor(3)
  batch.add()
  expect(runs).toBe(0)
  await Promise.resolve()
  expect(runs).toBe(1)
  // The immediate scheduled for it finds nothing left to do; a new addition starts a new batch.
  await nextImmediate()
  expect(runs).toBe(1)
  batch.add()
  await nextImmediate()
  expect(runs).toBe(2)
})

test('a batch its owner ran by itself is not run again', async () => {
  let runs = 0
  const batch = turnBatch(() => runs++, 50)
  batch.add()
  batch.reset()
  await nextImmediate()
  expect(runs).toBe(0)
})
