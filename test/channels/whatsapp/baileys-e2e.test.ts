/**
 * The real Baileys client against a fake WhatsApp Web endpoint on 127.0.0.1: Noise handshake,
 * certificate chain, login (`success`), then stanzas both ways.
 */
import { afterEach, beforeEach, expect, test } from 'bun:test'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ChannelSink } from '../../../src/channels/types.ts'
import { resolveWhatsAppAccounts } from '../../../src/channels/whatsapp/accounts.ts'
import { createWhatsAppAdapter } from '../../../src/channels/whatsapp/adapter.ts'
import { createAuthStore } from '../../../src/channels/whatsapp/auth-store.ts'
import { createBaileysSocket } from '../../../src/channels/whatsapp/socket.ts'
import type { BinaryNode } from '@whiskeysockets/baileys'
import { messagesSeen, startChannelGateway, systemPromptOf } from '../../helpers/agent.ts'
import { waitForAccount } from '../../helpers/channel-status.ts'
import { TestClient } from '../../helpers/client.ts'
import { FakePeer } from '../../fakes/whatsapp-peer.ts'
import { FakeWhatsAppWeb, trustFakeRoot } from '../../fakes/whatsapp-web.ts'

const SELF = '15550001111:7@s.whatsapp.net'
let dir: string
let fake: FakeWhatsAppWeb

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'oc-wa-e2e-'))
  trustFakeRoot()
  fake = new FakeWhatsAppWeb().start()
})
afterEach(() => {
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
  const sink: ChannelSink = { message: () => undefined, connected: () => events.push('connected'), disconnected: (r) => events.push(`down: ${r}`), fault: (_err, where) => events.push(`fault: ${where}`), dropped: (what) => events.push(`dropped: ${what}`) }
  return { adapter, account, sink, events }
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await Bun.sleep(10)
  if (!check()) throw new Error(`timed out waiting for ${what}`)
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

/** Device lists and pre-key bundles, as the real server answers them, for the peer the fake hosts. */
function servePeer(peer: FakePeer) {
  fake.on((node, reply) => {
    const children = Array.isArray(node.content) ? (node.content as BinaryNode[]) : []
    const usync = children.find((c) => c.tag === 'usync')
    if (node.tag === 'iq' && usync) {
      const list = (usync.content as BinaryNode[]).find((c) => c.tag === 'list')
      const users = ((list?.content as BinaryNode[]) ?? []).map((u) => ({
        tag: 'user',
        attrs: { jid: u.attrs.jid! },
        content: [{ tag: 'devices', attrs: {}, content: [{ tag: 'device-list', attrs: {}, content: u.attrs.jid === peer.jid ? [{ tag: 'device', attrs: { id: '0' } }] : [] }] }],
      }))
      reply({ tag: 'iq', attrs: { id: node.attrs.id!, type: 'result', from: 's.whatsapp.net' }, content: [{ tag: 'usync', attrs: {}, content: [{ tag: 'list', attrs: {}, content: users }] }] })
      return true
    }
    const key = children.find((c) => c.tag === 'key')
    if (node.tag === 'iq' && node.attrs.xmlns === 'encrypt' && node.attrs.type === 'get' && key) {
      reply({ tag: 'iq', attrs: { id: node.attrs.id!, type: 'result', from: 's.whatsapp.net' }, content: [{ tag: 'list', attrs: {}, content: [peer.keyBundle()] }] })
      return true
    }
    return false
  })
}

test('outbound reaches the fake encrypted; the peer answers, and the real agent replies through the real client', async () => {
  const peer = new FakePeer('15550002222@s.whatsapp.net')
  servePeer(peer)
  const whatsapp = { dmPolicy: 'open' as const, allowFrom: ['*'] }
  const account = resolveWhatsAppAccounts({ whatsapp }, {}, dir)[0]!
  const { state, saveCreds } = createAuthStore(account.settings.authDir).load()
  state.creds.me = { id: SELF }
  saveCreds()
  const gw = await startChannelGateway({ whatsapp }, {
    stateDir: dir,
    channelFactories: { whatsapp: (a) => createWhatsAppAdapter(a, { socketFactory: (o) => createBaileysSocket(o, { waWebSocketUrl: fake.url }) }) },
  })
  const client = await TestClient.connect(gw.url, { token: gw.token })
  try {
    await waitForAccount(client, 'whatsapp', (a) => a.connected, 10_000)
    const sent = await client.call('send', { channel: 'whatsapp', to: '+15550002222', message: 'hello from the gateway', idempotencyKey: 'wa-1' })
    const stanza = await fake.waitFor((n) => n.tag === 'message' && n.attrs.id === sent.messageId)
    const enc = findEnc(stanza)
    expect(enc.attrs.type).toBe('pkmsg')
    const out = await peer.decrypt({ user: '15550001111', device: 7 }, enc)
    expect(out.conversation ?? out.extendedTextMessage?.text).toBe('hello from the gateway')

    // The peer answers over the session the client opened; Baileys decrypts it, the router hands it to the agent.
    fake.push({
      tag: 'message',
      attrs: { id: 'PEER0001', from: peer.jid, type: 'text', t: String(Math.floor(Date.now() / 1000)), notify: 'Peer' },
      content: [await peer.encrypt({ user: '15550001111', device: 7 }, { conversation: 'what time is it?' })],
    })
    const reply = await fake.waitFor((n) => n.tag === 'message' && n.attrs.id !== sent.messageId)
    const answer = await peer.decrypt({ user: '15550001111', device: 7 }, findEnc(reply))
    expect(answer.conversation ?? answer.extendedTextMessage?.text).toBe('echo: what time is it?')
    expect(messagesSeen(gw)).toEqual(['what time is it?'])
    expect(systemPromptOf(gw.fake.requests[0]!)).toContain('This conversation is on whatsapp with Peer')
  } finally {
    client.close()
    await gw.stop()
  }
})

/** The first `<enc>` anywhere in a stanza (direct, or under `<participants><to>`). */
function findEnc(node: BinaryNode): BinaryNode {
  const search = (n: BinaryNode): BinaryNode | undefined =>
    n.tag === 'enc' ? n : (Array.isArray(n.content) ? (n.content as BinaryNode[]) : []).map(search).find(Boolean)
  const enc = search(node)
  if (!enc) throw new Error(`no <enc> in the ${node.tag} stanza`)
  return enc
}
