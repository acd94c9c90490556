import { afterEach, beforeEach, describe, expect, test } from 'bun:test'
import type { ChannelsConfig } from '../../src/config/channels-schema.ts'
import { FakeTelegram, FAKE_BOT } from '../fakes/telegram-bot-api.ts'
import { sessionKeys, startChannelGateway, systemPromptOf, type ChannelGateway } from '../helpers/agent.ts'
import { TestClient } from '../helpers/client.ts'
import { groupContext } from '../helpers/inbound.ts'

let tg: FakeTelegram
let gw: ChannelGateway
let client: TestClient

async function boot(telegram: NonNullable<ChannelsConfig['telegram']>) {
  gw = await startChannelGateway({ telegram: { botToken: '123:TEST', apiRoot: tg.url, ...telegram } })
  client = await TestClient.connect(gw.url, { token: gw.token })
  await waitForStatus((a) => a.connected)
}

async function waitForStatus(ok: (account: any) => boolean, timeoutMs = 5000): Promise<any> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const status = await client.call('channels.status', {})
    const account = status.channelAccounts.telegram?.[0]
    if (account && ok(account)) return account
    if (Date.now() > deadline) throw new Error(`status never matched: ${JSON.stringify(account)}`)
    await Bun.sleep(25)
  }
}

beforeEach(() => {
  tg = new FakeTelegram().start()
})
afterEach(async () => {
  client?.close()
  await gw?.stop()
  tg.stop()
})

