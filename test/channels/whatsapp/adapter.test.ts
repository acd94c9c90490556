/**
 * The WhatsApp adapter driven through a stand-in socket: QR linking, each close reason (reconnect vs
 * reported), credentials persisted on `creds.update`, and inbound → router → agent → `sendMessage`.
 */
import { afterEach, beforeEach, describe, expect, test } from 'bun:test'
import { DisconnectReason } from '@whiskeysockets/baileys'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ChannelAdapter, ChannelSink, InboundMessage, ResolvedAccount } from '../../../src/channels/types.ts'
import { resolveWhatsAppAccounts, type WhatsAppSettings } from '../../../src/channels/whatsapp/accounts.ts'
import { createWhatsAppAdapter } from '../../../src/channels/whatsapp/adapter.ts'
import { DISCONNECT_CODES } from '../../../src/channels/whatsapp/disconnect.ts'
import { gatewayLogs } from '../../../src/log.ts'
import type { WhatsAppAccountConfig } from '../../../src/config/channels-schema.ts'
import { messagesSeen, startChannelGateway, systemPromptOf } from '../../helpers/agent.ts'
import { tempStateDir } from '../../helpers/gateway.ts'
import { seedLinkedSession } from './linked-session.ts'
import { standInFactory } from './stand-in-socket.ts'
import { groupContext } from '../../helpers/inbound.ts'
import { until } from '../../helpers/until.ts'

let dir: string
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'oc-wa-'))))
afterEach(() => rmSync(dir, { recursive: true, force: true }))

function account(config: WhatsAppAccountConfig = {}): ResolvedAccount<WhatsAppSettings> {
  return resolveWhatsAppAccounts({ whatsapp: config }, {}, dir)[0]!
}

/** Marks the account linked, as a finished QR scan would. */
function link(acc: ResolvedAccount<WhatsAppSettings>) {
  seedLinkedSession(acc.settings.authDir)
}

function recordingSink() {
  const events: string[] = []
  const messages: InboundMessage[] = []
  const sink: ChannelSink = { message: async (m) => (messages.push(m), true), connected: () => events.push('connected'), disconnected: (r) => events.push(`down: ${r}`), fault: (_err, where) => events.push(`fault: ${where}`), dropped: (what) => events.push(`dropped: ${what}`), cursor: { read: () => undefined, save: () => {} } }
  return { sink, events, messages }
}

/** Runs `start` as the account runtime would, keeping its outcome. */
function run(adapter: ChannelAdapter, sink: ChannelSink, signal: AbortSignal) {
  const outcome: { settled?: 'resolved' | 'rejected'; error?: Error } = {}
  const p = adapter.start(sink, signal).then(() => (outcome.settled = 'resolved'), (error) => Object.assign(outcome, { settled: 'rejected', error }))
  return Object.assign(outcome, { done: p })
}

test('the close codes are Baileys\' own', () => {
  for (const [name, code] of Object.entries(DISCONNECT_CODES)) expect(DisconnectReason[name as keyof typeof DisconnectReason]).toBe(code)
})

