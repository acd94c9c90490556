/**
 * The gateway verifies whom it talks to on WhatsApp: the real Baileys client, through the gateway's
 * channel manager, against a fake server whose certificate chain (or the phone's pairing) is forged.
 * Each is refused, `channels.status` says why, and a linked account retries through the backoff.
 */
import { afterEach, beforeEach, expect, setDefaultTimeout, test } from 'bun:test'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { createWhatsAppAdapter } from '../../../src/channels/whatsapp/adapter.ts'
import { createBaileysSocket } from '../../../src/channels/whatsapp/socket.ts'
import { waitForAccount } from '../../helpers/channel-status.ts'
import { seedLinkedSession } from './linked-session.ts'
import { TestClient } from '../../helpers/client.ts'
import { startTestGateway, tempStateDir, type TestGateway } from '../../helpers/gateway.ts'
import { FakePhone } from '../../fakes/whatsapp-phone.ts'
import { FakeWhatsAppWeb, distrustFakeRoot, trustFakeRoot, type ForgedCertificate } from '../../fakes/whatsapp-web.ts'

// Each test runs a gateway and the real Baileys client; on a loaded machine that outlasts bun's 5 s default.
setDefaultTimeout(30_000)
let fake: FakeWhatsAppWeb | undefined
let gw: TestGateway | undefined
let admin: TestClient | undefined

beforeEach(trustFakeRoot)
afterEach(async () => {
  admin?.close()
  await gw?.stop()
  fake?.stop()
  trustFakeRoot()
  gw = admin = fake = undefined
})

/** A gateway whose WhatsApp account talks to `server`; `linked`: a session is on disk already. */
async function boot(server: FakeWhatsAppWeb, linked: boolean) {
  fake = server.start()
  const stateDir = tempStateDir()
  const authDir = join(stateDir, 'credentials', 'whatsapp', 'default')
  if (linked) seedLinkedSession(authDir)
  gw = await startTestGateway({
    stateDir,
    settings: { channels: { whatsapp: {} } },
    channelFactories: { whatsapp: (account) => createWhatsAppAdapter(account, { socketFactory: (o) => createBaileysSocket(o, { waWebSocketUrl: server.url }) }) },
  })
  admin = await TestClient.connect(gw.url, { token: gw.token })
  return { authDir }
}

test('the fake server\'s own well-formed chain is refused until its root key is trusted', async () => {
  distrustFakeRoot()
  await boot(new FakeWhatsAppWeb(), true)
  const refused = await waitForAccount(admin!, 'whatsapp', (a) => a.lastError !== null && a.lastError !== undefined && a.lastError.startsWith('refused'))
  expect(refused).toMatchObject({ connected: false, lastError: "refused: the server's intermediate certificate is not signed by WhatsApp's root key" })
  expect(fake!.logins).toHaveLength(0)

  // The same server, once its root is the pinned one, is accepted on the next (backed-off) attempt.
  trustFakeRoot()
  expect(await waitForAccount(admin!, 'whatsapp', (a) => a.connected, 10_000)).toMatchObject({ lastError: null })
  expect(fake!.logins).toHaveLength(1)
})

const FORGERIES: [ForgedCertificate, string][] = [
  ['untrusted-root', "the server's intermediate certificate is not signed by WhatsApp's root key"],
  ['unsigned-leaf', "the server's leaf certificate is not signed by its intermediate"],
  ['other-key', "the server's certificate is for another key than the one it holds"],
  ['expired', "the server's leaf certificate has expired"],
]

for (const [forged, why] of FORGERIES) {
  test(`a forged certificate chain (${forged}) is refused before logging in, and reported`, async () => {
    await boot(new FakeWhatsAppWeb({ forgedCertificate: forged }), true)
    const account = await waitForAccount(admin!, 'whatsapp', (a) => typeof a.lastError === 'string' && a.lastError.startsWith('refused'))
    expect(account).toMatchObject({ running: true, connected: false, linked: true, lastError: `refused: ${why}` })
    expect(fake!.logins).toHaveLength(0)
  })
}

test('a refused server is retried through the backoff, not in a loop', async () => {
  await boot(new FakeWhatsAppWeb({ forgedCertificate: 'other-key' }), true)
  // The second handshake comes only after the account runtime counted a failed attempt and waited.
  for (let i = 0; i < 500 && fake!.handshakes < 2; i++) await Bun.sleep(10)
  expect(fake!.handshakes).toBeGreaterThanOrEqual(2)
  const account = await waitForAccount(admin!, 'whatsapp', () => true)
  expect(account.reconnectAttempts).toBeGreaterThanOrEqual(fake!.handshakes - 1)
  expect(fake!.logins).toHaveLength(0)
})

test('a forged pair-success (account signature by another key) is refused: nothing is saved and the login says why', async () => {
  const { authDir } = await boot(new FakeWhatsAppWeb(), false)
  const started = await admin!.call('web.login.start', { timeoutMs: 10_000 })
  expect(started.qr).toBeString()
  const phone = new FakePhone('15550001111:7@s.whatsapp.net', '99887766:7@lid')
  const waiting = admin!.call('web.login.wait', { timeoutMs: 10_000, currentQrDataUrl: started.qrDataUrl })
  fake!.push(phone.pairSuccess(started.qr, 'pair-success-1', { forged: true }))

  const why = "refused: the phone's pairing (pair-success) carries an account signature that does not verify"
  expect(await waiting).toMatchObject({ connected: false, error: why })
  expect(await waitForAccount(admin!, 'whatsapp', (a) => a.lastError === why)).toMatchObject({ connected: false, linked: false })
  // No device signature went back to the "phone", and no identity was written.
  expect(fake!.received.some((n) => n.tag === 'iq' && n.attrs.id === 'pair-success-1')).toBe(false)
  const creds = join(authDir, 'creds.json')
  expect(existsSync(creds) ? JSON.parse(await Bun.file(creds).text()).me : undefined).toBeUndefined()
})
