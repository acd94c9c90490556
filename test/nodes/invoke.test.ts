import { afterEach, beforeEach, describe, expect, test } from 'bun:test'
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts'
import type { TestClient } from '../helpers/client.ts'
import { approveNode, connectNode, connectOperator, invokeParams, serveInvokes, type TestNode } from './node-helpers.ts'

let gw: TestGateway
let admin: TestClient
let node: TestNode
beforeEach(async () => {
  gw = await startTestGateway()
  admin = await connectOperator(gw)
  node = await connectNode(gw)
  await approveNode(admin, node)
})
afterEach(() => gw.stop())

describe('node.invoke', () => {
  test('goes to the node as node.invoke.request (no seq) and comes back as the operator response', async () => {
    serveInvokes(node, (command, params) => ({ command, echoed: params }))
    const pending = admin.call('node.invoke', invokeParams(node.nodeId, 'system.which', { params: { bins: ['sh'] }, timeoutMs: 5000 }))
    const request = await node.client.event('node.invoke.request')
    expect(request.seq).toBeUndefined()
    expect(request.payload).toMatchObject({ nodeId: node.nodeId, command: 'system.which', paramsJSON: '{"bins":["sh"]}', timeoutMs: 5000 })
    const result = await pending
    expect(result).toEqual({
      ok: true, nodeId: node.nodeId, command: 'system.which',
      payload: { command: 'system.which', echoed: { bins: ['sh'] } },
      payloadJSON: '{"command":"system.which","echoed":{"bins":["sh"]}}',
    })
  })

  test('a node-reported failure becomes UNAVAILABLE with details.nodeError', async () => {
    node.client.ws.addEventListener('message', (ev) => {
      const f = JSON.parse(String(ev.data))
      if (f.event !== 'node.invoke.request') return
      node.client.sendRaw(JSON.stringify({ type: 'req', id: 'x', method: 'node.invoke.result', params: { id: f.payload.id, nodeId: node.nodeId, ok: false, error: { code: 'NOT_ALLOWED', message: 'no' } } }))
    })
    const res = await admin.request('node.invoke', invokeParams(node.nodeId, 'canvas.read'))
    expect(res.error.code).toBe('UNAVAILABLE')
    expect(res.error.details.nodeError).toEqual({ code: 'NOT_ALLOWED', message: 'no' })
  })

  test('times out with nodeError TIMEOUT, tells the node to cancel, and ignores the late answer', async () => {
    const res = await admin.request('node.invoke', invokeParams(node.nodeId, 'canvas.read', { timeoutMs: 100 }))
    expect(res.error.code).toBe('UNAVAILABLE')
    expect(res.error.details).toMatchObject({ code: 'TIMEOUT', nodeError: { code: 'TIMEOUT' } })
    const request = await node.client.event('node.invoke.request')
    expect((await node.client.event('node.invoke.cancel')).payload.invokeId).toBe(request.payload.id)
    const late = await node.client.call('node.invoke.result', { id: request.payload.id, nodeId: node.nodeId, ok: true, payloadJSON: '{}' })
    expect(late).toEqual({ ok: true, ignored: true })
  })

  test('a node that disconnects mid-invoke fails the call at once', async () => {
    const pending = admin.request('node.invoke', invokeParams(node.nodeId, 'canvas.read', { timeoutMs: 30_000 }))
    await node.client.event('node.invoke.request')
    node.client.close()
    const res = await pending
    expect(res.error.code).toBe('UNAVAILABLE')
    expect(res.error.details.nodeError.code).toBe('NODE_DISCONNECTED')
    const after = await admin.request('node.invoke', invokeParams(node.nodeId, 'canvas.read'))
    expect(after.error.details).toMatchObject({ code: 'NOT_CONNECTED', nodeCommandDispatched: false })
  })

  test('refuses undeclared and exec-approval commands before they reach the node', async () => {
    const undeclared = await admin.request('node.invoke', invokeParams(node.nodeId, 'camera.snap'))
    expect(undeclared.error.details.reason).toBe('command-not-declared')
    const execApprovals = await admin.request('node.invoke', invokeParams(node.nodeId, 'system.execApprovals.get'))
    expect(execApprovals.error.details.reason).toBe('use-exec-approvals')
    // A round trip on the node's socket: a request sent to it before would have arrived first.
    await node.client.request('node.event', { event: 'fence' })
    expect(node.client.frames.some((f) => f.event === 'node.invoke.request')).toBe(false)
  })

  test('system.run needs operator.admin; system.which needs operator.write', async () => {
    serveInvokes(node, () => ({ done: true }))
    const writer = await connectOperator(gw, ['operator.write'])
    const run = await writer.request('node.invoke', invokeParams(node.nodeId, 'system.run', { params: { command: ['true'] } }))
    expect(run.error.code).toBe('FORBIDDEN')
    expect(run.error.details.code).toBe('MISSING_SCOPE')
    expect((await writer.call('node.invoke', invokeParams(node.nodeId, 'system.which'))).ok).toBe(true)
  })

  test('a result naming another node is refused', async () => {
    const res = await node.client.request('node.invoke.result', { id: 'x', nodeId: 'someone-else', ok: true })
    expect(res.error.details.code).toBe('NODE_ID_MISMATCH')
    const fromOperator = await admin.request('node.invoke.result', { id: 'x', nodeId: node.nodeId, ok: true })
    expect(fromOperator.error.code).toBe('INVALID_REQUEST')
  })
})

describe('node.event and presence', () => {
  test('host stats reach read-scoped operators and node.list; unknown events are acknowledged', async () => {
    const stats = { cpuCount: 2, loadAverage: [0.5, 0.4, 0.3], memoryTotalBytes: 100, memoryFreeBytes: 50 }
    const res = await node.client.call('node.event', { event: 'node.host.stats', payloadJSON: JSON.stringify(stats) })
    expect(res).toEqual({ ok: true, event: 'node.host.stats', handled: true, reason: 'updated' })
    const event = await admin.event('node.hostStats')
    expect(event.payload).toMatchObject({ nodeId: node.nodeId, hostStats: stats })
    expect((await admin.call('node.describe', { nodeId: node.nodeId })).hostStats).toMatchObject(stats)
    const bad = await node.client.call('node.event', { event: 'node.host.stats', payload: { cpuCount: 0 } })
    expect(bad).toMatchObject({ handled: false, reason: 'invalid_payload' })
    expect(await node.client.call('node.event', { event: 'something.new', payload: {} })).toEqual({ ok: true })
  })

  test('connect and disconnect are published as node.presence', async () => {
    const other = await connectNode(gw)
    const connected = await admin.waitFor((f) => f.event === 'node.presence' && f.payload.nodeId === other.nodeId)
    expect(connected.payload).toMatchObject({ connected: true, lastSeenReason: 'connect' })
    other.client.close()
    const gone = await admin.waitFor((f) => f.event === 'node.presence' && f.payload.nodeId === other.nodeId && !f.payload.connected)
    expect(gone.payload.lastSeenReason).toBe('disconnect')
  })
})