describe('QR linking', () => {
  test('an unlinked account waits; login shows the QR, persists creds, and reconnects after the pairing restart', async () => {
    const acc = account()
    const factory = standInFactory()
    const adapter = createWhatsAppAdapter(acc, { socketFactory: factory })
    const { sink, events } = recordingSink()
    const ac = new AbortController()
    const first = run(adapter, sink, ac.signal)
    await until(() => events.length > 0, 'the not-linked report')
    expect(events[0]).toStartWith('down: not linked')
    expect(factory.sockets).toHaveLength(0)
    expect(adapter.statusDetails!()).toMatchObject({ linked: false })

    const started = adapter.qrLogin!.start({ timeoutMs: 2000 })
    await until(() => factory.sockets.length === 1, 'a socket')
    factory.last().ev.emit('connection.update', { qr: '2@abc,def,ghi' })
    const r = await started
    expect(r).toMatchObject({ connected: false, qr: '2@abc,def,ghi' })
    expect(r.qrDataUrl).toStartWith('data:image/png;base64,iVBORw0KGgo')
    expect(adapter.statusDetails!()).toMatchObject({ linked: false, qr: '2@abc,def,ghi' })

    // A rotated QR wakes a waiter holding the previous one.
    const waiting = adapter.qrLogin!.wait({ timeoutMs: 2000, currentQrDataUrl: r.qrDataUrl })
    factory.last().ev.emit('connection.update', { qr: '2@next' })
    expect((await waiting).qr).toBe('2@next')

    // The phone scans: Baileys fills `me` and asks for a save, then closes with restartRequired.
    factory.last().opts.auth.creds.me = { id: '15550001111:7@s.whatsapp.net' }
    factory.last().ev.emit('creds.update', {})
    const saved = JSON.parse(readFileSync(join(acc.settings.authDir, 'creds.json'), 'utf8'))
    expect(saved.me.id).toBe('15550001111:7@s.whatsapp.net')
    factory.last().close(DisconnectReason.restartRequired)
    await first.done
    expect(first.settled).toBe('rejected')

    const second = run(adapter, sink, ac.signal)
    await until(() => factory.sockets.length === 2, 'a reconnect')
    // The reconnect reuses the saved identity rather than making a new one.
    expect(factory.last().opts.auth.creds.noiseKey.public).toEqual(factory.sockets[0]!.opts.auth.creds.noiseKey.public)
    const linked = adapter.qrLogin!.wait({ timeoutMs: 2000 })
    factory.last().open()
    expect(await linked).toMatchObject({ connected: true })
    expect(events.at(-1)).toBe('connected')
    expect(adapter.statusDetails!()).toEqual({ linked: true, self: '+15550001111' })
    ac.abort()
    await second.done
    expect(second.settled).toBe('resolved')
  })

  test('a QR nobody scans expires: the login reports it and the account waits again', async () => {
    const factory = standInFactory()
    const adapter = createWhatsAppAdapter(account(), { socketFactory: factory })
    const { sink, events } = recordingSink()
    const ac = new AbortController()
    const first = run(adapter, sink, ac.signal)
    const started = adapter.qrLogin!.start({ timeoutMs: 2000 })
    await until(() => factory.sockets.length === 1, 'a socket')
    factory.last().ev.emit('connection.update', { qr: 'Q1' })
    await started
    const waiting = adapter.qrLogin!.wait({ timeoutMs: 2000, currentQrDataUrl: (await started).qrDataUrl })
    factory.last().close(DisconnectReason.timedOut)
    expect((await waiting).error).toContain('expired')
    await first.done
    const again = run(adapter, sink, ac.signal)
    await until(() => events.filter((e) => e.startsWith('down: not linked')).length === 2, 'the account to idle again')
    expect(factory.sockets).toHaveLength(1)
    ac.abort()
    await again.done
  })
})

