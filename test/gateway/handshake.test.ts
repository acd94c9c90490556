import { afterEach, beforeEach, describe, expect, test } from 'bun:test'
import { TestClient } from '../helpers/client.ts'
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts'

let gw: TestGateway
beforeEach(async () => {
  gw = await startTestGateway()
})
afterEach(() => gw.stop())

describe('the mandatory handshake', () => {
  test('sends connect.challenge at once, without seq', async () => {
    const c = await TestClient.open(gw.url)
    expect(c.challenge.payload.nonce).toMatch(/^[0-9a-f-]{36}$/)
    expect(typeof c.challenge.payload.ts).toBe('number')
    expect(c.challenge.seq).toBeUndefined()
    c.close()
  })

  test('a request before connect gets INVALID_REQUEST and close 1008', async () => {
    const c = await TestClient.open(gw.url)
    const res = await c.request('health', {})
    expect(res.ok).toBe(false)
    expect(res.error).toEqual({ code: 'INVALID_REQUEST', message: 'invalid handshake: first request must be connect' })
    expect(await c.closed).toEqual({ code: 1008, reason: 'invalid handshake: first request must be connect' })
  })

  test('a non-JSON first frame closes 1000 without a response', async () => {
    const c = await TestClient.open(gw.url)
    c.sendRaw('hello there, not json')
    expect(await c.closed).toEqual({ code: 1000, reason: '' })
    expect(c.frames).toEqual([])
  })

  test('JSON that is not a request frame closes 1008 "invalid request frame"', async () => {
    const c = await TestClient.open(gw.url)
    c.sendRaw(JSON.stringify({ hello: 1 }))
    expect(await c.closed).toEqual({ code: 1008, reason: 'invalid request frame' })
  })

  test('an unknown client id is refused with the ajv-style reason', async () => {
    const c = await TestClient.open(gw.url)
    const res = await c.sendConnect({ token: gw.token, clientId: 'my-custom-client' })
    const reason = 'invalid connect params: at /client/id: must be equal to one of the allowed values'
    expect(res.error).toEqual({ code: 'INVALID_REQUEST', message: reason })
    expect(await c.closed).toEqual({ code: 1008, reason })
  })

  test('extra keys in connect params are refused (closed object)', async () => {
    const c = await TestClient.open(gw.url)
    const res = await c.sendConnect({ token: gw.token, extra: { surprise: true } })
    expect(res.error.message).toBe('invalid connect params: must NOT have additional properties')
    expect((await c.closed).code).toBe(1008)
  })

  test('protocol 3 from an operator: PROTOCOL_MISMATCH and close 1002', async () => {
    const c = await TestClient.open(gw.url)
    const res = await c.sendConnect({ token: gw.token, minProtocol: 3, maxProtocol: 3 })
    expect(res.error.details).toEqual({
      code: 'PROTOCOL_MISMATCH', clientMinProtocol: 3, clientMaxProtocol: 3, expectedProtocol: 4, minimumProbeProtocol: 3,
    })
    expect(await c.closed).toEqual({ code: 1002, reason: 'protocol mismatch' })
  })

  test('a probe may still speak protocol 3..4 and gets protocol 4', async () => {
    const c = await TestClient.open(gw.url)
    const res = await c.sendConnect({ token: gw.token, clientId: 'openclaw-probe', clientMode: 'probe', minProtocol: 3, maxProtocol: 3 })
    expect(res.ok).toBe(true)
    expect(res.payload.protocol).toBe(4)
    c.close()
  })

  test('an invalid role is refused', async () => {
    const c = await TestClient.open(gw.url)
    const res = await c.sendConnect({ token: gw.token, role: 'admin' })
    expect(res.error.message).toBe('invalid role')
    expect(await c.closed).toEqual({ code: 1008, reason: 'invalid role' })
  })

  test('a worker identity is refused with invalid-handshake', async () => {
    const c = await TestClient.open(gw.url)
    c.sendRaw(JSON.stringify({ type: 'req', id: 'w', method: 'connect', params: { role: 'worker' } }))
    expect(await c.closed).toEqual({ code: 1008, reason: 'invalid-handshake' })
  })

  test('a frame over 64 KiB before hello closes 1009', async () => {
    const c = await TestClient.open(gw.url)
    c.sendRaw(JSON.stringify({ type: 'req', id: 'x', method: 'connect', params: { pad: 'x'.repeat(70_000) } }))
    expect(await c.closed).toEqual({ code: 1009, reason: 'preauth payload too large' })
  })

  test('a silent client is closed 1000 when the handshake times out', async () => {
    await gw.stop()
    gw = await startTestGateway({ limits: { handshakeTimeoutMs: 200 } })
    const c = await TestClient.open(gw.url)
    const started = Date.now()
    expect(await c.closed).toEqual({ code: 1000, reason: '' })
    expect(Date.now() - started).toBeGreaterThanOrEqual(150)
  })

  test('more than 32 unauthenticated sockets from one address are refused', async () => {
    const open: TestClient[] = []
    for (let i = 0; i < 32; i++) open.push(await TestClient.open(gw.url))
    const refused = new WebSocket(gw.url)
    const outcome = await new Promise<string>((resolve) => {
      refused.addEventListener('open', () => resolve('open'))
      refused.addEventListener('error', () => resolve('refused'))
    })
    expect(outcome).toBe('refused')
    // Finishing a handshake frees a slot.
    await open[0]!.sendConnect({ token: gw.token })
    const again = await TestClient.open(gw.url)
    expect(again.challenge).toBeDefined()
    for (const c of [...open, again]) c.close()
  })

  test('a proxied loopback connection without a trusted proxy is refused with 403 at the upgrade', async () => {
    const res = await fetch(`http://127.0.0.1:${gw.port}/`, {
      headers: { upgrade: 'websocket', connection: 'Upgrade', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==', 'sec-websocket-version': '13', 'x-forwarded-for': '192.0.2.7' },
    })
    expect(res.status).toBe(403)
    expect((await res.json()).error.type).toBe('proxy_attribution_required')
  })
})

describe('hello-ok', () => {
  test('carries protocol, server, features, snapshot, auth and policy', async () => {
    const c = await TestClient.connect(gw.url, { token: gw.token })
    const hello = c.hello!
    expect(hello.type).toBe('hello-ok')
    expect(hello.protocol).toBe(4)
    expect(hello.server.connId).toMatch(/^[0-9a-f-]{36}$/)
    expect(hello.features.methods).toContain('health')
    expect(hello.features.methods).toContain('system-presence')
    expect(hello.features.events).toContain('tick')
    expect(hello.snapshot.health.ok).toBe(true)
    expect(hello.snapshot.stateVersion).toEqual({ presence: 1, health: 1 })
    expect(hello.snapshot.presence[0].mode).toBe('gateway')
    expect(hello.policy).toMatchObject({ maxPayload: 26214400, maxBufferedBytes: 52428800, tickIntervalMs: 30000 })
    expect(hello.auth).toMatchObject({ method: 'token', role: 'operator' })
    c.close()
  })
})
