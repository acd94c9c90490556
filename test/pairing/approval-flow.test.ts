import { afterEach, beforeEach, describe, expect, test } from 'bun:test'
import { PENDING_TTL_MS } from '../../src/store/pairing-store.ts'
import { TestClient } from '../helpers/client.ts'
import { createDeviceIdentity } from '../helpers/device.ts'
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts'
import { connectOperator, connectViaProxy, pairRemoteDevice, requestRemotePairing } from '../helpers/pairing.ts'

let gw: TestGateway
let clockOffset = 0
let operator: TestClient
beforeEach(async () => {
  clockOffset = 0
  gw = await startTestGateway({ settings: { trustedProxies: ['127.0.0.1'] }, clock: () => Date.now() + clockOffset })
  operator = await connectOperator(gw)
})
afterEach(() => gw.stop())

describe('a remote device waits for an operator', () => {
  test('pending → approve → connect with the issued device token', async () => {
    const phone = createDeviceIdentity()
    const { client, res } = await connectViaProxy(gw, '192.0.2.10', { token: gw.token, device: phone, scopes: ['operator.read'] })
    expect(res.error.code).toBe('NOT_PAIRED')
    expect(res.error.details).toMatchObject({ code: 'PAIRING_REQUIRED', reason: 'not-paired', deviceId: phone.id, requestedRole: 'operator' })
    const requestId = res.error.details.requestId
    expect(await client.closed).toEqual({ code: 1008, reason: `pairing required: device is not approved yet (requestId: ${requestId})` })

    const requested = await operator.event('device.pair.requested')
    expect(requested.payload).toMatchObject({ requestId, deviceId: phone.id, remoteIp: '192.0.2.10', scopes: ['operator.read'] })
    const listed = await operator.call('device.pair.list')
    expect(listed.pending.map((p: any) => p.requestId)).toEqual([requestId])

    const approved = await operator.call('device.pair.approve', { requestId })
    expect(approved.requestId).toBe(requestId)
    expect(approved.device).toMatchObject({ deviceId: phone.id, roles: ['operator'], scopes: ['operator.read'], approvedVia: 'owner', connected: false })
    expect((await operator.event('device.pair.resolved')).payload).toMatchObject({ requestId, deviceId: phone.id, decision: 'approved' })

    // With the gateway token it is now let in and handed a device token ...
    const second = await connectViaProxy(gw, '192.0.2.10', { token: gw.token, device: phone, scopes: ['operator.read'] })
    expect(second.res.ok).toBe(true)
    const deviceToken = second.res.payload.auth.deviceToken
    expect(deviceToken).toMatch(/^[A-Za-z0-9_-]{43}$/)
    second.client.close()
    // ... which alone is enough from then on.
    const third = await connectViaProxy(gw, '192.0.2.10', { deviceToken, device: phone, scopes: ['operator.read'] })
    expect(third.res.payload.auth).toMatchObject({ method: 'device-token', role: 'operator', scopes: ['operator.read'] })
    const paired = (await operator.call('device.pair.list')).paired.find((d: any) => d.deviceId === phone.id)
    expect(paired).toMatchObject({ remoteIp: '192.0.2.10', connected: true })
    expect(paired.tokens[0].lastUsedAtMs).toBeNumber()
    expect((await operator.call('device.pair.list')).pending).toEqual([])
    third.client.close()
  })

  test('a reconnect while pending reuses the same request', async () => {
    const laptop = createDeviceIdentity()
    const first = await requestRemotePairing(gw, laptop, '192.0.2.11')
    const again = await requestRemotePairing(gw, laptop, '192.0.2.11')
    expect(again).toBe(first)
    expect((await operator.call('device.pair.list')).pending).toHaveLength(1)
  })

  test('reject: the request is gone, the device is not paired, a retry files a new request', async () => {
    const stranger = createDeviceIdentity()
    const requestId = await requestRemotePairing(gw, stranger, '192.0.2.12')
    expect(await operator.call('device.pair.reject', { requestId })).toEqual({ requestId, deviceId: stranger.id })
    expect((await operator.waitFor((f) => f.event === 'device.pair.resolved')).payload).toMatchObject({ requestId, decision: 'rejected' })
    const listing = await operator.call('device.pair.list')
    expect(listing.pending).toEqual([])
    expect(listing.paired).toEqual([])
    const res = await operator.request('device.pair.approve', { requestId })
    expect(res.error).toMatchObject({ code: 'INVALID_REQUEST', message: 'unknown requestId' })
    expect(await requestRemotePairing(gw, stranger, '192.0.2.12')).not.toBe(requestId)
  })

  test('a request expires after its 5-minute TTL', async () => {
    const late = createDeviceIdentity()
    const requestId = await requestRemotePairing(gw, late, '192.0.2.13')
    clockOffset = PENDING_TTL_MS - 1000
    expect((await operator.call('device.pair.list')).pending).toHaveLength(1)
    clockOffset = PENDING_TTL_MS + 1
    const res = await operator.request('device.pair.approve', { requestId })
    expect(res.error).toMatchObject({ code: 'INVALID_REQUEST', message: 'unknown requestId' })
    expect((await operator.call('device.pair.list')).pending).toEqual([])
  })

  test('unknown request ids and bad params are typed errors', async () => {
    expect((await operator.request('device.pair.reject', { requestId: 'nope' })).error.code).toBe('INVALID_REQUEST')
    expect((await operator.request('device.pair.approve', {})).error.code).toBe('INVALID_REQUEST')
    expect((await operator.request('device.pair.rename', { deviceId: 'x', label: 'y'.repeat(65) })).error.code).toBe('INVALID_REQUEST')
  })
})

