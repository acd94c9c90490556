import { afterEach, beforeEach, describe, expect, test } from 'bun:test'
import { TestClient } from '../helpers/client.ts'
import { createDeviceIdentity, type DeviceIdentity } from '../helpers/device.ts'
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts'
import { connectOperator, connectViaProxy, pairRemoteDevice } from '../helpers/pairing.ts'

let gw: TestGateway
let admin: TestClient
beforeEach(async () => {
  gw = await startTestGateway({ settings: { trustedProxies: ['127.0.0.1'] } })
  admin = await connectOperator(gw)
})
afterEach(() => gw.stop())

const MANAGER_SCOPES = ['operator.read', 'operator.pairing']

/** A remote device paired with `scopes`, and a live socket it opened with its device token alone. */
async function liveDevice(ip: string, scopes = MANAGER_SCOPES) {
  const device = createDeviceIdentity()
  const token = await pairRemoteDevice(gw, admin, device, ip, { scopes })
  const { client, res } = await connectViaProxy(gw, ip, { deviceToken: token, device, scopes })
  expect(res.payload.auth.method).toBe('device-token')
  return { device, token, client, ip, scopes }
}

async function connectWithToken(device: DeviceIdentity, deviceToken: string, ip: string, scopes = MANAGER_SCOPES) {
  return connectViaProxy(gw, ip, { deviceToken, device, scopes })
}

