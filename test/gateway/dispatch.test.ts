import { afterEach, beforeEach, describe, expect, test } from 'bun:test'
import { TestClient } from '../helpers/client.ts'
import { createDeviceIdentity } from '../helpers/device.ts'
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts'

let gw: TestGateway
beforeEach(async () => {
  gw = await startTestGateway()
})
afterEach(() => gw.stop())

describe('requests after hello-ok', () => {
  test('an unknown method is INVALID_REQUEST for an admin and FORBIDDEN for others; the socket stays open', async () => {
    const admin = await TestClient.connect(gw.url, { token: gw.token })
    expect((await admin.request('no.such.method', {})).error).toEqual({ code: 'INVALID_REQUEST', message: 'unknown method: no.such.method' })
    const reader = await TestClient.connect(gw.url, { token: gw.token, scopes: ['operator.read'] })
    expect((await reader.request('no.such.method', {})).error.details.missingScope).toBe('operator.admin')
    expect((await admin.call('health')).ok).toBe(true)
    admin.close()
    reader.close()
  })

  test('a second connect is treated like any unclassified method', async () => {
    const c = await TestClient.connect(gw.url, { token: gw.token, scopes: ['operator.read'] })
    const res = await c.request('connect', c.connectParams({ token: gw.token }))
    expect(res.error.code).toBe('FORBIDDEN')
    expect(res.error.details.code).toBe('MISSING_SCOPE')
    c.close()
  })

  test('invalid params name the method and the problem', async () => {
    const c = await TestClient.connect(gw.url, { token: gw.token })
    const res = await c.request('system-event', { text: 'x', bogus: 1 })
    expect(res.error).toEqual({ code: 'INVALID_REQUEST', message: 'invalid system-event params: must NOT have additional properties' })
    const missing = await c.request('set-heartbeats', {})
    expect(missing.error.message).toBe("invalid set-heartbeats params: must have required property 'enabled'")
    c.close()
  })

  test('a non-JSON frame is ignored and a malformed frame answered with its id', async () => {
    const c = await TestClient.connect(gw.url, { token: gw.token })
    c.sendRaw('not json after connect')
    c.sendRaw(JSON.stringify({ type: 'req', id: 'nomethod' }))
    const res = await c.waitFor((f) => f.id === 'nomethod')
    expect(res.error).toEqual({ code: 'INVALID_REQUEST', message: "invalid request frame: must have required property 'method'" })
    c.sendRaw(JSON.stringify({ type: 'req', method: 'health' }))
    expect((await c.waitFor((f) => f.id === 'invalid')).error.code).toBe('INVALID_REQUEST')
    expect((await c.call('health')).ok).toBe(true)
    c.close()
  })

  test('a node may call health but not operator methods; repeated violations close the socket', async () => {
    const node = await TestClient.connect(gw.url, { token: gw.token, role: 'node', clientId: 'node-host', clientMode: 'node', scopes: [], device: createDeviceIdentity() })
    expect(node.hello?.auth.role).toBe('node')
    expect((await node.call('health')).ok).toBe(true)
    expect((await node.request('status', {})).error).toEqual({ code: 'INVALID_REQUEST', message: 'unauthorized role: node' })
    for (let i = 0; i < 11; i++) node.sendRaw(JSON.stringify({ type: 'req', id: `s${i}`, method: 'status', params: {} }))
    expect(await node.closed).toEqual({ code: 1008, reason: 'repeated unauthorized calls' })
  })

  test('a node without a device identity is refused, even the local backend client', async () => {
    for (const [clientId, clientMode] of [['node-host', 'node'], ['gateway-client', 'backend']]) {
      const c = await TestClient.open(gw.url)
      const res = await c.sendConnect({ token: gw.token, role: 'node', clientId, clientMode, scopes: [] })
      expect(res.error.details.code).toBe('DEVICE_IDENTITY_REQUIRED')
    }
  })

  test('fifty pipelined requests are all answered, each under its own id', async () => {
    const c = await TestClient.connect(gw.url, { token: gw.token })
    const ids = Array.from({ length: 50 }, (_, i) => `p${i}`)
    for (const id of ids) c.sendRaw(JSON.stringify({ type: 'req', id, method: 'health', params: {} }))
    const answers = await Promise.all(ids.map((id) => c.waitFor((f) => f.id === id)))
    expect(answers.every((a) => a.ok)).toBe(true)
    c.close()
  })
})

describe('idempotency', () => {
  test('a retried system-event with the same key runs once and gets the first response', async () => {
    const watcher = await TestClient.connect(gw.url, { token: gw.token, clientId: 'openclaw-control-ui', clientMode: 'ui', device: createDeviceIdentity() })
    await watcher.event('presence') // its own arrival
    const c = await TestClient.connect(gw.url, { token: gw.token })
    const params = { text: 'idle', idempotencyKey: 'k-1', instanceId: 'desk-1' }
    const [a, b] = await Promise.all([c.call('system-event', params), c.call('system-event', params)])
    expect(a).toEqual({ ok: true })
    expect(b).toEqual(a)
    expect(await c.call('system-event', params)).toEqual(a)
    await watcher.event('presence')
    await c.call('system-event', { text: 'other', instanceId: 'desk-2' })
    const next = await watcher.event('presence')
    // Exactly one presence broadcast came from the three calls with key k-1, then one from desk-2.
    expect(next.payload.presence.some((p: { instanceId?: string }) => p.instanceId === 'desk-2')).toBe(true)
    expect(watcher.frames.filter((f) => f.event === 'presence')).toEqual([])
    watcher.close()
    c.close()
  })
})
