import { afterEach, beforeEach, describe, expect, test } from 'bun:test'
import { TestClient } from '../helpers/client.ts'
import { createDeviceIdentity, signDevice } from '../helpers/device.ts'
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts'

let gw: TestGateway
beforeEach(async () => {
  gw = await startTestGateway()
})
afterEach(() => gw.stop())

async function refusedWith(client: TestClient, params: Record<string, unknown>) {
  const res = await client.request('connect', params)
  const closed = await client.closed
  return { details: res.error?.details, message: res.error?.message, closed }
}

describe('device identity', () => {
  test('a loopback device (v3 signature) is paired silently and receives a device token', async () => {
    const device = createDeviceIdentity()
    const c = await TestClient.connect(gw.url, { token: gw.token, device, deviceFamily: 'Linux', scopes: ['operator.read', 'operator.pairing'] })
    expect(c.hello?.auth.deviceToken).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const list = await c.call('device.pair.list')
    const me = list.paired.find((d: { deviceId: string }) => d.deviceId === device.id)
    expect(me).toMatchObject({ approvedVia: 'silent', roles: ['operator'], connected: true, clientId: 'cli' })
    expect(JSON.stringify(list)).not.toContain(c.hello?.auth.deviceToken) // only hashes are stored
    c.close()
  })

  test('the device token works on reconnect through auth.token and through auth.deviceToken', async () => {
    const device = createDeviceIdentity()
    const first = await TestClient.connect(gw.url, { token: gw.token, device, scopes: ['operator.read'] })
    const token = first.hello!.auth.deviceToken as string
    first.close()
    const viaToken = await TestClient.connect(gw.url, { token, device, scopes: ['operator.read'] })
    expect(viaToken.hello?.auth).toMatchObject({ method: 'device-token', deviceToken: token, scopes: ['operator.read'] })
    const viaDeviceToken = await TestClient.connect(gw.url, { deviceToken: token, device, scopes: ['operator.read'] })
    expect(viaDeviceToken.hello?.auth.method).toBe('device-token')
    viaToken.close()
    viaDeviceToken.close()
  })

  test('a v2 signature (openclaw-node) is accepted', async () => {
    const c = await TestClient.connect(gw.url, { token: gw.token, device: createDeviceIdentity(), clientId: 'gateway-client', clientMode: 'backend', signVersion: 'v2' })
    expect(c.hello?.auth.deviceToken).toBeDefined()
    c.close()
  })

  test('a public key sent as PEM or padded base64 is normalized to the raw key', async () => {
    for (const form of ['pem', 'base64'] as const) {
      const device = createDeviceIdentity()
      const c = await TestClient.open(gw.url)
      const params = c.connectParams({ token: gw.token, device })
      const der = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(device.publicKey, 'base64url')])
      ;(params.device as Record<string, unknown>).publicKey =
        form === 'pem' ? `-----BEGIN PUBLIC KEY-----\n${der.toString('base64')}\n-----END PUBLIC KEY-----\n` : Buffer.from(device.publicKey, 'base64url').toString('base64')
      const res = await c.request('connect', params)
      expect(res.ok).toBe(true)
      c.close()
    }
  })

  test('a wrong explicit device token: AUTH_DEVICE_TOKEN_MISMATCH', async () => {
    const device = createDeviceIdentity()
    ;(await TestClient.connect(gw.url, { token: gw.token, device })).close()
    const c = await TestClient.open(gw.url)
    const res = await c.sendConnect({ deviceToken: 'A'.repeat(43), device })
    expect(res.error.details.code).toBe('AUTH_DEVICE_TOKEN_MISMATCH')
  })

  test('a device token asking for more scopes than it carries: AUTH_SCOPE_MISMATCH', async () => {
    const device = createDeviceIdentity()
    const first = await TestClient.connect(gw.url, { token: gw.token, device, scopes: ['operator.read'] })
    const token = first.hello!.auth.deviceToken
    const c = await TestClient.open(gw.url)
    const res = await c.sendConnect({ deviceToken: token, device, scopes: ['operator.admin'] })
    expect(res.error.details.code).toBe('AUTH_SCOPE_MISMATCH')
  })
})

describe('device proof failures', () => {
  const base = (c: TestClient, device = createDeviceIdentity()) => ({ c, device, params: c.connectParams({ token: gw.token, device }) })

  test('device id that is not the hash of its key', async () => {
    const { c, params } = base(await TestClient.open(gw.url))
    ;(params.device as Record<string, unknown>).id = 'f'.repeat(64)
    const r = await refusedWith(c, params)
    expect(r.details).toEqual({ code: 'DEVICE_AUTH_DEVICE_ID_MISMATCH', reason: 'device-id-mismatch' })
    expect(r.closed).toEqual({ code: 1008, reason: 'device identity mismatch' })
  })

  test('a stale signedAt (beyond ±2 minutes)', async () => {
    const c = await TestClient.open(gw.url)
    const device = createDeviceIdentity()
    const params = c.connectParams({ token: gw.token })
    params.device = signDevice(device, { clientId: 'cli', clientMode: 'cli', scopes: params.scopes as string[], token: gw.token, nonce: c.challenge.payload.nonce, signedAt: Date.now() - 180_000, platform: 'linux' })
    const r = await refusedWith(c, params)
    expect(r.details.code).toBe('DEVICE_AUTH_SIGNATURE_EXPIRED')
  })

  test('a nonce from another socket', async () => {
    const other = await TestClient.open(gw.url)
    const c = await TestClient.open(gw.url)
    const device = createDeviceIdentity()
    const params = c.connectParams({ token: gw.token })
    params.device = signDevice(device, { clientId: 'cli', clientMode: 'cli', scopes: params.scopes as string[], token: gw.token, nonce: other.challenge.payload.nonce, platform: 'linux' })
    const r = await refusedWith(c, params)
    expect(r.details).toEqual({ code: 'DEVICE_AUTH_NONCE_MISMATCH', reason: 'device-nonce-mismatch' })
    other.close()
  })

  test('a forged signature (signed by another key)', async () => {
    const c = await TestClient.open(gw.url)
    const device = createDeviceIdentity()
    const forger = createDeviceIdentity()
    const params = c.connectParams({ token: gw.token, device })
    const forged = signDevice(forger, { clientId: 'cli', clientMode: 'cli', scopes: params.scopes as string[], token: gw.token, nonce: c.challenge.payload.nonce, platform: 'linux' })
    ;(params.device as Record<string, unknown>).signature = forged.signature
    const r = await refusedWith(c, params)
    expect(r.details).toEqual({ code: 'DEVICE_AUTH_SIGNATURE_INVALID', reason: 'device-signature' })
    expect(r.closed).toEqual({ code: 1008, reason: 'device signature invalid' })
  })

  test('a signature over different params (scopes changed after signing)', async () => {
    const c = await TestClient.open(gw.url)
    const params = c.connectParams({ token: gw.token, device: createDeviceIdentity(), scopes: ['operator.read'] })
    params.scopes = ['operator.admin']
    expect((await refusedWith(c, params)).details.code).toBe('DEVICE_AUTH_SIGNATURE_INVALID')
  })

  test('a public key that is not an Ed25519 key', async () => {
    const { c, params } = base(await TestClient.open(gw.url))
    ;(params.device as Record<string, unknown>).publicKey = 'bm90LWEta2V5'
    expect((await refusedWith(c, params)).details.code).toBe('DEVICE_AUTH_PUBLIC_KEY_INVALID')
  })
})
