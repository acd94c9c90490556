import { expect, test } from 'bun:test'
import { createBlockReplies } from './block-replies.ts'

test('a tool call ends a block: the text before it goes out at once, however long the model pauses', async () => {
  const sent: string[] = []
  // An idle wait longer than the test: only the tool boundary can send the first block.
  const blocks = createBlockReplies(async (text) => void sent.push(text), { enabled: true, minChars: 10, maxChars: 800, idleMs: 60_000 })
  blocks.text('Checking the weather first.')
  blocks.tool('lookup_weather')
  blocks.text('Checking the weather first.It is cold.')
  const finals: string[] = []
  await blocks.finish('Checking the weather first.It is cold.', async (rest) => void finals.push(rest))
  expect(sent).toEqual(['Checking the weather first.'])
  expect(finals).toEqual(['It is cold.'])
})
