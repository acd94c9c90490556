import { afterEach, beforeEach, describe, expect, test } from 'bun:test'
import type { ChannelsConfig } from '../../src/config/channels-schema.ts'
import { FakeSignalDaemon, SIGNAL_BOT, SIGNAL_BOT_UUID } from '../fakes/signal-daemon.ts'
import { waitForAccount } from '../helpers/channel-status.ts'
import { TestClient } from '../helpers/client.ts'
import { lastUserText, messagesSeen, sessionKeys, startChannelGateway, systemPromptOf, type ChannelGateway } from '../helpers/agent.ts'
import { groupContext } from '../helpers/inbound.ts'

const ADA = '+15557654321'
const GROUP = 'Pmpi+EfPWmsxiomLe9Nx2XF9HOE483p6iKiFj65iMwI='
let daemon: FakeSignalDaemon
let gw: ChannelGateway
let client: TestClient

async function boot(signal: Partial<NonNullable<ChannelsConfig['signal']>>) {
  gw = await startChannelGateway({ signal: { account: SIGNAL_BOT, accountUuid: SIGNAL_BOT_UUID, transport: { kind: 'external-native' as const, url: daemon.url }, ...signal } })
  client = await TestClient.connect(gw.url, { token: gw.token })
  await waitForAccount(client, 'signal', (a) => a.connected)
}

beforeEach(() => {
  daemon = new FakeSignalDaemon().start()
})
afterEach(async () => {
  client?.close()
  await gw?.stop()
  daemon.stop()
})

