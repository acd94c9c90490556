import { expect, test } from 'bun:test'
import { atEndOfTask } from './end-of-task.ts'

test('runs after every microtask the current task leads to, before the next task', async () => {
  const seen: string[] = []
  const immediate = new Promise<void>((resolve) => setImmediate(() => (seen.push('next task'), resolve())))
  atEndOfTask(() => seen.push('end of task'))
  // A chain of awaits started after it was scheduled, one of which queues more microtasks.
  void (async () => {
    await null
    seen.push('await 1')
    queueMicrotask(() => seen.push('queued by await 1'))
    await null
    seen.push('await 2')
  })()
  seen.push('sync')
  await immediate
  expect(seen).toEqual(['sync', 'await 1', 'queued by await 1', 'await 2', 'end of task', 'next task'])
})
