/**
 * Inbound WhatsApp media with the real Baileys client against the fake endpoint and a fake media CDN:
 * an image the peer sends is downloaded and decrypted by Baileys and reaches the real agent's model
 * as an image part, like a Telegram photo; a push-to-talk voice note reaches it as the fake
 * transcriber's text.
 */
import { afterEach, beforeEach, expect, test } from 'bun:test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { proto } from '@whiskeysockets/baileys'
import type { GatewayFileConfig } from '../../../src/config/schema.ts'
import { createWhatsAppAdapter } from '../../../src/channels/whatsapp/adapter.ts'
import { createBaileysSocket } from '../../../src/channels/whatsapp/socket.ts'
import { PNG_1X1 } from '../../fakes/images.ts'
import { FakeTranscriber } from '../../fakes/transcriber.ts'
import { FakeWhatsAppMedia } from '../../fakes/whatsapp-media.ts'
import { FakePeer } from '../../fakes/whatsapp-peer.ts'
import { FakeWhatsAppWeb, trustFakeRoot } from '../../fakes/whatsapp-web.ts'
import { waitForAccount } from '../../helpers/channel-status.ts'
import { imagesOf, lastUserText, startChannelAgentGateway, type ChannelAgentGateway } from '../../helpers/agent.ts'
import { seedLinkedSession } from './linked-session.ts'
import { findEnc, servePeer } from './serve-peer.ts'

const SELF = { user: '15550001111', device: 7 }
let dir: string
let fake: FakeWhatsAppWeb
let cdn: FakeWhatsAppMedia
let gateway: ChannelAgentGateway | undefined

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'oc-wa-media-'))
  trustFakeRoot()
  fake = new FakeWhatsAppWeb().start()
  cdn = new FakeWhatsAppMedia().start()
})
afterEach(async () => {
  await gateway?.stop()
  gateway = undefined
  fake.stop()
  cdn.stop()
  rmSync(dir, { recursive: true, force: true })
})

/** A linked gateway that has opened a session with `peer` (its first send), so the peer can write back. */
async function linkedWithPeer(peer: FakePeer, config: GatewayFileConfig = {}): Promise<ChannelAgentGateway> {
  servePeer(fake, peer)
  seedLinkedSession(join(dir, 'credentials', 'whatsapp', 'default'))
  const gw = await startChannelAgentGateway({ whatsapp: { dmPolicy: 'open', allowFrom: ['*'] } }, {
    stateDir: dir,
    config,
    channelFactories: { whatsapp: (account) => createWhatsAppAdapter(account, { socketFactory: (o) => createBaileysSocket(o, { waWebSocketUrl: fake.url }) }) },
  })
  await waitForAccount(gw.client, 'whatsapp', (a) => a.connected, 10_000)
  const sent = await gw.client.call('send', { channel: 'whatsapp', to: `+${peer.jid.split('@')[0]}`, message: 'hi', idempotencyKey: `open-${peer.jid}` })
  // Reading the client's first message (a pkmsg) opens the peer's side of the session.
  await peer.decrypt(SELF, findEnc(await fake.waitFor((n) => n.tag === 'message' && n.attrs.id === sent.messageId)))
  return gw
}

/** The peer sends `message`; resolves with the text of the gateway's next message to it. */
async function peerSays(peer: FakePeer, id: string, message: proto.IMessage): Promise<string> {
  const before = fake.received.length
  fake.push({
    tag: 'message',
    attrs: { id, from: peer.jid, type: 'media', t: String(Math.floor(Date.now() / 1000)), notify: 'Peer' },
    content: [await peer.encrypt(SELF, message)],
  })
  const reply = await fake.waitFor((n) => n.tag === 'message' && fake.received.indexOf(n) >= before, 15_000)
  const out = await peer.decrypt(SELF, findEnc(reply))
  return out.conversation ?? out.extendedTextMessage?.text ?? ''
}

test('an image the peer sends is decrypted by Baileys and reaches the model as an image part', async () => {
  const peer = new FakePeer('15550002222@s.whatsapp.net')
  gateway = await linkedWithPeer(peer)
  const media = await cdn.upload(PNG_1X1, 'image')
  gateway.model.script({ kind: 'text', chunks: ['a tiny picture'] })
  expect(await peerSays(peer, 'PEERIMG1', { imageMessage: { ...media, mimetype: 'image/png', caption: 'what is this?' } })).toBe('a tiny picture')
  expect(cdn.downloads).toEqual([new URL(media.url).pathname])
  const request = gateway.model.requests.at(-1)!
  expect(imagesOf(request)).toEqual([`data:image/png;base64,${PNG_1X1.toString('base64')}`])
  expect(JSON.stringify(request.body.messages.at(-1))).toContain('what is this?')
}, 30_000)

test('a push-to-talk voice note is decrypted, transcribed, and the model reads the transcript', async () => {
  const stt = new FakeTranscriber().start()
  try {
    const peer = new FakePeer('15550002222@s.whatsapp.net')
    gateway = await linkedWithPeer(peer, { tools: { media: { models: [{ provider: 'stt', model: 'whisper-1', baseUrl: stt.baseUrl, capabilities: ['audio'] }] } } })
    const voice = Buffer.concat([Buffer.from('OggS'), Buffer.alloc(3000, 9)])
    const media = await cdn.upload(voice, 'audio')
    gateway.model.script({ kind: 'text', chunks: ['booked'] })
    expect(await peerSays(peer, 'PEERPTT1', { audioMessage: { ...media, mimetype: 'audio/ogg; codecs=opus', ptt: true, seconds: 3 } })).toBe('booked')
    expect(stt.uploads).toHaveLength(1)
    expect(stt.uploads[0]!.bytes.equals(voice)).toBe(true)
    expect(stt.uploads[0]).toMatchObject({ model: 'whisper-1', fileName: 'audio.ogg' })
    expect(lastUserText(gateway.model.requests.at(-1)!.body)).toBe('[Audio]\nTranscript:\nplease book a table for two')
  } finally {
    stt.stop()
  }
}, 30_000)