describe('close reasons on a linked session', () => {
  const reconnecting = ['connectionClosed', 'connectionLost', 'timedOut', 'badSession', 'restartRequired', 'unavailableService'] as const
  for (const name of reconnecting) {
    test(`${name} reconnects`, async () => {
      const acc = account()
      link(acc)
      const factory = standInFactory()
      const adapter = createWhatsAppAdapter(acc, { socketFactory: factory })
      const { sink } = recordingSink()
      const ac = new AbortController()
      const first = run(adapter, sink, ac.signal)
      await until(() => factory.sockets.length === 1, 'a socket')
      factory.last().open()
      factory.last().close(DisconnectReason[name])
      await first.done
      expect(first.settled).toBe('rejected')
      const next = run(adapter, sink, ac.signal)
      await until(() => factory.sockets.length === 2, 'a new socket')
      expect(existsSync(join(acc.settings.authDir, 'creds.json'))).toBe(true)
      ac.abort()
      await next.done
    })
  }

  test('loggedOut drops the auth state and is reported, not retried', async () => {
    const acc = account()
    link(acc)
    const factory = standInFactory()
    const adapter = createWhatsAppAdapter(acc, { socketFactory: factory })
    const { sink, events } = recordingSink()
    const ac = new AbortController()
    const first = run(adapter, sink, ac.signal)
    await until(() => factory.sockets.length === 1, 'a socket')
    factory.last().open()
    factory.last().close(DisconnectReason.loggedOut)
    await first.done
    expect(first.error?.message).toContain('logged out')
    expect(existsSync(join(acc.settings.authDir, 'creds.json'))).toBe(false)
    const next = run(adapter, sink, ac.signal)
    // Reported as the adapter parks to wait for a new link: no socket is opened, start() waits.
    await until(() => events.filter((e) => e.includes('logged out')).length > 0, 'the logged-out report')
    expect(next.settled).toBeUndefined()
    expect(factory.sockets).toHaveLength(1)
    expect(adapter.statusDetails!()).toMatchObject({ linked: false })
    ac.abort()
    await next.done
  })

  for (const name of ['connectionReplaced', 'forbidden'] as const) {
    test(`${name} halts until the account is stopped and started again`, async () => {
      const acc = account()
      link(acc)
      const factory = standInFactory()
      const adapter = createWhatsAppAdapter(acc, { socketFactory: factory })
      const { sink, events } = recordingSink()
      let ac = new AbortController()
      const first = run(adapter, sink, ac.signal)
      await until(() => factory.sockets.length === 1, 'a socket')
      factory.last().open()
      factory.last().close(DisconnectReason[name])
      await first.done
      const halted = run(adapter, sink, ac.signal)
      await until(() => events.filter((e) => e.startsWith('down: ')).length >= 1, 'the halt report')
      expect(factory.sockets).toHaveLength(1)
      expect(existsSync(join(acc.settings.authDir, 'creds.json'))).toBe(true)
      ac.abort()
      await halted.done
      await adapter.stop()
      ac = new AbortController()
      const resumed = run(adapter, sink, ac.signal)
      await until(() => factory.sockets.length === 2, 'a socket after restart')
      ac.abort()
      await resumed.done
    })
  }
})

