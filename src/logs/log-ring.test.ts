import { expect, test } from 'bun:test'
import { createLogRing } from './log-ring.ts'

const ring = (maxBytes = 1000, maxLines = 100) => createLogRing({ maxBytes, maxLines, file: 'memory:test' })

test('a follower gets only the lines after its cursor', () => {
  const r = ring()
  r.append('one')
  r.append('two')
  const first = r.tail({ limit: 10, maxBytes: 1000 })
  expect(first).toMatchObject({ lines: ['one', 'two'], cursor: 8, size: 8, truncated: false, reset: false })
  r.append('three')
  expect(r.tail({ cursor: first.cursor, limit: 10, maxBytes: 1000 })).toMatchObject({ lines: ['three'], cursor: 14, truncated: false })
  expect(r.tail({ cursor: 14, limit: 10, maxBytes: 1000 }).lines).toEqual([])
})

test('limit and maxBytes keep the newest lines and say what was skipped', () => {
  const r = ring()
  for (const l of ['aaaa', 'bbbb', 'cccc']) r.append(l)
  expect(r.tail({ limit: 2, maxBytes: 1000 })).toMatchObject({ lines: ['bbbb', 'cccc'], truncated: true, skippedBytes: 5 })
  expect(r.tail({ limit: 10, maxBytes: 6 })).toMatchObject({ lines: ['cccc'], truncated: true, skippedBytes: 10 })
})

test('the oldest lines fall off at the byte and line bounds; a cursor before them reports the gap', () => {
  const r = ring(12, 100)
  for (const l of ['aaaa', 'bbbb', 'cccc']) r.append(l)
  expect(r.tail({ limit: 10, maxBytes: 1000 }).lines).toEqual(['bbbb', 'cccc'])
  expect(r.tail({ cursor: 0, limit: 10, maxBytes: 1000 })).toMatchObject({ truncated: true, skippedBytes: 5 })
  const few = ring(1000, 2)
  for (const l of ['x', 'y', 'z']) few.append(l)
  expect(few.tail({ limit: 10, maxBytes: 1000 }).lines).toEqual(['y', 'z'])
})

test('a cursor from beyond the end (another run of the gateway) starts over', () => {
  const r = ring()
  r.append('fresh')
  expect(r.tail({ cursor: 500, limit: 10, maxBytes: 1000 })).toMatchObject({ lines: ['fresh'], reset: true })
})

test('cursors stay right across compaction of the dropped front', () => {
  const r = ring(10_000, 50)
  let cursor = 0
  const seen: string[] = []
  for (let i = 0; i < 3000; i++) {
    r.append(`line ${i}`)
    if (i % 7 === 0) {
      const t = r.tail({ cursor, limit: 100, maxBytes: 10_000 })
      seen.push(...t.lines)
      cursor = t.cursor
    }
  }
  // The last read was right after line 2996 (a multiple of 7): every line up to it, once, in order.
  expect(seen).toEqual(Array.from({ length: 2997 }, (_, i) => `line ${i}`))
})
