import { expect, test } from 'bun:test'
import { createPacer } from './pacer.ts'

test('a quiet chat sends at once; a busy one is spaced; other chats are not held up', async () => {
  const pace = createPacer(50)
  const sent: string[] = []
  await pace('a', async () => sent.push('a1'))
  const second = pace('a', async () => sent.push('a2'))
  await pace('b', async () => sent.push('b1'))
  // "b" was quiet, so it went at once while "a" still waits out its interval.
  expect(sent).toEqual(['a1', 'b1'])
  await second
  expect(sent).toEqual(['a1', 'b1', 'a2'])
})

test('a failed send does not block the lane', async () => {
  const pace = createPacer(0)
  await expect(pace('a', async () => { throw new Error('boom') })).rejects.toThrow('boom')
  expect(await pace('a', async () => 'ok')).toBe('ok')
})
