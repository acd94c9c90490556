/**
 * A message is never lost because the agent or the account was not there for it. One arriving while
 * the gateway stops (the agent is gone), or whose turn the stop cut short, is kept and answered in full
 * after the restart; a reply due while its account restarts for a config edit goes through the new
 * connection. Real Telegram (grammY against the fake Bot API) and WhatsApp (stand-in socket) adapters,
 * the real agent runtime and a fake model.
 */
import { afterEach, expect, test } from 'bun:test'
import { rmSync } from 'node:fs'
import { resolveWhatsAppAccounts } from '../../src/channels/whatsapp/accounts.ts'
import { createWhatsAppAdapter } from '../../src/channels/whatsapp/adapter.ts'
import { FakeTelegram } from '../fakes/telegram-bot-api.ts'
import { agentConfig, messagesSeen, startChannelGateway, startFakeModelServer, type ChannelGateway } from '../helpers/agent.ts'
import { waitForAccount } from '../helpers/channel-status.ts'
import { TestClient } from '../helpers/client.ts'
import { tempStateDir } from '../helpers/gateway.ts'
import { seedLinkedSession } from './whatsapp/linked-session.ts'
import { standInFactory } from './whatsapp/stand-in-socket.ts'
import { until } from '../helpers/until.ts'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean()
})

test('the gateway stops during a turn and while a message arrives: after the restart both are answered in full, once', async () => {
  const tg = new FakeTelegram().start()
  const stateDir = tempStateDir()
  cleanups.push(() => tg.stop(), () => rmSync(stateDir, { recursive: true, force: true }))
  const telegram = { botToken: '123:TEST', apiRoot: tg.url, dmPolicy: 'open' as const, allowFrom: ['*'] }
  const first = startFakeModelServer('openai', { echo: true })
  cleanups.push(() => first.stop())
  const gw = await startChannelGateway({ telegram }, { stateDir, persistent: true, fake: first })
  first.script({ kind: 'hang' })
  tg.pushText('what is the plan?')
  await until(() => first.requests.length === 1, 'the turn to reach the model')

  // The stop aborts the turn in flight; a message sent as it stops finds no agent.
  const stopping = gw.stop()
  tg.pushText('and the budget?', { fromId: 77 })
  await stopping
  expect(tg.sent()).toEqual([])

  const second = startFakeModelServer('openai', { echo: true })
  cleanups.push(() => second.stop())
  const again: ChannelGateway = await startChannelGateway({ telegram }, { stateDir, persistent: true, fake: second })
  cleanups.push(() => again.stop())
  await until(() => tg.sent().length === 2, 'both answers')
  expect(tg.sent().sort()).toEqual(['echo: and the budget?', 'echo: what is the plan?'])
  expect(messagesSeen(again).sort()).toEqual(['and the budget?', 'what is the plan?'])
})

test('the gateway stops while a turn runs and another waits behind it in the same session: after the restart both are answered, once', async () => {
  const tg = new FakeTelegram().start()
  const stateDir = tempStateDir()
  cleanups.push(() => tg.stop(), () => rmSync(stateDir, { recursive: true, force: true }))
  const telegram = { botToken: '123:TEST', apiRoot: tg.url, dmPolicy: 'open' as const, allowFrom: ['*'] }
  const first = startFakeModelServer('openai', { echo: true })
  cleanups.push(() => first.stop())
  const gw = await startChannelGateway({ telegram }, { stateDir, persistent: true, fake: first })
  first.script({ kind: 'hang' })
  tg.pushText('what is the plan?')
  await until(() => first.requests.length === 1, 'the turn to reach the model')
  // The second is kept and confirmed, then queued behind the first (one session for every DM).
  await tg.handled(tg.pushText('and the budget?', { fromId: 77 }))
  // The stop aborts the first turn; the second must not start on the stopped agent.
  await gw.stop()
  expect(first.requests).toHaveLength(1)
  expect(tg.sent()).toEqual([])

  const second = startFakeModelServer('openai', { echo: true })
  cleanups.push(() => second.stop())
  const again: ChannelGateway = await startChannelGateway({ telegram }, { stateDir, persistent: true, fake: second })
  cleanups.push(() => again.stop())
  await until(() => tg.sent().length === 2, 'both answers')
  expect(tg.sent().sort()).toEqual(['echo: and the budget?', 'echo: what is the plan?'])
  expect(messagesSeen(again).sort()).toEqual(['and the budget?', 'what is the plan?'])
})

