/**
 * A message kept before a restart is answered once, even when its provider delivers it again while its
 * recovered turn runs and the account then reconnects (the reconnect's retry pass must still know the
 * turn is running). WhatsApp through the stand-in socket, the real agent runtime and a fake model.
 */
import { afterEach, expect, test } from 'bun:test'
import { rmSync } from 'node:fs'
import { resolveWhatsAppAccounts } from '../../src/channels/whatsapp/accounts.ts'
import { createWhatsAppAdapter } from '../../src/channels/whatsapp/adapter.ts'
import { messagesSeen, startChannelGateway, startFakeModelServer } from '../helpers/agent.ts'
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

const ADA = '15550002222@s.whatsapp.net'
const BOB = '15550003333@s.whatsapp.net'
const message = (jid: string, id: string, text: string) => ({ key: { remoteJid: jid, fromMe: false, id }, messageTimestamp: Math.floor(Date.now() / 1000), message: { conversation: text } })

test('a recovered message delivered again during its turn, then a reconnect: answered once', async () => {
  const stateDir = tempStateDir()
  cleanups.push(() => rmSync(stateDir, { recursive: true, force: true }))
  const whatsapp = { dmPolicy: 'open' as const, allowFrom: ['*'] }
  // A session per sender, so another sender's turn does not wait behind the held one.
  const config = { session: { dmScope: 'per-peer' as const } }
  seedLinkedSession(resolveWhatsAppAccounts({ whatsapp }, {}, stateDir)[0]!.settings.authDir)

  // The gateway stops during the turn: the message stays kept, unanswered.
  const firstModel = startFakeModelServer('openai', { echo: true })
  cleanups.push(() => firstModel.stop())
  const before = standInFactory()
  const first = await startChannelGateway({ whatsapp }, { stateDir, persistent: true, config, fake: firstModel, channelFactories: { whatsapp: (a) => createWhatsAppAdapter(a, { socketFactory: before }) } })
  await until(() => before.sockets.length === 1, 'a socket', 15_000)
  before.last().open()
  firstModel.script({ kind: 'hang' })
  before.last().upsert(message(ADA, 'IN-1', 'are you there?'))
  await until(() => firstModel.requests.length === 1, 'the turn to reach the model', 15_000)
  await first.stop()

  // After the restart its recovered turn runs, held by the model.
  const factory = standInFactory()
  const gw = await startChannelGateway({ whatsapp }, { stateDir, persistent: true, config, channelFactories: { whatsapp: (a) => createWhatsAppAdapter(a, { socketFactory: factory }) } })
  cleanups.push(() => gw.stop())
  const client = await TestClient.connect(gw.url, { token: gw.token })
  cleanups.push(() => client.close())
  let release!: () => void
  gw.fake.script({ kind: 'text', chunks: ['yes'], after: new Promise<void>((resolve) => (release = resolve)) })
  await until(() => factory.sockets.length === 1, 'a socket', 15_000)
  factory.last().open()
  await until(() => gw.fake.requests.length === 1, 'the recovered turn to reach the model', 15_000)

  // WhatsApp delivers it again (already kept: nothing to do), and a message from someone else after it.
  factory.last().upsert(message(ADA, 'IN-1', 'are you there?'), message(BOB, 'IN-2', 'hello'))
  await until(() => factory.last().sent.some((s) => s.content.text === 'echo: hello'), 'the other chat answered', 15_000)
  // The connection drops and comes back while the recovered turn still runs: its retry pass skips it.
  factory.last().close(428)
  await until(() => factory.sockets.length === 2, 'the new socket', 15_000)
  factory.last().open()
  await waitForAccount(client, 'whatsapp', (a) => a.connected)
  release()
  await until(() => factory.last().sent.some((s) => s.content.text === 'yes'), 'the recovered answer', 15_000)
  // A later message in the same chat waits behind anything queued for it there: once it is answered, nothing else is due.
  factory.last().upsert(message(ADA, 'IN-3', 'thanks'))
  await until(() => factory.last().sent.some((s) => s.content.text === 'echo: thanks'), 'the last answer', 15_000)
  expect(factory.sockets.flatMap((s) => s.sent).filter((s) => s.jid === ADA).map((s) => s.content.text)).toEqual(['yes', 'echo: thanks'])
  expect(messagesSeen(gw).filter((m) => m === 'are you there?')).toHaveLength(1)
})
