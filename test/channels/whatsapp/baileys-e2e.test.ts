/**
 * The real Baileys client against a fake WhatsApp Web endpoint on 127.0.0.1: Noise handshake,
 * certificate chain, login (`success`), then stanzas both ways, end to end through the gateway's
 * channel manager and the real agent runtime (with the fake model server).
 */
import { afterEach, beforeEach, expect, test } from 'bun:test'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ChannelSink, InboundMessage } from '../../../src/channels/types.ts'
import { resolveWhatsAppAccounts } from '../../../src/channels/whatsapp/accounts.ts'
import { createWhatsAppAdapter } from '../../../src/channels/whatsapp/adapter.ts'
import { createAuthStore } from '../../../src/channels/whatsapp/auth-store.ts'
import { createBaileysSocket } from '../../../src/channels/whatsapp/socket.ts'
import type { BinaryNode } from '@whiskeysockets/baileys'
import { waitForAccount } from '../../helpers/channel-status.ts'
import { startChannelAgentGateway, type ChannelAgentGateway } from '../../helpers/agent.ts'
import { FakePeer } from '../../fakes/whatsapp-peer.ts'
import { FakeWhatsAppWeb, trustFakeRoot } from '../../fakes/whatsapp-web.ts'
import { findEnc, servePeer } from './serve-peer.ts'
import { until } from '../../helpers/until.ts'

const SELF = '15550001111:7@s.whatsapp.net'
let dir: string
let fake: FakeWhatsAppWeb
let gateway: ChannelAgentGateway | undefined

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'oc-wa-e2e-'))
  trustFakeRoot()
  fake = new FakeWhatsAppWeb().start()
})
afterEach(async () => {
  await gateway?.stop()
  gateway = undefined
  fake.stop()
  rmSync(dir, { recursive: true, force: true })
})

function linkedAdapter() {
  const account = resolveWhatsAppAccounts({ whatsapp: { dmPolicy: 'open', allowFrom: ['*'] } }, {}, dir)[0]!
  const { state, saveCreds } = createAuthStore(account.settings.authDir).load()
  state.creds.me = { id: SELF }
  saveCreds()
  const adapter = createWhatsAppAdapter(account, { socketFactory: (o) => createBaileysSocket(o, { waWebSocketUrl: fake.url }) })
  const events: string[] = []
  const messages: InboundMessage[] = []
  const sink: ChannelSink = { message: async (m) => (messages.push(m), true), connected: () => events.push('connected'), disconnected: (r) => events.push(`down: ${r}`), fault: (_err, where) => events.push(`fault: ${where}`), dropped: (what) => events.push(`dropped: ${what}`), cursor: { read: () => undefined, save: () => {} } }
  return { adapter, account, sink, events, messages }
}

test('Noise handshake, certificate chain and login end in an open connection', async () => {
  const { adapter, sink, events } = linkedAdapter()
  const ac = new AbortController()
  const running = adapter.start(sink, ac.signal)
  await until(() => events.includes('connected'), 'the connection to open')
  // The client logged in as the linked device (not a new registration).
  expect(String(fake.logins[0]!.username)).toBe('15550001111')
  expect(fake.logins[0]).toMatchObject({ device: 7, passive: true })
  expect(adapter.statusDetails!()).toMatchObject({ linked: true, self: '+15550001111' })
  ac.abort()
  await running
})

test('logout asks WhatsApp to remove this linked device, then deletes the session', async () => {
  const { adapter, account, sink, events } = linkedAdapter()
  const ac = new AbortController()
  const running = adapter.start(sink, ac.signal)
  await until(() => events.includes('connected'), 'the connection to open')
  await adapter.logout!()
  const unlink = await fake.waitFor((n) => n.tag === 'iq' && Array.isArray(n.content) && (n.content as BinaryNode[])[0]?.tag === 'remove-companion-device')
  expect((unlink.content as BinaryNode[])[0]!.attrs).toEqual({ jid: SELF, reason: 'user_initiated' })
  await running
  expect(existsSync(account.settings.authDir)).toBe(false)
  expect(adapter.statusDetails!()).toEqual({ linked: false })
})