test('a WhatsApp account restarted by a config edit while a turn runs: the answer waits for the new connection and goes out on it', async () => {
  const stateDir = tempStateDir()
  cleanups.push(() => rmSync(stateDir, { recursive: true, force: true }))
  const whatsapp = { dmPolicy: 'open' as const, allowFrom: ['*'] }
  seedLinkedSession(resolveWhatsAppAccounts({ whatsapp }, {}, stateDir)[0]!.settings.authDir)
  const factory = standInFactory()
  const gw = await startChannelGateway({ whatsapp }, { stateDir, channelFactories: { whatsapp: (a) => createWhatsAppAdapter(a, { socketFactory: factory }) } })
  cleanups.push(() => gw.stop())
  await until(() => factory.sockets.length === 1, 'a socket')
  factory.last().open()
  const client = await TestClient.connect(gw.url, { token: gw.token })
  cleanups.push(() => client.close())

  let release!: () => void
  gw.fake.script({ kind: 'text', chunks: ['on my way'], after: new Promise<void>((resolve) => (release = resolve)) })
  factory.last().upsert({ key: { remoteJid: '15550002222@s.whatsapp.net', fromMe: false, id: 'IN-1' }, messageTimestamp: Math.floor(Date.now() / 1000), message: { conversation: 'are you there?' } })
  await until(() => gw.fake.requests.length === 1, 'the turn to reach the model')
  // A connection setting changes: the account stops and starts again while the model is still answering.
  const config = agentConfig(gw.fake, 'openai', { channels: { whatsapp: { ...whatsapp, mediaMaxMb: 10 } } })
  await client.call('config.set', { raw: JSON.stringify(config) })
  await until(() => factory.sockets.length === 2, 'the new socket')
  // The answer is due before the new connection is open: it waits, and is asked again once it is.
  release()
  await client.waitFor((f) => f.event === 'chat' && f.payload.state === 'final')
  factory.last().open()
  await until(() => factory.last().sent.length === 1, 'the reply on the new connection')
  expect(factory.last().sent[0]!.content).toEqual({ text: 'echo: are you there?' })
  expect(factory.sockets[0]!.sent).toEqual([])
  expect(messagesSeen(gw)).toEqual(['are you there?', 'are you there?'])
})

test('the account drops after part of a reply went out (a block reply): the turn is not run again, so nothing is sent twice', async () => {
  const stateDir = tempStateDir()
  cleanups.push(() => rmSync(stateDir, { recursive: true, force: true }))
  const whatsapp = { dmPolicy: 'open' as const, allowFrom: ['*'], streaming: { block: { enabled: true, coalesce: { minChars: 10, idleMs: 0 } } } }
  seedLinkedSession(resolveWhatsAppAccounts({ whatsapp }, {}, stateDir)[0]!.settings.authDir)
  const factory = standInFactory()
  const gw = await startChannelGateway({ whatsapp }, { stateDir, channelFactories: { whatsapp: (a) => createWhatsAppAdapter(a, { socketFactory: factory }) } })
  cleanups.push(() => gw.stop())
  await until(() => factory.sockets.length === 1, 'a socket')
  factory.last().open()
  const client = await TestClient.connect(gw.url, { token: gw.token })
  cleanups.push(() => client.close())

  let release!: () => void
  const held = new Promise<void>((resolve) => (release = resolve))
  gw.fake.script({ kind: 'tool', name: 'lookup_weather', args: { city: 'Oslo' }, text: 'Checking the weather first.\n\n' }, { kind: 'text', chunks: ['It is ', 'cold.'], after: held })
  const ada = '15550002222@s.whatsapp.net'
  const upsert = (id: string, text: string) => factory.last().upsert({ key: { remoteJid: ada, fromMe: false, id }, messageTimestamp: Math.floor(Date.now() / 1000), message: { conversation: text } })
  upsert('IN-1', 'weather?')
  await until(() => factory.last().sent.length === 1, 'the first block')
  // The connection drops before the rest is due; the answer ends while the account is down.
  factory.last().close(428)
  await until(() => factory.sockets.length === 2, 'the new socket')
  release()
  await client.waitFor((f) => f.event === 'chat' && f.payload.state === 'final')
  factory.last().open()
  await waitForAccount(client, 'whatsapp', (a) => a.connected)
  // A later message of the same session waits behind anything queued there: once it is answered, nothing else is due.
  upsert('IN-2', 'next')
  await until(() => factory.last().sent.some((s) => s.content.text === 'echo: next'), 'the next answer')
  expect(factory.sockets.flatMap((s) => s.sent).map((s) => s.content.text)).toEqual(['Checking the weather first.', 'echo: next'])
})
