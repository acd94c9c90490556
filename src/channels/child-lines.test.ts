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

async function collect(stream: ReadableStream<Uint8Array>, limit?: number): Promise<string[]> {
  const out: string[] = []
  for await (const line of childLines(stream, limit)) out.push(line)
  return out
}

test('lines split across chunks are joined; blank lines are skipped; the last one needs no newline', async () => {
  expect(await collect(streamOf('{"a":', '1}\n\n  \n{"b"', ':2}\nlast'))).toEqual(['{"a":1}', '{"b":2}', 'last'])
})

test('an unfinished line past the bound breaks the stream, whole or still growing', async () => {
  await expect(collect(streamOf('x'.repeat(11)), 10)).rejects.toBeInstanceOf(LineTooLongError)
  await expect(collect(streamOf('ok\n', 'x'.repeat(6), 'x'.repeat(6)), 10)).rejects.toThrow('longer than 10 characters')
  await expect(collect(streamOf(`${'y'.repeat(11)}\nok\n`), 10)).rejects.toBeInstanceOf(LineTooLongError)
  expect(await collect(streamOf(`${'z'.repeat(10)}\n`), 10)).toEqual(['z'.repeat(10)])
})
