import { afterEach, beforeEach, describe, expect, test } from 'bun:test'
import { TestClient } from '../helpers/client.ts'
import { createDeviceIdentity, signDevice, type DeviceIdentity } from '../helpers/device.ts'
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts'
import { connectOperator, connectViaProxy } from '../helpers/pairing.ts'

let gw: TestGateway
beforeEach(async () => {
  gw = await startTestGateway({ settings: { trustedProxies: ['127.0.0.1'] } })
})
afterEach(() => gw.stop())

/** Sends a remote connect whose device block is built by `forge` instead of honestly. */
async function forgedConnect(forge: (client: TestClient, honest: DeviceIdentity) => ReturnType<typeof signDevice>) {
  const honest = createDeviceIdentity()
  const client = await TestClient.open(gw.url, { 'X-Forwarded-For': '192.0.2.80' })
  const params = client.connectParams({ token: gw.token, scopes: ['operator.read'] })
  const res = await client.request('connect', { ...params, device: forge(client, honest) })
  return { res, closed: await client.closed }
}

const signed = (c: TestClient, identity: DeviceIdentity, extra: { nonce?: string; signedAt?: number } = {}) =>
  signDevice(identity, {
    clientId: 'cli', clientMode: 'cli', scopes: ['operator.read'], token: gw.token, nonce: extra.nonce ?? c.challenge.payload.nonce,
    platform: 'linux', signedAt: extra.signedAt,
  })

describe('a device must prove its key on this socket, now', () => {
  const cases: [string, string, (c: TestClient, honest: DeviceIdentity) => ReturnType<typeof signDevice>][] = [
    ['a forged signature', 'DEVICE_AUTH_SIGNATURE_INVALID', (c, honest) => {
      const forger = createDeviceIdentity()
      return signed(c, { ...honest, privateKey: forger.privateKey })
    }],
    ['a stale signedAt', 'DEVICE_AUTH_SIGNATURE_EXPIRED', (c, honest) => signed(c, honest, { signedAt: Date.now() - 10 * 60_000 })],
    ['a device id that does not match its key', 'DEVICE_AUTH_DEVICE_ID_MISMATCH', (c, honest) => signed(c, { ...honest, id: createDeviceIdentity().id })],
  ]
  for (const [name, code, forge] of cases) {
    test(`${name}: ${code}, close 1008, no pairing request`, async () => {
      const { res, closed } = await forgedConnect(forge)
      expect(res.error).toMatchObject({ code: 'INVALID_REQUEST', details: { code } })
      expect(closed).toEqual({ code: 1008, reason: res.error.message })
      const operator = await connectOperator(gw)
      expect((await operator.call('device.pair.list')).pending).toEqual([])
    })
  }

  test('a nonce from another socket: DEVICE_AUTH_NONCE_MISMATCH', async () => {
    const other = await TestClient.open(gw.url)
    const { res, closed } = await forgedConnect((c, honest) => signed(c, honest, { nonce: other.challenge.payload.nonce }))
    expect(res.error.details.code).toBe('DEVICE_AUTH_NONCE_MISMATCH')
    expect(closed.code).toBe(1008)
    other.close()
  })
})

async function upgradeStatus(headers: Record<string, string>): Promise<number> {
  const upgrade = { upgrade: 'websocket', connection: 'Upgrade', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==', 'sec-websocket-version': '13' }
  return (await fetch(`http://127.0.0.1:${gw.port}/`, { headers: { ...upgrade, ...headers } })).status
}

describe('forwarding headers', () => {
  test('from a peer that is not a trusted proxy: the upgrade is refused with 403', async () => {
    await gw.stop()
    gw = await startTestGateway({ settings: { trustedProxies: ['10.9.9.9'] } })
    expect(await upgradeStatus({ 'X-Forwarded-For': '192.0.2.81', 'X-Real-IP': '127.0.0.1' })).toBe(403)
  })

  test('a trusted proxy forwarding "127.0.0.1" does not make a client local: it is refused as unattributable', async () => {
    expect(await upgradeStatus({ 'X-Forwarded-For': '127.0.0.1' })).toBe(403)
  })

  test('the client is the rightmost hop that is not our proxy; spoofed hops to its left are ignored', async () => {
    const device = createDeviceIdentity()
    const { res } = await connectViaProxy(gw, '127.0.0.1, 192.0.2.82', { token: gw.token, device, scopes: ['operator.read'] })
    expect(res.error.code).toBe('NOT_PAIRED')
    const operator = await connectOperator(gw)
    expect((await operator.call('device.pair.list')).pending[0].remoteIp).toBe('192.0.2.82')
  })

  test('a shared-token client without a device gets no scopes when remote', async () => {
    const { client, res } = await connectViaProxy(gw, '192.0.2.83', { token: gw.token })
    expect(res.payload.auth.scopes).toEqual([])
    expect((await client.request('device.pair.list')).error.details.code).toBe('MISSING_SCOPE')
    client.close()
  })

  test('the same device connecting directly over loopback is approved silently', async () => {
    const device = createDeviceIdentity()
    const c = await TestClient.connect(gw.url, { token: gw.token, device, scopes: ['operator.read'] })
    expect(c.hello?.auth.deviceToken).toBeString()
    c.close()
  })
})