describe('messages', () => {
  /** The adapter alone on a linked stand-in socket (sending, errors, media). */
  async function connected(config: WhatsAppAccountConfig) {
    const acc = account(config)
    link(acc)
    const factory = standInFactory()
    const adapter = createWhatsAppAdapter(acc, { socketFactory: factory })
    const { sink } = recordingSink()
    const ac = new AbortController()
    const running = run(adapter, sink, ac.signal)
    await until(() => factory.sockets.length === 1, 'a socket')
    factory.last().open()
    return { adapter, sock: factory.last(), stop: async () => (ac.abort(), await running.done) }
  }

  /** The account inside a gateway: inbound → router → the real agent → a fake model → sendMessage. */
  async function throughGateway(config: WhatsAppAccountConfig) {
    const stateDir = tempStateDir()
    link(resolveWhatsAppAccounts({ whatsapp: config }, {}, stateDir)[0]!)
    const factory = standInFactory()
    const gw = await startChannelGateway({ whatsapp: config }, {
      stateDir, channelFactories: { whatsapp: (a) => createWhatsAppAdapter(a, { socketFactory: factory }) },
    })
    await until(() => factory.sockets.length === 1, 'a socket')
    factory.last().open()
    return { gw, sock: factory.last(), stop: async () => (await gw.stop(), rmSync(stateDir, { recursive: true, force: true })) }
  }
  const dm = (text: string, from = '15550002222') => ({ key: { remoteJid: `${from}@s.whatsapp.net`, fromMe: false, id: `IN-${text}` }, pushName: 'Ada', messageTimestamp: 1735689600, message: { conversation: text } })
  const group = (text: string, mentionedJid: string[]) => ({
    key: { remoteJid: '120363000000@g.us', participant: '15550003333@s.whatsapp.net', id: `G-${text}` },
    message: { extendedTextMessage: { text, contextInfo: { mentionedJid } } },
  })

  test('an allowed DM is read, answered by the agent through sendMessage, with typing shown', async () => {
    const c = await throughGateway({ dmPolicy: 'allowlist', allowFrom: ['+1 555 000-2222'] })
    c.sock.upsert(dm('hi'))
    await until(() => c.sock.sent.length === 1, 'the reply')
    expect(c.sock.sent).toEqual([{ jid: '15550002222@s.whatsapp.net', content: { text: 'echo: hi' } }])
    expect(c.sock.reads).toEqual([{ remoteJid: '15550002222@s.whatsapp.net', fromMe: false, id: 'IN-hi' }])
    expect(c.sock.presences[0]).toEqual({ type: 'composing', jid: '15550002222@s.whatsapp.net' })
    expect(messagesSeen(c.gw)).toEqual(['hi'])
    expect(systemPromptOf(c.gw.fake.requests[0]!)).toContain('This conversation is on whatsapp with Ada')
    await c.stop()
  })

  test('offline (`append`): our own echo is not answered, an old message is left unread, a recent one is answered', async () => {
    const c = await throughGateway({ dmPolicy: 'open', allowFrom: ['*'] })
    const logCursor = gatewayLogs.tail({ limit: 1, maxBytes: 1 }).cursor
    const now = Math.floor(Date.now() / 1000)
    const at = (m: ReturnType<typeof dm>, t: number) => ({ ...m, messageTimestamp: t })
    c.sock.ev.emit('messages.upsert', { type: 'append', messages: [
      { ...at(dm('our own reply'), now - 60), key: { remoteJid: '15550002222@s.whatsapp.net', fromMe: true, id: 'OUT-echo' } },
      at(dm('last week'), now - 7 * 86400),
      at(dm('a minute ago'), now - 60),
    ] })
    await until(() => c.sock.sent.length === 1, 'the reply')
    expect(c.sock.sent[0]!.content).toEqual({ text: 'echo: a minute ago' })
    // One chat's turns run in order: the earlier two would have been asked first.
    expect(messagesSeen(c.gw)).toEqual(['a minute ago'])
    expect(c.sock.reads).toEqual([{ remoteJid: '15550002222@s.whatsapp.net', fromMe: false, id: 'IN-a minute ago' }])
    // The one left alone shows in the log at the default level, counted since the start.
    const skipped = gatewayLogs.tail({ cursor: logCursor, limit: 5000, maxBytes: 1e6 }).lines.filter((l) => l.includes('too old to answer'))
    expect(skipped.map((l) => JSON.parse(l))).toEqual([expect.objectContaining({ level: 'info', message: expect.stringMatching(/too old to answer \(1 since start\)$/) })])
    await c.stop()
  })

  test('the model\'s Markdown arrives in WhatsApp\'s markers', async () => {
    const c = await throughGateway({ dmPolicy: 'allowlist', allowFrom: ['+1 555 000-2222'] })
    c.gw.fake.script({ kind: 'text', chunks: ['**Bold** *it* ~~s~~ [docs](https://d.io)\n\n', '| k | v |\n|---|---|\n| a | 1 |'] })
    c.sock.upsert(dm('format'))
    await until(() => c.sock.sent.length === 1, 'the reply')
    // Tables are bullets on WhatsApp by default, as in the original.
    expect(c.sock.sent[0]!.content).toEqual({ text: '*Bold* _it_ ~s~ docs (https://d.io)\n\n*a*\n• v: 1' })
    await c.stop()
  })

  test('a stranger gets a pairing code instead of the agent', async () => {
    const c = await throughGateway({})
    c.sock.upsert(dm('hello', '15559990000'))
    await until(() => c.sock.sent.length === 1, 'the pairing code')
    expect(String(c.sock.sent[0]!.content.text)).toMatch(/Pairing code: [A-Z2-9]{8}/)
    expect(c.gw.fake.requests).toEqual([])
    // No blue ticks for someone who has not been let in.
    expect(c.sock.reads).toEqual([])
    await c.stop()
  })

  test('in a group only the admitted (mentioning) message is read and answered', async () => {
    const c = await throughGateway({ groups: { '*': {} } })
    c.sock.upsert(group('chatter', []), group('@bot help', ['15550001111@s.whatsapp.net']))
    await until(() => c.sock.sent.length === 1, 'the reply')
    expect(c.sock.reads).toEqual([{ remoteJid: '120363000000@g.us', participant: '15550003333@s.whatsapp.net', id: 'G-@bot help' }])
    // The unmentioned message reached the model as context for the mention (historyLimit).
    const context = groupContext(['+15550003333: chatter'], '+15550003333: @bot help')
    expect(c.sock.sent).toEqual([{ jid: '120363000000@g.us', content: { text: `echo: ${context}` } }])
    expect(messagesSeen(c.gw)).toEqual([context])
    await c.stop()
  })

  test('read receipts can be turned off', async () => {
    const c = await throughGateway({ groups: { '*': {} }, sendReadReceipts: false })
    c.sock.upsert(group('@bot help', ['15550001111@s.whatsapp.net']))
    await until(() => c.sock.sent.length === 1, 'the reply')
    expect(c.sock.reads).toEqual([])
    await c.stop()
  })

  test('a reply quotes the message it answers', async () => {
    const c = await connected({ dmPolicy: 'open', allowFrom: ['*'] })
    c.sock.upsert(dm('quote me'))
    await c.adapter.send({ to: '+15550002222', text: 'quoted', replyToId: 'IN-quote me' })
    expect((c.sock.sent[0]!.options!.quoted as { key: { id: string } }).key.id).toBe('IN-quote me')
    await c.stop()
  })

  test('bad targets and a dropped connection are typed errors', async () => {
    const c = await connected({})
    await expect(c.adapter.send({ to: 'nobody', text: 'x' })).rejects.toMatchObject({ code: 'INVALID_REQUEST', details: { code: 'INVALID_TARGET' } })
    c.sock.close(DisconnectReason.connectionLost)
    await expect(c.adapter.send({ to: '+15550002222', text: 'x' })).rejects.toMatchObject({ code: 'UNAVAILABLE', details: { code: 'CHANNEL_FAILED' } })
    await c.stop()
  })

  test('media is fetched within mediaMaxMb and sent without a thumbnail; too large is refused', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000', 'hex')
    const files = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: (req) => new URL(req.url).pathname === '/big.bin'
      ? new Response(new Uint8Array(2 * 1024 * 1024), { headers: { 'content-type': 'application/octet-stream' } })
      : new Response(png, { headers: { 'content-type': 'image/png' } }) })
    try {
      const c = await connected({ mediaMaxMb: 1 })
      await c.adapter.sendMedia!({ to: '+15550002222', text: 'look', mediaUrl: `http://127.0.0.1:${files.port}/cat.png` })
      expect(c.sock.sent[0]).toEqual({ jid: '15550002222@s.whatsapp.net', content: { image: png, mimetype: 'image/png', jpegThumbnail: '', caption: 'look' } })
      await expect(c.adapter.sendMedia!({ to: '+15550002222', text: '', mediaUrl: `http://127.0.0.1:${files.port}/big.bin` }))
        .rejects.toMatchObject({ code: 'INVALID_REQUEST', details: { code: 'MEDIA_TOO_LARGE' } })
      await expect(c.adapter.sendMedia!({ to: '+15550002222', text: '', mediaUrl: 'file:///etc/passwd' }))
        .rejects.toMatchObject({ code: 'INVALID_REQUEST', details: { code: 'INVALID_MEDIA' } })
      expect(c.sock.sent).toHaveLength(1)
      await c.stop()
    } finally {
      files.stop(true)
    }
  })
})