describe('a paired device that changes needs a new approval', () => {
  test('changed platform: metadata-upgrade, filed as a repair', async () => {
    const phone = createDeviceIdentity()
    await pairRemoteDevice(gw, operator, phone, '192.0.2.20', { platform: 'ios 18.4', deviceFamily: 'iPhone' })
    const { res } = await connectViaProxy(gw, '192.0.2.20', { token: gw.token, device: phone, scopes: ['operator.read'], platform: 'android', deviceFamily: 'iPhone' })
    expect(res.error.details).toMatchObject({ code: 'PAIRING_REQUIRED', reason: 'metadata-upgrade', approvedRoles: ['operator'] })
    const pending = (await operator.call('device.pair.list')).pending
    expect(pending).toHaveLength(1)
    expect(pending[0]).toMatchObject({ deviceId: phone.id, isRepair: true, platform: 'android' })
  })

  test('more scopes with the gateway token: scope-upgrade request', async () => {
    const tablet = createDeviceIdentity()
    await pairRemoteDevice(gw, operator, tablet, '192.0.2.21')
    const { res } = await connectViaProxy(gw, '192.0.2.21', { token: gw.token, device: tablet, scopes: ['operator.read', 'operator.admin'] })
    expect(res.error.code).toBe('NOT_PAIRED')
    expect(res.error.details).toMatchObject({ reason: 'scope-upgrade', approvedScopes: ['operator.read'], requestedScopes: ['operator.read', 'operator.admin'] })
  })

  test('more scopes with only the device token: AUTH_SCOPE_MISMATCH', async () => {
    const tablet = createDeviceIdentity()
    const deviceToken = await pairRemoteDevice(gw, operator, tablet, '192.0.2.22')
    const { client, res } = await connectViaProxy(gw, '192.0.2.22', { deviceToken, device: tablet, scopes: ['operator.admin'] })
    expect(res.error).toMatchObject({ code: 'INVALID_REQUEST', details: { code: 'AUTH_SCOPE_MISMATCH' } })
    expect((await client.closed).code).toBe(1008)
  })

  test('another role: role-upgrade', async () => {
    const box = createDeviceIdentity()
    await pairRemoteDevice(gw, operator, box, '192.0.2.23')
    const { res } = await connectViaProxy(gw, '192.0.2.23', { token: gw.token, device: box, role: 'node', clientId: 'node-host', clientMode: 'node', scopes: [] })
    expect(res.error.details).toMatchObject({ code: 'PAIRING_REQUIRED', reason: 'role-upgrade', requestedRole: 'node' })
  })
})

describe('who may approve what', () => {
  test('an approver cannot grant scopes it does not hold', async () => {
    const pairingOnly = await connectOperator(gw, ['operator.pairing'])
    const greedy = createDeviceIdentity()
    const requestId = await requestRemotePairing(gw, greedy, '192.0.2.30', { scopes: ['operator.admin'] })
    const res = await pairingOnly.request('device.pair.approve', { requestId })
    expect(res.error).toMatchObject({ code: 'FORBIDDEN', details: { code: 'MISSING_SCOPE', missingScope: 'operator.admin' } })
    expect((await operator.call('device.pair.list')).pending).toHaveLength(1)
  })

  test('approving a node needs operator.admin', async () => {
    const pairingOnly = await connectOperator(gw, ['operator.pairing', 'operator.write'])
    const node = createDeviceIdentity()
    const requestId = await requestRemotePairing(gw, node, '192.0.2.31', { role: 'node', clientId: 'node-host', clientMode: 'node', scopes: [] })
    const denied = await pairingOnly.request('device.pair.approve', { requestId })
    expect(denied.error.details).toMatchObject({ code: 'MISSING_SCOPE', missingScope: 'operator.admin' })
    const ok = await operator.call('device.pair.approve', { requestId })
    expect(ok.device.roles).toEqual(['node'])
  })

  test('operator.pairing plus the requested scopes is enough', async () => {
    const pairing = await connectOperator(gw, ['operator.pairing', 'operator.read'])
    const reader = createDeviceIdentity()
    const requestId = await requestRemotePairing(gw, reader, '192.0.2.32')
    expect((await pairing.call('device.pair.approve', { requestId })).device.scopes).toEqual(['operator.read'])
  })

  test('pairing events reach only operators holding operator.pairing', async () => {
    const reader = await connectOperator(gw, ['operator.read'])
    const requestId = await requestRemotePairing(gw, createDeviceIdentity(), '192.0.2.33')
    expect((await operator.event('device.pair.requested')).payload.requestId).toBe(requestId)
    await operator.call('device.pair.reject', { requestId })
    await operator.event('device.pair.resolved')
    expect(reader.frames.filter((f) => String(f.event).startsWith('device.pair'))).toEqual([])
    expect((await reader.request('device.pair.list')).error.details.code).toBe('MISSING_SCOPE')
  })
})