describe('device.token.rotate', () => {
  test('by an admin: the old token stops at once, its socket is closed 4001, the bearer is withheld', async () => {
    const d = await liveDevice('192.0.2.40')
    const result = await admin.call('device.token.rotate', { deviceId: d.device.id, role: 'operator' })
    expect(result).toMatchObject({ deviceId: d.device.id, role: 'operator', scopes: MANAGER_SCOPES, tokenDelivery: 'withheld-cross-device' })
    expect(result.token).toBeUndefined()
    expect(await d.client.closed).toEqual({ code: 4001, reason: 'client invalidated: token rotated' })
    const { res } = await connectWithToken(d.device, d.token, d.ip)
    expect(res.error.details.code).toBe('AUTH_DEVICE_TOKEN_MISMATCH')
  })

  test('by the device itself: the new token comes back in-band and works at once', async () => {
    const d = await liveDevice('192.0.2.41')
    const result = await d.client.call('device.token.rotate', { deviceId: d.device.id, role: 'operator' })
    expect(result.tokenDelivery).toBe('in-band')
    expect(result.token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    // Its own socket authenticated with the old token: closed once the answer is out.
    expect((await d.client.closed).code).toBe(4001)
    const fresh = await connectWithToken(d.device, result.token, d.ip)
    expect(fresh.res.ok).toBe(true)
    const stale = await connectWithToken(d.device, d.token, d.ip)
    expect(stale.res.error.details.code).toBe('AUTH_DEVICE_TOKEN_MISMATCH')
    fresh.client.close()
  })

  test('narrowing scopes is allowed; widening beyond the approval is refused', async () => {
    const d = await liveDevice('192.0.2.42')
    const narrowed = await admin.call('device.token.rotate', { deviceId: d.device.id, role: 'operator', scopes: ['operator.read'] })
    expect(narrowed.scopes).toEqual(['operator.read'])
    const wider = await admin.request('device.token.rotate', { deviceId: d.device.id, role: 'operator', scopes: ['operator.admin'] })
    expect(wider.error.code).toBe('INVALID_REQUEST')
  })

  test('a role the device was never approved for is refused', async () => {
    const d = await liveDevice('192.0.2.43')
    const res = await admin.request('device.token.rotate', { deviceId: d.device.id, role: 'node' })
    expect(res.error.code).toBe('INVALID_REQUEST')
    d.client.close()
  })
})

describe('device.token.revoke', () => {
  test('closes the sockets that used the token, keeps the ones that used the gateway token', async () => {
    const d = await liveDevice('192.0.2.50')
    const viaShared = await connectViaProxy(gw, d.ip, { token: gw.token, device: d.device, scopes: d.scopes })
    expect(viaShared.res.payload.auth.method).toBe('token')
    const result = await admin.call('device.token.revoke', { deviceId: d.device.id, role: 'operator' })
    expect(result).toMatchObject({ deviceId: d.device.id, role: 'operator' })
    expect(await d.client.closed).toEqual({ code: 4001, reason: 'client invalidated: token revoked' })
    expect((await viaShared.client.call('health')).ok).toBe(true)
    const { res } = await connectWithToken(d.device, d.token, d.ip)
    expect(res.error.details.code).toBe('AUTH_DEVICE_TOKEN_MISMATCH')
    const summary = (await admin.call('device.pair.list')).paired.find((p: any) => p.deviceId === d.device.id)
    expect(summary.tokens[0].revokedAtMs).toBeNumber()
    viaShared.client.close()
  })

  test('a non-admin device-token caller may revoke only its own token', async () => {
    const a = await liveDevice('192.0.2.51')
    const b = await liveDevice('192.0.2.52')
    const res = await b.client.request('device.token.revoke', { deviceId: a.device.id, role: 'operator' })
    expect(res.error.code).toBe('INVALID_REQUEST')
    expect((await a.client.call('health')).ok).toBe(true)
    const own = await b.client.request('device.token.revoke', { deviceId: b.device.id, role: 'operator' })
    expect(own.ok).toBe(true)
    expect((await b.client.closed).code).toBe(4001)
    a.client.close()
  })

  test('node tokens are admin-only', async () => {
    const node = createDeviceIdentity()
    const nodeOpts = { role: 'node', clientId: 'node-host', clientMode: 'node', scopes: [] }
    await pairRemoteDevice(gw, admin, node, '192.0.2.53', nodeOpts)
    const pairingOnly = await connectOperator(gw, ['operator.pairing', 'operator.write'])
    const denied = await pairingOnly.request('device.token.revoke', { deviceId: node.id, role: 'node' })
    expect(denied.error.code).toBe('INVALID_REQUEST')
    const ok = await admin.call('device.token.revoke', { deviceId: node.id, role: 'node' })
    expect(ok.revokedAtMs).toBeNumber()
  })
})

describe('device.pair.remove and rename', () => {
  test('remove closes every live socket of the device with 4001 "device removed"', async () => {
    const d = await liveDevice('192.0.2.60')
    expect(await admin.call('device.pair.remove', { deviceId: d.device.id })).toEqual({ deviceId: d.device.id })
    expect(await d.client.closed).toEqual({ code: 4001, reason: 'device removed' })
    expect((await admin.call('device.pair.list')).paired).toEqual([])
    const { res } = await connectWithToken(d.device, d.token, d.ip)
    expect(res.ok).toBe(false)
    const again = await connectViaProxy(gw, d.ip, { token: gw.token, device: d.device, scopes: d.scopes })
    expect(again.res.error.details.reason).toBe('not-paired')
  })

  test('a device-token caller may not remove or rename another device', async () => {
    const a = await liveDevice('192.0.2.61')
    const b = await liveDevice('192.0.2.62')
    const remove = await b.client.request('device.pair.remove', { deviceId: a.device.id })
    expect(remove.error).toMatchObject({ code: 'FORBIDDEN', details: { code: 'MISSING_SCOPE', missingScope: 'operator.admin' } })
    const rename = await b.client.request('device.pair.rename', { deviceId: a.device.id, label: 'mine now' })
    expect(rename.error.details.code).toBe('MISSING_SCOPE')
    expect(await b.client.call('device.pair.rename', { deviceId: b.device.id, label: '  Kitchen Mac ' })).toEqual({ deviceId: b.device.id, label: 'Kitchen Mac' })
    const labels = (await admin.call('device.pair.list')).paired.map((p: any) => p.operatorLabel ?? null)
    expect(labels.sort()).toEqual(['Kitchen Mac', null])
    a.client.close()
    b.client.close()
  })

  test('unknown device ids are INVALID_REQUEST', async () => {
    expect((await admin.request('device.pair.remove', { deviceId: 'nope' })).error.code).toBe('INVALID_REQUEST')
    expect((await admin.request('device.pair.rename', { deviceId: 'nope', label: 'x' })).error.code).toBe('INVALID_REQUEST')
    expect((await admin.request('device.token.revoke', { deviceId: 'nope', role: 'operator' })).error.code).toBe('INVALID_REQUEST')
  })
})
