/**
 * Malformed gateway input is contained at the Discord account's boundary: the gateway stays up, the
 * account recovers, and the next good message is answered by the real agent.
 */
import { afterEach, beforeEach, expect, test } from 'bun:test'
import { FakeDiscord } from '../fakes/discord-api.ts'
import { waitForAccount } from '../helpers/channel-status.ts'
import { startChannelAgentGateway, type ChannelAgentGateway } from '../helpers/agent.ts'

let discord: FakeDiscord
let env: ChannelAgentGateway

beforeEach(async () => {
  discord = new FakeDiscord().start()
  env = await startChannelAgentGateway({ discord: { token: 'fake-discord-token', apiRoot: discord.apiRoot, dmPolicy: 'open', allowFrom: ['*'] } } as never)
  await waitForAccount(env.client, 'discord', (a) => a.connected)
})
afterEach(async () => {
  await env.stop()
  discord.stop()
})

test('null, mistyped, unknown and non-JSON gateway frames are contained; the next DM gets the agent\'s reply', async () => {
  discord.dispatch('MESSAGE_CREATE', null)
  discord.dispatch('MESSAGE_CREATE', { id: 5, channel_id: null, author: null, content: 42, attachments: 'none', mentions: null })
  discord.dispatch('MESSAGE_CREATE', { id: '6', channel_id: '800', author: { id: 7 }, content: 'x', attachments: [null, { url: 5 }] })
  discord.dispatch('GUILD_CREATE', null)
  discord.dispatch('CHANNEL_CREATE', { id: null, type: 'text' })
  discord.dispatch('A_BRAND_NEW_DISPATCH', { anything: [1, 2, 3] })
  discord.sendRaw(JSON.stringify({ op: 99, d: { unknown: true } }))
  discord.sendRaw(JSON.stringify({ op: 0, s: 1000 }))
  discord.sendRaw('null')
  discord.sendRaw('{"op": 0, "t": "MESSAGE_CREATE", "d": ')
  discord.sendRaw(new Uint8Array([0x78, 0x9c, 0xff, 0x00, 0x13, 0x37]))
  discord.messageCreate({ channel_id: '801', channel_type: 1, content: 'y'.repeat(3 * 1024 * 1024), author: { id: '200000000000000009', username: 'big' } })
  discord.messageCreate({ channel_id: '800', channel_type: 1, content: 'are you still there?' })
  await discord.recorder.waitFor((c) => c.method === 'createMessage' && c.body.channel === '800', 15_000)
  expect(discord.sent().filter((m) => m.channel === '800')).toEqual([{ channel: '800', content: 'pong' }])
  expect(env.model.requests.some((r) => r.body.messages.at(-1).content === 'are you still there?')).toBe(true)
  expect(await waitForAccount(env.client, 'discord', (a) => a.connected, 10_000)).toMatchObject({ running: true })
}, 30_000)
