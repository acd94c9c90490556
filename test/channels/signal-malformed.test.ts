/**
 * Malformed daemon events are contained at the Signal account's boundary: the gateway stays up, the
 * account recovers, and the next good message is answered by the real agent.
 */
import { afterEach, beforeEach, expect, test } from 'bun:test'
import { FakeSignalDaemon, SIGNAL_BOT, SIGNAL_BOT_UUID } from '../fakes/signal-daemon.ts'
import { waitForAccount } from '../helpers/channel-status.ts'
import { startChannelAgentGateway, type ChannelAgentGateway } from '../helpers/agent.ts'

let daemon: FakeSignalDaemon
let env: ChannelAgentGateway

beforeEach(async () => {
  daemon = new FakeSignalDaemon().start()
  env = await startChannelAgentGateway({
    signal: { account: SIGNAL_BOT, accountUuid: SIGNAL_BOT_UUID, transport: { kind: 'external-native', url: daemon.url }, dmPolicy: 'open', allowFrom: ['*'] },
  } as never)
  await waitForAccount(env.client, 'signal', (a) => a.connected)
})
afterEach(async () => {
  await env.stop()
  daemon.stop()
})

test('null, mistyped, unknown and non-JSON events are dropped; the next message gets the agent\'s reply', async () => {
  daemon.pushRaw('null')
  daemon.pushRaw('not json at all')
  daemon.pushRaw(JSON.stringify({ envelope: null, account: SIGNAL_BOT }))
  daemon.pushRaw(JSON.stringify({ envelope: { source: 5, sourceNumber: { x: 1 }, timestamp: 'soon', dataMessage: { message: ['a'], mentions: 'all', attachments: [null] } } }))
  daemon.pushRaw(JSON.stringify({ envelope: { source: '+15550001111', timestamp: 1, dataMessage: { message: 'hi', mentions: [null], quote: null, groupInfo: { groupId: 7 } } } }))
  daemon.pushRaw(JSON.stringify({ envelope: { source: '+15550001111', timestamp: 2, brandNewMessageKind: { x: 1 } } }))
  daemon.pushRaw(JSON.stringify({ something: 'else' }), 'unknown-event-type')
  daemon.pushText('z'.repeat(512 * 1024), { from: '+15550002222' })
  daemon.pushText('are you still there?')
  const reply = await daemon.recorder.waitFor((c) => c.method === 'send' && c.body.recipient?.[0] === '+15557654321', 10_000)
  expect(reply.body.message).toBe('pong')
  expect(env.model.requests.some((r) => r.body.messages.at(-1).content === 'are you still there?')).toBe(true)
  expect(await waitForAccount(env.client, 'signal', (a) => a.faults >= 1)).toMatchObject({ connected: true, running: true })
}, 20_000)