describe('telegram through grammY against a fake Bot API', () => {
  test('an allowed DM reaches the agent and the reply goes back to the same chat, with typing', async () => {
    await boot({ dmPolicy: 'allowlist', allowFrom: ['4242'] })
    tg.pushText('hello there')
    const reply = await tg.recorder.waitFor((c) => c.method === 'sendMessage')
    expect(reply.body).toMatchObject({ chat_id: '4242', text: 'echo: hello there' })
    expect(tg.recorder.of('sendChatAction')[0]?.body).toMatchObject({ chat_id: '4242', action: 'typing' })
    expect(sessionKeys(gw)).toEqual(['agent:main:main'])
    expect(systemPromptOf(gw.fake.requests[0]!)).toContain('This conversation is on telegram with Ada')
    const status = await waitForStatus((a) => a.lastOutboundAt !== null)
    expect(status).toMatchObject({ accountId: 'default', configured: true, running: true, connected: true, lastError: null })
    expect(typeof status.lastInboundAt).toBe('number')
  })

  test('channels.status names the configured channel for the Control UI, and {channel} keeps only it', async () => {
    await boot({ dmPolicy: 'open', allowFrom: ['*'] })
    const meta = [{ id: 'telegram', label: 'Telegram', detailLabel: 'Telegram Bot' }]
    const all = await client.call('channels.status', {})
    expect(all).toMatchObject({ channelOrder: ['telegram'], channelMeta: meta, channelDetailLabels: { telegram: 'Telegram Bot' } })
    const only = await client.call('channels.status', { channel: 'telegram' })
    expect(only).toMatchObject({ channelOrder: ['telegram'], channelMeta: meta, channelDetailLabels: { telegram: 'Telegram Bot' }, channelLabels: { telegram: 'Telegram' } })
    expect(only.channelAccounts.telegram[0]).toMatchObject({ accountId: 'default', connected: true })
    // A channel not configured, or a name every object inherits, matches nothing.
    for (const channel of ['slack', '__proto__', 'toString']) {
      const none = await client.call('channels.status', { channel })
      expect(none).toMatchObject({ channelOrder: [], channelMeta: [] })
      for (const key of ['channelLabels', 'channelDetailLabels', 'channels', 'channelAccounts', 'channelDefaultAccountId']) {
        expect(JSON.stringify(none[key])).toBe('{}')
      }
    }
  })

  test('a reply longer than 4096 characters is split', async () => {
    await boot({ dmPolicy: 'open', allowFrom: ['*'] })
    gw.fake.script({ kind: 'text', chunks: ['x'.repeat(5000)] })
    tg.pushText('long please')
    await tg.recorder.waitFor((c) => c.method === 'sendMessage' && c.body.text.length === 904, 5000)
    expect(tg.sent().map((t) => t.length)).toEqual([4096, 904])
  })

  test('groups answer only when mentioned; bots and our own messages are ignored', async () => {
    await boot({ dmPolicy: 'open', allowFrom: ['*'], groups: { '*': { requireMention: true } } })
    tg.pushText('no mention here', { chatId: -100, chatType: 'supergroup' })
    tg.pushText('I am a bot', { fromId: 777, isBot: true })
    tg.pushText('I am me', { fromId: FAKE_BOT.id, isBot: true })
    tg.pushText('@test_bot ping', { chatId: -100, chatType: 'supergroup', entities: [{ type: 'mention', offset: 0, length: 9 }] })
    await tg.recorder.waitFor((c) => c.method === 'sendMessage')
    // The unmentioned message reached the model as context for the mention (historyLimit).
    expect(tg.sent()).toEqual([`echo: ${groupContext(['Ada: no mention here'], 'Ada: @test_bot ping')}`])
    expect(sessionKeys(gw)).toEqual(['agent:main:telegram:group:-100'])
  })

  test('malformed updates are skipped and the next message is still answered', async () => {
    await boot({ dmPolicy: 'open', allowFrom: ['*'] })
    tg.push({ message: 'not an object' })
    tg.push({ message: { message_id: 1, chat: null } })
    tg.push({ edited_message: { message_id: 2, chat: { id: 5 } } })
    tg.push({ something_new: { x: 1 } })
    tg.pushText('still alive?')
    await tg.recorder.waitFor((c) => c.method === 'sendMessage')
    expect(tg.sent()).toEqual(['echo: still alive?'])
  })

  test('send: retried with the same key delivers once; a 429 is waited out', async () => {
    await boot({ dmPolicy: 'pairing' })
    tg.failNext('sendMessage', { status: 429, description: 'Too Many Requests: retry after 1', retryAfter: 1 })
    const params = { to: '555', message: 'hi from the operator', channel: 'telegram', idempotencyKey: 'k-1' }
    const [a, b] = await Promise.all([client.call('send', params), client.call('send', params)])
    const c = await client.call('send', params)
    expect(a).toEqual({ runId: 'k-1', messageId: expect.any(String), channel: 'telegram', chatId: '555' })
    expect(b).toEqual(a)
    expect(c).toEqual(a)
    expect(tg.recorder.of('sendMessage:failed')).toHaveLength(1)
    expect(tg.sent('555')).toEqual(['hi from the operator'])
  })

  test('a provider refusal is a typed error with the reason', async () => {
    await boot({ dmPolicy: 'pairing' })
    tg.failNext('sendMessage', { status: 400, description: 'Bad Request: chat not found' })
    const res = await client.request('send', { to: '1', message: 'x', channel: 'telegram', idempotencyKey: 'k-2' })
    expect(res.error.code).toBe('UNAVAILABLE')
    expect(res.error.details).toEqual({ code: 'CHANNEL_FAILED', provider: 'telegram', op: 'sendMessage', reason: 'Bad Request: chat not found', status: 400 })
    const unknown = await client.request('send', { to: '1', message: 'x', channel: 'slack', idempotencyKey: 'k-3' })
    expect(unknown.error.details.code).toBe('CHANNEL_NOT_CONFIGURED')
  })

  test('an upstream that goes away is reported in status and health, and reconnects when it is back', async () => {
    await boot({ dmPolicy: 'open', allowFrom: ['*'] })
    const port = tg.port
    tg.stop()
    const down = await waitForStatus((a) => !a.connected && a.lastError)
    expect(down.running).toBe(true)
    const health = await client.call('health', {})
    expect(health.channels.telegram).toMatchObject({ connected: false })
    tg.start(port)
    await waitForStatus((a) => a.connected, 10_000)
    tg.pushText('back again')
    await tg.recorder.waitFor((c) => c.method === 'sendMessage')
    expect(tg.sent()).toEqual(['echo: back again'])
  })

  test('channels.stop and channels.start', async () => {
    await boot({ dmPolicy: 'pairing' })
    expect(await client.call('channels.stop', { channel: 'telegram' })).toEqual({ channel: 'telegram', accountIds: ['default'], stopped: true })
    await waitForStatus((a) => !a.running && !a.connected && a.lastStopAt)
    expect(await client.call('channels.start', { channel: 'telegram' })).toEqual({ channel: 'telegram', accountIds: ['default'], started: true })
    await waitForStatus((a) => a.running && a.connected)
  })
})
