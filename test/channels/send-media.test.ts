/**
 * `send` with a file through the channel manager: a text that fits one message is the file's caption;
 * a longer one goes after the bare file, split to the provider's limit like any reply.
 */
import { afterEach, expect, test } from 'bun:test'
import type { ChannelAdapter, OutboundMessage } from '../../src/channels/types.ts'
import { waitForAccount } from '../helpers/channel-status.ts'
import { startChannelAgentGateway, type ChannelAgentGateway } from '../helpers/agent.ts'

let env: ChannelAgentGateway | undefined
afterEach(async () => env?.stop())

test('a caption that fits goes with the file; a longer text follows the bare file in pieces', async () => {
  const sent: { kind: 'media' | 'text'; text: string; mediaUrl?: string }[] = []
  const record = (kind: 'media' | 'text', out: OutboundMessage) => {
    sent.push({ kind, text: out.text, ...(out.mediaUrl && { mediaUrl: out.mediaUrl }) })
    return { id: String(sent.length), chatId: out.to }
  }
  const adapter: ChannelAdapter = {
    provider: 'telegram', accountId: 'default', textLimit: 20, perChatIntervalMs: 0,
    async start(s, signal) {
      s.connected()
      await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }))
    },
    send: async (out) => record('text', out),
    sendMedia: async (out) => record('media', out),
    async stop() {},
  }
  env = await startChannelAgentGateway({ telegram: { botToken: '1:T', dmPolicy: 'open', allowFrom: ['*'] } } as never, { channelFactories: { telegram: () => adapter } })
  await waitForAccount(env.client, 'telegram', (a) => a.connected)
  const file = 'https://example.invalid/cat.png'
  await env.client.call('send', { channel: 'telegram', to: '42', message: 'a cat', mediaUrl: file, idempotencyKey: 'm1' })
  expect(sent).toEqual([{ kind: 'media', text: 'a cat', mediaUrl: file }])
  sent.length = 0
  const long = await env.client.call('send', { channel: 'telegram', to: '42', message: 'one two three four five six seven eight', mediaUrl: file, idempotencyKey: 'm2' })
  expect(sent).toEqual([
    { kind: 'media', text: '', mediaUrl: file },
    { kind: 'text', text: 'one two three four' },
    { kind: 'text', text: 'five six seven eight' },
  ])
  expect(long.messageId).toBe('1')
})
