import { afterEach, beforeEach, describe, expect, test } from 'bun:test'
import { PNG_1X1 } from '../fakes/images.ts'
import { DISCORD_BOT, FakeDiscord } from '../fakes/discord-api.ts'
import { imagesOf, sessionKeys, startChannelGateway, type ChannelGateway } from '../helpers/agent.ts'
import { waitForAccount } from '../helpers/channel-status.ts'
import { TestClient } from '../helpers/client.ts'
import { groupContext } from '../helpers/inbound.ts'

let discord: FakeDiscord
let gw: ChannelGateway
let client: TestClient

beforeEach(async () => {
  discord = new FakeDiscord().start()
  gw = await startChannelGateway({
    discord: { token: 'fake-discord-token', apiRoot: discord.apiRoot, dmPolicy: 'open', allowFrom: ['*'], guilds: { '700': { requireMention: true } } },
  })
  client = await TestClient.connect(gw.url, { token: gw.token })
  await discord.gateway.waitFor((c) => c.method === 'op2', 15_000)
  // READY after IDENTIFY: a busy machine may take seconds, and a test must not start unconnected.
  await waitForAccount(client, 'discord', (a) => a.connected, 20_000)
})
afterEach(async () => {
  client.close()
  await gw.stop()
  discord.stop()
})

describe('discord through discord.js against a fake REST + gateway WebSocket', () => {
  test('IDENTIFY carries the token and intents; heartbeats are sent and acknowledged', async () => {
    const identify = await discord.gateway.waitFor((c) => c.method === 'op2')
    expect(identify.body.token).toBe('fake-discord-token')
    expect(identify.body.intents & (1 << 12)).toBeTruthy() // DIRECT_MESSAGES
    await discord.gateway.waitFor((c) => c.method === 'op1', 15_000)
  })

  test('a DM reaches the agent; the reply goes to the DM channel with typing', async () => {
    discord.messageCreate({ channel_id: '800', channel_type: 1, content: 'hello discord' })
    await discord.recorder.waitFor((c) => c.method === 'createMessage')
    expect(discord.sent()).toEqual([{ channel: '800', content: 'echo: hello discord' }])
    expect(discord.recorder.of('typing')[0]?.body).toEqual({ channel: '800' })
    expect(sessionKeys(gw)).toEqual(['agent:main:main'])
  })

  test('an image attachment is fetched from its CDN url (without the bot token) and handed to the agent', async () => {
    const auth: (string | null)[] = []
    const cdn = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: (req) => (auth.push(req.headers.get('authorization')), new Response(PNG_1X1)) })
    try {
      const url = `http://127.0.0.1:${cdn.port}/attachments/800/900/dot.png`
      discord.messageCreate({ channel_id: '800', channel_type: 1, content: 'look', attachments: [{ id: '900', filename: 'dot.png', content_type: 'image/png', size: PNG_1X1.length, url, proxy_url: url }] })
      await discord.recorder.waitFor((c) => c.method === 'createMessage')
      expect(auth).toEqual([null])
      expect(imagesOf(gw.fake.requests[0]!)).toEqual([`data:image/png;base64,${PNG_1X1.toString('base64')}`])
    } finally {
      await cdn.stop(true)
    }
  })

  test('guild channels answer only when the bot is mentioned; bots and malformed dispatches are ignored', async () => {
    discord.messageCreate({ channel_id: '801', guild_id: '700', content: 'just talking' })
    discord.messageCreate({ channel_id: '801', guild_id: '999', content: `<@${DISCORD_BOT.id}> other guild`, mentions: [DISCORD_BOT] })
    discord.messageCreate({ channel_id: '801', guild_id: '700', content: 'bot', author: { id: '5', username: 'b', bot: true }, mentions: [DISCORD_BOT] })
    discord.dispatch('MESSAGE_CREATE', { nonsense: true })
    discord.dispatch('MESSAGE_CREATE', null)
    discord.messageCreate({ channel_id: '801', guild_id: '700', content: `<@${DISCORD_BOT.id}> hi`, mentions: [DISCORD_BOT] })
    // Every message here is in channel 801's one session, answered in order: a reply to any earlier
    // message would have come before this one.
    await discord.recorder.waitFor((c) => c.method === 'createMessage')
    // The unmentioned message reached the model as context for the mention (historyLimit).
    expect(discord.sent()).toEqual([{ channel: '801', content: `echo: ${groupContext(['Ada: just talking'], `Ada: <@${DISCORD_BOT.id}> hi`)}` }])
    expect(sessionKeys(gw)).toEqual(['agent:main:discord:channel:801'])
  })

  test('send to user:<id> opens a DM; a 429 is waited out; a 2000-character limit splits replies', async () => {
    discord.rateLimitOnce('POST /channels/9123/messages')
    const res = await client.call('send', { to: 'user:123', message: 'y'.repeat(2500), channel: 'discord', idempotencyKey: 'd-1' })
    expect(res).toMatchObject({ channel: 'discord', chatId: '9123' })
    expect(discord.recorder.of('POST /channels/9123/messages:429')).toHaveLength(1)
    expect(discord.sent().map((m) => m.content.length)).toEqual([2000, 500])
  })

  test('a silent send carries the suppress-notifications flag; a plain one none', async () => {
    await client.call('send', { to: 'channel:801', message: 'quiet', channel: 'discord', silent: true, idempotencyKey: 'd-silent' })
    await client.call('send', { to: 'channel:801', message: 'loud', channel: 'discord', idempotencyKey: 'd-loud' })
    expect(discord.recorder.of('createMessage').map((c) => [c.body.content, c.body.flags])).toEqual([['quiet', 4096], ['loud', undefined]])
  })
})