describe('signal against a fake signal-cli JSON-RPC daemon', () => {
  test('a DM reaches the agent; the reply, typing and a read receipt go back over JSON-RPC', async () => {
    await boot({ dmPolicy: 'allowlist', allowFrom: [ADA], sendReadReceipts: true })
    const ts = daemon.pushText('hello signal')
    const send = await daemon.recorder.waitFor((c) => c.method === 'send')
    // An external daemon may serve several numbers, so every call names ours. The answer quotes the
    // question: Signal's `replyToMode` defaults to "all".
    expect(send.body).toEqual({ recipient: [ADA], message: 'echo: hello signal', account: SIGNAL_BOT, quoteTimestamp: ts, quoteAuthor: ADA })
    expect(daemon.recorder.of('sendTyping')[0]?.body).toEqual({ recipient: [ADA], account: SIGNAL_BOT })
    expect(daemon.recorder.of('sendReceipt')[0]?.body).toEqual({ recipient: [ADA], targetTimestamp: [ts], type: 'read', account: SIGNAL_BOT })
    expect(sessionKeys(gw)).toEqual(['agent:main:main'])
    expect(systemPromptOf(gw.fake.requests[0]!)).toContain('This conversation is on signal with Ada')
    expect(daemon.connects[0]).toBeNull()
    const status = await waitForAccount(client, 'signal', (a) => a.lastOutboundAt !== null)
    expect(status).toMatchObject({ configured: true, running: true, connected: true, lastError: null })
  })

  test('groups answer only an @mention of the bot; our own messages and receipts-only events are ignored', async () => {
    await boot({ dmPolicy: 'open', allowFrom: ['*'], groups: { [GROUP]: { requireMention: true } } })
    daemon.pushText('chatter', { groupId: GROUP })
    daemon.pushText('\uFFFC look', { groupId: GROUP, mentions: [{ number: '+15559999999', start: 0, length: 1 }] })
    daemon.pushText('from me', { from: SIGNAL_BOT })
    daemon.pushRaw(JSON.stringify({ envelope: { source: ADA, sourceNumber: ADA, timestamp: 1, receiptMessage: { isRead: true, timestamps: [1] } }, account: SIGNAL_BOT }))
    daemon.pushText('\uFFFC what is up?', { groupId: GROUP, mentions: [{ uuid: SIGNAL_BOT_UUID, start: 0, length: 1 }] })
    await daemon.recorder.waitFor((c) => c.method === 'send')
    // A DM from Ada last: the DM session answers in order, so an answer to our own message would come first.
    daemon.pushText('last', { from: ADA })
    await daemon.recorder.waitFor((c) => c.method === 'send' && c.body.message === 'echo: last')
    // The unmentioned messages reached the model as context for the mention (historyLimit).
    const context = groupContext(['Ada: chatter', 'Ada: @+15559999999 look'], `Ada: @${SIGNAL_BOT_UUID} what is up?`)
    expect(daemon.sent()).toEqual([
      { groupId: GROUP, message: `echo: ${context}`, account: SIGNAL_BOT, quoteTimestamp: expect.any(Number), quoteAuthor: ADA },
      expect.objectContaining({ message: 'echo: last' }),
    ])
    expect(sessionKeys(gw)).toEqual([`agent:main:signal:group:${GROUP}`, 'agent:main:main'])
  })

  test('a stranger gets a pairing code and is not processed until approved', async () => {
    await boot({ dmPolicy: 'pairing' })
    daemon.pushText('hi?', { from: '+15551112222' })
    const codeMsg = await daemon.recorder.waitFor((c) => c.method === 'send')
    const code = codeMsg.body.message.match(/Pairing code: ([A-Z2-9]{8})/)?.[1]
    expect(codeMsg.body.recipient).toEqual(['+15551112222'])
    expect(code).toBeDefined()
    daemon.pushText('anyone?', { from: '+15551112222' })
    // The daemon's events are read in order: once a second stranger has its code, the message before it was held.
    daemon.pushText('me too', { from: '+15553334444' })
    await daemon.recorder.waitFor((c) => c.method === 'send' && c.body.recipient?.[0] === '+15553334444')
    expect(gw.fake.requests).toEqual([])
    expect(daemon.sent()).toHaveLength(2)
    const approved = await client.call('pairing.approve', { channel: 'signal', code })
    expect(approved).toMatchObject({ channel: 'signal', senderId: '+15551112222' })
    daemon.pushText('now?', { from: '+15551112222' })
    await daemon.recorder.waitFor((c) => c.method === 'send' && c.body.message === 'echo: now?')
    expect(messagesSeen(gw)).toEqual(['now?'])
  })

  test('a uuid-only sender is named uuid:<id>; attachments arrive as metadata', async () => {
    await boot({ dmPolicy: 'allowlist', allowFrom: ['uuid:abc-123'] })
    daemon.pushRaw(JSON.stringify({
      envelope: {
        sourceUuid: 'abc-123', sourceNumber: null, timestamp: 5, dataMessage: {
          timestamp: 5, message: '', attachments: [{ contentType: 'image/jpeg', filename: 'cat.jpg', id: 'att1', size: 2048 }],
        },
      },
    }))
    const send = await daemon.recorder.waitFor((c) => c.method === 'send')
    expect(send.body.recipient).toEqual(['abc-123'])
    expect(lastUserText(gw.fake.requests[0]!.body)).toBe('[Attached image (cat.jpg, image/jpeg, 2 KB); not shown: too large, of an unsupported type, or no longer available]')
  })

  test('malformed events are skipped and the next message is still answered', async () => {
    await boot({ dmPolicy: 'open', allowFrom: ['*'] })
    daemon.pushRaw('{not json')
    daemon.pushRaw('null')
    daemon.pushRaw('"text"')
    daemon.pushRaw(JSON.stringify({ envelope: { dataMessage: { message: 'no sender' } } }))
    daemon.pushRaw(JSON.stringify({ envelope: { sourceNumber: ADA, dataMessage: { message: 'no timestamp' } } }))
    daemon.pushRaw(JSON.stringify({ envelope: { sourceNumber: ADA, timestamp: 9, dataMessage: { timestamp: 9, message: 'x', groupInfo: { groupId: 7 } } } }))
    daemon.pushRaw(JSON.stringify({ envelope: { sourceNumber: ADA, timestamp: 9, dataMessage: { timestamp: 9, message: 'x', mentions: [null, { start: 99, length: 4 }] } } }))
    daemon.pushRaw('ignored', 'something-else')
    daemon.pushText('still alive?')
    await daemon.recorder.waitFor((c) => c.method === 'send' && c.body.message === 'echo: still alive?')
    expect(messagesSeen(gw)).toEqual(['x', 'still alive?'])
  })

  test('send: targets in the original grammar, a quote of a known message, typed errors', async () => {
    await boot({ dmPolicy: 'open', allowFrom: ['*'] })
    const ts = daemon.pushText('quote me')
    await daemon.recorder.waitFor((c) => c.method === 'send')
    const quoted = await client.call('send', { channel: 'signal', to: `signal:${ADA}`, message: 'on that', replyToId: String(ts), idempotencyKey: 's1' })
    expect(quoted).toMatchObject({ channel: 'signal', chatId: ADA })
    expect(daemon.sent().at(-1)).toEqual({ recipient: [ADA], message: 'on that', quoteTimestamp: ts, quoteAuthor: ADA, account: SIGNAL_BOT })
    await client.call('send', { channel: 'signal', to: `group:${GROUP}`, message: 'to the group', idempotencyKey: 's2' })
    expect(daemon.sent().at(-1)).toMatchObject({ groupId: GROUP, message: 'to the group' })

    const bad = await client.request('send', { channel: 'signal', to: 'not a target', message: 'x', idempotencyKey: 's3' })
    expect(bad.error.details).toMatchObject({ code: 'INVALID_TARGET' })
    daemon.failNext('send', { code: -4, message: 'Untrusted identity for +15550001111' })
    const refused = await client.request('send', { channel: 'signal', to: '+15550001111', message: 'x', idempotencyKey: 's4' })
    expect(refused.error.code).toBe('UNAVAILABLE')
    expect(refused.error.details).toEqual({ code: 'CHANNEL_FAILED', provider: 'signal', op: 'send', reason: 'Untrusted identity for +15550001111' })
  })

  test('ignoreAttachments acts on an external daemon too: text keeps going, an attachment-only message is dropped', async () => {
    await boot({ dmPolicy: 'open', allowFrom: ['*'], ignoreAttachments: true })
    const attachments = [{ contentType: 'image/jpeg', filename: 'cat.jpg', id: 'att1', size: 2048 }]
    daemon.pushText('', { attachments })
    daemon.pushText('look at this', { attachments })
    await daemon.recorder.waitFor((c) => c.method === 'send')
    expect(messagesSeen(gw)).toEqual(['look at this'])
  })

  test('a daemon whose events are for another number is refused before anything is answered', async () => {
    await boot({ account: '+15551110000', dmPolicy: 'open', allowFrom: ['*'] })
    daemon.pushText('for the daemon\'s own number')
    const refused = await waitForAccount(client, 'signal', (a) => a.lastError !== null)
    expect(refused.lastError).toContain(`the daemon at ${daemon.url} serves ${SIGNAL_BOT}, not +15551110000`)
    expect(gw.fake.requests).toHaveLength(0)
    expect(daemon.sent()).toHaveLength(0)
  })

  test('an endless `data:` stream is cut at its bound; the account reconnects and recovers', async () => {
    await boot({ dmPolicy: 'open', allowFrom: ['*'] })
    daemon.floodNextStream()
    const cut = await waitForAccount(client, 'signal', (a) => /larger than 1048576 characters/.test(a.lastError ?? ''), 10_000)
    expect(cut).toMatchObject({ running: true, connected: false })
    await waitForAccount(client, 'signal', (a) => a.connected && a.lastError === null, 10_000)
    daemon.pushText('still there?')
    await daemon.recorder.waitFor((c) => c.method === 'send' && c.body.message === 'echo: still there?', 10_000)
    expect(daemon.connects.length).toBeGreaterThanOrEqual(3)
  }, 30_000)

  test('the daemon dies: status shows the error; it comes back: events missed meanwhile arrive once', async () => {
    await boot({ dmPolicy: 'open', allowFrom: ['*'] })
    daemon.pushText('before')
    await daemon.recorder.waitFor((c) => c.method === 'send')
    const port = daemon.port
    daemon.stop()
    const down = await waitForAccount(client, 'signal', (a) => !a.connected && a.lastError)
    expect(down.running).toBe(true)
    expect((await client.call('health', {})).channels.signal).toMatchObject({ connected: false })
    daemon.pushText('while you were away')
    daemon.start(port)
    await waitForAccount(client, 'signal', (a) => a.connected && a.lastError === null, 10_000)
    await daemon.recorder.waitFor((c) => c.method === 'send' && c.body.message === 'echo: while you were away')
    // The reconnect named the last event it had seen, so nothing was replayed twice.
    expect(daemon.connects.at(-1)).toMatch(/^a\d+$/)
    // A restarted signal-cli does not know that id and sends every kept event again.
    daemon.stop()
    daemon.forgetEventIds()
    daemon.start(port)
    daemon.pushText('after restart')
    await daemon.recorder.waitFor((c) => c.method === 'send' && c.body.message === 'echo: after restart', 10_000)
    expect(messagesSeen(gw)).toEqual(['before', 'while you were away', 'after restart'])
  })
})
