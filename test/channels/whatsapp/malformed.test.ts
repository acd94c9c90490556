/**
 * Malformed stanzas from WhatsApp Web (the real Baileys client against the fake endpoint) are contained
 * at the account's boundary: the gateway stays up, the account recovers, and the next good message is
 * answered by the real agent.
 */
import { afterEach, beforeEach, expect, test } from 'bun:test'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { createWhatsAppAdapter } from '../../../src/channels/whatsapp/adapter.ts'
import { createAuthStore } from '../../../src/channels/whatsapp/auth-store.ts'
import { createBaileysSocket } from '../../../src/channels/whatsapp/socket.ts'
import { FakePeer } from '../../fakes/whatsapp-peer.ts'
import { FakeWhatsAppWeb, trustFakeRoot } from '../../fakes/whatsapp-web.ts'
import { waitForAccount } from '../../helpers/channel-status.ts'
import { startChannelAgentGateway, type ChannelAgentGateway } from '../../helpers/agent.ts'
import { tempStateDir } from '../../helpers/gateway.ts'
import { encIn, findEnc, servePeer } from './serve-peer.ts'

const SELF = { user: '15550001111', device: 7 }
let fake: FakeWhatsAppWeb
let env: ChannelAgentGateway
let stateDir: string

beforeEach(async () => {
  trustFakeRoot()
  fake = new FakeWhatsAppWeb().start()
  stateDir = tempStateDir()
  const { state, saveCreds } = createAuthStore(join(stateDir, 'credentials', 'whatsapp', 'default')).load()
  state.creds.me = { id: `${SELF.user}:${SELF.device}@s.whatsapp.net` }
  saveCreds()
  env = await startChannelAgentGateway({ whatsapp: { dmPolicy: 'open', allowFrom: ['*'] } } as never, {
    stateDir,
    channelFactories: { whatsapp: (account: unknown) => createWhatsAppAdapter(account as never, { socketFactory: (o) => createBaileysSocket(o, { waWebSocketUrl: fake.url }) }) },
  })
  await waitForAccount(env.client, 'whatsapp', (a) => a.connected, 10_000)
})
afterEach(async () => {
  await env.stop()
  fake.stop()
  rmSync(stateDir, { recursive: true, force: true })
})

test('null, mistyped, unknown and undecodable stanzas are contained; the next message gets the agent\'s reply', async () => {
  const peer = new FakePeer('15550002222@s.whatsapp.net')
  servePeer(fake, peer)
  // An outbound message opens the Signal session the peer answers over.
  const opened = await env.client.call('send', { channel: 'whatsapp', to: '+15550002222', message: 'hello', idempotencyKey: 'wa-open' })
  const first = await fake.waitFor((n) => n.tag === 'message' && n.attrs.id === opened.messageId)
  await peer.decrypt(SELF, findEnc(first))
  const now = String(Math.floor(Date.now() / 1000))

  fake.push({ tag: 'message', attrs: {} })
  fake.push({ tag: 'message', attrs: { id: 'BAD1', from: 'not-a-jid', t: 'soon' }, content: [{ tag: 'enc', attrs: { v: '2', type: 'msg' }, content: Buffer.from('garbage') }] })
  fake.push({ tag: 'message', attrs: { id: 'BAD2', from: peer.jid, type: 'text', t: now }, content: [{ tag: 'enc', attrs: { v: '2', type: 'pkmsg' }, content: Buffer.alloc(3 * 1024 * 1024, 7) }] })
  fake.push({ tag: 'receipt', attrs: {} })
  fake.push({ tag: 'notification', attrs: { type: 'a-brand-new-kind' } })
  fake.push({ tag: 'a_brand_new_tag', attrs: { x: '1' }, content: 'text where nodes are expected' })
  // A frame Baileys cannot even decompress is a fault of the session: the account reconnects.
  fake.pushSealedBytes(new Uint8Array([0xff, 0xfe, 0x00, 0x13]))
  const faulted = await waitForAccount(env.client, 'whatsapp', (a) => a.faults >= 1, 10_000)
  expect(faulted.lastFault).toContain('WhatsApp frame handling')
  for (let i = 0; i < 500 && fake.logins.length < 2; i++) await Bun.sleep(20)
  expect(fake.logins).toHaveLength(2)
  await waitForAccount(env.client, 'whatsapp', (a) => a.connected, 10_000)

  fake.push({
    tag: 'message',
    attrs: { id: 'PEER0001', from: peer.jid, type: 'text', t: now, notify: 'Peer' },
    content: [await peer.encrypt(SELF, { conversation: 'are you still there?' })],
  })
  const reply = await fake.waitFor((n) => n.tag === 'message' && n.attrs.id !== opened.messageId && encIn(n) !== undefined, 20_000)
  const answer = await peer.decrypt(SELF, findEnc(reply))
  expect(answer.conversation ?? answer.extendedTextMessage?.text).toBe('pong')
  expect(env.model.requests.some((r) => r.body.messages.at(-1).content === 'are you still there?')).toBe(true)
  expect(await waitForAccount(env.client, 'whatsapp', (a) => a.connected, 10_000)).toMatchObject({ running: true })
}, 40_000)
