/**
 * The real Baileys client against a fake WhatsApp Web endpoint on 127.0.0.1: Noise handshake,
 * certificate chain, login (`success`), then stanzas both ways.
 */
import { afterEach, beforeEach, expect, test } from 'bun:test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ChannelSink, InboundMessage } from '../../../src/channels/types.ts'
import { resolveWhatsAppAccounts } from '../../../src/channels/whatsapp/accounts.ts'
import { createWhatsAppAdapter } from '../../../src/channels/whatsapp/adapter.ts'
import { createAuthStore } from '../../../src/channels/whatsapp/auth-store.ts'
import { createBaileysSocket } from '../../../src/channels/whatsapp/socket.ts'
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
  const messages: InboundMessage[] = []
  const sink: ChannelSink = { message: (m) => messages.push(m), connected: () => events.push('connected'), disconnected: (r) => events.push(`down: ${r}`) }
  return { adapter, account, sink, events, messages }
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
