import { afterEach, beforeAll, beforeEach, describe, expect, test } from 'bun:test'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import type { ChannelsConfig } from '../../src/config/channels-schema.ts'
import { gatewayLogs } from '../../src/log.ts'
import { FakeImsg, IMSG_ENV } from '../fakes/imsg.ts'
import { waitForAccount } from '../helpers/channel-status.ts'
import { TestClient } from '../helpers/client.ts'
import { messagesSeen, sessionKeys, startChannelGateway, systemPromptOf, type ChannelGateway } from '../helpers/agent.ts'
import { isAlive, putBunOnPath } from '../helpers/exec-path.ts'
import { tempStateDir } from '../helpers/gateway.ts'
import { groupContext } from '../helpers/inbound.ts'

const FAKE_IMSG = join(import.meta.dir, '..', 'fakes', 'fake-imsg.ts')
const ADA = '+15557654321'
/** One stage of the flood test (8 MiB read and refused, a child killed, backoff, a new Bun child) on a busy machine. */
const FLOOD_STAGE_MS = 20_000
let imsg: FakeImsg
let gw: ChannelGateway | undefined
let client: TestClient

async function boot(imessage: Partial<NonNullable<ChannelsConfig['imessage']>>) {
  gw = await startChannelGateway({ imessage: { cliPath: FAKE_IMSG, ...imessage } })
  client = await TestClient.connect(gw.url, { token: gw.token })
  await imsg.waitForSubscribed(1)
  await waitForAccount(client, 'imessage', (a) => a.connected)
}

beforeAll(putBunOnPath)
beforeEach(() => {
  imsg = new FakeImsg().start()
  process.env[IMSG_ENV] = imsg.controlUrl
})
afterEach(async () => {
  client?.close()
  await gw?.stop()
  gw = undefined
  delete process.env[IMSG_ENV]
  imsg.stop()
})

