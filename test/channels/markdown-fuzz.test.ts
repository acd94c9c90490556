/**
 * Whatever a model writes, or has half-written mid-stream, renders without throwing, fits the limit,
 * and for Telegram is HTML the Bot API accepts (checked by the fake's Telegram-strict parser).
 */
import { expect, test } from 'bun:test'
import { renderReply } from '../../src/channels/format/index.ts'
import { PROVIDER_ORDER } from '../../src/channels/registry.ts'
import { checkTelegramHtml } from '../fakes/telegram-html.ts'

const PIECES = ['**', '*', '_', '__', '~~', '||', '`', '```', '```js\n', '[', ']', '(', ')', '](https://e.io/?a=1&b=<2>)', '<https://x.io>', '<', '>', '&', '\\',
  '# ', '> ', '- ', '1. ', '  ', '\n', '\n\n', '|', '| a | b |\n|---|---|\n', 'word', ' ', '😀', 'é', '"', "'", '<b>', '&amp;']

/** A fixed-seed generator, so a failure names an input that can be replayed. */
function* inputs(count: number): Generator<string> {
  let seed = 42
  const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed / 2 ** 31)
  for (let n = 0; n < count; n++) {
    let text = ''
    const length = 1 + Math.floor(next() * 60)
    for (let i = 0; i < length; i++) text += PIECES[Math.floor(next() * PIECES.length)]
    yield text
  }
}

test('random Markdown renders within the limit on every provider, and Telegram accepts the HTML', () => {
  const failures: string[] = []
  for (const md of inputs(400)) {
    for (const provider of PROVIDER_ORDER) {
      for (const tables of ['code', 'bullets', 'off'] as const) {
        for (const c of renderReply(provider, md, { limit: 64, chunkMode: 'length', tables })) {
          if (c.text.length > 64) failures.push(`${provider}: a chunk over the limit for ${JSON.stringify(md)}`)
          const refused = provider === 'telegram' ? checkTelegramHtml(c.text) : undefined
          if (refused) failures.push(`${refused} for ${JSON.stringify(md)} → ${JSON.stringify(c.text)}`)
        }
      }
    }
  }
  expect(failures).toEqual([])
})
