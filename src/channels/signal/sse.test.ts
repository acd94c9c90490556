import { expect, test } from 'bun:test'
import { createSseParser, type SseEvent } from './sse.ts'

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
