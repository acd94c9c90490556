import { afterEach, describe, expect, test } from 'bun:test'
import { TestClient } from '../helpers/client.ts'
import { createDeviceIdentity } from '../helpers/device.ts'
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts'
import { openRawWebSocket } from '../helpers/raw-ws.ts'

let gw: TestGateway
afterEach(() => gw?.stop())

describe('events', () => {
  test('tick arrives on the tick interval with a per-connection seq that grows by one', async () => {
    gw = await startTestGateway({ limits: { tickIntervalMs: 30 } })
    const c = await TestClient.connect(gw.url, { token: gw.token, scopes: [] , clientId: 'test', clientMode: 'test' })
    const ticks = [await c.event('tick'), await c.event('tick'), await c.event('tick')]
    const seqs = ticks.map((t) => t.seq)
    expect(seqs[1]).toBe(seqs[0] + 1)
    expect(seqs[2]).toBe(seqs[1] + 1)
    expect(typeof ticks[0]!.payload.ts).toBe('number')
    c.close()
  })

  test('presence: a UI client arriving and leaving is announced to readers with a growing stateVersion', async () => {
    gw = await startTestGateway()
    const reader = await TestClient.connect(gw.url, { token: gw.token, scopes: ['operator.read'] })
    const blind = await TestClient.connect(gw.url, { token: gw.token, clientId: 'test', clientMode: 'test' })
    const ui = await TestClient.connect(gw.url, { token: gw.token, clientId: 'openclaw-macos', clientMode: 'ui', device: createDeviceIdentity(), scopes: ['operator.read'] })
    const isMac = (p: { clientId?: string }) => p.clientId === 'openclaw-macos'
    const arrived = await reader.waitFor((f) => f.event === 'presence' && f.payload.presence.some(isMac))
    expect(arrived.payload.presence.find(isMac).reason).toBe('connect')
    ui.close()
    const left = await reader.waitFor((f) => f.event === 'presence' && f.payload.presence.find(isMac)?.reason === 'disconnect')
    expect(left.stateVersion.presence).toBeGreaterThan(arrived.stateVersion.presence)
    expect(left.seq).toBeGreaterThan(arrived.seq)
    // A client without operator.read never sees presence: a round trip on its socket after both changes
    // (frames to one socket keep their order) shows none was sent. The CLI (ephemeral) has no entry at all.
    await blind.request('health')
    expect(blind.frames.some((f) => f.event === 'presence')).toBe(false)
    const entries = await reader.call('system-presence')
    expect(entries.some((p: { clientId?: string }) => p.clientId === 'cli')).toBe(false)
    reader.close()
    blind.close()
  })

  test('a health probe refreshes the snapshot and broadcasts it to every client, nodes included', async () => {
    gw = await startTestGateway()
    const node = await TestClient.connect(gw.url, { token: gw.token, role: 'node', clientId: 'node-host', clientMode: 'node', scopes: [], device: createDeviceIdentity() })
    const c = await TestClient.connect(gw.url, { token: gw.token })
    const before = c.hello!.snapshot.stateVersion.health
    await c.call('health', { probe: true })
    const ev = await c.event('health')
    expect(ev.stateVersion.health).toBe(before + 1)
    expect(ev.payload.ok).toBe(true)
    expect((await node.event('health')).seq).toBeGreaterThanOrEqual(1)
    node.close()
    c.close()
  })

  test('a consumer that stops reading is closed; the others are served', async () => {
    gw = await startTestGateway({ limits: { maxBufferedBytes: 256 * 1024 } })
    const admin = await TestClient.connect(gw.url, { token: gw.token })
    // Make system-presence answers big (~70 KB each: presence fields are clamped, so many entries).
    for (let i = 0; i < 150; i++) await admin.call('system-event', { text: 'x'.repeat(200), instanceId: `bulk-${i}` })
    const slow = await openRawWebSocket(gw.port)
    slow.send(JSON.stringify({ type: 'req', id: 'c', method: 'connect', params: { minProtocol: 4, maxProtocol: 4, client: { id: 'cli', version: '1', platform: 'linux', mode: 'cli' }, scopes: ['operator.read'], auth: { token: gw.token } } }))
    await Bun.sleep(100)
    slow.socket.pause() // stop reading: the kernel buffers fill, then the gateway's
    for (let i = 0; i < 300; i++) slow.send(JSON.stringify({ type: 'req', id: `p${i}`, method: 'system-presence', params: {} }))
    const healthy = await TestClient.connect(gw.url, { token: gw.token })
    for (let i = 0; i < 20; i++) expect((await healthy.call('health')).ok).toBe(true)
    // The slow socket is gone from the gateway; the admin and the healthy client remain.
    for (let i = 0; i < 200 && gw.runtime.connections.directory.count() !== 2; i++) await Bun.sleep(25)
    expect(gw.runtime.connections.directory.count()).toBe(2)
    slow.socket.destroy()
    healthy.close()
    admin.close()
  })
})

