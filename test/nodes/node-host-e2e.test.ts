import { afterAll, afterEach, beforeAll, describe, expect, test } from 'bun:test'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ENTRY, exitWithin, startTestGateway, type TestGateway } from '../helpers/gateway.ts'
import type { TestClient } from '../helpers/client.ts'
import { connectOperator, invokeParams } from './node-helpers.ts'

// Our own `openclaw node run`, as a child process, against a gateway on loopback.
let gw: TestGateway
let admin: TestClient
let nodeState: string
let proc: ReturnType<typeof Bun.spawn> | undefined
let output = ''

function spawnNodeHost(port: number): ReturnType<typeof Bun.spawn> {
  const child = Bun.spawn([process.execPath, ENTRY, 'node', 'run', '--host', '127.0.0.1', '--port', String(port)], {
    env: { ...process.env, OPENCLAW_STATE_DIR: nodeState, OPENCLAW_GATEWAY_TOKEN: gw.token, OPENCLAW_LOG_LEVEL: '3' },
    stdout: 'pipe',
    stderr: 'pipe',
  })
  const decoder = new TextDecoder()
  for (const stream of [child.stdout, child.stderr] as ReadableStream<Uint8Array>[]) {
    void (async () => {
      for await (const chunk of stream) output += decoder.decode(chunk)
    })()
  }
  return child
}

async function stopNodeHost(): Promise<void> {
  proc?.kill('SIGTERM')
  if (proc) expect(await exitWithin(proc, 5000)).toBe(0)
  proc = undefined
}

beforeAll(async () => {
  nodeState = mkdtempSync(join(tmpdir(), 'openclaw-node-'))
  writeFileSync(join(nodeState, 'node-host.json'), '{ systemRun: { allow: ["echo"], timeoutMs: 5000 } }')
  gw = await startTestGateway()
  admin = await connectOperator(gw)
})
afterEach(() => stopNodeHost())
afterAll(async () => {
  await gw.stop()
  rmSync(nodeState, { recursive: true, force: true })
})

describe('openclaw node run', () => {
  test('pairs, is approved, and serves system.which, system.run (allowlisted only) and canvas.write', async () => {
    proc = spawnNodeHost(gw.port)
    const requested = await admin.event('node.pair.requested', 10_000)
    const { nodeId, requestId, commands, caps } = requested.payload
    expect(caps).toEqual(['canvas', 'system'])
    expect(commands).toEqual(['canvas.a2ui.push', 'canvas.a2ui.reset', 'canvas.present', 'canvas.read', 'canvas.write', 'system.run', 'system.which'])
    await admin.call('node.pair.approve', { requestId })

    const which = await admin.call('node.invoke', invokeParams(nodeId, 'system.which', { params: { bins: ['sh', 'no-such-binary-here'] } }))
    expect(Object.keys(which.payload.bins)).toEqual(['sh'])

    const echo = await admin.call('node.invoke', invokeParams(nodeId, 'system.run', { params: { command: ['echo', 'hello', '$HOME;'] } }))
    // argv, no shell: nothing is expanded
    expect(echo.payload).toMatchObject({ exitCode: 0, success: true, timedOut: false, stdout: 'hello $HOME;\n' })

    const refused = await admin.request('node.invoke', invokeParams(nodeId, 'system.run', { params: { command: ['sh', '-c', 'id'] } }))
    expect(refused.error.details.nodeError.code).toBe('NOT_ALLOWED')

    const written = await admin.call('node.invoke', invokeParams(nodeId, 'canvas.write', { params: { path: 'from-node/index.html', content: '<p>node</p>' } }))
    expect(written.payload.url).toBe(`http://127.0.0.1:${gw.port}/__openclaw__/canvas/from-node/index.html`)
    expect(readFileSync(join(gw.stateDir, 'canvas', 'from-node', 'index.html'), 'utf8')).toBe('<p>node</p>')
    const read = await admin.call('node.invoke', invokeParams(nodeId, 'canvas.read', { params: { path: 'from-node/index.html' } }))
    expect(read.payload.content).toBe('<p>node</p>')
  })

  test('keeps its identity (0600) across restarts: same node id, no new approval', async () => {
    const identity = join(nodeState, 'identity', 'device.json')
    expect(statSync(identity).mode & 0o777).toBe(0o600)
    expect(statSync(join(nodeState, 'identity', 'device-auth.json')).mode & 0o777).toBe(0o600)
    const { deviceId } = JSON.parse(readFileSync(identity, 'utf8'))
    admin.frames.length = 0 // only events from this run count
    proc = spawnNodeHost(gw.port)
    const back = await admin.waitFor((f) => f.event === 'node.presence' && f.payload.nodeId === deviceId && f.payload.connected, 10_000)
    expect(back.payload.lastSeenReason).toBe('connect')
    expect((await admin.call('node.describe', { nodeId: deviceId })).approvalState).toBe('approved')
    expect((await admin.call('node.pair.list')).pending).toEqual([])
  })

  test('reconnects by itself after the gateway restarts', async () => {
    admin.frames.length = 0
    proc = spawnNodeHost(gw.port)
    const { deviceId } = JSON.parse(readFileSync(join(nodeState, 'identity', 'device.json'), 'utf8'))
    await admin.waitFor((f) => f.event === 'node.presence' && f.payload.nodeId === deviceId && f.payload.connected, 10_000)
    const port = gw.port
    await gw.stop()
    gw = await startTestGateway({ settings: { port } })
    admin = await connectOperator(gw)
    // A fresh in-memory gateway: the node comes back on its own and asks for approval again.
    const requested = await admin.event('node.pair.requested', 10_000)
    expect(requested.payload.nodeId).toBe(deviceId)
    expect(output).toContain('retrying in')
  })
})
