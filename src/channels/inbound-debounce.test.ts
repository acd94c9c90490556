import { expect, test } from 'bun:test'
import { createInboundDebounce, type DebouncedItem } from './inbound-debounce.ts'
import { inboundDebounceMs, queueSettings } from './inbound-queue-settings.ts'
import type { InboundMessage, Provider } from './types.ts'

function item(text: string, opts: { provider?: Provider; sender?: string; media?: boolean } = {}): DebouncedItem {
  const msg: InboundMessage = {
    provider: opts.provider ?? 'telegram', accountId: 'default', messageId: text, chat: { id: '1', kind: 'direct' },
    sender: { id: opts.sender ?? 'ada', isBot: false, isSelf: false }, text, mentioned: false, attachments: [], ts: 0,
  }
  return { msg, text, media: opts.media ?? false }
}

function debounce(windowMs: number) {
  const batches: string[][] = []
  const d = createInboundDebounce<DebouncedItem>({ windowMs: () => windowMs, flush: (b) => void batches.push(b.map((i) => i.text)) })
  return { d, batches }
}

test('defaults: Telegram waits 300 ms, others not at all; byChannel wins over debounceMs, and 0 turns it off', () => {
  expect(inboundDebounceMs({}, 'telegram')).toBe(300)
  expect(inboundDebounceMs({}, 'slack')).toBe(0)
  expect(inboundDebounceMs({ inbound: { debounceMs: 2000 } }, 'slack')).toBe(2000)
  expect(inboundDebounceMs({ inbound: { debounceMs: 2000, byChannel: { telegram: 0 } } }, 'telegram')).toBe(0)
  expect(queueSettings({}, 'discord')).toEqual({ mode: 'steer', debounceMs: 500, cap: 20, drop: 'summarize' })
  expect(queueSettings({ queue: { mode: 'collect', byChannel: { discord: 'interrupt' }, debounceMsByChannel: { discord: 1000 }, cap: 5, drop: 'old' } }, 'discord'))
    .toEqual({ mode: 'interrupt', debounceMs: 1000, cap: 5, drop: 'old' })
})

test('with the window off a message goes on at once', () => {
  const { d, batches } = debounce(0)
  d.add(item('a'))
  d.add(item('b'))
  expect(batches).toEqual([['a'], ['b']])
})

test('media goes on at once, after the text held before it, as a batch of its own', () => {
  const { d, batches } = debounce(60_000)
  d.add(item('look'))
  d.add(item('at this', { sender: 'bob' }))
  d.add(item('[photo]', { media: true }))
  expect(batches).toEqual([['look'], ['[photo]']])
  expect(d.release().map((i) => i.text)).toEqual(['at this'])
})

test('a batch goes on once it holds 12 messages', () => {
  const { d, batches } = debounce(60_000)
  for (let i = 0; i < 13; i++) d.add(item(`m${i}`))
  expect(batches).toEqual([Array.from({ length: 12 }, (_, i) => `m${i}`)])
  expect(d.release().map((i) => i.text)).toEqual(['m12'])
})

test('Telegram holds a long-paste fragment even with the window off; the short tail flushes the whole paste', () => {
  const { d, batches } = debounce(0)
  const fragment = 'x'.repeat(4096)
  d.add(item(fragment))
  expect(batches).toEqual([])
  d.add(item('the end'))
  expect(batches).toEqual([[fragment, 'the end']])
  // Elsewhere a long message is nothing special.
  d.add(item(fragment, { provider: 'slack' }))
  expect(batches).toHaveLength(2)
})

test('/stop takes back only its sender\'s held text', () => {
  const { d } = debounce(60_000)
  d.add(item('mine'))
  d.add(item('theirs', { sender: 'bob' }))
  expect(d.cancel(item('/stop').msg).map((i) => i.text)).toEqual(['mine'])
  expect(d.release().map((i) => i.text)).toEqual(['theirs'])
})