describe('slow consumers', () => {
  test('one that only gets droppable events is still cut once over its budget, without waiting for a tick', async () => {
    gw = await startTestGateway({ limits: { maxBufferedBytes: 64 * 1024, tickIntervalMs: 600_000 } })
    const admin = await TestClient.connect(gw.url, { token: gw.token })
    for (let i = 0; i < 150; i++) await admin.call('system-event', { text: 'x'.repeat(200), instanceId: `bulk-${i}` })
    const slow = await openRawWebSocket(gw.port)
    slow.send(JSON.stringify({ type: 'req', id: 'c', method: 'connect', params: { minProtocol: 4, maxProtocol: 4, client: { id: 'cli', version: '1', platform: 'linux', mode: 'cli' }, scopes: ['operator.read'], auth: { token: gw.token } } }))
    for (let i = 0; i < 200 && gw.runtime.connections.directory.count() !== 2; i++) await Bun.sleep(10)
    slow.socket.pause()
    // Each of these broadcasts a ~70 KB presence event, which a slow reader may miss (dropIfSlow).
    for (let i = 0; i < 400 && gw.runtime.connections.directory.count() === 2; i++) await admin.call('system-event', { text: `update ${i}`, instanceId: 'bulk-0' })
    for (let i = 0; i < 200 && gw.runtime.connections.directory.count() !== 1; i++) await Bun.sleep(25)
    expect(gw.runtime.connections.directory.count()).toBe(1)
    slow.socket.destroy()
    admin.close()
  })
})

describe('HTTP probes on the same port', () => {
  test('/healthz, /readyz and /startupz answer; other methods get 405', async () => {
    gw = await startTestGateway()
    const base = `http://127.0.0.1:${gw.port}`
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ ok: true, status: 'live' })
    expect(await (await fetch(`${base}/readyz`)).json()).toMatchObject({ ready: true, failing: [] })
    expect(await (await fetch(`${base}/startupz`)).json()).toMatchObject({ ok: true, status: 'started' })
    const post = await fetch(`${base}/healthz`, { method: 'POST' })
    expect(post.status).toBe(405)
    expect(post.headers.get('allow')).toBe('GET, HEAD')
    expect((await fetch(`${base}/nowhere`)).status).toBe(404)
  })
})

describe('keepalive', () => {
  test('a peer that stops answering pings is dropped; one that answers stays', async () => {
    gw = await startTestGateway({ limits: { idleTimeoutSec: 8, tickIntervalMs: 60_000 } })
    const alive = await TestClient.connect(gw.url, { token: gw.token }) // Bun's client answers pings
    const dead = await openRawWebSocket(gw.port) // never reads, so never answers a ping
    dead.send(JSON.stringify({ type: 'req', id: 'c', method: 'connect', params: { minProtocol: 4, maxProtocol: 4, client: { id: 'cli', version: '1', platform: 'linux', mode: 'cli' }, scopes: [], auth: { token: gw.token } } }))
    for (let i = 0; i < 40 && gw.runtime.connections.directory.count() < 2; i++) await Bun.sleep(25)
    expect(gw.runtime.connections.directory.count()).toBe(2)
    dead.socket.pause()
    // uWS counts idle time on a coarse timer wheel: allow up to twice the timeout.
    for (let i = 0; i < 400 && gw.runtime.connections.directory.count() !== 1; i++) await Bun.sleep(50)
    expect(gw.runtime.connections.directory.count()).toBe(1)
    expect((await alive.call('health')).ok).toBe(true)
    alive.close()
    dead.socket.destroy()
  }, 40_000)
})