test('through the gateway: `send` reaches the peer encrypted; its answer goes to the real agent, whose reply the real client encrypts back', async () => {
  const peer = new FakePeer('15550002222@s.whatsapp.net')
  servePeer(fake, peer)
  const { state, saveCreds } = createAuthStore(join(dir, 'credentials', 'whatsapp', 'default')).load()
  state.creds.me = { id: SELF }
  saveCreds()
  gateway = await startChannelAgentGateway({ whatsapp: { dmPolicy: 'open', allowFrom: ['*'] } }, {
    stateDir: dir,
    channelFactories: { whatsapp: (account) => createWhatsAppAdapter(account, { socketFactory: (o) => createBaileysSocket(o, { waWebSocketUrl: fake.url }) }) },
  })
  const { client, model } = gateway
  await waitForAccount(client, 'whatsapp', (a) => a.connected, 10_000)

  const sent = await client.call('send', { channel: 'whatsapp', to: '+15550002222', message: 'hello from the gateway', idempotencyKey: 'wa-e2e-1' })
  const stanza = await fake.waitFor((n) => n.tag === 'message' && n.attrs.id === sent.messageId)
  const enc = findEnc(stanza)
  expect(enc.attrs.type).toBe('pkmsg')
  const out = await peer.decrypt({ user: '15550001111', device: 7 }, enc)
  expect(out.conversation ?? out.extendedTextMessage?.text).toBe('hello from the gateway')

  // The peer answers over the session the client opened; the channel manager routes it to the agent,
  // whose model (the fake) says the time, and the reply leaves through the same socket.
  model.script({ kind: 'text', chunks: ['it is ', 'noon'] })
  fake.push({
    tag: 'message',
    attrs: { id: 'PEER0001', from: peer.jid, type: 'text', t: String(Math.floor(Date.now() / 1000)), notify: 'Peer' },
    content: [await peer.encrypt({ user: '15550001111', device: 7 }, { conversation: 'what time is it?' })],
  })
  const reply = await fake.waitFor((n) => n.tag === 'message' && n.attrs.id !== sent.messageId, 15_000)
  const answer = await peer.decrypt({ user: '15550001111', device: 7 }, findEnc(reply))
  expect(answer.conversation ?? answer.extendedTextMessage?.text).toBe('it is noon')
  expect(model.requests).toHaveLength(1)
  expect(JSON.stringify(model.requests[0]!.body.messages.at(-1))).toContain('what time is it?')
  // The message was marked read because the router admitted it ('read-self': the fake's account has
  // no privacy settings, so Baileys keeps the read receipt to its own devices).
  await fake.waitFor((n) => n.tag === 'receipt' && n.attrs.id === 'PEER0001' && /^read/.test(n.attrs.type ?? ''))
  expect(await waitForAccount(client, 'whatsapp', (a) => a.lastInboundAt !== null && a.lastOutboundAt !== null)).toMatchObject({ connected: true, lastError: null })
}, 30_000)

test('offline messages (Baileys `append`, released after a reconnect): a recent one is answered, one older than the catch-up window is not', async () => {
  const peer = new FakePeer('15550002222@s.whatsapp.net')
  servePeer(fake, peer)
  const { state, saveCreds } = createAuthStore(join(dir, 'credentials', 'whatsapp', 'default')).load()
  state.creds.me = { id: SELF }
  // A device that has synced before (a reconnect): Baileys goes online without waiting for history.
  state.creds.accountSyncCounter = 1
  saveCreds()
  gateway = await startChannelAgentGateway({ whatsapp: { dmPolicy: 'open', allowFrom: ['*'] } }, {
    stateDir: dir,
    channelFactories: { whatsapp: (account) => createWhatsAppAdapter(account, { socketFactory: (o) => createBaileysSocket(o, { waWebSocketUrl: fake.url }) }) },
  })
  const { client, model } = gateway
  await waitForAccount(client, 'whatsapp', (a) => a.connected, 10_000)
  // Our first message opens the Signal session the peer's messages come back over.
  const sent = await client.call('send', { channel: 'whatsapp', to: '+15550002222', message: 'hello', idempotencyKey: 'wa-offline-1' })
  await peer.decrypt({ user: '15550001111', device: 7 }, findEnc(await fake.waitFor((n) => n.tag === 'message' && n.attrs.id === sent.messageId)))

  const now = Math.floor(Date.now() / 1000)
  const offline = async (id: string, sentAt: number, text: string) => fake.push({
    tag: 'message',
    attrs: { id, from: peer.jid, type: 'text', t: String(sentAt), notify: 'Peer', offline: '1' },
    content: [await peer.encrypt({ user: '15550001111', device: 7 }, { conversation: text })],
  })
  await offline('PEEROLD1', now - 3 * 3600, 'from three hours ago')
  await offline('PEERNEW1', now - 120, 'sent two minutes ago')
  // The server says its offline queue is empty; Baileys then releases what it held back.
  fake.push({ tag: 'ib', attrs: { from: 's.whatsapp.net' }, content: [{ tag: 'offline', attrs: { count: '2' } }] })
  const reply = await fake.waitFor((n) => n.tag === 'message' && n.attrs.id !== sent.messageId, 15_000)
  const answer = await peer.decrypt({ user: '15550001111', device: 7 }, findEnc(reply))
  expect(answer.conversation ?? answer.extendedTextMessage?.text).toBe('pong')
  // Both come from one chat, whose turns run in order: had the old one been answered, its turn came first.
  expect(model.requests).toHaveLength(1)
  expect(JSON.stringify(model.requests[0]!.body.messages.at(-1))).toContain('sent two minutes ago')
}, 30_000)
