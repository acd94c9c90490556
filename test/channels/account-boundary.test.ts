/**
 * The account boundary: a throw that escapes an SDK's own callback (here, a timer the stand-in SDK set
 * during `start`) is pinned to its account by the scope, counted, and the account restarts with
 * backoff; the next inbound message is answered by the real agent.
 */
import { afterEach, expect, test } from 'bun:test'
import type { ChannelAdapter, ChannelSink } from '../../src/channels/types.ts'
import { inboundText } from '../helpers/inbound.ts'
import { recordEscape } from '../../src/gateway/escape-guard.ts'
import { waitForAccount } from '../helpers/channel-status.ts'
import { startChannelAgentGateway, type ChannelAgentGateway } from '../helpers/agent.ts'

let env: ChannelAgentGateway | undefined
afterEach(async () => env?.stop())

test('an SDK escape restarts only its account, with backoff, and shows in channels.status', async () => {
  const sent: string[] = []
  let runs = 0
  let sink: ChannelSink | undefined
  const adapter: ChannelAdapter = {
    provider: 'telegram', accountId: 'default', textLimit: 4096, perChatIntervalMs: 0,
    async start(s, signal) {
      sink = s
      runs++
      s.connected()
      // The process-level handler sees this throw from the SDK's timer and calls recordEscape with it.
      if (runs === 1) setTimeout(() => recordEscape(new Error('sdk blew up in a timer'), 'uncaughtException'), 5)
      await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }))
    },
    async send(out) {
      sent.push(out.text)
      return { id: String(sent.length), chatId: out.to }
    },
    async stop() {},
  }
  env = await startChannelAgentGateway({ telegram: { botToken: '1:T', dmPolicy: 'open', allowFrom: ['*'] } } as never, { channelFactories: { telegram: () => adapter } })
  const faulted = await waitForAccount(env.client, 'telegram', (a) => a.faults === 1)
  expect(faulted.lastFault).toBe('uncaughtException: sdk blew up in a timer')
  const back = await waitForAccount(env.client, 'telegram', (a) => a.connected && runs === 2)
  expect(back).toMatchObject({ running: true, lastError: null, faults: 1 })
  const health = await env.client.call('health', {})
  expect(health.escapes.last).toMatchObject({ origin: 'channel telegram:default', message: 'sdk blew up in a timer' })

  sink!.message(inboundText('are you back?'))
  for (let i = 0; i < 200 && sent.length === 0; i++) await Bun.sleep(20)
  expect(sent).toEqual(['pong'])
})

test('an account that faults again right after reconnecting backs off further instead of restarting at the minimum delay', async () => {
  let runs = 0
  const adapter: ChannelAdapter = {
    provider: 'telegram', accountId: 'default', textLimit: 4096, perChatIntervalMs: 0,
    async start(s, signal) {
      runs++
      s.connected()
      if (runs <= 2) setTimeout(() => recordEscape(new Error(`sdk blew up, run ${runs}`), 'uncaughtException'), 5)
      await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }))
    },
    async send(out) {
      return { id: '1', chatId: out.to }
    },
    async stop() {},
  }
  env = await startChannelAgentGateway({ telegram: { botToken: '1:T', dmPolicy: 'open', allowFrom: ['*'] } } as never, { channelFactories: { telegram: () => adapter } })
  // The second fault comes one connection after the first: its retry is attempt 2, not attempt 1 again.
  const second = await waitForAccount(env.client, 'telegram', (a) => a.faults === 2 && a.reconnectAttempts > 0, 10_000)
  expect(second.reconnectAttempts).toBe(2)
  expect(await waitForAccount(env.client, 'telegram', (a) => a.connected && runs === 3, 10_000)).toMatchObject({ faults: 2, lastError: null })
})
