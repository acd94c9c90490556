import { expect, test } from 'bun:test'
import { createSseParser, type SseEvent } from './sse-parser.ts'

test('events split across chunks, keep-alives, multi-line data, CRLF and ids', () => {
  const seen: SseEvent[] = []
  const parser = createSseParser((e) => seen.push(e))
  for (const chunk of [':\n', 'id:a1\nevent:rec', 'eive\ndata:{"x":', '1}\n\n', ':\n', 'data: one\r\ndata:two\r\n\r\n', 'id\nevent:receive\ndata\n\n']) parser.push(chunk)
  expect(seen).toEqual([
    { id: 'a1', event: 'receive', data: '{"x":1}' },
    { id: 'a1', event: 'message', data: 'one\ntwo' },
    { id: '', event: 'receive', data: '' },
  ])
  expect(parser.lastEventId).toBe('')
})

test('a line without an end that grows past the limit is refused', () => {
  const parser = createSseParser(() => {})
  expect(() => parser.push('x'.repeat((1 << 20) + 1))).toThrow()
})

test('data lines that never end their event are refused at the bound, however short each line is', () => {
  const parser = createSseParser(() => {}, 1000)
  const line = `data:${'x'.repeat(99)}\n`
  for (let i = 0; i < 10; i++) parser.push(line)
  expect(() => parser.push(line)).toThrow('larger than 1000 characters')
})

test('the bound is per event: many events of any total size pass', () => {
  const seen: SseEvent[] = []
  const parser = createSseParser((e) => seen.push(e), 1000)
  for (let i = 0; i < 50; i++) parser.push(`event:receive\ndata:${'y'.repeat(900)}\n\n`)
  expect(seen).toHaveLength(50)
})
