/**
 * First-time linking with the real Baileys client, driven through the gateway's `web.login.*`: an
 * empty auth dir registers, the fake server hands out QR refs, a fake phone scans and vouches for the
 * device (ADV HMAC + account signature), the server asks for a restart, and the client logs in with
 * the identity it just got.
 */
import { afterEach, beforeEach, expect, test } from 'bun:test'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createWhatsAppAdapter } from '../../../src/channels/whatsapp/adapter.ts'
import { createBaileysSocket } from '../../../src/channels/whatsapp/socket.ts'
import { waitForAccount } from '../../helpers/channel-status.ts'
import { TestClient } from '../../helpers/client.ts'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'
import { FakePhone, scanQr } from '../../fakes/whatsapp-phone.ts'
import { FakeWhatsAppWeb, trustFakeRoot } from '../../fakes/whatsapp-web.ts'

/** One stage of linking (a QR, the phone's pair-success, the login as the new device) on a busy machine. */
const LINK_STAGE_MS = 20_000

let fake: FakeWhatsAppWeb
let gw: TestGateway | undefined
let admin: TestClient | undefined

beforeEach(() => {
  trustFakeRoot()
  fake = new FakeWhatsAppWeb().start()
})
afterEach(async () => {
  admin?.close()
  await gw?.stop()
  fake.stop()
  gw = admin = undefined
})

test('an empty auth dir links by QR: pair-device, the phone\'s pair-success, restart, login as the new device', async () => {
  gw = await startTestGateway({
    settings: { channels: { whatsapp: {} } },
    channelFactories: { whatsapp: (account) => createWhatsAppAdapter(account, { socketFactory: (o) => createBaileysSocket(o, { waWebSocketUrl: fake.url }) }) },
  })
  admin = await TestClient.connect(gw.url, { token: gw.token })
  const authDir = join(gw.stateDir, 'credentials', 'whatsapp', 'default')
  expect(existsSync(join(authDir, 'creds.json'))).toBe(false)

  const started = await admin.call('web.login.start', { timeoutMs: LINK_STAGE_MS })
  expect(fake.registrations).toHaveLength(1)
  expect(fake.logins).toHaveLength(0)
  expect(started).toMatchObject({ connected: false })
  const scanned = scanQr(started.qr)
  expect(scanned.ref).toBe('ref-1')
  // The QR carries this device's own keys: the Noise key it registered with, and its identity key.
  const registered = fake.registrations[0]!
  expect(scanned.noiseKey).toEqual(registered.noiseKey)
  expect(scanned.identityKey).toEqual(Buffer.from(registered.payload.devicePairingData!.eIdent!))

  const phone = new FakePhone('15550001111:7@s.whatsapp.net', '99887766:7@lid')
  const linked = admin.call('web.login.wait', { timeoutMs: LINK_STAGE_MS, currentQrDataUrl: started.qrDataUrl })
  fake.push(phone.pairSuccess(started.qr, 'pair-success-1'))
  const signed = await fake.waitFor((n) => n.tag === 'iq' && n.attrs.id === 'pair-success-1', LINK_STAGE_MS)
  expect(phone.deviceSignatureValid(signed)).toBe(true)
  fake.streamError(515)

  expect(await linked).toMatchObject({ connected: true })
  expect(fake.logins).toHaveLength(1)
  expect(fake.logins[0]).toMatchObject({ device: 7, passive: true })
  expect(String(fake.logins[0]!.username)).toBe('15550001111')
  expect(await waitForAccount(admin, 'whatsapp', (a) => a.connected, LINK_STAGE_MS)).toMatchObject({ linked: true, self: '+15550001111', lastError: null })

  // The saved session names the account, and keeps the phone's vouching for the next start.
  const creds = JSON.parse(readFileSync(join(authDir, 'creds.json'), 'utf8'))
  expect(creds.me.id).toBe('15550001111:7@s.whatsapp.net')
  expect(creds.account.accountSignatureKey).toBeDefined()
}, 4 * LINK_STAGE_MS)
