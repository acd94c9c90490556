import { expect, test } from 'bun:test'
import { LineTooLongError, childLines } from './child-lines.ts'

function streamOf(...chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  return new ReadableStream({
    start(c) {
      for (const chunk of chunks) c.enqueue(encoder.encode(chunk))
      c.close()
    },
  })
}

async function collect(stream: ReadableStream<Uint8Array>, limit?: number): Promise<{ lines: string[]; overlong: number }> {
  const out = { lines: [] as string[], overlong: 0 }
  for await (const line of childLines(stream, { limit, overlong: () => out.overlong++ })) out.lines.push(line)
  return out
}

test('lines split across chunks are joined; blank lines are skipped; the last one needs no newline', async () => {
  expect(await collect(streamOf('{"a":', '1}\n\n  \n{"b"', ':2}\nlast'))).toEqual({ lines: ['{"a":1}', '{"b":2}', 'last'], overlong: 0 })
})

test('a line past the bound is reported once and skipped to its newline, whole or arriving in pieces', async () => {
  expect(await collect(streamOf(`${'y'.repeat(11)}\nok\n`), 10)).toEqual({ lines: ['ok'], overlong: 1 })
  expect(await collect(streamOf('a\n', 'x'.repeat(6), 'x'.repeat(6), 'x'.repeat(6), 'x\nb\n'), 10)).toEqual({ lines: ['a', 'b'], overlong: 1 })
  expect(await collect(streamOf(`${'z'.repeat(10)}\n`), 10)).toEqual({ lines: ['z'.repeat(10)], overlong: 0 })
})

test('output that never ends its line breaks the stream past eight times the bound', async () => {
  const endless = Array.from({ length: 20 }, () => 'x'.repeat(6))
  await expect(collect(streamOf(...endless), 10)).rejects.toBeInstanceOf(LineTooLongError)
  await expect(collect(streamOf(...endless), 10)).rejects.toThrow('characters without ending a line')
})