describe('imessage through a fake `imsg rpc` child', () => {
  test('a DM reaches the agent and the reply is sent to the same chat', async () => {
    await boot({ dbPath: '/tmp/chat.db', dmPolicy: 'allowlist', allowFrom: [ADA] })
    expect(imsg.child!.argv).toEqual(['rpc', '--db', '/tmp/chat.db'])
    expect(imsg.recorder.calls.map((c) => c.method)).toEqual(['chats.list', 'watch.subscribe'])
    expect(imsg.recorder.of('watch.subscribe')[0]!.body).toEqual({ attachments: false })
    imsg.pushMessage({ text: 'hello imessage' })
    const sent = await imsg.recorder.waitFor((c) => c.method === 'send')
    expect(sent.body).toEqual({ chat_id: 7, text: 'echo: hello imessage' })
    expect(sessionKeys(gw!)).toEqual(['agent:main:main'])
    expect(systemPromptOf(gw!.fake.requests[0]!)).toContain('This conversation is on imessage')
    expect(await waitForAccount(client, 'imessage', (a) => a.lastOutboundAt !== null)).toMatchObject({ configured: true, running: true, connected: true, lastError: null })
  })

  test('groups: an open group answers everything, a mention-gated one only replies to our messages; our own messages are ignored', async () => {
    await boot({ dmPolicy: 'open', allowFrom: ['*'], groups: { '9': { requireMention: false }, '*': { requireMention: true } } })
    imsg.pushMessage({ chat_id: 10, is_group: true, text: 'chatter', sender: '+15550001' })
    imsg.pushMessage({ chat_id: 10, is_group: true, text: 'mine', is_from_me: true, sender: '' })
    // A multi-person thread reported as is_group false is still a group when configured as one.
    imsg.pushMessage({ chat_id: 9, is_group: false, text: 'team thread', sender: '+15550002' })
    await imsg.recorder.waitFor((c) => c.method === 'send')
    const { messageId } = await client.call('send', { channel: 'imessage', to: 'chat_id:10', message: 'hi group', idempotencyKey: 'g1' })
    imsg.pushMessage({ chat_id: 10, is_group: true, text: 'answering you', sender: '+15550001', reply_to_guid: messageId })
    // The unmentioned message reached the model as context for the reply to us (historyLimit).
    const answer = `echo: ${groupContext(['+15550001: chatter'], '+15550001: answering you')}`
    await imsg.recorder.waitFor((c) => c.method === 'send' && c.body.text === answer)
    expect(imsg.sent().map((b) => [b.chat_id, b.text])).toEqual([[9, 'echo: team thread'], [10, 'hi group'], [10, answer]])
    expect(sessionKeys(gw!)).toEqual(['agent:main:imessage:group:9', 'agent:main:imessage:group:10'])
  })

  test('a stranger gets a pairing code and is not processed until approved', async () => {
    await boot({ dmPolicy: 'pairing' })
    imsg.pushMessage({ text: 'who is this?', sender: '+15551112222', chat_id: 12 })
    const codeMsg = await imsg.recorder.waitFor((c) => c.method === 'send')
    expect(codeMsg.body.chat_id).toBe(12)
    const code = codeMsg.body.text.match(/Pairing code: ([A-Z2-9]{8})/)?.[1]
    expect(code).toBeDefined()
    imsg.pushMessage({ text: 'hello??', sender: '+15551112222', chat_id: 12 })
    // The child's lines are read in order: once a second stranger has its code, the message before it was held.
    imsg.pushMessage({ text: 'me too', sender: '+15553334444', chat_id: 13 })
    await imsg.recorder.waitFor((c) => c.method === 'send' && c.body.chat_id === 13)
    expect(gw!.fake.requests).toEqual([])
    expect(imsg.sent()).toHaveLength(2)
    expect(await client.call('pairing.approve', { channel: 'imessage', code })).toMatchObject({ senderId: '+15551112222' })
    imsg.pushMessage({ text: 'now?', sender: '+15551112222', chat_id: 12 })
    await imsg.recorder.waitFor((c) => c.method === 'send' && c.body.text === 'echo: now?')
    expect(messagesSeen(gw!)).toEqual(['now?'])
  })

  test('malformed output from the child is skipped and the next message is still answered', async () => {
    await boot({ dmPolicy: 'open', allowFrom: ['*'] })
    imsg.pushRaw('not json at all')
    imsg.pushRaw('[1,2,3]')
    imsg.pushRaw('null')
    imsg.pushRaw(JSON.stringify({ jsonrpc: '2.0', id: 999, result: {} }))
    imsg.pushRaw(JSON.stringify({ jsonrpc: '2.0', method: 'message', params: null }))
    imsg.pushRaw(JSON.stringify({ jsonrpc: '2.0', method: 'message', params: { message: { text: 'no chat', sender: ADA } } }))
    imsg.pushRaw(JSON.stringify({ jsonrpc: '2.0', method: 'something.new', params: {} }))
    imsg.pushMessage({ text: 'tapback', is_reaction: true, reaction_type: 'love' })
    imsg.pushMessage({ text: 'still alive?' })
    await imsg.recorder.waitFor((c) => c.method === 'send')
    expect(messagesSeen(gw!)).toEqual(['still alive?'])
  })

  test('the child dies: status shows why, it is restarted, and messages from meanwhile are replayed once', async () => {
    await boot({ dmPolicy: 'open', allowFrom: ['*'] })
    imsg.pushMessage({ text: 'first' })
    await imsg.recorder.waitFor((c) => c.method === 'send')
    const firstPid = imsg.child!.pid!
    imsg.crash(5, 'permission denied: Full Disk Access')
    const down = await waitForAccount(client, 'imessage', (a) => !a.connected && a.lastError)
    expect(down).toMatchObject({ running: true, lastError: expect.stringMatching(/code 5: permission denied/) })
    imsg.pushMessage({ text: 'while down' })
    await imsg.waitForSubscribed(2)
    await waitForAccount(client, 'imessage', (a) => a.connected && a.lastError === null)
    expect(isAlive(firstPid)).toBe(false)
    // The new subscription starts after the last row seen, so only the missed message comes again.
    expect(imsg.recorder.of('watch.subscribe')[1]!.body).toEqual({ attachments: false, since_rowid: 100 })
    await imsg.recorder.waitFor((c) => c.method === 'send' && c.body.text === 'echo: while down')
    expect(messagesSeen(gw!)).toEqual(['first', 'while down'])
  })

  test('the gateway restarts: the new subscription starts after the last row kept, so what arrived meanwhile is answered once, nothing twice, and old backlog not at all', async () => {
    const stateDir = tempStateDir()
    try {
      gw = await startChannelGateway({ imessage: { cliPath: FAKE_IMSG, dmPolicy: 'open', allowFrom: ['*'] } }, { stateDir, persistent: true })
      await imsg.waitForSubscribed(1)
      const before = imsg.pushMessage({ text: 'before the restart' })
      await imsg.recorder.waitFor((c) => c.method === 'send' && c.body.text === 'echo: before the restart')
      await gw.stop()
      imsg.pushMessage({ text: 'an old backlog row', created_at: new Date(Date.now() - 3 * 3600_000).toISOString() })
      imsg.pushMessage({ text: 'while the gateway was down' })

      const logCursor = gatewayLogs.tail({ limit: 1, maxBytes: 1 }).cursor
      gw = await startChannelGateway({ imessage: { cliPath: FAKE_IMSG, dmPolicy: 'open', allowFrom: ['*'] } }, { stateDir, persistent: true })
      await imsg.waitForSubscribed(2)
      expect(imsg.recorder.of('watch.subscribe')[1]!.body).toEqual({ attachments: false, since_rowid: before })
      await imsg.recorder.waitFor((c) => c.method === 'send' && c.body.text === 'echo: while the gateway was down')
      expect(messagesSeen(gw)).toEqual(['while the gateway was down'])
      // The suppressed backlog shows in the log at the default level, counted since the start.
      const skipped = gatewayLogs.tail({ cursor: logCursor, limit: 5000, maxBytes: 1e6 }).lines.filter((l) => l.includes('is old backlog'))
      expect(skipped.map((l) => JSON.parse(l))).toEqual([expect.objectContaining({ level: 'info', message: expect.stringMatching(/is old backlog; not answered \(1 since start\)$/) })])
    } finally {
      await gw?.stop()
      gw = undefined
      rmSync(stateDir, { recursive: true, force: true })
    }
  })

  test('an endless stdout line is cut at its bound: the child is stopped, restarted, and the account recovers', async () => {
    await boot({ dmPolicy: 'open', allowFrom: ['*'] })
    const firstPid = imsg.child!.pid!
    imsg.floodStdout()
    const down = await waitForAccount(client, 'imessage', (a) => !a.connected && a.lastError, FLOOD_STAGE_MS)
    expect(down.lastError).toMatch(/fake-imsg.ts wrote \d+ characters without ending a line/)
    await imsg.waitForSubscribed(2, FLOOD_STAGE_MS)
    await waitForAccount(client, 'imessage', (a) => a.connected && a.lastError === null, FLOOD_STAGE_MS)
    // Killed with SIGKILL: gone once the kernel has reaped it, which a busy machine may take a moment to do.
    for (const deadline = Date.now() + FLOOD_STAGE_MS; isAlive(firstPid) && Date.now() < deadline;) await Bun.sleep(20)
    expect(isAlive(firstPid)).toBe(false)
    imsg.pushMessage({ text: 'after the flood' })
    await imsg.recorder.waitFor((c) => c.method === 'send' && c.body.text === 'echo: after the flood', FLOOD_STAGE_MS)
  }, 5 * FLOOD_STAGE_MS)

  test('send: handles and chat targets; refusals and a stopped channel are typed errors', async () => {
    await boot({ dmPolicy: 'open', allowFrom: ['*'], service: 'imessage', region: 'DE' })
    const res = await client.call('send', { channel: 'imessage', to: '+15550009999', message: 'direct', idempotencyKey: 'i1' })
    expect(res).toMatchObject({ channel: 'imessage', chatId: '+15550009999', messageId: 'out-1' })
    await client.call('send', { channel: 'imessage', to: 'sms:+15550008888', message: 'by sms', idempotencyKey: 'i2' })
    await client.call('send', { channel: 'imessage', to: 'chat_guid:iMessage;+;chat123', message: 'guid', idempotencyKey: 'i3' })
    expect(imsg.sent()).toEqual([
      { to: '+15550009999', text: 'direct', service: 'imessage', region: 'DE' },
      { to: '+15550008888', service: 'sms', text: 'by sms', region: 'DE' },
      { chat_guid: 'iMessage;+;chat123', text: 'guid' },
    ])
    const bad = await client.request('send', { channel: 'imessage', to: 'Ada Lovelace', message: 'x', idempotencyKey: 'i4' })
    expect(bad.error.details).toMatchObject({ code: 'INVALID_TARGET' })
    imsg.failNext('send', { code: -32603, message: 'Internal error', data: 'AppleEvents -1743' })
    const refused = await client.request('send', { channel: 'imessage', to: 'chat_id:3', message: 'x', idempotencyKey: 'i5' })
    expect(refused.error.details).toEqual({ code: 'CHANNEL_FAILED', provider: 'imessage', op: 'rpc', reason: 'AppleEvents -1743' })

    const pid = imsg.child!.pid!
    await client.call('channels.stop', { channel: 'imessage' })
    expect(isAlive(pid)).toBe(false)
    const stopped = await client.request('send', { channel: 'imessage', to: 'chat_id:3', message: 'x', idempotencyKey: 'i6' })
    expect(stopped.error).toMatchObject({ code: 'UNAVAILABLE', details: { code: 'CHANNEL_FAILED', provider: 'imessage' } })
  })

  test('an imsg that cannot be started is reported and retried', async () => {
    gw = await startChannelGateway({ imessage: { cliPath: '/nonexistent/imsg' } })
    client = await TestClient.connect(gw.url, { token: gw.token })
    const account = await waitForAccount(client, 'imessage', (a) => a.lastError !== null)
    expect(account).toMatchObject({ configured: true, running: true, connected: false, lastError: expect.stringContaining('/nonexistent/imsg') })
  })

  test.skipIf(process.platform === 'darwin')('off macOS, the default imsg is unavailable and says why', async () => {
    gw = await startChannelGateway({ imessage: { dmPolicy: 'pairing' } })
    client = await TestClient.connect(gw.url, { token: gw.token })
    const account = await waitForAccount(client, 'imessage', () => true)
    expect(account).toMatchObject({ configured: false, running: false, connected: false, lastError: expect.stringContaining('macOS') })
    const res = await client.request('send', { channel: 'imessage', to: 'chat_id:1', message: 'x', idempotencyKey: 'm1' })
    expect(res.error.details.code).toBe('CHANNEL_NOT_CONFIGURED')
    expect(imsg.spawned).toBe(0)
  })
})
