/**
 * WhatsApp through the gateway's WebSocket, with the account's adapter on a stand-in socket:
 * `web.login.start` / `web.login.wait` (the QR reaches the operator, the wait ends when the link
 * opens, only an admin may link) and `channels.logout` (unlink at WhatsApp, then delete the session).
 */
import { afterEach, expect, test } from 'bun:test'
import { existsSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { createWhatsAppAdapter } from '../../../src/channels/whatsapp/adapter.ts'
import { waitForAccount } from '../../helpers/channel-status.ts'
import { seedLinkedSession } from './linked-session.ts'
import { TestClient } from '../../helpers/client.ts'
import { startTestGateway, tempStateDir, type TestGateway } from '../../helpers/gateway.ts'
import { standInFactory } from './stand-in-socket.ts'
import { until } from '../../helpers/until.ts'

let gw: TestGateway | undefined
const clients: TestClient[] = []
afterEach(async () => {
  for (const c of clients.splice(0)) c.close()
  await gw?.stop()
  if (gw) rmSync(gw.stateDir, { recursive: true, force: true })
  gw = undefined
})

/** `linked`: a session is on disk before the gateway starts, as after an earlier QR scan. */
async function boot(linked = false) {
  const sockets = standInFactory()
  const stateDir = tempStateDir()
  const authDir = join(stateDir, 'credentials', 'whatsapp', 'default')
  if (linked) seedLinkedSession(authDir)
  gw = await startTestGateway({
    stateDir,
    settings: { channels: { whatsapp: {} } },
    channelFactories: { whatsapp: (account) => createWhatsAppAdapter(account, { socketFactory: sockets }) },
  })
  const admin = await TestClient.connect(gw.url, { token: gw.token })
  clients.push(admin)
  return { sockets, admin, authDir }
}

test('start returns the QR (text and PNG); wait follows a rotation and resolves when the link opens', async () => {
  const { sockets, admin } = await boot()
  expect(await waitForAccount(admin, 'whatsapp', (a) => a.lastError?.startsWith('not linked'))).toMatchObject({ linked: false })
  expect(sockets.sockets).toHaveLength(0)

  const started = admin.request('web.login.start', { channel: 'whatsapp', timeoutMs: 5000 })
  await until(() => sockets.sockets.length === 1, 'the login socket')
  sockets.last().ev.emit('connection.update', { qr: '2@first,qr' })
  const first = await started
  expect(first.ok).toBe(true)
  expect(first.payload).toMatchObject({ connected: false, qr: '2@first,qr' })
  expect(first.payload.qrDataUrl).toStartWith('data:image/png;base64,iVBORw0KGgo')

  const rotated = admin.request('web.login.wait', { timeoutMs: 5000, currentQrDataUrl: first.payload.qrDataUrl })
  sockets.last().ev.emit('connection.update', { qr: '2@second,qr' })
  expect((await rotated).payload).toMatchObject({ connected: false, qr: '2@second,qr' })

  const linked = admin.request('web.login.wait', { channel: 'whatsapp', timeoutMs: 5000 })
  sockets.last().opts.auth.creds.me = { id: '15550001111:7@s.whatsapp.net' }
  sockets.last().ev.emit('creds.update', {})
  sockets.last().open()
  expect((await linked).payload).toEqual({ connected: true, message: 'WhatsApp is linked.' })
  expect(await waitForAccount(admin, 'whatsapp', (a) => a.connected)).toMatchObject({ linked: true, self: '+15550001111' })

  // Already linked: a second start answers at once without a new socket.
  expect(await admin.call('web.login.start', {})).toMatchObject({ connected: true })
  expect(sockets.sockets).toHaveLength(1)
})

test('a wait with nothing new ends at its timeout with the current state', async () => {
  const { sockets, admin } = await boot()
  const started = admin.request('web.login.start', { timeoutMs: 5000 })
  await until(() => sockets.sockets.length === 1, 'the login socket')
  sockets.last().ev.emit('connection.update', { qr: 'Q' })
  const { payload } = await started
  expect(await admin.call('web.login.wait', { timeoutMs: 50, currentQrDataUrl: payload.qrDataUrl })).toMatchObject({ connected: false, qr: 'Q' })
})

test('linking needs operator.admin; a read-only client is refused before anything starts', async () => {
  const { sockets } = await boot()
  const reader = await TestClient.connect(gw!.url, { token: gw!.token, scopes: ['operator.read', 'operator.write'] })
  clients.push(reader)
  for (const method of ['web.login.start', 'web.login.wait']) {
    const res = await reader.request(method, { timeoutMs: 10 })
    expect(res.error).toMatchObject({ code: 'FORBIDDEN', details: { code: 'MISSING_SCOPE', missingScope: 'operator.admin' } })
  }
  expect(sockets.sockets).toHaveLength(0)
})

test('a channel without web login is a typed error', async () => {
  const { admin } = await boot()
  expect((await admin.request('web.login.start', { channel: 'telegram' })).error).toMatchObject({ code: 'INVALID_REQUEST', details: { code: 'CHANNEL_NOT_CONFIGURED' } })
})

test('logout on an open session unlinks the device at WhatsApp first, then deletes the session', async () => {
  const { sockets, admin, authDir } = await boot(true)
  await until(() => sockets.sockets.length === 1, 'the session socket')
  sockets.last().open()
  await waitForAccount(admin, 'whatsapp', (a) => a.connected)
  expect(existsSync(join(authDir, 'creds.json'))).toBe(true)

  expect(await admin.call('channels.logout', { channel: 'whatsapp' })).toEqual({ channel: 'whatsapp', accounts: [{ accountId: 'default', loggedOut: true }] })
  expect(sockets.last().logouts).toBe(1)
  expect(existsSync(authDir)).toBe(false)
  expect(await waitForAccount(admin, 'whatsapp', (a) => !a.running)).toMatchObject({ linked: false, connected: false })
})

test('logout without a connection only deletes the local session', async () => {
  const { sockets, admin, authDir } = await boot(true)
  await until(() => sockets.sockets.length === 1, 'the session socket')
  expect(await admin.call('channels.logout', { channel: 'whatsapp' })).toMatchObject({ accounts: [{ accountId: 'default', loggedOut: true }] })
  expect(sockets.last().logouts).toBe(0)
  expect(existsSync(authDir)).toBe(false)
})
